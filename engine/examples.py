"""Rule examples: build the small report an example describes and run one rule on it."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from .across import digest, link
from .findings import Finding, Pass
from .load import Unreadable
from .model import Report
from .parse import parse_bytes
from .render import ReportSpec, render_report, zero_values
from .roster import Roster, load_roster
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


THIS, LAST_YEAR, OTHER = "example.txt", "example-last-year.txt", "example-other-{}.txt"


def run_example(rule: Rule, example: Example) -> ExampleResult:
    """The rule's findings on the example's report, linked as a run links its reports: with last
    year's report, the other reports and the roster the example gives."""
    ruleset = RuleSet([rule])
    given = example.given
    try:
        batch = _batch(given)
        roster = _roster(given.roster)
    except Unreadable as exc:
        return _compare(rule, example, ruleset.unreadable(exc.reason), [])
    except Exception as exc:  # an example that cannot be built is a broken example
        return ExampleResult(rule.id, example.name, [], [f"示例无法生成报告：{exc}"])
    copies = ruleset.copy_params()
    digests = [digest(report, path, path != LAST_YEAR, group, copies.sections if copies else ())
               for path, (report, group) in batch.items()]
    across, missing = link(digests, roster, copies)
    report = batch[THIS][0]
    previous = across[THIS].previous
    passes: list[Pass] = []
    findings = ruleset.run(report, across[THIS], batch[previous][0] if previous else None, passes)
    for m in missing:
        findings += ruleset.missing(m)
    return _compare(rule, example, findings, passes)


def _batch(given: ExampleGiven) -> dict[str, tuple[Report, str | None]]:
    """The example's reports by path: this one, last year's, the others."""
    batch = {THIS: (build_report(given), given.group)}
    if given.last_year is not None:
        last = given.last_year
        defaults = {"year": given.year - 1, "agency": given.agency, "group": given.group}
        last = last.model_copy(update={k: v for k, v in defaults.items() if k not in last.model_fields_set})
        batch[LAST_YEAR] = (build_report(last), last.group)
    for i, other in enumerate(given.others, start=1):
        if "year" not in other.model_fields_set:
            other = other.model_copy(update={"year": given.year})
        batch[OTHER.format(i)] = (build_report(other), other.group)
    return batch


def _roster(data: Any) -> Roster | None:
    """The example's roster, read by the same code as `--roster` (from a YAML file)."""
    if data is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "名单.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        roster = load_roster(path)
    return replace(roster, path=Path("名单.yaml"))  # as messages show it, not the temporary folder


def _compare(rule: Rule, example: Example, findings: list[Finding], passes: list[Pass]) -> ExampleResult:
    problems = []
    if example.passes is not None and example.passes != [p.quote for p in passes]:
        problems.append(f"满足规则的原文应为 {example.passes}，实际 {[p.quote for p in passes]}")
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
