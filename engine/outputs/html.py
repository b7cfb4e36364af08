"""OUT/index.html and OUT/reports/<name>.html: the checklist and the county statistics on one page
that sorts and filters, and a page per report that shows its findings on its own text and tables.

Self-contained: style and script are inline and nothing is fetched, so the pages work from
file:// on a machine with no network; the script only sorts and filters, and without it the
page still shows everything. Everything that comes from a report is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..findings import CATEGORIES, CATEGORY_ZH, MISSING_VERDICT, SEVERITIES, SEVERITY_ZH
from ..findings import VERDICTS as FINDING_VERDICTS
from ..names import TABLE_NAMES, cell_name, column_name, layout_name, row_name, table_title
from .checklist import Checklist, Row, unit_name
from .families import BAD, FAMILIES, LEGEND, NA, OK, WARN
from .ledger import Ledger, write_lines
from .markdown import FORMAT_NAMES, ICONS, Reports, ocr_note
from .protocol import Audited, Run, Target
from .statistics import NO_GROUP, Section, sections

if TYPE_CHECKING:
    from ..batch import ReportResult
    from ..findings import Finding, Location
    from ..model import Cell, Report, Table
    from ..ruleset import RuleSet

REPORTS = Reports.targets[0].name  # the pages sit beside the Markdown reports, in their folder
MARK_CLASS = {OK: "m-ok", BAD: "m-bad", WARN: "m-warn", NA: "m-na"}
MARK_ORDER = {BAD: 0, WARN: 1, NA: 2, OK: 3}  # sorting a family's column puts the faults first
VERDICTS = (*FINDING_VERDICTS, MISSING_VERDICT)
RANK = {"error": 0, "warning": 1, "info": 2, "accepted": 3}  # which finding colours a cell or line
MAX_PLACES = 20  # places listed per finding; the text and the tables show them all
# One colour per category, in the order of CATEGORIES: the chart and its legend.
PALETTE = ("#7f7f7f", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#ff7f0e", "#d62728",
           "#2ca02c", "#1f77b4", "#aec7e8", "#ffbb78", "#98df8a", "#c5b0d5", "#c49c94", "#f7b6d2")
CATEGORY_KEY = {zh: key for key, zh in CATEGORY_ZH.items()}


@lru_cache(maxsize=1 << 14)
def e(value: object) -> str:
    """Escaped for HTML; remembered, as the same labels, ids and values recur on every page."""
    return html.escape(str(value))


@dataclass(frozen=True, slots=True)
class Entry:
    """One unit's row of index.html: the checklist's row (without its findings: they are on the
    unit's page) and what the filters need."""

    row: Row
    categories: tuple[str, ...]  # of the findings not accepted
    severities: tuple[str, ...]
    page: str | None  # reports/<name>.html; None for a unit that sent nothing


class Html:
    """The output: each worker writes its report's page; the parent writes index.html at the end."""

    targets = (Target("index.html"),)

    def part(self, audited: Audited) -> Entry:
        result = audited.result
        page = None
        if result.status != "missing":  # no file, no page
            name = audited.job.markdown[:-3] + ".html"
            folder = audited.staging / REPORTS  # the Markdown output's folder target
            folder.mkdir(exist_ok=True)
            text = report_page(result, audited.report, audited.ruleset, audited.job.markdown)
            (folder / name).write_text(text, encoding="utf-8")
            page = f"{REPORTS}/{name}"
        open_findings = [f for f in result.findings if not f.accepted]
        return Entry(row=replace(Checklist().part(audited), findings=()),
                     categories=tuple(c for c in CATEGORIES if any(f.category == c for f in open_findings)),
                     severities=tuple(s for s in SEVERITIES if any(f.severity == s for f in open_findings)),
                     page=page)

    def writer(self, staging: Path, run: Run) -> IndexWriter:
        return IndexWriter(staging / self.targets[0].name)


class IndexWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.entries: Ledger[Entry] = Ledger(lambda entry: entry.row, lambda entry: entry.row.stats)
        self.categories: set[str] = set()  # those of any unit's open findings, for the filter

    def add(self, part: Entry) -> None:
        self.entries.add(part)
        self.categories.update(part.categories)

    def finish(self) -> None:
        write_lines(self.path, index_page(self.entries, self.categories))
        self.entries.close()

    def abandon(self) -> None:
        self.entries.close()


# ----------------------------------------------------------------------------------- the index


def index_page(entries: Ledger[Entry], found: set[str]) -> Iterator[str]:
    """The index, line by line (a row per unit, read from the ledger as it is written); `found`:
    the finding categories of any unit, offered as filters."""
    stats = entries.statistics()
    ordered = ((group, entry) for group, _, listed in entries.groups() for entry in listed)
    groups = [g for g, _ in stats.groups]
    categories = [c for c in CATEGORIES if c in found]
    head = ["序号", "分组", "单位", "年度", *(name for name, _ in FAMILIES), "错误", "警告", "结论", "审核意见"]
    yield from [_head("政府信息公开工作年度报告审核结果", INDEX_PRINT),
           "<h1>政府信息公开工作年度报告审核结果</h1>",
           '<nav class="noprint"><a href="#checklist">审核清单</a> · <a href="#statistics">统计</a></nav>',
           f"<p>{e(entries.counts.line())}</p>",
           '<section id="checklist"><h2>审核清单</h2>',
           f'<p class="legend">{e(LEGEND)}</p>',
           '<form id="filters" class="filters" hidden>',
           _select("f-group", "分组", [(g, g) for g in groups]),
           _select("f-verdict", "结论", [(v, v) for v in VERDICTS]),
           _select("f-category", "问题类别", [(c, CATEGORY_ZH[c]) for c in categories]),
           _select("f-severity", "级别", [(s, SEVERITY_ZH[s]) for s in SEVERITIES]),
           '<label>查找 <input id="f-text" type="search" placeholder="单位或文件名"></label>',
           '<output id="shown"></output></form>',
           '<table id="units" class="units"><thead><tr>'
           + "".join(f'<th scope="col" title="点击排序">{e(h)}</th>' for h in head) + "</tr></thead>",
           "<tbody>"]
    yield from (_unit_row(n, group, entry) for n, (group, entry) in enumerate(ordered, start=1))
    yield from ["</tbody></table>",
                "<p class=\"note\">级别、问题类别的筛选只看未被接受的问题。点击表头可排序。</p></section>",
                '<section id="statistics"><h2>统计</h2>', statistics_html(sections(stats)), "</section>",
                f"<script>{SCRIPT}</script>", "</body></html>"]


def _select(id_: str, label: str, options: list[tuple[str, str]]) -> str:
    shown = "".join(f'<option value="{e(v)}">{e(t)}</option>' for v, t in options)
    return f'<label>{e(label)} <select id="{id_}"><option value="">全部</option>{shown}</select></label>'


def _unit_row(n: int, group: str, entry: Entry) -> str:
    r = entry.row
    data = (f'data-group="{e(group)}" data-verdict="{e(r.verdict)}" data-categories="{" ".join(entry.categories)}" '
            f'data-severities="{" ".join(entry.severities)}"')
    cells = [f'<td class="num">{n}</td>', f"<td>{e(group)}</td>",
             f'<td>{e(unit_name(r))}<div class="path">{e(r.path or "（未报送）")}</div></td>',
             f'<td class="num">{e(r.year or "")}</td>']
    cells += [f'<td class="mark {MARK_CLASS[m]}" data-sort="{MARK_ORDER[m]}">{m}</td>' for m in r.marks]
    cells += [f'<td class="num">{r.counts.get("error", 0)}</td>', f'<td class="num">{r.counts.get("warning", 0)}</td>',
              f'<td class="verdict v-{VERDICTS.index(r.verdict) if r.verdict in VERDICTS else 0}">{e(r.verdict)}</td>',
              f'<td><a href="{e(quote(entry.page))}">查看</a></td>' if entry.page else "<td>—</td>"]
    return f"<tr {data}>" + "".join(cells) + "</tr>"


def statistics_html(parts: list[Section]) -> str:
    out = []
    for part in parts:
        out.append(f"<h3>{e(part.title)}</h3>")
        if part.rows:
            out.append('<table class="stats"><thead><tr>' + "".join(f'<th scope="col">{e(h)}</th>' for h in part.header)
                       + "</tr></thead><tbody>")
            for row in part.rows:
                out.append("<tr>" + "".join(f'<td class="num">{e(c)}</td>' if isinstance(c, int | float) else
                                            f"<td>{e(c)}</td>" for c in row) + "</tr>")
            out.append("</tbody></table>")
        if part.note:
            out.append(f'<p class="note">{e(part.note)}</p>')
        if part.chart_from is not None and part.rows:
            out.append(chart_svg(part))
    return "\n".join(out)


def chart_svg(part: Section) -> str:
    """Findings per category per group: one bar per group, a segment per category. Plain SVG."""
    assert part.chart_from is not None
    groups = part.header[part.chart_from:]
    series = [(str(row[0]), [float(v) if isinstance(v, int | float) else 0.0 for v in row[part.chart_from:]])
              for row in part.rows]
    totals = [sum(values[j] for _, values in series) for j in range(len(groups))]
    peak = max(totals, default=0) or 1
    label_w, bar_w, row_h = 130, 520, 26
    height = len(groups) * row_h + 8
    out = [f'<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" role="img" width="{label_w + bar_w + 60}" '
           f'height="{height}" viewBox="0 0 {label_w + bar_w + 60} {height}" aria-label="各分组各类问题数">']
    for j, group in enumerate(groups):
        y = 4 + j * row_h
        out.append(f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end">{e(group)}</text>')
        x = float(label_w)
        for name, values in series:
            if values[j]:
                w = values[j] / peak * bar_w
                out.append(f'<rect class="seg" x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 6}" '
                           f'fill="{_colour(name)}"><title>{e(group)} · {e(name)}：{values[j]:g}</title></rect>')
                x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + 16}">{totals[j]:g}</text>')
    out.append("</svg><figcaption>各分组各类问题数（不含已接受的问题）："
               + "".join(f'<span class="key"><i style="background:{_colour(name)}"></i>{e(name)}</span>'
                         for name, _ in series) + "</figcaption></figure>")
    return "".join(out)


def _colour(category_zh: str) -> str:
    key = CATEGORY_KEY.get(category_zh)
    return PALETTE[CATEGORIES.index(key) % len(PALETTE)] if key else PALETTE[0]


# ------------------------------------------------------------------------------ a report's page


@dataclass(frozen=True)
class Ref:
    """A finding as the places it points at show it: its anchor, number and severity."""

    anchor: str  # F3, or A1 for an accepted one
    label: str  # 问题 3, 已接受 1
    kind: str  # error | warning | info | accepted
    title: str

    def link(self) -> str:
        return f'<a class="ref k-{self.kind}" href="#{self.anchor}">{e(self.label)}：{e(self.title)}</a>'


def report_page(result: ReportResult, report: Report | None, ruleset: RuleSet, markdown: str = "") -> str:
    unit = result.agency or "（未能识别单位名称）"
    open_findings = [f for f in result.findings if not f.accepted]
    accepted = [f for f in result.findings if f.accepted]

    def title(f: Finding) -> str:
        rule = ruleset.by_id.get(f.rule)
        return rule.title_of(f) if rule else f.rule

    refs = [(f, Ref(f"F{i}", f"问题 {i}", f.severity, title(f))) for i, f in enumerate(open_findings, 1)]
    refs += [(f, Ref(f"A{i}", f"已接受 {i}", "accepted", title(f))) for i, f in enumerate(accepted, 1)]
    out = [_head(f"审核结果：{unit}"),
           '<nav class="noprint"><a href="../index.html">← 返回审核清单</a>'
           + (f' · <a href="{e(quote(markdown))}">审核意见（Markdown）</a>' if markdown else "")
           + (" · <a href=\"#findings\">问题</a> · <a href=\"#tables\">统计表</a> · <a href=\"#text\">报告原文</a>"
              if report is not None else "") + "</nav>",
           f"<h1>年度报告审核结果：{e(unit)}</h1>", _meta(result)]
    if ocr_note(report):
        out.append(f'<p class="note">文字识别：{e(ocr_note(report))}</p>')
    if result.status != "audited" or report is None:
        out.append('<section id="findings"><h2>文件无法读取</h2><ol class="findings">')
        out += [_finding(f, ref, result, ruleset) for f, ref in refs]
        out.append("</ol></section>")
    else:
        out.append(f'<section id="findings"><h2>问题（{len(open_findings)} 项）</h2>')
        if open_findings:
            out.append('<ol class="findings">' + "".join(_finding(f, ref, result, ruleset) for f, ref in refs
                                                        if ref.kind != "accepted") + "</ol>")
        else:
            out.append("<p>未发现问题。</p>" if not accepted else "<p>除已接受的问题外，未发现问题。</p>")
        out.append("</section>")
        if accepted:
            out.append(f'<section id="accepted"><h2>已接受（{len(accepted)} 项）</h2>'
                       "<p>以下问题已经审核人员接受，不计入问题数和结论。</p><ol class=\"findings accepted\">"
                       + "".join(_finding(f, ref, result, ruleset) for f, ref in refs if ref.kind == "accepted")
                       + "</ol></section>")
        out.append(_tables(report, refs))
        out.append(_text(report, result, refs))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _meta(result: ReportResult) -> str:
    year = f"{result.year} 年度" if result.year else "（年度未能识别）"
    counts = (f"错误 {result.counts.get('error', 0)} 项，警告 {result.counts.get('warning', 0)} 项，"
              f"提示 {result.counts.get('info', 0)} 项" + (f"；已接受 {result.accepted} 项" if result.accepted else ""))
    fmt = FORMAT_NAMES.get(result.format or "", "")
    items = [("文件", (result.path or "") + (f"（{fmt}）" if fmt else "")), ("单位", result.agency or "未能识别"),
             ("分组", result.group or NO_GROUP), ("报告年度", year),
             ("统计表格式", layout_name(result.layout) if result.status == "audited" else "—"),
             ("发布日期", result.published or "页面未写明"), ("审核结论", result.verdict), ("问题数", counts)]
    return ('<dl class="meta">' + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in items) + "</dl>")


