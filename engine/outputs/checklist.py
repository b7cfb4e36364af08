"""OUT/checklist.md and OUT/checklist.xlsx: the county-level review checklist.

One table (sheet) per group, one row per unit, one column per check family, each marked
✓ / ✗ / ⚠ / —, with the error and warning counts and the verdict; a summary line per group.
The workbook adds a sheet of every finding, filterable, and the county statistics (统计)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, TypeVar

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from ..findings import CATEGORY_ZH, SEVERITY_ZH
from .families import BAD, FAMILIES, LEGEND, NA, OK, WARN, marks
from .ledger import Ledger, counted, group_order, unit_order, write_lines
from .markdown import md
from .protocol import Audited, Run, Target
from .statistics import NO_GROUP, Record, Section, record, sections

if TYPE_CHECKING:
    from ..batch import Summary
    from ..findings import Finding

HEADER = ["序号", "单位", "年度"] + [name for name, _ in FAMILIES] + ["错误", "警告", "结论", "文件"]
FILLS = {OK: "C6EFCE", BAD: "FFC7CE", WARN: "FFEB9C", NA: "EDEDED"}


@dataclass(frozen=True, slots=True)
class Row:
    """What the checklist and the workbook need of one report. Every report's row is kept until
    the end (rows are grouped and sorted), so it stays small: no full findings, no model."""

    path: str | None  # None: a unit of the roster that sent no report
    group: str | None
    agency: str | None
    year: int | None
    status: str
    verdict: str
    counts: dict[str, int]
    marks: tuple[str, ...]  # one per checklist family
    # (severity, category, rule, message, lines) for the workbook
    findings: tuple[tuple[str, str, str, str, str], ...]
    stats: Record  # for the 统计 sheet (engine/outputs/statistics.py)
    accepted: int = 0  # findings the reviewer's baseline accepts: shown beside the verdict, not counted


# One report as the checklist, the workbook and the terminal's table read it.
Unit = TypeVar("Unit", Row, "Summary")


class Checklist:
    """The output: checklist.md and checklist.xlsx, both from the same rows."""

    targets = (Target("checklist.md"), Target("checklist.xlsx"))

    def part(self, audited: Audited) -> Row:
        r = audited.result
        return Row(path=r.path, group=r.group, agency=r.agency, year=r.year, status=r.status, verdict=r.verdict,
                   counts=r.counts, marks=tuple(marks(r)),
                   findings=tuple(_listed(f) for f in sorted(r.findings, key=lambda f: f.accepted)),  # accepted last
                   stats=record(audited), accepted=r.accepted)

    def writer(self, staging: Path, run: Run) -> ChecklistWriter:
        return ChecklistWriter(staging)


class ChecklistWriter:
    def __init__(self, staging: Path) -> None:
        self.staging = staging
        self.rows: Ledger[Row] = Ledger(lambda r: r, lambda r: r.stats)

    def add(self, part: Row) -> None:
        self.rows.add(part)

    def finish(self) -> None:
        md_target, xlsx_target = Checklist.targets
        write_lines(self.staging / md_target.name, checklist_md(self.rows))
        checklist_xlsx(self.rows, self.staging / xlsx_target.name)
        self.rows.close()

    def abandon(self) -> None:
        self.rows.close()


def by_group(results: Iterable[Unit]) -> list[tuple[str, list[Unit]]]:
    """In memory, the order the checklist lists units in (engine/outputs/ledger.py keeps it on disk)."""
    groups: dict[str, list[Unit]] = {}
    for r in results:
        groups.setdefault(r.group or NO_GROUP, []).append(r)
    ordered = sorted(groups.items(), key=lambda kv: group_order(kv[0]))
    return [(g, sorted(rs, key=unit_order)) for g, rs in ordered]


def summary_line(results: Iterable[Row] | Iterable[Summary]) -> str:
    return counted(results).line()


def unit_name(r: Row | Summary) -> str:
    """The unit, or where it was not recognised the file, so that rows can be told apart."""
    return r.agency or f"（未识别单位：{PurePath(r.path or '').name}）"


def _listed(f: Finding) -> tuple[str, str, str, str, str]:
    """A finding as the workbook's 全部问题 sheet lists it: one accepted by the reviewer says so."""
    message = f"［已接受：{f.note or '未写明理由'}］{f.message}" if f.accepted else f.message
    lines = "、".join(str(n) for n in sorted({loc.line for loc in f.locations if loc.line and not loc.elsewhere}))
    return (f.severity, f.category, f.rule, message, lines)


def _row(i: int, r: Row) -> list[object]:
    return [i, unit_name(r), r.year or ""] + list(r.marks) + [
        r.counts.get("error", 0), r.counts.get("warning", 0),
        r.verdict + (f"（另有已接受 {r.accepted} 项）" if r.accepted else ""), r.path or "（未报送）"]


