"""Table labels that differ from the official template.

`issues` selects what to report: `alias` (a known variant such as 社会组织 for 社会公益组织),
`fuzzy` (close to one label only), `numbering` (the words match, the list number does not),
`unknown-label` (text in the table that is no label of the template),
`column-label-missing` (a column heading that never appears). One finding per table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Deviation, Report
from ..names import TABLE_NAMES
from .base import Context, Hit
from .base import Params as Base

# For users: rule docs and `audit rules explain`.
SUMMARY = "统计表的行、列标签与国家格式不同（近似写法、序号不同、模板中没有的标签、缺少列标题）。"
PLACEHOLDERS = {"default": {"table", "count", "labels"}}
OUTCOMES: tuple[str, ...] = ()

Issue = Literal["alias", "fuzzy", "numbering", "unknown-label", "column-label-missing"]


class Params(Base):
    kind: Literal["label_deviations"]
    issues: Annotated[list[Issue], Field(description=(
        "要报告的标签问题，可多选：alias（已知的别称，如把“社会公益组织”写成“社会组织”）、fuzzy（与模板中某一个标签相近的写法）、"
        "numbering（文字相同而序号不同）、unknown-label（表中出现模板没有的标签文字）、column-label-missing（某个列标题始终没有出现）。"
        "每张表报告一条。"))]


def _describe(d: Deviation) -> str:
    where = f"第 {d.line} 行" if d.line else ""
    if d.issue == "unknown-label":
        return f"{where}“{d.found}”不是模板中的标签"
    if d.issue == "column-label-missing":
        return f"找不到列标题“{d.expected}”"
    return f"{where}“{d.found}”应为“{d.expected}”"


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    for key, table in report.tables.items():
        devs = [d for d in table.deviations if d.kind == "label" and d.issue in params.issues]
        if not devs:
            continue
        yield Hit(
            {"table": TABLE_NAMES[key], "count": len(devs), "labels": "；".join(_describe(d) for d in devs)},
            [Location(table=key, row=d.row, column=d.column, line=d.line) for d in devs],
            {"labels": [{"issue": d.issue, "found": d.found, "expected": d.expected, "line": d.line} for d in devs]},
        )
