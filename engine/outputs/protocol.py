"""The shape every output of `audit run` has, so that adding one is adding one registry entry.

An output works in two halves. In the worker, `part` turns one audited input into plain data
(strings, numbers, tuples, dicts, small dataclasses: never the parsed model, which would be slow
to send between processes). In the parent, a `Writer` receives those parts in input order and
writes the output's files under a staging folder; the runner moves everything into OUT only when
every writer has finished, so OUT gets all of this run's outputs or none of them.

An output that writes one file per input may write it from `part`, under its own target in
`Audited.staging` (workers write in parallel and nothing large crosses the process boundary);
such files reach OUT with the rest, at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar, runtime_checkable

if TYPE_CHECKING:
    from ..baseline import Baseline
    from ..batch import Job, ReportResult
    from ..model import Report
    from ..ruleset import RuleSet

P = TypeVar("P")
P_contra = TypeVar("P_contra", contravariant=True)


@dataclass(frozen=True)
class Target:
    """A file or folder directly under OUT that an output replaces on every run."""

    name: str  # "findings.json", or "reports" for a folder
    folder: bool = False
    # A folder is replaced whole, so it may only hold what audit writes there: files with these
    # endings. Anything else means someone else's files, and the run is refused before any work.
    suffixes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.name or "/" in self.name or "\\" in self.name or self.name.startswith("."):
            raise ValueError(f"an output target is a plain name directly under OUT, not {self.name!r}")

    @property
    def shown(self) -> str:
        return self.name + "/" if self.folder else self.name


@dataclass(frozen=True)
class Audited:
    """One input after parsing and the rules, as the worker holds it: what a part is built from."""

    job: Job  # index in the batch, path as shown, group, name of its Markdown report
    result: ReportResult  # its findings.json entry
    report: Report | None  # the parsed model; None when the file could not be read
    ruleset: RuleSet
    staging: Path  # the run's staging folder: the future OUT


@dataclass(frozen=True)
class Skipped:
    """A file under the input folder that is no report (a system or lock file, audit's own output)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Run:
    """What a writer knows of the whole run, besides the parts."""

    ruleset: RuleSet
    skipped: tuple[Skipped, ...] = ()
    rules_note: str = ""  # which rule set ran, where it is not the default (--no-default-rules)
    baseline: Baseline | None = None  # the reviewer's accepted findings (audit run --baseline)


@runtime_checkable
class Writer(Protocol[P_contra]):
    """The parent's half of an output; one per run."""

    def add(self, part: P_contra) -> None:
        """Take one input's part; parts arrive in input order, whatever the number of processes."""

    def finish(self) -> None:
        """Write what is left, so that every target exists under the staging folder."""

    def abandon(self) -> None:
        """Let go of open files after a failure; the staging folder is then removed whole."""


@runtime_checkable
class Output(Protocol[P]):
    """One thing `audit run` writes under OUT. Instances are sent to the workers, so they must
    pickle: a module-level class with little or no state."""

    @property
    def targets(self) -> tuple[Target, ...]:
        """The files or folders directly under OUT that this output replaces (a class attribute will do)."""

    def part(self, audited: Audited) -> P:
        """In the worker: this input's share of the output, as plain data."""

    def writer(self, staging: Path, run: Run) -> Writer[P]:
        """In the parent, before any input is audited: a writer whose files go under `staging`."""

