"""The containers, in the order they are asked whether a file is theirs.

Order matters: binary containers that know their bytes come first, then the refusals, then markup,
and plain text last because it takes anything. To read a new kind of file, write a container
(see base.Container) and put it here.
"""

from __future__ import annotations

from .base import Container
from .docx import DOCX
from .html import HTML
from .markdown import MARKDOWN
from .ocr import PICTURE
from .pdf import PDF
from .refused import REFUSED
from .text import TEXT

CONTAINERS: list[Container] = [PDF, DOCX, PICTURE, REFUSED, HTML, MARKDOWN, TEXT]


def pick(data: bytes, path: str) -> Container:
    """The first container that claims the bytes (or `Unreadable` from one that refuses them)."""
    for container in CONTAINERS:
        if container.sniff(data, path):
            return container
    raise LookupError(f"no container claims {path}")  # cannot happen while TEXT is last
