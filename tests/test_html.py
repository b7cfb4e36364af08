"""OUT/index.html and OUT/reports/<name>.html (engine/outputs/html.py): their structure, parsed with
lxml, and what headless Chromium shows of them from file:// (a highlighted cell, filters that hide
rows), with screenshots under the test's tmp_path."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import html as lhtml

from engine.batch import audit_file, plan
from engine.config import build_ruleset
from engine.outputs.html import report_page
from engine.render import ReportSpec, render_report, zero_values
from engine.runner import run
from tests.samples import ROOT, SAMPLES

BLANK_CELL = "C-requests-new_received-total"  # sample 001: 表三 本年新收 总计 is blank (line 93)
PAGE_001 = "001_ec2c52ebd74edb1b.txt.html"
INJECTED = '<script>alert("注入")</script> & <b>粗体</b>'


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "out"
    run(SAMPLES, out, [], None, 1, "never", True)
    return out


@pytest.fixture(scope="module")
def odd_out(tmp_path_factory):
    """A report whose text holds markup and whose file name holds #, % and &, and an empty file."""
    root = tmp_path_factory.mktemp("odd")
    folder = root / "in" / "县A"
    folder.mkdir(parents=True)
    values = zero_values("2021")
    values["requests"]["new_received"]["total"] = None
    spec = ReportSpec(layout="2021", values=values, agency="甲镇人民政府", year=2022, published="2023-01-20",
                      texts={"overview": f"本年度{INJECTED}，工作有序推进。"})
    (folder / "报告#1%&.txt").write_text(render_report(spec, "tab-grid"), encoding="utf-8")
    (folder / "空.txt").write_bytes(b"")
    out = root / "out"
    run(root / "in", out, [], None, 1, "never", True)
    return out


def parse(path: Path):
    return lhtml.fromstring(path.read_bytes())


def test_index_lists_every_unit_with_its_marks_and_a_link_to_its_page(sample_out):
    doc = parse(sample_out / "index.html")
    rows = doc.xpath('//table[@id="units"]/tbody/tr')
    assert [r.get("data-group") for r in rows] == ["恩平市", "洪江市", "未分组", "未分组", "未分组"]
    assert [r.get("data-verdict") for r in rows] == ["需退回修改", "需退回修改", "需退回修改", "建议修改", "建议修改"]
    yiping = rows[2]
    assert yiping.xpath("td[3]/text()")[0] == "一平垣乡"
    assert "blank-cell" in yiping.get("data-categories").split() and "error" in yiping.get("data-severities").split()
    assert [td.text for td in yiping.xpath('td[contains(@class, "mark")]')][:4] == ["✓", "✓", "✓", "✗"]
    links = [unquote(a.get("href")) for a in doc.xpath('//table[@id="units"]//a')]
    assert sorted(links) == sorted(f"reports/{p.name}.html" for p in SAMPLES.iterdir())
    assert all((sample_out / link).is_file() for link in links)
    options = {s.get("id"): [o.get("value") for o in s.xpath("option")] for s in doc.xpath("//form//select")}
    assert options["f-group"] == ["", "恩平市", "洪江市", "未分组"]
    assert options["f-verdict"] == ["", "需退回修改", "建议修改", "通过", "未报送"]
    assert options["f-severity"] == ["", "error", "warning", "info"]
    assert "blank-cell" in options["f-category"] and "input" not in options["f-category"]  # only what occurs


def test_index_shows_the_county_statistics_and_their_chart(sample_out):
    doc = parse(sample_out / "index.html")
    section = doc.get_element_by_id("statistics")
    titles = section.xpath("h3/text()")
    assert titles == ["报送与审核结论", "主要数据合计", "各类问题数", "各规则问题数", "最常见的10个问题"]
    tables = section.xpath("table")
    figures = [[td.text_content() for td in tr.xpath("td")] for tr in tables[1].xpath("tbody/tr")]
    assert figures[-1][:4] == ["合计", "5", "0", "1"]  # 001's blank 本年新收 not counted, not added as 0
    categories = [[td.text_content() for td in tr.xpath("td")] for tr in tables[2].xpath("tbody/tr")]
    nonzero = sum(1 for row in categories for v in row[2:] if v != "0")
    assert len(section.xpath(".//svg//rect")) == nonzero  # a segment per category and group with findings
    assert section.xpath(".//svg//title")[0].text.startswith("恩平市 · ")


