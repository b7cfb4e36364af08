"""Blank cells in the statistical tables.

A cell with nothing in it (or `/`, `-`, `—`, `无`) is blank: the unit must write 0 where nothing
happened. A blank is never read as 0. One finding per table, naming every blank cell; a row that
is blank throughout is named once as a whole row. Cells that are missing from the text altogether
(a dropped row) are structure findings, not blank cells.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Cell, Report
from ..names import TABLE_NAMES
from ._text import cells_by_row
from .base import Context, Hit, PathExpr
from .base import Params as Base

# For users: rule docs and `audit rules explain`.
SUMMARY = "统计表中的空白单元格（空、“/”“-”“—”“无”）；空白不等于 0，每张表报告一次。"
PLACEHOLDERS = {"default": {"table", "count", "cells"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["cells_filled"]
    cells: Annotated[PathExpr, Field(description=(
        "要检查是否空白的单元格，"
        "用 jsonpath 表达式选取，写成 `$.tables.表.rows.行.列`：表为 active（表二）、requests（表三）或 appeals（表四），"
        "`*` 表示全部，如 `$.tables.requests.rows.*.total` 为表三的“总计”列。"
        "默认 `$.tables.*.rows.*.*`，即三张表的全部单元格；"
        "选不到任何单元格的路径在读取规则时报错。"))] = "$.tables.*.rows.*.*"


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    by_table: dict[str, list[tuple[str, str, Cell]]] = {}
    for table, row, col, cell in ctx.cells(params.cells):
        if cell.blank:
            by_table.setdefault(table, []).append((row, col, cell))
    for table, blanks in by_table.items():
        t = report.tables[table]
        widths = {r: len(cols) for r, cols in t.rows.items()}
        yield Hit(
            {"table": TABLE_NAMES[table], "count": len(blanks), "cells": cells_by_row(table, t.layout, blanks, widths)},
            [Location(table=table, row=r, column=c, line=cell.line) for r, c, cell in blanks],
            {"blank": [{"row": r, "column": c, "raw": cell.raw, "line": cell.line} for r, c, cell in blanks]},
        )
