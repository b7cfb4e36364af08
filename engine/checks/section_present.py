"""A section of the six is missing.

The report must have all six sections of the national format (条例第五十条, 国办公开办函〔2021〕30号).
A section is recognised by its key phrase whatever its numbering, so a finding here means that no
heading carrying the phrase was found at all. One finding per missing section.
"""

from __future__ import annotations

from typing import Literal

from ..findings import Location
from ..names import section_title
from .base import Hit, Params as Base, SectionKey

SUMMARY = "六个部分中缺少某一部分（按标题关键词识别，不论序号写法）。"  # for users: rule docs and `audit rules explain`
PLACEHOLDERS = {"default": {"section"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["section_present"]
    sections: list[SectionKey]


def run(report, params: Params, ctx):
    for key in params.sections:
        if report.section(key) is None:
            yield Hit({"section": section_title(key)}, [Location(section=key)], {"section": key})
