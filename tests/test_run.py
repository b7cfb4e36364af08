"""`audit run`: every output for the samples, unreadable files, parallel = serial, exit codes."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from openpyxl import load_workbook

from engine.batch import _markdown_name
from engine.findings import CATEGORIES
from tests.samples import ROOT, SAMPLES
from tests.sarif_schema import sarif_schema

SNAPSHOTS = Path(__file__).parent / "snapshots"


def audit(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "engine.cli", "run", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "out"
    result = audit("reports_in", "--out", out, "--jobs", "1")
    return result, out


def test_exit_code_and_terminal_summary(sample_run):
    result, _ = sample_run
    assert result.returncode == 1  # the samples have errors
    assert "君堂镇人民政府" in result.stdout and "需退回修改" in result.stdout
    assert "共 5 份：需退回修改 3 份（其中无法读取 0 份），建议修改 2 份，通过 0 份。" in result.stdout


def test_findings_json_follows_the_contract(sample_run):
    _, out = sample_run
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert data["tool"]["name"] == "audit" and data["tool"]["version"]
    paths = [r["path"] for r in data["reports"]]
    assert paths == sorted(f"reports_in/{p.name}" for p in SAMPLES.iterdir())
    for r in data["reports"]:
        assert {"path", "group", "agency", "year", "layout", "status", "findings"} <= set(r)
        assert r["status"] == "audited"
        for f in r["findings"]:
            assert {"rule", "category", "severity", "message", "locations", "evidence"} <= set(f)
            assert f["category"] in CATEGORIES and f["severity"] in ("error", "warning", "info")
            for loc in f["locations"]:
                assert set(loc) <= {"section", "table", "row", "column", "line"} and "line" in loc
    by_name = {r["path"][11:14]: r for r in data["reports"]}
    assert (by_name["002"]["group"], by_name["004"]["group"], by_name["000"]["group"]) == ("洪江市", "恩平市", None)
    assert (by_name["002"]["agency"], by_name["002"]["year"], by_name["002"]["layout"]) == ("群峰乡", 2020, "2019")


def test_sarif_is_valid_sarif_2_1_0(sample_run):
    _, out = sample_run
    log = json.loads((out / "findings.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(log, sarif_schema())
    run = log["runs"][0]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "blank-cells" in rule_ids and all(r["properties"]["basis"] for r in run["tool"]["driver"]["rules"])
    fingerprints = [r["partialFingerprints"]["auditFinding/v2"] for r in run["results"]]
    assert len(fingerprints) == len(set(fingerprints))
    blank = next(r for r in run["results"] if r["ruleId"] == "blank-cells" and "群峰乡" not in r["message"]["text"]
                 and "002" in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
    assert blank["level"] == "error"
    assert blank["locations"][0]["physicalLocation"]["region"] == {"startLine": 199}
    assert blank["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "requests/denied_process/business"


def snapshot(name: str, actual: str):
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; UPDATE_SNAPSHOTS=1 to accept"


def test_markdown_report_snapshot(sample_run):
    _, out = sample_run
    snapshot("002_3afefc952c62ac37.txt.md", (out / "reports" / "002_3afefc952c62ac37.txt.md").read_text(encoding="utf-8"))
    assert sorted(p.name for p in (out / "reports").iterdir()) == sorted(
        p.name + end for p in SAMPLES.iterdir() for end in (".md", ".html"))


def test_checklist_snapshot(sample_run):
    _, out = sample_run
    snapshot("checklist.md", (out / "checklist.md").read_text(encoding="utf-8"))


def test_a_folder_named_like_a_formula_stays_text_in_the_workbook(tmp_path):
    """A reviewer opening checklist.xlsx must see what the folders and files are called, never have
    Excel compute them: `=1+1` stays the text `=1+1`."""
    folder = tmp_path / "in" / "=1+1"
    folder.mkdir(parents=True)
    shutil.copy(SAMPLES / "000_29593275bb59ad88.txt", folder / "=2+2.txt")
    assert audit(tmp_path / "in", "--out", tmp_path / "out", "--jobs", "1").returncode == 0
    wb = load_workbook(tmp_path / "out" / "checklist.xlsx")
    found = next(wb["全部问题"].iter_rows(min_row=2, max_row=2))
    assert (found[0].value, found[0].data_type) == ("=1+1", "s")
    assert [(c.value, c.data_type) for c in next(wb["=1+1"].iter_rows(min_row=2, max_row=2))][-1] == (
        f"{(tmp_path / 'in').as_posix()}/=1+1/=2+2.txt", "s")


def test_checklist_xlsx_marks(sample_run):
    _, out = sample_run
    wb = load_workbook(out / "checklist.xlsx")
    assert wb.sheetnames == ["恩平市", "洪江市", "未分组", "全部问题", "统计"]
    ws = wb["未分组"]
    header = [c.value for c in ws[1]]
    assert header == ["序号", "单位", "年度", "报送", "章节", "表格版本", "空白单元格", "勾稽关系", "跨年度", "标签与结构",
                      "正文一致性", "内容雷同", "必备内容", "发布时间", "错误", "警告", "结论", "文件"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=4)]
    # 跨年度 is — throughout: no unit has a report of the year before among the samples.
    assert [r[1:17] for r in rows] == [
        ["一平垣乡", 2023, "✓", "✓", "✓", "✗", "—", "—", "✓", "✓", "✓", "⚠", "—", 1, 2, "需退回修改"],
        ["江左镇人民政府", 2022, "✓", "✓", "✓", "✓", "✓", "—", "⚠", "✓", "✓", "⚠", "—", 0, 3, "建议修改"],
        ["赵保镇人民政府", 2021, "✓", "✓", "✓", "✓", "✓", "—", "⚠", "✓", "✓", "⚠", "—", 0, 3, "建议修改"],
    ]
    colours = {}
    for area in ws.conditional_formatting:
        assert str(area.sqref) == "D2:N4"
        for rule in area.rules:
            colours[rule.formula[0].strip('"')] = rule.dxf.fill.bgColor.rgb[-6:]
    assert colours == {"✓": "C6EFCE", "✗": "FFC7CE", "⚠": "FFEB9C", "—": "EDEDED"}
    assert ws.freeze_panes == "C2"
    hongjiang = [c.value for c in wb["洪江市"][2]]
    assert hongjiang[1:17] == ["群峰乡", 2020, "✓", "✓", "⚠", "✗", "—", "—", "✓", "⚠", "✓", "⚠", "✓", 1, 3, "需退回修改"]
    findings = wb["全部问题"]
    assert findings.auto_filter.ref.startswith("A1:I") and findings.max_row == 1 + 32
    rows = [[c.value for c in row] for row in findings.iter_rows(min_row=2)]
    from engine.findings import CATEGORY_ZH

    assert {r[5] for r in rows} <= set(CATEGORY_ZH.values())  # categories in Chinese
    lines = [str(r[8]).split("、") for r in rows if r[8]]
    assert all(len(ls) == len(set(ls)) for ls in lines) and any(len(ls) > 1 for ls in lines)  # each line once


def test_unreadable_files_are_listed_and_the_batch_finishes(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src / "某县")
    (src / "某县" / "binary.doc").write_bytes(b"\x00\x01\x02\x03" * 100)
    (src / "empty.txt").write_bytes(b"")
    result = audit(src, "--out", tmp_path / "out", "--quiet")
    assert result.returncode == 1 and result.stdout == ""
    data = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    statuses = {Path(r["path"]).name: (r["status"], r["group"]) for r in data["reports"]}
    assert len(statuses) == 7
    assert statuses["binary.doc"] == ("unreadable", "某县") and statuses["empty.txt"] == ("unreadable", None)
    empty = next(r for r in data["reports"] if r["path"].endswith("empty.txt"))
    assert [(f["rule"], f["category"], f["severity"], f["message"]) for f in empty["findings"]] == [
        ("input-unreadable", "input", "error", "无法审核：文件为空。")]
    assert empty["verdict"] == "需退回修改"
    assert sum(1 for s, _ in statuses.values() if s == "audited") == 5
    assert "无法审核：文件是二进制数据" in (tmp_path / "out" / "reports" / "某县__binary.doc.md").read_text(encoding="utf-8")
    assert audit(src, "--out", tmp_path / "out2", "--quiet", "--fail-on", "never").returncode == 0


def test_parallel_equals_serial(tmp_path):
    src = tmp_path / "in"
    for group in ("甲县", "乙县"):
        shutil.copytree(SAMPLES, src / group)
    assert audit(src, "--out", tmp_path / "one", "--jobs", "1", "--quiet").returncode == 1
    assert audit(src, "--out", tmp_path / "two", "--jobs", "2", "--quiet").returncode == 1
    one, two = tmp_path / "one", tmp_path / "two"
    names = sorted(str(p.relative_to(one)) for p in one.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(two)) for p in two.rglob("*") if p.is_file())
    for name in names:
        if name.endswith(".xlsx"):
            a, b = load_workbook(one / name), load_workbook(two / name)
            assert a.sheetnames == b.sheetnames
            for sa, sb in zip(a, b, strict=True):
                assert [[c.value for c in r] for r in sa.iter_rows()] == [[c.value for c in r] for r in sb.iter_rows()]
        else:
            assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_fail_on_levels(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(next(SAMPLES.glob("003_*")), src)  # warnings only
    assert audit(src, "--out", tmp_path / "a", "--quiet").returncode == 0
    assert audit(src, "--out", tmp_path / "b", "--quiet", "--fail-on", "warning").returncode == 1


def test_usage_and_rule_errors_exit_2(tmp_path):
    assert audit(tmp_path / "missing", "--out", tmp_path / "o").returncode == 2
    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "x.yaml").write_text("rules: [{id: x}]\n", encoding="utf-8")
    result = audit("reports_in", "--out", tmp_path / "o", "--rules", bad)
    assert result.returncode == 2 and "x.yaml:1: rules.0.title: 缺少必填项" in result.stderr


def test_output_inside_input_is_not_audited(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    assert audit(src, "--out", src / "audit_out", "--quiet").returncode == 1
    assert audit(src, "--out", src / "audit_out", "--quiet").returncode == 1  # again: outputs not picked up
    data = json.loads((src / "audit_out" / "findings.json").read_text(encoding="utf-8"))
    assert len(data["reports"]) == 5


@pytest.mark.parametrize("rel, name", [
    ("a.txt", "a.txt.md"),
    ("洪江市/群峰乡.txt", "洪江市__群峰乡.txt.md"),
    ("../../etc/passwd", "______etc__passwd.md"),
    (".hidden", "hidden.md"),
    ("a b<c>.txt", "a_b_c_.txt.md"),
])
def test_report_names_stay_inside_out(rel, name):
    got = _markdown_name(Path(rel), set())
    assert got == name and "/" not in got and not got.startswith(".")


def test_report_names_are_unique_and_bounded():
    taken = set()
    assert _markdown_name(Path("A.txt"), taken) == "A.txt.md"
    assert _markdown_name(Path("a.txt"), taken) == "a.txt-2.md"
    long = _markdown_name(Path("长" * 300 + ".txt"), taken)
    assert len(long) < 130 and long.endswith(".md")


def test_a_finding_over_rows_of_several_blocks_shows_each_with_its_own_columns(tmp_path):
    text = next(SAMPLES.glob("003_*.txt")).read_text(encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(text.replace("行政强制\t0\t\t\n", "").replace("行政事业性收费\t0\t\t\n", ""),
                               encoding="utf-8")
    audit(src, "--out", tmp_path / "out", "--quiet")
    md = (tmp_path / "out" / "reports" / "a.txt.md").read_text(encoding="utf-8")
    assert ("| 行 | 本年处理决定数量 |\n| --- | --- |\n| 行政强制 | **（缺失）** |\n\n"
            "| 行 | 本年收费金额(单位:万元) |\n| --- | --- |\n| 行政事业性收费 | **（缺失）** |\n") in md


def test_summary_names_the_file_when_the_unit_is_not_found(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "无名报告.txt").write_text(
        "政府信息公开工作年度报告\n一、总体情况\n本年度工作有序开展。\n二、主动公开政府信息情况\n"
        "三、收到和处理政府信息公开申请情况\n四、政府信息公开行政复议、行政诉讼情况\n"
        "五、存在的主要问题及改进情况\n问题在于公开不够及时，已逐项整改。\n六、其他需要报告的事项\n无。\n",
        encoding="utf-8")
    result = audit(folder, "--out", tmp_path / "out", "--jobs", "1")
    assert "（未识别单位：无名报告.txt）" in result.stdout
    assert "（未识别单位：无名报告.txt）" in (tmp_path / "out" / "checklist.md").read_text(encoding="utf-8")


def test_a_page_on_one_line_is_audited_on_its_cut_text(tmp_path):
    import random

    from engine.render import ReportSpec, render_one_line, zero_values

    folder = tmp_path / "in"
    folder.mkdir()
    page = render_one_line(ReportSpec("2021", zero_values("2021"), agency="某县某局", year=2023), random.Random(1))
    (folder / "page.txt").write_text(page, encoding="utf-8")
    result = audit(folder, "--out", tmp_path / "out", "--jobs", "1")
    assert result.returncode in (0, 1), result.stderr
    entry = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))["reports"][0]
    assert (entry["agency"], entry["year"], entry["reflowed"], entry["text"]) == (
        "某县某局", 2023, True, "reports/page.txt.txt")
    lines = (tmp_path / "out" / "reports" / "page.txt.txt").read_text(encoding="utf-8").splitlines()
    assert "一、总体情况" in lines and "二、主动公开政府信息情况" in lines
    assert "已按标题、段落和表格行分行" in (tmp_path / "out" / "reports" / "page.txt.md").read_text(encoding="utf-8")


# ------------------------------------------------------- OUT: checked before any work, all or nothing


def contents(folder: Path) -> dict:
    """Every entry under `folder`, hidden ones included: bytes and modification time of files."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


