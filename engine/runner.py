"""`audit run`: audit a folder and write every registered output into OUT, all of them or none.

The runner knows outputs only through the `Output` protocol and the registry: it checks OUT for
their targets before any work, feeds each writer its parts in input order as they arrive, and
moves the staged files into place once every writer has finished.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .baseline import Baseline, BaselineError, load_baseline, resolved
from .batch import Job, Linking, Map, Settings, Summary, discover, plan, run_batch, workers
from .cache import ParseCache, default_location
from .config import build_ruleset
from .findings import SEVERITIES
from .outputs import registry
from .outputs.protocol import Output, Run, Skipped, Writer
from .outputs.staging import Refused, Staging, check_out
from .outputs.terminal import summary
from .roster import Roster, RosterError, load_roster

if TYPE_CHECKING:
    from tqdm import tqdm

    from .ruleset import RuleSet

PROGRESS_MIN_FILES = 20


class UsageError(Exception):
    pass


@dataclass(frozen=True)
class Comparison:
    """What the run compares its reports with, besides each other."""

    history: tuple[Path, ...] = ()  # folders of earlier years' reports, read but not audited
    roster: Path | None = None  # the units that must report
    year: int | None = None  # the year the roster is checked for (default: the year most inputs report on)
    cache: Path | None = None  # the parse cache (default: cache.default_location()); None with no_cache
    no_cache: bool = False  # parse everything afresh, in a cache of this run only


def run(folder: Path, out: Path, rule_dirs: list[Path], config: Path | None, jobs: int | None,
        fail_on: str, quiet: bool, outputs: Sequence[Output] | None = None, default_rules: bool = True,
        comparison: Comparison = Comparison(), explain_passes: bool = False, baseline: Path | None = None) -> int:
    """Audit `folder` into `out`; the exit code. `outputs` defaults to the registry's; with
    `explain_passes` the reports also show the sentences that satisfied the rules; `baseline` is
    the reviewer's file of accepted findings (engine/baseline.py)."""
    outputs = tuple(registry.OUTPUTS if outputs is None else outputs)
    targets = [t for o in outputs for t in o.targets]
    if not folder.exists():
        raise UsageError(f"{folder}: 文件夹不存在。")
    try:
        check_out(out, targets, folder)  # before any work, and writing nothing
        cwd = Path.cwd()
        ruleset = build_ruleset(config, rule_dirs, cwd, default_rules)  # bad rules stop here, before any work
        roster = _roster(comparison.roster)
        accepted = _baseline(baseline)
        with Staging(out, targets) as staging, _cache(comparison) as cache:
            settings = Settings(str(config) if config else None, tuple(str(d) for d in rule_dirs), str(cwd),
                                str(staging.new), outputs, default_rules, str(cache),
                                scratch_cache=comparison.no_cache, explain_passes=explain_passes,
                                accepted=accepted.notes() if accepted else {})
            # The workers start before the files are listed: they inherit none of the list (batch.workers).
            with workers(settings, jobs or os.cpu_count() or 1) as run_all:
                files, skipped = discover(folder, out)
                if not files:
                    why = f"（跳过了 {len(skipped)} 个非报告文件）" if skipped else ""
                    raise UsageError(f"{folder}: 文件夹中没有可审核的文件{why}。")
                jobs_list = plan(folder, files)
                del files
                history = _history(comparison.history, out, len(jobs_list))
                run_info = Run(ruleset, tuple(Skipped(p.as_posix(), why) for p, why in skipped), ruleset.note,
                               accepted)
                del skipped
                linking = Linking(ruleset, roster, comparison.year)
                summaries, seen = _audit(jobs_list, history, settings, linking, run_info, run_all, quiet)
            staging.commit()
    except Refused as exc:
        raise UsageError(str(exc)) from None
    if not quiet:
        sys.stdout.write(summary(summaries, out, [t.shown for t in targets], run_info))
        if history:
            sys.stdout.write(f"另读取历史报告 {len(history)} 份（只用于跨年度比较，不审核）。\n")
        if accepted is not None:
            sys.stdout.write(baseline_summary(accepted, summaries, ruleset))
    return exit_code(seen, fail_on)


def _baseline(path: Path | None) -> Baseline | None:
    if path is None:
        return None
    try:
        return load_baseline(path)
    except BaselineError as exc:
        raise UsageError("\n".join(exc.problems)) from None