def test_pages_are_self_contained(sample_out):
    for page in [sample_out / "index.html", *sorted((sample_out / "reports").glob("*.html"))]:
        doc = parse(page)
        assert not doc.xpath("//*[@src] | //link | //iframe | //object | //embed"), page.name
        assert not [h for h in doc.xpath("//@href") if re.match(r"(https?:)?//", h)], page.name
        assert doc.xpath("//style") and doc.get("lang") == "zh-CN"
        assert "@media print" in doc.xpath("//style")[0].text
    assert not parse(sample_out / "reports" / PAGE_001).xpath("//script")  # report pages need none


def test_a_blank_cell_of_sample_001_is_highlighted_with_its_finding_beside(sample_out):
    doc = parse(sample_out / "reports" / PAGE_001)
    cell = doc.get_element_by_id(BLANK_CELL)
    assert {"hit", "k-error"} <= set(cell.get("class").split()) and cell.text_content() == "（空白）"
    assert "第 93 行" in cell.get("title")
    finding = doc.xpath('//section[@id="findings"]//li[.//span[@class="rule"][contains(., "blank-cells")]]')[0]
    beside = cell.getparent().xpath('td[@class="beside"]/a/@href')
    assert f"#{finding.get('id')}" in beside  # the finding named beside the cell's row
    assert f"#{BLANK_CELL}" in finding.xpath(".//a/@href")  # and the finding links to the cell
    line = doc.get_element_by_id("L93")
    assert "hit" in line.get("class") and f"#{finding.get('id')}" in line.xpath(".//a/@href")
    assert doc.get_element_by_id("L1").get("class") is None  # lines no finding is about stay plain
    # The three tables, under their Chinese names.
    assert [h.text for h in doc.xpath('//section[@id="tables"]/h3')] == [
        "表二 主动公开政府信息情况", "表三 收到和处理政府信息公开申请情况", "表四 政府信息公开行政复议、行政诉讼情况"]


def test_accepted_findings_are_shown_apart_with_the_reviewers_note():
    ruleset = build_ruleset(None, None, ROOT)
    job = next(j for j in plan(SAMPLES, sorted(SAMPLES.iterdir())) if j.path.endswith(PAGE_001[:-5]))
    result, report = audit_file(job, ruleset)
    findings = [f.model_copy(update={"accepted": True, "note": "乡里<确无>此类申请"}) if f.rule == "blank-cells" else f
                for f in result.findings]
    result = result.model_copy(update={"findings": findings, "accepted": 1})
    doc = lhtml.fromstring(report_page(result, report, ruleset, job.markdown))
    accepted = doc.get_element_by_id("accepted")
    assert accepted.xpath("h2/text()") == ["已接受（1 项）"]
    item = accepted.xpath(".//li")[0]
    assert "blank-cells" in item.text_content() and "k-accepted" in item.get("class")
    assert item.xpath('p[@class="note"]/text()') == ["接受理由：乡里<确无>此类申请"]  # escaped, read back as text
    assert "blank-cells" not in doc.get_element_by_id("findings").text_content()
    assert doc.xpath('//section[@id="findings"]/h2/text()') == [f"问题（{len(findings) - 1} 项）"]
    assert "已接受 1：统计表有空白单元格" in doc.get_element_by_id("C-requests-granted-natural_person").get("title")


