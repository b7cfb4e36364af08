"""Rule documentation generated from the rules' own metadata (docs/rules.md, `audit rules explain`)
and the guide to writing rules (docs/writing-rules.md: engine/guide.md, then every check kind
described from its module: summary, parameters with their descriptions, placeholders, outcomes)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml
from pydantic import BaseModel

from .checks import kinds
from .findings import CATEGORIES, SEVERITY_ZH
from .ruleset import ExampleGiven, Rule, basis_in_general

GUIDE = Path(__file__).with_name("guide.md")
KINDS_MARK = "<!-- 检查类型 -->"



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
        lines.append(f"- 另一种结果 `{name}`：{title}{SEVERITY_ZH[outcome.severity]}（{outcome.severity}），"
                     f"`{outcome.message}`")
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


def writing_rules() -> str:
    """docs/writing-rules.md: the hand-written steps, then the reference of every check kind."""
    head = GUIDE.read_text(encoding="utf-8")
    head = head.replace("@categories@", "、".join(f"`{c}`" for c in CATEGORIES))
    head = head.replace("@given@", "；".join(f"`{name}`（{field.description}）"
                                             for name, field in ExampleGiven.model_fields.items()))
    out = [head.replace(KINDS_MARK, "").rstrip(), "", "## 检查类型一览", "",
           "每条规则的 `check.kind` 取下列之一；参数写在 `check` 下，与 `kind` 并列。", ""]
    for name, module in sorted(kinds().items()):
        out += _kind_section(name, module)
    return "\n".join(out).rstrip() + "\n"


def _kind_section(name: str, module: ModuleType) -> list[str]:
    out = [f"### `{name}`", "", module.SUMMARY, "", "| 参数 | 必填 | 默认 | 说明 |", "| --- | --- | --- | --- |"]
    for field_name, field in module.Params.model_fields.items():
        if field_name == "kind":
            continue
        key = field.alias or field_name
        required = field.is_required()
        default = "" if required else _shown(field.get_default(call_default_factory=True))
        out.append(f"| `{key}` | {'是' if required else '否'} | {default} | {field.description or ''} |")
    for nested in _nested_models(module.Params):
        out += ["", f"`{nested.__name__}` 的各项：", "", "| 参数 | 必填 | 说明 |", "| --- | --- | --- |"]
        for field_name, field in nested.model_fields.items():
            needed = "是" if field.is_required() else "否"
            out.append(f"| `{field.alias or field_name}` | {needed} | {field.description or ''} |")
    out += ["", "提示信息中可用的占位符：" + _placeholders(module.PLACEHOLDERS["default"])]
    for outcome in module.OUTCOMES:
        out.append(f"另一种结果 `{outcome}`（需在 `outcomes.{outcome}` 中写级别和信息）的占位符："
                   + _placeholders(module.PLACEHOLDERS[outcome]))
    return out + [""]


def _placeholders(names: Iterable[str]) -> str:
    return "、".join(f"`{{{n}}}`" for n in sorted(names)) or "无"


def _shown(value: Any) -> str:
    if value is None:
        return ""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000).strip()
    return f"`{text.removesuffix('...').strip()}`"


def _nested_models(params: type[BaseModel]) -> list[type[BaseModel]]:
    """Models used inside a kind's parameters (narrative_number's statements), each once."""
    found: list[type[BaseModel]] = []
    for field in params.model_fields.values():
        for arg in [field.annotation, *getattr(field.annotation, "__args__", ())]:
            for inner in [arg, *getattr(arg, "__args__", ())]:
                if isinstance(inner, type) and issubclass(inner, BaseModel) and inner not in found:
                    found.append(inner)
    return found
