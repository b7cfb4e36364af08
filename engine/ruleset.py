"""Rule files: their schema, loading with `file:line: key` errors, and running them on a report.

A rule is data (rules/*.yaml): id, title, category, severity, message template, legal basis,
what to fix, where it applies, a check `kind` with its parameters, and examples. The check kinds
are the Python functions in engine/checks/.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .across import CopyParams
from .checks import kinds
from .checks.base import (
    PASSED,
    CompiledPath,
    Context,
    DocumentLayout,
    LayoutName,
    Params,
    Ref,
    SectionKey,
    TableKey,
)
from .findings import SEVERITIES, Category, Finding, Location, Pass, Severity
from .model import Cell, Report
from .names import TABLE_NAMES
from .problems import FileProblems
from .render import FAMILIES
from .template import Template, layout_for_year, layouts, load_template, table_keys, templates
from .yamlpos import YamlProblem, line_of, load_with_positions

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _d(text: str, default: Any = ..., **kw: Any) -> Any:
    """A field with its description for rule writers (Chinese: it shows in the JSON schema and
    the guide, docs/writing-rules.md)."""
    return Field(default, description=text, **kw)


class YearRange(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    from_: int | None = _d("从哪一个报告年度起（含）；不写表示不限。", None, alias="from")
    to: int | None = _d("到哪一个报告年度止（含）；不写表示不限。", None)


class AppliesTo(_Strict):
    layouts: list[DocumentLayout] | None = _d(
        "只对这些统计表格式的报告运行：模板中的格式（如 2021、2019），或 mixed（混用）、unknown（未识别）；"
        "不写表示全部。", None)
    years: YearRange | None = _d("只对这些报告年度运行，如 {from: 2021}。", None)
    unit_kinds: list[Literal["township", "department", "county_government"]] | None = _d(
        "只对这些单位类型运行：township（乡镇、街道）、department（政府部门）、"
        "county_government（县级以上人民政府）。", None)


class Outcome(_Strict):
    severity: Severity = _d("这种结果的级别：error、warning 或 info。")
    message: str = _d("这种结果的提示信息模板，占位符见检查类型说明。")
    title: str | None = _d("这种结果的标题，与规则标题不同时填写（如“……无法核对”）。", None)


class ExampleGiven(_Strict):
    """A small report built for an example: the all-zero report of a layout, changed as said."""

    layout: LayoutName = _d("示例报告的统计表格式。", "2021")
    family: Literal[FAMILIES] = _d(  # type: ignore[valid-type]
        "统计表写成哪种文本形态：tab-grid（制表符分隔）、cell-per-line、pipe-rows、cell-pipe、space-grid。", "tab-grid")
    year: int = _d("报告年度。", 2022)
    agency: str = _d("单位名称（决定单位类型）；写空字符串表示认不出单位。", "江左镇人民政府")
    published: str | None = _d("发布日期，YYYY-MM-DD；不写表示页面未写明。", None)
    cells: dict[str, int | float | str | None] = _d(
        "要改的单元格：表.行.列（如 requests.new_received.total）对应数值、null（空白）或原文（如 “/”）；"
        "其余单元格为 0。", {})
    tables: dict[TableKey, LayoutName | None] = _d("某张表改用另一种格式，或写 null 让这张表缺失。", {})
    sections: dict[SectionKey, str | None] = _d("某部分的正文；写 null 让整个部分（连同标题）缺失。", {})
    headings: dict[SectionKey, str] = _d("某部分的标题改写成的样子。", {})
    replace: dict[str, str] = _d("在生成的报告文本中做的替换：原文 → 新文字（原文必须出现）。", {})
    text: str | None = _d("直接给出整份报告的文本，代替以上各项。", None)
    group: str | None = _d("报告所属的分组（县区），如同放在该名称的子文件夹中。", None)
    last_year: ExampleGiven | None = _d(
        "同一单位上一年度的报告，写法同 given；年度默认为本年减 1，单位默认相同。跨年度规则用。", None)
    others: list[ExampleGiven] = _d("同一批次中的其他报告，写法同 given（一般要写 agency）。内容雷同、重复报送规则用。", [])
    roster: Any = _d("本批次的名单，写法同 --roster 的 YAML 名单（如 [{单位: 江左镇}, {单位: 江右镇}]）。名单规则用。", None)


ExampleGiven.model_rebuild()


class Expected(_Strict):
    severity: Severity | None = _d("应报告的级别；不写表示不核对。", None)
    message: str | None = _d("应报告的完整信息；不写表示不核对。", None)
    locations: int | None = _d("应有几个位置（单元格、行或部分）；不写表示不核对。", None)


class Example(_Strict):
    name: str = _d("示例名称，说明这个示例在试什么。")
    given: ExampleGiven = _d(
        "示例报告：默认是一份统计表全为 0、六个部分齐全的 2021 年度报告，按这里所写修改。", ExampleGiven())
    expect: list[Expected] = _d("应报告的结果，按级别排序；写 [] 表示不应报告任何问题。")
    passes: list[str] | None = _d(
        "报告满足规则时，检查找到的满足规则的原文（audit run --explain-passes 所显示的句子）；"
        "不写表示不核对，写 [] 表示不应找到。", None)


# One model per check kind, told apart by `kind` (a union built from the modules found). The type
# checker cannot see a union built at run time: to it a check is the parameter base class.
if TYPE_CHECKING:
    from .across import Across, Missing

    Check = Params
else:
    Check = Annotated[Union[tuple(m.Params for m in kinds().values())], Field(discriminator="kind")]  # noqa: UP007


class Rule(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
                             description="规则编号：小写字母、数字和连字符，如 county-key-points；不能与已有规则重复。")]
    title: str = _d("规则标题，一句话说明查什么问题。")
    category: Category = _d("问题类别，取固定的几类之一（见 docs/contract.md），审核清单按类别分列。")
    severity: Severity = _d("级别：error（必须整改）、warning（很可能有问题）、info（提示）。")
    message: str = _d("提示信息模板（中文，能单独看懂），{占位符} 由检查类型填入，见检查类型说明。")
    basis: str = _d("依据：文件与条款；可写 {format}，表示报告所用统计表格式的文号。")
    fix: str = _d("整改要求：告诉报送单位怎么改。")
    applies_to: AppliesTo = _d("适用范围：格式、年度、单位类型；不写表示全部报告。", AppliesTo())
    check: Check = Field(description="检查类型 kind 及其参数，见检查类型说明。")
    outcomes: dict[str, Outcome] = _d("检查类型的其他结果（如 unverifiable 无法核对）各自的级别和信息。", {})
    examples: Annotated[list[Example], Field(
        min_length=1, description="可运行的示例，至少一个；audit rules check 运行它们。")]

    def basis_for(self, layout: str | None = None, year: int | None = None) -> str:
        """The legal basis as a report reads it: `{format}` names the format the report follows
        (国办公开办函〔2019〕60号 for a 2019-layout report), else the one its year calls for."""
        if "{format}" not in self.basis:
            return self.basis
        chosen = layout if layout in layouts() else layout_for_year(year)
        return self.basis.replace("{format}", load_template(chosen).basis)

    def title_of(self, finding: Finding) -> str:
        outcome = self.outcomes.get(finding.outcome or "")
        return outcome.title if outcome and outcome.title else self.title

    @property
    def module(self) -> ModuleType:
        return kinds()[self.check.kind]

    def applies(self, report: Report) -> bool:
        a = self.applies_to
        if a.layouts is not None and report.layout not in a.layouts:
            return False
        if a.years is not None:
            y = report.meta.year
            if y is None or (a.years.from_ is not None and y < a.years.from_) or (a.years.to is not None and y > a.years.to):
                return False
        if a.unit_kinds is not None and report.meta.unit_kind not in a.unit_kinds:
            return False
        return True

    def findings(self, report: Report, ctx: Context, passes: list[Pass] | None = None) -> list[Finding]:
        """The rule's findings; where the check shows what satisfied it, that goes to `passes`."""
        out = []
        for hit in self.module.run(report, self.check, ctx):
            if hit.outcome == PASSED:
                if passes is not None:
                    passes.append(Pass(rule=self.id, category=self.category, title=self.title,
                                       quote=hit.evidence.get("quote", ""), locations=hit.locations))
                continue
            severity, template = (self.severity, self.message) if hit.outcome == "default" else (
                self.outcomes[hit.outcome].severity, self.outcomes[hit.outcome].message)
            message = template.format(**hit.values) + _inferred_note(report, hit.locations)
            out.append(Finding(rule=self.id, category=self.category, severity=severity,
                               message=message, locations=hit.locations,
                               evidence=hit.evidence, outcome=None if hit.outcome == "default" else hit.outcome))
        return out


