"""A statement the report must make: a finding when none of `patterns` (regular expressions over
the normalised text) occurs in the named section, or, with `section: anywhere`, anywhere in the
report. From the 2021 reports on, section 六 states whether 信息处理费 was charged
(国办函〔2020〕109号). A missing section is reported by `section_present`, not here.
`{content}` tells what the section holds instead: all of it when it is short, else its length
and how it begins."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Report
from ..names import section_title
from .base import Context, Hit, Regexes, SectionKey
from .base import Params as Base

SUMMARY = "某部分应有的说明（如第六部分的信息处理费收取情况）找不到。"  # for users: rule docs and `audit rules explain`
PLACEHOLDERS = {"default": {"section", "content"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["text_present"]
    # anywhere: the whole report, preamble included
    section: Annotated[SectionKey | Literal["anywhere"], Field(description=(
        "在哪里查找：部分键名 overview、active、requests、appeals、problems、other"
        "（依次为第一至第六部分，只查标题下的正文），"
        "或 anywhere（全文，含第一个部分标题之前的文字）。指定的部分缺失时不在此报告。"))]
    patterns: Annotated[Regexes, Field(description=(
        "应有的说明的写法，Python 正则表达式列表，"
        "逐行匹配规范化后的正文（繁体已转简体，全角数字和标点如“，；：（）”已转半角）；"
        "任何一个在任何一行中出现就不报告。"))]


_COMPILED: dict[tuple[str, ...], re.Pattern] = {}


ANYWHERE = ("preamble", "overview", "active", "requests", "appeals", "problems", "other")


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    anywhere = params.section == "anywhere"
    section = None if anywhere else report.section(params.section)
    if section is None and not anywhere:
        return
    pattern = _COMPILED.get(tuple(params.patterns))
    if pattern is None:
        pattern = _COMPILED[tuple(params.patterns)] = re.compile("|".join(f"(?:{p})" for p in params.patterns))
    lines = ctx.lines(ANYWHERE if anywhere else [params.section])
    if any(pattern.search(text) for _, text in lines):
        return
    content = "".join(t.strip() for _, t in lines)
    yield Hit(
        {"section": "全文" if anywhere else section_title(params.section), "content": _content(content, anywhere)},
        [Location(section=None if anywhere else params.section, line=section.line if section else None)],
        {"section_text": content[:200]},
    )


QUOTE_CHARS = 40  # a section this short is quoted whole


def _content(text: str, anywhere: bool) -> str:
    where = "全文" if anywhere else "该部分"
    if not text:
        return f"{where}没有内容"
    if len(text) <= QUOTE_CHARS:
        return f"{where}只写了“{text}”"
    return f"{where}共 {len(text)} 字，开头是“{text[:20]}…”，其中没有相关说明"
