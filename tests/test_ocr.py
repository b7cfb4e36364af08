"""Scans and pictures read with OCR (engine/containers/ocr.py): a generated report drawn onto pages
as a scanner leaves them (turned a little, blurred, JPEG-compressed in a PDF) reads back cell for
cell like its text, blanks staying blank; numbers OCR is unsure of are never used."""

import pytest

from engine.containers import ocr
from engine.containers.base import UNCERTAIN
from engine.containers.ocr import Box, page_text
from engine.load import Unreadable, load_bytes
from engine.parse import parse_loaded
from engine.render import ReportSpec, render_report, zero_values
from engine.ruleset import RuleSet, load_rules
from tests.ocr_pages import cjk_font_file, image_pdf, pages
from tests.samples import sample

RULES = RuleSet([lr.rule for lr in load_rules()])


def report_text() -> str:
    values = zero_values("2021")
    for col in ("natural_person", "total"):
        values["requests"]["new_received"][col] = 5
        values["requests"]["granted"][col] = 3
        values["requests"]["unavailable_not_held"][col] = 2
        values["requests"]["results_total"][col] = 5
    values["active"]["normative_documents"]["in_force"] = 12
    values["active"]["licensing"]["decisions"] = 105
    values["requests"]["partly_granted"]["total"] = None  # a blank must stay blank
    return render_report(ReportSpec("2021", values, agency="江左镇人民政府", year=2022, published="2023-01-10"),
                         "tab-grid")


@pytest.fixture(scope="module")
def font():
    if cjk_font_file() is None:
        pytest.skip("no CJK font (fonts-noto-cjk) and it cannot be installed here: the scans cannot be drawn")


def cells(report):
    return {(t, r, c): (cell.value, cell.blank) for t, table in report.tables.items()
            for r, cols in table.rows.items() for c, cell in cols.items()}


@pytest.fixture(scope="module")
def pair(font):
    """(the scan's Loaded, its report, the text version's report): one OCR run for the module."""
    text = report_text()
    loaded = load_bytes(image_pdf(text), "扫描件.pdf")
    return loaded, parse_loaded(loaded, "扫描件.pdf"), parse_loaded(load_bytes(text.encode("utf-8"), "a.txt"), "a.txt")


def test_an_image_only_pdf_reads_like_its_text(pair):
    loaded, scanned, typed = pair
    assert loaded.format == "pdf" and loaded.ocr is not None and [p.page for p in loaded.ocr.pages] == [1, 2]
    assert (scanned.meta.agency, scanned.meta.year, scanned.layout) == ("江左镇人民政府", 2022, "2021")
    assert cells(scanned) == cells(typed)
    assert cells(scanned)[("requests", "partly_granted", "total")] == (None, True)
    assert [p.page for p in scanned.ocr] == [1, 2] and scanned.contract()["ocr"][0]["boxes"] > 20
    values = [cell for table in scanned.contract()["tables"].values() for cols in table["rows"].values()
              for cell in cols.values() if cell["raw"]]
    assert len(values) == 199 and all(0.6 <= cell["confidence"] <= 1 for cell in values)
    # the tables' findings are the text version's
    tables = {"blank-cell", "arithmetic", "table-structure", "table-version"}
    found = sorted((f.rule, f.severity) for f in RULES.run(scanned) if f.category in tables)
    assert found == sorted((f.rule, f.severity) for f in RULES.run(typed) if f.category in tables)
    assert ("blank-cells", "error") in found


def test_an_image_only_pdf_gives_the_findings_of_its_text(pair):
    _, scanned, typed = pair
    assert sorted((f.rule, f.severity) for f in RULES.run(scanned)) == sorted(
        (f.rule, f.severity) for f in RULES.run(typed))


def test_a_png_page_reads_like_its_text(font, tmp_path):
    first = pages(report_text())[0]
    path = tmp_path / "第1页.png"
    first.save(path)
    loaded = load_bytes(path.read_bytes(), str(path))
    assert loaded.format == "image" and loaded.origins and loaded.origins[0] == "第 1 页（文字识别）"
    report = parse_loaded(loaded, str(path))
    assert (report.meta.agency, report.meta.year) == ("江左镇人民政府", 2022)
    active = report.tables["active"].rows
    assert active["normative_documents"]["in_force"].value == 12 and active["licensing"]["decisions"].value == 105
    assert active["regulations"]["issued"].value == 0


def box(text, left, top, confidence=0.99, height=30):
    return Box(left, top, left + 20 * len(text), top + height, text, confidence)


def test_numbers_ocr_is_unsure_of_are_marked_and_never_values():
    rows = [[box("一、本年新收政府信息公开申请数量", 100, 100), box("5", 800, 100), box("0", 900, 100, 0.41),
             box("5", 1000, 100)],
            [box("二、上年结转政府信息公开申请数量", 100, 150), box("O", 800, 150), box("0", 900, 150), box("0", 1000, 150)],
            [box("三、本年度办理结果", 100, 200), box("12", 800, 200), box("", 900, 200), box("1", 1000, 200)]]
    got = page_text([b for row in rows for b in row if b.text])
    assert got.lines == ["一、本年新收政府信息公开申请数量\t5\t0" + UNCERTAIN + "\t5",
                         "二、上年结转政府信息公开申请数量\tO" + UNCERTAIN + "\t0\t0",
                         "三、本年度办理结果\t12\t\t1"]  # a column with nothing read stays an empty cell
    assert [(line, written) for line, _, written in got.uncertain] == [(0, "0"), (1, "O")]


