"""Audit every file under a folder: parse, run the rules, and build each output's part.

Work is spread over processes; each input's output name is fixed before the work starts and
results are put back in input order, so any number of jobs gives the same output as one. The
worker knows outputs only through the `Output` protocol: it hands each the audited input and
sends back the parts.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import signal
from collections.abc import Generator, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from .config import build_ruleset
from .findings import SEVERITIES, Finding
from .load import Unreadable
from .model import Report
from .outputs.protocol import Audited, Output
from .parse import parse_file
from .ruleset import RuleSet

VERDICTS = ("需退回修改", "建议修改", "通过")


class ReportResult(BaseModel):
    """One input file's entry in findings.json (docs/contract.md, section 2, with fields added)."""

    path: str
    group: str | None
    agency: str | None = None
    year: int | None = None
    layout: str | None = None
    status: Literal["audited", "unreadable"]
    findings: list[Finding] = Field(default_factory=list)
    verdict: str = "通过"
    counts: dict[str, int] = Field(default_factory=dict)
    published: str | None = None
    unit_kind: str | None = None
    tables: list[str] = Field(default_factory=list)  # the statistical tables found
    report: str | None = None  # the Markdown report, relative to the output folder
    text: str | None = None  # for a web page, Word file, PDF, Markdown or a page on one line: the text read
    #                             from it, which line numbers count
    format: str | None = None  # txt | md | html | docx | pdf
    reflowed: bool = False  # the file held a page on one line: `text` is it cut into lines
    sha256: str | None = None


@dataclass(frozen=True)
class Job:
    index: int  # place in the batch
    file: str  # where to read
    path: str  # as shown in the outputs
    group: str | None  # from the folder, if any
    markdown: str  # output name under OUT/reports/


@dataclass(frozen=True)
class Settings:
    config: str | None
    rule_dirs: tuple[str, ...]
    cwd: str
    staging: str  # the staging folder, the future OUT: outputs may write per-report files there
    outputs: tuple[Output, ...]  # sent to the workers: each builds its part of every report
    default_rules: bool = True  # the national rules too (not with --no-default-rules)

    def ruleset(self) -> RuleSet:
        return build_ruleset(Path(self.config) if self.config else None,
                             [Path(d) for d in self.rule_dirs], Path(self.cwd), self.default_rules)


# Files under the input folder that are no reports: skipped, and listed as such.
SYSTEM_FILES = {".ds_store": "系统文件", "thumbs.db": "系统文件", "desktop.ini": "系统文件"}
OUTPUT_MARKERS = ("findings.json", "checklist.md")  # a folder holding both is audit's own output


def skip_reason(path: Path) -> str | None:
    """Why a file is no report to audit, or None."""
    name = path.name
    if name.lower() in SYSTEM_FILES:
        return SYSTEM_FILES[name.lower()]
    if name.startswith("~$"):
        return "Office 临时锁定文件"
    if name.startswith("."):
        return "隐藏文件"
    return None


def discover(root: Path, out: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Every file under `root`, sub-folders included, in a stable order, and the files skipped
    with the reason: system, lock and hidden files, and folders of audit's own outputs (the
    output folder among them, when it lies inside `root`). Folder symlinks are not followed."""
    if root.is_file():
        return [root], []
    out = out.resolve()
    found: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if here != root and (here.resolve() == out or _holds_outputs(here) or here.name.startswith(".")):
            why = "隐藏文件夹" if here.name.startswith(".") else "本工具的输出文件夹"
            skipped += [(here / f, why) for f in files] + [
                (Path(sub) / f, why) for d in dirs for sub, _, fs in os.walk(here / d) for f in fs]
            dirs[:] = []
            continue
        dirs.sort()
        for f in files:
            reason = skip_reason(here / f)
            if reason:
                skipped.append((here / f, reason))
            else:
                found.append(here / f)
    def order(p: Path) -> str:
        return p.relative_to(root).as_posix()
    return sorted(found, key=order), sorted(skipped, key=lambda s: order(s[0]))


def _holds_outputs(folder: Path) -> bool:
    return all((folder / name).exists() for name in OUTPUT_MARKERS)


def plan(root: Path, files: list[Path]) -> list[Job]:
    jobs: list[Job] = []
    taken: set[str] = set()
    for f in files:
        rel = f.relative_to(root) if f != root else Path(f.name)
        group = rel.parts[0] if len(rel.parts) > 1 else None
        shown = (root / rel).as_posix() if f != root else f.as_posix()
        jobs.append(Job(len(jobs), str(f), shown, group, _markdown_name(rel, taken)))
    return jobs


_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*\s]+')


def _markdown_name(rel: Path, taken: set[str]) -> str:
    """A file name for the report that stays inside OUT/reports whatever the input is called."""
    stem = "__".join(_UNSAFE.sub("_", part).strip("._") or "_" for part in rel.parts)
    if len(stem) > 120:
        stem = stem[:100] + "-" + hashlib.sha1(rel.as_posix().encode()).hexdigest()[:8]
    name, n = stem + ".md", 2
    while name.lower() in taken:
        name, n = f"{stem}-{n}.md", n + 1
    taken.add(name.lower())
    return name


@dataclass(frozen=True, slots=True)
class Summary:
    """What the terminal and the exit code need of one report: kept for the whole batch, so it
    stays small (the outputs get everything else through their parts)."""

    path: str
    group: str | None
    agency: str | None
    year: int | None
    layout: str | None
    status: str
    verdict: str
    counts: dict[str, int]


@dataclass(frozen=True, slots=True)
class Done:
    """One audited file: its summary and each output's part, in the order of `Settings.outputs`."""

    summary: Summary
    parts: tuple[Any, ...]


