"""What a table cell's text means: a number (with an optional unit), a blank, or neither."""

from __future__ import annotations

import re
from functools import lru_cache

from .model import BLANK_MARKERS

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_VALUE = re.compile(rf"^(?P<num>{_NUMBER})\s*(?:件|条|个|项|次|份|人|户|万元|元|%)?$")

# A number next to a character lost in transcoding (`? 2`): a value cell, but not a number.
_GARBLED = re.compile(rf"^[?\ufffd]+\s*{_NUMBER}$|^{_NUMBER}\s*[?\ufffd]+$")
# A number OCR was unsure of, marked (engine/containers/ocr.py): a value cell, but no number.
_DOUBTED = re.compile(r"^\S{1,8}〓$")
# Several numbers in one cell, their separators lost or only spaces left (`2 00 00 0 2`, `88-720`):
# a value cell that engine/runs.py may cut into cells.
_RUN = re.compile(r"^-?\d[\d.,]*(?:(?:\s+-?|-)\d[\d.,]*)*\s*(?:万元|元)?$")


# The same few cell texts recur in every report, so answers are kept (bounded).
@lru_cache(maxsize=100_000)
def is_value(text: str) -> bool:
    """A number or a blank, or a number garbled in transcoding: what fills a table's value cells."""
    return (text in BLANK_MARKERS or parse_number(text) is not None or bool(_GARBLED.match(text))
            or bool(_RUN.match(text)) or bool(_DOUBTED.match(text)))


@lru_cache(maxsize=100_000)
def parse_number(text: str) -> int | float | None:
    m = _VALUE.match(text)
    if not m:
        return None
    num = m.group("num").replace(",", "")
    return float(num) if "." in num else int(num)