def test_a_baseline_run_shows_accepted_findings_apart_and_counts_them_apart(sample_out, tmp_path):
    """End to end: audit baseline, keep one entry with a reason, audit run --baseline."""
    import yaml

    from engine.baseline import LIST_KEY, write_baseline

    baseline = tmp_path / "baseline.yaml"
    write_baseline(sample_out / "findings.json", baseline)
    data = yaml.safe_load(baseline.read_text(encoding="utf-8"))
    kept = [dict(e, 理由="乡里<确无>此类申请") for e in data[LIST_KEY]
            if e["规则"] == "blank-cells" and e["单位"] == "一平垣乡"]
    assert len(kept) == 1
    baseline.write_text(yaml.safe_dump({LIST_KEY: kept}, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    run(SAMPLES, out, [], None, 1, "never", True, baseline=baseline)
    page = parse(out / "reports" / PAGE_001)
    item = page.get_element_by_id("accepted").xpath(".//li")[0]
    assert "blank-cells" in item.text_content()
    assert item.xpath('p[@class="note"]/text()') == ["接受理由：乡里<确无>此类申请"]
    assert "blank-cells" not in page.get_element_by_id("findings").text_content()
    index = parse(out / "index.html")
    row = next(tr for tr in index.xpath('//table[@id="units"]/tbody/tr') if "一平垣乡" in tr.text_content())
    assert "blank-cell" not in row.get("data-categories").split()
    stats = index.get_element_by_id("statistics").xpath("table")
    header = [th.text for th in stats[0].xpath(".//th")]
    total = [td.text for td in stats[0].xpath("tbody/tr")[-1].xpath("td")]
    assert total[header.index("已接受")] == "1" and total[header.index("错误")] == "2"  # 3 errors, one accepted
    blank = next(tr for tr in stats[2].xpath("tbody/tr") if tr.xpath("td")[0].text == "空白单元格")
    assert blank.xpath("td")[1].text == "1"  # 002's only


def test_report_text_and_file_names_are_escaped(odd_out):
    index = parse(odd_out / "index.html")
    hrefs = index.xpath('//table[@id="units"]//a/@href')
    assert len(hrefs) == 2 and all("#" not in h and "&" not in h for h in hrefs)  # quoted
    odd = next(h for h in hrefs if "%25" in h)
    page = odd_out / unquote(odd)
    assert page.name == "县A__报告#1%&.txt.html" and page.is_file()
    raw = page.read_text(encoding="utf-8")
    assert INJECTED not in raw and "&lt;script&gt;alert" in raw
    doc = parse(page)
    assert not doc.xpath("//script | //b[.='粗体']")  # shown as text, never as markup
    assert any(INJECTED in line for line in doc.xpath('//table[@class="text"]//td[@class="tx"]/text()'))


def test_an_unreadable_file_gets_a_page_with_its_reason(odd_out):
    doc = parse(odd_out / "reports" / "县A__空.txt.html")
    assert doc.xpath('//section[@id="findings"]/h2/text()') == ["文件无法读取"]
    assert "无法审核：文件为空。" in doc.get_element_by_id("findings").xpath('.//p[@class="msg"]/text()')
    assert not doc.xpath('//section[@id="tables"] | //section[@id="text"]')


# ---------------------------------------------------------------------------- in a real browser


@pytest.fixture(scope="session")
def chromium():
    """Headless Chromium, installed once (Debian's package, with CJK fonts) where it is missing and
    we may: as root with apt-get. Anywhere else the browser tests are skipped, saying why."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium", "fonts-noto-cjk"]):
            if subprocess.run(cmd, env=env, capture_output=True, timeout=900).returncode != 0:
                break
        found = shutil.which("chromium")
    if found is None:
        pytest.skip("headless Chromium is not installed and cannot be installed here "
                    "(needs root and apt-get: apt-get install chromium fonts-noto-cjk)")
    return found


def browse(chromium, tmp_path, url, *args):
    """Chromium on one page, headless, with no profile of the user's and no network needed."""
    cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars",
           "--disable-extensions", f"--user-data-dir={tmp_path / 'profile'}", *args, url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def probe(chromium, tmp_path, page: Path, script: str):
    """Run `script` in a copy of `page` (beside it, so that its links hold) once the page's own script
    has run; what it leaves in body[data-probe] comes back through --dump-dom."""
    copy = page.with_name("probe-" + page.name)
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", f"<script>{script}</script></body>"),
                    encoding="utf-8")
    try:
        dom = browse(chromium, tmp_path, copy.as_uri(), "--dump-dom")
    finally:
        copy.unlink()
    return json.loads(lhtml.fromstring(dom).xpath("//body/@data-probe")[0])


FILTERS = """
var out = {};
function shown() {
  return Array.prototype.filter.call(document.querySelectorAll("#units tbody tr"),
    function (r) { return r.offsetParent !== null; }).map(function (r) { return r.cells[2].firstChild.textContent; });
}
function set(id, value, type) {
  var el = document.getElementById(id); el.value = value; el.dispatchEvent(new Event(type, {bubbles: true}));
}
out.all = shown();
out.form = document.getElementById("filters").offsetParent !== null;
set("f-group", "洪江市", "change"); out.group = shown(); set("f-group", "", "change");
set("f-verdict", "建议修改", "change"); out.verdict = shown();
set("f-text", "江左", "input"); out.both = shown(); out.counter = document.getElementById("shown").textContent;
set("f-verdict", "", "change"); set("f-text", "", "input");
set("f-category", "blank-cell", "change"); set("f-severity", "error", "change"); out.category = shown();
set("f-category", "", "change"); set("f-severity", "", "change");
var th = document.querySelectorAll("#units thead th")[2]; th.click(); th.click(); out.sorted = shown();
document.body.setAttribute("data-probe", JSON.stringify(out));
"""

HIGHLIGHT = f"""
var cell = document.getElementById("{BLANK_CELL}"), box = cell.getBoundingClientRect(), style = getComputedStyle(cell);
document.body.setAttribute("data-probe", JSON.stringify({{
  width: box.width, height: box.height, background: style.backgroundColor, visibility: style.visibility,
  outline: style.outlineStyle, text: cell.textContent, font: document.fonts.check("16px 'Noto Sans CJK SC'")}}));
"""


def test_filters_hide_rows_in_the_browser(chromium, sample_out, tmp_path):
    seen = probe(chromium, tmp_path, sample_out / "index.html", FILTERS)
    assert seen["form"] and len(seen["all"]) == 5
    assert seen["group"] == ["群峰乡"]
    assert seen["verdict"] == ["江左镇人民政府", "赵保镇人民政府"]
    assert seen["both"] == ["江左镇人民政府"] and seen["counter"] == "显示 1 / 5 个单位"
    assert sorted(seen["category"]) == ["一平垣乡", "群峰乡"]  # the two with a blank cell (an error)
    assert len(seen["sorted"]) == 5 and seen["sorted"] != seen["all"]  # sorted by unit, descending


def test_a_highlighted_cell_is_visible_in_the_browser(chromium, sample_out, tmp_path):
    seen = probe(chromium, tmp_path, sample_out / "reports" / PAGE_001, HIGHLIGHT)
    assert seen["width"] > 0 and seen["height"] > 0 and seen["visibility"] == "visible"
    assert seen["background"] == "rgb(255, 199, 206)" and seen["outline"] == "solid"  # the error colour, framed
    assert seen["text"] == "（空白）"


def test_screenshots(chromium, sample_out, tmp_path):
    from PIL import Image

    for name, page, height in (("index.png", sample_out / "index.html", 1600),
                               ("report.png", sample_out / "reports" / PAGE_001, 4000)):
        shot = tmp_path / name
        browse(chromium, tmp_path, page.as_uri(), f"--screenshot={shot}", f"--window-size=1280,{height}")
        with Image.open(shot) as image:
            assert image.size == (1280, height)
            colours = {colour for _, colour in image.convert("RGB").getcolors(1 << 20) or []}
        assert (255, 199, 206) in colours, name  # the error colour: a ✗ mark, a highlighted cell
