"""A report whose unit is not on the roster the run was given (`audit run --roster FILE`).

Either the roster lacks the unit, or the report names its unit in a way the roster does not
know (add it as an alias, 别名), or the unit could not be read from the report at all. Without a
roster the check says nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..model import Report
from .base import Context, Hit
from .base import Params as Base

SUMMARY = "报告的单位不在名单上（名单缺少该单位，或报告中的单位名称与名单不一致，可在名单中加别名）；未提供名单时不检查。"
PLACEHOLDERS = {"default": {"unit", "roster"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["roster_listed"]


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    if ctx.across is None or ctx.across.roster != "unlisted":
        return
    yield Hit({"unit": report.meta.agency or "（未能从报告中识别单位名称）", "roster": ctx.across.roster_path or ""},
              [], {"unit": report.meta.agency})
