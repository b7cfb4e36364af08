"""Small helpers for Chinese messages."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Cell, Number
from ..names import column_name, row_name


def line_list(lines: Iterable[int | None]) -> str:
    """[49, 50, 51, 53] -> '第 49–51、53 行'."""
    nums = sorted({n for n in lines if n})
    if not nums:
        return ""
    runs, start, prev = [], nums[0], nums[0]
    for n in nums[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(f"{start}" if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return f"第 {'、'.join(runs)} 行"


def fmt(value: Number | None) -> str:
    if value is None:
        return "空白"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cells_by_row(table: str, layout: str, cells: list[tuple[str, str, Cell]], row_width: dict[str, int]) -> str:
    """'6.属于四类过程性信息 / 商业企业；(一)予以公开（整行）' — rows in order, whole rows named once."""
    rows: dict[str, list[str]] = {}
    for row, col, _ in cells:
        rows.setdefault(row, []).append(col)
    parts = []
    for row, cols in rows.items():
        name = row_name(table, row, layout)
        if len(cols) == row_width.get(row, -1) and len(cols) > 1:
            parts.append(f"{name}（整行）")
        else:
            parts.append(f"{name} / {'、'.join(column_name(table, c, layout) for c in cols)}")
    return "；".join(parts)


CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def number(text: str) -> int | None:
    """'12' -> 12, '十二' -> 12, '一百零五' -> 105, '两' -> 2."""
    text = text.replace(",", "")
    if text.isdigit():
        return int(text)
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            unit = CN_UNITS[ch]
            if unit == 10000:
                total += (section + (digit or 0)) * unit
                section, digit = 0, None
            else:
                section += (1 if digit is None else digit) * unit
                digit = None
        else:
            return None
    return total + section + (digit or 0)


_CLAUSE_END = re.compile(r"[,;。!?]")


def clause(text: str, start: int, end: int, limit: int = 60) -> str:
    """The clause of `text` around [start, end): from the last , ; 。 before it to the next one."""
    left = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    m = _CLAUSE_END.search(text, end)
    right = m.start() if m else len(text)
    quoted = text[left:right].strip()
    return quoted if len(quoted) <= limit else text[start:end].strip()


_SENTENCE_END = re.compile(r"[。!?;]")


def sentence(text: str, start: int, end: int, limit: int = 80) -> str:
    """The sentence of `text` around [start, end) (from the last 。!?; before it to the next one):
    what a reviewer reads to trust a match. A sentence longer than `limit` is cut to `limit`
    characters from the clause that holds the match, marked with …."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    m = _SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    if right - left > limit:
        left = max([left] + [m.end() for m in _CLAUSE_END.finditer(text, left, start)])
        if right - left > limit:
            right, more = max(left + limit, end), "…"
            return text[left:right].strip() + more
    return text[left:right].strip()
