"""A section that says nothing: empty, or only a word such as `无`. The format asks section 五
for the main problems and how they were addressed; `无` is not an answer ("不能遗漏，也不宜泛化")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Report
from ..names import section_title
from .base import Context, Hit, SectionKey
from .base import Params as Base

SUMMARY = "某部分没有实际内容：空白或只写“无”。"  # for users: rule docs and `audit rules explain`
PLACEHOLDERS = {"default": {"section", "content"}}
OUTCOMES: tuple[str, ...] = ()

_NOISE = re.compile(r"[\s\W_]+")


class Params(Base):
    kind: Literal["section_substance"]
    section: Annotated[SectionKey, Field(description=(
        "要检查的部分，写部分键名：overview、active、requests、appeals、problems、other（依次为第一至第六部分）。"
        "该部分缺失时不在此报告。"))]
    # what counts as saying nothing, compared without punctuation
    empty_words: Annotated[list[str], Field(description=(
        "算作“没有内容”的写法，如 无、暂无。与该部分去掉空白和标点后的全部正文整体比较，完全相同才算，所以不要带标点。"))]
    # fewer characters than this, punctuation aside, say nothing either
    min_chars: Annotated[int, Field(description=(
        "去掉空白和标点后少于这个字数的部分也算没有内容；整数，默认 10。"))] = 10


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    section = report.section(params.section)
    if section is None:
        return
    text = "".join(t for _, t in ctx.lines([params.section]))
    bare = _NOISE.sub("", text)
    if bare and bare not in params.empty_words and len(bare) >= params.min_chars:
        return
    yield Hit(
        {"section": section_title(params.section), "content": f"只写了“{text.strip()}”" if bare else "没有内容"},
        [Location(section=params.section, line=section.line)],
        {"section_text": text.strip()},
    )
