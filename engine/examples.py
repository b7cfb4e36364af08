"""Rule examples: build the small report an example describes and run one rule on it."""

from __future__ import annotations

from dataclasses import dataclass

from .findings import Finding
from .load import Unreadable
from .model import Report
from .parse import parse_bytes
from .render import ReportSpec, render_report, zero_values
from .ruleset import Example, ExampleGiven, Rule, RuleSet


def build_report(given: ExampleGiven) -> Report:
    if given.text is not None:
        return parse_bytes(given.text.encode("utf-8"), "<example>")
    layouts = {k: v for k, v in given.tables.items() if v}
    values = zero_values(given.layout, layouts)
    for key, layout in given.tables.items():
        if layout is None:
            values.pop(key)
    for ref, value in given.cells.items():
        table, row, col = ref.split(".")
        if table not in values or row not in values[table] or col not in values[table][row]:
            raise ValueError(f"示例中的单元格 {ref} 不在 {given.layout} 版模板中")
        values[table][row][col] = value
    spec = ReportSpec(
        layout=given.layout, values=values, agency=given.agency, year=given.year, published=given.published,
        table_layouts=layouts, headings=dict(given.headings),
        texts={k: v for k, v in given.sections.items() if v is not None},
        omit={k for k, v in given.sections.items() if v is None},
    )
    text = render_report(spec, given.family)
    for old, new in given.replace.items():
        if old not in text:
            raise ValueError(f"要替换的文字“{old}”不在生成的报告中")
        text = text.replace(old, new)
    return parse_bytes(text.encode("utf-8"), "<example>")


@dataclass
class ExampleResult:
    rule: str
    example: str
    findings: list[Finding]
    problems: list[str]  # empty when the example holds

    @property
    def ok(self) -> bool:
        return not self.problems


def run_example(rule: Rule, example: Example) -> ExampleResult:
    try:
        report = build_report(example.given)
    except Unreadable as exc:
        report, findings = None, RuleSet([rule]).unreadable(exc.reason)
    except Exception as exc:  # an example that cannot be built is a broken example
        return ExampleResult(rule.id, example.name, [], [f"示例无法生成报告：{exc}"])
    if report is not None:
        findings = RuleSet([rule]).run(report)
    problems = []
    if len(findings) != len(example.expect):
        problems.append(f"应有 {len(example.expect)} 条结果，实际 {len(findings)} 条"
                        + ("：" + "；".join(f"[{f.severity}] {f.message}" for f in findings) if findings else ""))
    for i, (want, got) in enumerate(zip(example.expect, findings, strict=False), start=1):
        if want.severity and want.severity != got.severity:
            problems.append(f"第 {i} 条结果的级别应为 {want.severity}，实际 {got.severity}")
        if want.message is not None and want.message != got.message:
            problems.append(f"第 {i} 条结果的信息应为“{want.message}”，实际“{got.message}”")
        if want.locations is not None and want.locations != len(got.locations):
            problems.append(f"第 {i} 条结果应有 {want.locations} 个位置，实际 {len(got.locations)} 个")
    return ExampleResult(rule.id, example.name, findings, problems)


def run_examples(rules: list[Rule]) -> list[ExampleResult]:
    return [run_example(rule, ex) for rule in rules for ex in rule.examples]
