"""OUT/reports/<name>.md: one report per input, in Chinese, for the reviewer and the unit.

Findings are grouped by where they are (the report as a whole, each section, each table). A
table finding shows the rows involved as a small table with the cells concerned in bold. Where
line numbers count lines of a text extracted or cut from the file, that text is written beside.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ..names import TABLE_NAMES, column_name, layout_name, row_name, section_title, table_title
from ..vocab import vocab
from .protocol import Audited, Run, Target

if TYPE_CHECKING:
    from ..batch import ReportResult
    from ..findings import Finding
    from ..model import Report
    from ..ruleset import RuleSet

ICONS = {"error": "✗ 错误", "warning": "⚠ 警告", "info": "ℹ 提示"}
FORMAT_NAMES = {"html": "网页", "docx": "Word 文档", "pdf": "PDF 文档", "md": "Markdown 文本"}
UNIT_KINDS: dict[str | None, str] = {
    "township": "乡镇（街道）", "department": "政府部门", "county_government": "县级以上人民政府"}
SECTION_ORDER = tuple(s.key for s in vocab().sections)
MAX_ROWS = 12
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md(text: object) -> str:
    """Source text made safe inside Markdown: special characters escaped, one line."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\r", " ").replace("\n", " ")


class Reports:
    """The output: the workers write each report (and its text) straight into the staging folder,
    in parallel; nothing but None travels back to the parent."""

    targets = (Target("reports", folder=True, suffixes=(".md", ".txt", ".html")),)  # .html: engine/outputs/html.py

    def part(self, audited: Audited) -> None:
        result, report = audited.result, audited.report
        if result.status == "missing":
            return  # no file, no report: the unit's entry in findings.json and its checklist row say it
        folder = audited.staging / self.targets[0].name  # made by `writer`, before any part
        if report is not None and result.text:
            (folder / Path(result.text).name).write_text("\n".join(report.lines) + "\n", encoding="utf-8")
        (folder / audited.job.markdown).write_text(render(result, report, audited.ruleset), encoding="utf-8")

    def writer(self, staging: Path, run: Run) -> ReportsWriter:
        (staging / self.targets[0].name).mkdir(exist_ok=True)  # there even when the batch is empty
        return ReportsWriter()


class ReportsWriter:
    def add(self, part: None) -> None:
        pass

    def finish(self) -> None:
        pass

    def abandon(self) -> None:
        pass


def render(result: ReportResult, report: Report | None, ruleset: RuleSet) -> str:
    unit = result.agency or "（未能识别单位名称）"
    year = f"{result.year} 年度" if result.year else "（年度未能识别）"
    out = [f"# 年度报告审核结果：{md(unit)}", ""]
    out += [
        f"- 文件：{md(result.path)}" + (f"（{FORMAT_NAMES[result.format]}）" if result.format in FORMAT_NAMES else ""),
        f"- 单位：{md(unit)}",
        f"- 单位类型：{UNIT_KINDS.get(result.unit_kind, '未能识别')}",
        f"- 分组：{md(result.group) if result.group else '未分组'}",
        f"- 报告年度：{year}",
        f"- 统计表格式：{layout_name(result.layout) if result.status == 'audited' else '—'}",
        f"- 发布日期：{result.published or '页面未写明'}",
        f"- 审核结论：**{result.verdict}**",
        f"- 问题数：错误 {result.counts.get('error', 0)} 项，警告 {result.counts.get('warning', 0)} 项，"
        f"提示 {result.counts.get('info', 0)} 项" + (f"；另有已接受的问题 {result.accepted} 项（见文末）"
                                                  if result.accepted else ""),
    ]
    if result.text and result.reflowed:
        out.append(f"- 行号：原文件的正文写在一行里，已按标题、段落和表格行分行；行号指分行后的文本 "
                   f"{md(Path(result.text).name)} 中的行（与本报告放在一起）")
    elif result.text:
        out.append(f"- 行号：指从原文件提取出的文本 {md(Path(result.text).name)} 中的行（与本报告放在一起）")
    note = ocr_note(report)
    if note:
        out.append(f"- 文字识别：{note}")
    out.append("")
    if result.status != "audited":
        out += ["## 文件无法读取", ""]
        for f in result.findings:
            out += [f"{ICONS[f.severity]}：{md(f.message)}", ""]
            out += _rule_notes(ruleset, f.rule, result)
        return "\n".join(out)
    open_findings = [f for f in result.findings if not f.accepted]
    if not open_findings:
        out += ["未发现问题。" if not result.accepted else "除已接受的问题外，未发现问题。", ""]
        return "\n".join(out + _accepted(result, ruleset) + _passes(result))
    assert report is not None  # audited: the file was parsed
    for title, findings in _grouped(open_findings, report):
        out += [f"## {title}", ""]
        for f in findings:
            rule = ruleset.by_id.get(f.rule)
            out += [f"### {ICONS[f.severity]}｜{md(rule.title_of(f) if rule else f.rule)}（{f.rule}）", "",
                    md(f.message), ""]
            out += _table_excerpt(f, report)
            out += _beside(f)
            lines = sorted({loc.line for loc in f.locations if loc.line and not loc.elsewhere})
            if lines:
                more = f"等 {len(lines)} 处" if len(lines) > 20 else ""
                out += [f"- 原文位置：第 {'、'.join(str(n) for n in lines[:20])} 行{more}"]
            out += _rule_notes(ruleset, f.rule, result)
    return "\n".join(out + _accepted(result, ruleset) + _passes(result))