def _finding(f: Finding, ref: Ref, result: ReportResult, ruleset: RuleSet) -> str:
    rule = ruleset.by_id.get(f.rule)
    parts = [f'<li id="{ref.anchor}" class="finding k-{ref.kind}">',
             f'<p class="ft"><span class="badge s-{f.severity}">{ICONS[f.severity]}</span> <b>{e(ref.title)}</b>'
             f' <span class="rule">（{e(f.rule)}）</span></p>', f'<p class="msg">{e(f.message)}</p>']
    places = _places(f.locations)
    if places:
        more = f" 等 {len(places)} 处" if len(places) > MAX_PLACES else ""
        parts.append(f'<p class="where">位置：{"、".join(places[:MAX_PLACES])}{more}</p>')
    if rule is not None:
        parts.append(f'<p class="basis">依据：{e(rule.basis_for(result.layout, result.year))}</p>'
                     f'<p class="fix">整改：{e(rule.fix)}</p>')
    if f.accepted:
        parts.append(f'<p class="note">接受理由：{e(f.note) if f.note else "未写明"}</p>')
    return "".join(parts) + "</li>"


def _places(locations: Iterable[Location]) -> list[str]:
    out: list[str] = []
    for loc in locations:
        if loc.elsewhere:
            out.append(e(f"{loc.path} 第 {loc.line} 行" if loc.line else str(loc.path)))
            continue
        if loc.table and loc.row and loc.column:
            out.append(f'<a href="#{_cell_id(loc.table, loc.row, loc.column)}">'
                       f"{e(TABLE_NAMES.get(loc.table, loc.table))} {e(cell_name(loc.table, loc.row, loc.column))}</a>")
        elif loc.table and loc.row:
            out.append(f'<a href="#R-{e(loc.table)}-{e(loc.row)}">'
                       f"{e(TABLE_NAMES.get(loc.table, loc.table))} {e(row_name(loc.table, loc.row))}</a>")
        elif loc.table:
            column = f" {column_name(loc.table, loc.column)}列" if loc.column else ""
            out.append(f'<a href="#T-{e(loc.table)}">{e(TABLE_NAMES.get(loc.table, loc.table))}{e(column)}</a>')
        if loc.line and not (loc.table and loc.row):  # a cell's line is in the table's title attribute
            out.append(f'<a href="#L{loc.line}">第 {loc.line} 行</a>')
    return list(dict.fromkeys(out))


