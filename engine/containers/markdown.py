"""Reports that PDF and Word converters turned into Markdown (MinerU, marker, docling,
pymupdf4llm, markitdown, pandoc): the text a reader sees, tables as tab rows.

Heading marks (`##`), emphasis (`**一、总体情况**`) and escapes go. A pipe table's rows become tab
rows; its separator rows (`|---|:---:|`), the names a converter invents for empty header cells
(`Col3`) and line breaks inside a cell (`商业<br>企业`) go, and a cell repeated over the columns
it spans (docling writes a spanned label into every slot) is written once. HTML tables inside the
Markdown (MinerU, pandoc) are read as web-page tables are, spans expanded. Everything else, page
separators included, stays a line of text for the parser (which knows page furniture).
"""

from __future__ import annotations

import re

from ..unreadable import Unreadable
from ..values import is_value
from . import collapse
from .base import Extracted
from .decoding import decode
from .html import table_lines

_SUFFIXES = (".md", ".markdown")

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_BREAK = re.compile(r"<br\s*/?>", re.I)
_INLINE_TAG = re.compile(r"</?(?:p|span|div|b|strong|em|i|u|font|sup|sub|o:p)\b[^>]*>", re.I)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
# Names converters invent for header cells: pymupdf4llm's `Col3`, a vision model's `数据1`.
_INVENTED = re.compile(r"^(?:Col|数据|列)\s*\d+$")
_GENERIC_HEADER = {"类别", "项目", "名称", "指标", "序号", "内容"}  # a header row's words that name no column
_TABLE_START = re.compile(r"<table\b", re.I)
_TABLE_END = re.compile(r"</table\s*>", re.I)
_PIPE = re.compile(r"(?<!\\)\|")


class Markdown:
    name = "md"

    def sniff(self, data: bytes, path: str) -> bool:
        """By name, or by content: converters' output is often saved as .txt."""
        if path.lower().endswith(_SUFFIXES):
            return True
        try:
            text, _ = decode(data)
        except Unreadable:
            return False  # not text at all: the text container refuses it with the reason
        return looks_like_markdown(text)

    def read(self, data: bytes, path: str = "") -> Extracted:
        text, encoding = decode(data)
        return Extracted(markdown_text(text), encoding)


MARKDOWN = Markdown()


def looks_like_markdown(text: str) -> bool:
    """Markdown that a converter wrote: a pipe table's separator row, an HTML table, or headings."""
    if "---" not in text and "<table" not in text and "<TABLE" not in text and not (
            text.startswith("#") or "\n#" in text or "\n #" in text):
        return False  # most text: decided without looking at its lines
    headings = 0
    for line in text.splitlines():
        if _SEPARATOR.match(line) and "|" in line or _TABLE_START.search(line):
            return True
        headings += bool(_HEADING.match(line))
    return headings >= 2


def markdown_text(text: str) -> str:
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if _TABLE_START.search(line):
            block = [line]
            while not _TABLE_END.search(block[-1]) and i + 1 < len(lines):
                i += 1
                block.append(lines[i])
            out += _html_tables("\n".join(block))
        elif _SEPARATOR.match(line) and "|" in line:
            if out and "\t" in out[-1]:  # the header row above: generic words a converter puts there go
                out[-1] = "\t".join("" if c in _GENERIC_HEADER else c for c in out[-1].split("\t"))
        elif line.lstrip().startswith("|"):
            out.append("\t".join(_pipe_cells(line)))
        else:
            out.append(_plain(_HEADING.sub("", line)))
        i += 1
    return "\n".join(out)


def _plain(text: str) -> str:
    text = _INLINE_TAG.sub("", _BREAK.sub("", text))
    return _ESCAPE.sub(r"\1", _EMPHASIS.sub("", text))


def _pipe_cells(line: str) -> list[str]:
    cells = [c.strip() for c in _PIPE.split(line.strip())]
    if cells and not cells[0]:
        cells = cells[1:]
    if cells and not cells[-1]:
        cells = cells[:-1]
    out: list[str] = []
    for cell in cells:
        cell = _plain(cell).strip()
        if _INVENTED.match(cell):
            cell = ""
        if out and cell and cell == out[-1] and not is_value(cell):
            continue  # a label written again into the slots its span covers
        out.append(cell)
    return out


def _html_tables(block: str) -> list[str]:
    """The text around the tables, and each table as tab rows."""
    import lxml.html  # only Markdown with HTML tables needs the HTML parser
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(block, create_parent="div")
    except (etree.ParserError, ValueError):
        return [_plain(block)]
    out: list[str] = []
    before = collapse(root.text or "")
    if before:
        out.append(before)
    for el in root:
        if isinstance(el.tag, str) and el.tag == "table":
            out += table_lines(el)
        elif isinstance(el.tag, str):
            text = collapse("".join(el.itertext()))
            if text:
                out.append(text)
        tail = collapse(el.tail or "")
        if tail:
            out.append(tail)
    return out
