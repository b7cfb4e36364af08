"""Narrative that speaks of a year other than the report's: a report copied from last year whose
year was not changed everywhere. `pattern` finds a year spoken of as the year of the work
(`2022年，我镇…`, `2022年度`, `2022年以来`); years at `allowed_offsets` from the report year are fine
(0: the year itself, 1: plans for next year). One finding listing every other mention."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Report
from .base import Context, Hit, Regex, TextScope
from .base import Params as Base

SUMMARY = "正文把另一个年份当作工作年度来写，可能沿用了往年的报告。"  # for users: rule docs and `audit rules explain`
PLACEHOLDERS = {"default": {"year", "mentions"}}
OUTCOMES: tuple[str, ...] = ()


YearPattern = Annotated[str, Regex("year")]


class Params(Base):
    kind: Literal["year_mentions"]
    scopes: Annotated[list[TextScope], Field(description=(
        "在哪里查找：preamble（第一个部分标题之前的文字）或部分键名 overview、active、requests、appeals、problems、other"
        "（依次为第一至第六部分的正文）。"))]
    pattern: Annotated[YearPattern, Field(description=(
        "找出“作为工作年度提到的年份”（如“2022年，我镇…”“2022年度”“2022年以来”）的 Python 正则表达式，"
        "逐行匹配规范化后的正文（全角数字和标点已转半角）；必须有命名分组 `(?P<year>…)` 取出四位年份。"))]
    allowed_offsets: Annotated[list[int], Field(description=(
        "允许的年份与报告年度之差，整数列表：0 为报告年度本身，1 为下一年（写工作计划），-1 为上一年。"
        "默认 [0, 1]。"))] = [0, 1]


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
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