def _cell_id(table: str, row: str, column: str) -> str:
    return e(f"C-{table}-{row}-{column}")


def _strongest(refs: Iterable[Ref]) -> str:
    return min((r.kind for r in refs), key=RANK.__getitem__)


def _tables(report: Report, refs: list[tuple[Finding, Ref]]) -> str:
    out = ['<section id="tables"><h2>统计表</h2>',
           '<p class="note">有颜色并加框的单元格为问题涉及的单元格（红：错误，黄：警告，蓝：提示，灰：已接受），'
           "右侧列出所涉问题；鼠标停在单元格上可看到问题说明和所在行。</p>"]
    for key in TABLE_NAMES:
        table = report.tables.get(key)
        if table is not None:
            out.append(_table(key, table, refs))
    if not report.tables:
        out.append("<p>报告中没有找到统计表。</p>")
    return "\n".join(out) + "</section>"


def _table(key: str, table: Table, refs: list[tuple[Finding, Ref]]) -> str:
    cells: dict[tuple[str, str], list[Ref]] = {}
    rows: dict[str, list[Ref]] = {}
    whole: dict[Ref, list[str]] = {}  # about the table or whole columns
    for f, ref in refs:
        for loc in f.locations:
            if loc.elsewhere or loc.table != key:
                continue
            if loc.row and loc.column:
                cells.setdefault((loc.row, loc.column), []).append(ref)
            elif loc.row:
                rows.setdefault(loc.row, []).append(ref)
            else:
                where = whole.setdefault(ref, [])
                name = column_name(key, loc.column, table.layout) if loc.column else "整张表"
                if name not in where:
                    where.append(name)
    width = max((len(cols) for cols in table.rows.values()), default=0)
    out = [f'<h3 id="T-{e(key)}">{e(table_title(key))}<small>（{e(layout_name(table.layout))}，'
           f"原文第 {table.lines[0]}–{table.lines[1]} 行）</small></h3>", '<table class="data">']
    columns: list[str] | None = None
    for row, cols in table.rows.items():
        if list(cols) != columns:  # table 二's blocks have columns of their own
            columns = list(cols)
            out.append('<tr class="colhead"><th scope="col">项目</th>'
                       + "".join(f'<th scope="col">{e(column_name(key, c, table.layout))}</th>' for c in columns)
                       + (f'<th colspan="{width - len(columns)}"></th>' if width > len(columns) else "")
                       + '<th scope="col" class="beside">问题</th></tr>')
        here = list(dict.fromkeys(rows.get(row, []) + [r for c in cols for r in cells.get((row, c), [])]))
        prefix = e(f"C-{key}-{row}-")
        tds = [_cell(prefix, c, cell, cells.get((row, c), []) + rows.get(row, [])) for c, cell in cols.items()] \
            if here else [_plain_cell(prefix, c, cell) for c, cell in cols.items()]
        pad = f'<td colspan="{width - len(cols)}"></td>' if width > len(cols) else ""
        out.append(f'<tr id="R-{e(key)}-{e(row)}"><th scope="row">{e(row_name(key, row, table.layout))}</th>'
                   + "".join(tds) + pad + f'<td class="beside">{"<br>".join(r.link() for r in here)}</td></tr>')
    out.append("</table>")
    if whole:
        out.append('<ul class="whole">' + "".join(
            f"<li>{ref.link()}——涉及{e('、'.join(where))}{'' if where == ['整张表'] else '列'}</li>"
            for ref, where in whole.items()) + "</ul>")
    return "\n".join(out)