def _accepted(result: ReportResult, ruleset: RuleSet) -> list[str]:
    """The findings the reviewer's baseline accepts: listed apart, with the reason given."""
    accepted = [f for f in result.findings if f.accepted]
    if not accepted:
        return []
    out = ["## 已接受的问题", "", "以下问题已经审核人员接受（基线），不计入结论：", ""]
    for f in accepted:
        rule = ruleset.by_id.get(f.rule)
        out.append(f"- {ICONS[f.severity]}｜{md(rule.title_of(f) if rule else f.rule)}（{f.rule}）：{md(f.message)}"
                   f"（理由：{md(f.note) if f.note else '未写明'}）")
    return out + [""]


def _passes(result: ReportResult) -> list[str]:
    """With --explain-passes: each check that holds no fault, and the sentence that shows it."""
    if not result.passes:
        return []
    out = ["## 已核对的必备内容", "", "以下检查没有发现问题，报告中满足要求的原文如下：", ""]
    for p in result.passes:
        lines = "、".join(f"第 {loc.line} 行" for loc in p.locations if loc.line)
        out.append(f"- {md(p.title)}（{p.rule}）——无此问题，{lines or '原文'}：“{md(p.quote)}”")
    return out + [""]


def _rule_notes(ruleset: RuleSet, rule_id: str, result: ReportResult) -> list[str]:
    rule = ruleset.by_id.get(rule_id)
    if rule is None:
        return [""]
    return [f"- 依据：{md(rule.basis_for(result.layout, result.year))}", f"- 整改：{md(rule.fix)}", ""]


def _grouped(findings: list[Finding], report: Report) -> Iterator[tuple[str, list[Finding]]]:
    """(heading, findings) in document order: the report as a whole, then each section with its table."""
    def place(f: Finding) -> tuple[str, str | None]:
        if len({loc.table for loc in f.locations if loc.table}) > 1:
            return ("document", None)  # about several tables: the report as a whole
        for loc in f.locations:
            if loc.table:
                return ("table", loc.table)
            if loc.section:
                return ("section", loc.section)
        for loc in f.locations:
            section = report.section_at(loc.line) if loc.line else None
            if section:
                return ("section", section.key)
        return ("document", None)

    order: list[tuple[str, str | None]] = [("document", None)]
    for key in SECTION_ORDER:
        order.append(("section", key))
        if key in TABLE_NAMES:
            order.append(("table", key))
    buckets: dict[tuple[str, str | None], list[Finding]] = {}
    for f in findings:
        buckets.setdefault(place(f), []).append(f)
    for where in order:
        if where in buckets:
            kind, at = where
            if at is None:  # the document as a whole
                title = "报告整体"
            elif kind == "section":
                title = section_title(at)
            else:
                title = table_title(at)
            yield title, buckets[where]


