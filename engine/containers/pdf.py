"""PDFs with a text layer (read with pdfplumber). Tables come from the page's ruling lines where
it has them, else from the text; running headers, footers and page numbers are removed, so a
table that continues on the next page reads on; a label broken into one character per line is
put back together. A PDF without text (a scan), or whose text layer holds too little to be a
report (a stamp, a page number), is read with OCR (engine/containers/ocr.py); one with a password
is unreadable."""

from __future__ import annotations

import io
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from ..unreadable import Unreadable
from . import cell_text, collapse, grid_lines
from .base import Extracted

if TYPE_CHECKING:
    from pdfplumber.page import Page

MAX_PAGES = 300
MIN_TEXT_CHARS = 20  # less than this over the whole file: no report in the text layer, read the pages with OCR
EDGE = 0.08  # top and bottom share of the page where running headers and footers live
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d+(\s*页)?(\s*/\s*(共\s*)?\d+\s*页?)?[-—–\s]*$")
_DIGITS = re.compile(r"\d+")
_NUMBER = r"(?:[-+]?\d[\d,]*(?:\.\d+)?|/|—|-)"
# A text line that ends in numbers: the label, then the values (a table copied without rulings).
_TRAILING_NUMBERS = re.compile(rf"^(?P<label>.*?[\u4e00-\u9fff)）\]】\"”])\s+(?P<nums>{_NUMBER}(?:\s+{_NUMBER})*)$")
_ONLY_NUMBERS = re.compile(rf"^{_NUMBER}(?:\s+{_NUMBER})+$")
_HEADING = re.compile(r"^(第?[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．])")
_SHORT_CJK = re.compile(r"^[\u4e00-\u9fff()（）]{1,2}$")


class Pdf:
    name = "pdf"

    def sniff(self, data: bytes, path: str) -> bool:
        return b"%PDF-" in data[:1024]  # the header may follow some junk; readers allow 1 KB

    def read(self, data: bytes, path: str = "") -> Extracted:
        try:
            lines, pages = pdf_lines(data)
        except NoText:
            from .ocr import pdf_images, read_pages

            return read_pages(pdf_images(data), "pdf")
        return Extracted("\n".join(lines), "pdf", tuple(f"第 {n} 页" for n in pages))


class NoText(Exception):
    """The PDF's text layer holds no report: a scan, to be read with OCR."""


PDF = Pdf()


def pdf_lines(data: bytes) -> tuple[list[str], list[int]]:
    """The text's lines and, for each, the page (from 1) it starts on."""
    import pdfplumber  # only PDFs need it: a batch of text files never loads it

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Unreadable:
        raise  # the time limit
    except Exception as exc:  # pdfplumber wraps pdfminer's errors, of many kinds for a damaged file
        if _encrypted(exc):
            raise Unreadable("PDF 文件已加密（需要密码），无法读取。") from None
        raise Unreadable("PDF 文件已损坏，无法打开。") from None
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise Unreadable(f"PDF 有 {len(pdf.pages)} 页，超过 {MAX_PAGES} 页上限，不像一份年度报告。")
        try:
            raw_pages = [_page_parts(page) for page in pdf.pages]
        except Unreadable:
            raise  # the time limit
        except Exception as exc:
            if _encrypted(exc):
                raise Unreadable("PDF 文件已加密（需要密码），无法读取。") from None
            raise Unreadable("PDF 文件已损坏，无法读取其中的内容。") from None
    right = max((ln["x1"] for _, lines in raw_pages for ln in lines if ln["zone"] == "body"), default=0.0)
    pages = [_page(rows, lines, right) for rows, lines in raw_pages]
    found = " ".join(text for page in pages for _, _, text in page)
    if len(found.strip()) < MIN_TEXT_CHARS:
        raise NoText
    running = _running_lines(pages)
    lines: list[str] = []
    numbers: list[int] = []
    for number, page in enumerate(pages, 1):
        for kind, where, text in page:
            if kind == "text" and where != "body" and (_key(text) in running or _PAGE_NUMBER.match(text)):
                continue
            lines.append(text)
            numbers.append(number)
    spans = _spans(lines)
    return ["".join(lines[a:b]) for a, b in spans], [numbers[a] for a, _ in spans]


