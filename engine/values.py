"""What a table cell's text means: a number (with an optional unit), a blank, or neither."""

from __future__ import annotations

import re

from .model import BLANK_MARKERS

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_VALUE = re.compile(rf"^(?P<num>{_NUMBER})\s*(?:件|条|个|项|次|份|人|户|万元|元|%)?$")

# A number next to a character lost in transcoding (`? 2`): a value cell, but not a number.
_GARBLED = re.compile(rf"^[?\ufffd]+\s*{_NUMBER}$|^{_NUMBER}\s*[?\ufffd]+$")

# The same few cell texts recur in every report: answers are kept (up to a bound).
_NUMBERS: dict[str, int | float | None] = {}
_IS_VALUE: dict[str, bool] = {}


def is_value(text: str) -> bool:
    """A number or a blank, or a number garbled in transcoding: what fills a table's value cells."""
    try:
        return _IS_VALUE[text]
    except KeyError:
        pass
    answer = text in BLANK_MARKERS or parse_number(text) is not None or bool(_GARBLED.match(text))
    if len(_IS_VALUE) < 100_000:
        _IS_VALUE[text] = answer
    return answer


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