def _beside(finding: Finding) -> list[str]:
    """The other report's side, where a finding compares this report with another: last year's
    figures beside this year's, the other report's passage beside this one's."""
    ev = finding.evidence
    if "last_path" in ev and "left" in ev:  # an identity across years: every operand, with its year
        rows = [(o["year"], o["label"], o["value"], o["line"], ev["last_path"] if o["year"] != _this_year(ev) else "本报告")
                for o in ev["left"] + ev["right"]]
        return _md_table(["年度", "项目", "数值", "行号", "所在文件"],
                         [[y, t, "空白" if v is None else v, n or "", p] for y, t, v, n, p in rows])
    if "last_path" in ev and "cells" in ev:  # figures that jumped
        return _md_table(["单元格", "上年", "本年"],
                         [[c["label"], c["last_value"], c["value"]] for c in ev["cells"]])
    if "copies" in ev:  # copied text: the shared passage as each report writes it
        return _md_table(["本报告", "对方报告", "对方文件"],
                         [[c["passage"], c["other_passage"] or c["passage"], c["other"]] for c in ev["copies"][:3]])
    return []


def _this_year(evidence: dict) -> object:
    years = [o["year"] for o in evidence["left"] + evidence["right"]]
    return max((y for y in years if y is not None), default=None)


def _md_table(head: list[str], rows: list[list[object]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    out += ["| " + " | ".join(md(x) for x in row) + " |" for row in rows]
    return out + [""]


def _table_excerpt(finding: Finding, report: Report | None) -> list[str]:
    cells = [(loc.table, loc.row, loc.column) for loc in finding.locations
             if loc.table and loc.row and not loc.elsewhere]
    if not cells or report is None:
        return []
    table_key = cells[0][0]
    table = report.tables.get(table_key)
    if table is None:
        return []
    marked = {(r, c) for t, r, c in cells if t == table_key}
    rows = list(dict.fromkeys(r for t, r, _ in cells if t == table_key and r in table.rows))
    if not rows:
        return []
    out: list[str] = []
    columns: list[str] | None = None
    for r in rows[:MAX_ROWS]:
        if list(table.rows[r].keys()) != columns:  # table 二's blocks have columns of their own
            columns = list(table.rows[r].keys())
            head = ["行"] + [column_name(table_key, c, table.layout) for c in columns]
            out += ([""] if out else []) + ["| " + " | ".join(md(h) for h in head) + " |", "|" + " --- |" * len(head)]
        shown = [md(row_name(table_key, r, table.layout))]
        for c in columns:
            cell = table.rows[r].get(c)
            text = "（缺失）" if cell is None or cell.missing else ("（空白）" if cell.blank else md(cell.raw))
            shown.append(f"**{text}**" if (r, c) in marked or (r, None) in marked else text)
        out.append("| " + " | ".join(shown) + " |")
    note = "加粗的单元格为本条问题涉及的单元格。"
    if len(rows) > MAX_ROWS:
        note = f"另有 {len(rows) - MAX_ROWS} 行未列出。" + note
    return out + ["", note, ""]


def ocr_note(report: Report | None) -> str:
    """What was read from pictures, said at the top of a report's pages; empty when nothing was."""
    if report is None or not report.ocr:
        return ""
    pages = "、".join(str(p.page) for p in report.ocr if not p.picture)
    pictures = "、".join(str(p.page) for p in report.ocr if p.picture)
    what = "；".join(([f"第 {pages} 页是图片（扫描件）"] if pages else [])
                    + ([f"文档中的第 {pictures} 张图片（粘贴为图片的表格等）已读取"] if pictures else []))
    return f"{what}，其中的文字和数字由程序识别（OCR），可能有误；识别不确定的数字已标出（〓），没有用于核对"
