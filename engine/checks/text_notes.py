"""Damaged text found while reading and normalising: mojibake (replacement characters, `?` standing
for a lost character, the remains of a pinyin gloss whose character was lost), or numbers read from
a picture with too little confidence to be used (`ocr_uncertain`, with their page and position).
Damaged text cannot be read reliably by a reviewer or by the other checks. One finding listing
every place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Report
from ._text import line_list
from .base import Context, Hit
from .base import Params as Base

# for users: rule docs and `audit rules explain`
SUMMARY = "正文中的乱码（替换字符、问号代替的汉字、残留的拼音注音），或从图片中识别、识别不确定的数字。"
PLACEHOLDERS = {"default": {"count", "lines", "examples"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["text_notes"]
    note: Annotated[Literal["mojibake", "ocr_uncertain"], Field(description=(
        "要报告的文本问题种类：mojibake（乱码：替换字符、代替汉字的问号、残留的拼音注音），"
        "或 ocr_uncertain（从图片中识别、识别不确定的数字，没有用于核对）；默认 mojibake。"))] = "mojibake"
    max_examples: Annotated[int, Field(description=(
        "提示信息的 {examples} 最多引用几处乱码及其上下文；整数，默认 3。{lines} 仍列出全部行号。"))] = 3


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    notes = [n for n in report.normalisation.notes if n.kind == params.note]
    if not notes:
        return
    examples = "、".join(f"“{n.context}”" for n in notes[: params.max_examples])
    yield Hit(
        {"count": len(notes), "lines": line_list(n.line for n in notes), "examples": examples},
        [Location(line=n.line) for n in notes],
        {"notes": [n.model_dump() for n in notes]},
    )
