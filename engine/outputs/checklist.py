"""OUT/checklist.md and OUT/checklist.xlsx: the county-level review checklist.

One table (sheet) per group, one row per unit, one column per check family, each marked
✓ / ✗ / ⚠ / —, with the error and warning counts and the verdict; a summary line per group.
The workbook adds a sheet of every finding, filterable."""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .families import BAD, FAMILIES, LEGEND, NA, OK, WARN, marks
from .markdown import md

NO_GROUP = "未分组"
HEADER = ["序号", "单位", "年度"] + [name for name, _ in FAMILIES] + ["错误", "警告", "结论", "文件"]
FILLS = {OK: "C6EFCE", BAD: "FFC7CE", WARN: "FFEB9C", NA: "EDEDED"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def by_group(results) -> list[tuple[str, list]]:
    groups: dict[str, list] = {}
    for r in results:
        groups.setdefault(r.group or NO_GROUP, []).append(r)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] == NO_GROUP, kv[0]))
    return [(g, sorted(rs, key=lambda r: (r.agency or "\uffff", r.path))) for g, rs in ordered]


def summary_line(results) -> str:
    n = len(results)
    counts = {v: sum(1 for r in results if r.verdict == v) for v in ("需退回修改", "建议修改", "通过")}
    unreadable = sum(1 for r in results if r.status != "audited")
    return (f"共 {n} 份：需退回修改 {counts['需退回修改']} 份（其中无法读取 {unreadable} 份），"
            f"建议修改 {counts['建议修改']} 份，通过 {counts['通过']} 份。")


def _row(i: int, r) -> list:
    return [i, r.agency or "（未识别）", r.year or ""] + marks(r) + [
        r.counts.get("error", 0), r.counts.get("warning", 0), r.verdict, r.path]


def checklist_md(results) -> str:
    out = ["# 政府信息公开工作年度报告审核清单", "", LEGEND, ""]
    for group, rs in by_group(results):
        out += [f"## {md(group)}", "", summary_line(rs), ""]
        out.append("| " + " | ".join(HEADER) + " |")
        out.append("|" + " --- |" * len(HEADER))
        for i, r in enumerate(rs, start=1):
            out.append("| " + " | ".join(md(x) for x in _row(i, r)) + " |")
        out.append("")
    out += ["## 合计", "", summary_line(results), ""]
    return "\n".join(out)


def checklist_xlsx(results) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    names: set[str] = set()
    for group, rs in by_group(results):
        ws = wb.create_sheet(_sheet_name(group, names))
        ws.append(HEADER)
        for i, r in enumerate(rs, start=1):
            ws.append(_row(i, r))
        ws.append([])
        ws.append([summary_line(rs)])
        ws.append([LEGEND])
        _style(ws, len(rs))
    ws = wb.create_sheet(_sheet_name("全部问题", names))
    ws.append(["分组", "单位", "年度", "文件", "级别", "类别", "规则", "问题", "行号"])
    for group, rs in by_group(results):
        for r in rs:
            for f in r.findings:
                lines = "、".join(str(loc.line) for loc in f.locations if loc.line)
                ws.append([group, r.agency or "", r.year or "", r.path, SEVERITY_ZH[f.severity], f.category,
                           f.rule, f.message, lines])
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:I{max(ws.max_row, 1)}"
    for col, width in zip("ABCDEFGHI", (12, 20, 8, 36, 8, 16, 22, 80, 12)):
        ws.column_dimensions[col].width = width
    for cell in ws[1]:
        cell.font = Font(bold=True)
    # Fixed document times keep the workbook identical from run to run.
    wb.properties.created = wb.properties.modified = dt.datetime(2000, 1, 1)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _style(ws, n_rows: int) -> None:
    ws.freeze_panes = "C2"
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    first, last = 4, 3 + len(FAMILIES)
    for row in ws.iter_rows(min_row=2, max_row=1 + n_rows, min_col=first, max_col=last):
        for cell in row:
            cell.alignment = Alignment(horizontal="center")
            if cell.value in FILLS:
                cell.fill = PatternFill("solid", start_color=FILLS[cell.value], end_color=FILLS[cell.value])
    widths = [6, 22, 8] + [10] * len(FAMILIES) + [6, 6, 12, 40]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(name: str, taken: set[str]) -> str:
    base = _SHEET_BAD.sub("_", name)[:28] or "_"
    candidate, n = base, 2
    while candidate.lower() in taken:
        candidate, n = f"{base[:26]}-{n}", n + 1
    taken.add(candidate.lower())
    return candidate
