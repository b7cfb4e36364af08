"""A figure stated in the narrative that no reading of the tables supports.

`statements` are regular expressions that find the figure (named group `n`, Arabic or Chinese
numerals) or state it outright (`value`, e.g. 0 for `未收到…申请`). `readings` are the sums of
cells the figure may count — narratives often count 受理/收到 as new plus carried-over
applications — and a figure is reported only when no reading that can be computed equals it.
Readings that need a blank cell are skipped; if none can be computed nothing is reported
(the blank cells are findings of their own). In a section that holds a table only sentences
(lines with a full stop) are read: a table row never has one, and a row such as
`本年新收政府信息公开申请数量 3件` is not a statement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..findings import Location
from ..model import Cell, Number, Report
from ..names import TABLE_NAMES, cell_name
from ._text import clause, fmt, number
from .base import Context, Hit, Ref, Regex, TextScope
from .base import Params as Base

# For users: rule docs and `audit rules explain`.
SUMMARY = "正文中的数字与统计表不符；只有当任何一种合理的理解（如“受理”含上年结转）都对不上时才报告。"
PLACEHOLDERS = {"default": {"subject", "quote", "number", "readings", "line"}}
OUTCOMES: tuple[str, ...] = ()
_CELL_REF = re.compile(r"^(active|requests|appeals)\.[a-z_]+\.[a-z_]+$")


Pattern = Annotated[str, Regex()]


class Statement(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    # with (?P<n>…) for the figure, unless `value` states it
    pattern: Annotated[Pattern, Field(description=(
        "找出正文中所说数字的 Python 正则表达式，"
        "逐行匹配规范化后的正文（繁体已转简体，全角数字和标点如“，；：（）”已转半角）。"
        "用命名分组 `(?P<n>…)` 取出数字（阿拉伯数字，或“十二”“两”等中文数字）；不写 value 时必须有这个分组。"))]
    value: Annotated[int | None, Field(description=(
        "这句话本身表示的数字，整数，如“未收到…申请”为 0；写了 value 就不读分组 n。默认不写（从分组 n 读取）。"))] = None

    @model_validator(mode="after")
    def _figure(self) -> Statement:
        if self.value is None and "n" not in re.compile(self.pattern).groupindex:
            raise ValueError("正则表达式要有命名分组 (?P<n>…) 取出数字，或者写 value 说明这句话表示的数字")
        return self


class Params(Base):
    kind: Literal["narrative_number"]
    # what the figure counts, for the message
    subject: Annotated[str, Field(description=(
        "正文中的数字指什么，如“收到的政府信息公开申请”；填入提示信息的 {subject}。"))]
    scopes: Annotated[list[TextScope], Field(description=(
        "在哪里查找：preamble（第一个部分标题之前的文字）或部分键名 overview、active、requests、appeals、problems、other"
        "（依次为第一至第六部分的正文）。有统计表的部分只读带句号“。”的句子，表格行不算。"
        "默认 [preamble, overview, requests, appeals, problems, other]。"))] = [
        "preamble", "overview", "requests", "appeals", "problems", "other"]
    statements: Annotated[list[Statement], Field(description=(
        "正文说出这个数字的各种写法，每项有 pattern（正则表达式）和可选的 value；每处匹配取出一个数字来核对。"))]
    # each a sum of cells: table.row.column
    readings: Annotated[list[list[str]], Field(description=(
        "这个数字可能对应的统计表数值，每项是一组单元格之和；单元格写成 表.行.列（表为 active、requests 或 appeals），"
        "如 [requests.new_received.total, requests.carried_over.total]。正文数字与任何一项相等就不报告；"
        "含空白或无法读取的单元格的项略过，全都算不出时不报告。"))]

    @field_validator("readings")
    @classmethod
    def _cells(cls, readings: list[list[str]]) -> list[list[str]]:
        for reading in readings:
            for ref in reading:
                if not _CELL_REF.match(ref):
                    raise ValueError(f"单元格引用应写成 表.行.列（如 requests.new_received.total）：{ref}")
        return readings


def references(params: Params) -> Iterator[Ref]:
    for i, reading in enumerate(params.readings):
        for k, ref in enumerate(reading):
            table, row, column = ref.split(".")
            yield Ref(("readings", i, k), table, row, column)


_PATTERNS: dict[str, re.Pattern] = {}


def _pattern(p: str) -> re.Pattern:
    if p not in _PATTERNS:
        _PATTERNS[p] = re.compile(p)
    return _PATTERNS[p]


# A reading that can be computed: its cell references, their total, the cells (table, row, column, cell).
Computed = tuple[list[str], Number, list[tuple[str, str, str, Cell]]]


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    computed: list[Computed] = []
    for reading in params.readings:
        cells: list[tuple[str, str, str, Cell]] = []
        total: Number = 0
        for ref in reading:
            table, row, col = ref.split(".")
            t = report.tables.get(table)
            cell = t.rows.get(row, {}).get(col) if t else None
            if cell is None or cell.value is None or cell.uncertain:
                break
            cells.append((table, row, col, cell))
            total += cell.value
        else:
            computed.append((reading, total, cells))
    if not computed:
        return
    seen: set[tuple[int, int]] = set()
    # Table sections share their keys with their tables.
    lines = [(n, text) for scope in params.scopes for n, text in ctx.lines([scope])
             if scope not in report.tables or "。" in text]
    for n, text in sorted(lines):
        for st in params.statements:
            for m in _pattern(st.pattern).finditer(text):
                if (n, m.start()) in seen:
                    continue
                seen.add((n, m.start()))
                figure = st.value if st.value is not None else number(m.group("n"))
                if figure is None or any(abs(total - figure) < 1e-9 for _, total, _ in computed):
                    continue
                yield _hit(report, params, n, text, m, figure, computed)


def _hit(report: Report, params: Params, line: int, text: str, m: re.Match[str], figure: int,
         computed: list[Computed]) -> Hit:
    def describe(cells: list[tuple[str, str, str, Cell]], total: Number) -> str:
        names = "与".join(f"“{cell_name(t, r, c, report.tables[t].layout)}”" for t, r, c, _ in cells)
        table = TABLE_NAMES[cells[0][0]]
        return f"{table}{names}{'之和' if len(cells) > 1 else ''}为 {fmt(total)}"

    quote = clause(text, m.start(), m.end())
    return Hit(
        {"subject": params.subject, "quote": quote, "number": fmt(figure), "line": line,
         "readings": "；".join(describe(cells, total) for _, total, cells in computed)},
        [Location(line=line)] + [Location(table=t, row=r, column=c, line=cell.line)
                                 for _, _, cells in computed[:1] for t, r, c, cell in cells],
        {"statement": m.group(0), "figure": figure,
         "readings": [{"cells": reading, "total": total} for reading, total, _ in computed]},
    )
