"""Tables in a layout that does not belong to the report's year.

`layouts` names the table layouts to report; the rule's `applies_to.years` says for which report
years. The 2019 trial format (国办公开办函〔2019〕60号) served the 2019 and 2020 reports; from the
2021 report year on, 国办公开办函〔2021〕30号 applies. One finding naming the tables concerned;
a table whose labels do not tell the formats apart (table 四, or one cut off before the rows
that differ) is never one of them. A document whose tables mix the formats is left to the
`layout_mixed` check, which names both: one defect, one finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Report
from ..names import TABLE_NAMES
from .base import Context, Hit, LayoutName
from .base import Params as Base

# For users: rule docs and `audit rules explain`.
SUMMARY = "统计表所用格式与报告年度不符（2019 年试行格式用于 2019、2020 年度，2021 年度起用新格式）。"
PLACEHOLDERS = {"default": {"year", "layout", "tables"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["layout_for_year"]
    layouts: Annotated[list[LayoutName], Field(description=(
        "要报告的统计表格式，写成带引号的文本：\"2021\"（国办公开办函〔2021〕30号）或 "
        "\"2019\"（国办公开办函〔2019〕60号试行格式）；"
        "用这些格式的统计表都会报告，适用的报告年度由规则的 applies_to.years 指定。标签分不出格式的表（如表四）不报告。"))]


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    if report.layout == "mixed":
        return
    for layout in params.layouts:
        tables = [k for k, t in report.tables.items() if t.layout == layout and t.layout_shown]
        if tables:
            yield Hit(
                {"year": report.meta.year, "layout": layout, "tables": "、".join(TABLE_NAMES[k] for k in tables)},
                [Location(table=k, line=report.tables[k].lines[0] or None) for k in tables],
                {"report_year": report.meta.year, "layout": layout, "tables": tables},
            )