def _inferred_note(report: Report, locations: Iterable[Location]) -> str:
    """Where a finding rests on cells cut out of digits written together, it says so: the reading
    is certain by the rule, but the reviewer should see the source."""
    runs: dict[int | None, str] = {}
    for loc in locations:
        table = report.tables.get(loc.table) if loc.table else None
        cell = table.rows.get(loc.row, {}).get(loc.column) if table and loc.row and loc.column else None
        if cell is not None and cell.inferred:
            runs.setdefault(cell.line, cell.raw)
    if not runs:
        return ""
    quoted = "、".join(f"第 {n} 行“{raw}”" if n else f"“{raw}”" for n, raw in list(runs.items())[:3])
    more = f"等 {len(runs)} 处" if len(runs) > 3 else ""
    return f"（注意：所涉数值中有从连写的数字拆分出来的，见{quoted}{more}；原表各列未分开，请核对。）"


class RuleFile(_Strict):
    rules: list[Rule]


class RuleError(FileProblems):
    """Rule or config files that cannot be used; `problems` are `file:line: key: what` lines."""


@dataclass(frozen=True)
class LoadedRule:
    rule: Rule
    file: str
    line: int | None


# ------------------------------------------------------------------------------------ loading


def load_rules(dirs: list[Path] | None = None) -> list[LoadedRule]:
    """Every rule of every *.yaml file in `dirs` (default: the project's rules/), validated."""
    dirs = dirs or [RULES_DIR]
    problems: list[str] = []
    loaded: list[LoadedRule] = []
    for d in dirs:
        d = Path(d)
        if not d.is_dir():
            problems.append(f"{d}: 规则目录不存在")
            continue
        for path in sorted(d.rglob("*.yaml")) + sorted(d.rglob("*.yml")):
            loaded += _load_file(path, problems)
    seen: dict[str, LoadedRule] = {}
    for lr in loaded:
        if lr.rule.id in seen:
            first = seen[lr.rule.id]
            problems.append(f"{lr.file}:{lr.line}: id: 规则 {lr.rule.id} 重复（{first.file}:{first.line} 已定义）")
        seen[lr.rule.id] = lr
    if problems:
        raise RuleError(problems)
    return loaded


