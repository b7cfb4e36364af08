"""Label canonicalisation: the form in which a table label written in a report is compared
with the template. Whitespace goes, brackets, quotes and list numbering are unified."""

from __future__ import annotations

import re
from functools import lru_cache

_UNIFY = str.maketrans(
    {
        "（": "(", "）": ")", "【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")",
        "“": '"', "”": '"', "„": '"', "‟": '"', "＂": '"', "「": '"', "」": '"', "『": '"', "』": '"',
        "‘": '"', "’": '"', "'": '"',
        "：": ":", "，": ",", "；": ";", "．": ".", "／": "/", "－": "-", "—": "-", "–": "-",
    }
)
_SPACE = re.compile(r"\s+")
_DIGIT_LIST = re.compile(r"(?<![\d.])(\d{1,2})[、,](?=\D)")  # "1、属于" -> "1.属于"
# List numbering at the start of a label: 一、 (三) 1. 1、 (2)
NUMBERING = re.compile(r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)[、.]?|\d{1,2}[.、]|\(\d{1,2}\))")


_NOTE = re.compile(r"[(（][^()（）]*[)）]$")  # a bracketed note closing a label


def without_note(text: str) -> str:
    """The label without a note after it, as provincial templates add them:
    '规章(设区的市、自治州人民政府应提供相关数据)' -> '规章'. A label that is all note stays."""
    if not text.endswith((")", "）")):
        return text  # the common case, decided without the pattern
    m = _NOTE.search(text)
    return text[:m.start()] if m and m.start() > 0 else text


@lru_cache(maxsize=65536)
def canon(text: str) -> str:
    text = _SPACE.sub("", text.translate(_UNIFY))
    return _DIGIT_LIST.sub(r"\1.", text)


@lru_cache(maxsize=65536)
def core(text: str) -> str:
    """The canonical label without its list numbering: '(三)不予公开' -> '不予公开'."""
    c = canon(text)
    return NUMBERING.sub("", c, count=1) or c


def canon_positions(text: str) -> tuple[str, list[int]]:
    """The text in the labels' canonical form and, for each of its characters,
    where it stands in the text. `、` after a digit is list numbering (`2、其他`) even when the
    digit follows a value (`00000002、其他`)."""
    chars: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text.translate(_UNIFY)):
        if c.isspace():
            continue
        if c in "、," and chars and chars[-1].isdigit() and i + 1 < len(text) and not text[i + 1].isdigit():
            c = "."
        chars.append(c)
        where.append(i)
    return "".join(chars), where
