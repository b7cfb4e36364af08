"""Web pages, Word files and PDFs: the same model and the same findings whatever the container."""

import io
import json
import shutil
import subprocess
import sys
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.load import Unreadable, sniff, time_limit
from engine.parse import parse_bytes, parse_file
from engine.render import ReportSpec, report_blocks
from engine.ruleset import RuleSet, load_rules
from tests.containers import render_docx, render_html, render_pdf, text_blocks
from tests.samples import SAMPLES, assert_cells, sample
from tests.test_roundtrip import table_values

RULESET = RuleSet([lr.rule for lr in load_rules()])
WRITERS = {
    "html": lambda blocks: render_html(blocks),
    "html-gbk": lambda blocks: render_html(blocks, "gbk"),
    "html-gbk-undeclared": lambda blocks: render_html(blocks, "gbk", declare=False),
    "html-gb2312": lambda blocks: render_html(blocks, "gb2312"),
    "docx": render_docx,
    "pdf": render_pdf,
}


def assert_same_cells(report, values, layout):
    assert_cells(report, values, layout)
    assert not [d for t in report.tables.values() for d in t.deviations]  # from real tables: no padding doubts


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), layout=st.sampled_from(["2021", "2019"]),
       container=st.sampled_from(["html", "html-gbk", "html-gbk-undeclared", "html-gb2312", "docx"]))
def test_html_and_docx_parse_to_the_model(data, layout, container):
    values = data.draw(table_values(layout))
    blocks = report_blocks(ReportSpec(layout, values, year=2020 if layout == "2019" else 2022))
    report = parse_bytes(WRITERS[container](blocks), "report")
    assert report.source.format == container.split("-")[0]
    assert_same_cells(report, values, layout)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), layout=st.sampled_from(["2021", "2019"]))
def test_pdf_with_ruled_tables_over_page_breaks_parses_to_the_model(data, layout):
    values = data.draw(table_values(layout))
    pdf = render_pdf(report_blocks(ReportSpec(layout, values, year=2020 if layout == "2019" else 2022)))
    report = parse_bytes(pdf, "report.pdf")
    assert report.source.format == "pdf"
    assert_same_cells(report, values, layout)
    # running header and page numbers are gone
    assert not any("门户网站" in line or line.startswith("—") for line in report.lines)


def test_pdf_fixture_has_a_table_across_a_page_break():
    import pdfplumber

    from engine.render import zero_values

    pdf = render_pdf(report_blocks(ReportSpec("2021", zero_values("2021"))))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        tables_per_page = [len(page.find_tables()) for page in doc.pages]
    assert len(tables_per_page) > 3 and all(n >= 1 for n in tables_per_page[1:])  # 3 tables over 4+ pages


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("container", ["html", "html-gbk", "docx", "pdf"])
def test_seeds_in_every_container_give_the_same_findings(prefix, container):
    def findings(report):
        return Counter((f.rule, f.severity, len(f.locations)) for f in RULESET.run(report))

    blocks = text_blocks(sample(prefix).read_text(encoding="utf-8"))
    data = render_pdf(blocks, push_tables_over_pages=False) if container == "pdf" else WRITERS[container](blocks)
    assert findings(parse_bytes(data, f"seed.{container}")) == findings(parse_file(sample(prefix)))


# ------------------------------------------------------------------------------------ HTML details

PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<script>document.write('统计代码')</script><style>p{color:red}</style></head><body>
<div id="nav"><a>首页</a><a>政务公开</a></div>
<div class="position">当前位置：首页 &gt; 信息公开</div>
<h1>某县水利局2022年政府信息公开工作年度报告</h1>
<p>发布日期：2023-01-20</p>
<p>一、总体情况</p><p>本局依法公开政府信息。</p>
<p>二、主动公开政府信息情况</p>
<table><tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>
<tr><td>行政许可</td><td colspan="3">&nbsp;</td></tr></table>
<div class="footer">网站支持IPv6</div></body></html>"""


def test_html_furniture_is_stripped_and_blanks_keep_what_they_held():
    report = parse_bytes(PAGE.encode("gb18030"), "page.html")
    assert report.source.encoding == "gb2312"
    assert (report.meta.agency, report.meta.year, report.meta.published) == ("某县水利局", 2022, "2023-01-20")
    text = "\n".join(report.lines)
    assert "统计代码" not in text and "color" not in text and "政务公开" not in text  # script, style, nav
    assert report.lines[0] == "当前位置:首页 > 信息公开" and report.furniture == [1, 3]  # page lines, marked
    cell = report.tables["active"].cell("licensing", "decisions")
    assert cell.blank and cell.raw == "&nbsp;" and cell.value is None


@pytest.mark.parametrize("held", ["/", "-", "—", "无"])
def test_html_blank_markers(held):
    report = parse_bytes(PAGE.replace("&nbsp;", held).encode("utf-8"), "page.html")
    cell = report.tables["active"].cell("licensing", "decisions")
    assert cell.blank and cell.raw == held


@pytest.mark.parametrize("prefix", ["000", "001", "004"])
def test_a_page_laid_out_in_a_table_reads_like_the_plain_page(prefix):
    """Older portals put the whole article in a layout <table>, the data tables nested inside."""
    plain = render_html(text_blocks(sample(prefix).read_text(encoding="utf-8"))).decode()
    start, end = plain.index("<body>") + len("<body>"), plain.index("</body>")
    laid_out = (plain[:start] + '<table width="960"><tr><td>首页 &gt; 政务公开</td></tr><tr><td>'
                + plain[start:end] + "</td></tr></table>" + plain[end:])
    a, b = parse_bytes(plain.encode(), "plain.html"), parse_bytes(laid_out.encode(), "laid-out.html")
    assert (b.layout, b.meta.agency, [s.key for s in b.sections]) == (a.layout, a.meta.agency, [s.key for s in a.sections])
    def cells(report):  # lines differ by the layout table's own first row
        return {(k, r, c): (cell.value, cell.raw, cell.missing) for k, t in report.tables.items()
                for r, cols in t.rows.items() for c, cell in cols.items()}

    assert set(a.tables) == {"active", "requests", "appeals"} and cells(b) == cells(a)
    assert Counter(f.rule for f in RULESET.run(b)) == Counter(f.rule for f in RULESET.run(a))


def test_sniffing_by_content_before_name():
    assert sniff(b"%PDF-1.4 ...", "report.txt") == "pdf"
    assert sniff(b"<!DOCTYPE html><html>", "report.txt") == "html"
    assert sniff("\ufeff<html><body>".encode("utf-8"), "x") == "html"
    assert sniff("一、总体情况".encode(), "report.html") == "txt"
    assert sniff(b"<p>x</p>", "report.htm") == "html"
    with pytest.raises(Unreadable, match="旧版 Word"):
        sniff(b"\xd0\xcf\x11\xe0rest", "a.doc")


# ------------------------------------------------------------------------------------ cells run together


def test_values_run_together_are_not_split():
    text = ("二、主动公开政府信息情况\n第二十条第(一)项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n"
            "规章\t7130\n"  # a crawl that lost the separators of 71 | 3 | 0
            "行政规范性文件\t1\t2\t3\n")
    table = parse_bytes(text.encode()).tables["active"]
    (dev,) = [d for d in table.deviations if d.issue == "not-separable"]
    assert (dev.row, dev.values, dev.data_lost) == ("regulations", ["7130"], True)
    assert all(c.value is None and not c.blank for c in table.rows["regulations"].values())
    assert table.cell("normative_documents", "in_force").value == 3
    # one value where the row has one column is a number, not values run together
    single = parse_bytes("二、主动公开政府信息情况\n第二十条第(五)项\n行政许可\t7130\n".encode()).tables["active"]
    assert single.cell("licensing", "decisions").value == 7130


# ------------------------------------------------------------------------------------ bad files


def zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
        zf.writestr("word/media/huge.bin", b"\0" * (30 * 1024 * 1024))
    return buf.getvalue()


def docx_with_entity() -> bytes:
    good = render_docx([("p", "一、总体情况")])
    src, buf = zipfile.ZipFile(io.BytesIO(good)), io.BytesIO()
    with zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE d [<!ENTITY x "boom">]>', 1)
            out.writestr(info, data)
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("secret"))
    c.drawString(100, 700, "report")
    c.save()
    return buf.getvalue()


def pdf_without_text() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(100, 100, 300, 400, fill=1)  # a scanned page: pictures, no text
    c.save()
    return buf.getvalue()


BAD = {
    "bomb.docx": (zip_bomb, "可能是压缩炸弹"),
    "entity.docx": (docx_with_entity, "XML 实体声明"),
    "broken.docx": (lambda: b"PK\x03\x04" + b"\x00garbage" * 50, "Word 文件已损坏"),
    "locked.pdf": (encrypted_pdf, "PDF 文件已加密"),
    "scan.pdf": (pdf_without_text, "图片中识别不出文字"),  # read with OCR: a black box holds no text
    "broken.html": (lambda: b"<html><body>\x00\xff\xfe garbage</body></html>", "不是政府信息公开工作年度报告"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_containers_are_unreadable_with_a_reason(name):
    make, reason = BAD[name]
    with pytest.raises(Unreadable) as exc:
        parse_bytes(make(), name)
    assert reason in exc.value.reason


def test_a_batch_with_bad_files_audits_the_rest(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src / "县甲")
    for name, (make, _) in BAD.items():
        (src / "县乙" / name).parent.mkdir(exist_ok=True)
        (src / "县乙" / name).write_bytes(make())
    with open(src / "县乙" / "huge.txt", "wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # 100 MB (sparse)
    blocks = text_blocks(sample("004").read_text(encoding="utf-8"))
    (src / "县丙").mkdir()
    (src / "县丙" / "君堂镇.html").write_bytes(render_html(blocks))
    (src / "县丙" / "君堂镇.docx").write_bytes(render_docx(blocks))
    (src / "县丙" / "君堂镇.pdf").write_bytes(render_pdf(blocks, push_tables_over_pages=False))
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "engine.cli", "run", str(src), "--out", str(out), "--quiet"],
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    reports = {Path(r["path"]).relative_to(src).as_posix(): r for r in data["reports"]}
    assert len(reports) == 5 + len(BAD) + 1 + 3
    for name, (_, reason) in BAD.items():
        r = reports[f"县乙/{name}"]
        assert r["status"] == "unreadable" and reason in r["findings"][0]["message"], (name, r)
    assert "文件过大" in reports["县乙/huge.txt"]["findings"][0]["message"]
    for name in ("君堂镇.html", "君堂镇.docx", "君堂镇.pdf"):
        r = reports[f"县丙/{name}"]
        assert r["status"] == "audited" and r["agency"] == "君堂镇人民政府"
        # The same findings as the text file, and besides: three reports of one unit and year in 县丙.
        same = {f["rule"] for f in reports[f"县甲/{sample('004').name}"]["findings"]} | {"duplicate-report"}
        assert {f["rule"] for f in r["findings"]} == same
        assert (out / r["text"]).read_text(encoding="utf-8").startswith("当前位置")


def test_time_limit_gives_up_with_a_reason():
    with pytest.raises(Unreadable, match="超过 0.2 秒"):
        with time_limit(0.2):
            while True:
                time.sleep(0.01)


def test_each_page_read_with_ocr_pushes_the_time_limit_back():
    """A scan of many pages may take longer than one file may: each page OCR reads adds its own time
    (engine/ocr.yaml `seconds_per_page`), and the reason then names the limit as it has grown."""
    from engine.deadline import more_time

    start = time.monotonic()
    with time_limit(0.3):
        more_time(0.4)  # a page read
        time.sleep(0.5)  # past the first limit, inside the one pushed back
    assert time.monotonic() - start >= 0.5
    with pytest.raises(Unreadable, match="超过 0.7 秒"):
        with time_limit(0.3):
            more_time(0.4)
            while True:
                time.sleep(0.01)
    more_time(5)  # outside any limit: nothing to push back, and no alarm is left armed
    time.sleep(0.05)


def test_pdf_without_rulings_is_read_from_its_text_never_wrong():
    """Without ruling lines the rows come from the text: values follow their label on a line.
    Rows whose labels wrap around spanned columns may not be recoverable; they are reported
    as missing, never filled with another row's values."""
    import random

    from engine.render import zero_values

    rng = random.Random(3)
    values = zero_values("2021")
    for table in values.values():
        for row in table.values():
            for col in row:
                row[col] = rng.randint(1, 300)
    pdf = render_pdf(report_blocks(ReportSpec("2021", values)), ruled=False, push_tables_over_pages=False)
    report = parse_bytes(pdf, "unruled.pdf")
    active = {(r, c): cell.value for r, cols in report.tables["active"].rows.items() for c, cell in cols.items()}
    assert active == {(r, c): v for r, cols in values["active"].items() for c, v in cols.items()}
    lost = {d.row for d in report.tables["requests"].deviations if d.data_lost}
    for row, cols in report.tables["requests"].rows.items():
        for col, cell in cols.items():
            assert cell.value == values["requests"][row][col] or (cell.missing and row in lost), (row, col, cell)


def test_one_character_per_line_labels_are_put_back_together():
    from engine.containers.pdf import _reassemble

    assert _reassemble(["二、主动公开政府信息情况", "不", "予", "公", "开", "规章\t0"]) == [
        "二、主动公开政府信息情况", "不予公开", "规章\t0"]
    assert _reassemble(["一", "二"]) == ["一", "二"]  # two short lines are not a broken label
