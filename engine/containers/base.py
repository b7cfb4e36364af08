"""What every container is: something that recognises its files and extracts their text.

A container is one kind of input file (plain text, Markdown, a web page, a Word file, a PDF).
`engine.containers.registry` lists them in the order they are asked; `engine.load` hands a file's
bytes to the first one that claims them and keeps what it extracted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


def place(number: int, picture: bool) -> str:
    """Where OCR read something, as a reviewer finds it: a page of a scan or a picture in a document."""
    return f"第 {number} 张图片" if picture else f"第 {number} 页"


@dataclass(frozen=True)
class Uncertain:
    """A number OCR read without enough confidence: kept as read, marked with UNCERTAIN, never used."""

    line: int  # 0-based line of the extracted text
    text: str  # as read
    page: int  # 1-based
    x: int  # where on the page (pixels at the rendering resolution), its top left corner
    y: int
    confidence: float
    where: str = ""  # the same in words, for a reviewer holding the paper: 上部右侧
    picture: bool = False  # `page` numbers a picture in a Word file or web page, not a page


@dataclass(frozen=True)
class OcrPage:
    page: int  # 1-based page of the file (an image file: its frames)
    boxes: int  # pieces of text found
    confidence: float  # their mean recognition confidence
    picture: bool = False  # `page` numbers a picture in a Word file or web page, not a page


@dataclass(frozen=True)
class OcrRead:
    """What OCR read: its pages and the numbers it was unsure of."""

    pages: tuple[OcrPage, ...]
    uncertain: tuple[Uncertain, ...] = ()
    values: tuple[tuple[int, str, float], ...] = ()  # every table value: (0-based line, text as written, confidence)


UNCERTAIN = "〓"  # after a number OCR is unsure of (the typesetter's mark for a missing glyph): no value


@dataclass(frozen=True)
class Extracted:
    """A file's text as the parser reads it.

    `origins`, when given, has one entry per line of `text` (`text.split("\\n")`) saying where in
    the file that line came from, such as a PDF page ("第 2 页"); None where the container does not
    know. It is there for readers whose lines need a place in the original (pages, OCR regions).
    """

    text: str
    encoding: str
    origins: tuple[str, ...] | None = None
    ocr: OcrRead | None = None  # where the text, or part of it, was read from pictures

    def __post_init__(self) -> None:
        # A map that does not line up with the text would point at the wrong places: fail loudly.
        lines = self.text.count("\n") + 1
        if self.origins is not None and len(self.origins) != lines:
            raise ValueError(f"{len(self.origins)} origins for {lines} lines")


@runtime_checkable
class Container(Protocol):
    """One kind of input file.

    name: what `Loaded.format` says for files it reads (txt, md, html, docx, pdf).
    sniff: whether these bytes are this container's, by their content first and by the file's
        name only where the content does not tell. It may raise `Unreadable` instead when the bytes
        are recognisably a kind of file nothing here can read (a zip that is not a Word file), so
        the user learns what to do with it.
    read: the file's text; raises `Unreadable` with a Chinese reason for a file it cannot read.
        `path` is where the file lies, for what it refers to beside it (a saved web page's pictures).
    """

    name: str

    def sniff(self, data: bytes, path: str) -> bool: ...

    def read(self, data: bytes, path: str = "") -> Extracted: ...
