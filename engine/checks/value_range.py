"""Values that cannot be what the table asks for.

Every count is a whole number and not negative (docs/format.md, A7). Columns whose template kind is
`amount` (收费金额, 采购总金额) may hold decimals; columns of kind `signed` (2019 本年增/减) may be
negative. A cell that holds text that is not a number (`5万`, `十二`) is reported too.
One finding per table listing every such cell with what it holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Cell, Report
from ..names import TABLE_NAMES, cell_name, known_layout
from ..template import load_template
from .base import Context, Hit, PathExpr
from .base import Params as Base

# For users: rule docs and `audit rules explain`.
SUMMARY = "数值不符合要求：件数应为非负整数，金额可有小数，2019 年格式的“本年增/减”可为负数；非数字的内容也报告。"
PLACEHOLDERS = {"default": {"table", "count", "cells"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["value_range"]
    cells: Annotated[PathExpr, Field(description=(
        "要核对数值的单元格（空白单元格不在此报告），"
        "用 jsonpath 表达式选取，写成 `$.tables.表.rows.行.列`：表为 active（表二）、requests（表三）或 appeals（表四），"
        "`*` 表示全部，如 `$.tables.requests.rows.*.total` 为表三的“总计”列。"
        "默认 `$.tables.*.rows.*.*`，即三张表的全部单元格；"
        "选不到任何单元格的路径在读取规则时报错。"))] = "$.tables.*.rows.*.*"


@cache
def _kinds(table: str, layout: str) -> dict[tuple[str, str], str]:
    return {(row.key, col.key): col.values for block, row in load_template(known_layout(layout)).tables[table].rows()
            for col in block.columns}


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    bad: dict[str, list[tuple[str, str, Cell, str]]] = {}
    for table, row, col, cell in ctx.cells(params.cells):
        value = cell.value
        if type(value) is int and value >= 0:
            continue  # the common case, decided without looking further
        if cell.missing or cell.blank:
            continue
        kind = _kinds(table, report.tables[table].layout).get((row, col), "count")
        if cell.value is None:
            why = "不是数字"
        elif cell.value < 0 and kind != "signed":
            why = "是负数"
        elif kind != "amount" and cell.value != int(cell.value):
            why = "不是整数"
        else:
            continue
        bad.setdefault(table, []).append((row, col, cell, why))
    for table, cells in bad.items():
        layout = report.tables[table].layout
        described = "；".join(f"{cell_name(table, r, c, layout)}为“{cell.raw}”，{why}" for r, c, cell, why in cells)
        yield Hit(
            {"table": TABLE_NAMES[table], "count": len(cells), "cells": described},
            [Location(table=table, row=r, column=c, line=cell.line) for r, c, cell, _ in cells],
            {"cells": [{"row": r, "column": c, "raw": cell.raw, "problem": why} for r, c, cell, why in cells]},
        )