def baseline_summary(baseline: Baseline, summaries: Sequence[Summary], ruleset: RuleSet) -> str:
    """What the baseline did this run: accepted, resolved (已整改), and entries of units not audited."""
    raised = [fp for s in summaries for fp in s.accepted]
    done, unchecked = resolved(baseline, raised, [(s.agency, s.year) for s in summaries if s.status == "audited"])
    lines = [f"已接受的问题（基线文件 {baseline.path}）：本次有 {len(raised)} 项已接受，不计入审核结论和错误、警告数"
             + (f"；已整改 {len(done)} 项（基线中有、本次审核不再出现）" if done else "")
             + (f"；另有 {len(unchecked)} 项所属的单位和年度本次没有审核" if unchecked else "") + "。"]
    for e in done[:20]:
        rule = ruleset.by_id.get(e.rule or "")
        lines.append(f"  已整改：{e.unit or '（未识别单位）'} {e.year or ''} 年度，{rule.title if rule else e.rule}："
                     f"{e.message or ''}")
    if len(done) > 20:
        lines.append(f"  ……等 {len(done)} 项，见 findings.json 的 baseline.resolved")
    return "\n".join(lines) + "\n"


def _roster(path: Path | None) -> Roster | None:
    if path is None:
        return None
    try:
        return load_roster(path)
    except RosterError as exc:
        raise UsageError("名单文件有误：\n" + "\n".join(exc.problems)) from None


def _history(folders: Iterable[Path], out: Path, start: int) -> list[Job]:
    """The files of earlier years' folders, numbered after the inputs."""
    jobs: list[Job] = []
    for folder in folders:
        if not folder.is_dir():
            raise UsageError(f"{folder}: 历史报告文件夹不存在。")
        files, _ = discover(folder, out)
        jobs += plan(folder, files, audited=False, start=start + len(jobs))
    return jobs


@contextmanager
def _cache(comparison: Comparison) -> Iterator[Path]:
    """The parse cache's file; with --no-cache one in a temporary folder, removed at the end (the
    workers still need one place where each finds what another parsed)."""
    if not comparison.no_cache:
        path = comparison.cache or default_location()
        try:
            with closing(ParseCache(path)) as cache:
                cache.prune()
        except (OSError, sqlite3.Error) as exc:
            raise UsageError(f"{path}: 无法使用解析缓存（{exc}）；可用 --no-cache 不使用缓存。") from None
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="audit-cache-") as folder:
        path = Path(folder) / "parsed.sqlite3"
        # Made here, before the workers start: two workers creating a new database at once (its
        # journal mode, its table) may find it locked, and a worker whose start fails breaks the pool.
        with closing(ParseCache(path, scratch=True)):
            pass
        yield path


def _audit(jobs_list: list[Job], history: list[Job], settings: Settings, linking: Linking, run_info: Run,
           run_all: Map, quiet: bool) -> tuple[list[Summary], set[str]]:
    """Run every job, handing each output's writer its parts in input order; finish the writers.
    The reports' summaries for the terminal (none when it is quiet: a run's memory stays flat),
    and the severities any report has."""
    writers: list[Writer] = []
    reading = _progress(len(jobs_list) + len(history), quiet, "读取")
    bar = None
    done_iter = run_batch(jobs_list, history, settings, linking, run_all,
                          on_read=reading.update if reading is not None else None)
    try:
        for output in settings.outputs:
            writers.append(output.writer(Path(settings.staging), run_info))
        summaries: list[Summary] = []
        seen: set[str] = set()
        for done in done_iter:
            if reading is not None:  # the first result: every file has been read
                reading.close()
                reading, bar = None, _progress(len(jobs_list), quiet, "审核")
            for writer, part in zip(writers, done.parts, strict=True):
                writer.add(part)
            seen.update(level for level, n in done.summary.counts.items() if n)
            if not quiet:
                summaries.append(done.summary)
            if bar:
                bar.update(1)
        for writer in writers:
            writer.finish()
    except BaseException:
        for writer in writers:
            writer.abandon()
        raise
    finally:
        done_iter.close()  # stops the workers before the staging folder is removed under them
        for b in (reading, bar):
            if b:
                b.close()
    return summaries, seen


def exit_code(seen: Iterable[str], fail_on: str) -> int:
    """1 when a report has a finding of the `fail_on` severity or a worse one (`seen`: the
    severities found), else 0."""
    if fail_on == "never":
        return 0
    return 1 if set(SEVERITIES[: SEVERITIES.index(fail_on) + 1]) & set(seen) else 0


def _progress(total: int, quiet: bool, what: str) -> tqdm | None:
    if quiet or total < PROGRESS_MIN_FILES or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="份", desc=what, file=sys.stderr)
