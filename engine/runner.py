"""`audit run`: audit a folder and write every registered output into OUT, all of them or none.

The runner knows outputs only through the `Output` protocol and the registry: it checks OUT for
their targets before any work, feeds each writer its parts in input order as they arrive, and
moves the staged files into place once every writer has finished.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .batch import Job, Settings, Summary, discover, plan, run_jobs
from .config import build_ruleset
from .findings import SEVERITIES
from .outputs import registry
from .outputs.protocol import Output, Run, Skipped, Writer
from .outputs.staging import Refused, Staging, check_out
from .outputs.terminal import summary

if TYPE_CHECKING:
    from tqdm import tqdm

PROGRESS_MIN_FILES = 20


class UsageError(Exception):
    pass


def run(folder: Path, out: Path, rule_dirs: list[Path], config: Path | None, jobs: int | None,
        fail_on: str, quiet: bool, outputs: Sequence[Output] | None = None, default_rules: bool = True) -> int:
    """Audit `folder` into `out`; the exit code. `outputs` defaults to the registry's."""
    outputs = tuple(registry.OUTPUTS if outputs is None else outputs)
    targets = [t for o in outputs for t in o.targets]
    if not folder.exists():
        raise UsageError(f"{folder}: 文件夹不存在。")
    try:
        check_out(out, targets, folder)  # before any work, and writing nothing
        cwd = Path.cwd()
        ruleset = build_ruleset(config, rule_dirs, cwd, default_rules)  # bad rules stop here, before any work
        files, skipped = discover(folder, out)
        if not files:
            why = f"（跳过了 {len(skipped)} 个非报告文件）" if skipped else ""
            raise UsageError(f"{folder}: 文件夹中没有可审核的文件{why}。")
        jobs_list = plan(folder, files)
        run_info = Run(ruleset, tuple(Skipped(p.as_posix(), why) for p, why in skipped), ruleset.note)
        with Staging(out, targets) as staging:
            settings = Settings(str(config) if config else None, tuple(str(d) for d in rule_dirs), str(cwd),
                                str(staging.new), outputs, default_rules)
            summaries = _audit(jobs_list, settings, run_info, jobs or os.cpu_count() or 1, quiet)
            staging.commit()
    except Refused as exc:
        raise UsageError(str(exc)) from None
    if not quiet:
        sys.stdout.write(summary(summaries, out, [t.shown for t in targets], run_info))
    return exit_code(summaries, fail_on)


def _audit(jobs_list: list[Job], settings: Settings, run_info: Run, processes: int, quiet: bool) -> list[Summary]:
    """Run every job, handing each output's writer its parts in input order; finish the writers."""
    writers: list[Writer] = []
    bar = _progress(len(jobs_list), quiet)
    done_iter = run_jobs(jobs_list, settings, processes)
    try:
        for output in settings.outputs:
            writers.append(output.writer(Path(settings.staging), run_info))
        summaries = []
        for done in done_iter:
            for writer, part in zip(writers, done.parts, strict=True):
                writer.add(part)
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
        if bar:
            bar.close()
    return summaries


def exit_code(summaries: Iterable[Summary], fail_on: str) -> int:
    if fail_on == "never":
        return 0
    worst = SEVERITIES[: SEVERITIES.index(fail_on) + 1]
    return 1 if any(s.counts.get(level) for s in summaries for level in worst) else 0


def _progress(total: int, quiet: bool) -> tqdm | None:
    if quiet or total < PROGRESS_MIN_FILES or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="份", desc="审核", file=sys.stderr)