def _encrypted(exc: BaseException) -> bool:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    return any(isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)) for e in (exc, *exc.args))


def _page_parts(page: Page) -> tuple[list[tuple[float, str]], list[dict[str, Any]]]:
    """The page's table rows (top, text) and its text lines outside the tables."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    rows: list[tuple[float, str]] = []
    for t in tables:
        grid = [[None if c is None else cell_text([c]) for c in row] for row in t.extract()]
        rows += [(t.bbox[1] + k * 1e-3, line) for k, line in enumerate(grid_lines(grid))]

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    height = float(page.height) or 1.0
    lines = []
    for ln in text_page.extract_text_lines():
        text = collapse(ln["text"])
        if text:
            zone = "top" if ln["top"] < EDGE * height else "bottom" if ln["bottom"] > (1 - EDGE) * height else "body"
            lines.append({"text": text, "top": ln["top"], "bottom": ln["bottom"], "x0": ln["x0"], "x1": ln["x1"],
                          "zone": zone})
    return rows, lines


def _page(rows: list[tuple[float, str]], lines: list[dict[str, Any]], right: float) -> list[tuple[str, str, str]]:
    """(kind, zone, text) in reading order; kind is text or row, zone is top, body or bottom.
    A paragraph line that reaches the right margin of the document's text continues on the
    next line (Chinese wraps anywhere), unless that line starts a numbered heading."""
    items: list[list] = [[top, "row", "body", text] for top, text in rows]
    previous = None
    for ln in lines:
        joined = False
        if previous is not None and ln["zone"] == previous["zone"] == "body":
            char = (previous["x1"] - previous["x0"]) / max(len(previous["text"]), 1)
            full = right - previous["x1"] < 1.5 * char
            adjacent = ln["top"] - previous["bottom"] < 0.8 * (ln["bottom"] - ln["top"])
            if full and adjacent and not _HEADING.match(ln["text"]):
                items[-1][3] += ln["text"]
                joined = True
        if not joined:
            items.append([ln["top"], "text", ln["zone"], ln["text"]])
        previous = ln
    ordered = [(top, kind, zone, _split_numbers(text) if kind == "text" else text) for top, kind, zone, text in items]
    ordered.sort(key=lambda it: it[0])
    return [(kind, zone, text) for _, kind, zone, text in ordered]


def _split_numbers(text: str) -> str:
    """`行政许可 0 3` -> `行政许可\\t0\\t3`: numbers after a label are cells of a table row."""
    m = _TRAILING_NUMBERS.match(text)
    if m:
        return "\t".join([m.group("label").strip()] + m.group("nums").split())
    if _ONLY_NUMBERS.match(text):
        return "\t".join(text.split())
    return text


def _key(text: str) -> str:
    return _DIGITS.sub("#", text)


def _running_lines(pages: list[list[tuple[str, str, str]]]) -> set[str]:
    """Lines at the top or bottom edge that recur on most pages: running headers and footers."""
    if len(pages) < 2:
        return set()
    seen = Counter(key for page in pages for key in {_key(t) for kind, zone, t in page if zone != "body"})
    return {key for key, n in seen.items() if n >= max(2, len(pages) // 2)}


def _reassemble(lines: list[str]) -> list[str]:
    """Runs of lines of one or two characters are a label set one character per line."""
    return ["".join(lines[a:b]) for a, b in _spans(lines)]


def _spans(lines: list[str]) -> list[tuple[int, int]]:
    """Each output line as the range of input lines it is made of: a run of three or more lines
    of one or two characters is one label set one character per line, shorter runs stay lines."""
    out: list[tuple[int, int]] = []
    start = None  # where the current run of short lines began
    for i, line in enumerate(lines + [""]):
        if _SHORT_CJK.match(line):
            start = i if start is None else start
            continue
        if start is not None:
            out += [(start, i)] if i - start >= 3 else [(k, k + 1) for k in range(start, i)]
            start = None
        out.append((i, i + 1))
    return out[:-1]
