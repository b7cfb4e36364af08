"""PDFs with a text layer (read with pdfplumber). Tables come from the page's ruling lines where
it has them, else from the text; running headers, footers and page numbers are removed, so a
table that continues on the next page reads on; a label broken into one character per line is
put back together. A PDF without text (a scan) or with a password is unreadable: no OCR."""

from __future__ import annotations

import io
import re
from collections import Counter

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from ..unreadable import Unreadable
from . import cell_text, collapse, grid_lines

MAX_PAGES = 300
MIN_TEXT_CHARS = 20  # less than this over the whole file: no text layer
EDGE = 0.08  # top and bottom share of the page where running headers and footers live
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d+(\s*页)?(\s*/\s*(共\s*)?\d+\s*页?)?[-—–\s]*$")
_DIGITS = re.compile(r"\d+")
_NUMBER = r"(?:[-+]?\d[\d,]*(?:\.\d+)?|/|—|-)"
# A text line that ends in numbers: the label, then the values (a table copied without rulings).
_TRAILING_NUMBERS = re.compile(rf"^(?P<label>.*?[\u4e00-\u9fff)）\]】\"”])\s+(?P<nums>{_NUMBER}(?:\s+{_NUMBER})*)$")
_ONLY_NUMBERS = re.compile(rf"^{_NUMBER}(?:\s+{_NUMBER})+$")
_SHORT_CJK = re.compile(r"^[\u4e00-\u9fff()（）]{1,2}$")


def pdf_text(data: bytes) -> str:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise Unreadable("PDF 文件已加密（需要密码），无法读取。") from None
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise Unreadable("PDF 文件已加密（需要密码），无法读取。") from None
        raise Unreadable("PDF 文件已损坏，无法打开。") from None
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise Unreadable(f"PDF 有 {len(pdf.pages)} 页，超过 {MAX_PAGES} 页上限，不像一份年度报告。")
        try:
            pages = [_page(page) for page in pdf.pages]
        except (PDFPasswordIncorrect, PDFEncryptionError):
            raise Unreadable("PDF 文件已加密（需要密码），无法读取。") from None
    if sum(len(text) for page in pages for _, _, text in page) < MIN_TEXT_CHARS:
        raise Unreadable("PDF 没有文字层（可能是扫描件或图片），目前不能识别图片中的文字。")
    running = _running_lines(pages)
    lines: list[str] = []
    for page in pages:
        for kind, where, text in page:
            if kind == "text" and where != "body" and (_key(text) in running or _PAGE_NUMBER.match(text)):
                continue
            lines.append(text)
    return "\n".join(_reassemble(lines))


def _page(page) -> list[tuple[str, str, str]]:
    """(kind, zone, text) in reading order; kind is text or row, zone is top, body or bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, str, str, str]] = []
    for t in tables:
        rows = [[None if c is None else cell_text([c]) for c in row] for row in t.extract()]
        for k, line in enumerate(grid_lines(rows)):
            items.append((t.bbox[1] + k * 1e-3, "row", "body", line))

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    height = float(page.height) or 1.0
    lines = [ln for ln in text_page.extract_text_lines() if collapse(ln["text"])]
    right = max((ln["x1"] for ln in lines), default=0.0)
    previous_full, previous_bottom = False, 0.0
    for line in lines:
        text = collapse(line["text"])
        zone = "top" if line["top"] < EDGE * height else "bottom" if line["bottom"] > (1 - EDGE) * height else "body"
        next_line = line["top"] - previous_bottom < 0.8 * (line["bottom"] - line["top"])
        if zone == "body" and previous_full and next_line and items and items[-1][1] == "text":
            top, kind, z, before = items[-1]  # a paragraph wrapped at the right margin reads on
            items[-1] = (top, kind, z, before + text)
        else:
            items.append((line["top"], "text", zone, text))
        char = (line["x1"] - line["x0"]) / max(len(line["text"]), 1)
        previous_full = zone == "body" and right - line["x1"] < 1.5 * char
        previous_bottom = line["bottom"]
    items = [(top, kind, zone, _split_numbers(text) if kind == "text" else text) for top, kind, zone, text in items]
    items.sort(key=lambda it: it[0])
    return [(kind, zone, text) for _, kind, zone, text in items]


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


def _running_lines(pages) -> set[str]:
    """Lines at the top or bottom edge that recur on most pages: running headers and footers."""
    if len(pages) < 2:
        return set()
    seen = Counter(key for page in pages for key in {_key(t) for kind, zone, t in page if zone != "body"})
    return {key for key, n in seen.items() if n >= max(2, len(pages) // 2)}


def _reassemble(lines: list[str]) -> list[str]:
    """Runs of lines of one or two characters are a label set one character per line."""
    out: list[str] = []
    run: list[str] = []
    for line in lines + [""]:
        if _SHORT_CJK.match(line):
            run.append(line)
            continue
        if len(run) >= 3:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        out.append(line)
    return out[:-1]
