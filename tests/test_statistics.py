"""County statistics (engine/outputs/statistics.py) and the 统计 sheet: hand-computed numbers for the
samples and for a small generated batch with groups, a blank figure, an unreadable file and a unit
of the roster that sent nothing; a blank is never added as 0, accepted findings are counted apart."""

import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from engine.batch import audit_file, plan
from engine.config import build_ruleset
from engine.outputs.protocol import Audited
from engine.outputs.statistics import FIGURES, NA, Record, figure_value, record, sections, tally
from engine.parse import parse_bytes
from engine.render import ReportSpec, render_report, zero_values
from engine.runner import Comparison, run
from tests.samples import ROOT, SAMPLES

TITLES = [f.title for f in FIGURES]  # 本年新收申请, 办理结果总计, 行政复议, 行政诉讼, 主动公开规范性文件


@pytest.fixture(scope="module")
def ruleset():
    return build_ruleset(None, None, ROOT)


@pytest.fixture(scope="module")
def sample_audits(ruleset, tmp_path_factory):
    """The five samples, each audited on its own as a worker would (groups from the reports' regions)."""
    staging = tmp_path_factory.mktemp("staging")
    return [Audited(job, *audit_file(job, ruleset), ruleset, staging) for job in plan(SAMPLES, sorted(SAMPLES.iterdir()))]


def sums(t):
    """(sum or None, units counted, units not counted) per figure."""
    return [(t.sums[i] if t.known[i] else None, t.known[i], t.unknown(i)) for i in range(len(FIGURES))]


def test_figures_of_the_samples(sample_audits):
    # By hand from reports_in/: every figure is 0, except sample 001 whose 表三 本年新收 总计 (line 93)
    # and (七)总计 总计 (line 350) are blank; 002 follows the 2019 format (本年新制作数量 of 规范性文件:
    # 0, line 37); 004's 本年新收 总计 is a written 0 (line 33), counted.
    by_name = {a.job.path.rsplit("/", 1)[-1][:3]: record(a) for a in sample_audits}
    assert TITLES == ["本年新收申请", "办理结果总计", "行政复议", "行政诉讼", "主动公开规范性文件"]
    assert by_name["001"].figures == (None, None, 0, 0, 0)
    for name in ("000", "002", "003", "004"):
        assert by_name[name].figures == (0, 0, 0, 0, 0), name
    stats = tally(by_name[n] for n in sorted(by_name))
    assert [g for g, _ in stats.groups] == ["恩平市", "洪江市", "未分组"]  # 002 and 004 name their county
    assert sums(stats.total) == [(0, 4, 1), (0, 4, 1), (0, 5, 0), (0, 5, 0), (0, 5, 0)]
    groups = dict(stats.groups)
    assert sums(groups["恩平市"])[0] == (0, 1, 0)  # 004: a zero is a value
    assert sums(groups["未分组"])[:2] == [(0, 2, 1), (0, 2, 1)]  # 000, 001 (blank), 003


def test_reports_verdicts_and_findings_of_the_samples(sample_audits):
    stats = tally(record(a) for a in sample_audits)
    t = stats.total
    assert (t.units, dict(t.statuses), dict(t.verdicts)) == (5, {"audited": 5}, {"需退回修改": 3, "建议修改": 2})
    assert [(g, x.units, dict(x.verdicts)) for g, x in stats.groups] == [
        ("恩平市", 1, {"需退回修改": 1}), ("洪江市", 1, {"需退回修改": 1}), ("未分组", 3, {"需退回修改": 1, "建议修改": 2})]
    # The same counts the findings themselves give, category by category and rule by rule.
    findings = [f for a in sample_audits for f in a.result.findings]
    assert t.categories == Counter(f.category for f in findings)
    assert Counter({rule: n for (rule, _), n in t.rules.items()}) == Counter(f.rule for f in findings)
    assert t.categories["blank-cell"] == 2  # 001's blank table 三, 002's one blank cell (line 199)
    assert t.severities == Counter(error=3, warning=15, info=14)  # as the terminal's totals say
    assert t.accepted == 0
    # The most frequent: two rules with a finding in every sample; ties by rule id.
    (first, n1), (second, n2) = t.top()[:2]
    assert (first[0], n1, second[0], n2) == ("assessment-results", 5, "last-year-problems-followup", 5)
    assert len(t.top()) == 10


