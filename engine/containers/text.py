"""Plain text: a report copied from a web page or saved by an editor, read as it is.

It is the last container asked and claims whatever the others did not; a file that is not text
at all is refused when it is decoded.
"""

from __future__ import annotations

from .base import Extracted
from .decoding import decode


class Text:
    name = "txt"

    def sniff(self, data: bytes, path: str) -> bool:
        return True  # the fallback: anything left is read as text or refused as binary

    def read(self, data: bytes, path: str = "") -> Extracted:
        text, encoding = decode(data)
        return Extracted(text, encoding)


TEXT = Text()
