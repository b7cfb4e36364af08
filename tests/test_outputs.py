"""Outputs as plug-ins: each registered output keeps the protocol, an output added through the
registry or a parameter is written with no change to batch.py or runner.py, and a failing or
interrupted run leaves OUT exactly as it was."""

import dataclasses
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pydantic import BaseModel

from engine.batch import audit_file, plan
from engine.config import build_ruleset
from engine.outputs import registry
from engine.outputs.protocol import Audited, Output, Run, Target, Writer
from engine.outputs.staging import STAGING
from engine.runner import run
from tests.samples import ROOT, SAMPLES

PLAIN = (str, int, float, bool, type(None))


class PathsInOrder:
    """A fake output: one line per input, in the order the writer receives the parts."""

    targets = (Target("order.txt"),)

    def part(self, audited: Audited) -> str:
        return f"{audited.job.index} {audited.job.path} {audited.result.counts.get('error', 0)}"

    def writer(self, staging, run):
        return _LinesWriter(staging / "order.txt")


class _LinesWriter:
    def __init__(self, path):
        self.path, self.lines = path, []

    def add(self, part):
        self.lines.append(part)

    def finish(self):
        self.path.write_text("".join(line + "\n" for line in self.lines), encoding="utf-8")

    def abandon(self):
        pass


class Failing:
    """A fake output that fails where it is told to: in the worker's part, or in the writer's add
    or finish; with `interrupt`, as Ctrl-C would."""

    targets = (Target("never.txt"),)

    def __init__(self, where: str, interrupt: bool = False):
        self.where, self.interrupt = where, interrupt

    def fail(self, where):
        if where == self.where:
            raise KeyboardInterrupt if self.interrupt else RuntimeError(f"fails in {where}")

    def part(self, audited):
        self.fail("part")

    def writer(self, staging, run):
        return _FailingWriter(self, staging)


class _FailingWriter:
    def __init__(self, output, staging):
        self.output, self.staging = output, staging

    def add(self, part):
        self.output.fail("add")

    def finish(self):
        (self.staging / "never.txt").write_text("half", encoding="utf-8")
        self.output.fail("finish")

    def abandon(self):
        pass


class Stall:
    """A fake output whose writer, on the first part, leaves a mark and waits to be interrupted."""

    targets = (Target("stall.txt"),)

    def __init__(self, mark: str):
        self.mark = mark

    def part(self, audited):
        return None

    def writer(self, staging, run):
        return _StallWriter(self.mark)


class _StallWriter:
    def __init__(self, mark):
        self.mark = mark

    def add(self, part):
        Path(self.mark).write_text("waiting", encoding="utf-8")
        for _ in range(1200):  # short sleeps: a signal is acted on between them
            time.sleep(0.1)

    def finish(self):
        pass

    def abandon(self):
        pass


