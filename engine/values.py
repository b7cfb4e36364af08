"""What a table cell's text means: a number (with an optional unit), a blank, or neither."""

from __future__ import annotations

import re

from .model import BLANK_MARKERS

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_VALUE = re.compile(rf"^(?P<num>{_NUMBER})\s*(?:件|条|个|项|次|份|人|户|万元|元|%)?$")

# A number next to a character lost in transcoding (`? 2`): a value cell, but not a number.
_GARBLED = re.compile(rf"^[?\ufffd]+\s*{_NUMBER}$|^{_NUMBER}\s*[?\ufffd]+$")

_NUMBERS: dict[str, int | float | None] = {}  # the same few cell texts recur in every report


def is_value(text: str) -> bool:
    """A number or a blank, or a number garbled in transcoding: what fills a table's value cells."""
    return text in BLANK_MARKERS or parse_number(text) is not None or bool(_GARBLED.match(text))


def parse_number(text: str) -> int | float | None:
    try:
        return _NUMBERS[text]
    except KeyError:
        pass
    m = _VALUE.match(text)
    value = None
    if m:
        num = m.group("num").replace(",", "")
        value = float(num) if "." in num else int(num)
    if len(_NUMBERS) < 100_000:
        _NUMBERS[text] = value
    return value