# ------------------------------------------------------------------------------- the work itself

_WORKER: dict = {}


def _init(settings: Settings) -> None:
    _WORKER["settings"] = settings
    _WORKER["ruleset"] = settings.ruleset()
    _WORKER["staging"] = Path(settings.staging)


def _init_worker(settings: Settings) -> None:
    # The parent turns SIGTERM into a clean exit that removes the staging folder; a worker just
    # stops, as before, and leaves that to the parent.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if not logging.getLogger().handlers:  # a spawned worker: the libraries' logging stays silent
        logging.getLogger().addHandler(logging.NullHandler())
    _init(settings)


def audit_job(job: Job) -> Done:
    settings: Settings = _WORKER["settings"]
    ruleset: RuleSet = _WORKER["ruleset"]
    result, report = audit_file(job, ruleset)
    audited = Audited(job, result, report, ruleset, _WORKER["staging"])
    summary = Summary(path=result.path, group=result.group, agency=result.agency, year=result.year,
                      layout=result.layout, status=result.status, verdict=result.verdict, counts=result.counts)
    return Done(summary, tuple(output.part(audited) for output in settings.outputs))


def audit_file(job: Job, ruleset: RuleSet) -> tuple[ReportResult, Report | None]:
    """Parse and audit one file: its findings.json entry and the parsed report (None if unreadable)."""
    report: Report | None
    try:
        report = parse_file(job.file, job.path)
    except Unreadable as exc:
        result = ReportResult(path=job.path, group=job.group, status="unreadable",
                              findings=ruleset.unreadable(exc.reason))
        report = None
    else:
        meta = report.meta
        result = ReportResult(path=job.path, group=job.group or meta.region, agency=meta.agency, year=meta.year,
                              layout=report.layout, status="audited", findings=ruleset.run(report),
                              published=meta.published, unit_kind=meta.unit_kind, tables=list(report.tables),
                              format=report.source.format, sha256=report.source.sha256)
        if report.source.format != "txt" or report.normalisation.reflowed:
            result.text = f"reports/{job.markdown[:-3]}.txt"
            result.reflowed = report.normalisation.reflowed
    result.counts = {s: sum(1 for f in result.findings if f.severity == s) for s in SEVERITIES}
    result.verdict = verdict(result.findings)
    result.report = f"reports/{job.markdown}"
    return result, report


def verdict(findings: Iterable[Finding]) -> str:
    severities = {f.severity for f in findings}
    if "error" in severities:
        return VERDICTS[0]
    if "warning" in severities:
        return VERDICTS[1]
    return VERDICTS[2]


def run_jobs(jobs: list[Job], settings: Settings, processes: int) -> Generator[Done, None, None]:
    """Audit every job; results come in job order whatever the number of processes."""
    if processes <= 1 or len(jobs) < 2:
        _init(settings)
        yield from map(audit_job, jobs)
        return
    chunk = max(1, min(32, len(jobs) // (processes * 8)))
    with ProcessPoolExecutor(processes, initializer=_init_worker, initargs=(settings,)) as pool:
        yield from pool.map(audit_job, jobs, chunksize=chunk)
