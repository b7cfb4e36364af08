"""Which layout each table follows, and so the document's.

Every table region is aligned with the layout its report year calls for and, unless that reading
is perfect, with every other layout; the reading whose labels fit best wins. A table that reads
the same under every layout (table 四, or one cut off before the rows that differ) does not show
its layout: it takes the document's. Tables whose readings disagree make the document `mixed`.
A table whose section heading is missing is looked for in the whole text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .align import Alignment, align, find_unheaded
from .model import Table
from .segment import Segments
from .template import layout_for_year, layouts, same_in_all_layouts, table_keys, templates
from .tokenize import RawCell, tokenize


@dataclass(frozen=True)
class Tables:
    layout: str  # the document's: a layout, `mixed` (tables disagree) or `unknown` (none shows one)
    tables: dict[str, Table]  # by table key, in report order; a table not found is absent


def read_tables(lines: list[str], seg: Segments, year: int | None) -> Tables:
    hint = layout_for_year(year)
    regions = _regions(lines, seg, hint)
    readings: dict[str, dict[str, Alignment]] = {}
    for key, region in regions.items():
        family, cells = tokenize(region)
        if not cells:
            continue
        by_layout = _align_layouts(cells, key, family, hint)
        if any(a.has_content() for a in by_layout.values()):
            readings[key] = by_layout
    winners = {key: w for key, by_layout in readings.items() if (w := _winner(key, by_layout))}
    distinct = set(winners.values())
    document = distinct.pop() if len(distinct) == 1 else "mixed" if distinct else "unknown"
    fallback = document if document in layouts() else hint
    tables: dict[str, Table] = {}
    for key in table_keys():
        if key not in readings:
            continue
        chosen = winners.get(key, fallback)
        by_layout = readings[key]
        if chosen in by_layout:
            table = by_layout[chosen].table()
        else:  # the same in every layout: read once, labelled with the document's layout
            table = next(iter(by_layout.values())).table(chosen)
        table.layout_shown = key in winners
        tables[key] = table
    return Tables(document, tables)


def _regions(lines: list[str], seg: Segments, hint: str) -> dict[str, list[tuple[int, str]]]:
    """The lines of each table: its section's body, or, where the heading is missing, the span
    where its labels stand (taken out of the section it sits in)."""
    skip = set(seg.furniture)
    headed = {h.key for h in seg.headings}
    unheaded: dict[str, list[tuple[int, str]]] = {}
    if not headed >= set(table_keys()):
        text = [(n, t) for n, t in enumerate(lines, start=1) if n not in skip]
        for key in table_keys():
            region = [] if key in headed else find_unheaded(text, templates()[hint].tables[key])
            if region:
                unheaded[key] = region
                skip.update(n for n, _ in region)
    regions = {h.key: [(n, lines[n - 1]) for n in range(h.line + 1, end + 1) if n not in skip]
               for h, end in zip(seg.headings, seg.ends, strict=True) if h.key in table_keys()}
    return regions | unheaded


def _align_layouts(cells: list[RawCell], key: str, family: str, hint: str) -> dict[str, Alignment]:
    """The table read with the layout its year suggests, and with every other one unless the first
    reading is perfect (then no other can be better) or the table is the same in all."""
    first = align(cells, templates()[hint].tables[key], family)
    if same_in_all_layouts(key) or first.perfect():
        return {hint: first}
    return {hint: first} | {layout: align(cells, templates()[layout].tables[key], family)
                            for layout in layouts() if layout != hint}


def _winner(key: str, by_layout: dict[str, Alignment]) -> str | None:
    """The layout whose reading fits best; None when the table does not show its layout (one
    reading only of a table that is the same everywhere, or readings that all agree)."""
    if len(by_layout) == 1:
        return None if same_in_all_layouts(key) else next(iter(by_layout))
    readings = list(by_layout.values())
    best = max(readings, key=lambda a: a.score)
    if all(abs(a.score - best.score) <= 1e-9 and a.signature() == best.signature() for a in readings):
        return None
    return best.layout