OUTPUTS = ["checklist.md", "checklist.xlsx", "findings.json", "findings.sarif", "index.html", "reports"]


@pytest.mark.parametrize("foreign, message", [
    ("reports/审核意见汇总.docx", "中有不是本工具生成的文件（如 审核意见汇总.docx），未覆盖；请换一个输出目录。"),
    ("findings.json/", "findings.json 是文件夹，不是本工具生成的文件，未覆盖；请换一个输出目录。"),
], ids=["a reviewer's file in reports", "findings.json a folder"])
def test_out_holding_files_audit_did_not_write_is_refused_before_any_work(tmp_path, foreign, message):
    out = tmp_path / "out"
    assert audit("reports_in", "--out", out, "--quiet", "--jobs", "1").returncode == 1
    if foreign.endswith("/"):
        (out / foreign[:-1]).unlink()
        (out / foreign[:-1]).mkdir()
    else:
        (out / foreign).write_bytes(b"a reviewer's own file")
    before = contents(out)
    result = audit("reports_in", "--out", out, "--jobs", "1")
    assert contents(out) == before  # nothing new beside the old, no staging folder
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.endswith(message + "\n") and result.stderr.count("\n") == 1, result.stderr


@pytest.mark.parametrize("under", [False, True])
def test_out_that_is_a_file_is_refused(tmp_path, under):
    existing = tmp_path / "结果.txt"
    existing.write_text("已有的文件", encoding="utf-8")
    before = contents(tmp_path)
    result = audit("reports_in", "--out", existing / "out" if under else existing)
    assert contents(tmp_path) == before
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"{existing}: 是文件而不是文件夹，不能作为输出目录；请换一个输出目录。\n"