def _cell(prefix: str, column: str, cell: Cell, refs: list[Ref]) -> str:
    """A cell; `prefix` is the escaped start of its id (`C-table-row-`)."""
    if not refs:
        return _plain_cell(prefix, column, cell)
    notes = _notes(cell) + [f"{r.label}：{r.title}" for r in dict.fromkeys(refs)]
    return (f'<td id="{prefix}{e(column)}" class="num hit k-{_strongest(refs)}" title="{e(chr(10).join(notes))}">'
            f"{_shown(cell)}</td>")


def _plain_cell(prefix: str, column: str, cell: Cell) -> str:
    """A cell no finding touches: most of every table, so written with the least work (what
    `_notes` and `_shown` give, for the common case of a plain number on its line)."""
    if cell.line and not cell.inferred and cell.value is not None:
        return f'<td id="{prefix}{e(column)}" class="num" title="第 {cell.line} 行">{e(cell.raw)}</td>'
    notes = _notes(cell)
    title = f' title="{e(chr(10).join(notes))}"' if notes else ""
    return f'<td id="{prefix}{e(column)}" class="num"{title}>{_shown(cell)}</td>'


def _notes(cell: Cell) -> list[str]:
    notes = [f"第 {cell.line} 行"] if cell.line else []
    if cell.inferred:
        notes.append("由连写的数字拆出")
    return notes


