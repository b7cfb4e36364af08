"""A bad rule file stops everything with `file:line: key: what is wrong`."""

import subprocess
import sys
from pathlib import Path

import pytest

from engine.ruleset import RuleError, load_rules

GOOD = """\
rules:
  - id: blank-cells
    title: 统计表有空白单元格
    category: blank-cell
    severity: error
    message: "{table}有 {count} 个单元格空白：{cells}。"
    basis: 国办公开办函〔2021〕30号
    fix: 填写 0。
    check:
      kind: cells_filled
    examples:
      - name: 全部填写
        expect: []
"""


def problems(tmp_path: Path, text: str) -> list[str]:
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rules([tmp_path])
    return [p.replace(str(tmp_path) + "/", "") for p in exc.value.problems]


def test_good_file_loads(tmp_path):
    (tmp_path / "r.yaml").write_text(GOOD, encoding="utf-8")
    assert [lr.rule.id for lr in load_rules([tmp_path])] == ["blank-cells"]


def test_typo_in_a_key(tmp_path):
    assert problems(tmp_path, GOOD.replace("    severity: error", "    severty: error")) == [
        "r.yaml:2: rules.0.severity: 缺少必填项",
        "r.yaml:5: rules.0.severty: 不认识的键（拼写错误？）",
    ]


def test_wrong_value(tmp_path):
    assert problems(tmp_path, GOOD.replace("severity: error", "severity: fatal")) == [
        "r.yaml:5: rules.0.severity: 取值“fatal”不在允许范围内，可用：error、warning、info",
    ]


def test_wrong_type(tmp_path):
    assert problems(tmp_path, GOOD.replace("        expect: []", "        expect: 3")) == [
        "r.yaml:13: rules.0.examples.0.expect: 应为列表",
    ]


def test_unknown_key_inside_check(tmp_path):
    assert problems(tmp_path, GOOD.replace("      kind: cells_filled", "      kind: cells_filled\n      tabel: x")) == [
        "r.yaml:11: rules.0.check.tabel: 不认识的键（拼写错误？）",
    ]


def test_unknown_check_kind(tmp_path):
    (p,) = problems(tmp_path, GOOD.replace("kind: cells_filled", "kind: cell_filled"))
    assert p.startswith("r.yaml:10: rules.0.check: 未知的检查类型 kind：cell_filled，可用：cells_filled, ")


def test_unknown_placeholder(tmp_path):
    assert problems(tmp_path, GOOD.replace("{cells}。", "{cell}。")) == [
        "r.yaml:6: message: 未知的占位符 {cell}，可用：{cells}, {count}, {table}",
    ]


def test_outcome_the_kind_reports_must_be_configured(tmp_path):
    text = GOOD.replace("kind: cells_filled", "kind: table_structure\n      issues: [extra-cells]").replace(
        '"{table}有 {count} 个单元格空白：{cells}。"', '"{table}：{details}"')
    assert problems(tmp_path, text) == [
        "r.yaml:9: outcomes: 检查类型 table_structure 还会报告“data_lost”，"
        "需要为它写 outcomes.data_lost（severity 与 message）",
    ]


def test_bad_regular_expression(tmp_path):
    text = GOOD.replace("kind: cells_filled", "kind: text_present\n      section: other\n      patterns: ['收费(']").replace(
        '"{table}有 {count} 个单元格空白：{cells}。"', '"{section}"')
    (p,) = problems(tmp_path, text)
    assert p.startswith("r.yaml:12: rules.0.check.patterns: 正则表达式无效：收费(")


def test_yaml_syntax_error(tmp_path):
    assert problems(tmp_path, GOOD.replace("    title: 统计表有空白单元格", "    title: [统计表")) == [
        "r.yaml:4: YAML 语法错误：expected ',' or ']', but got ':'",
    ]


def test_duplicate_key(tmp_path):
    assert problems(tmp_path, GOOD.replace("    fix: 填写 0。", "    fix: 填写 0。\n    title: 重复")) == [
        "r.yaml:9: title: 键重复出现（第 3 行已有）",
    ]


