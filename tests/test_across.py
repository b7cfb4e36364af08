"""Across reports (issue 11): last year's report, copied text, duplicates and the roster, from the
linking of digests to `audit run` end to end on rendered two-year series and on the real corpus."""

import csv
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from engine.across import Digest, audit_year, link
from engine.render import ReportSpec, render_report, zero_values
from engine.roster import Roster, RosterUnit
from tests.samples import ROOT
from tests.sarif_schema import sarif_schema

REAL = ROOT.parent / "shared" / "real"


def d(path, unit, year, group=None, audited=True, readable=True, prose=None):
    return Digest(path, audited, readable, group, unit, year, prose or {})


# ------------------------------------------------------------------------------ linking digests


def test_last_year_is_the_year_just_before_and_never_across_a_gap():
    across, _ = link([d("a22", "江左镇人民政府", 2022), d("a21", "江左镇", 2021), d("a19", "江左镇", 2019),
                      d("b20", "江右镇", 2020), d("b22", "江右镇", 2022)])
    assert across["a22"].previous == "a21"
    assert across["a21"].previous is None  # 2020 missing: 2019 is not last year
    assert across["b22"].previous is None and across["b20"].previous is None


def test_history_is_compared_with_but_not_audited():
    across, _ = link([d("a22", "江左镇", 2022), d("h/a21", "江左镇", 2021, audited=False)])
    assert set(across) == {"a22"} and across["a22"].previous == "h/a21"


def test_two_reports_of_one_unit_and_year_name_each_other():
    across, _ = link([d("x", "江左镇人民政府", 2022), d("y", "江左镇", 2022), d("z", "江左镇", 2021)])
    assert across["x"].duplicates == ("y",) and across["y"].duplicates == ("x",)
    assert across["x"].previous == across["y"].previous == "z"
    assert across["z"].duplicates == ()


def test_one_name_in_two_counties_is_two_units():
    across, _ = link([d("甲/城关镇", "城关镇", 2022, "甲县"), d("乙/城关镇", "城关镇人民政府", 2022, "乙县")])
    assert across["甲/城关镇"].duplicates == () and across["乙/城关镇"].duplicates == ()


def test_a_report_without_a_group_goes_with_the_one_group_its_name_has():
    across, _ = link([d("甲/江左镇22", "江左镇", 2022, "甲县"), d("江左镇21", "江左镇", 2021)])
    assert across["甲/江左镇22"].previous == "江左镇21"


def test_unreadable_files_and_unknown_units_are_never_linked():
    across, _ = link([d("a", None, 2022), d("b", None, 2022), d("c", "江左镇", 2022, readable=False),
                      d("e", "江左镇", 2022)])
    assert across["a"].duplicates == () and across["b"].duplicates == () and across["e"].duplicates == ()
    assert "c" not in across


def test_the_unit_key_travels_with_the_digest_and_the_linking_makes_none(monkeypatch):
    import pickle

    import engine.across

    digests = [pickle.loads(pickle.dumps(x)) for x in
               (d("a22", "江左镇人民政府", 2022, "甲县"), d("a21", "江左镇", 2021), d("x", None, 2022))]
    assert [x.unit_key for x in digests] == ["江左镇", "江左镇", None]

    def made_in_the_parent(name):
        raise AssertionError("the unit key is made where the digest is: in the worker")

    monkeypatch.setattr(engine.across, "key_of", made_in_the_parent)
    across, _ = link(digests)
    assert across["a22"].previous == "a21"  # 江左镇 without a group goes with 甲县's


def test_the_audit_year_is_the_most_common_the_later_on_a_tie():
    assert audit_year([d("a", "x", 2021), d("b", "y", 2022), d("c", "z", 2022)]) == 2022
    assert audit_year([d("a", "x", 2021), d("b", "y", 2022)]) == 2022
    assert audit_year([d("a", "x", 2021), d("b", "y", 2020, audited=False), d("c", "y", 2020, audited=False)]) == 2021
    assert audit_year([]) is None


def test_the_roster_lists_the_units_that_sent_nothing_for_the_year():
    roster = Roster((RosterUnit("乡镇", "江左镇", line=2), RosterUnit("乡镇", "江右镇", ("江右",), "township", 3),
                     RosterUnit("部门", "公安局", line=4)), Path("名单.csv"))
    across, missing = link([d("a", "江左镇人民政府", 2022), d("b", "江右", 2022), d("c", "江中镇", 2022),
                            d("p", "平潭综合实验区公安局", 2021)], roster)
    assert [(m.unit, m.group, m.year, m.line) for m in missing] == [("公安局", "部门", 2022, 4)]
    assert (across["b"].roster, across["b"].roster_unit, across["b"].roster_kind) == ("listed", "江右镇", "township")
    assert across["c"].roster == "unlisted" and across["c"].roster_unit is None
    _, missing = link([d("a", "江左镇", 2022), d("p", "公安局", 2021)], roster, year=2021)
    assert [m.unit for m in missing] == ["江左镇", "江右镇"]


