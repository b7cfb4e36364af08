"""Section headings that depart from the official form `一、总体情况`.

`deviations` selects what to report: `numbering-style` (`1、` or `(一)` instead of `一、`),
`unnumbered`, `number-mismatch` (the number is not the section's place), `wording` (the words
differ from the official title, e.g. `总体概述`). One finding lists every heading concerned.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Report
from ..names import section_title
from .base import Context, Hit
from .base import Params as Base

SUMMARY = "部分标题的序号或措辞与国家格式“一、总体情况”等不同。"  # for users: rule docs and `audit rules explain`
PLACEHOLDERS = {"default": {"count", "headings"}}
OUTCOMES: tuple[str, ...] = ()

Deviation = Literal["numbering-style", "unnumbered", "number-mismatch", "wording"]


class Params(Base):
    kind: Literal["heading_style"]
    deviations: Annotated[list[Deviation], Field(description=(
        "要报告的标题问题，可多选：numbering-style（序号写成“1、”“(一)”等而不是“一、”）、unnumbered（没有序号）、"
        "number-mismatch（序号与该部分的位置不符）、wording（措辞与国家格式不同，如“总体概述”）。"
        "涉及的标题合并为一条问题。"))]


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    concerned = [s for s in report.sections if set(s.deviations) & set(params.deviations)]
    if not concerned:
        return
    described = "；".join(f"第 {s.line} 行“{s.heading}”应为“{section_title(s.key)}”" for s in concerned)
    yield Hit(
        {"count": len(concerned), "headings": described},
        [Location(section=s.key, line=s.line) for s in concerned],
        {"headings": [{"section": s.key, "written": s.heading, "official": section_title(s.key),
                       "deviations": s.deviations} for s in concerned]},
    )