def test_an_uncertain_number_is_reported_with_its_page_and_position(monkeypatch):
    # a page whose boxes are the report's lines, with one number in doubt in table 三
    def recognise(image):
        boxes = []
        for i, line in enumerate(report_text().split("\n")):
            cells = line.split("\t")
            x = 100
            for j, cell in enumerate(cells):
                if cell:
                    doubt = cell == "5" and cells[0].startswith("一、本年新收") and j == 1
                    boxes.append(box(cell, x, 40 * i, 0.3 if doubt else 0.99))
                x += 700 if j == 0 else 100
        return image, boxes

    from PIL import Image

    monkeypatch.setattr(ocr, "recognise", recognise)
    extracted = ocr.read_pages([Image.new("RGB", (10, 10), "white")], "image")
    from engine.load import Loaded

    loaded = Loaded("p.png", "0" * 64, "image", "image", extracted.text, extracted.origins, extracted.ocr)
    report = parse_loaded(loaded, "p.png")
    cell = report.tables["requests"].rows["new_received"]["natural_person"]
    assert (cell.value, cell.raw) == (None, "5" + UNCERTAIN)
    # every value read carries its confidence, in the parse contract too
    rows = report.contract()["tables"]["requests"]["rows"]
    assert rows["new_received"]["natural_person"]["confidence"] == 0.3
    assert rows["new_received"]["total"] == {"value": 5, "raw": "5", "line": cell.line, "confidence": 0.99}
    found = {f.rule: f for f in RULES.run(report)}
    assert "“第 1 页下部右侧读作 5，识别把握 30%”" in found["ocr-uncertain"].message
    # the identity over that cell cannot be verified: unverifiable, never broken
    assert found["identity-a2"].outcome == "unverifiable"


def test_a_model_that_cannot_load_makes_the_file_unreadable(monkeypatch):
    from PIL import Image

    monkeypatch.setattr(ocr, "_ENGINE", [])

    def broken():
        raise Unreadable("文字识别（OCR）模型无法加载（RuntimeError: no model），无法读取图片中的文字。")

    monkeypatch.setattr(ocr, "_engine", broken)
    import io

    buf = io.BytesIO()
    Image.new("RGB", (50, 50), "white").save(buf, format="PNG")
    with pytest.raises(Unreadable) as exc:
        load_bytes(buf.getvalue(), "a.png")
    assert "模型无法加载" in exc.value.reason


def test_a_scanned_seed_reads_like_its_text(font):
    """A real township report (seed 003, 赵保镇 2021) printed and scanned: four pages of prose and ruled
    tables, read back cell for cell, with the unit, the year and the findings of its text."""
    text = sample("003").read_text(encoding="utf-8")
    loaded = load_bytes(image_pdf(text), "赵保镇_扫描件.pdf")
    scanned = parse_loaded(loaded, "赵保镇_扫描件.pdf")
    typed = parse_loaded(load_bytes(text.encode("utf-8"), "a.txt"), "a.txt")
    assert len(loaded.ocr.pages) == 4
    assert (scanned.meta.agency, scanned.meta.year, scanned.layout) == ("赵保镇人民政府", 2021, "2021")
    assert cells(scanned) == cells(typed) and len(cells(scanned)) == 200
    found = sorted((f.rule, f.severity, f.outcome) for f in RULES.run(scanned))
    assert found == sorted((f.rule, f.severity, f.outcome) for f in RULES.run(typed))
    assert {("label-deviation", "warning"), ("fee-statement", "warning")} <= {(r, s) for r, s, _ in found}  # SEEDS.md


def test_an_empty_cell_with_ruling_lines_is_blank_and_a_missed_zero_is_read(font):
    """The detector can miss a lone 0; a cell it found nothing in is looked at again: ink shaped like
    a glyph is read as digits, ruling lines and specks leave the cell blank."""
    from PIL import Image, ImageDraw

    from tests.ocr_pages import FONT_SIZE, _font

    image = Image.new("RGB", (900, 120), "white")
    draw = ImageDraw.Draw(image)
    for x in (300, 500, 700, 880):  # the cells' borders; the row's own top and bottom lines run through
        draw.line((x, 10, x, 110), fill="black", width=2)
    draw.line((300, 48, 770, 48), fill="black", width=2)  # a border ending inside the last cell
    draw.text((590, 50), "0", font=_font(), fill="black")
    draw.point([(780, 70), (781, 70), (782, 71)], fill="black")  # specks
    row = [Box(20, 45, 280, 45 + FONT_SIZE + 8, "一、本年新收政府信息公开申请数量", 0.99),
           Box(390, 45, 410, 45 + FONT_SIZE + 8, "5", 0.99)]
    found = ocr._unseen(row, [400.0, 600.0, 790.0], image, "")
    assert [(b.text, round(b.left) in range(580, 610)) for b in found] == [("0", True)]
    assert found[0].confidence > 0.9