def _load_file(path: Path, problems: list[str]) -> list[LoadedRule]:
    try:
        data, root = load_with_positions(path.read_text(encoding="utf-8"))
    except YamlProblem as p:
        problems.append(f"{path}:{p.line}: {p.message}")
        return []
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: 无法读取：{exc}")
        return []
    try:
        parsed = RuleFile.model_validate(data if data is not None else {})
    except ValidationError as exc:
        problems += [format_error(path, root, err) for err in exc.errors()]
        return []
    out = []
    for i, rule in enumerate(parsed.rules):
        before = len(problems)
        _cross_check(rule, path, root, i, problems)
        if len(problems) == before:
            out.append(LoadedRule(rule, str(path), line_of(root, ["rules", i])))
    return out


def _cross_check(rule: Rule, path: Path, root: yaml.Node | None, i: int, problems: list[str]) -> None:
    """What the schema alone cannot say: outcomes and placeholders that fit the check kind."""
    module = rule.module
    # a kind may report an outcome only with some parameters (text_present's `mentions`)
    wanted, given = set(getattr(module, "outcomes", lambda _: module.OUTCOMES)(rule.check)), set(rule.outcomes)
    for name in sorted(wanted - given):
        problems.append(f"{path}:{line_of(root, ['rules', i, 'check'])}: outcomes: 检查类型 {rule.check.kind} "
                        f"还会报告“{name}”，需要为它写 outcomes.{name}（severity 与 message）")
    for name in sorted(given - wanted):
        problems.append(f"{path}:{line_of(root, ['rules', i, 'outcomes', name])}: outcomes.{name}: "
                        f"检查类型 {rule.check.kind} 没有这种结果" + ("（按现在的参数）" if name in module.OUTCOMES else "")
                        + f"，可用：{', '.join(sorted(wanted)) or '无'}")
    templates = [("message", "default", rule.message)] + [
        (f"outcomes.{k}.message", k, o.message) for k, o in rule.outcomes.items() if k in wanted]
    try:
        used = {name for _, name, _, _ in string.Formatter().parse(rule.basis) if name}
    except ValueError:
        used = set()
    for name in sorted(used - {"format"}):
        problems.append(f"{path}:{line_of(root, ['rules', i, 'basis'])}: basis: "
                        f"未知的占位符 {{{name}}}，依据中只能用 {{format}}（报告所用格式的文号）")
    for where, what in reference_problems(rule):
        loc = ["rules", i, "check", *where]
        problems.append(f"{path}:{line_of(root, loc)}: check.{dotted_path(where)}: {what}")
    for key, outcome, template in templates:
        allowed = module.PLACEHOLDERS[outcome]
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        except ValueError as exc:
            problems.append(f"{path}:{line_of(root, ['rules', i] + key.split('.'))}: {key}: 模板格式错误：{exc}")
            continue
        for name in sorted(used - allowed):
            problems.append(f"{path}:{line_of(root, ['rules', i] + key.split('.'))}: {key}: "
                            f"未知的占位符 {{{name}}}，可用：{', '.join('{' + a + '}' for a in sorted(allowed))}")


