"""What a report must state (rules/55-required.yaml): the statement check finds sentences across
wrapped lines, quotes mere mentions, leaves empty sections to section_substance, and shows what
satisfied a rule on request (`audit run --explain-passes`)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.checks._text import sentence
from engine.examples import build_report
from engine.findings import Pass
from engine.ruleset import ExampleGiven, RuleError, RuleSet, load_rules

RULES = {lr.rule.id: lr.rule for lr in load_rules()}


def run(rule_id: str, **given):
    report = build_report(ExampleGiven(**given))
    passes: list[Pass] = []
    return RuleSet([RULES[rule_id]]).run(report, passes=passes), passes, report


def test_a_sentence_wrapped_over_two_lines_is_found_and_quoted_whole():
    # as a PDF's text layer wraps a narrow column: the match "已按月通报" spans the break
    findings, passes, report = run("improvements-stated", sections={
        "problems": "一是部分乡镇主动公开内容更新不及时；二是政策解读的形式\n"
                    "和深度还需提升。2024年下半年起，县政府办公室已按月通\n报各单位栏目更新情况。"})
    assert findings == []
    assert [p.quote for p in passes] == ["2024年下半年起,县政府办公室已按月通报各单位栏目更新情况。"]
    line = passes[0].locations[0].line
    assert report.lines[line - 1].endswith("已按月通")  # the line where the match begins


def test_a_heading_on_the_line_before_stays_out_of_the_quote():
    _, passes, _ = run("work-points-statement", sections={"overview": "（一）工作要点落实情况\n本年度逐项落实各项任务。"})
    assert [p.quote for p in passes] == ["(一)工作要点落实情况"]


def test_mentions_are_quoted_once_each_with_their_lines():
    findings, passes, report = run("assessment-results", sections={
        "overview": "我镇将政务公开纳入绩效考核。建立健全问责机制。",
        "other": "本年度未收取信息处理费。我镇将政务公开纳入绩效考核。"})
    assert passes == []
    [f] = findings
    assert f.outcome == "mentioned" and f.severity == "warning"
    overview = next(s for s in report.sections if s.key == "overview")
    assert [m["quote"] for m in f.evidence["mentions"]] == ["我镇将政务公开纳入绩效考核。", "建立健全问责机制。"]
    assert {loc.line for loc in f.locations} == {overview.line + 1}
    assert "相关的只有第 " in f.message and "“建立健全问责机制。”" in f.message


@pytest.mark.parametrize("text", [
    "本年度未发生因政府信息公开工作被责任追究的情况。",
    "本年度我街道未开展政府信息公开社会评议。",
    "在全县政务公开考核中，我镇得分96.5分。",
    "本年度政府信息公开工作考核结果为良好。",
    "全年无政府信息公开工作责任追究事项。",
    "（五）工作考核、社会评议和责任追究结果情况：本年度未发生责任追究。",
])
def test_assessment_statements_pass(text):
    findings, passes, _ = run("assessment-results", sections={"other": "本年度未收取信息处理费。" + text})
    assert findings == [] and len(passes) == 1


@pytest.mark.parametrize("text", [
    "将政府信息公开工作纳入绩效考核，常态化开展督查检查。",
    "建立健全政府信息公开考核制度、社会评议和责任追究等制度。",
    "建立健全问责机制，将政务舆情回应情况纳入绩效考核体系。",
    "区国有资产管理局依法公开国有企业生产经营、业绩考核等总体情况。",  # a real county report: another 考核
    "并将检查通报结果纳入年度绩效考核管理，对相关责任人进行递进式效能问责。",
])
def test_a_mechanism_is_no_statement_of_results(text):
    findings, _, _ = run("assessment-results", sections={"overview": text, "other": "本年度未收取信息处理费。"})
    assert [(f.rule, f.outcome) for f in findings] == [("assessment-results", "mentioned")]


def test_the_roster_kind_decides_whether_assessment_results_apply():
    # 片区管理局 are township-level by their name; a department by its name is not asked
    assert run("assessment-results", agency="某某县财政局", sections={"other": "本年度未收取信息处理费。"})[0] == []
    assert len(run("assessment-results", agency="某某县人民政府", sections={"other": "本年度未收取信息处理费。"})[0]) == 1


def test_a_section_that_says_nothing_is_left_to_problems_substance():
    for rule in ("problems-stated", "improvements-stated", "last-year-problems-followup"):
        assert run(rule, sections={"problems": "无。"})[0] == []
    assert len(run("problems-substance", sections={"problems": "无。"})[0]) == 1


def test_an_outcome_only_some_parameters_produce(tmp_path):
    rule = """\
