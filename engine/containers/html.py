"""Saved web pages: the page's text without navigation, its <table>s as grids with rowspan and
colspan expanded, and its pictures read with OCR where a table is missing from the text."""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from ..unreadable import Unreadable
from . import cell_text, collapse, grid_lines
from .base import Extracted
from .decoding import decode
from .ocr import with_pictures

if TYPE_CHECKING:
    from lxml import etree

_SUFFIXES = (".htm", ".html", ".shtml", ".xhtml")
MAX_PICTURE = 20 * 1024 * 1024  # a picture beside the page larger than this is no table
# A page starts with markup: an XML declaration or comments, then html, head, body, meta or table.
_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|table)\b",
                    re.I | re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)""", re.I)
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "nav", "head", "select", "button", "svg")
_FURNITURE_CLASS = re.compile(r"(^|[\s_-])(nav|navbar|menu|breadcrumb|crumb|footer|share|toolbar|sidebar)($|[\s_-])", re.I)
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header",
           "footer", "main", "blockquote", "pre", "form", "dl", "dt", "dd", "center", "address", "figure"}
MAX_SPAN = 100  # a rowspan or colspan larger than any report table is a broken page
_LAYOUT_CELL_CHARS = 300  # a cell holding more text than this is page layout, not a table cell


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's text and encoding: a declared charset, else what the bytes say (as for text)."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii").lower()
            encoding = "gb18030" if declared in ("gb2312", "gbk", "gb18030", "x-gbk") else declared
            try:
                return data.decode(encoding), declared
            except (LookupError, UnicodeDecodeError):
                pass  # the declaration is wrong: fall back to what the bytes say
    return decode(data, refuse_binary=False)  # the markup decides whether this is a page


class Html:
    name = "html"

    def sniff(self, data: bytes, path: str) -> bool:
        """Markup at the start, or a page's name and some markup (a fragment saved as .html)."""
        # lstrip takes a set of bytes, not a prefix: a leading run of any BOM bytes goes.
        bare = data[:2048].lstrip(codecs.BOM_UTF8).lstrip(codecs.BOM_UTF16_LE).lstrip(codecs.BOM_UTF16_BE)
        return bool(_START.match(bare)) or (path.lower().endswith(_SUFFIXES) and b"<" in bare)

    def read(self, data: bytes, path: str = "") -> Extracted:
        lines, sources, encoding = html_content(data)
        pictures = [(at, picture) for at, src in sources if (picture := _picture(src, path)) is not None]
        return with_pictures(lines, pictures, encoding)


HTML = Html()


def html_content(data: bytes) -> tuple[list[str], list[tuple[int, str]], str]:
    """The page's lines (furniture removed, tables as tab rows), its pictures' addresses each with
    the number of lines before it, and its encoding."""
    import lxml.html  # only web pages need the parser: a batch of text files never loads it
    from lxml import etree

    text, encoding = decode_html(data)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (etree.ParserError, ValueError) as exc:
        raise Unreadable(f"网页文件无法解析（{exc}）。") from None
    for el in list(root.iter(*_DROP_TAGS)):
        _remove(el)
    for el in list(root.iter()):
        if isinstance(el.tag, str) and _FURNITURE_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}"):
            _remove(el)
    lines: list[str] = []
    current: list[str] = []
    pictures: list[tuple[int, str]] = []
    _walk(root.find("body") if root.find("body") is not None else root, lines, current, pictures)
    _flush(lines, current)
    return lines, pictures, encoding


def _picture(src: str, path: str) -> bytes | None:
    """A picture's bytes: inline (`data:image/png;base64,…`) or a file beside the page (a page saved
    with its files, `报告_files/image1.png`). Pictures on the web are not fetched: audit works offline."""
    if src.startswith("data:"):
        head, _, body = src.partition(",")
        try:
            return base64.b64decode(body, validate=False) if head.endswith(";base64") else None
        except (binascii.Error, ValueError):
            return None
    if not path or re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I):  # http:, file:, … or no place to look
        return None
    folder = Path(path).resolve().parent
    target = (folder / unquote(src.split("?")[0].split("#")[0])).resolve()
    try:
        if target.is_relative_to(folder) and target.is_file() and target.stat().st_size <= MAX_PICTURE:
            return target.read_bytes()
    except OSError:
        pass
    return None


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:
        if el.tail:  # keep the text that follows the removed element
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def _flush(lines: list[str], current: list[str]) -> None:
    text = collapse("".join(current))
    if text:
        lines.append(text)
    current.clear()


def _walk(el: etree._Element, lines: list[str], current: list[str], pictures: list[tuple[int, str]]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag == "img" and el.get("src"):
        _flush(lines, current)
        pictures.append((len(lines), el.get("src", "").strip()))
    elif tag == "table" and not _is_layout(el):
        _flush(lines, current)
        lines.extend(table_lines(el))
        _flush(lines, current)
    elif tag == "br":
        _flush(lines, current)
    else:
        block = tag in _BLOCKS or tag in ("table", "tr", "td", "th")  # only layout tables come here
        if block:
            _flush(lines, current)
        if el.text and tag:
            current.append(el.text)
        for child in el:
            _walk(child, lines, current, pictures)
            if child.tail:
                current.append(child.tail)
        if block:
            _flush(lines, current)


def _is_layout(table: etree._Element) -> bool:
    """Older portals lay the whole page out in a <table>: one holding another table, a single
    cell, or a cell of running text is read as blocks of text, its data tables as tables."""
    if table.find(".//table") is not None:
        return True
    cells = [c for c in table.iter("td", "th") if _owner_table(c) is table]
    return len(cells) <= 1 or any(len("".join(c.itertext())) > _LAYOUT_CELL_CHARS for c in cells)


def table_lines(table: etree._Element) -> list[str]:
    """The table as a grid, spans expanded: a slot covered by a rowspan or colspan is marked
    and left out of the text, so each row holds its own cells only."""
    grid: list[list[str | None]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for tr in (tr for tr in table.iter("tr") if _owner_table(tr) is table):
        row: list[str | None] = []
        col = 0
        for cell in (c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")):
            while pending.get(col, 0) > 0:
                row.append(None)
                pending[col] -= 1
                col += 1
            rowspan, colspan = _span(cell.get("rowspan")), _span(cell.get("colspan"))
            row.append(cell_text(_cell_pieces(cell)))
            row.extend([None] * (colspan - 1))
            for k in range(colspan):
                if rowspan > 1:
                    pending[col + k] = rowspan - 1
            col += colspan
        for c in [c for c, left in pending.items() if c >= col and left > 0]:
            pending[c] -= 1  # covered slots after the row's last cell
        grid.append(row)
    return grid_lines(grid)


def _owner_table(tr: etree._Element) -> etree._Element | None:
    el = tr.getparent()
    while el is not None and el.tag != "table":
        el = el.getparent()
    return el


def _span(value: str | None) -> int:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(n, 1), MAX_SPAN)


def _cell_pieces(cell: etree._Element) -> list[str]:
    """A cell's text with <br> and blocks as line breaks (joined later without a space)."""
    pieces: list[str] = []

    def walk(el: etree._Element) -> None:
        if el.text:
            pieces.append(el.text)
        for child in el:
            if isinstance(child.tag, str) and (child.tag == "br" or child.tag in _BLOCKS):
                pieces.append("\n")
            if isinstance(child.tag, str) and child.tag != "table":
                walk(child)
            if child.tail:
                pieces.append(child.tail)

    walk(cell)
    return pieces
