"""Figures that changed by a large factor since the same unit's report of the year before.

Not a defect in itself (a township may receive ten times the requests after a land acquisition),
so rules give it a low severity: the reviewer should look at it. A cell counts when it and last
year's cell with the same key both hold numbers, the larger is at least `min_value`, and the
larger is at least `factor` times the smaller (a rise from 0 counts once the new figure reaches
`min_value`). Blank cells are left to the rules on blanks: with a blank there is no change to
measure. One finding per report lists every such cell with both years' values and lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Report
from ..names import TABLE_NAMES, cell_name
from ._text import fmt
from .base import Context, Hit, PathExpr
from .base import Params as Base

SUMMARY = ("与同一单位上一年度报告相比，数字变化达到一定倍数（如本年新收申请数为上年的 10 倍以上），提示核实。"
           "只比较相邻年度。")
PLACEHOLDERS = {"default": {"count", "cells", "factor", "year", "last_year", "last_path"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["cross_year_jump"]
    cells: Annotated[PathExpr, Field(description=(
        "比较哪些单元格，用 jsonpath 表达式选取，写成 `$.tables.表.rows.行.列`，"
        "如 `$.tables.requests.rows.new_received.total`（表三本年新收申请的总计）。"))]
    factor: Annotated[float, Field(gt=1, description="变化倍数达到多少时报告（较大的数 ≥ 较小的数 × 倍数），如 10。")] = 10
    min_value: Annotated[float, Field(ge=0, description=(
        "两年中较大的数至少为多少才报告，免得 1 变 10 这样的小数字也报告；默认 10。"))] = 10


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    last = ctx.previous
    if last is None or ctx.across is None:
        return
    last_path = ctx.across.previous or last.source.path
    jumps = []
    for table, row, col, cell in ctx.cells(params.cells):
        before_table = last.tables.get(table)
        before = before_table.rows.get(row, {}).get(col) if before_table else None
        if before is None or cell.value is None or before.value is None or cell.uncertain or before.uncertain:
            continue
        low, high = sorted((abs(before.value), abs(cell.value)))
        if high >= params.min_value and high >= low * params.factor:
            jumps.append((table, row, col, before, cell))
    if not jumps:
        return
    layout = {t: report.tables[t].layout for t, *_ in jumps}
    described = "；".join(
        f"{TABLE_NAMES[t]}“{cell_name(t, r, c, layout[t])}”由 {fmt(b.value)}（{last.meta.year} 年，第 {b.line} 行）"
        f"变为 {fmt(a.value)}（第 {a.line} 行）" for t, r, c, b, a in jumps)
    yield Hit(
        {"count": len(jumps), "cells": described, "factor": fmt(params.factor), "year": report.meta.year,
         "last_year": last.meta.year, "last_path": last_path},
        [loc for t, r, c, b, a in jumps for loc in (
            Location(table=t, row=r, column=c, line=a.line),
            Location(path=last_path, table=t, row=r, column=c, line=b.line))],
        {"last_path": last_path,
         "cells": [{"table": t, "row": r, "column": c, "label": f"{TABLE_NAMES[t]}“{cell_name(t, r, c, layout[t])}”",
                    "value": a.value, "last_value": b.value} for t, r, c, b, a in jumps]},
    )
