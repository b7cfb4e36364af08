"""Normalise report text, line by line, so that line numbers stay those of the source.

Steps: line ends; NBSP, ideographic space and zero-width characters; full-width digits and
punctuation to half-width; pinyin glosses that some portals put after characters
(`網(wǎng)站` -> `網站`); traditional -> simplified (OpenCC). Mojibake is recorded, not repaired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import opencc

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Characters that are spaces or nothing at all. Exotic line separators become spaces so that
# line numbers stay those an editor shows (which counts only CR and LF).
_SPACES = {c: " " for c in "\u00a0\u2002\u2003\u2007\u2009\u202f\u3000\u2028\u2029\x0b\x0c\x85"}
_INVISIBLE = {c: None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"}
# U+FF01..U+FF5E are the full-width forms of ASCII 0x21..0x7E.
_HALF_WIDTH = {0xFF01 + i: 0x21 + i for i in range(0x5E)}
_TRANSLATE = str.maketrans({**_SPACES, **_INVISIBLE, **{chr(k): chr(v) for k, v in _HALF_WIDTH.items()}})

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = f"a-zü{_TONED}"
# A gloss follows a CJK character and carries at least one tone mark: 網(wǎng).
_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff])\((?=[{_PINYIN}]*[{_TONED}])[{_PINYIN}]{{1,7}}\)")

# Mojibake: replacement characters, an ASCII '?' standing for a lost CJK character,
# or the remains of a gloss whose character was lost (`申請?zhí)崞`).
_MOJIBAKE = re.compile(
    rf"\ufffd+|(?<=[\u3400-\u9fff])\?+(?=[\u3400-\u9fff])|\?{{2,}}|\?[{_PINYIN}]{{1,7}}\)"
)


@dataclass(frozen=True)
class Mojibake:
    line: int
    text: str  # the damaged characters
    context: str  # a little of the line around them


@dataclass
class Text:
    lines: list[str]  # normalised; lines[0] is source line 1
    traditional: bool = False  # OpenCC changed something
    glosses_removed: int = 0
    mojibake: list[Mojibake] = field(default_factory=list)
    reflowed: bool = False  # a page on one line was cut into lines (engine/reflow.py)
    furniture: tuple[int, ...] = ()  # lines known to be page furniture (cut out of a page by reflow)

    def line(self, number: int) -> str:
        return self.lines[number - 1]


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern:
    """Every CJK character that OpenCC changes on its own: text without any of them is already
    simplified, and is not sent through the converter (which costs more than the rest together)."""
    chars = [chr(c) for c in range(0x3400, 0xA000)]
    converted = _converter().convert("\n".join(chars)).split("\n")
    changed = "".join(c for c, s in zip(chars, converted, strict=True) if c != s)
    return re.compile(f"[{re.escape(changed)}]")


def normalise(raw: str) -> Text:
    text = raw.translate(_TRANSLATE)
    mojibake = _find_mojibake(raw)
    text, glosses = _GLOSS.subn("", text)
    simplified = _converter().convert(text) if _traditional().search(text) else text
    lines = _LINE_BREAK.split(simplified)
    return Text(lines=lines, traditional=simplified != text, glosses_removed=glosses, mojibake=mojibake)


def _find_mojibake(raw: str) -> list[Mojibake]:
    # Looked for before the full-width conversion: a full-width '？' is a real question mark.
    found: list[Mojibake] = []
    if "?" not in raw and "\ufffd" not in raw:
        return found
    for number, line in enumerate(_LINE_BREAK.split(raw), start=1):
        for m in _MOJIBAKE.finditer(line):
            start, end = max(0, m.start() - 8), min(len(line), m.end() + 8)
            found.append(Mojibake(number, m.group(), _converter().convert(line[start:end].strip())))
    return found
