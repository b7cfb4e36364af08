"""Files recognisable by their first bytes as something no container reads: old Word and Excel
files, archives. Refused with what the user can do instead, rather than read as text. (Images are
read with OCR: engine/containers/ocr.py.)"""

from __future__ import annotations

from ..unreadable import Unreadable
from .base import Extracted

_ARCHIVE = "文件是压缩包，请解压后再审核。"
_MAGIC = [
    (b"\xd0\xcf\x11\xe0", "文件是旧版 Word/Excel 文档（.doc/.xls），请另存为 .docx 或 PDF 后再审核。"),
    (b"Rar!", _ARCHIVE),
    (b"7z\xbc\xaf", _ARCHIVE),
]


class Refused:
    """Claims no file: its sniff raises `Unreadable` with the reason, or says no."""

    name = "refused"

    def sniff(self, data: bytes, path: str) -> bool:
        for magic, reason in _MAGIC:
            if data.startswith(magic):
                raise Unreadable(reason)
        return False

    def read(self, data: bytes, path: str = "") -> Extracted:
        """Never asked by load (sniff claims no file); refuses all the same if called."""
        self.sniff(data, "")
        raise ValueError("not a file this container refuses")  # the caller's mistake, not the file's


REFUSED = Refused()
