"""From a file to the report model: load -> normalise -> segment -> meta -> tables."""

from __future__ import annotations

from pathlib import Path

from .align import Alignment, align
from .load import Loaded, Unreadable, load, load_bytes
from .meta import extract_meta
from .model import Meta, Normalisation, Report, Section, Source, Table, TextNote
from .normalise import Text, normalise
from .reflow import reflow
from .segment import Segments, heading_deviations, segment
from .template import LAYOUTS, TABLE_KEYS, same_in_both_layouts, templates
from .tokenize import tokenize


def parse_file(path: str | Path, display_path: str | None = None) -> Report:
    loaded = load(path)
    return parse_loaded(loaded, display_path or str(path))


def parse_bytes(data: bytes, path: str = "<bytes>") -> Report:
    return parse_loaded(load_bytes(data, path), path)


def parse_loaded(loaded: Loaded, path: str) -> Report:
    text = reflow(normalise(loaded.text))
    seg = segment(text.lines, text.furniture)
    meta = extract_meta(text.lines, seg)
    layout, tables = extract_tables(text.lines, seg, meta)
    if not seg.headings and not tables:
        raise Unreadable("不是政府信息公开工作年度报告：找不到任何一个部分标题，也找不到统计表。")
    return Report(
        source=Source(path=path, sha256=loaded.sha256, format=loaded.format, encoding=loaded.encoding),
        meta=meta,
        layout=layout,
        sections=_sections(seg),
        tables=tables,
        normalisation=_normalisation(text),
        furniture=list(seg.furniture),
        lines=text.lines,
    )


def _sections(seg: Segments) -> list[Section]:
    return [
        Section(key=h.key, number=h.number, heading=h.text, line=h.line, end_line=end, numbering=h.numbering,
                title=h.title, deviations=heading_deviations(h))
        for h, end in zip(seg.headings, seg.ends)
    ]


def _normalisation(text: Text) -> Normalisation:
    return Normalisation(
        traditional=text.traditional,
        glosses_removed=text.glosses_removed,
        reflowed=text.reflowed,
        notes=[TextNote(kind="mojibake", line=m.line, text=m.text, context=m.context) for m in text.mojibake],
    )


def extract_tables(lines: list[str], seg: Segments, meta: Meta) -> tuple[str, dict[str, Table]]:
    """Align every table with both layouts; the layout whose labels fit better wins.
    A table that reads the same under both (table 四) takes the document's layout.
    A table whose section heading is missing is looked for in the whole text."""
    skip = set(seg.furniture)
    hint = _layout_for_year(meta.year)
    headed = {h.key for h in seg.headings}
    unheaded: dict[str, list[tuple[int, str]]] = {}
    if not headed >= set(TABLE_KEYS):
        text = [(n, t) for n, t in enumerate(lines, start=1) if n not in skip]
        for key in TABLE_KEYS:
            region = [] if key in headed else _unheaded_table(text, key, hint)
            if region:
                unheaded[key] = region
                skip.update(n for n, _ in region)  # not part of the section it sits in
    regions = {h.key: [(n, lines[n - 1]) for n in range(h.line + 1, end + 1) if n not in skip]
               for h, end in zip(seg.headings, seg.ends) if h.key in TABLE_KEYS}
    found: dict[str, dict[str, Alignment]] = {}
    for key, region in (regions | unheaded).items():
        family, cells = tokenize(region)
        if not cells:
            continue
        by_layout = _align_layouts(cells, key, family, hint)
        if any(_has_content(a) for a in by_layout.values()):
            found[key] = by_layout

    winners: dict[str, str] = {}
    for key, by_layout in found.items():
        if len(by_layout) == 1:
            if not same_in_both_layouts(key):
                winners[key] = next(iter(by_layout))
            continue
        a, b = (by_layout[layout] for layout in LAYOUTS)
        if abs(a.score - b.score) > 1e-9 or a.signature() != b.signature():
            winners[key] = max(by_layout.values(), key=lambda al: al.score).layout
    distinct = set(winners.values())
    if len(distinct) == 1:
        layout = distinct.pop()
    elif len(distinct) > 1:
        layout = "mixed"
    else:
        layout = "unknown"
    fallback = layout if layout in LAYOUTS else _layout_for_year(meta.year)
    tables = {}
    for key in TABLE_KEYS:
        if key in found:
            chosen = winners.get(key, fallback)
            if chosen in found[key]:
                tables[key] = found[key][chosen].table()
            else:  # the same in both layouts: read once, labelled with the document's layout
                tables[key] = next(iter(found[key].values())).table(chosen)
            tables[key].layout_shown = key in winners
    return layout, tables


def _unheaded_table(text: list[tuple[int, str]], key: str, hint: str) -> list[tuple[int, str]]:
    """The lines of a table whose section heading is missing: from the labels that lead up to
    its first row to its last value before text that is none of its labels. Rows are judged by
    labels written exactly; fewer than two such rows, and it is not taken for the table."""
    family, cells = tokenize(text)
    al = align(cells, templates()[hint].tables[key], family)
    hits = al.hits
    rows = [k for k, h in enumerate(hits) if h.match and h.match.ref.role == "row" and h.match.how in ("exact", "variant")]
    if len({hits[k].match.ref.key for k in rows}) < 2:
        return []
    start = rows[0]
    while _ours(hits, start - 1):
        start -= 1  # the header, column and block labels above the first row
    stop = next((k for k in range(rows[-1] + 1, len(hits)) if not _ours(hits, k)), len(hits))
    stop_line = hits[stop].label.line if stop < len(hits) else text[-1][0] + 1
    ends = [h.label.line for h in hits[start:stop]] + [v.line for h in hits[start:stop] for v in h.values]
    ends += [c.line for c in al.stray if hits[rows[-1]].label.line < c.line < stop_line]  # table 四's values
    first, last = hits[start].label.line, max(ends)
    return [(n, t) for n, t in text if first <= n <= last]


def _ours(hits, k: int) -> bool:
    """hits[k] belongs to the table: a sure label of it, or a lone stranger between two (a row
    that a provincial template adds does not end the table)."""
    if not 0 <= k < len(hits):
        return False
    if hits[k].match is not None:
        return _label(hits[k])
    return 0 < k < len(hits) - 1 and _label(hits[k - 1]) and _label(hits[k + 1])


def _label(hit) -> bool:
    """Surely a label of the table: not by similarity, nor by its words without their numbering
    (`(七)总计` would pass for table 四's `总计`)."""
    return hit.match is not None and hit.match.how in ("exact", "variant", "alias")


def _align_layouts(cells, key: str, family: str, hint: str) -> dict[str, Alignment]:
    """The table read with the layout its year suggests, and with the other one unless the first
    reading is perfect (then no other can be better) or the table is the same in both."""
    first = align(cells, templates()[hint].tables[key], family)
    if same_in_both_layouts(key) or first.perfect():
        return {hint: first}
    other = next(layout for layout in LAYOUTS if layout != hint)
    return {hint: first, other: align(cells, templates()[other].tables[key], family)}


def _layout_for_year(year: int | None) -> str:
    return "2019" if year in (2019, 2020) else "2021"


def _has_content(al: Alignment) -> bool:
    return any(h.match and h.match.ref.role == "row" for h in al.hits) or any(c.text for c in al.stray)