# ------------------------------------------------------------------------------ audit run, end to end

OVERVIEW = ("{year}年，{unit}坚持以公开为常态、不公开为例外，围绕中心工作，聚焦群众关切，扎实推进决策、执行、管理、服务、"
            "结果公开，通过政府网站、政务新媒体、村务公开栏等渠道及时发布惠民政策、财政预决算、重大建设项目等信息，"
            "全年主动公开政府信息{n}条，及时回应群众关切，政府信息公开工作取得新成效。")
OWN = ("本年度，{unit}以优化营商环境为重点，在网站开设专栏集中公开涉企政策和办事指南，全年发布涉企信息{n}条；"
       "对村级财务公开进行专项检查，督促各村按季度公开财务收支；对群众通过热线反映的问题，坚持一事一答。")


def report(unit, year, cells=(), overview=None, layout="2021"):
    values = zero_values(layout)
    for ref, value in dict(cells).items():
        table, row, col = ref.split(".")
        values[table][row][col] = value
    spec = ReportSpec(layout=layout, values=values, agency=unit, year=year, published=f"{year + 1}-01-20",
                      texts={"overview": overview or OWN.format(unit=unit, n=year - 1990)})
    return render_report(spec, "tab-grid")


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    """县甲: 江左镇 2021 and 2022 (carry-over and 规章 stock broken), 江右镇 2022 copying 江左镇's
    overview, 江左镇 2022 sent twice; 江中镇 on the roster sent nothing. 江左镇 2020 as history."""
    root = tmp_path_factory.mktemp("series")
    src, history = root / "in", root / "history"
    (src / "县甲").mkdir(parents=True)
    history.mkdir()
    (history / "江左镇_2020.txt").write_text(report("江左镇人民政府", 2020, layout="2019"), encoding="utf-8")
    (src / "县甲" / "江左镇_2021.txt").write_text(report("江左镇人民政府", 2021, {
        "requests.new_received.total": 5, "requests.carried_forward.total": 5,
        "requests.new_received.natural_person": 5, "requests.carried_forward.natural_person": 5,
        "active.regulations.in_force": 5}), encoding="utf-8")
    this_year = {"requests.carried_over.total": 2, "requests.carried_over.natural_person": 5,
                 "requests.results_total.total": 2, "requests.results_total.natural_person": 5,
                 "active.regulations.issued": 1, "active.regulations.in_force": 3}
    copied = OVERVIEW.format(year=2022, unit="我镇", n=128)
    (src / "县甲" / "江左镇_2022.txt").write_text(report("江左镇人民政府", 2022, this_year, copied), encoding="utf-8")
    (src / "县甲" / "江左镇_2022_重复.txt").write_text(
        report("江左镇人民政府", 2022, this_year, copied).replace("2023-01-20", "2023-01-25"), encoding="utf-8")
    (src / "县甲" / "江右镇_2022.txt").write_text(
        report("江右镇人民政府", 2022, (), OVERVIEW.format(year=2022, unit="我镇", n=96)), encoding="utf-8")
    roster = root / "名单.csv"
    with roster.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerows([["分组", "单位", "别名", "单位类型"], ["县甲", "江左镇", "", "乡镇"], ["县甲", "江右镇", "", "乡镇"],
                     ["县甲", "江中镇", "", "乡镇"]])
    out = root / "out"
    result = subprocess.run([sys.executable, "-m", "engine.cli", "run", str(src), "--out", str(out),
                             "--history", str(history), "--roster", str(roster), "--jobs", "2"],
                            capture_output=True, text=True, cwd=ROOT)
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    return result, out, {r["path"] and Path(r["path"]).name: r for r in data["reports"]}, src, history, roster


def across_findings(r):
    return [(f["rule"], f["severity"], f["message"]) for f in r["findings"]
            if f["category"] in ("cross-year", "duplicate-text", "completeness")]


