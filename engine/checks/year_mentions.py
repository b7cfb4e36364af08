"""Narrative that speaks of a year other than the report's: a report copied from last year whose
year was not changed everywhere. `pattern` finds a year spoken of as the year of the work
(`2022年，我镇…`, `2022年度`, `2022年以来`); years at `allowed_offsets` from the report year are fine
(0: the year itself, 1: plans for next year). One finding listing every other mention."""

from __future__ import annotations

import re
from typing import Literal

from ..findings import Location
from .base import Hit, Params as Base, Regex, TextScope

SUMMARY = "正文把另一个年份当作工作年度来写，可能沿用了往年的报告。"  # for users: rule docs and `audit rules explain`
PLACEHOLDERS = {"default": {"year", "mentions"}}
OUTCOMES: tuple[str, ...] = ()


YearPattern = Regex("year")


class Params(Base):
    kind: Literal["year_mentions"]
    scopes: list[TextScope]
    pattern: YearPattern
    allowed_offsets: list[int] = [0, 1]


def run(report, params: Params, ctx):
    year = report.meta.year
    if year is None:
        return
    pattern = re.compile(params.pattern)
    allowed = {year + k for k in params.allowed_offsets}
    found = []
    for n, text in ctx.lines(params.scopes):
        for m in pattern.finditer(text):
            if int(m.group("year")) not in allowed:
                found.append((n, m.group(0), text[max(0, m.start() - 6): m.end() + 10]))
    if not found:
        return
    mentions = "；".join(f"第 {n} 行“{ctx_text}”" for n, _, ctx_text in found[:5])
    yield Hit(
        {"year": year, "mentions": mentions + ("等" if len(found) > 5 else "")},
        [Location(line=n) for n, _, _ in found],
        {"report_year": year, "mentions": [{"line": n, "text": t} for n, t, _ in found]},
    )
