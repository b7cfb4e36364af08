"""Damaged text found while normalising: mojibake (replacement characters, `?` standing for a lost
character, the remains of a pinyin gloss whose character was lost). Damaged text cannot be read
reliably by a reviewer or by the other checks. One finding listing every place."""

from __future__ import annotations

from typing import Literal

from ..findings import Location
from ._text import line_list
from .base import Hit, Params as Base

SUMMARY = "正文中的乱码（替换字符、问号代替的汉字、残留的拼音注音）。"  # for users: rule docs and `audit rules explain`
PLACEHOLDERS = {"default": {"count", "lines", "examples"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["text_notes"]
    note: Literal["mojibake"] = "mojibake"
    max_examples: int = 3


def run(report, params: Params, ctx):
    notes = [n for n in report.normalisation.notes if n.kind == params.note]
    if not notes:
        return
    examples = "、".join(f"“{n.context}”" for n in notes[: params.max_examples])
    yield Hit(
        {"count": len(notes), "lines": line_list(n.line for n in notes), "examples": examples},
        [Location(line=n.line) for n in notes],
        {"notes": [n.model_dump() for n in notes]},
    )
