"""County statistics: per group (县区) and for the whole run, how many reports came in and how they
fared, the findings by category and by rule, and the sums of the main figures.

Each input becomes a small `Record` in the worker; `tally` adds the records up in the parent;
`sections` lays the totals out as plain tables, which the workbook's 统计 sheet and index.html both
show, so that the two cannot disagree. A blank figure is never a zero: it is left out of the sum
and counted beside it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..findings import CATEGORIES, CATEGORY_ZH, SEVERITIES, SEVERITY_ZH, VERDICTS  # 未报送 is a status here

if TYPE_CHECKING:
    from ..model import Report
    from .protocol import Audited

NO_GROUP = "未分组"
TOTAL = "合计"
TOP = 10
STATUSES = (("audited", "已审核"), ("unreadable", "无法读取"), ("missing", "未报送"))
NA = "—"

Number = int | float


@dataclass(frozen=True)
class Figure:
    """One of the figures a county sums over its units: a cell, or the sum of cells, of one table."""

    title: str
    table: str
    rows: tuple[str, ...]  # summed; the figure is unknown unless every one is known
    column: str
    by_layout: tuple[tuple[str, str], ...] = ()  # (layout, column) where a layout names it otherwise

    def column_for(self, layout: str) -> str:
        return dict(self.by_layout).get(layout, self.column)


FIGURES = (
    Figure("本年新收申请", "requests", ("new_received",), "total"),
    Figure("办理结果总计", "requests", ("results_total",), "total"),
    Figure("行政复议", "appeals", ("review",), "total"),
    Figure("行政诉讼", "appeals", ("direct_suit", "suit_after_review"), "total"),
    # The 2019 format has no 本年制发: its 本年新制作数量 is the same count.
    Figure("主动公开规范性文件", "active", ("normative_documents",), "issued", (("2019", "made"),)),
)


@dataclass(frozen=True, slots=True)
class Record:
    """What the statistics need of one input: small and picklable, built in the worker."""

    group: str | None
    status: str  # audited | unreadable | missing
    verdict: str
    # (rule, title, category, severity, count), accepted ones left out. The title is the finding's:
    # a rule's "could not verify" outcome has its own, and must not read as the fault itself.
    findings: tuple[tuple[str, str, str, str, int], ...]
    accepted: int  # findings the reviewer accepted
    figures: tuple[Number | None, ...]  # one per FIGURES; None: blank, missing, uncertain or no table


def record(audited: Audited) -> Record:
    result, rules = audited.result, audited.ruleset.by_id
    counts: Counter[tuple[str, str, str, str]] = Counter(
        (f.rule, rules[f.rule].title_of(f) if f.rule in rules else f.rule, f.category, f.severity)
        for f in result.findings if not f.accepted)
    return Record(group=result.group, status=result.status, verdict=result.verdict,
                  findings=tuple((*key, n) for key, n in sorted(counts.items())),
                  accepted=sum(1 for f in result.findings if f.accepted),
                  figures=tuple(figure_value(audited.report, f) for f in FIGURES))


def figure_value(report: Report | None, figure: Figure) -> Number | None:
    """The figure as the report gives it, or None where any cell it needs is not a plain number."""
    table = report.tables.get(figure.table) if report is not None else None
    if table is None:
        return None
    column = figure.column_for(table.layout)
    total: Number = 0
    for row in figure.rows:
        cell = table.rows.get(row, {}).get(column)
        if cell is None or cell.value is None or cell.missing or cell.uncertain:
            return None  # a blank is not a zero, and a value of doubtful column is no value
        total += cell.value
    return total


@dataclass
class Tally:
    """The records of one group (or of the whole run) added up."""

    units: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    verdicts: Counter[str] = field(default_factory=Counter)
    severities: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    rules: Counter[tuple[str, str]] = field(default_factory=Counter)  # (rule, title) -> findings
    rule_categories: dict[tuple[str, str], str] = field(default_factory=dict)
    accepted: int = 0
    sums: list[Number] = field(default_factory=lambda: [0] * len(FIGURES))
    known: list[int] = field(default_factory=lambda: [0] * len(FIGURES))  # units whose figure was added

    def add(self, r: Record) -> None:
        self.units += 1
        self.statuses[r.status] += 1
        self.verdicts[r.verdict] += 1
        self.accepted += r.accepted
        for rule, title, category, severity, n in r.findings:
            self.severities[severity] += n
            self.categories[category] += n
            self.rules[rule, title] += n
            self.rule_categories.setdefault((rule, title), category)
        for i, value in enumerate(r.figures):
            if value is not None:
                self.sums[i] += value
                self.known[i] += 1

    def unknown(self, i: int) -> int:
        """Units whose figure `i` is not in the sum: blank, not readable, or no report at all."""
        return self.units - self.known[i]

    def top(self, n: int = TOP) -> list[tuple[tuple[str, str], int]]:
        """The rules (with the title found) with the most findings, most first; ties by rule id."""
        return sorted(self.rules.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


@dataclass
class Statistics:
    groups: list[tuple[str, Tally]]  # by name, 未分组 last
    total: Tally


def tally(records: Iterable[Record]) -> Statistics:
    groups: dict[str, Tally] = {}
    total = Tally()
    for r in records:
        groups.setdefault(r.group or NO_GROUP, Tally()).add(r)
        total.add(r)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == NO_GROUP, kv[0]))
    return Statistics(ordered, total)


Cell = str | Number


@dataclass(frozen=True)
class Section:
    """One table of the statistics, as both the sheet and the page show it."""

    title: str
    header: tuple[str, ...]
    rows: list[tuple[Cell, ...]]
    note: str = ""
    # The chart of findings per category per group: each row a category (label first), the group
    # columns from `chart_from` on.
    chart_from: int | None = None


def sections(stats: Statistics) -> list[Section]:
    """The statistics as tables: reports and verdicts, the figures, findings by category and by rule,
    the most frequent findings."""
    named = [*stats.groups, (TOTAL, stats.total)]
    group_names = [g for g, _ in stats.groups]
    out = [Section(
        "报送与审核结论",
        ("分组", "单位数", *(zh for _, zh in STATUSES), *VERDICTS, *(SEVERITY_ZH[s] for s in SEVERITIES), "已接受"),
        [(g, t.units, *(t.statuses[s] for s, _ in STATUSES), *(t.verdicts[v] for v in VERDICTS),
          *(t.severities[s] for s in SEVERITIES), t.accepted) for g, t in named],
        "错误、警告、提示为问题条数，不含审核人员已接受的问题（另列为“已接受”）；无法读取的报告结论为需退回修改。")]
    header: list[str] = ["分组", "单位数"]
    for f in FIGURES:
        header += [f.title, "未计入单位"]
    rows: list[tuple[Cell, ...]] = []
    for g, t in named:
        row: list[Cell] = [g, t.units]
        for i in range(len(FIGURES)):
            row += [t.sums[i] if t.known[i] else NA, t.unknown(i)]
        rows.append(tuple(row))
    out.append(Section(
        "主要数据合计", tuple(header), rows,
        "本年新收申请、办理结果总计为表三“总计”列；行政复议、行政诉讼为表四的“总计”（行政诉讼为未经复议直接起诉与复议后起诉之和）；"
        "主动公开规范性文件为表二的本年制发件数（2019 年试行版为本年新制作数量）。"
        "空白单元格不计为 0：数值空白、缺失、无法读取或未报送的单位不计入合计，其个数列在“未计入单位”中。"))
    categories = [c for c in CATEGORIES if stats.total.categories[c]]
    out.append(Section(
        "各类问题数", ("问题类别", TOTAL, *group_names),
        [(CATEGORY_ZH[c], stats.total.categories[c], *(t.categories[c] for _, t in stats.groups))
         for c in categories],
        "不含已接受的问题。" if categories else "未发现问题。", chart_from=2))
    rules = [key for key, _ in stats.total.top(len(stats.total.rules))]
    out.append(Section(
        "各规则问题数", ("规则", "标题", "类别", TOTAL, *group_names),
        [(*key, CATEGORY_ZH[stats.total.rule_categories[key]], stats.total.rules[key],
          *(t.rules[key] for _, t in stats.groups)) for key in rules],
        "不含已接受的问题；同一规则的“无法核对”等另列一行。" if rules else "未发现问题。"))
    top: list[tuple[Cell, ...]] = []
    for g, t in [(TOTAL, stats.total), *stats.groups]:
        top += [(g, i, *key, n) for i, (key, n) in enumerate(t.top(), start=1)]
    out.append(Section(f"最常见的{TOP}个问题", ("范围", "名次", "规则", "标题", "次数"), top,
                       "按规则计（“无法核对”等另计）；次数相同的按规则编号排列。"))
    return out