def basis_in_general(basis: str) -> str:
    """A basis for the rule's documentation: `{format}` as every format with the years it serves."""
    if "{format}" not in basis:
        return basis
    newest, *older = templates().values()
    others = "；".join(f"{'、'.join(str(y) for y in range(t.years[0], t.years[1] + 1))} 年度报告为{t.basis}"
                      for t in older if t.years[0] and t.years[1])
    return basis.replace("{format}", f"{newest.basis}（{others}）" if others else newest.basis)


def reference_problems(rule: Rule) -> list[tuple[tuple[str | int, ...], str]]:
    """Keys of the templates that the rule's check names and that no layout it applies to has
    (a row `corected` for `corrected`), and cell paths that select nothing: (where in the
    check's parameters, what is wrong)."""
    wanted = [lay for lay in (rule.applies_to.layouts or layouts()) if lay in layouts()] or list(layouts())
    chosen = [load_template(lay) for lay in wanted]
    out = []
    for ref in getattr(rule.module, "references", lambda params: ())(rule.check):
        what = _missing(ref, chosen)
        if what:
            out.append((ref.path, what))
    for name, value in rule.check:
        if isinstance(value, CompiledPath) and not any(value.compiled.find(_cells_view(t)) for t in chosen):
            out.append(((name,), f"路径“{value}”在{'、'.join(t.name for t in chosen)}的统计表中选不到任何单元格"))
    return out


def _missing(ref: Ref, chosen: list[Template]) -> str | None:
    tables = [t.tables[ref.table] for t in chosen if ref.table in t.tables]
    name = TABLE_NAMES.get(ref.table, ref.table)
    if not tables:
        return f"没有表“{ref.table}”，可用：{', '.join(table_keys())}"
    rows = {r.key for t in tables for _, r in t.rows()}
    columns = {c.key for t in tables for b in t.blocks for c in b.columns}
    if ref.row is not None and ref.row not in rows:
        return f"{name}中没有行“{ref.row}”，可用：{', '.join(sorted(rows))}"
    if ref.column is not None and ref.column not in columns:
        return f"{name}中没有列“{ref.column}”，可用：{', '.join(sorted(columns))}"
    if ref.row is not None and ref.column is not None and not any(
            r.key == ref.row and any(c.key == ref.column for c in b.columns) for t in tables for b, r in t.rows()):
        return f"{name}的行“{ref.row}”没有列“{ref.column}”"
    return None


def _cells_view(template: Template) -> dict[str, Any]:
    """The shape a cell path is run on (checks.base.Context.view), every cell present."""
    cell = Cell(0, "0", None)
    return {"meta": {}, "layout": template.layout, "sections": {},
            "tables": {key: {"layout": template.layout,
                             "rows": {row.key: {col.key: cell for col in block.columns} for block, row in t.rows()}}
                       for key, t in template.tables.items()}}


_ERRORS_ZH = {
    "missing": "缺少必填项",
    "extra_forbidden": "不认识的键（拼写错误？）",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "list_type": "应为列表",
    "dict_type": "应为键值对",
    "model_type": "应为键值对",
    "bool_type": "应为 true 或 false",
    "string_pattern_mismatch": "格式不对（规则 id 只用小写字母、数字和连字符）",
    "too_short": "至少需要一项",
}