def _shown(cell: Cell) -> str:
    if cell.missing:
        return '<span class="blank">（缺失）</span>'
    if cell.blank:
        return '<span class="blank">（空白）</span>' if not cell.raw else f'<span class="blank">{e(cell.raw)}</span>'
    return e(cell.raw)


def _text(report: Report, result: ReportResult, refs: list[tuple[Finding, Ref]]) -> str:
    marked: dict[int, list[Ref]] = {}
    for f, ref in refs:
        for loc in f.locations:
            if loc.line and not loc.elsewhere:
                marked.setdefault(loc.line, []).append(ref)
    where = "从原文件提取出的文本" if result.text else "原文件"
    if result.reflowed:
        where = "原文件（正文写在一行里，已按标题、段落和表格行分行）分行后的文本"
    out = [f'<section id="text"><h2>报告原文</h2><p class="note">行号指{e(where)}中的行；'
           "问题涉及的行有颜色，右侧列出所涉问题。</p>", '<table class="text">']
    escape = html.escape  # what `e` does; a report's lines are its own, so not worth remembering
    for n, line in enumerate(report.lines, start=1):
        if n in marked:
            here = list(dict.fromkeys(marked[n]))
            out.append(f'<tr id="L{n}" class="hit k-{_strongest(here)}"><td class="no">{n}</td>'
                       f'<td class="tx">{escape(line)}</td><td class="beside">{"<br>".join(r.link() for r in here)}'
                       "</td></tr>")
        else:
            out.append(f'<tr id="L{n}"><td class="no">{n}</td><td class="tx">{escape(line)}</td></tr>')
    out.append("</table></section>")
    return "\n".join(out)


