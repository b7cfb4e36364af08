"""What one report needs of the others: the same unit's report of the year before, the reports
it may share its text with, the other reports of the same unit and year, and the roster.

A run first reads every file (the reports to audit and the earlier years given as history) into
a small `Digest`; `link` then puts the digests side by side and tells each report what concerns
it (`Across`), and which units of the roster sent nothing (`Missing`). Units are matched by their
group and a normalised name (engine/units.py), or through the roster's names and aliases.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from .copies import FORMAT_WORDING, Copy, Document, find_copies
from .model import Report
from .roster import Roster, RosterUnit
from .template import layouts, load_template
from .units import unit_key as key_of
from .vocab import vocab


@dataclass(frozen=True, slots=True)  # one per file, held until the files are linked
class Digest:
    """One file as the linking needs it: small, sent from the worker that read it."""

    path: str  # as shown in the outputs; unique in a run
    audited: bool  # an input of the run (else history only)
    readable: bool
    group: str | None
    unit: str | None  # the unit as the report names it
    year: int | None
    prose: dict[str, str] = field(default_factory=dict)  # section key -> its text, tables left out
    # engine/units.py's key of `unit`, made with the digest: in the worker that read the file, so the
    # parent, which links the digests while no worker works, does not make it for every file.
    unit_key: str | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit_key", key_of(self.unit) if self.unit else None)


@dataclass(frozen=True)
class Shared:
    """A section of this report found, largely, in another report's (engine/copies.py)."""

    section: str
    other: str  # the other report's path
    other_unit: str | None  # as it names itself
    other_year: int | None
    other_section: str
    relation: str  # other_unit | last_year
    share: float
    shared_chars: int
    passage: str  # the longest shared passage as this report reads
    other_passage: str  # the same passage as the other reads (its year and figures may differ)


@dataclass(frozen=True, slots=True)  # one per report, held until its turn in the second pass
class Across:
    """What the other reports say about one report (plain data: it travels to a worker)."""

    previous: str | None = None  # path of the same unit's report of the year before (exactly one)
    duplicates: tuple[str, ...] = ()  # paths of the other reports of the same unit and year
    copies: tuple[Shared, ...] = ()
    roster: str | None = None  # listed | unlisted; None when the run has no roster
    roster_path: str | None = None
    roster_unit: str | None = None  # the unit as the roster names it
    roster_group: str | None = None
    roster_kind: str | None = None  # its unit type as the roster says


@dataclass(frozen=True)
class Missing:
    """A unit of the roster that sent no report for the year."""

    group: str | None
    unit: str
    kind: str | None
    year: int | None
    roster: str  # the roster file
    line: int  # the unit's line in it


@dataclass(frozen=True)
class CopyParams:
    """What the copied-text rules ask of the comparison: the loosest of their parameters, and the
    wording of theirs that never counts (besides the format's own, `national_wording`)."""

    sections: tuple[str, ...]
    threshold: float = 0.5
    min_chars: int = 100
    ignore: tuple[str, ...] = ()


def digest(report: Report | None, path: str, audited: bool, group: str | None = None,
           sections: Iterable[str] = ()) -> Digest:
    """A parsed report (None: unreadable) as the linking needs it; `sections`: whose prose to keep."""
    if report is None:
        return Digest(path, audited, False, group, None, None)
    meta = report.meta
    return Digest(path, audited, True, group or meta.region, meta.agency, meta.year, prose(report, sections))


@lru_cache(maxsize=1)
def national_wording() -> tuple[str, ...]:
    """The format's own words, which every report repeats: section titles, table titles and labels."""
    words = [s.title for s in vocab().sections]
    for layout in layouts():
        for table in load_template(layout).tables.values():
            words.append(table.title)
            for block in table.blocks:
                words += [c.label.text for c in block.columns] + [r.label.text for r in block.rows]
    return tuple(dict.fromkeys(w for w in words if w))


def prose(report: Report, sections: Iterable[str]) -> dict[str, str]:
    """The text of the named sections, without page furniture and without any table."""
    skip = set(report.furniture)
    for table in report.tables.values():
        skip.update(range(table.lines[0], table.lines[1] + 1))
    wanted = set(sections)
    out = {}
    for s in report.sections:
        if s.key in wanted:
            text = "\n".join(report.lines[n - 1] for n in range(s.line + 1, s.end_line + 1) if n not in skip)
            if text.strip():
                out[s.key] = text
    return out