def test_duplicate_rule_id_across_files(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    assert problems(tmp_path, GOOD) == ["r.yaml:2: id: 规则 blank-cells 重复（a.yaml:2 已定义）"]


def test_cli_rules_check_reports_and_exits_2(tmp_path):
    (tmp_path / "r.yaml").write_text(GOOD.replace("    severity: error", "    severty: error"), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "engine.cli", "rules", "check", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert out.stderr.splitlines() == [f"{tmp_path}/r.yaml:2: rules.0.severity: 缺少必填项",
                                       f"{tmp_path}/r.yaml:5: rules.0.severty: 不认识的键（拼写错误？）"]


def test_cli_rules_check_runs_examples(tmp_path):
    bad_example = GOOD.replace("        expect: []", "        expect: [{severity: error, locations: 1}]")
    (tmp_path / "r.yaml").write_text(bad_example, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "engine.cli", "rules", "check", "--no-default-rules", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stdout.splitlines() == ["blank-cells（示例“全部填写”）：应有 1 条结果，实际 0 条",
                                       "1 条规则，1 个示例，1 个未通过。"]


def rules_check(cwd, *args):
    return subprocess.run([sys.executable, "-m", "engine.cli", "rules", "check", *args], capture_output=True,
                          text=True, cwd=cwd, env={**__import__("os").environ, "PYTHONPATH": str(Path.cwd())})


def test_rules_check_checks_what_audit_run_would_load(tmp_path):
    """The county's rule folder named in audit.yaml is checked too, with its examples."""
    county = tmp_path / "本县规则"
    county.mkdir()
    (county / "r.yaml").write_text(GOOD.replace("id: blank-cells", "id: county-blank-cells").replace(
        "        expect: []", "        expect: [{severity: error, locations: 1}]"), encoding="utf-8")
    (tmp_path / "audit.yaml").write_text("rule_dirs: [本县规则/]\n", encoding="utf-8")
    out = rules_check(tmp_path)
    assert out.returncode == 1
    rules = [lr.rule for lr in load_rules()]
    examples = sum(len(r.examples) for r in rules)
    assert out.stdout.splitlines()[-2:] == ["county-blank-cells（示例“全部填写”）：应有 1 条结果，实际 0 条",
                                            f"{len(rules) + 1} 条规则，{examples + 1} 个示例，1 个未通过。"]


def test_rules_check_tells_an_example_the_configuration_changed(tmp_path):
    (tmp_path / "audit.yaml").write_text('params:\n  publication-deadline: {deadlines: {township: "02-15"}}\n',
                                         encoding="utf-8")
    out = rules_check(tmp_path, "--config", str(tmp_path / "audit.yaml"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines()[0].startswith(
        "publication-deadline（示例“乡镇逾期”）：配置改变了此示例的结果（规则文件本身没有问题）：应有 1 条结果，实际 0 条")
    rules = [lr.rule for lr in load_rules()]
    examples = sum(len(r.examples) for r in rules)
    assert out.stdout.splitlines()[-1] == f"{len(rules)} 条规则，{examples} 个示例，0 个未通过，1 个因配置而结果不同。"


SUM = """\
rules:
  - id: my-a4
    title: 表四总计
    category: arithmetic
    severity: error
    message: "{table}{where}不符。"
    basis: 格式
    fix: 核对。
    check:
      kind: sum_equals
      identity: A4
      table: appeals
      for_each: row
      left: [total]
      right: [upheld, corected, other, pending]
    outcomes:
      unverifiable: {severity: info, message: "{table}无法核对。"}
    examples:
      - name: 一致
        expect: []
"""


def test_a_key_that_no_template_has_is_refused_with_its_line(tmp_path):
    assert problems(tmp_path, SUM) == [
        "r.yaml:15: check.right[1]: 表四中没有列“corected”，"
        "可用：corrected、other、pending、total、upheld".replace("、", ", "),
    ]


def test_cell_references_and_paths_are_checked_against_the_templates(tmp_path):
    text = GOOD.replace("      kind: cells_filled",
                        "      kind: cells_filled\n      cells: $.tables.requests.rows.recieved.*")
    assert problems(tmp_path, text) == [
        "r.yaml:11: check.cells: 路径“$.tables.requests.rows.recieved.*”在2021 版、2019 年试行版的统计表中选不到任何单元格"]
    narrative = """\
rules:
  - id: my-narrative
    title: 正文
    category: narrative
    severity: error
    message: "{subject}{quote}{number}{readings}{line}"
    basis: 格式
    fix: 核对。
    check:
      kind: narrative_number
      subject: 申请
      statements: [{pattern: '收到(?P<n>\\d+)件'}]
      readings: [[requests.new_received.total], [requests.carried_over.totl]]
    examples:
      - name: 一致
        expect: []
"""
    assert problems(tmp_path, narrative) == [
        "r.yaml:13: check.readings[1][0]: 表三中没有列“totl”，可用："
        "business, legal_services, natural_person, other_org, research, social_welfare, total"]


def test_a_rule_for_one_layout_is_checked_against_that_layout_only(tmp_path):
    text = SUM.replace("right: [upheld, corected, other, pending]", "right: [upheld, corrected, other, pending]")
    text = text.replace("    check:\n", "    applies_to: {layouts: ['2019']}\n    check:\n")
    text = text.replace("table: appeals", "table: active").replace("left: [total]", "left: [decisions]")
    assert "表二中没有列“total”" in problems(tmp_path, text.replace("[decisions]", "[total]"))[0]


def test_a_check_module_that_breaks_the_contract_is_named():
    import types

    from pydantic import BaseModel

    from engine.checks import contract_problems, sum_equals

    assert contract_problems("sum_equals", sum_equals) == []
    broken = types.ModuleType("broken")
    broken.__file__ = "engine/checks/broken.py"

    class Params(BaseModel):
        kind: str = "x"

    broken.Params = Params
    broken.OUTCOMES = ("unverifiable",)
    broken.PLACEHOLDERS = {"default": set()}
    assert contract_problems("broken", broken) == [
        "engine/checks/broken.py: Params.kind 应为 Literal[\"broken\"]（与模块名相同），实际 没有 kind",
        "engine/checks/broken.py: 缺少 run(report, params, ctx)",
        "engine/checks/broken.py: 缺少 SUMMARY（给用户看的一句中文说明）",
        "engine/checks/broken.py: PLACEHOLDERS 应为每种结果（default 及 unverifiable）列出占位符",
    ]


ANYWHERE = """\
rules:
  - id: county-key-points
    title: 未说明政务公开工作要点落实情况
    category: required-content
    severity: info
    message: "{section}没有说明政务公开工作要点的落实情况（{content}）。"
    basis: 本县通知
    fix: 写明落实情况。
    check:
      kind: text_present
      section: anywhere
      patterns: ['工作要点']
    examples:
      - name: 六个部分都没有提到
        given: {sections: {overview: 本年度政府信息公开工作有序推进。}}
        expect:
          - {severity: info, locations: 1}
      - name: 写在第一部分
        given: {sections: {overview: 本年度逐项落实政务公开工作要点。}}
        expect: []
      - name: 写在第六部分
        given: {sections: {other: 本年度未收取信息处理费；政务公开工作要点已全部落实。}}
        expect: []
"""


def test_text_present_anywhere_in_the_report(tmp_path):
    from engine.examples import run_examples

    (tmp_path / "r.yaml").write_text(ANYWHERE, encoding="utf-8")
    rule = load_rules([tmp_path])[0].rule
    results = run_examples([rule])
    assert [r.problems for r in results] == [[], [], []]
    assert results[0].findings[0].message.startswith("全文没有说明政务公开工作要点的落实情况（全文共 ")


def test_the_basis_cites_the_format_the_report_follows():
    rules = {lr.rule.id: lr.rule for lr in load_rules()}
    blank = rules["blank-cells"]
    assert blank.basis_for("2019").startswith("国办公开办函〔2019〕60号（年度报告格式）")
    assert blank.basis_for("2021").startswith("国办公开办函〔2021〕30号（年度报告格式）")
    assert blank.basis_for("mixed", 2020).startswith("国办公开办函〔2019〕60号")  # no one layout: the year's
    assert rules["identity-a2"].basis_for("2019") == "国办公开办函〔2019〕60号 表三（总计 = 自然人 + 法人或其他组织各项）"


def test_parameters_that_would_fail_at_run_time_fail_at_load(tmp_path):
    narrative = GOOD.replace("      kind: cells_filled", "      kind: narrative_number\n      subject: 申请\n"
                             "      statements: [{pattern: '收到申请'}]\n      readings: [[requests.new_received.total]]")
    narrative = narrative.replace('message: "{table}有 {count} 个单元格空白：{cells}。"', 'message: "{quote}"')
    assert problems(tmp_path, narrative)[0].endswith(
        "正则表达式要有命名分组 (?P<n>…) 取出数字，或者写 value 说明这句话表示的数字")
    deadline = GOOD.replace("      kind: cells_filled",
                            '      kind: published_by\n      deadlines: {townhsip: "02-15", default: "01-31"}')
    deadline = deadline.replace('message: "{table}有 {count} 个单元格空白：{cells}。"', 'message: "{published}"')
    assert problems(tmp_path, deadline)[0].endswith(
        "没有“townhsip”这种单位类型，可用：township、department、county_government、default")