def _head(title: str, style: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(title)}</title>'
            f"<style>{STYLE}{style}</style></head><body>")


STYLE = """
:root{--err:#ffc7ce;--warn:#ffeb9c;--info:#dcebf7;--ok:#c6efce;--na:#ededed;--acc:#e4e4e4}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","SimSun",sans-serif;
 margin:1.5em;color:#222;line-height:1.5}
h1{font-size:1.5em}h2{font-size:1.25em;border-bottom:1px solid #ccc;margin-top:1.5em}h3{font-size:1.05em}
h3 small{font-weight:normal;color:#555}
table{border-collapse:collapse;margin:.4em 0 1em}
th,td{border:1px solid #bbb;padding:.2em .45em;vertical-align:top}
th{background:#f2f2f2;font-weight:600;text-align:left}
tr[hidden]{display:none}
td.num{text-align:right}
.units thead th{position:sticky;top:0;cursor:pointer;white-space:nowrap}
.units th[aria-sort=ascending]::after{content:" ▲"}.units th[aria-sort=descending]::after{content:" ▼"}
.path{font-size:.8em;color:#666;word-break:break-all}
.units td:nth-child(2){white-space:nowrap}.units td:nth-child(3){min-width:12em}.units td.verdict{white-space:nowrap}
td.mark{text-align:center}.m-ok{background:var(--ok)}.m-bad{background:var(--err)}
.m-warn{background:var(--warn)}.m-na{background:var(--na)}
.v-0{color:#b00000;font-weight:600}.v-1{color:#8a5a00}.v-2{color:#176b1f}.v-3{color:#555}
.filters{display:flex;flex-wrap:wrap;gap:.4em 1.2em;align-items:center;margin:.6em 0}
.filters select,.filters input{font:inherit}
.legend,.note{color:#444;font-size:.92em}
dl.meta{display:grid;grid-template-columns:max-content auto;gap:.1em 1em}dl.meta dt{color:#555}dl.meta dd{margin:0}
ol.findings{padding-left:1.5em}li.finding{margin:.6em 0;padding:.3em .6em;border-left:4px solid #bbb}
li.k-error{border-color:#c00000}li.k-warning{border-color:#d08c00}li.k-info{border-color:#3a78c2}
li.k-accepted{border-color:#888;color:#444}
li.finding p{margin:.15em 0}.rule{color:#666}.basis,.fix,.where{font-size:.92em}.note{font-style:normal}
.badge{display:inline-block;padding:0 .35em;border-radius:3px}.s-error{background:var(--err)}
.s-warning{background:var(--warn)}.s-info{background:var(--info)}
.hit.k-error{background:var(--err)}.hit.k-warning{background:var(--warn)}.hit.k-info{background:var(--info)}
.hit.k-accepted{background:var(--acc)}
td.hit{outline:2px solid #c00000;outline-offset:-2px;font-weight:700}
td.hit.k-warning{outline-color:#d08c00}td.hit.k-info{outline-color:#3a78c2}td.hit.k-accepted{outline:1px dashed #888}
.blank{color:#888;font-style:italic;font-weight:normal}
td.beside{font-size:.85em;border:none;min-width:12em}
a.ref{display:inline-block;text-decoration:none;color:#0645ad}
table.text td{border:none;padding:0 .5em}table.text td.no{color:#888;text-align:right;user-select:none}
table.text td.tx{white-space:pre-wrap;word-break:break-all}
table.text tr.hit td.tx{box-shadow:inset 3px 0 #c00000}table.text tr.k-warning td.tx{box-shadow:inset 3px 0 #d08c00}
table.text tr.k-info td.tx{box-shadow:inset 3px 0 #3a78c2}table.text tr.k-accepted td.tx{box-shadow:inset 3px 0 #888}
:target{outline:3px solid #0645ad}
figure.chart{margin:.5em 0}figure.chart text{font-size:12px;fill:#222}
figcaption .key{display:inline-block;margin-right:1em;font-size:.9em}
figcaption .key i{display:inline-block;width:.9em;height:.9em;margin-right:.25em;vertical-align:-.1em}
@media print{
 .noprint,.filters{display:none!important}
 body{margin:0;font-size:10pt}a{color:inherit;text-decoration:none}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 .units thead th{position:static}thead{display:table-header-group}
 tr,li.finding,figure{break-inside:avoid}h2,h3{break-after:avoid}
 td.hit{outline:none;border:2px solid #000}
}
"""