def audit_year(digests: Iterable[Digest]) -> int | None:
    """The report year a run is about: the most common among the reports audited (the later on a tie)."""
    years = Counter(d.year for d in digests if d.audited and d.readable and d.year is not None)
    return max(years, key=lambda y: (years[y], y)) if years else None


def link(digests: list[Digest], roster: Roster | None = None, copies: CopyParams | None = None,
         year: int | None = None, common: Iterable[str] = ()) -> tuple[dict[str, Across], list[Missing]]:
    """Each audited report's `Across`, by path, and the roster's units with no report for `year`
    (default: `audit_year`)."""
    readable = [d for d in digests if d.readable]
    listed = {d.path: roster.find(d.unit, d.group) if roster and d.unit else None for d in readable}
    unit = _units(readable, listed)
    by_unit_year: dict[tuple[str, int | None], list[Digest]] = defaultdict(list)
    for d in readable:
        by_unit_year[unit[d.path], d.year].append(d)

    def same_unit(d: Digest, year: int | None) -> list[Digest]:
        return [o for o in by_unit_year.get((unit[d.path], year), ()) if o.path != d.path]

    shared = _copies(readable, unit, copies, common) if copies else {}
    out: dict[str, Across] = {}
    for d in digests:
        if not d.audited or not d.readable:
            continue
        before = same_unit(d, d.year - 1) if d.year is not None else []
        r = listed[d.path]
        out[d.path] = Across(
            previous=before[0].path if len(before) == 1 else None,
            duplicates=tuple(o.path for o in same_unit(d, d.year) if o.audited),
            copies=tuple(shared.get(d.path, ())),
            roster=None if roster is None else "listed" if r else "unlisted",
            roster_path=str(roster.path) if roster else None,
            roster_unit=r.name if r else None,
            roster_group=r.group if r else None,
            roster_kind=r.kind if r else None,
        )
    missing: list[Missing] = []
    if roster is not None:
        year = year if year is not None else audit_year(digests)
        sent = {listed[d.path] for d in readable if d.audited and d.year == year}
        missing = [Missing(u.group, u.name, u.kind, year, str(roster.path), u.line) for u in roster.units if u not in sent]
    return out, missing


def _units(readable: list[Digest], listed: dict[str, RosterUnit | None]) -> dict[str, str]:
    """The unit each report belongs to, by path: the roster's unit where it names one (aliases
    count), else the normalised name within its group (two 城关镇 of two counties are two units).
    A report whose group is unknown takes the group of the others of its name, where they all
    have one; a report whose unit could not be read is a unit of its own."""
    groups: dict[str, set[str]] = defaultdict(set)
    for d in readable:
        if d.unit_key is not None and d.group:
            groups[d.unit_key].add(d.group)
    out = {}
    for d in readable:
        r = listed[d.path]
        if r is not None:
            out[d.path] = f"roster:{r.group or ''}/{r.name}"
        elif d.unit_key is not None:
            known = groups.get(d.unit_key, set())
            group = d.group or (next(iter(known)) if len(known) == 1 else "")
            out[d.path] = f"{group}/{d.unit_key}"
        else:
            out[d.path] = f"file:{d.path}"
    return out


def _copies(readable: list[Digest], unit: dict[str, str], params: CopyParams,
            common: Iterable[str]) -> dict[str, list[Shared]]:
    """The copies among the readable reports' prose, with the other report's name and year."""
    docs = [Document(d.path, unit[d.path], d.year, {k: v for k, v in d.prose.items() if k in params.sections})
            for d in readable if d.prose]
    by_path = {d.path: d for d in readable}
    wording = (*FORMAT_WORDING, *national_wording(), *params.ignore, *common)
    found = find_copies(docs, params.threshold, params.min_chars, wording)
    return {path: [_shared(c, by_path[c.other]) for c in copies] for path, copies in found.items()}


def _shared(c: Copy, other: Digest) -> Shared:
    return Shared(c.section, c.other, other.unit, other.year, c.other_section, c.relation, c.share, c.shared_chars,
                  c.passage, c.other_passage)
