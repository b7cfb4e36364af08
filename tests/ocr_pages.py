"""Reports as a scanner leaves them: a report's text drawn onto page images (landscape A4 at
250 dpi, a CJK font from the system), tables as ruled grids, then turned a little and blurred; and
the pages saved as PNG files or as an image-only PDF (no text layer)."""

from __future__ import annotations

import io
import subprocess
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from engine.values import is_value

SCALE = 1.25  # landscape A4 at 250 dpi
WIDTH, HEIGHT, MARGIN = int(2339 * SCALE), int(1654 * SCALE), int(100 * SCALE)
FONT_SIZE = int(26 * SCALE)  # about 9 pt
ROW = int(46 * SCALE)  # a table row's height
VALUE_WIDTH = int(130 * SCALE)  # a value column's width
FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
         "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
         "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf")


def cjk_font_file() -> str | None:
    """A CJK font: from the system, or installed with apt-get (fonts-noto-cjk) where it can be."""
    for path in FONTS:
        if Path(path).is_file():
            return path
    try:
        subprocess.run(["apt-get", "install", "-y", "-q", "fonts-noto-cjk"], check=True, capture_output=True, timeout=600)
    except (OSError, subprocess.SubprocessError):
        return None
    return next((p for p in FONTS if Path(p).is_file()), None)


@lru_cache(maxsize=1)
def _font() -> ImageFont.FreeTypeFont:
    path = cjk_font_file()
    if path is None:
        raise RuntimeError("no CJK font")
    return ImageFont.truetype(path, FONT_SIZE)


def pages(text: str, rotate: float = 0.4, blur: float = 0.6) -> list[Image.Image]:
    font = _font()
    images: list[Image.Image] = []
    page, draw, y = None, None, MARGIN

    def new_page() -> None:
        nonlocal page, draw, y
        if page is not None:
            images.append(page)
        page = Image.new("L", (WIDTH, HEIGHT), 255)
        draw = ImageDraw.Draw(page)
        y = MARGIN

    new_page()
    lines = text.split("\n")
    for line, columns in zip(lines, _grid_columns(lines), strict=True):
        height = ROW if "\t" in line else int(FONT_SIZE * 1.7)
        if y + height > HEIGHT - MARGIN:
            new_page()
        assert draw is not None
        if "\t" in line:
            _table_row(draw, font, line.split("\t"), y, columns)
        else:
            for piece in _wrapped(line, font, WIDTH - 2 * MARGIN):
                if y + height > HEIGHT - MARGIN:
                    new_page()
                    assert draw is not None
                draw.text((MARGIN, y), piece, font=font, fill=0)
                y += height
            continue
        y += height
    assert page is not None
    images.append(page)
    return [im.rotate(rotate, expand=False, fillcolor=255, resample=Image.Resampling.BICUBIC)
            .filter(ImageFilter.GaussianBlur(blur)) for im in images]


def _wrapped(line: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    out, current = [], ""
    for ch in line:
        if font.getlength(current + ch) > width:
            out.append(current)
            current = ""
        current += ch
    return out + [current]


def _values(cells: list[str]) -> int:
    """How many cells at the row's end are values (numbers or blanks)."""
    count = 0
    for cell in reversed(cells):
        if not is_value(cell.strip()):
            break
        count += 1
    return count


def _grid_columns(lines: list[str]) -> list[int]:
    """Each line's table width: the number of value columns most rows of its table have (a web page's
    tab grid leaves empty cells of merged or hidden columns that a printed table does not show)."""
    widths = [0] * len(lines)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and "\t" in lines[j]:
            j += 1
        counts = [_values(lines[k].split("\t")) for k in range(i, j)]
        filled = [c for c, k in zip(counts, range(i, j), strict=True) if any(ch.isdigit() for ch in lines[k])]
        if filled:
            common = max(set(filled), key=filled.count)
            widths[i:j] = [common] * (j - i)
        i = j + 1
    return widths


def _table_row(draw: ImageDraw.ImageDraw, font: ImageFont.FreeTypeFont, cells: list[str], y: int,
               columns: int) -> None:
    values = _values(cells) if any(ch.isdigit() for ch in "".join(cells)) else 0  # a header row: labels only
    while values > columns and not cells[-1].strip():  # empty cells past the table's last column
        cells, values = cells[:-1], values - 1
    while values > columns and not cells[len(cells) - values].strip():  # and before its first
        values -= 1
    start = len(cells) - values
    labels = [c for c in cells[:start] if c.strip()]
    right = WIDTH - MARGIN
    first_value = right - values * VALUE_WIDTH
    if values:
        draw.rectangle((MARGIN, y, right, y + ROW), outline=0, width=2)
    x = MARGIN + 12
    for label in labels:
        draw.text((x, y + (ROW - FONT_SIZE) // 2 - 4), label, font=font, fill=0)
        x += int(font.getlength(label)) + (2 * FONT_SIZE if values else FONT_SIZE)
        if values and x > first_value:
            raise ValueError(f"label too long for the row: {labels}")
    for k in range(values):
        left = first_value + k * VALUE_WIDTH
        draw.line((left, y, left, y + ROW), fill=0, width=2)
        value = cells[start + k]
        w = font.getlength(value)
        draw.text((left + (VALUE_WIDTH - w) / 2, y + (ROW - FONT_SIZE) // 2 - 4), value, font=font, fill=0)


def png_files(text: str, folder: Path, stem: str) -> list[Path]:
    out = []
    for i, image in enumerate(pages(text), start=1):
        path = folder / f"{stem}_{i}.png"
        image.save(path)
        out.append(path)
    return out


def image_pdf(text: str) -> bytes:
    """The pages as an image-only PDF: no text layer at all."""
    images = [im.convert("RGB") for im in pages(text)]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=250)
    return buf.getvalue()


def pictured_tables(text: str) -> tuple[list[str], list[tuple[int, bytes]]]:
    """A report as a Word file or web page holds it when its tables were pasted as pictures: the
    lines of sections 二, 三 and 四 (the tables) each drawn as one PNG picture, cropped to the ink;
    the other lines as text. Returns those lines and each picture with the number of lines before it."""
    from engine.render import SECTION_HEADINGS

    tables = set(SECTION_HEADINGS[1:4])
    lines: list[str] = []
    pictures: list[tuple[int, bytes]] = []
    body: list[str] | None = None
    for line in [*text.split("\n"), SECTION_HEADINGS[4]]:
        if line in SECTION_HEADINGS and body is not None:
            pictures.append((len(lines), _picture("\n".join(body))))
            body = None
        if body is not None:
            body.append(line)
            continue
        lines.append(line)
        if line in tables:
            body = []
    lines.pop()  # the heading added to close the last table
    return lines, pictures


def _picture(text: str) -> bytes:
    (page,) = pages(text.strip("\n"))
    ink = Image.eval(page, lambda v: 255 - v).getbbox()
    assert ink is not None
    left, top, right, bottom = ink
    buf = io.BytesIO()
    page.crop((max(0, left - 30), max(0, top - 30), right + 30, bottom + 30)).save(buf, format="PNG")
    return buf.getvalue()
