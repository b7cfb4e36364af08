"""Tables pasted as pictures into a Word file or a web page (engine/containers/ocr.py `with_pictures`):
the pictures are read with OCR where they stand, when a table is missing from the text and only
then; the report reads like its text, cell for cell, with the same findings."""

import base64
import io

import pytest

from engine.load import load, load_bytes
from engine.outputs.markdown import ocr_note
from engine.parse import parse_loaded
from tests.ocr_pages import cjk_font_file, pictured_tables
from tests.test_ocr import RULES, cells, report_text


@pytest.fixture(scope="module")
def pictured():
    if cjk_font_file() is None:
        pytest.skip("no CJK font (fonts-noto-cjk) and it cannot be installed here: the pictures cannot be drawn")
    text = report_text()
    return text, *pictured_tables(text)


def word_file(lines, pictures) -> bytes:
    import docx
    from docx.shared import Inches

    document = docx.Document()
    at = dict(pictures)
    for i, line in enumerate([*lines, None]):
        if i in at:
            document.add_picture(io.BytesIO(at[i]), width=Inches(6))
        if line is not None:
            document.add_paragraph(line)
    document.add_picture(io.BytesIO(tiny_logo()), width=Inches(0.5))  # a unit's emblem: no table
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def tiny_logo() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(buf, format="PNG")
    return buf.getvalue()


def same_as_text(report, text):
    typed = parse_loaded(load_bytes(text.encode("utf-8"), "a.txt"), "a.txt")
    assert (report.meta.agency, report.meta.year, report.layout) == ("江左镇人民政府", 2022, "2021")
    assert cells(report) == cells(typed)
    assert cells(report)[("requests", "partly_granted", "total")] == (None, True)  # the blank stays blank
    assert sorted((f.rule, f.severity, f.outcome) for f in RULES.run(report)) == sorted(
        (f.rule, f.severity, f.outcome) for f in RULES.run(typed))


def test_tables_pasted_as_pictures_into_a_word_file_are_read(pictured):
    text, lines, pictures = pictured
    loaded = load_bytes(word_file(lines, pictures), "报告.docx")
    assert loaded.format == "docx" and loaded.ocr is not None
    assert [(p.page, p.picture) for p in loaded.ocr.pages] == [(1, True), (2, True), (3, True)]  # not the logo
    report = parse_loaded(loaded, "报告.docx")
    same_as_text(report, text)
    assert [s.key for s in report.sections] == ["overview", "active", "requests", "appeals", "problems", "other"]
    assert ocr_note(report).startswith("文档中的第 1、2、3 张图片（粘贴为图片的表格等）已读取，其中的文字和数字由程序识别")
    assert report.contract()["ocr"][0]["picture"] is True


def test_tables_pasted_as_pictures_into_a_saved_web_page_are_read(pictured, tmp_path):
    """Table 二 inline in the page, table 四 in the folder a browser saves beside it, table 三 as text;
    a picture on the web and a path out of the folder are not read."""
    text, lines, pictures = pictured
    (active_at, active), (requests_at, _), (appeals_at, appeals) = pictures
    (tmp_path / "报告_files").mkdir()
    (tmp_path / "报告_files" / "image2.png").write_bytes(appeals)
    typed = text.split("\n")
    table3 = typed[typed.index(lines[requests_at - 1]) + 1:typed.index(lines[requests_at])]
    html = {active_at: f'<img src="data:image/png;base64,{base64.b64encode(active).decode()}">',
            requests_at: "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in line.split("\t")) + "</tr>"
                                             for line in table3) + "</table>",
            appeals_at: '<p><img src="%E6%8A%A5%E5%91%8A_files/image2.png" alt="表四"></p>'}
    body = "".join(html.get(i, "") + f"<p>{line}</p>" for i, line in enumerate(lines))
    page = (f'<html><body><img src="http://www.example.gov.cn/logo.png"><img src="../../etc/passwd">'
            f"{body}</body></html>")
    path = tmp_path / "报告.html"
    path.write_text(page, encoding="utf-8")
    loaded = load(path)
    assert loaded.format == "html" and [p.page for p in loaded.ocr.pages] == [1, 2]
    same_as_text(parse_loaded(loaded, str(path)), text)


def test_a_document_with_its_tables_as_text_is_not_read_with_ocr(pictured, monkeypatch):
    """OCR costs seconds a picture: a Word file whose tables are text keeps its pictures unread."""
    from engine.containers import ocr

    text, _, pictures = pictured
    monkeypatch.setattr(ocr, "recognise", lambda image: pytest.fail("a picture was read"))
    loaded = load_bytes(word_file(text.split("\n"), pictures[:1]), "报告.docx")
    assert loaded.ocr is None and "行政许可 105" in loaded.text
