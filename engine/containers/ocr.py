"""Pictures of text read with OCR: scanned PDF pages, image files, pictures of tables in Word files.

The OCR is rapidocr-onnxruntime (PP-OCR's detection and recognition models inside the wheel, run by
onnxruntime): offline, deterministic, loaded once per process. Each page gives text boxes with a
confidence; they are put back into lines here, and into table rows, so that the rest of the pipeline
reads them like any copied report:

- rows: boxes whose vertical extents overlap are one line, read left to right;
- tables: a run of lines holding numbers is a table block; the numbers' horizontal centres across
  the block give its columns, and each line is written as its label and one tab-separated cell per
  column, so that a cell with nothing in it stays an empty (blank) cell in its own column;
- doubt: a number read with less than `min_confidence` (engine/ocr.yaml), or holding a character
  OCR returns for misread digits (O for 0, l for 1), keeps its text followed by UNCERTAIN: the value
  parser takes it for no number, so no rule uses it as if sure, and the report records where it is.
"""

from __future__ import annotations

import io
import math
import re
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..deadline import more_time
from ..unreadable import Unreadable
from .base import UNCERTAIN, Extracted, OcrPage, OcrRead, Uncertain

if TYPE_CHECKING:
    from PIL.Image import Image

SETTINGS = Path(__file__).resolve().parent.parent / "ocr.yaml"
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
UNREAD = "?"  # ink in a value cell that OCR could not read at all
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    return yaml.safe_load(SETTINGS.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float
    text: str
    confidence: float

    @property
    def cx(self) -> float:
        return (self.left + self.right) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


_ENGINE: list[Any] = []  # the loaded model, once per process
_THREADS: list[int] = []  # threads one model may use; none said: every core


def use_threads(count: int) -> None:
    """Let this process's model use `count` threads: with several worker processes each reading
    scans, every model on every core only makes them wait for each other (`audit run --jobs`)."""
    _THREADS[:] = [max(1, count)]


def _engine() -> Any:
    if not _ENGINE:
        try:
            from rapidocr_onnxruntime import RapidOCR

            _ENGINE.append(RapidOCR(**({"intra_op_num_threads": _THREADS[0]} if _THREADS else {})))
        except Exception as exc:  # a missing or broken model: this file cannot be read, the batch goes on
            raise Unreadable(f"文字识别（OCR）模型无法加载（{type(exc).__name__}: {exc}），无法读取图片中的文字。") from None
    return _ENGINE[0]


def recognise(image: Image) -> tuple[Image, list[Box]]:
    """The text boxes OCR finds on one page, and the page they are on: turned straight where the
    scan is skewed (the lines' own slope says by how much), the boxes' corners turned with it, so
    that a row's label and its last value lie on one line."""
    import numpy as np

    # no angle classifier: it turns single long lines upside down and reads them as nothing (a
    # report's lines all run one way; the page's skew is corrected below)
    result, _ = _engine()(np.array(image.convert("RGB")), use_cls=False)
    found = [(points, text.strip(), float(score)) for points, text, score in result or [] if text.strip()]
    slopes = [math.atan2(p[1][1] - p[0][1], p[1][0] - p[0][0]) for p, _, _ in found
              if p[1][0] - p[0][0] > 3 * abs(p[3][1] - p[0][1])]
    angle = statistics.median(slopes) if slopes else 0.0
    if abs(angle) > 0.0005:  # more than a pixel over a page's width
        cx, cy = image.width / 2, image.height / 2
        image = image.rotate(math.degrees(angle), resample=_bicubic(), center=(cx, cy), fillcolor="white")
        cos, sin = math.cos(angle), math.sin(angle)
        found = [([(cx + (x - cx) * cos + (y - cy) * sin, cy - (x - cx) * sin + (y - cy) * cos) for x, y in p], t, s)
                 for p, t, s in found]
    boxes = []
    for points, text, score in found:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text, score))
    return image, _overlaps_joined(boxes, image)


