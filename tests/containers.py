"""Fixture generators: a report as a web page, a Word file or a PDF, with merged cells as
portals and offices make them. Blocks come from engine.render.report_blocks (a model) or from
text_blocks (an existing text report, its table rows kept as written)."""

from __future__ import annotations

import html
import io
import random

from engine.normalise import normalise
from engine.render import GridCell
from engine.segment import segment
from engine.tokenize import tokenize

TABLE_KEYS = ("active", "requests", "appeals")


def text_blocks(raw: str) -> list[tuple[str, object]]:
    """A text report as blocks: each table region's source rows become table rows."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    seg = segment(normalise(raw).lines)
    regions = {}
    for h, end in zip(seg.headings, seg.ends, strict=True):
        if h.key in TABLE_KEYS:
            regions[h.line + 1] = end
    blocks: list[tuple[str, object]] = []
    n = 1
    while n <= len(lines):
        if n in regions:
            end = regions[n]
            _, cells = tokenize([(k, lines[k - 1]) for k in range(n, end + 1)])
            rows: dict[int, list[str]] = {}
            for c in cells:
                rows.setdefault(c.row, []).append(c.text)
            blocks.append(("table", [[GridCell(t) for t in row] for row in rows.values()]))
            n = end + 1
            continue
        if lines[n - 1].strip():
            blocks.append(("p", lines[n - 1].strip()))
        n += 1
    return blocks


def _positions(grid: list[list[GridCell]]):
    """(row, col, cell) for every cell, with the grid's width: spans pushed right as HTML does."""
    taken: set[tuple[int, int]] = set()
    placed = []
    width = 0
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
            width = max(width, c)
    return placed, width


def _padded(grid, width):
    """Rows of a ragged grid made full width: a row's last cell spans what is left of it."""
    placed, _ = _positions(grid)
    taken = {(r + dr, c + dc) for r, c, cell in placed for dr in range(cell.rowspan) for dc in range(cell.colspan)}
    last = {}
    for r, c, cell in placed:
        last[r] = (c, cell)
    out = []
    for r, row in enumerate(grid):
        if r in last and row:
            c, cell = last[r]
            end = c + cell.colspan
            free = end < width and cell.rowspan == 1 and not any((r, k) in taken for k in range(end, width))
            if free:
                row = row[:-1] + [GridCell(cell.text, 1, width - c)]
        out.append(row)
    return out


# ------------------------------------------------------------------------------------ HTML

FURNITURE_TOP = ('<div class="top-nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a></div>\n'
                 '<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>\n')
FURNITURE_BOTTOM = ('<div class="footer">网站支持IPv6　主办单位：某某县人民政府办公室</div>\n'
                    '<script>var _hmt = _hmt || []; document.write("统计");</script>\n')


def render_html(blocks, encoding: str = "utf-8", declare: bool = True, rng: random.Random | None = None) -> bytes:
    rng = rng or random.Random(0)
    meta = f'<meta charset="{encoding}">' if declare else ""
    out = [f"<!DOCTYPE html>\n<html><head>{meta}<title>年度报告</title>"
           "<style>td{border:1px solid #000}</style></head><body>\n", FURNITURE_TOP, '<div class="article">\n']
    for kind, content in blocks:
        if kind == "p":
            out.append(f"<p>{html.escape(content)}</p>\n")
            continue
        out.append('<table border="1" cellspacing="0">\n')
        for row in content:
            out.append("<tr>")
            for cell in row:
                attrs = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
                    f' colspan="{cell.colspan}"' if cell.colspan > 1 else "")
                out.append(f"<td{attrs}>{_html_cell(cell.text, rng)}</td>")
            out.append("</tr>\n")
        out.append("</table>\n")
    out += ["</div>\n", FURNITURE_BOTTOM, "</body></html>\n"]
    return "".join(out).encode(encoding)


def _html_cell(text: str, rng: random.Random) -> str:
    if text == "":
        return rng.choice(["", "&nbsp;", " "])
    if len(text) > 6 and not text[0].isdigit() and rng.random() < 0.3:  # a label broken with <br>
        cut = rng.randint(2, len(text) - 2)
        return f"<p>{html.escape(text[:cut])}<br>{html.escape(text[cut:])}</p>"
    return f"<span>{html.escape(text)}</span>"


# ------------------------------------------------------------------------------------ DOCX


def render_docx(blocks) -> bytes:
    import docx

    document = docx.Document()
    for kind, content in blocks:
        if kind == "p":
            document.add_paragraph(content)
            continue
        placed, width = _positions(content)
        placed, width = _positions(_padded(content, width))
        rows = 1 + max(r + cell.rowspan - 1 for r, _, cell in placed)
        table = document.add_table(rows=rows, cols=width)
        for r, c, cell in placed:
            target = table.cell(r, c)
            if cell.rowspan > 1 or cell.colspan > 1:
                target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
            target.text = cell.text
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------ PDF


def render_pdf(blocks, *, push_tables_over_pages: bool = True, ruled: bool = True) -> bytes:
    """Ruled tables (grid lines, merged cells), a running header and page numbers `— n —`; a
    spacer before each table makes long tables run over a page break."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14, wordWrap="CJK")
    cell_style = ParagraphStyle("cell", fontName=font, fontSize=7, leading=9, wordWrap="CJK")

    def page(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, "某某县人民政府门户网站　政府信息公开")
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"— {doc.page} —")
        canvas.restoreState()

    story = []
    for kind, content in blocks:
        if kind == "p":
            story.append(Paragraph(html.escape(content), body))
            continue
        placed, width = _positions(content)
        placed, width = _positions(_padded(content, width))
        n_rows = 1 + max(r + cell.rowspan - 1 for r, _, cell in placed)
        data = [[""] * width for _ in range(n_rows)]
        spans = []
        for r, c, cell in placed:
            data[r][c] = Paragraph(html.escape(cell.text), cell_style) if cell.text else ""
            if cell.rowspan > 1 or cell.colspan > 1:
                spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
        table = Table(data, colWidths=_widths(width, A4[0] - 40 * mm), repeatRows=0)
        lines = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)] if ruled else []
        table.setStyle(TableStyle(lines + [("VALIGN", (0, 0), (-1, -1), "MIDDLE")] + spans))
        if push_tables_over_pages:
            story.append(Spacer(1, 120 * mm))
        story.append(table)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm)
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buf.getvalue()


def _widths(width: int, total: float) -> list[float]:
    """Label columns wide enough that long labels wrap into a few lines, not dozens."""
    if width <= 4:
        return [total * 0.4] + [total * 0.6 / (width - 1)] * (width - 1)
    if width == 10:  # table 三: three label columns, seven values
        label = [total * 0.12, total * 0.14, total * 0.3]
        return label + [(total - sum(label)) / 7] * 7
    return [total / width] * width