# The checklist's many columns fit a landscape page; the link column means nothing on paper.
INDEX_PRINT = """
@media print{
 @page{size:A4 landscape;margin:12mm}
 .units{font-size:8.5pt}.units th:last-child,.units td:last-child{display:none}
}
"""

SCRIPT = """
(function () {
  "use strict";
  var table = document.getElementById("units"), form = document.getElementById("filters");
  if (!table || !form) return;
  var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
  var shown = document.getElementById("shown");
  form.hidden = false;
  function value(id) { return document.getElementById(id).value; }
  function has(list, item) { return (" " + list + " ").indexOf(" " + item + " ") >= 0; }
  function apply() {
    var g = value("f-group"), v = value("f-verdict"), c = value("f-category"), s = value("f-severity");
    var q = value("f-text").trim().toLowerCase(), n = 0;
    rows.forEach(function (r) {
      var d = r.dataset;
      var ok = (!g || d.group === g) && (!v || d.verdict === v) && (!c || has(d.categories, c)) &&
        (!s || has(d.severities, s)) && (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) n += 1;
    });
    shown.textContent = "显示 " + n + " / " + rows.length + " 个单位";
  }
  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  function key(row, i) {
    var cell = row.cells[i], k = cell.getAttribute("data-sort");
    return k !== null ? k : cell.textContent.trim();
  }
  function compare(x, y) {
    var a = Number(x), b = Number(y);
    if (x !== "" && y !== "" && !isNaN(a) && !isNaN(b)) return a - b;
    return x.localeCompare(y, "zh-CN");
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(th.parentNode.cells, function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      rows.slice().sort(function (a, b) {
        var r = compare(key(a, i), key(b, i));
        return asc ? r : -r;
      }).forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); sort(); }
    });
  });
  apply();
})();
"""
