"""Accepted findings (engine/baseline.py): the fingerprint, the baseline file, and the reviewer's
season: accept, re-run, a corrected report, a renamed file, a new defect."""

import json
import re
import subprocess
import sys

import jsonschema
import pytest

from engine.baseline import BaselineError, Entry, dump, fingerprint, load_baseline
from engine.findings import Finding, Location
from engine.render import ReportSpec, render_report, zero_values
from tests.samples import ROOT
from tests.sarif_schema import sarif_schema


def audit(*args):
    return subprocess.run([sys.executable, "-m", "engine.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT)


def finding(message="表三有 1 个单元格空白：（一）予以公开 / 总计。", line=40, **where):
    loc = where or {"table": "requests", "row": "granted", "column": "total"}
    return Finding(rule="blank-cells", category="blank-cell", severity="error", message=message,
                   locations=[Location(line=line, **loc)])


def test_the_fingerprint_ignores_lines_and_files_and_follows_the_substance():
    fp = fingerprint(finding(), "江左镇人民政府", 2022, "县甲")
    assert fingerprint(finding(line=52), "江左镇人民政府", 2022, "县甲") == fp  # the lines shifted
    assert fingerprint(finding(message="表三有 1 个单元格空白（第 52 行）：（一）予以公开 / 总计。", line=52),
                       "江左镇人民政府", 2022, "县甲") == fingerprint(
        finding(message="表三有 1 个单元格空白（第 40 行）：（一）予以公开 / 总计。"), "江左镇人民政府", 2022, "县甲")
    assert fingerprint(finding(), "江左镇", 2022, "县甲") == fp  # one unit, written two ways
    assert fingerprint(finding(row="partly_granted"), "江左镇人民政府", 2022, "县甲") != fp  # another cell
    assert fingerprint(finding(message="表三有 2 个单元格空白：…"), "江左镇人民政府", 2022, "县甲") != fp
    assert fingerprint(finding(), "江左镇人民政府", 2023, "县甲") != fp  # another year
    assert fingerprint(finding(), "江右镇人民政府", 2022, "县甲") != fp  # another unit
    other = finding(message="与上年（2021 年）报告的衔接不符（上年报告：县甲/江左镇_2021.txt）。")
    other.locations.append(Location(path="县甲/江左镇_2021.txt", table="requests", row="carried_forward"))
    renamed = finding(message="与上年（2021 年）报告的衔接不符（上年报告：县甲/2021年报.txt）。")
    renamed.locations.append(Location(path="县甲/2021年报.txt", table="requests", row="carried_forward"))
    assert fingerprint(other, "江左镇", 2022, "县甲") == fingerprint(renamed, "江左镇", 2022, "县甲")


def test_a_baseline_file_round_trips_and_bad_ones_say_where(tmp_path):
    path = tmp_path / "b.yaml"
    entries = [Entry("0123456789abcdef", "江左镇", 2022, "blank-cells", "表三有…", "a.txt", "已核实"),
               Entry("fedcba9876543210", None, None, "unreadable", "文件为空。", "b.txt", None)]
    path.write_text(dump(entries), encoding="utf-8")
    assert load_baseline(path).entries == tuple(entries)
    path.write_text("已接受:\n  - 单位: 江左镇\n    指纹: 123\n  - 指纹: 0123456789abcdef\n    原因: x\n", encoding="utf-8")
    with pytest.raises(BaselineError) as exc:
        load_baseline(path)
    assert exc.value.problems == [
        f"{path}:2: 第 1 条缺少“指纹”，或不是 audit baseline 写出的 16 位指纹",
        f"{path}:4: 第 2 条有不认识的键：原因（可用：单位、年度、规则、问题、文件、指纹、理由）"]
    path.write_text("已接受: [\n", encoding="utf-8")
    with pytest.raises(BaselineError) as exc:
        load_baseline(path)
    assert exc.value.problems[0].startswith(f"{path}:2: YAML 语法错误")


OTHER = "本年度未收取信息处理费。本年度未发生政府信息公开工作责任追究情况。"


def render(agency: str, blank: bool = False, fee: str = OTHER) -> str:
    values = zero_values("2021")
    if blank:
        values["requests"]["granted"]["total"] = None
    spec = ReportSpec("2021", values, agency=agency, year=2022, published="2023-01-10", texts={"other": fee})
    return render_report(spec, "tab-grid")


def test_the_reviewers_season(tmp_path):
    season = tmp_path / "in"
    (season / "县甲").mkdir(parents=True)
    (season / "县甲" / "江左镇.txt").write_text(render("江左镇人民政府", blank=True), encoding="utf-8")
    (season / "县甲" / "江右镇.txt").write_text(render("江右镇人民政府"), encoding="utf-8")

    # first run: the blank cell is an error
    first = audit("run", season, "--out", tmp_path / "o1", "--no-cache", "--quiet")
    assert first.returncode == 1, first.stderr
    # accept everything, with a reason for one finding
    base = tmp_path / "baseline.yaml"
    made = audit("baseline", tmp_path / "o1" / "findings.json", "--out", base)
    assert made.returncode == 0 and "已写入基线" in made.stdout
    data = load_baseline(base)
    assert "blank-cells" in {e.rule for e in data.entries}
    text = base.read_text(encoding="utf-8")
    blank_fp = next(e.fingerprint for e in data.entries if e.rule == "blank-cells")
    text = re.sub(rf"(指纹: {blank_fp}\n\s*理由: )''", r"\1该项已电话核实，为 0", text)
    base.write_text(text, encoding="utf-8")

    # re-run with it: nothing counts, the exit code is 0, the reason travels
    second = audit("run", season, "--out", tmp_path / "o2", "--no-cache", "--baseline", base)
    assert second.returncode == 0, second.stdout + second.stderr
    assert f"已接受的问题（基线文件 {base}）：本次有 {len(data.entries)} 项已接受" in second.stdout
    out = json.loads((tmp_path / "o2" / "findings.json").read_text(encoding="utf-8"))
    left = {r["agency"]: r for r in out["reports"]}
    assert all(f["accepted"] for r in out["reports"] for f in r["findings"])
    assert left["江左镇人民政府"]["verdict"] == "通过" and left["江左镇人民政府"]["counts"]["error"] == 0
    assert left["江左镇人民政府"]["accepted"] == len(left["江左镇人民政府"]["findings"])
    blank = next(f for f in left["江左镇人民政府"]["findings"] if f["rule"] == "blank-cells")
    assert blank["note"] == "该项已电话核实，为 0"
    assert out["baseline"] == {"file": str(base), "entries": len(data.entries), "accepted": len(data.entries),
                               "resolved": [], "unchecked": 0}
    markdown = (tmp_path / "o2" / "reports" / "县甲__江左镇.txt.md").read_text(encoding="utf-8") if (
        tmp_path / "o2" / "reports" / "县甲__江左镇.txt.md").exists() else next(
        p.read_text(encoding="utf-8") for p in (tmp_path / "o2" / "reports").glob("*江左镇*.md"))
    assert "## 已接受的问题" in markdown and "（理由：该项已电话核实，为 0）" in markdown
    assert "除已接受的问题外，未发现问题。" in markdown
    checklist = (tmp_path / "o2" / "checklist.md").read_text(encoding="utf-8")
    assert f"| 0 | 0 | 通过（另有已接受 {left['江左镇人民政府']['accepted']} 项） |" in checklist
    log = json.loads((tmp_path / "o2" / "findings.sarif").read_text(encoding="utf-8"))
    jsonschema.validate(log, sarif_schema())
    results = log["runs"][0]["results"]
    assert all(r["suppressions"][0]["status"] == "accepted" for r in results)
    assert {r["partialFingerprints"]["auditFinding/v2"] for r in results} == {e.fingerprint for e in data.entries}
    assert any(r["suppressions"][0]["justification"] == "该项已电话核实，为 0" for r in results)

    # the season goes on: 江左镇 corrects its blank cell, but its new version has three lines more at
    # the top and drops the fee statement; 江右镇's file is renamed
    (season / "县甲" / "江左镇.txt").write_text(
        "\n\n\n" + render("江左镇人民政府", fee="本年度未发生政府信息公开工作责任追究情况。"), encoding="utf-8")
    (season / "县甲" / "江右镇.txt").rename(season / "县甲" / "江右镇2022年报.txt")
    third = audit("run", season, "--out", tmp_path / "o3", "--no-cache", "--baseline", base,
                  "--fail-on", "warning")
    assert third.returncode == 1, third.stdout + third.stderr  # the new warning, and only it
    out = json.loads((tmp_path / "o3" / "findings.json").read_text(encoding="utf-8"))
    new = [(r["agency"], f["rule"]) for r in out["reports"] for f in r["findings"] if not f.get("accepted")]
    assert new == [("江左镇人民政府", "fee-statement")]
    # the blank cell was corrected: it and the identities it left unverifiable are resolved
    assert [e["rule"] for e in out["baseline"]["resolved"]] == ["blank-cells", "identity-a2", "identity-a3"]
    assert "已整改：江左镇人民政府 2022 年度，统计表有空白单元格：表三有 1 个单元格空白" in third.stdout


def test_a_bad_baseline_stops_the_run_before_any_work(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(render("江左镇人民政府"), encoding="utf-8")
    bad = tmp_path / "b.yaml"
    bad.write_text("已接受:\n  - 单位: 江左镇\n", encoding="utf-8")
    done = audit("run", tmp_path / "in", "--out", tmp_path / "o", "--no-cache", "--baseline", bad)
    assert done.returncode == 2 and f"{bad}:2: 第 1 条缺少“指纹”" in done.stderr
    assert not (tmp_path / "o").exists()
    missing = audit("baseline", tmp_path / "nothing.json", "--out", bad)
    assert missing.returncode == 2 and "nothing.json: 文件不存在" in missing.stderr


def test_rewriting_a_baseline_keeps_the_reasons(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(render("江左镇人民政府", blank=True), encoding="utf-8")
    assert audit("run", tmp_path / "in", "--out", tmp_path / "o", "--no-cache", "--quiet").returncode == 1
    base = tmp_path / "b.yaml"
    audit("baseline", tmp_path / "o" / "findings.json", "--out", base)
    text = base.read_text(encoding="utf-8").replace("理由: ''", "理由: 已核实", 1)
    base.write_text(text, encoding="utf-8")
    again = audit("baseline", tmp_path / "o" / "findings.json", "--out", base)
    assert "保留了原有的理由 1 条" in again.stdout
    assert [e.note for e in load_baseline(base).entries].count("已核实") == 1
