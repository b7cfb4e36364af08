"""`audit run`: audit a folder and write every output."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .batch import Settings, discover, plan, run_jobs
from .config import build_ruleset
from .findings import SEVERITIES
from .outputs import write_atomic
from .outputs.checklist import checklist_md, checklist_xlsx
from .outputs.findings_json import FindingsJson
from .outputs.sarif import SarifLog
from .outputs.terminal import summary

PROGRESS_MIN_FILES = 20


class UsageError(Exception):
    pass


def run(folder: Path, out: Path, rule_dirs: list[Path], config: Path | None, jobs: int | None,
        fail_on: str, quiet: bool) -> int:
    if not folder.exists():
        raise UsageError(f"{folder}: 文件夹不存在。")
    cwd = Path.cwd()
    ruleset = build_ruleset(config, rule_dirs or None, cwd)  # bad rules stop here, before any work
    files = discover(folder, out)
    jobs_list = plan(folder, files)
    staging = out / ".reports.new"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    settings = Settings(str(config) if config else None, tuple(str(d) for d in rule_dirs), str(cwd), str(staging))
    processes = jobs or os.cpu_count() or 1
    bar = _progress(len(jobs_list), quiet)
    findings = FindingsJson(out / "findings.json")
    log = SarifLog(out / "findings.sarif", ruleset)
    summaries = []
    try:
        for done in run_jobs(jobs_list, settings, processes):
            findings.add(done.json)
            log.add(done.sarif, done.artifact)
            summaries.append(done.summary)
            if bar:
                bar.update(1)
    except BaseException:
        findings.file.abandon()
        log.file.abandon()
        raise
    finally:
        if bar:
            bar.close()
    findings.close()
    log.close()
    _swap(staging, out / "reports")
    write_atomic(out / "checklist.md", checklist_md(summaries))
    write_atomic(out / "checklist.xlsx", checklist_xlsx(summaries))
    if not quiet:
        sys.stdout.write(summary(summaries, out))
    return exit_code(summaries, fail_on)


def exit_code(summaries, fail_on: str) -> int:
    if fail_on == "never":
        return 0
    worst = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
    return 1 if any(s.counts.get(level) for s in summaries for level in worst) else 0


def _swap(staging: Path, reports: Path) -> None:
    """Replace the previous run's reports with this run's, so no stale report is left behind."""
    if reports.exists():
        if any(p.suffix not in (".md", ".txt") for p in reports.rglob("*") if p.is_file()):
            raise UsageError(f"{reports} 中有不是本工具生成的文件，未覆盖；请换一个输出目录。")
        shutil.rmtree(reports)
    staging.rename(reports)


def _progress(total: int, quiet: bool):
    if quiet or total < PROGRESS_MIN_FILES or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="份", desc="审核", file=sys.stderr)
