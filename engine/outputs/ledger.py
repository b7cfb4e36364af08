"""Every report's row, for the outputs written at the end (the checklist, the workbook, index.html).

Those outputs list the units by group and by name, so they can only be written once every report
is in. Until then the rows wait on disk, not in memory: a temporary SQLite database (in memory
while small, a file deleted on close beyond that), read back in the checklist's order. What the
outputs put above the rows, the counts of each group and the statistics, is added up as the rows
arrive. So a run of 50,000 reports holds no more of them than a run of fifty.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from ..findings import VERDICTS
from .statistics import NO_GROUP, Record, Statistics, Tally


class Unit(Protocol):
    """What ordering and counting need of a row: the checklist's Row and the terminal's Summary."""

    @property
    def group(self) -> str | None: ...
    @property
    def agency(self) -> str | None: ...
    @property
    def path(self) -> str | None: ...
    @property
    def status(self) -> str: ...
    @property
    def verdict(self) -> str: ...


def group_order(group: str) -> tuple[bool, str]:
    """Groups by name, 未分组 last."""
    return group == NO_GROUP, group


def unit_order(r: Unit) -> tuple[str, str]:
    """Within a group: by unit name (units not recognised last), then by file."""
    return r.agency or "\uffff", r.path or ""


@dataclass
class Counts:
    """How a group's (or the run's) reports fared: the line above each table of the checklist."""

    units: int = 0
    missing: int = 0  # units of the roster that sent nothing
    unreadable: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)  # of the reports sent

    def add(self, r: Unit) -> None:
        self.units += 1
        if r.status == "missing":
            self.missing += 1
            return
        self.verdicts[r.verdict] += 1
        self.unreadable += r.status == "unreadable"

    def line(self) -> str:
        v = self.verdicts
        return (f"共 {self.units - self.missing} 份：需退回修改 {v[VERDICTS[0]]} 份（其中无法读取 {self.unreadable} 份），"
                f"建议修改 {v[VERDICTS[1]]} 份，通过 {v[VERDICTS[2]]} 份。"
                + (f"名单上另有 {self.missing} 个单位未报送。" if self.missing else ""))


def counted(results: Iterable[Unit]) -> Counts:
    counts = Counts()
    for r in results:
        counts.add(r)
    return counts


T = TypeVar("T")


class Ledger(Generic[T]):
    """The parts of one output, each with the row it lists (`row_of`) and its statistics record."""

    def __init__(self, row_of: Callable[[T], Unit], record_of: Callable[[T], Record]) -> None:
        self._row_of = row_of
        self._record_of = record_of
        self._db = sqlite3.connect("")  # "": a private temporary database, gone when closed
        self._db.execute("CREATE TABLE parts (last INTEGER, grp TEXT, unit TEXT, path TEXT, n INTEGER PRIMARY KEY,"
                         " part BLOB)")
        self.counts = Counts()  # the whole run
        self._groups: dict[str, Counts] = {}
        self._total = Tally()
        self._tallies: dict[str, Tally] = {}

    def add(self, part: T) -> None:
        row = self._row_of(part)
        group = row.group or NO_GROUP
        self.counts.add(row)
        self._groups.setdefault(group, Counts()).add(row)
        record = self._record_of(part)
        self._total.add(record)
        self._tallies.setdefault(record.group or NO_GROUP, Tally()).add(record)
        self._db.execute("INSERT INTO parts (last, grp, unit, path, part) VALUES (?, ?, ?, ?, ?)",
                         (*group_order(group), *unit_order(row), pickle.dumps(part, pickle.HIGHEST_PROTOCOL)))

    def groups(self) -> Iterator[tuple[str, Counts, Iterator[T]]]:
        """Each group, in order, with its counts and its parts in order (SQLite compares text as
        UTF-8 bytes, which orders as Python compares strings; ties keep the order of arrival)."""
        self._db.execute("CREATE INDEX IF NOT EXISTS listed ON parts (last, grp, unit, path, n)")
        for group in sorted(self._groups, key=group_order):
            rows = self._db.execute("SELECT part FROM parts WHERE last = ? AND grp = ? ORDER BY unit, path, n",
                                    group_order(group))
            yield group, self._groups[group], (pickle.loads(blob) for (blob,) in rows)

    def statistics(self) -> Statistics:
        return Statistics(sorted(self._tallies.items(), key=lambda kv: group_order(kv[0])), self._total)

    def close(self) -> None:
        self._db.close()


def write_lines(path: Path, lines: Iterable[str]) -> None:
    """Each line and a line break, written as they come: a checklist of 50,000 units is never one string."""
    with path.open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line + "\n")
