"""Two or more reports of one unit for one year in the same run.

A unit publishes one annual report a year; two files for the same unit and year are a
resubmission, a draft sent with the final text, or two units that name themselves alike. Every
report of the set is reported, each naming the others: which one counts is for the reviewer.
Units are matched as everywhere across reports: by the roster where there is one, else by the
normalised unit name (engine/units.py) and group.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..findings import Location
from ..model import Report
from .base import Context, Hit
from .base import Params as Base

SUMMARY = "同一单位同一年度报送了两份以上报告（重复报送、草稿与定稿同时报送，或单位名称混淆），每一份都报告并列出其余各份。"
PLACEHOLDERS = {"default": {"unit", "year", "count", "others"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["duplicate_report"]


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    if ctx.across is None or not ctx.across.duplicates:
        return
    others = ctx.across.duplicates
    yield Hit(
        {"unit": ctx.across.roster_unit or report.meta.agency or "（未识别单位）", "year": report.meta.year,
         "count": len(others) + 1, "others": "、".join(others)},
        [Location(path=p) for p in others],
        {"others": list(others)},
    )
