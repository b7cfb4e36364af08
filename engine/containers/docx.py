"""Word files (.docx, read with python-docx): paragraphs in order, tables with merged cells.

A .docx is a zip of XML: the uncompressed size is bounded and XML entity declarations are
refused before anything parses it."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from ..unreadable import Unreadable
from . import cell_text, collapse, grid_lines
from .base import Extracted
from .ocr import with_pictures

if TYPE_CHECKING:
    from lxml import etree

MAX_UNCOMPRESSED = 64 * 1024 * 1024
MAX_RATIO = 200  # compressed XML is rarely 20:1; a zip bomb is thousands to one


# WordprocessingML's namespace, written out so that sniffing a file does not load python-docx.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# A picture in a paragraph: DrawingML's blip, or VML's imagedata in older files; each names its part.
_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_VML_IMAGE = "{urn:schemas-microsoft-com:vml}imagedata"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_EMBED, _RID = _R + "embed", _R + "id"


def qn(tag: str) -> str:
    """`w:p` as lxml names it (python-docx's qn, for the one prefix used here)."""
    return _W + tag.removeprefix("w:")


class Docx:
    name = "docx"

    def sniff(self, data: bytes, path: str) -> bool:
        """A zip holding Word parts (or named .docx); any other zip is an archive to unpack first."""
        if not data.startswith(b"PK\x03\x04"):
            return False
        if b"word/" in data[:65536] or path.lower().endswith(".docx"):
            return True
        raise Unreadable("文件是压缩包（不是 Word .docx 文件），请解压后再审核。")

    def read(self, data: bytes, path: str = "") -> Extracted:
        lines, pictures = docx_content(data)
        return with_pictures(lines, pictures, "utf-8")


DOCX = Docx()


def check_zip(data: bytes) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Unreadable("Word 文件已损坏（不是有效的 .docx 压缩包）。") from None
    with zf:
        infos = zf.infolist()
        if "word/document.xml" not in {i.filename for i in infos}:
            raise Unreadable("压缩包中没有 Word 正文（word/document.xml），不是 .docx 文件。")
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED or any(
                i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
            raise Unreadable(f"Word 文件解压后异常巨大（{total // (1024 * 1024)} MB），可能是压缩炸弹，已拒绝处理。")
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                part = zf.read(info)
                if b"<!DOCTYPE" in part or b"<!ENTITY" in part:
                    raise Unreadable("Word 文件中含有 XML 实体声明，出于安全考虑已拒绝处理。")


def docx_content(data: bytes) -> tuple[list[str], list[tuple[int, bytes]]]:
    """Paragraphs and table rows in document order, one per line; and the pictures among the
    paragraphs, each with the number of lines before it."""
    import docx  # only Word files need python-docx

    check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Unreadable:
        raise  # the time limit
    except Exception:  # python-docx raises many kinds for a damaged package
        raise Unreadable("Word 文件已损坏，无法打开。") from None
    lines: list[str] = []
    pictures: list[tuple[int, str]] = []
    _blocks(document.element.body, lines, pictures)
    parts = document.part.related_parts
    return lines, [(at, parts[rid].blob) for at, rid in pictures if rid in parts]


def _blocks(parent: etree._Element, lines: list[str], pictures: list[tuple[int, str]]) -> None:
    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            pictures += [(len(lines), rid) for el in child.iter(_BLIP, _VML_IMAGE)
                         if (rid := el.get(_EMBED) or el.get(_RID))]
            lines.extend(t for t in (collapse(x) for x in _paragraph(child).split("\n")) if t)
        elif child.tag == qn("w:tbl"):
            lines.extend(_table(child))
        elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
            _blocks(child, lines, pictures)


def _paragraph(p: etree._Element) -> str:
    out = []
    for el in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if el.tag == qn("w:t"):
            out.append(el.text or "")
        elif el.tag == qn("w:tab"):
            out.append(" ")
        else:
            out.append("\n")
    return "".join(out)


def _table(tbl: etree._Element) -> list[str]:
    """Rows of the table: a cell merged into the one above (vMerge continue) or spanning
    several grid columns (gridSpan) is written once, in its first slot."""
    grid: list[list[str | None]] = []
    for tr in tbl.iterchildren(qn("w:tr")):
        row: list[str | None] = []
        for tc in tr.iterchildren(qn("w:tc")):
            props = tc.find(qn("w:tcPr"))
            span, continued = 1, False
            if props is not None:
                grid_span = props.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = max(1, int(grid_span.get(qn("w:val"), "1")))
                v_merge = props.find(qn("w:vMerge"))
                continued = v_merge is not None and v_merge.get(qn("w:val"), "continue") == "continue"
            pieces = ["\n".join(_paragraph(p) for p in tc.iterchildren(qn("w:p")))]
            row.append(None if continued else cell_text(pieces))
            row.extend([None] * (span - 1))
        grid.append(row)
    return grid_lines(grid)
