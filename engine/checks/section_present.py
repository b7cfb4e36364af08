"""A section of the six is missing.

The report must have all six sections of the national format (条例第五十条, 国办公开办函〔2021〕30号).
A section is recognised by its key phrase whatever its numbering, so a finding here means that no
heading carrying the phrase was found at all. One finding per missing section.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Report
from ..names import section_title
from ..vocab import vocab
from .base import Context, Hit, SectionKey
from .base import Params as Base

SUMMARY = "六个部分中缺少某一部分（按标题关键词识别，不论序号写法）。"  # for users: rule docs and `audit rules explain`
PLACEHOLDERS = {"default": {"section"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["section_present"]
    sections: Annotated[list[SectionKey], Field(description=(
        "报告必须有的部分，写部分键名：overview（一、总体情况）、active（二、主动公开政府信息情况）、"
        "requests（三、收到和处理政府信息公开申请情况）、appeals（四、政府信息公开行政复议、行政诉讼情况）、"
        "problems（五、存在的主要问题及改进情况）、other（六、其他需要报告的事项）。每缺一个部分报告一条。"))]


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    for key in params.sections:
        if report.section(key) is None:
            line = _where_it_belongs(report, key)
            yield Hit({"section": section_title(key)}, [Location(section=key, line=line)],
                      {"section": key, "line": line})


def _where_it_belongs(report: Report, key: str) -> int | None:
    """The line where the missing section should have started: after the table of the section
    before it (its text stands there, under no heading), else at the heading of the next one."""
    order = [s.key for s in vocab().sections]
    before = [s for s in report.sections if order.index(s.key) < order.index(key)]
    after = [s for s in report.sections if order.index(s.key) > order.index(key)]
    if before:
        previous = before[-1]
        table = report.tables.get(previous.key)
        if table is not None and table.lines[1] and table.lines[1] < previous.end_line:
            after_table = range(table.lines[1] + 1, previous.end_line + 1)
            return next((n for n in after_table if report.lines[n - 1].strip()), after_table[0])
    if after:
        return after[0].line
    return before[-1].end_line + 1 if before else None