def _overlaps_joined(boxes: list[Box], image: Image) -> list[Box]:
    """Two boxes of one line that overlap (the detector cut a run of words in the middle of a glyph,
    and both halves read the cut glyph: 组织|只法律 for 组织法律) are one piece of text, read again."""
    import numpy as np

    out: list[Box] = []
    for row in rows_of(boxes):
        line: list[Box] = []
        for box in row:
            last = line[-1] if line else None
            if last is None or last.right - box.left <= 0.25 * min(last.height, box.height) or box.left <= last.left:
                line.append(box)
                continue
            union = Box(last.left, min(last.top, box.top), max(last.right, box.right), max(last.bottom, box.bottom),
                        "", 0.0)
            crop = np.array(image.crop((union.left, union.top, union.right, union.bottom)).convert("RGB"))
            (text, score), = _engine().text_rec([crop])[0]
            text = text.strip()
            line[-1] = Box(union.left, union.top, union.right, union.bottom, text or last.text + box.text,
                           float(score) if text else min(last.confidence, box.confidence))
        out += line
    return out


def _bicubic() -> Any:
    from PIL import Image as PILImage

    return PILImage.Resampling.BICUBIC


# Boxes into lines --------------------------------------------------------------------------------


def rows_of(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into lines (vertical overlap with the line's middle), each read left to right."""
    rows: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        middle = (box.top + box.bottom) / 2
        if rows:
            last = rows[-1]
            top, bottom = statistics.median(b.top for b in last), statistics.median(b.bottom for b in last)
            if top <= middle <= bottom:
                last.append(box)
                continue
        rows.append([box])
    return [sorted(r, key=lambda b: b.left) for r in rows]


def _numeric(box: Box, confusable: str) -> bool:
    """A table value: digits, or digits misread as look-alike letters (`O`, `l0`)."""
    text = box.text.replace(" ", "")
    return bool(_NUMBER.fullmatch(text)) or (
        bool(re.fullmatch(rf"[\d{re.escape(confusable)},.]+", text)) and len(text) <= 6
        and (any(c.isdigit() for c in text) or len(text) <= 2))


@dataclass
class PageText:
    lines: list[str]
    uncertain: list[tuple[int, Box, str]]  # (line within the page, box, the text as written)
    values: list[tuple[int, str, float]] = field(default_factory=list)  # every table value: (line, text, confidence)


def page_text(boxes: list[Box], image: Image | None = None) -> PageText:
    """The page's lines. With the page's `image`, every table value is read again as digits only
    (a value cell holds a number: `o` there is a round glyph among digits, which the digits-only
    reading tells apart from 6 or 8 with its own confidence)."""
    conf = settings()
    confusable, floor = str(conf["confusable"]), float(conf["min_confidence"])
    if image is not None:
        boxes = list(boxes)
        values = [i for i, b in enumerate(boxes) if _numeric(b, confusable)]
        for i, read in zip(values, _as_digits([boxes[i] for i in values], image), strict=True):
            boxes[i] = read
    rows = rows_of(boxes)
    heights = [b.height for b in boxes] or [1.0]
    tol = 1.5 * statistics.median(heights)
    out = PageText([], [])
    for block in _blocks(rows, confusable):
        if block.columns:
            for row in block.rows:
                if image is not None:
                    row = row + _unseen(row, block.columns, image, confusable)
                out.lines.append(_table_line(row, block.columns, tol, confusable, floor, len(out.lines), out))
        else:
            for row in block.rows:
                out.lines.append(_text_line(row, tol, floor, len(out.lines), out))
    return out


@dataclass
class _Block:
    rows: list[list[Box]]
    columns: list[float]  # value columns' centres; empty for lines of text


def _blocks(rows: list[list[Box]], confusable: str) -> list[_Block]:
    """Runs of lines with numbers (a table) and runs without. A line of labels only (a blank row)
    stays inside a table when the table goes on after it."""
    blocks: list[_Block] = []
    numeric = [sum(_numeric(b, confusable) for b in row) for row in rows]
    i = 0
    while i < len(rows):
        if numeric[i] == 0:
            blocks.append(_Block([rows[i]], []))
            i += 1
            continue
        j = i
        while j + 1 < len(rows) and (numeric[j + 1] or (
                j + 2 < len(rows) and numeric[j + 2] and _label_only(rows[j + 1], rows[i]))):
            j += 1
        run = rows[i:j + 1]
        values = [b for row in run for b in row if _numeric(b, confusable) and b.left > min(r[0].right for r in run)]
        blocks.append(_Block(run, _columns(values, run)))
        i = j + 1
    return blocks


def _label_only(row: list[Box], first: list[Box]) -> bool:
    """A row whose text ends before the table's values begin: a label with no values."""
    return all(b.right <= first[-1].left for b in row)


def _columns(values: list[Box], rows: list[list[Box]]) -> list[float]:
    """The value columns' centres: clusters of the numbers' centres that most rows share (a number
    inside a label, `1.` of `1.属于国家秘密`, is in one row only and makes no column)."""
    if not values:
        return []
    tol = 1.5 * statistics.median(b.height for row in rows for b in row)
    centres: list[list[float]] = []
    for x in sorted(b.cx for b in values):
        if centres and x - centres[-1][-1] <= tol:
            centres[-1].append(x)
        else:
            centres.append([x])
    support = max(1, round(0.4 * len(rows)))
    return [sum(c) / len(c) for c in centres if len(c) >= support]


def _table_line(row: list[Box], columns: list[float], tol: float, confusable: str, floor: float, index: int,
                out: PageText) -> str:
    first = columns[0] - tol
    label = [b for b in row if b.cx < first or not (_numeric(b, confusable) or b.text == UNREAD)]
    cells = [""] * len(columns)
    for box in row:
        if box in label:
            if _NUMBER.fullmatch(box.text):  # a value left of the columns (a row of values only) is written as it is
                out.values.append((index, box.text, round(box.confidence, 2)))
            continue
        k = min(range(len(columns)), key=lambda c: abs(columns[c] - box.cx))
        text = box.text.replace(" ", "")
        if box.confidence < floor or not _NUMBER.fullmatch(text):
            out.uncertain.append((index, box, text))
            text += UNCERTAIN
        out.values.append((index, text, round(box.confidence, 2)))
        cells[k] = (cells[k] + " " + text).strip() if cells[k] else text
    words = _joined(label, tol)
    return "\t".join([words, *cells]) if words else "\t".join(cells)


def _unseen(row: list[Box], columns: list[float], image: Image, confusable: str) -> list[Box]:
    """Values the detector missed: a column of the row with no box but a glyph in its cell is read
    on its own (a lone 0 is easily missed); a cell with no glyph is blank. A glyph is a blot of ink
    about as tall as the row's text, within the cell: ruling lines, a neighbouring row's glyphs cut
    by the cell's edge and specks are none."""
    import cv2
    import numpy as np

    if len(columns) < 2:
        return []
    top = statistics.median(b.top for b in row)
    bottom = statistics.median(b.bottom for b in row)
    height, margin = bottom - top, 0.3 * (bottom - top)
    half = 0.35 * min(b - a for a, b in zip(columns, columns[1:], strict=False))
    taken = {min(range(len(columns)), key=lambda c: abs(columns[c] - b.cx)) for b in row if _numeric(b, confusable)}
    found = []
    for k, cx in enumerate(columns):
        if k in taken or cx - half < 0:
            continue
        left, upper = cx - half, top - margin
        ink = np.array(image.crop((left, upper, cx + half, bottom + margin)).convert("L")) < 128
        ink[ink.mean(axis=1) > 0.5, :] = False  # ruling lines across or along the cell
        ink[:, ink.mean(axis=0) > 0.5] = False
        count, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
        glyphs = [(x, y, w, h) for x, y, w, h, area in stats[1:count]
                  if area >= 12 and 0.4 * height <= h <= 1.5 * height and y > 0 and y + h < ink.shape[0]]
        if not glyphs:
            continue
        x0, y0 = min(g[0] for g in glyphs), min(g[1] for g in glyphs)
        x1, y1 = max(g[0] + g[2] for g in glyphs), max(g[1] + g[3] for g in glyphs)
        found.append(Box(left + x0, upper + y0, left + x1, upper + y1, UNREAD, 0.0))
    return _as_digits(found, image)


def _text_line(row: list[Box], tol: float, floor: float, index: int, out: PageText) -> str:
    parts = []
    for box in row:
        text = box.text
        if box.confidence < floor and _DIGITS.search(text):
            out.uncertain.append((index, box, text))
            text = _DIGITS.sub(lambda m: m.group(0) + UNCERTAIN, text)
        parts.append(Box(box.left, box.top, box.right, box.bottom, text, box.confidence))
    return _joined(parts, tol)


def _joined(boxes: list[Box], tol: float) -> str:
    """Boxes of one line as text: close ones run on (Chinese has no spaces), far ones are cells."""
    text, last = "", None
    for b in boxes:
        if last is not None:
            text += "\t" if b.left - last.right > tol else ""
        text += b.text
        last = b
    return text


def _as_digits(boxes: list[Box], image: Image) -> list[Box]:
    """The boxes read again with the recogniser's output limited to digits and number signs (CTC
    greedy decoding over those classes), one at a time at the width it was trained on. A box's
    confidence: for each character, how much more likely it is than the other digits, at least
    `digit_mass` of the step's probability being digits at all; the weakest character counts. A
    glyph that is no digit keeps its first reading."""
    import cv2
    import numpy as np

    rec = _engine().text_rec
    shape = rec.rec_image_shape
    pad = 3
    out = []
    for box in boxes:
        gray = np.array(image.crop((box.left - pad, box.top - pad, box.right + pad, box.bottom + pad)).convert("L"))
        if min(gray.shape[:2]) < 4:
            out.append(box)
            continue
        # black on white, nothing between: a scan's grey and its compression noise make a lone 0 a `.`
        _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        crop = cv2.cvtColor(ink, cv2.COLOR_GRAY2RGB)
        norm = rec.resize_norm_img(crop, max(crop.shape[1] / crop.shape[0], shape[2] / shape[1]))
        out.append(_digits_read(box, rec.session(norm[None].astype(np.float32))[0][0]))
    return out


def _digits_read(box: Box, probs: Any) -> Box:
    """CTC greedy decoding of one crop's probabilities over the digit classes."""
    import numpy as np

    allowed, chars = _digit_classes()
    probs = probs[:, allowed]
    digits = probs[:, 1:] / np.maximum(probs[:, 1:].sum(1, keepdims=True), 1e-9)
    mass_floor = float(settings()["digit_mass"])
    text, confidence, last = "", [], 0
    for t, k in enumerate((probs / probs.sum(1, keepdims=True)).argmax(1)):
        sure = float(digits[t, k - 1]) if probs[t].sum() >= mass_floor else 0.0
        if k and k != last:
            text += chars[k]
            confidence.append(sure)
        elif k and confidence:
            confidence[-1] = max(confidence[-1], sure)
        last = int(k)
    if not text:
        return box
    return Box(box.left, box.top, box.right, box.bottom, text, min(confidence))


@lru_cache(maxsize=1)
def _digit_classes() -> tuple[list[int], list[str]]:
    """The recogniser's class indexes of blank (0), the digits and the number signs, and their characters."""
    characters = _engine().text_rec.postprocess_op.character
    allowed = [0] + [i for i, c in enumerate(characters) if c in "0123456789.,-"]
    return allowed, [characters[i] for i in allowed]


def _where(box: Box, image: Image) -> str:
    """Where on the page, as a person finds it on paper: by thirds, down and across."""
    down = ("上部", "中部", "下部")[min(2, int(3 * box.top / max(image.height, 1)))]
    across = ("左侧", "中间", "右侧")[min(2, int(3 * box.left / max(image.width, 1)))]
    return down + across


# Pages into a file's text --------------------------------------------------------------------------


@dataclass
class _Read:
    lines: list[str]
    page: OcrPage
    uncertain: list[Uncertain]  # lines counted within this page
    values: list[tuple[int, str, float]]  # and here


def _read(number: int, image: Image, picture: bool = False) -> _Read:
    """One page, or one picture of a document, read with OCR (its time added to the file's limit)."""
    more_time(float(settings()["seconds_per_page"]))
    image, boxes = recognise(image.convert("RGB"))
    text = page_text(boxes, image)
    uncertain = [Uncertain(index, written, number, round(box.left), round(box.top), round(box.confidence, 2),
                           _where(box, image), picture) for index, box, written in text.uncertain]
    confidence = round(statistics.fmean(b.confidence for b in boxes), 3) if boxes else 0.0
    return _Read(text.lines, OcrPage(number, len(boxes), confidence, picture), uncertain, text.values)


@dataclass
class _Text:
    """A file's lines as they are put together, with what OCR read among them, counted in its lines."""

    lines: list[str] = field(default_factory=list)
    pages: list[OcrPage] = field(default_factory=list)
    uncertain: list[Uncertain] = field(default_factory=list)
    values: list[tuple[int, str, float]] = field(default_factory=list)

    def add(self, read: _Read) -> None:
        at = len(self.lines)
        self.uncertain += [replace(u, line=at + u.line) for u in read.uncertain]
        self.values += [(at + line, text, confidence) for line, text, confidence in read.values]
        self.lines += read.lines
        self.pages.append(read.page)

    def ocr(self) -> OcrRead:
        return OcrRead(tuple(self.pages), tuple(self.uncertain), tuple(self.values))


def read_pages(images: Iterable[Image], encoding: str) -> Extracted:
    """The text of pictures, page after page; `origins` says which page each line comes from."""
    limit = int(settings()["max_pages"])
    out = _Text()
    origins: list[str] = []
    for number, image in enumerate(images, start=1):
        if number > limit:
            raise Unreadable(f"图片超过 {limit} 页，不像一份年度报告。")
        read = _read(number, image)
        out.add(read)
        origins += [f"第 {number} 页（文字识别）"] * len(read.lines)
    if not any(line.strip() for line in out.lines):
        raise Unreadable("图片中识别不出文字（可能是空白页或图片质量太差）。")
    return Extracted("\n".join(out.lines), encoding, tuple(origins), out.ocr())


def tables_missing(text: str) -> bool:
    """Whether one of the three tables is not in a document's text (`table_markers` in ocr.yaml):
    then it was pasted as a picture, and the document's pictures are worth reading."""
    return any(not any(marker in text for marker in markers) for markers in settings()["table_markers"].values())


def with_pictures(lines: list[str], pictures: list[tuple[int, bytes]], encoding: str) -> Extracted:
    """A Word file's or web page's text with its pictures read where they stand (a picture before
    `lines[i]` for each `(i, data)`), when a table is missing from the text and only then: OCR takes
    seconds a picture, and a document with its tables as text needs none. Pictures too small to hold
    a table (icons, logos, a QR code) and pictures that cannot be decoded are passed over."""
    text = "\n".join(lines)
    if not pictures or not tables_missing(text):
        return Extracted(text, encoding)
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    least = settings()["least_picture"]
    out = _Text()
    at = 0
    for before, data in pictures[: int(settings()["max_pages"])]:
        try:
            image = PILImage.open(io.BytesIO(data))
            image.load()
        except (UnidentifiedImageError, OSError, ValueError, PILImage.DecompressionBombError):
            continue
        if image.width < least["width"] or image.height < least["height"]:
            continue
        out.lines += lines[at:before]
        at = max(at, before)
        out.add(_read(len(out.pages) + 1, image, picture=True))
    out.lines += lines[at:]
    if not out.pages:
        return Extracted(text, encoding)
    return Extracted("\n".join(out.lines), encoding, None, out.ocr())


def pdf_images(data: bytes) -> Iterable[Image]:
    """A PDF's pages as pictures, at the resolution of a scan."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except Exception:
        raise Unreadable("PDF 文件已损坏，无法打开。") from None
    scale = float(settings()["render_dpi"]) / 72
    try:
        for i in range(len(pdf)):
            yield pdf[i].render(scale=scale).to_pil()
    finally:
        pdf.close()


IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")


class Picture:
    """An image file (PNG, JPEG, TIFF with one page per frame, BMP, GIF): read with OCR."""

    name = "image"

    def sniff(self, data: bytes, path: str) -> bool:
        return data.startswith(IMAGE_MAGIC)

    def read(self, data: bytes, path: str = "") -> Extracted:
        from PIL import Image as PILImage
        from PIL import ImageSequence, UnidentifiedImageError

        try:
            image = PILImage.open(io.BytesIO(data))
            frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
        except (UnidentifiedImageError, OSError, ValueError):
            raise Unreadable("图片文件已损坏或格式不受支持，无法读取。") from None
        return read_pages(frames, "image")


PICTURE = Picture()
