"""A statement the section must make: a finding when the section exists and none of `patterns`
(regular expressions over its normalised text) occurs in it. From the 2021 reports on, section 六
states whether 信息处理费 was charged (国办函〔2020〕109号). A missing section is reported by
`section_present`, not here."""

from __future__ import annotations

import re
from typing import Literal

from ..findings import Location
from ..names import section_title
from .base import Hit, Params as Base, Regexes, SectionKey

SUMMARY = "某部分应有的说明（如第六部分的信息处理费收取情况）找不到。"  # for users: rule docs and `audit rules explain`
PLACEHOLDERS = {"default": {"section", "content"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["text_present"]
    section: SectionKey
    patterns: Regexes


_COMPILED: dict[tuple[str, ...], re.Pattern] = {}


def run(report, params: Params, ctx):
    section = report.section(params.section)
    if section is None:
        return
    pattern = _COMPILED.get(tuple(params.patterns))
    if pattern is None:
        pattern = _COMPILED[tuple(params.patterns)] = re.compile("|".join(f"(?:{p})" for p in params.patterns))
    lines = ctx.lines([params.section])
    if any(pattern.search(text) for _, text in lines):
        return
    content = "".join(t.strip() for _, t in lines)
    yield Hit(
        {"section": section_title(params.section), "content": _quote(content)},
        [Location(section=params.section, line=section.line)],
        {"section_text": content[:200]},
    )


def _quote(text: str) -> str:
    if not text:
        return "该部分没有内容"
    return f"该部分只写了“{text[:40]}{'…' if len(text) > 40 else ''}”"
