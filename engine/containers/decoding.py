"""Bytes to text for the text-based containers (plain text, Markdown, undeclared web pages).

Reports are saved by many hands: UTF-8 with or without a BOM, UTF-16 with or without one,
GBK/GB18030. Binary data is refused here rather than read as mojibake.
"""

from __future__ import annotations

import codecs
import re

from ..unreadable import Unreadable


def decode(data: bytes, refuse_binary: bool = True) -> tuple[str, str]:
    """Decode report bytes: BOMs first, then strict UTF-8, then GB18030 (a superset of GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    bom_less = _utf16_without_bom(data)
    if bom_less:
        return data.decode(bom_less, errors="replace"), bom_less
    if refuse_binary and _looks_binary(data):
        raise Unreadable("文件是二进制数据，不是文本，无法审核。")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    # Neither decodes cleanly: keep what UTF-8 can read; the damage is recorded as mojibake.
    return data.decode("utf-8", errors="replace"), "utf-8(有损)"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 saved without a BOM: NUL bytes (the high half of ASCII characters) and text
    that reads as Chinese in one byte order."""
    if b"\x00" not in data[:4096] or len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if sum(1 for c in text if _CHINESE_TEXT.match(c)) >= 0.95 * len(text):
            return encoding
    return None


# What Chinese report text is made of: ASCII, general punctuation, CJK, full-width forms.
_CHINESE_TEXT = re.compile(r"[\t\r\n -~\u2000-\u206f\u3000-\u9fff\uff00-\uffef]")
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) * 0.05