def test_a_broken_carry_over_and_stock_show_both_years(series):
    _, _, reports, src, _, _ = series
    last = f"{src.as_posix()}/县甲/江左镇_2021.txt"
    r = reports["江左镇_2022.txt"]
    assert r["previous"] == last
    found = {rule: (sev, msg) for rule, sev, msg in across_findings(r)}
    assert found["cross-year-carry-over"] == ("error", (
        f"表三“总计”列与上年报告不衔接：2022 年“二、上年结转政府信息公开申请数量”(2)，"
        f"2021 年“四、结转下年度继续办理”(5)，两者应相等，相差 3（A5；上年报告：{last}）。"))
    assert found["cross-year-stock"] == ("warning", (
        f"表二“规章”行现行有效件数与上年报告不衔接：2022 年“现行有效件数”(3)，而 2021 年“现行有效件数”(5) + "
        f"2022 年“本年制发件数”(1) - 2022 年“本年废止件数”(0) = 6，相差 3（A6；上年报告：{last}）。"
        "修订、清理等可能造成差异，请核实并在报告中说明。"))
    carry = next(f for f in r["findings"] if f["rule"] == "cross-year-carry-over")
    assert carry["locations"][1]["path"] == last and carry["locations"][1]["row"] == "carried_forward"
    assert carry["locations"][0].get("path") is None and carry["locations"][0]["row"] == "carried_over"
    # 自然人 column: 5 carried over, 5 carried forward: no finding for it.
    assert sum(1 for f in r["findings"] if f["rule"] == "cross-year-carry-over") == 1


def test_history_is_read_for_last_year_but_not_audited(series):
    result, _, reports, _, history, _ = series
    assert "江左镇_2020.txt" not in reports
    r = reports["江左镇_2021.txt"]
    assert r["previous"] == f"{history.as_posix()}/江左镇_2020.txt"
    # 2020's table 二 is the 2019 layout: no 现行有效件数 to carry on.
    assert ("cross-year-stock", "info", (
        "表二现行有效件数与上年（2020 年）报告的衔接（A6）无法比较：2020 年报告的表二用的是 "
        "2019 年试行版（国办公开办函〔2019〕60号），没有“现行有效件数”"
        f"（上年报告：{history.as_posix()}/江左镇_2020.txt）。")) in across_findings(r)
    assert "另读取历史报告 1 份" in result.stdout


def test_copied_text_quotes_the_passage_and_names_the_other_report(series):
    _, _, reports, src, _, _ = series
    right = [f for f in reports["江右镇_2022.txt"]["findings"] if f["rule"] == "copied-from-other-unit"]
    assert len(right) == 1
    f = right[0]
    assert f["severity"] == "warning" and f["message"].startswith("一、总体情况与江左镇人民政府 2022 年度报告（")
    assert [c["other"] for c in f["evidence"]["copies"]] == [
        f"{src.as_posix()}/县甲/江左镇_2022.txt", f"{src.as_posix()}/县甲/江左镇_2022_重复.txt"]
    assert "坚持以公开为常态" in f["message"]
    # The unit's own text of other years, and 2021's text, are no copies.
    assert not [f for f in reports["江左镇_2021.txt"]["findings"] if f["category"] == "duplicate-text"]


def test_two_reports_of_one_unit_and_year_are_errors_on_both(series):
    _, _, reports, src, _, _ = series
    for name, other in (("江左镇_2022.txt", "江左镇_2022_重复.txt"), ("江左镇_2022_重复.txt", "江左镇_2022.txt")):
        dup = [m for rule, sev, m in across_findings(reports[name]) if rule == "duplicate-report" and sev == "error"]
        assert dup == [f"江左镇 2022 年度报告共收到 2 份：除本文件外还有 {src.as_posix()}/县甲/{other}。"
                       "一个单位一年只应有一份年度报告，请确认哪一份有效。"]


def test_a_unit_of_the_roster_that_sent_nothing_has_an_entry_of_its_own(series):
    result, out, reports, _, _, roster = series
    missing = reports[None]
    assert {k: missing[k] for k in ("path", "status", "agency", "group", "year", "verdict", "unit_kind")} == {
        "path": None, "status": "missing", "agency": "江中镇", "group": "县甲", "year": 2022, "verdict": "未报送",
        "unit_kind": "township"}
    assert [(f["rule"], f["category"], f["severity"], f["message"]) for f in missing["findings"]] == [
        ("roster-missing", "completeness", "error", "名单上的单位“江中镇”（县甲）没有报送 2022 年度报告。")]
    assert missing["findings"][0]["locations"] == [{"path": str(roster), "line": 4}]
    assert result.returncode == 1
    assert "名单上另有 1 个单位未报送。" in result.stdout
    checklist = (out / "checklist.md").read_text(encoding="utf-8")
    row = next(line for line in checklist.splitlines() if "江中镇" in line)
    assert row.split(" | ")[-2:] == ["未报送", "（未报送） |"]
    assert not any("江中镇" in p.name for p in (out / "reports").iterdir())