def dotted_path(where: Iterable[str | int]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in where).lstrip(".")


def format_error(path: Path | str | None, root: yaml.Node | None, err: Mapping[str, Any]) -> str:
    kind = err["type"]
    # pydantic puts the check kind (a union tag) in the path; it is not a key of the file
    loc = [p for p in err["loc"] if p not in kinds() and not (isinstance(p, str) and p.endswith("]"))]
    key = ".".join(str(p) for p in loc) or "(文件)"
    if kind == "union_tag_invalid":
        loc = loc + ["kind"]
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", err["ctx"].get("expected", ""))  # pydantic says "'a', 'b' or 'c'"
        what = f"取值“{err.get('input')}”不在允许范围内，可用：{'、'.join(allowed)}"
    elif kind == "union_tag_invalid":
        what = f"未知的检查类型 kind：{err['ctx'].get('tag')}，可用：{', '.join(sorted(kinds()))}"
    elif kind == "union_tag_not_found":
        what = "缺少 kind（检查类型）"
    elif kind == "value_error":
        what = str(err.get("ctx", {}).get("error", err["msg"]))
    else:
        what = _ERRORS_ZH.get(kind, err["msg"])
    return f"{path}:{line_of(root, loc)}: {key}: {what}"


# ------------------------------------------------------------------------------------ running


class RuleSet:
    def __init__(self, rules: list[Rule], originals: dict[str, Rule] | None = None, note: str = "") -> None:
        self.rules = rules
        self.by_id = {r.id: r for r in rules}
        self.originals = originals or {}  # rules a config changed, as their files define them
        self.note = note  # which rules ran, where not the national ones (--no-default-rules)

    def unreadable(self, reason: str) -> list[Finding]:
        """The findings for a file that could not be read: the rules of kind `unreadable`."""
        return [Finding(rule=r.id, category=r.category, severity=r.severity, message=r.message.format(reason=reason))
                for r in self.rules if r.check.kind == "unreadable"]

    def missing(self, missing: Missing) -> list[Finding]:
        """The findings for a unit of the roster that sent no report: the rules of kind `roster_missing`."""
        values = {"unit": missing.unit, "group": missing.group or "未分组", "year": missing.year or "本",
                  "roster": missing.roster}
        return [Finding(rule=r.id, category=r.category, severity=r.severity, message=r.message.format(**values),
                        locations=[Location(path=missing.roster, line=missing.line)],
                        evidence={"unit": missing.unit, "group": missing.group, "kind": missing.kind,
                                  "year": missing.year})
                for r in self.rules if r.check.kind == "roster_missing"]

    def copy_params(self) -> CopyParams | None:
        """What the copied-text rules need compared, or None when the set has none."""
        params = [r.check for r in self.rules if r.check.kind == "copied_text"]
        if not params:
            return None
        return CopyParams(
            sections=tuple(dict.fromkeys(s for p in params for s in p.sections)),  # type: ignore[attr-defined]
            threshold=min(p.threshold for p in params),  # type: ignore[attr-defined]
            min_chars=min(p.min_chars for p in params),  # type: ignore[attr-defined]
            ignore=tuple(dict.fromkeys(w for p in params for w in p.ignore)),  # type: ignore[attr-defined]
        )

    def run(self, report: Report, across: Across | None = None, previous: Report | None = None,
            passes: list[Pass] | None = None) -> list[Finding]:
        """The findings of every rule that applies; `across` and `previous` (the same unit's report
        of the year before) come from the run's other reports, where there are any. Given a list,
        `passes` receives what satisfied the rules whose checks can show it."""
        ctx = Context(report, across, previous)
        findings: list[Finding] = []
        for rule in self.rules:
            if rule.applies(report):
                findings += rule.findings(report, ctx, passes)
        rank = {s: i for i, s in enumerate(SEVERITIES)}
        return sorted(findings, key=lambda f: rank[f.severity])  # stable: rule order within a severity


def with_overrides(rule: Rule, severity: str | None = None, params: dict | None = None) -> Rule:
    """A copy of `rule` with its severity or check parameters changed (config files)."""
    data = rule.model_dump(by_alias=True)
    if severity:
        data["severity"] = severity
    if params:
        data["check"] = _merge(data["check"], params)
    return Rule.model_validate(data)


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        return {**base, **{k: _merge(base.get(k), v) for k, v in extra.items()}}
    return extra
