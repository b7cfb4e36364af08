"""Publication after the deadline. 条例第四十九条: departments of governments at county level and
above publish by 1月31日; a county-level or higher government's own report is published by 3月31日.
Townships are not named; local notices set their date. `deadlines` maps the unit kind
(township, department, county_government; `default` for the rest) to a month-day in the year
after the report year. A report whose page states no date is not assessed here."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, field_validator

from ..findings import Location
from ..model import Report
from .base import Context, Hit
from .base import Params as Base

# For users: rule docs and `audit rules explain`.
SUMMARY = "报告发布日期晚于期限（按单位类型：部门、乡镇 1月31日，县级以上人民政府本级 3月31日，可在配置中修改）。"
PLACEHOLDERS = {"default": {"published", "deadline", "days", "unit_kind", "year"}}
OUTCOMES: tuple[str, ...] = ()
UNIT_KIND_NAMES = {"township": "乡镇（街道）", "department": "政府部门", "county_government": "县级以上人民政府"}


UNIT_KINDS = ("township", "department", "county_government", "default")


class Params(Base):
    kind: Literal["published_by"]
    deadlines: Annotated[dict[str, str], Field(description=(
        "各类单位的发布期限：单位类型: 月-日（MM-DD，指报告年度的次年，如 \"01-31\" 为次年 1月31日）。"
        "单位类型为 township（乡镇、街道）、department（政府部门）、county_government（县级以上人民政府本级）；"
        "必须有 default 一项，未列出的单位类型和未能识别单位的报告按它计算。"))]

    @field_validator("deadlines")
    @classmethod
    def _month_days(cls, deadlines: dict[str, str]) -> dict[str, str]:
        for kind, md in deadlines.items():
            if kind not in UNIT_KINDS:
                raise ValueError(f"没有“{kind}”这种单位类型，可用：{'、'.join(UNIT_KINDS)}")
            m = re.fullmatch(r"(\d{2})-(\d{2})", str(md))
            if not m:
                raise ValueError(f"{kind} 的期限应写成 MM-DD（如 01-31）：{md}")
            try:
                dt.date(2001, int(m.group(1)), int(m.group(2)))
            except ValueError:
                month, day = int(m.group(1)), int(m.group(2))
                raise ValueError(f"{kind} 的期限 {md} 不是一年中的日期（{month} 月没有 {day} 日）") from None
        if "default" not in deadlines:
            raise ValueError("deadlines 需要 default 一项")
        return deadlines


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    meta = report.meta
    if not meta.published or meta.year is None:
        return
    kind = meta.unit_kind or "default"
    md = params.deadlines.get(kind, params.deadlines["default"])
    month, day = (int(x) for x in md.split("-"))
    deadline = dt.date(meta.year + 1, month, day)
    published = dt.date.fromisoformat(meta.published)
    if published <= deadline:
        return
    furniture_line = next((n for n in report.furniture
                           if meta.published_label and meta.published_label in report.lines[n - 1]), None)
    yield Hit(
        {"published": meta.published, "deadline": deadline.isoformat(), "days": (published - deadline).days,
         "unit_kind": UNIT_KIND_NAMES.get(kind, "本单位（未能识别单位类型，按默认期限计）"), "year": meta.year},
        [Location(line=furniture_line)],
        {"published": meta.published, "deadline": deadline.isoformat(), "unit_kind": kind},
    )