rules:
  - id: key-points
    title: 未说明要点落实情况
    category: required-content
    severity: info
    message: 没有说明。
    basis: 本县通知
    fix: 写明。
    check:
      kind: text_present
      section: anywhere
      patterns: [要点]
{extra}    examples:
      - name: 有
        expect: []
"""
    (tmp_path / "r.yaml").write_text(rule.format(extra="      mentions: [工作]\n"), encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rules([tmp_path])
    assert exc.value.problems == [f"{tmp_path}/r.yaml:9: outcomes: 检查类型 text_present 还会报告“mentioned”，"
                                  "需要为它写 outcomes.mentioned（severity 与 message）"]
    outcome = "    outcomes:\n      mentioned: {severity: info, message: 只提到。}\n"
    (tmp_path / "r.yaml").write_text(rule.format(extra="").replace("    check:\n", outcome + "    check:\n"),
                                     encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rules([tmp_path])
    assert exc.value.problems == [f"{tmp_path}/r.yaml:10: outcomes.mentioned: 检查类型 text_present 没有这种结果"
                                  "（按现在的参数），可用：无"]


@given(st.text(alphabet="甲乙丙,;。!?", max_size=120), st.data())
def test_a_quote_is_part_of_the_text_and_holds_the_match(text, data):
    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 6)))
    quote = sentence(text, start, end, limit=30)
    bare = quote.removesuffix("…")
    assert bare in text  # a piece of the text, never rewritten
    assert text[start:end].strip() in bare  # that holds the match, even when cut short
    if quote.endswith("…"):
        assert len(bare) >= 30  # cut only where the sentence was longer than the limit


def audit(*args):
    return subprocess.run([sys.executable, "-m", "engine.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent)


def test_explain_passes_shows_the_sentences(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "江左镇.txt").write_text(build_report_text(), encoding="utf-8")
    out = tmp_path / "out"
    plain = audit("run", folder, "--out", tmp_path / "plain", "--no-cache", "--quiet", "--fail-on", "never")
    assert plain.returncode == 0, plain.stderr
    entry = json.loads((tmp_path / "plain" / "findings.json").read_text(encoding="utf-8"))["reports"][0]
    assert "passes" not in entry  # the contract's entry, unchanged without the option
    assert "已核对的必备内容" not in next((tmp_path / "plain" / "reports").glob("*.md")).read_text(encoding="utf-8")

    done = audit("run", folder, "--out", out, "--no-cache", "--quiet", "--fail-on", "never", "--explain-passes")
    assert done.returncode == 0, done.stderr
    entry = json.loads((out / "findings.json").read_text(encoding="utf-8"))["reports"][0]
    passes = {p["rule"]: p for p in entry["passes"]}
    assert passes["assessment-results"]["quote"] == "本年度未发生政府信息公开工作责任追究情况。"
    assert passes["assessment-results"]["category"] == "required-content"
    assert passes["fee-statement"]["quote"] == "本年度未收取信息处理费。"
    line = passes["assessment-results"]["locations"][0]["line"]
    markdown = next((out / "reports").glob("*.md")).read_text(encoding="utf-8")
    assert "## 已核对的必备内容" in markdown
    assert (f"- 未报告工作考核、社会评议和责任追究结果情况（assessment-results）——无此问题，第 {line} 行："
            "“本年度未发生政府信息公开工作责任追究情况。”") in markdown


def build_report_text() -> str:
    from engine.render import ReportSpec, render_report, zero_values

    spec = ReportSpec(layout="2021", values=zero_values("2021", {}), agency="江左镇人民政府", year=2022,
                      published="2023-01-10")
    return render_report(spec, "tab-grid")