def test_the_reports_being_audited_are_never_replaced(tmp_path):
    out = tmp_path / "out"
    shutil.copytree(SAMPLES, out / "reports")  # .txt files, as audit writes there
    before = contents(tmp_path)
    result = audit(out / "reports", "--out", out, "--quiet")
    assert contents(tmp_path) == before
    assert result.returncode == 2 and "reports 中有要审核的报告，不能作为输出目录" in result.stderr


def test_a_run_replaces_its_outputs_and_clears_what_killed_runs_left(tmp_path):
    out = tmp_path / "out"
    for left in (".audit-staging/new/reports", ".reports.new"):  # this version's, and earlier versions'
        (out / left).mkdir(parents=True)
        (out / left / "x.md").write_text("半途而废", encoding="utf-8")
    (out / "reports").mkdir()
    (out / "reports" / "gone.txt.md").write_text("上次的审核意见", encoding="utf-8")
    (out / "notes.docx").write_bytes(b"a reviewer's own file beside the outputs: left alone")
    assert audit("reports_in", "--out", out, "--quiet").returncode == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS + ["notes.docx"])
    assert (out / "notes.docx").read_bytes().startswith(b"a reviewer's own file")
    assert sorted(p.name for p in (out / "reports").iterdir()) == sorted(
        p.name + end for p in SAMPLES.iterdir() for end in (".md", ".html"))