def test_accepted_findings_are_counted_apart(sample_audits):
    audited = next(a for a in sample_audits if "002_" in a.job.path)
    findings = [f.model_copy(update={"accepted": True, "note": "该单位确无此项业务"}) if f.rule == "blank-cells" else f
                for f in audited.result.findings]
    result = audited.result.model_copy(update={"findings": findings})
    r = record(Audited(audited.job, result, audited.report, audited.ruleset, audited.staging))
    assert r.accepted == 1
    assert "blank-cells" not in {rule for rule, *_ in r.findings}
    t = tally([r]).total
    assert (t.accepted, t.categories["blank-cell"]) == (1, 0)
    table = sections(tally([r]))[0]
    assert table.header[-1] == "已接受" and table.rows[-1][-1] == 1


def generated(layout, cells, agency="江左镇人民政府", year=2022):
    values = zero_values(layout)
    for (table, row, column), value in cells.items():
        values[table][row][column] = value
    return render_report(ReportSpec(layout=layout, values=values, agency=agency, year=year,
                                    published=f"{year + 1}-01-20"), "tab-grid")


def test_figure_values_of_generated_reports():
    def figures(text):
        report = parse_bytes(text.encode("utf-8"), "x.txt")
        return [figure_value(report, f) for f in FIGURES]

    assert figures(generated("2021", {
        ("requests", "new_received", "total"): 7, ("requests", "results_total", "total"): 5,
        ("appeals", "review", "total"): 2, ("appeals", "direct_suit", "total"): 1,
        ("appeals", "suit_after_review", "total"): 3, ("active", "normative_documents", "issued"): 6,
        ("active", "normative_documents", "in_force"): 40})) == [7, 5, 2, 4, 6]
    # 2019: 本年新制作数量 is the column; 本年新公开数量 is not.
    assert figures(generated("2019", {("active", "normative_documents", "made"): 3,
                                      ("active", "normative_documents", "published"): 9}, year=2020))[4] == 3
    # Blank or "/" is unknown, never 0; one unknown half of 行政诉讼 makes it unknown.
    assert figures(generated("2021", {("requests", "new_received", "total"): None,
                                      ("requests", "results_total", "total"): "/",
                                      ("appeals", "direct_suit", "total"): None})) == [None, None, 0, None, 0]
    assert [figure_value(None, f) for f in FIGURES] == [None] * 5  # unreadable or not sent


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Two counties: 县A with two reports (one with a blank 本年新收) and an empty file, 县B with a
    2019-format report and a unit of the roster that sent nothing."""
    root = tmp_path_factory.mktemp("batch")
    folder = root / "in"
    (folder / "县A").mkdir(parents=True)
    (folder / "县B").mkdir()
    (folder / "县A" / "a.txt").write_text(generated("2021", {
        ("requests", "new_received", "total"): 7, ("requests", "results_total", "total"): 5,
        ("appeals", "review", "total"): 2, ("appeals", "direct_suit", "total"): 1,
        ("appeals", "suit_after_review", "total"): 3, ("active", "normative_documents", "issued"): 6},
        agency="甲镇人民政府"), encoding="utf-8")
    (folder / "县A" / "b.txt").write_text(generated("2021", {
        ("requests", "new_received", "total"): None, ("requests", "results_total", "total"): 4},
        agency="乙镇人民政府"), encoding="utf-8")
    (folder / "县A" / "empty.txt").write_bytes(b"")
    (folder / "县B" / "c.txt").write_text(generated("2019", {
        ("requests", "new_received", "total"): 11, ("active", "normative_documents", "made"): 3,
        ("active", "normative_documents", "published"): 9}, agency="丙镇人民政府"), encoding="utf-8")
    roster = root / "名单.csv"
    roster.write_text("分组,单位\n县A,甲镇\n县A,乙镇\n县B,丙镇\n县B,丁镇\n", encoding="utf-8")
    out = root / "out"
    run(folder, out, [], None, 1, "never", True, comparison=Comparison(roster=roster, no_cache=True))
    return out


def statistics_sheet(out: Path) -> list[list]:
    ws = load_workbook(out / "checklist.xlsx")["统计"]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def rows_under(sheet, title):
    """The rows of one section of the sheet: from its header to its note (a row of one long text)."""
    start = next(i for i, row in enumerate(sheet) if row[0] == title) + 1
    end = next(i for i in range(start + 1, len(sheet)) if sheet[i][1] is None)
    return [[c for c in row if c is not None] for row in sheet[start:end]]


def test_statistics_sheet_of_a_generated_batch(batch):
    sheet = statistics_sheet(batch)
    reports = rows_under(sheet, "报送与审核结论")
    assert reports[0] == ["分组", "单位数", "已审核", "无法读取", "未报送", "需退回修改", "建议修改", "通过",
                          "错误", "警告", "提示", "已接受"]
    assert [r[:5] for r in reports[1:4]] == [["县A", 3, 2, 1, 0], ["县B", 2, 1, 0, 1], ["合计", 5, 3, 1, 1]]
    figures = rows_under(sheet, "主要数据合计")
    assert figures[0][2::2] == TITLES and set(figures[0][3::2]) == {"未计入单位"}
    # By hand: 县A = a (7, 5, 2, 1 + 3, 6) + b (blank, 4, 0, 0, 0) + the empty file (nothing known);
    # 县B = c (11, 0, 0, 0, 本年新制作 3) + 丁镇 (not sent). Beside each sum, the units not in it.
    assert figures[1] == ["县A", 3, 7, 2, 9, 1, 2, 1, 4, 1, 6, 1]
    assert figures[2] == ["县B", 2, 11, 1, 0, 1, 0, 1, 0, 1, 3, 1]
    assert figures[3] == ["合计", 5, 18, 3, 9, 2, 2, 2, 4, 2, 9, 2]
    categories = rows_under(sheet, "各类问题数")
    assert categories[0] == ["问题类别", "合计", "县A", "县B"]
    by_category = {r[0]: r[1:] for r in categories[1:]}
    assert by_category["无法读取"] == [1, 1, 0] and by_category["完整性"][0] >= 1  # the empty file; 丁镇
    assert by_category["空白单元格"] == [1, 1, 0]  # b's blank 本年新收 总计
    top = rows_under(sheet, "最常见的10个问题")
    assert top[0] == ["范围", "名次", "规则", "标题", "次数"] and top[1][:2] == ["合计", 1]
    assert {r[0] for r in top[1:]} == {"合计", "县A", "县B"}
    with zipfile.ZipFile(batch / "checklist.xlsx") as z:
        chart = z.read("xl/charts/chart1.xml").decode("utf-8")
    assert '<c:barDir val="bar"/>' in chart and '<c:grouping val="stacked"/>' in chart
    # One series per category, over the groups' columns (C:D) of the 各类问题数 table.
    header = next(i for i, row in enumerate(sheet) if row[0] == "问题类别") + 1  # 1-based
    refs = re.findall(r"<c:f>([^<]*)</c:f>", chart)
    assert refs[:3] == [f"统计!$A${header + 1}", f"统计!$C${header}:$D${header}", f"统计!$C${header + 1}:$D${header + 1}"]
    assert len(refs) == 3 * (len(categories) - 1)


def test_a_sum_no_unit_gives_is_shown_as_unknown_not_zero():
    unreadable = Record(group="县C", status="unreadable", verdict="需退回修改",
                        findings=(("unreadable", "无法读取", "input", "error", 1),), accepted=0, figures=(None,) * 5)
    missing = Record(group="县C", status="missing", verdict="未报送",
                     findings=(("roster-missing", "未报送", "completeness", "error", 1),), accepted=0, figures=(None,) * 5)
    zero = Record(group=None, status="audited", verdict="通过", findings=(), accepted=0, figures=(0, 0, 0, 0, 0))
    stats = tally([unreadable, missing, zero])
    figures = next(s for s in sections(stats) if s.title == "主要数据合计")
    assert figures.rows == [("县C", 2, *[NA, 2] * 5), ("未分组", 1, *[0, 0] * 5), ("合计", 3, *[0, 2] * 5)]
    reports = sections(stats)[0]
    assert reports.rows[0] == ("县C", 2, 0, 1, 1, 1, 0, 0, 2, 0, 0, 0)  # 未报送 is a status, not a verdict column


def test_index_html_shows_the_same_statistics_as_the_sheet(batch):
    from lxml import html

    doc = html.fromstring((batch / "index.html").read_bytes())
    section = doc.get_element_by_id("statistics")
    sheet = statistics_sheet(batch)
    for title, table in zip(section.xpath("h3/text()"), section.xpath("table"), strict=True):
        shown = [[c.text_content() for c in tr.xpath("th|td")] for tr in table.xpath(".//tr")]
        assert shown == [[str(c) for c in row] for row in rows_under(sheet, title)], title
    # The unit of the roster that sent nothing: a row, no page to link to.
    missing = next(tr for tr in doc.xpath('//table[@id="units"]/tbody/tr') if tr.get("data-verdict") == "未报送")
    assert missing.get("data-group") == "县B" and not missing.xpath(".//a") and missing.xpath("td")[-1].text == "—"
