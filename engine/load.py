"""Read a file: its bytes, its container format and, for text, its encoding.

Anything that cannot be audited raises `Unreadable` with one Chinese sentence
that a reviewer can act on; callers never see a traceback for bad input.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024  # a report is tens of kilobytes; refuse what cannot be one


class Unreadable(Exception):
    """The file cannot be audited. `reason` is a Chinese sentence for the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Loaded:
    path: str
    sha256: str
    format: str  # txt (html, docx, pdf follow)
    encoding: str
    text: str


# Magic numbers of containers that are not plain text.
_MAGIC = [
    (b"%PDF", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0", "ole"),  # legacy .doc / .xls
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
]
_CONTAINER_NAMES = {"pdf": "PDF", "zip": "压缩包或 Word/Excel 文档", "ole": "旧版 Word/Excel 文档", "image": "图片"}


_OS_ERRORS = {
    errno.ENOENT: "文件不存在。",
    errno.EACCES: "没有读取该文件的权限。",
    errno.EISDIR: "这是一个文件夹，不是文件。",
}


def load(path: str | Path) -> Loaded:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Unreadable(f"文件过大（{size // (1024 * 1024)} MB），超过 {MAX_BYTES // (1024 * 1024)} MB 上限，不像一份年度报告。")
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(_OS_ERRORS.get(exc.errno, f"无法读取文件（{exc.strerror or exc}）。")) from None
    return load_bytes(data, str(path))


def load_bytes(data: bytes, path: str = "<bytes>") -> Loaded:
    if not data.strip():
        raise Unreadable("文件为空。")
    sha = hashlib.sha256(data).hexdigest()
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise Unreadable(f"文件是{_CONTAINER_NAMES[kind]}，目前只能审核文本格式的报告。")
    text, encoding = decode(data)
    return Loaded(path=path, sha256=sha, format="txt", encoding=encoding, text=text)


def decode(data: bytes) -> tuple[str, str]:
    """Decode report bytes: BOMs first, then strict UTF-8, then GB18030 (a superset of GBK)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    bom_less = _utf16_without_bom(data)
    if bom_less:
        return data.decode(bom_less, errors="replace"), bom_less
    if _looks_binary(data):
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