def checklist_md(rows: Ledger[Row]) -> Iterator[str]:
    """checklist.md line by line, read from the ledger as it is written."""
    yield from ["# 政府信息公开工作年度报告审核清单", "", LEGEND, ""]
    for group, counts, rs in rows.groups():
        yield from [f"## {md(group)}", "", counts.line(), ""]
        yield "| " + " | ".join(HEADER) + " |"
        yield "|" + " --- |" * len(HEADER)
        for i, r in enumerate(rs, start=1):
            yield "| " + " | ".join(md(x) for x in _row(i, r)) + " |"
        yield ""
    yield from ["## 合计", "", rows.counts.line()]


def checklist_xlsx(rows: Ledger[Row], path: Path) -> None:
    # constant_memory streams each row out as it is written: cheap even for thousands of units. Text is
    # written as text: a folder called `=1+1` or `http://…` is a name, not a formula or a link.
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"created": dt.datetime(2000, 1, 1)})  # the same workbook from run to run
    bold = wb.add_format({"bold": True})
    fills = {mark: wb.add_format({"bg_color": f"#{colour}"}) for mark, colour in FILLS.items()}
    names: set[str] = set()
    for group, counts, rs in rows.groups():
        ws = wb.add_worksheet(_sheet_name(group, names))
        ws.freeze_panes(1, 2)
        for i, width in enumerate([6, 22, 8] + [10] * len(FAMILIES) + [6, 6, 12, 40]):
            ws.set_column(i, i, width)
        ws.write_row(0, 0, HEADER, bold)
        for i, r in enumerate(rs, start=1):
            ws.write_row(i, 0, _row(i, r))
        ws.write(counts.units + 2, 0, counts.line())
        ws.write(counts.units + 3, 0, LEGEND)
        # Colours follow the marks (conditional formatting), so a reviewer's edit recolours the cell.
        for mark, fmt in fills.items():
            ws.conditional_format(1, 3, max(1, counts.units), 2 + len(FAMILIES),
                                  {"type": "cell", "criteria": "==", "value": f'"{mark}"', "format": fmt})
    ws = wb.add_worksheet(_sheet_name("全部问题", names))
    ws.freeze_panes(1, 0)
    for i, width in enumerate((12, 20, 8, 36, 8, 16, 22, 80, 12)):
        ws.set_column(i, i, width)
    ws.write_row(0, 0, ["分组", "单位", "年度", "文件", "级别", "类别", "规则", "问题", "行号"], bold)
    n = 0
    for group, _, rs in rows.groups():
        for r in rs:
            for severity, category, rule, message, lines in r.findings:
                n += 1
                ws.write_row(n, 0, [group, r.agency or "", r.year or "", r.path or "（未报送）", SEVERITY_ZH[severity],
                                    CATEGORY_ZH[category], rule, message, lines])
    ws.autofilter(0, 0, max(n, 1), 8)
    _statistics_sheet(wb, wb.add_worksheet(_sheet_name("统计", names)), sections(rows.statistics()), bold)
    wb.close()


def _statistics_sheet(wb: xlsxwriter.Workbook, ws: Worksheet, parts: list[Section], bold: Format) -> None:
    """The sections one under another (rows in order: the workbook streams them), the chart of
    findings per category per group under its table."""
    ws.set_column(0, 0, 16)
    ws.set_column(1, 30, 11)
    n = 0
    for part in parts:
        ws.write(n, 0, part.title, bold)
        ws.write_row(n + 1, 0, part.header, bold)
        first = n + 2
        for i, row in enumerate(part.rows):
            ws.write_row(first + i, 0, row)
        n = first + len(part.rows)
        if part.note:
            ws.write(n, 0, part.note)
            n += 1
        if part.chart_from is not None and part.rows:
            chart = wb.add_chart({"type": "bar", "subtype": "stacked"})
            last_col = len(part.header) - 1
            for i in range(len(part.rows)):
                chart.add_series({"name": [ws.name, first + i, 0],
                                  "categories": [ws.name, first - 1, part.chart_from, first - 1, last_col],
                                  "values": [ws.name, first + i, part.chart_from, first + i, last_col]})
            chart.set_title({"name": "各分组各类问题数"})
            chart.set_x_axis({"reverse": True})  # a bar chart's category axis: groups top to bottom, as in the table
            height = 120 + 28 * (last_col - part.chart_from + 1)
            chart.set_size({"width": 720, "height": height})
            ws.insert_chart(n + 1, 0, chart)
            n += height // 20 + 2  # the rows under the chart stay empty (default rows are 20 px high)
        n += 1


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(name: str, taken: set[str]) -> str:
    base = _SHEET_BAD.sub("_", name)[:28] or "_"
    candidate, n = base, 2
    while candidate.lower() in taken:
        candidate, n = f"{base[:26]}-{n}", n + 1
    taken.add(candidate.lower())
    return candidate
