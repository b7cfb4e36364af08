"""audit.yaml / [tool.audit]: select, ignore, severities, parameters, extra rule folders."""

import pytest

from engine.config import build_ruleset
from engine.examples import build_report
from engine.ruleset import ExampleGiven, RuleError

LATE = build_report(ExampleGiven(year=2022, published="2023-02-10"))


def rule_ids(ruleset):
    return [r.id for r in ruleset.rules]


def test_defaults_without_config(tmp_path):
    rs = build_ruleset(cwd=tmp_path)
    assert "publication-deadline" in rule_ids(rs)
    assert [f.rule for f in rs.run(LATE)] == ["publication-deadline"]


def test_township_deadline_is_a_parameter(tmp_path):
    (tmp_path / "audit.yaml").write_text(
        'params:\n  publication-deadline: {deadlines: {township: "02-15"}}\n', encoding="utf-8")
    rs = build_ruleset(cwd=tmp_path)
    assert rs.run(LATE) == []
    assert rs.by_id["publication-deadline"].check.deadlines == {
        "township": "02-15", "department": "01-31", "county_government": "03-31", "default": "01-31"}


def test_severity_select_and_ignore(tmp_path):
    (tmp_path / "audit.yaml").write_text(
        "select: [publication, arithmetic]\nignore: [identity-a4]\nseverity: {publication-deadline: warning}\n",
        encoding="utf-8")
    rs = build_ruleset(cwd=tmp_path)
    assert rule_ids(rs) == ["identity-a1", "identity-a2", "identity-a3", "publication-deadline"]
    assert [f.severity for f in rs.run(LATE)] == ["warning"]


def test_pyproject_tool_audit(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.audit]\nignore = ["publication"]\n', encoding="utf-8")
    assert "publication-deadline" not in rule_ids(build_ruleset(cwd=tmp_path))


def test_extra_rule_folder(tmp_path):
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "x.yaml").write_text("""\
rules:
  - id: local-fee-anywhere
    title: 信息处理费
    category: required-content
    severity: info
    message: "{section}未提及收费"
    basis: 本县通知
    fix: 补充说明。
    check: {kind: text_present, section: overview, patterns: [信息处理费]}
    examples:
      - name: 未提及
        expect: [{severity: info, locations: 1}]
      - name: 提及
        given: {sections: {overview: 本年度未收取信息处理费。}}
        expect: []
""", encoding="utf-8")
    (tmp_path / "audit.yaml").write_text("rule_dirs: [local]\nselect: [local-fee-anywhere]\n", encoding="utf-8")
    rs = build_ruleset(cwd=tmp_path)
    assert [f.message for f in rs.run(LATE)] == ["一、总体情况未提及收费"]


@pytest.mark.parametrize("text, problem", [
    ("ignor: [x]\n", "audit.yaml:1: ignor: 不认识的键（拼写错误？）"),
    ("ignore: [no-such-rule]\n", "audit.yaml:1: ignore: 没有叫“no-such-rule”的规则或类别"),
    ("severity: {blank-cells: fatal}\n",
     "audit.yaml:1: severity.blank-cells: 取值“fatal”不在允许范围内，可用：error、warning、info"),
    ('params:\n  publication-deadline:\n    deadlines: {township: "2-15"}\n',
     "audit.yaml:3: params.publication-deadline.deadlines: township 的期限应写成 MM-DD（如 01-31）：2-15"),
])
def test_bad_config_says_where(tmp_path, text, problem):
    (tmp_path / "audit.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        build_ruleset(cwd=tmp_path)
    assert [p.replace(str(tmp_path) + "/", "") for p in exc.value.problems] == [problem]


def test_an_override_that_names_a_key_no_template_has_is_refused(tmp_path):
    (tmp_path / "audit.yaml").write_text(
        "params:\n  identity-a4:\n    right: [upheld, corected, other, pending]\n", encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        build_ruleset(cwd=tmp_path)
    assert [p.replace(str(tmp_path) + "/", "") for p in exc.value.problems] == [
        "audit.yaml:3: params.identity-a4.right[1]: 表四中没有列“corected”，"
        "可用：corrected, other, pending, total, upheld"]


def test_a_deadline_that_is_no_date_is_said_in_chinese(tmp_path):
    (tmp_path / "audit.yaml").write_text('params:\n  publication-deadline: {deadlines: {township: "02-30"}}\n',
                                         encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        build_ruleset(cwd=tmp_path)
    assert [p.replace(str(tmp_path) + "/", "") for p in exc.value.problems] == [
        "audit.yaml:2: params.publication-deadline.deadlines: township 的期限 02-30 不是一年中的日期（2 月没有 30 日）"]
