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
        "r.yaml:5: rules.0.severity: 取值“fatal”不在允许范围内：'error', 'warning' or 'info'",
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
        "r.yaml:9: outcomes: 检查类型 table_structure 还会报告“data_lost”，需要为它写 outcomes.data_lost（severity 与 message）",
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
    out = subprocess.run([sys.executable, "-m", "engine.cli", "rules", "check", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert out.stdout.splitlines() == ["blank-cells（示例“全部填写”）：应有 1 条结果，实际 0 条：",
                                       "1 条规则，1 个示例，1 个未通过。"]