def snapshot(folder: Path) -> dict:
    """Every entry under `folder`, hidden ones included: bytes and modification time of files."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def audit_run(out, outputs=None, jobs=1, folder=SAMPLES, quiet=True):
    return run(folder, out, [], None, jobs, "never", quiet, outputs=outputs)


@pytest.fixture(scope="module")
def audited_samples(tmp_path_factory):
    """The samples and an unreadable file, audited as a worker would, with a staging folder."""
    folder = tmp_path_factory.mktemp("in")
    for p in SAMPLES.iterdir():
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    ruleset = build_ruleset(None, None, ROOT)
    items = []
    for job in plan(folder, sorted(folder.iterdir())):
        result, report = audit_file(job, ruleset)
        items.append((job, result, report))
    return items, ruleset


def plain(value) -> bool:
    if isinstance(value, PLAIN):
        return True
    if isinstance(value, (tuple, list)):
        return all(plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return all(plain(getattr(value, f.name)) for f in dataclasses.fields(value))
    return False


@pytest.mark.parametrize("output", registry.OUTPUTS, ids=lambda o: type(o).__name__)
def test_each_output_keeps_the_protocol(output, audited_samples, tmp_path):
    items, ruleset = audited_samples
    assert isinstance(output, Output)
    assert output.targets and all(isinstance(t, Target) for t in output.targets)
    assert type(pickle.loads(pickle.dumps(output))) is type(output)  # workers receive it
    staging = tmp_path / "staging"
    staging.mkdir()
    writer = output.writer(staging, Run(ruleset))
    assert isinstance(writer, Writer)
    for job, result, report in items:
        part = output.part(Audited(job, result, report, ruleset, staging))
        assert plain(part), f"{type(output).__name__}'s part is not plain data: {type(part)}"
        assert not isinstance(part, BaseModel)
        assert pickle.loads(pickle.dumps(part)) == part
        writer.add(part)
    writer.finish()
    # It writes its targets and nothing else, each of the declared kind; per-input files may also go
    # into another output's folder target, with that folder's endings (index.html's pages in reports/).
    shared = {t.name: t for o in registry.OUTPUTS if o is not output for t in o.targets if t.folder}
    extra = sorted(p.name for p in staging.iterdir() if p.name not in {t.name for t in output.targets})
    assert all(name in shared and all(f.name.endswith(shared[name].suffixes) for f in (staging / name).rglob("*"))
               for name in extra), extra
    assert {p.name for p in staging.iterdir()} >= {t.name for t in output.targets}
    for t in output.targets:
        path = staging / t.name
        assert path.is_dir() if t.folder else path.is_file() and path.stat().st_size > 0
        if t.folder:
            written = [p for p in path.rglob("*")]
            assert written and all(p.name.endswith(t.suffixes) for p in written)


def test_no_two_outputs_write_the_same_target():
    names = [t.name for o in registry.OUTPUTS for t in o.targets]
    assert len(names) == len(set(names))
    assert names == ["findings.json", "findings.sarif", "checklist.md", "checklist.xlsx", "reports", "index.html"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_output_passed_to_the_run_is_written_with_the_others(tmp_path, jobs):
    out = tmp_path / "out"
    assert audit_run(out, registry.OUTPUTS + (PathsInOrder(),), jobs=jobs) == 0
    lines = (out / "order.txt").read_text(encoding="utf-8").splitlines()
    assert [line.split()[:2] for line in lines] == [[str(i), p.as_posix()] for i, p in
                                                   enumerate(sorted(SAMPLES.iterdir()))]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["findings.json", "findings.sarif", "checklist.md", "checklist.xlsx", "reports", "index.html", "order.txt"])


def test_an_output_added_to_the_registry_is_written_and_named_in_the_summary(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(registry, "OUTPUTS", registry.OUTPUTS + (PathsInOrder(),))
    out = tmp_path / "out"
    audit_run(out, jobs=2, quiet=False)
    assert len((out / "order.txt").read_text(encoding="utf-8").splitlines()) == 5
    assert ("（findings.json、findings.sarif、checklist.md、checklist.xlsx、reports/、index.html、order.txt）"
            in capsys.readouterr().out)


@pytest.mark.parametrize("where, jobs, interrupt", [
    ("finish", 1, False),  # every other output complete in staging: the case of issue 17
    ("add", 1, False),
    ("part", 1, False),
    ("part", 2, False),  # raised in a worker process
    ("add", 2, True),  # Ctrl-C
])
def test_a_failing_output_leaves_out_exactly_as_it_was(tmp_path, where, jobs, interrupt):
    out = tmp_path / "out"
    audit_run(out, folder=SAMPLES)
    (out / "notes.docx").write_bytes(b"the reviewer's own file, beside the outputs")
    before = snapshot(out)
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text(next(SAMPLES.glob("003_*")).read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(KeyboardInterrupt if interrupt else RuntimeError):
        audit_run(out, registry.OUTPUTS + (Failing(where, interrupt),), jobs=jobs, folder=other)
    assert snapshot(out) == before
    assert not (out / STAGING).exists()


def test_a_failure_while_moving_into_place_puts_the_old_outputs_back(tmp_path, monkeypatch):
    out = tmp_path / "out"
    audit_run(out)
    before = snapshot(out)
    rename, failed = os.rename, []

    def full_disk_at_the_workbook(src, dst):
        if Path(dst) == out / "checklist.xlsx" and not failed:
            failed.append(src)  # once: putting the old workbook back works
            raise OSError(28, "No space left on device")
        rename(src, dst)

    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_bytes(next(SAMPLES.glob("003_*")).read_bytes())  # every output would differ
    monkeypatch.setattr(os, "rename", full_disk_at_the_workbook)
    with pytest.raises(OSError, match="No space"):
        audit_run(out, folder=other)
    assert snapshot(out) == before
    assert not (out / STAGING).exists()


def test_a_failing_run_into_a_new_folder_creates_nothing(tmp_path):
    out = tmp_path / "new" / "deeper" / "out"
    with pytest.raises(RuntimeError):
        audit_run(out, registry.OUTPUTS + (Failing("finish"),))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("sig, code", [(signal.SIGTERM, 143), (signal.SIGINT, None)])
def test_an_interrupted_run_leaves_no_staging_folder(tmp_path, sig, code):
    out, mark = tmp_path / "out", tmp_path / "mark"
    audit_run(out)
    before = snapshot(out)
    # The run hears Ctrl-C as from a terminal even when started with SIGINT ignored, as a shell without
    # job control starts a background job (`make test &`: seen to leave this run deaf to the signal).
    script = ("import sys, signal, faulthandler; signal.signal(signal.SIGINT, signal.default_int_handler); "
              "faulthandler.dump_traceback_later(45); "  # where a hang hangs
              "from engine.outputs import registry; from tests.test_outputs import Stall; "
              "registry.OUTPUTS += (Stall(sys.argv[1]),); from engine.cli import main; sys.exit(main(sys.argv[2:]))")
    # stderr to a file: an unread pipe that fills up would stop the run, not the signal
    errors = (tmp_path / "stderr.txt").open("w+", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-c", script, str(mark), "run", "reports_in", "--out", str(out),
                             "--jobs", "2", "--quiet"], cwd=ROOT, stderr=errors, text=True)
    try:
        deadline = time.monotonic() + 60
        while not mark.exists():
            assert proc.poll() is None, (tmp_path / "stderr.txt").read_text(encoding="utf-8")
            assert time.monotonic() < deadline, "the run never reached the stalling output"
            time.sleep(0.02)
        assert (out / STAGING).is_dir()  # caught in the middle of the run
        proc.send_signal(sig)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("the run did not stop:\n" + (tmp_path / "stderr.txt").read_text(encoding="utf-8"))
    finally:
        if proc.poll() is None:
            proc.kill()
        errors.close()
    assert proc.returncode != 0 and (code is None or proc.returncode == code), proc.returncode
    assert snapshot(out) == before
    assert not (out / STAGING).exists()