def test_system_files_and_old_outputs_are_skipped_and_listed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(next(SAMPLES.glob("000_*.txt")), folder)
    for name in (".DS_Store", "Thumbs.db", "desktop.ini", "~$报告.docx", ".隐藏.txt"):
        (folder / name).write_bytes(b"\x00\x01")
    first = audit(folder, "--out", folder / "上次结果", "--jobs", "1")  # a run whose output lies inside the input
    assert first.returncode == 0, first.stderr  # sample 000 has warnings only
    result = audit(folder, "--out", tmp_path / "out", "--jobs", "1")
    data = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert [r["path"].rsplit("/", 1)[-1] for r in data["reports"]] == [next(SAMPLES.glob("000_*.txt")).name]
    reasons = {s["path"].split("/in/", 1)[1]: s["reason"] for s in data["skipped"]}
    assert {k: v for k, v in reasons.items() if "/" not in k} == {
        ".DS_Store": "系统文件", ".隐藏.txt": "隐藏文件", "Thumbs.db": "系统文件", "desktop.ini": "系统文件",
        "~$报告.docx": "Office 临时锁定文件"}
    assert {v for k, v in reasons.items() if k.startswith("上次结果/")} == {"本工具的输出文件夹"}
    assert f"跳过 {len(reasons)} 个非报告文件" in result.stdout


