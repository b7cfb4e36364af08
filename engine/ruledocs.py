"""Rule documentation generated from the rules' own metadata (docs/rules.md, `audit rules explain`)."""

from __future__ import annotations

import yaml

from .findings import SEVERITY_ZH
from .ruleset import Rule, basis_in_general



def applies_text(rule: Rule) -> str:
    a = rule.applies_to
    parts = []
    if a.years is not None:
        lo, hi = a.years.from_, a.years.to
        if lo and hi:
            parts.append(f"{lo}–{hi} 年度的报告")
        elif lo:
            parts.append(f"{lo} 年度起的报告")
        elif hi:
            parts.append(f"{hi} 年度及以前的报告")
    if a.layouts:
        parts.append("统计表格式为 " + "、".join(a.layouts))
    if a.unit_kinds:
        parts.append("单位类型为 " + "、".join(a.unit_kinds))
    return "；".join(parts) or "所有报告"


def explain(rule: Rule) -> str:
    check = rule.check.model_dump(mode="json", exclude_none=True)
    kind_doc = rule.module.SUMMARY
    lines = [
        f"## {rule.id} — {rule.title}",
        "",
        f"- 类别：`{rule.category}`；级别：{SEVERITY_ZH[rule.severity]}（{rule.severity}）",
        f"- 依据：{basis_in_general(rule.basis)}",
        f"- 适用：{applies_text(rule)}",
        f"- 信息：`{rule.message}`",
    ]
    for name, outcome in rule.outcomes.items():
        title = f"“{outcome.title}”，" if outcome.title else ""
        lines.append(f"- 另一种结果 `{name}`：{title}{SEVERITY_ZH[outcome.severity]}（{outcome.severity}），`{outcome.message}`")
    lines += [
        f"- 整改：{rule.fix}",
        f"- 检查类型：`{rule.check.kind}` — {kind_doc}",
        "",
        "```yaml",
        yaml.safe_dump({"check": check}, allow_unicode=True, sort_keys=False, width=100).rstrip(),
        "```",
        "",
        "示例：",
        "",
    ]
    for ex in rule.examples:
        if not ex.expect:
            lines.append(f"- {ex.name}：不报告")
        for want in ex.expect:
            what = want.message or f"{want.locations or ''} 个位置".strip()
            lines.append(f"- {ex.name}：{SEVERITY_ZH.get(want.severity or '', '')} {what}".rstrip())
    return "\n".join(lines) + "\n"


def rules_markdown(rules: list[Rule]) -> str:
    out = [
        "# 审核规则",
        "",
        "本文件由 `audit rules docs` 根据 `rules/*.yaml` 自动生成，请勿手工修改；修改规则后重新生成。",
        "",
        "| 规则 | 类别 | 级别 | 说明 |",
        "| --- | --- | --- | --- |",
    ]
    for r in rules:
        out.append(f"| [{r.id}](#{r.id}) | {r.category} | {SEVERITY_ZH[r.severity]} | {r.title} |")
    out.append("")
    for r in rules:
        out.append(f'<a id="{r.id}"></a>')
        out.append("")
        out.append(explain(r))
    return "\n".join(out)