def test_the_roster_sets_the_unit_kind_and_flags_nothing_listed(series):
    _, _, reports, _, _, _ = series
    assert not [f for r in reports.values() for f in r["findings"] if f["rule"] == "roster-unlisted"]
    assert reports["江右镇_2022.txt"]["roster_unit"] == "江右镇"


def test_the_checklist_has_a_column_for_each_across_category(series):
    _, out, _, _, _, _ = series
    lines = (out / "checklist.md").read_text(encoding="utf-8").splitlines()
    header = next(line for line in lines if line.startswith("| 序号"))
    assert [h.strip() for h in header.strip("|").split("|")] == [
        "序号", "单位", "年度", "报送", "章节", "表格版本", "空白单元格", "勾稽关系", "跨年度", "标签与结构", "正文一致性",
        "内容雷同", "必备内容", "发布时间", "错误", "警告", "结论", "文件"]
    rows = {line.split(" | ")[-1]: [c.strip() for c in line.strip("|").split("|")] for line in lines
            if line.startswith("| ") and ("县甲" in line or "未报送" in line)}
    marks = {path.split("/")[-1].strip(" |").replace("\\", ""): row[3:14] for path, row in rows.items()}
    assert marks["江左镇_2022.txt"] == ["✗", "✓", "✓", "✓", "✗", "✗", "✓", "✓", "⚠", "✓", "✓"]
    assert marks["江左镇_2021.txt"] == ["✓", "✓", "✓", "✓", "✓", "—", "✓", "✓", "✓", "✓", "✓"]  # 2020: incomparable
    assert marks["（未报送）"] == ["✗"] + ["—"] * 10


def test_sarif_stays_valid_and_points_at_the_other_report(series):
    _, out, _, src, _, roster = series
    log = json.loads((out / "findings.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(log, sarif_schema())
    results = log["runs"][0]["results"]
    carry = next(r for r in results if r["ruleId"] == "cross-year-carry-over")
    related = carry["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert unquote(related).endswith("县甲/江左镇_2021.txt")
    missing = next(r for r in results if r["ruleId"] == "roster-missing")
    assert missing["locations"][0]["physicalLocation"]["region"] == {"startLine": 4}


def test_the_markdown_report_shows_last_years_figures_and_the_other_text(series):
    _, out, _, _, _, _ = series
    text = (out / "reports" / "县甲__江左镇_2022.txt.md").read_text(encoding="utf-8")
    assert "| 年度 | 项目 | 数值 | 行号 | 所在文件 |" in text
    assert "| 2021 | 四、结转下年度继续办理 | 5 |" in text
    right = (out / "reports" / "县甲__江右镇_2022.txt.md").read_text(encoding="utf-8")
    assert "| 本报告 | 对方报告 | 对方文件 |" in right
    row = next(line for line in right.splitlines() if line.startswith("| 2022年"))
    this, other, path = row.strip("| ").split(" | ")
    assert "政府信息96条" in this and "政府信息128条" in other and path.endswith("江左镇\\_2022.txt")


# ------------------------------------------------------------------------------ the real corpus


@pytest.mark.skipif(not REAL.is_dir(), reason="the real corpus is not here")
def test_real_pairs_are_not_consecutive_so_no_cross_year_finding(tmp_path):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "engine.cli", "run", str(REAL), "--out", str(out), "--quiet",
                             "--roster", str(ROOT / "tests" / "fixtures" / "roster" / "pingtan.csv"), "--year", "2021"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    sent = [r for r in data["reports"] if r["status"] != "missing"]
    assert all(r["previous"] is None for r in sent)
    assert [f["rule"] for r in sent for f in r["findings"] if f["category"] in ("cross-year", "duplicate-text")] == []
    # 2019/2021 and 2021/2023 of 海坛片区管理局 are one unit, two years apart: no duplicate either.
    assert [f["rule"] for r in sent for f in r["findings"] if f["rule"] == "duplicate-report"] == []
    # Every report names a unit of the roster (区公安局 and the like), but README.md, no report at all.
    unlisted = [r["path"] for r in sent for f in r["findings"] if f["rule"] == "roster-unlisted"]
    assert unlisted == []
    missing = sorted(r["agency"] for r in data["reports"] if r["status"] == "missing")
    assert missing == sorted(["平潭综合实验区管委会", "财政金融局", "交通与建设局", "市场监督管理局", "自然资源与生态环境局",
                              "苏平片区管理局", "金井片区管理局"])