def test_a_folder_with_nothing_to_audit_is_a_usage_error(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / ".DS_Store").write_bytes(b"\x00")
    result = audit(tmp_path / "in", "--out", tmp_path / "out")
    assert result.returncode == 2 and not (tmp_path / "out").exists()
    assert result.stderr.strip() == f"{tmp_path / 'in'}: 文件夹中没有可审核的文件（跳过了 1 个非报告文件）。"


COUNTY_RULE = """\
rules:
  - id: county-always
    title: 本县测试规则
    category: required-content
    severity: info
    message: "{section}没有写“本县”（{content}）。"
    basis: 本县通知
    fix: 写明。
    check: {kind: text_present, section: anywhere, patterns: [本县要求的说法]}
    examples:
      - name: 没有
        expect: [{severity: info, locations: 1}]
"""


def test_rules_add_to_the_national_rules_unless_told_otherwise(tmp_path):
    county = tmp_path / "本县规则"
    county.mkdir()
    (county / "r.yaml").write_text(COUNTY_RULE, encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(next(SAMPLES.glob("004_*.txt")), folder)
    added = audit(folder, "--out", tmp_path / "a", "--rules", county, "--jobs", "1")
    rules = {f["rule"] for f in json.loads((tmp_path / "a" / "findings.json").read_text(encoding="utf-8"))
             ["reports"][0]["findings"]}
    assert "county-always" in rules and "narrative-applications" in rules  # the national rules ran too
    assert "未运行国家规则" not in added.stdout
    alone = audit(folder, "--out", tmp_path / "b", "--rules", county, "--no-default-rules", "--jobs", "1")
    rules = {f["rule"] for f in json.loads((tmp_path / "b" / "findings.json").read_text(encoding="utf-8"))
             ["reports"][0]["findings"]}
    assert rules == {"county-always"}
    assert f"本次未运行国家规则，只运行了以下目录中的规则：{county}。" in alone.stdout
    nothing = audit(folder, "--out", tmp_path / "c", "--no-default-rules")
    assert nothing.returncode == 2 and "没有要运行的规则" in nothing.stderr


def test_the_command_line_speaks_chinese():
    """No English from argparse: titles, the help option, and its error messages."""
    help_text = subprocess.run([sys.executable, "-m", "engine.cli", "run", "--help"], capture_output=True,
                               text=True, cwd=ROOT).stdout
    for english in ("usage:", "positional arguments", "options:", "show this help message"):
        assert english not in help_text
    assert help_text.startswith("用法：audit run") and "显示此帮助并退出" in help_text
    for args, message in [(["--jobs", "0"], "audit run：错误：参数 --jobs：应为正整数，而不是“0”"),
                          (["--jobs", "x"], "audit run：错误：参数 --jobs：应为正整数，而不是“x”"),
                          ([], "audit run：错误：缺少必填的参数：folder")]:
        out = subprocess.run([sys.executable, "-m", "engine.cli", "run", *args] + (["reports_in"] if args else []),
                             capture_output=True, text=True, cwd=ROOT)
        assert out.returncode == 2 and out.stderr.splitlines()[-1] == message


@pytest.mark.parametrize("verbose", [False, True])
def test_libraries_logging_is_shown_only_when_asked(verbose):
    code = (f"import logging; from engine.cli import quiet_libraries; quiet_libraries({verbose}); "
            "logging.getLogger('pdfminer.pdffont').warning('Could not get FontBBox from font descriptor')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert ("Could not get FontBBox" in out.stderr) is verbose


def test_a_pdf_whose_few_words_are_no_report_says_so(tmp_path):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "hello.pdf"))
    c.drawString(100, 750, "Hello Upload Test")
    c.save()
    out = subprocess.run([sys.executable, "-m", "engine.cli", "parse", str(tmp_path / "hello.pdf")],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 2
    # the text layer holds no report, so the page is read with OCR: it holds none either
    assert out.stderr.strip().endswith("不是政府信息公开工作年度报告：找不到任何一个部分标题，也找不到统计表。")


def test_help_loads_none_of_the_engine():
    """`audit --help` and a mistyped option answer at once: the command line imports the parser, the
    rules and their libraries only for a command that needs them (the time is in `make bench`)."""
    code = ("import sys; from engine.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = {'pydantic', 'yaml', 'numpy', 'opencc', 'engine.parse', 'engine.ruleset'} & set(sys.modules)\n"
            "assert not heavy, heavy")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "政府信息公开工作年度报告审核工具" in result.stdout


def test_workers_get_a_bounded_number_of_files_ahead_and_results_keep_their_order():
    from concurrent.futures import ThreadPoolExecutor

    from engine.batch import _ordered

    pulled = []

    def items():
        for i in range(100):
            pulled.append(i)
            yield i

    with ThreadPoolExecutor(2) as pool:
        results = _ordered(pool, lambda x: x * x, items(), chunk=3, ahead=4)
        assert next(results) == 0
        assert len(pulled) <= 4 * 3  # four chunks of three handed out, not the whole input
        assert [0, *results] == [i * i for i in range(100)]


def test_the_workers_are_forked_before_the_files_are_listed(tmp_path, monkeypatch):
    # A forked worker copies the pages it inherited as it allocates into their free room: forked
    # after the file list was made, each worker's memory grew with the corpus.
    import multiprocessing

    from engine import runner

    listed = []

    def discover(folder, out):
        listed.append(len(multiprocessing.active_children()))
        return real(folder, out)
    real = runner.discover
    monkeypatch.setattr(runner, "discover", discover)
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(next(SAMPLES.glob("*.txt")), tmp_path / "in" / name)
    runner.run(tmp_path / "in", tmp_path / "out", [], None, 2, "never", True, comparison=runner.Comparison(no_cache=True))
    assert listed == [2]
    assert len(json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))["reports"]) == 2
