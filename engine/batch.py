"""Audit every file under a folder: parse, link the reports, run the rules, build each output's part.

Work is spread over processes; each input's output name is fixed before the work starts and
results are put back in input order, so any number of jobs gives the same output as one. The
worker knows outputs only through the `Output` protocol: it hands each the audited input and
sends back the parts.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import re
import signal
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from .across import Across, Digest, Missing, digest, link
from .baseline import stamp
from .cache import ParseCache
from .config import build_ruleset
from .findings import MISSING_VERDICT, SEVERITIES, VERDICTS, Finding, Pass
from .load import Unreadable, load_bytes, read_bytes
from .model import Report
from .outputs.protocol import Audited, Output
from .parse import parse_file, parse_loaded
from .roster import Roster
from .ruleset import RuleSet


class ReportResult(BaseModel):
    """One input file's entry in findings.json (docs/contract.md, section 2, with fields added)."""

    path: str | None  # None for a unit of the roster that sent no report
    group: str | None
    agency: str | None = None
    year: int | None = None
    layout: str | None = None
    status: Literal["audited", "unreadable", "missing"]
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
    previous: str | None = None  # the same unit's report of the year before, compared with this one
    roster_unit: str | None = None  # the unit as the roster names it (audit run --roster)
    passes: list[Pass] | None = None  # with --explain-passes: what satisfied the rules that can show it
    accepted: int = 0  # findings the baseline accepts (audit run --baseline): in `findings`, not in `counts`


@dataclass(frozen=True, slots=True)  # one per file, kept for the whole run: small
class Job:
    index: int  # place in the batch
    file: str  # where to read
    path: str  # as shown in the outputs
    group: str | None  # from the folder, if any
    markdown: str  # output name under OUT/reports/
    audited: bool = True  # False: an earlier year's file given as history, read but not audited


@dataclass(frozen=True)
class Settings:
    config: str | None
    rule_dirs: tuple[str, ...]
    cwd: str
    staging: str  # the staging folder, the future OUT: outputs may write per-report files there
    outputs: tuple[Output, ...]  # sent to the workers: each builds its part of every report
    default_rules: bool = True  # the national rules too (not with --no-default-rules)
    cache: str = ""  # the parse cache's SQLite file (engine/cache.py)
    scratch_cache: bool = False  # the cache is this run's own (--no-cache)
    explain_passes: bool = False  # keep the sentences that satisfied the rules (--explain-passes)
    accepted: dict[str, str | None] = field(default_factory=dict)  # the baseline: fingerprint -> reviewer's note

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


def plan(root: Path, files: list[Path], audited: bool = True, start: int = 0) -> list[Job]:
    jobs: list[Job] = []
    taken: set[str] = set()
    for f in files:
        rel = f.relative_to(root) if f != root else Path(f.name)
        group = rel.parts[0] if len(rel.parts) > 1 else None
        shown = (root / rel).as_posix() if f != root else f.as_posix()
        jobs.append(Job(start + len(jobs), str(f), shown, group, _markdown_name(rel, taken), audited))
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

    path: str | None
    group: str | None
    agency: str | None
    year: int | None
    layout: str | None
    status: str
    verdict: str
    counts: dict[str, int]
    accepted: tuple[str, ...] = ()  # fingerprints of the findings the baseline accepts


@dataclass(frozen=True, slots=True)
class Done:
    """One audited file: its summary and each output's part, in the order of `Settings.outputs`."""

    summary: Summary
    parts: tuple[Any, ...]


# ------------------------------------------------------------------------------- the work itself
#
# Two passes over the files, on the same workers. The first reads each file (through the parse
# cache) into a small `Digest`; the parent links the digests (engine/across.py): last year's report,
# copies, duplicates, the roster. The second takes each input with what concerns it, runs the
# rules and builds the outputs' parts; the parsed reports come from the cache, not from the parent.


