"""Tables whose shape differs from the template: cells or rows too many or too few.

`issues` selects what to report: `extra-cells`, `missing-cells`, `ambiguous-blanks` (padding
that could sit on either side of a blank, so the blank's column cannot be told),
`missing-row`, `duplicate-row`, `unassigned-values` (values after text that is no row label),
`column-order`, `not-separable` (digits run together that cannot be cut with certainty:
`1077` for three columns is 1/0/77 or 10/7/7; never split by guess), `extra-row` (a row a
provincial format adds, named in the template's `extra_rows`).
Deviations where values could not be placed in the model are reported under the outcome
`data_lost` (a defect to fix); the rest under the default outcome. One finding per table and
outcome.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..labels import without_note
from ..model import Deviation, Report
from ..names import TABLE_NAMES, row_name
from ._text import line_list
from .base import Context, Hit
from .base import Params as Base

# For users: rule docs and `audit rules explain`.
SUMMARY = ("统计表的行列结构与国家格式不同：单元格多出或缺少、缺行、重复行、无法对应的数值；"
           "数据无法对应时按更严重的结果报告。")
PLACEHOLDERS = {"default": {"table", "count", "details"}, "data_lost": {"table", "count", "details"}}
OUTCOMES = ("data_lost",)

Issue = Literal["extra-cells", "missing-cells", "ambiguous-blanks", "missing-row", "duplicate-row",
                "unassigned-values", "column-order", "not-separable", "extra-row"]


class Params(Base):
    kind: Literal["table_structure"]
    issues: Annotated[list[Issue], Field(description=(
        "要报告的结构问题，可多选：extra-cells（一行的数值比列数多）、missing-cells（一行的数值比列数少）、"
        "ambiguous-blanks（有多余的空单元格，分不清空白属于哪一列）、missing-row（缺行）、duplicate-row（重复行）、"
        "unassigned-values（数值前的文字不是模板中的行标签，数值无法对应）、column-order（列的顺序与模板不同）、"
        "not-separable（数字连写、无法唯一拆分）、extra-row（省、市格式增加的行，见模板的 extra_rows）。"
        "数据无法对应到单元格的按结果 data_lost 报告，其余按默认结果报告。"))]


def _describe(issue: str, devs: list[Deviation], table: str, layout: str) -> str:
    lines = line_list(d.line for d in devs)
    n = len(devs)
    if issue == "extra-cells":
        extra = sorted({v for d in devs for v in d.values})
        return (f"{n} 行的数值比表格列数（{devs[0].expected} 列）多（{lines}），"
                f"多出的值：{'、'.join(extra) or '空白'}")
    if issue == "missing-cells":
        return f"{n} 行的数值比表格列数少（{lines}），无法确定缺的是哪一列"
    if issue == "ambiguous-blanks":
        return f"{n} 行有多余的空单元格，无法确定空白格属于哪一列（{lines}）"
    if issue == "missing-row":  # names its row always
        return "缺少以下行：" + "、".join(f"“{row_name(table, d.row or '', layout)}”" for d in devs)
    if issue == "duplicate-row":
        return "以下行重复出现：" + "、".join(f"“{d.found}”（第 {d.line} 行）" for d in devs)
    if issue == "extra-row":
        return "多出国家格式中没有的行（省、市自行增加的行，其数值不参与核对）：" + "；".join(
            f"第 {d.line} 行“{without_note(d.found or '')}”"
            + (f"（{'、'.join(v or '空白' for v in vals)}）" if vals else "")
            for d in devs for vals in [_trimmed(d.values)])
    if issue == "unassigned-values":
        return "以下数值无法对应到模板中的行：" + "；".join(
            f"第 {d.line} 行{('“' + d.found + '”') if d.found else ''}后的 {'、'.join(v or '空白' for v in d.values)}"
            for d in devs)
    if issue == "not-separable":
        runs = "；".join(f"第 {d.line} 行“{d.values[0]}”" if d.line else f"“{d.values[0]}”" for d in devs)
        return (f"{n} 行的数字连写、无法拆分：{runs}（拆成各列的方式不止一种，或没有一种与本行总计相符；"
                "不能猜测，请按列重新填写）")
    if issue == "column-order":
        return "列的顺序与模板不同"
    return issue


def _trimmed(values: list[str]) -> list[str]:
    """Values without the empty cells that close a row (`0 | 0 | 0 | |`)."""
    while values and not values[-1]:
        values = values[:-1]
    return values


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    for key, table in report.tables.items():
        devs = [d for d in table.deviations if d.kind == "structure" and d.issue in params.issues]
        for outcome in ("default", "data_lost"):
            chosen = [d for d in devs if d.data_lost == (outcome == "data_lost")]
            if not chosen:
                continue
            by_issue: dict[str, list[Deviation]] = {}
            for d in chosen:
                by_issue.setdefault(d.issue, []).append(d)
            details = "；".join(_describe(i, ds, key, table.layout) for i, ds in by_issue.items())
            yield Hit(
                {"table": TABLE_NAMES[key], "count": len(chosen), "details": details},
                [Location(table=key, row=d.row, line=d.line) for d in chosen],
                {"deviations": [d.model_dump(exclude_defaults=True) for d in chosen]},
                outcome=outcome,
            )
