"""Map the cells of one table onto a template, by label and never by position alone.

A row label claims the values that follow it; a blank stays blank; a cell too many or too few
is recorded as a structure deviation, and a label matched only with tolerance is recorded as a
label deviation. Both layouts are tried and the one whose labels fit best wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from . import runs
from .labels import without_note
from .model import BLANK_MARKERS, Cell, Deviation, InferredCell, Table
from .template import MATCH_WEIGHT, Block, Column, Match, Ref, TableTemplate, run_shape
from .tokenize import JoinedCell, RawCell, tokenize
from .values import is_value, parse_number

_PROSE_CHARS = 60
MERGE_MAX = 3  # a label wrapped over at most this many cells (any pieces)
JOIN_MAX = 12  # ... or this many, while the pieces joined still make part of a label
WOVEN_LINES = 3  # the pieces of a label woven among other cells lie within this many lines
WOVEN_PIECES = 3  # at most this many pieces join the first
_JOINED_MIN = 2  # the shortest label looked for inside run-together text (总计, 其他)
# A label with the row's values written onto it: `规章000`, `行政许可88-720`, `采购1018703元`,
# `一、本年新收…数量 2 00 00 0 2`.
_GLUED = re.compile(r"^(.*[^\d\s.,+-])(\s*)(-?\d[\d\s.,-]*(?:万元|元)?)$")


_CAPTION = re.compile(r"^附?表\s*[一二三四五1-5]\s*[:.、]")  # 表二:主动公开政府信息情况, a converter's caption
_SPACED = re.compile(r"^-?\d+(?:\.\d+)?(?:\s+-?\d+(?:\.\d+)?)+$")  # numbers apart by spaces, nothing else
_COUNTED = re.compile(r"\d+\s*(?:件|条|次|起|宗|人次)")


@lru_cache(maxsize=100_000)
def is_prose(text: str) -> bool:
    """A sentence, not a label: long, or holding a full stop, or leading into what follows
    (`表格如下:`), or a line of a wrapped paragraph that counts something (`…复议5件,被提起行`),
    or a converter's caption (`表二:主动公开政府信息情况`). No label of either template does any
    of these."""
    text = without_note(text)  # a long note does not make a label a sentence
    return (len(text) > _PROSE_CHARS or "。" in text or text.endswith(":")
            or (len(text) > 8 and bool(_COUNTED.search(text))) or bool(_CAPTION.match(text)))


@dataclass
class _Hit:
    """A label in the text and the value cells that follow it."""

    label: RawCell
    text: str  # the label as written (wrapped pieces joined)
    match: Match | None  # None: a text cell that is no label of this table
    block: int | None
    values: list[RawCell] = field(default_factory=list)


@dataclass
class Alignment:
    template: TableTemplate
    family: str
    score: float
    hits: list[_Hit]
    stray: list[RawCell]
    lines: tuple[int, int]

    @property
    def layout(self) -> str:
        return self.template.layout

    def perfect(self) -> bool:
        """Every template row found once, every label written exactly, nothing left over: no other
        layout can read this table better."""
        rows = [h.match.ref.key for h in self.hits if h.match and h.match.ref.role == "row"]
        width = len(self.template.blocks[0].columns)
        return (
            all(h.match is not None and h.match.how in ("exact", "variant") for h in self.hits)
            and not any(c.filled for c in self.stray if not any(b.inline for b in self.template.blocks))
            and len(rows) == len(set(rows)) == sum(len(b.rows) for b in self.template.blocks)
            and not any(h.match and h.match.ref.role == "group" and len(h.values) >= width for h in self.hits)
        )

    def signature(self) -> tuple[tuple[Ref | None, tuple[str, ...]], ...]:
        """What the alignment extracted, to tell whether two layouts read a table the same way."""
        return tuple((h.match.ref if h.match else None, tuple(c.text for c in h.values)) for h in self.hits)

    def table(self, layout: str | None = None) -> Table:
        return _build(self, layout or self.layout)

    def has_content(self) -> bool:
        """Something of a table was read: a row label, or values."""
        return any(h.match and h.match.ref.role == "row" for h in self.hits) or any(c.text for c in self.stray)


def find_unheaded(text: list[tuple[int, str]], template: TableTemplate) -> list[tuple[int, str]]:
    """The lines of a table whose section heading is missing: from the labels that lead up to its
    first row to its last value before text that is none of its labels. Rows are judged by labels
    written exactly; fewer than two such rows, and it is not taken for the table."""
    family, cells = tokenize(text)
    al = align(cells, template, family)
    hits = al.hits
    rows = [k for k, h in enumerate(hits)
            if h.match and h.match.ref.role == "row" and h.match.how in ("exact", "variant")]
    if len({m.ref.key for k in rows if (m := hits[k].match)}) < 2:
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


def _ours(hits: list[_Hit], k: int) -> bool:
    """hits[k] belongs to the table: a sure label of it, or a lone stranger between two (a row
    that a provincial template adds does not end the table)."""
    if not 0 <= k < len(hits):
        return False
    if hits[k].match is not None:
        return _sure(hits[k])
    return 0 < k < len(hits) - 1 and _sure(hits[k - 1]) and _sure(hits[k + 1])


def _sure(hit: _Hit) -> bool:
    """Surely a label of the table: not by similarity, nor by its words without their numbering
    (`(七)总计` would pass for table 四's `总计`)."""
    return hit.match is not None and hit.match.how in ("exact", "variant", "alias")


def align(cells: list[RawCell], template: TableTemplate, family: str) -> Alignment:
    hits: list[_Hit] = []
    stray: list[RawCell] = []
    current: _Hit | None = None
    last: _Hit | None = None
    block = 0
    in_body = False
    score = 0.0
    i = 0
    cells = _words_apart(cells, template)
    while i < len(cells):
        cell = cells[i]
        if is_value(cell.text):
            if current and _foreign(current, cell, family):
                current = None  # text that is no label holds the values of its own row only
            if current:
                current.values.append(cell)
            else:
                stray.append(cell)
                if last is not None and not _foreign(last, cell, family):
                    last.values.append(cell)  # kept to judge the label, not as data
            i += 1
            continue
        if is_prose(cell.text):
            current = None
            i += 1
            continue
        exact = template.match(cell.text, fuzzy=False)
        if exact:  # the common case: a label as written
            match, used, text = _choose(exact, block, in_body), 1, cell.text
        else:
            pieces = _pieces(cell, template)
            if pieces:  # several cells whose separators were lost: read each on its own
                cells = cells[:i] + pieces + cells[i + 1:]
                continue
            match, used, text = _lookup(cells, i, template, block, in_body)
            if match is None or match.how == "fuzzy":
                woven = _interleaved(cells, i, template)
                if woven:  # a label whose pieces lie among other cells: brought together
                    cells = woven
                    continue
        i += used
        if match is None:
            current = last = _Hit(cell, text, None, block)
            hits.append(current)
            score -= 0.5
            continue
        score += MATCH_WEIGHT[match.how]
        ref = match.ref
        if ref.block is not None:
            block = ref.block
        current = None
        last = _Hit(cell, text, match, ref.block)
        hits.append(last)
        if ref.role == "row":
            in_body = True
            current = last
    width = len(template.blocks[0].columns)
    for hit in hits:
        if hit.match is None and any(v.filled for v in hit.values):
            score -= 1.0
        elif hit.match and hit.match.ref.role == "group" and len(hit.values) >= width:
            score -= 1.0  # a group label followed by a row of cells reads as a data row
    if not any(b.inline for b in template.blocks):
        score -= 0.25 * sum(1 for c in stray if c.filled)
    # The table's own lines: from the region's first to its last label or value (text after the
    # table, a missing heading's section, is not part of it).
    ends = [v.line for h in hits for v in h.values if v.filled] + [c.line for c in stray if c.filled] + [
        h.label.line for h in hits if h.match is not None]
    lines = (cells[0].line, max(ends, default=cells[-1].line)) if cells else (0, 0)
    return Alignment(template, family, score, hits, stray, lines)


def _foreign(hit: _Hit, cell: RawCell, family: str) -> bool:
    """A value on another source row than text that is no label: not that text's value."""
    return hit.match is None and family != "lines" and cell.row != hit.label.row


def _lookup(cells: list[RawCell], i: int, template: TableTemplate, block: int,
            in_body: bool) -> tuple[Match | None, int, str]:
    """The best reading of cells[i] as a label; if none, of cells[i] joined with the text
    cells after it (a label wrapped over several cells)."""
    text = cells[i].text
    match = _choose(template.match(text, fuzzy=False), block, in_body)
    if match is not None:
        return match, 1, text
    joined = text
    for k in range(1, JOIN_MAX):
        if i + k >= len(cells):
            break
        nxt = cells[i + k].text
        if not nxt or is_value(nxt) or is_prose(nxt) or template.match(nxt, fuzzy=False):
            break
        if k >= MERGE_MAX and not template.fragment(joined + nxt):
            break  # beyond a few cells, only while the pieces still make part of a label (三、/本/年/度…)
        joined += nxt
        match = _choose(template.match(joined, fuzzy=False), block, in_body)
        if match is not None:
            return match, k + 1, joined
    # Similarity last: a piece of a wrapped label is not a label of its own.
    return _choose(template.match(text), block, in_body), 1, text


def _pieces(cell: RawCell, template: TableTemplate) -> list[RawCell]:
    """The cells a text holds when it is no label itself but several run together: labels of one
    row apart by single spaces (`自然人 法人或其他组织 总计`), labels without any separator
    (`信息内容本年制发件数本年废止件数`), or a label with its row's digits written onto it
    (`规章000`). Nothing when it is none of these; asked only of text that is no label itself."""
    texts = _label_words(cell.text, template) or _joined_labels(cell.text, template)
    if texts:
        return [RawCell(t, cell.line, cell.row) for t in texts]
    return _glued(cell, template)


def _label_words(text: str, template: TableTemplate) -> list[str]:
    """Words apart by single spaces that are labels, or pieces of labels that a PDF's line wraps
    left side by side (`他处理 正、行政机关不再处理其政府信`); not a piece of one label itself."""
    words = text.split()
    if len(words) < 2:
        return []
    if all(template.match(w, fuzzy=False) for w in words):
        return words
    if not template.fragment(text) and all(template.match(w, fuzzy=False) or template.fragment(w) for w in words):
        return words
    # some gaps seen and some not (OCR reads `其他结果 尚未审结总计`): each word a label or labels run together
    pieces = [[w] if template.match(w, fuzzy=False) else _joined_labels(w, template) for w in words]
    return [p for each in pieces for p in each] if all(pieces) else []


def _words_apart(cells: list[RawCell], template: TableTemplate) -> list[RawCell]:
    """Text cells whose words are labels or pieces of labels, each word a cell of its own
    (before any label is looked for: the pieces of one label may lie in several such cells)."""
    spaced = [k for k, c in enumerate(cells) if " " in c.text]
    if not spaced:
        return cells
    out = list(cells)
    for k in reversed(spaced):
        c = cells[k]
        words = [] if is_value(c.text) else _label_words(c.text, template)
        if words:
            out[k:k + 1] = [RawCell(w, c.line, c.row) for w in words]
    return out


def _interleaved(cells: list[RawCell], i: int, template: TableTemplate) -> list[RawCell] | None:
    """A label whose pieces lie among other cells: a PDF wraps two columns of labels line by line
    (`（六）其 1.申请人…不补` / `他处理 正、行政机关…`), or a label above and below the line of its
    values. cells[i] and up to WOVEN_PIECES later pieces within WOVEN_LINES lines, joined, make a
    label: the label takes cells[i]'s place, the cells between keep their order, with the values
    first (they belong to the label) and the other pieces after. None when no label is made."""
    first = cells[i]
    if not template.fragment(first.text):
        return None
    candidates = [k for k in range(i + 1, len(cells)) if cells[k].line - first.line <= WOVEN_LINES
                  and cells[k].text and not is_value(cells[k].text) and not is_prose(cells[k].text)
                  and not template.match(cells[k].text, fuzzy=False) and template.fragment(cells[k].text)]

    def search(text: str, start: int, used: tuple[int, ...]) -> tuple[tuple[int, ...], str] | None:
        for n, k in enumerate(candidates[start:], start):
            joined = text + cells[k].text
            if template.match(joined, fuzzy=False):
                return used + (k,), joined
            if len(used) + 1 < WOVEN_PIECES and template.fragment(joined):
                found = search(joined, n + 1, used + (k,))
                if found:
                    return found
        return None

    found = search(first.text, 0, ())
    if not found:
        return None
    used, text = found
    between = [cells[k] for k in range(i + 1, used[-1] + 1) if k not in used]
    pieces = [c for c in between if not is_value(c.text) and not template.match(c.text, fuzzy=False)]
    others = [c for c in between if not any(c is p for p in pieces)]
    label = RawCell(text, first.line, first.row)
    return cells[:i] + [label] + others + pieces + cells[used[-1] + 1:]


def _joined_labels(text: str, template: TableTemplate) -> list[str]:
    """Longest label first at each point; nothing when any part is no label, but the last may be
    the start of a label that a line wrap cut (`总计商业企` / `业`). Words of a few characters apart
    by single spaces are letter-spaced text (`总计商 业 企`)."""
    if " " in text and all(len(w) <= 3 for w in text.split()):
        text = text.replace(" ", "")
    if len(text) < 2 * _JOINED_MIN or " " in text:
        return []
    pieces: list[str] = []
    i = 0
    while i < len(text):
        k = next((k for k in range(len(text), i + _JOINED_MIN - 1, -1)
                  if template.match(text[i:k], fuzzy=False)), None)
        if k is None:
            if pieces and template.fragment(text[i:]):
                pieces.append(text[i:])
                break
            return []
        pieces.append(text[i:k])
        i = k
    return pieces if len(pieces) > 1 else []


def _glued(cell: RawCell, template: TableTemplate) -> list[RawCell]:
    """A label and the values written onto it, each value a cell; the first is marked `joined`
    when nothing separates it from the label (then the values are surely run together)."""
    m = _GLUED.match(cell.text)
    if not m or not template.match(m[1], fuzzy=False):
        return []
    values = m[3].split()
    return [RawCell(m[1], cell.line, cell.row)] + [
        (JoinedCell if k == 0 and not m[2] else RawCell)(v, cell.line, cell.row) for k, v in enumerate(values)]


_ROLE_ORDER_HEADER = {"block": 0, "header": 1, "column": 2, "group": 3, "row": 4}
_ROLE_ORDER_BODY = {"block": 0, "row": 1, "group": 2, "header": 3, "column": 4}
_HOW_ORDER = {"exact": 0, "variant": 0, "numbering": 1, "alias": 2, "fuzzy": 3}


def _choose(matches: Sequence[Match], block: int, in_body: bool) -> Match | None:
    if not matches:
        return None
    if len(matches) == 1:
        return matches[0]
    roles = _ROLE_ORDER_BODY if in_body else _ROLE_ORDER_HEADER
    return min(
        matches,
        key=lambda m: (_HOW_ORDER[m.how], m.ref.block not in (None, block), roles[m.ref.role]),
    )


# ----------------------------------------------------------------------------- building the table


def _build(al: Alignment, layout: str) -> Table:
    t = al.template
    devs: list[Deviation] = []
    rows: dict[str, dict[str, Cell]] = {}
    found: dict[str, _Hit] = {}
    leading_first = al.family == "tab-grid"  # merged label cells sit between label and values

    # Rows whose label is written exactly somewhere (a heading over the row, as converters make):
    # another spelling of it elsewhere is the converter's, not a change of wording.
    written = {h.match.ref.key for h in al.hits
               if h.match and h.match.ref.role == "row" and h.match.how in ("exact", "variant")}
    invented = _invented_headers(al)
    last_value = max([v.line for h in al.hits for v in h.values if v.filled] + [c.line for c in al.stray if c.filled],
                     default=0)
    for hit in al.hits:
        m = hit.match
        if hit.label.row in invented and not any(v.filled for v in hit.values):
            continue  # a header a converter made up out of row names: not the report's wording
        if m is None and 0 < last_value < hit.label.line and not any(v.filled for v in hit.values):
            continue  # text after the table's last value (the next section's, its heading missing)
        if m is None:
            if t.is_extra_row(hit.text):
                devs.append(Deviation(kind="structure", issue="extra-row", table=t.key, line=hit.label.line,
                                      found=hit.text, values=[v.text for v in hit.values]))
            elif any(v.filled for v in hit.values):
                devs.append(Deviation(kind="structure", issue="unassigned-values", table=t.key, line=hit.label.line,
                                      found=hit.text, values=[v.text for v in hit.values], data_lost=True))
            elif t.fragment(hit.text) or all(t.fragment(w) for w in hit.text.split()):
                devs.append(Deviation(kind="label", issue="fragment", table=t.key, line=hit.label.line,
                                      found=hit.text))  # a piece of a wrapped label: layout, not wording
            else:
                devs.append(Deviation(kind="label", issue="unknown-label", table=t.key, line=hit.label.line,
                                      found=hit.text))
            continue
        if m.how in ("alias", "fuzzy", "numbering") and not (m.ref.role == "row" and m.ref.key in written):
            devs.append(Deviation(kind="label", issue=m.how, table=t.key,
                                  row=m.ref.key if m.ref.role == "row" else None,
                                  column=m.ref.key if m.ref.role == "column" else None, line=hit.label.line,
                                  expected=m.expected, found=hit.text))
        if m.ref.role != "row" or m.ref.key is None:  # a row's ref always has its key
            continue
        if m.ref.key in found:
            earlier = found[m.ref.key]
            if not any(v.filled for v in hit.values):
                continue  # the label again, without values: a heading over the row, or a header
            if not any(v.filled for v in earlier.values):
                found[m.ref.key] = hit  # the first was a heading over the row that has the values
                continue
            devs.append(Deviation(kind="structure", issue="duplicate-row", table=t.key, row=m.ref.key,
                                  line=hit.label.line, found=hit.text, values=[v.text for v in hit.values],
                                  data_lost=True))
            continue
        found[m.ref.key] = hit

    # Each block's columns as its header orders them (a found row's hit names its block).
    orders: dict[int | None, tuple[Column, ...]] = {b.index: _column_order(al, b, devs) for b in t.blocks}
    # One row surely written run together (`0000000`) tells how the whole table was copied;
    # asked only when a row is short (most tables have none).
    glued = _Once(lambda: any(_surely_run(hit.values, len(orders[hit.block])) for hit in found.values()))
    widest = max(len(b.columns) for b in t.blocks) if al.family in ("tab-grid", "pipe-rows") else 0
    surplus = _Once(lambda: any(sum(v.filled for v in hit.values) > len(orders[hit.block])
                                for hit in found.values()))
    padding = _Usual(lambda: [_edges([v for v in hit.values if v.row == hit.label.row])
                              for hit in found.values() if any(v.filled for v in hit.values)])
    inline, inline_dev = _inline_values(al, found)
    if inline_dev:
        devs.append(inline_dev.model_copy(update={"table": t.key}))
    for block, row in t.rows():
        order = orders[block.index]
        if block.inline and inline is not None:
            shaky = bool(inline_dev and (inline_dev.data_lost or inline_dev.issue == "ambiguous-blanks"))
            rows[row.key] = {col.key: _cell(c, shaky) for col, c in zip(order, inline[row.key], strict=True)}
        elif row.key in found:
            hit = found[row.key]
            cells, dev = _fit(hit.values, order, 1, hit.label.row, leading_first, glued, widest, surplus, padding)
            if dev:
                devs.append(dev.model_copy(update={"table": t.key, "row": row.key, "line": hit.label.line}))
            shaky = bool(dev and (dev.data_lost or dev.issue == "ambiguous-blanks"))
            rows[row.key] = {col.key: _MISSING if c is None else c if isinstance(c, Cell)
                             else Cell(parse_number(c.text), c.text, c.line, False, shaky)
                             for col, c in zip(order, cells, strict=True)}
        else:
            rows[row.key] = {col.key: _MISSING for col in block.columns}
            devs.append(Deviation(kind="structure", issue="missing-row", table=t.key, row=row.key,
                                  expected=row.label.text, data_lost=True))
    if inline is None:
        leftovers = [c for c in al.stray if c.filled and c.text not in BLANK_MARKERS]  # `| - | - |`: nothing lost
        if leftovers:
            devs.append(Deviation(kind="structure", issue="unassigned-values", table=t.key, line=leftovers[0].line,
                                  values=[c.text for c in leftovers], data_lost=True))
    _missing_column_labels(al, devs)
    if any(orders[b.index] is not b.columns for b in t.blocks):  # a reordered header: back to template order
        rows = {row.key: {col.key: rows[row.key][col.key] for col in block.columns} for block, row in t.rows()}
    # Everything here was built from checked parts; validating the cells again would only cost time.
    return Table.model_construct(layout=layout, rows=rows, family=al.family, lines=al.lines, deviations=devs)


def _invented_headers(al: Alignment) -> set[int]:
    """Source rows without values that name several rows of the table side by side (`项目 |
    本年新收件数 | 予以公开 | 不予公开 | …`): a header a converter made up; the format never puts
    two rows' labels, or four names that are no column, on one line. Only where a line is a row
    (tab and pipe tables)."""
    if al.family not in ("tab-grid", "pipe-rows"):
        return set()
    rows: dict[int, int] = {}
    names: dict[int, int] = {}  # text that is no column or header label: rows, groups, unknown words
    for h in al.hits:
        if h.match and h.match.ref.role in ("column", "header", "block"):
            continue
        names[h.label.row] = names.get(h.label.row, 0) + 1
        if h.match and h.match.ref.role == "row":
            rows[h.label.row] = rows.get(h.label.row, 0) + 1
    suspects = {row for row, n in rows.items() if n >= 2 or names[row] >= 4}
    if not suspects:
        return suspects  # the usual case, decided without looking at the values
    valued = {v.row for h in al.hits for v in h.values if v.filled} | {c.row for c in al.stray if c.filled}
    return suspects - valued


_MISSING = Cell(value=None, raw="", line=None, missing=True)


def _cell(raw: RawCell | Cell | None, uncertain: bool) -> Cell:
    if raw is None:
        return _MISSING
    if isinstance(raw, Cell):
        return raw  # cut out of a digit run
    return Cell(parse_number(raw.text), raw.text, raw.line, False, uncertain)


class _Once:
    """A yes-or-no worked out on first asking."""

    def __init__(self, compute: Callable[[], bool]) -> None:
        self._compute = compute
        self._answer: bool | None = None

    def __call__(self) -> bool:
        if self._answer is None:
            self._answer = bool(self._compute())
        return self._answer


class _Usual:
    """The most common (leading, trailing) pair of a table's rows, worked out on first asking."""

    def __init__(self, compute: Callable[[], list[tuple[int, int]]]) -> None:
        self._compute = compute
        self._answer: tuple[int, int] | None = None

    def __call__(self) -> tuple[int, int]:
        if self._answer is None:
            pairs = self._compute()
            self._answer = max(set(pairs), key=pairs.count) if pairs else (0, 0)
        return self._answer


def _edges(values: list[RawCell]) -> tuple[int, int]:
    """How many empty cells stand before the first value and after the last."""
    lead = next((k for k, v in enumerate(values) if v.filled), len(values))
    trail = next((k for k, v in enumerate(reversed(values)) if v.filled), len(values))
    return lead, trail


def _surely_run(values: list[RawCell], n: int) -> bool:
    if any(v.joined for v in values):
        return True
    texts = [v.text for v in values if v.filled]
    # What runs.looks_run_together asks, first in the plain words that rule out most rows.
    if not any(len(t) > 1 and (t[0] == "0" or "-" in t[1:] or " " in t) for t in texts) and \
            not (len(texts) == 1 and len(texts[0]) >= n > 1):
        return False
    return runs.looks_run_together(texts, n)


def _fit(values: list[RawCell], columns: tuple[Column, ...], rows: int, label_row: int, leading_first: bool,
         glued: Callable[[], bool] = lambda: False, span: int = 0, surplus: Callable[[], bool] = lambda: False,
         padding: Callable[[], tuple[int, int]] = lambda: (0, 0),
         ) -> tuple[Sequence[RawCell | Cell | None], Deviation | None]:
    """Choose the cells of `rows` rows of `columns` from the cells that follow a label.

    Empty cells beyond the width are merged-cell padding. Where the padding could sit on either
    side and the choice changes the values, the row is marked ambiguous rather than guessed.
    Values written together (`1000001`) are cut into cells only where the cut is certain; `glued`
    says that other rows of the table surely were (so a short row is one too, not a row of blanks).
    `span` is the table's widest row: a one-cell row whose one value fills all of it was spanned.
    `surplus` says that other rows of the table hold more values than columns; `padding` is how many
    empty cells the table's rows usually have before and after their values."""
    n = len(columns) * rows
    # Numbers apart by spaces in one cell (`0 1 1 0 2`, a row of table 四 on a line of its own)
    # are that many cells: the spaces are the separators.
    vals = [RawCell(t, v.line, v.row) for v in values for t in v.text.split()] \
        if any(" " in v.text and _SPACED.match(v.text) for v in values) else list(values)
    while len(vals) > n and not vals[-1].filled and vals[-1].row != label_row:
        vals.pop()  # padding that belongs to the next source row
    m = len(vals)
    if m == n:
        return vals, None
    if m == 0:
        return [Cell(None, "", None) for _ in range(n)], None  # a label with nothing after it: blank
    if m < n and (_surely_run(vals, n) or glued()):
        texts = [v.text for v in vals if v.filled]
        if runs.pieces(texts):
            return _cut_run(vals, texts, columns, rows)
    if m < n:
        return vals + [None] * (n - m), Deviation(
            kind="structure", issue="missing-cells", table="", expected=str(n), found=str(m),
            values=[v.text for v in vals], data_lost=any(v.filled for v in vals))
    if span and m == span and n == 1 and len({v.text for v in vals}) == 1 and vals[0].filled:
        return vals[:1], None  # a value repeated into every slot its span covers (docling)
    lead = next((k for k, v in enumerate(vals) if v.filled), m)
    trail = next((k for k, v in enumerate(reversed(vals)) if v.filled), m)
    extra = m - n
    lo, hi = max(0, extra - trail), min(lead, extra)
    if lo <= hi:
        start = hi if leading_first else lo
        windows = {tuple(c.text for c in vals[s:s + n]) for s in range(lo, hi + 1)}
        # In a table whose rows carry a value too many (a hidden column), an empty cell at the edge
        # may be a blank as well as padding: it is never dropped in silence.
        # In a table whose rows carry a value too many (a hidden column), an empty cell dropped
        # beyond the padding its rows usually have may be a blank as well: never dropped in silence.
        usual_lead, usual_trail = padding()
        if len(windows) == 1 and not (surplus() and (start > usual_lead or m - start - n > usual_trail)):
            return vals[start:start + n], None
        return vals[start:start + n], Deviation(
            kind="structure", issue="ambiguous-blanks", table="", expected=str(n), found=str(m),
            values=[v.text for v in vals])
    inner = vals[lead:m - trail]
    windows = {tuple(c.text for c in inner[s:s + n]) for s in range(len(inner) - n + 1)}
    return inner[:n], Deviation(
        kind="structure", issue="extra-cells", table="", expected=str(n), found=str(len(inner)),
        values=[v.text for v in inner[n:]], data_lost=len(windows) > 1)


def _cut_run(vals: list[RawCell], texts: list[str], columns: tuple[Column, ...],
             rows: int) -> tuple[Sequence[Cell | None], Deviation | None]:
    """The cells of a digit run, each marked inferred and keeping the whole run as its raw text;
    or, where the cut is not certain, no cells and a deviation quoting the run."""
    n = len(columns) * rows
    kinds, totals = run_shape(columns, rows)
    cut = runs.split(texts, kinds, totals)
    run = " ".join(texts)
    if cut is not None:
        line = vals[0].line
        return [InferredCell(parse_number(c), run, line) for c in cut], None
    issue = "missing-cells" if runs.digits(texts) < n else "not-separable"
    return [None] * n, Deviation(kind="structure", issue=issue, table="", expected=str(n), found=str(len(vals)),
                                 values=[run], data_lost=True)


def _inline_values(al: Alignment, found: dict[str, _Hit]
                   ) -> tuple[dict[str, Sequence[RawCell | Cell | None]] | None, Deviation | None]:
    """Table 四 writes the values of all its rows on one line after the header.
    Returns ({row_key: cells}, deviation) or (None, None) when the rows carry their own values."""
    block = next((b for b in al.template.blocks if b.inline), None)
    if block is None or not al.stray:
        return None, None
    if any(v.filled for r in block.rows if r.key in found for v in found[r.key].values):
        return None, None
    stray = al.stray
    if al.family != "lines":
        # Header rows end in padding of their own: keep the row(s) that hold the data line.
        filled_rows = {c.row for c in stray if c.filled} or {stray[-1].row}
        stray = [c for c in stray if c.row in filled_rows]
    width = len(block.columns)
    cells, dev = _fit(stray, block.columns, len(block.rows), stray[0].row, al.family == "tab-grid")
    rows = {row.key: cells[r * width:(r + 1) * width] for r, row in enumerate(block.rows)}
    return rows, dev.model_copy(update={"line": stray[0].line}) if dev else None


def _column_order(al: Alignment, block: Block, devs: list[Deviation]) -> tuple[Column, ...]:
    """Columns in the order the header writes them, when one header line names them all;
    otherwise the template's order (multi-row headers with merged cells say nothing of order)."""
    if al.family not in ("tab-grid", "pipe-rows") or block.inline or len(block.columns) < 2:
        return block.columns
    by_row: dict[int, list[str]] = {}
    for h in al.hits:
        if h.match and h.match.ref.role == "column" and h.match.ref.block == block.index and h.match.ref.key is not None:
            by_row.setdefault(h.label.row, []).append(h.match.ref.key)
    keys = [c.key for c in block.columns]
    for written in by_row.values():
        if sorted(written) == sorted(keys) and written != keys:
            if not any(d.issue == "column-order" and d.expected == "/".join(keys) for d in devs):
                devs.append(Deviation(kind="structure", issue="column-order", table=al.template.key,
                                      expected="/".join(keys), found="/".join(written)))
            cols = {c.key: c for c in block.columns}
            return tuple(cols[k] for k in written)
    return block.columns


def _missing_column_labels(al: Alignment, devs: list[Deviation]) -> None:
    seen = {(h.match.ref.block, h.match.ref.key) for h in al.hits if h.match and h.match.ref.role == "column"}
    for block in al.template.blocks:
        for col in block.columns:
            if (block.index, col.key) not in seen:
                devs.append(Deviation(kind="label", issue="column-label-missing", table=al.template.key,
                                      column=col.key, expected=col.label.text))