@dataclass(frozen=True, slots=True)
class Read:
    """The first pass's answer for one file."""

    digest: Digest
    key: str | None  # where the cache keeps its parse; None when its bytes could not be read
    reason: str | None = None  # why it cannot be audited


@dataclass(frozen=True, slots=True)
class Task:
    """The second pass's work for one input: the file, and what the other files say about it."""

    job: Job
    key: str | None  # where the cache keeps its parse (the first pass's Read, without its digest:
    reason: str | None  # the digests' prose is let go once the files are linked)
    across: Across | None = None
    previous: str | None = None  # the cache key of the same unit's report of the year before


_WORKER: dict = {}


def _init(settings: Settings) -> None:
    _WORKER["settings"] = settings
    _WORKER["ruleset"] = ruleset = settings.ruleset()
    _WORKER["staging"] = Path(settings.staging)
    _WORKER["cache"] = ParseCache(Path(settings.cache), settings.scratch_cache)
    copies = ruleset.copy_params()
    _WORKER["prose"] = copies.sections if copies else ()


def _init_worker(settings: Settings, processes: int) -> None:
    # The parent turns SIGTERM into a clean exit that removes the staging folder; a worker just
    # stops, as before, and leaves that to the parent.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from .containers.ocr import use_threads

    use_threads((os.cpu_count() or 1) // processes)  # the workers share the cores, OCR's threads too
    if not logging.getLogger().handlers:  # a spawned worker: the libraries' logging stays silent
        logging.getLogger().addHandler(logging.NullHandler())
    _init(settings)


def read_job(job: Job) -> Read:
    """Pass one: parse the file, or find it parsed in the cache, and digest it."""
    cache: ParseCache = _WORKER["cache"]
    try:
        data = read_bytes(job.file)
    except Unreadable as exc:
        return Read(digest(None, job.path, job.audited, job.group), None, exc.reason)
    key = cache_key(data, job.file)
    parsed = cache.get(key)
    if parsed is None:
        try:
            parsed = parse_loaded(load_bytes(data, job.file), job.path)
        except Unreadable as exc:
            parsed = exc.reason
        cache.put(key, parsed)
    if isinstance(parsed, str):
        return Read(digest(None, job.path, job.audited, job.group), key, parsed)
    return Read(digest(parsed, job.path, job.audited, job.group, _WORKER["prose"]), key)


def cache_key(data: bytes, name: str) -> str:
    """The file's content and its ending: the ending can decide how it is read (.md, .txt)."""
    return f"{hashlib.sha256(data).hexdigest()}{Path(name).suffix.lower()}"


def audit_task(task: Task) -> Done:
    """Pass two: run the rules on one input and build each output's part."""
    settings: Settings = _WORKER["settings"]
    ruleset: RuleSet = _WORKER["ruleset"]
    parsed = _from_cache(task.key, task.job.path) if task.reason is None else task.reason
    previous = _from_cache(task.previous, task.across.previous if task.across else None) if task.previous else None
    result, report = audit_parsed(task.job, parsed, ruleset, task.across,
                                  previous if isinstance(previous, Report) else None, settings.explain_passes,
                                  settings.accepted)
    audited = Audited(task.job, result, report, ruleset, _WORKER["staging"])
    return Done(_summary(result), tuple(output.part(audited) for output in settings.outputs))


def _from_cache(key: str | None, path: str | None) -> Report | str:
    """A parse the first pass left in the cache, shown under `path` (one content may sit at two paths)."""
    value = _WORKER["cache"].get(key) if key else None
    if value is None:  # the cache file was removed under the run
        return "读取过程中解析缓存丢失，请重新运行。"
    if isinstance(value, Report) and path is not None:
        value.source = value.source.model_copy(update={"path": path})
    return value


def _summary(result: ReportResult) -> Summary:
    return Summary(path=result.path, group=result.group, agency=result.agency, year=result.year,
                   layout=result.layout, status=result.status, verdict=result.verdict, counts=result.counts,
                   accepted=tuple(f.fingerprint for f in result.findings if f.accepted and f.fingerprint))


def audit_file(job: Job, ruleset: RuleSet) -> tuple[ReportResult, Report | None]:
    """Parse and audit one file on its own (no other reports): its findings.json entry and the
    parsed report (None if unreadable)."""
    try:
        parsed: Report | str = parse_file(job.file, job.path)
    except Unreadable as exc:
        parsed = exc.reason
    return audit_parsed(job, parsed, ruleset)


def audit_parsed(job: Job, parsed: Report | str, ruleset: RuleSet, across: Across | None = None,
                 previous: Report | None = None, explain_passes: bool = False,
                 accepted: dict[str, str | None] | None = None) -> tuple[ReportResult, Report | None]:
    """Audit one parsed file (a str: why it is unreadable): its findings.json entry and the report;
    `accepted` is the reviewer's baseline (fingerprint -> note)."""
    report: Report | None
    if isinstance(parsed, str):
        result = ReportResult(path=job.path, group=job.group, status="unreadable",
                              findings=ruleset.unreadable(parsed))
        report = None
    else:
        report = parsed
        if across and across.roster_kind and across.roster_kind != report.meta.unit_kind:
            # The roster knows the unit's type better than its name does (it sets the deadline).
            report.meta = report.meta.model_copy(update={"unit_kind": across.roster_kind})
        meta = report.meta
        passes: list[Pass] | None = [] if explain_passes else None
        result = ReportResult(path=job.path, group=job.group or meta.region, agency=meta.agency, year=meta.year,
                              layout=report.layout, status="audited",
                              findings=ruleset.run(report, across, previous, passes), passes=passes,
                              published=meta.published, unit_kind=meta.unit_kind, tables=list(report.tables),
                              format=report.source.format, sha256=report.source.sha256,
                              previous=across.previous if across else None,
                              roster_unit=across.roster_unit if across else None)
        if report.source.format != "txt" or report.normalisation.reflowed:
            result.text = f"reports/{job.markdown[:-3]}.txt"
            result.reflowed = report.normalisation.reflowed
    _conclude(result, accepted or {})
    result.report = f"reports/{job.markdown}"
    return result, report


def _conclude(result: ReportResult, accepted: dict[str, str | None]) -> None:
    """Fingerprints, the baseline's acceptances, the counts and the verdict: accepted findings
    stay in the entry and count for neither."""
    stamp(result, accepted)
    counted = [f for f in result.findings if not f.accepted]
    result.counts = {s: sum(1 for f in counted if f.severity == s) for s in SEVERITIES}
    result.verdict = MISSING_VERDICT if result.status == "missing" else verdict(counted)


def missing_done(missing: Missing, index: int, ruleset: RuleSet, outputs: Iterable[Output], staging: Path,
                 accepted: dict[str, str | None] | None = None) -> Done:
    """A unit of the roster that sent no report: an entry of its own, built in the parent."""
    result = ReportResult(path=None, group=missing.group, agency=missing.unit, year=missing.year, status="missing",
                          findings=ruleset.missing(missing), unit_kind=missing.kind, roster_unit=missing.unit)
    _conclude(result, accepted or {})
    job = Job(index, "", "", missing.group, "")
    audited = Audited(job, result, None, ruleset, staging)
    return Done(_summary(result), tuple(output.part(audited) for output in outputs))


def verdict(findings: Iterable[Finding]) -> str:
    severities = {f.severity for f in findings}
    if "error" in severities:
        return VERDICTS[0]
    if "warning" in severities:
        return VERDICTS[1]
    return VERDICTS[2]


@dataclass(frozen=True)
class Linking:
    """What the parent links the files with, between the passes."""

    ruleset: RuleSet
    roster: Roster | None = None
    year: int | None = None  # the year the roster is checked for; default: the year most inputs report on


Map = Callable[[Callable, Iterable, int], Iterator]  # (function, items, how many) -> results in order


def run_batch(jobs: list[Job], history: list[Job], settings: Settings, linking: Linking, run_all: Map,
              on_read: Callable[[], None] | None = None) -> Generator[Done, None, None]:
    """Audit every job (with `history`, earlier years' files read but not audited) on the run's
    workers (`workers`): results come in job order whatever the number of processes, then the
    roster's units that sent nothing."""
    everything = jobs + history
    reads = []
    for read in run_all(read_job, everything, len(everything)):
        reads.append(read)
        if on_read:
            on_read()
    copies = linking.ruleset.copy_params()
    across, missing = link([r.digest for r in reads], linking.roster, copies, linking.year)
    keys = {r.digest.path: r.key for r in reads}
    found = [(r.key, r.reason) for r in reads[:len(jobs)]]
    del reads  # the digests' prose is no longer needed

    def tasks() -> Iterator[Task]:  # made as the workers take them
        for job, (key, reason) in zip(jobs, found, strict=True):
            a = across.get(job.path)
            yield Task(job, key, reason, a, keys.get(a.previous) if a and a.previous else None)
    yield from run_all(audit_task, tasks(), len(jobs))
    staging = Path(settings.staging)
    for i, m in enumerate(missing, start=len(jobs)):
        yield missing_done(m, i, linking.ruleset, settings.outputs, staging, settings.accepted)


IN_FLIGHT = 1024


def _ordered(pool: ProcessPoolExecutor, fn: Callable, items: Iterable, chunk: int, ahead: int) -> Iterator:
    """`pool.map` in input order, with at most `ahead` chunks given out and not yet taken back:
    `Executor.map` submits every item at once, so a run's memory would grow with the corpus
    (every task and every result not yet written waits in the parent)."""
    pending: deque[Future] = deque()
    pieces = iter(items)
    while True:
        while len(pending) < ahead:
            batch = list(islice(pieces, chunk))
            if not batch:
                break
            pending.append(pool.submit(_each, fn, batch))
        if not pending:
            return
        yield from pending.popleft().result()


def _each(fn: Callable, batch: list) -> list:
    return [fn(item) for item in batch]


@contextmanager
def workers(settings: Settings, processes: int) -> Iterator[Map]:
    """The run's workers, as a `map` in input order: this process, or a pool that serves both passes.

    The pool is started at once, before the run lists its files. Forked workers share the memory of
    the process they were forked from until either writes to it, and a worker's own allocations
    land in the free room of the pages it inherited, copying each into the worker: forked after the
    file list was made, each worker came to hold a copy of a heap that grows with the corpus (about
    0.7 KB a file per worker; 47 MB against 36 MB at 20,000 files against 5,000)."""
    if processes <= 1:
        _init(settings)
        yield lambda fn, items, count: map(fn, items)
        return
    pool = ProcessPoolExecutor(processes, initializer=_init_worker, initargs=(settings, processes))
    # The cyclic garbage collector would write to every object it walks, copying the inherited
    # pages into each worker: what exists now is left out of its walks.
    gc.freeze()
    try:
        pool.submit(int)  # a forking pool starts all its workers with its first task: now

        def run_all(fn: Callable, items: Iterable, count: int) -> Iterator:
            chunk = max(1, min(32, count // (processes * 8)))
            # At most about IN_FLIGHT files handed out ahead of the one awaited: enough that a slow
            # file (a scan read with OCR) does not leave the other workers idle, few enough for flat memory.
            return _ordered(pool, fn, items, chunk, max(processes * 4, IN_FLIGHT // chunk))
        yield run_all
    except BaseException:  # interrupted, or a writer failed: the reports not yet begun are not waited for
        # (the workers finish the one in hand: one killed while sending its result would leave the
        # pool's reader waiting for the rest of the message)
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        gc.unfreeze()
    pool.shutdown(wait=True)
