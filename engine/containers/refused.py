"""Files recognisable by their first bytes as something no container reads: old Word and Excel
files, images, archives. Refused with what the user can do instead, rather than read as text."""

from __future__ import annotations

from ..unreadable import Unreadable
from .base import Extracted

_IMAGE = "文件是图片，目前不能识别图片中的文字。"
_ARCHIVE = "文件是压缩包，请解压后再审核。"
_MAGIC = [
    (b"\xd0\xcf\x11\xe0", "文件是旧版 Word/Excel 文档（.doc/.xls），请另存为 .docx 或 PDF 后再审核。"),
    (b"\x89PNG", _IMAGE),
    (b"\xff\xd8\xff", _IMAGE),
    (b"GIF8", _IMAGE),
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

    def read(self, data: bytes) -> Extracted:
        """Never asked by load (sniff claims no file); refuses all the same if called."""
        self.sniff(data, "")
        raise ValueError("not a file this container refuses")  # the caller's mistake, not the file's


REFUSED = Refused()
