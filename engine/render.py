"""Write a report model back as text, in any of the table families the parser reads.

Drives the property tests (render -> parse must give back the same cells) and the benchmark
corpus. Padding follows what real pages do in each family: merged cells before a label and
between a label and its values in tab grids, trailing bars in pipe families, padding cells
before labels and labels wrapped over lines in one-cell-per-line text.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from .template import TableTemplate, load_template
from .values import is_value

FAMILIES = ("tab-grid", "cell-per-line", "pipe-rows", "cell-pipe", "space-grid")
Number = int | float
Value = Number | str | None  # None: blank; text: written as it is (`/`, `5万`)
TableValues = dict[str, dict[str, Value]]  # row -> column -> value
Values = dict[str, TableValues]  # table -> row -> column -> value

SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


SECTION_KEYS = ("overview", "active", "requests", "appeals", "problems", "other")
DEFAULT_TEXTS = {
    "overview": "本年度，我镇认真贯彻落实《中华人民共和国政府信息公开条例》和年度政务公开工作要点，"
                "政府信息公开工作有序推进。",
    "problems": "一是公开内容还不够全面；二是工作人员业务水平有待提高。上年度所列问题已整改到位。"
                "下一步将加强培训，完善公开内容。",
    "other": "本年度未收取信息处理费。本年度未发生政府信息公开工作责任追究情况。",
}


@dataclass
class ReportSpec:
    layout: str  # 2021 | 2019
    values: Values  # tables to render; a value may also be raw text such as "/" or "5万"
    agency: str = "江左镇人民政府"
    year: int = 2022
    published: str | None = None
    table_layouts: dict[str, str] = field(default_factory=dict)  # per-table override (mixed documents)
    headings: dict[str, str] = field(default_factory=dict)  # section key -> heading as written
    texts: dict[str, str] = field(default_factory=dict)  # section key -> body text (before a table)
    omit: set[str] = field(default_factory=set)  # sections left out altogether


def format_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _sections(spec: ReportSpec) -> Iterator[tuple[str, str, str | None, TableTemplate | None]]:
    """(heading, body text or None, table template or None) of each section the report has."""
    for key, heading in zip(SECTION_KEYS, SECTION_HEADINGS, strict=True):
        if key in spec.omit:
            continue
        table = load_template(spec.table_layouts.get(key, spec.layout)).tables[key] if key in spec.values else None
        yield key, spec.headings.get(key, heading), spec.texts.get(key, DEFAULT_TEXTS.get(key)), table


def render_report(spec: ReportSpec, family: str, rng: random.Random | None = None) -> str:
    """The report as text; without `rng` the tables carry no padding at all (canonical text)."""
    out: list[str] = []
    if spec.published:
        out.append(f"发布时间:{spec.published}")
    out += [f"{spec.agency}{spec.year}年政府信息公开工作年度报告", ""]
    for key, heading, text, table in _sections(spec):
        out += [heading] + ([text] if text else [])
        if table is not None:
            out += render_table(table, spec.values[key], family, rng)
        out.append("")
    return "\n".join(out)


CRAWLER_HEADER = ("标题: {title}", "发布时间: {published}", "文号: ", "发布机构: ", "栏目: 政府信息公开年报",
                  "原文链接: https://www.example.gov.cn/zwgk/nb/t{year}0115_1.htm",
                  "==================== 正文 ====================")


def render_one_line(spec: ReportSpec, rng: random.Random) -> str:
    """A page as a portal crawler saves it: a header of fields, then the whole report on one line,
    its blocks joined by a space or by nothing, each table row's cells run together or a space
    apart (as the page's cells were written: `一、本年新收…数量1000001`, `规章0 0 0`)."""
    title = f"{spec.agency}{spec.year}年政府信息公开工作年度报告"
    published = spec.published or f"{spec.year + 1}-01-15"
    parts = [title]
    for key, heading, text, table in _sections(spec):
        parts += [heading] + ([text] if text else [])
        if table is not None:
            parts += [rng.choice(["", " "]).join(cells) for _, cells in table_rows(table, spec.values[key])]
    body = "".join(p + rng.choice(["", " "]) for p in parts)
    header = [h.format(title=title, published=published, year=spec.year + 1) for h in CRAWLER_HEADER]
    return "\n".join(header + [body])


def zero_values(layout: str, table_layouts: dict[str, str] | None = None) -> Values:
    """Every cell 0: a report with nothing to find in its tables."""
    table_layouts = table_layouts or {}
    return {
        key: {row.key: {col.key: 0 for col in block.columns} for block, row in
              load_template(table_layouts.get(key, layout)).tables[key].rows()}
        for key in ("active", "requests", "appeals")
    }


def table_rows(table: TableTemplate, values: TableValues) -> list[tuple[str, list[str]]]:
    """The table as logical rows: (kind, cells) with kind 'header' or 'data'; a data row's
    cells are its labels followed by its values."""
    rows: list[tuple[str, list[str]]] = []
    if any(b.inline for b in table.blocks):
        block = table.blocks[0]
        cols = [c.label.text for c in block.columns]
        first, *rest = block.rows
        rows.append(("header", [first.label.text] + [h.text for h in table.header]))
        rows.append(("header", cols + [r.label.text for r in rest]))
        rows.append(("header", cols * len(rest)))
        rows.append(("data", [format_value(values[r.key][c.key]) for r in block.rows for c in block.columns]))
        return rows
    if table.key == "requests":
        block = table.blocks[0]
        rows.append(("header", [h.text for h in table.header[:2]]))
        rows.append(("header", [block.columns[0].label.text, table.header[2].text, block.columns[-1].label.text]))
        rows.append(("header", [c.label.text for c in block.columns[1:-1]]))
    for block in table.blocks:
        if block.label:
            rows.append(("header", [block.label.text]))
        if table.key != "requests":
            rows.append(("header", [h.text for h in table.header] + [c.label.text for c in block.columns]))
        for row in block.rows:
            cells = list(row.opens) + [row.label.text]
            rows.append(("data", cells + [format_value(values[row.key][c.key]) for c in block.columns]))
    return rows


def render_table(table: TableTemplate, values: TableValues, family: str, rng: random.Random | None) -> list[str]:
    rows = table_rows(table, values)
    rng = rng or _NoPadding()
    n_labels = {id(cells): _label_count(cells) for _, cells in rows}
    if family == "tab-grid":
        return [_tab_row(kind, cells, n_labels[id(cells)], rng) for kind, cells in rows]
    if family == "pipe-rows":
        return [" | ".join(cells) + " |" + "|" * rng.randint(0, 2) * (kind == "data") for kind, cells in rows]
    if family == "cell-pipe":
        out = []
        for kind, cells in rows:
            out += [f"{c} |" if c else "|" for c in cells]
            # A trailing empty cell or a separator line of bars; after a header that a
            # label-less data line follows (table 四), always the separator.
            single = kind == "data" or n_labels[id(cells)] and rng.random() < 0.5
            out.append("|" if single and not _before_unlabelled(rows, kind, cells) else "|" * rng.randint(2, 5))
        return out
    if family == "cell-per-line":
        out = []
        for kind, cells in rows:
            labels = n_labels[id(cells)] if kind == "data" else len(cells)
            if labels:
                out += ["\t"] * rng.randint(0, 2)  # merged cells before the label
            for i, c in enumerate(cells):
                out += _wrapped(c, rng) if i < labels else ["\t" + c]
            out.append("")
        return out
    if family == "space-grid":
        # Between spaces an empty cell leaves no trace: text of this kind marks a blank with "/".
        return [_space_row(cells, rng) for _, cells in rows]
    raise ValueError(f"unknown family {family}")


class _NoPadding(random.Random):
    """A random source that always draws the smallest choice: no padding, no wrapping."""

    def randint(self, a: int, b: int) -> int:
        return a

    def random(self) -> float:
        return 1.0


def _before_unlabelled(rows: list[tuple[str, list[str]]], kind: str, cells: list[str]) -> bool:
    """Is this the last header row before a data row that has no label of its own?"""
    i = next(k for k, (_, c) in enumerate(rows) if c is cells)
    return kind == "header" and i + 1 < len(rows) and rows[i + 1][0] == "data" and _label_count(rows[i + 1][1]) == 0


def _label_count(cells: list[str]) -> int:
    k = 0
    while k < len(cells) and not is_value(cells[k]):
        k += 1
    return k


def _tab_row(kind: str, cells: list[str], labels: int, rng: random.Random) -> str:
    if kind == "header":
        return "\t".join(cells) + "\t" * rng.randint(0, 3)
    lead = [""] * rng.randint(0, 2)
    pad = [""] * rng.randint(0, 2)  # merged label cells between the label and the values
    return "\t".join(lead + cells[:labels] + pad + cells[labels:])


def _space_row(cells: list[str], rng: random.Random) -> str:
    """Cells apart by one space or by a run of them, as a PDF viewer's copy gives them."""
    out = cells[0] or "/"
    for c in cells[1:]:
        out += " " * rng.randint(1, 4) + (c or "/")
    return out


def _wrapped(label: str, rng: random.Random) -> list[str]:
    """A label broken over lines: the first piece after a tab, the rest on lines of their own."""
    if len(label) < 6 or rng.random() < 0.5:
        return ["\t" + label]
    cut = rng.randint(2, len(label) - 2)
    return ["\t" + label[:cut], label[cut:]]


# ------------------------------------------------------------------ tables with merged cells


@dataclass(frozen=True)
class GridCell:
    text: str
    rowspan: int = 1
    colspan: int = 1


def table_grid(table: TableTemplate, values: TableValues) -> list[list[GridCell]]:
    """The table as portals lay it out, merged cells and all: block labels across the table,
    group labels down their rows, header cells over the columns they head. Each row lists only
    the cells that start in it."""
    if any(b.inline for b in table.blocks):
        return _appeals_grid(table, values)
    if table.key == "requests":
        return _requests_grid(table, values)
    return _active_grid(table, values)


def _active_grid(table: TableTemplate, values: TableValues) -> list[list[GridCell]]:
    width = 1 + max(len(b.columns) for b in table.blocks)
    rows = []
    for block in table.blocks:
        if block.label:
            rows.append([GridCell(block.label.text, colspan=width)])
        labels = [c.label.text for c in block.columns]
        rows.append([GridCell(table.header[0].text)] + _spread(labels, width - 1))
        for row in block.rows:
            cells = [format_value(values[row.key][c.key]) for c in block.columns]
            rows.append([GridCell(row.label.text)] + _spread(cells, width - 1))
    return rows


def _spread(texts: list[str], width: int) -> list[GridCell]:
    """Cells over `width` columns, the last one spanning what is left."""
    out = [GridCell(t) for t in texts[:-1]]
    return out + [GridCell(texts[-1], colspan=width - len(texts) + 1)]


def _requests_grid(table: TableTemplate, values: TableValues) -> list[list[GridCell]]:
    block = table.blocks[0]
    cols = block.columns
    rows = [
        [GridCell(table.header[0].text, rowspan=3, colspan=3), GridCell(table.header[1].text, colspan=len(cols))],
        [GridCell(cols[0].label.text, rowspan=2), GridCell(table.header[2].text, colspan=len(cols) - 2),
         GridCell(cols[-1].label.text, rowspan=2)],
        [GridCell(c.label.text) for c in cols[1:-1]],
    ]
    keys = [r.key for r in block.rows]
    outer_start, outer_end = keys.index("granted"), keys.index("results_total")
    for i, row in enumerate(block.rows):
        cells: list[GridCell] = []
        if i == outer_start:  # 三、本年度办理结果 runs down every result row
            cells.append(GridCell(row.opens[0], rowspan=outer_end - outer_start + 1))
            opens = row.opens[1:]
        else:
            opens = row.opens
        label_cols = 3 if not outer_start <= i <= outer_end else 2
        numbered = row.label.text[:1].isdigit()
        if opens:  # (三)不予公开 runs down its numbered items
            following = block.rows[i + 1:]
            members = 1 + next((k for k, r in enumerate(following) if r.opens or not r.label.text[:1].isdigit()),
                               len(following))
            cells.append(GridCell(opens[0], rowspan=members))
            cells.append(GridCell(row.label.text))
        elif numbered:
            cells.append(GridCell(row.label.text))
        else:
            cells.append(GridCell(row.label.text, colspan=label_cols))
        cells += [GridCell(format_value(values[row.key][c.key])) for c in cols]
        rows.append(cells)
    return rows


def _appeals_grid(table: TableTemplate, values: TableValues) -> list[list[GridCell]]:
    block = next(b for b in table.blocks if b.inline)
    cols = [c.label.text for c in block.columns]
    first, *rest = block.rows
    width = len(cols)
    return [
        [GridCell(first.label.text, colspan=width), GridCell(table.header[0].text, colspan=width * len(rest))],
        [GridCell(c, rowspan=2) for c in cols] + [GridCell(r.label.text, colspan=width) for r in rest],
        [GridCell(c) for c in cols * len(rest)],
        [GridCell(format_value(values[r.key][c.key])) for r in block.rows for c in block.columns],
    ]


def report_blocks(spec: ReportSpec) -> list[tuple[str, object]]:
    """The report as blocks for a container: ("p", text) paragraphs and ("table", grid) tables."""
    blocks: list[tuple[str, object]] = []
    if spec.published:
        blocks.append(("p", f"发布时间:{spec.published}"))
    blocks.append(("p", f"{spec.agency}{spec.year}年政府信息公开工作年度报告"))
    for key, heading in zip(SECTION_KEYS, SECTION_HEADINGS, strict=True):
        if key in spec.omit:
            continue
        blocks.append(("p", spec.headings.get(key, heading)))
        text = spec.texts.get(key, DEFAULT_TEXTS.get(key))
        if text:
            blocks.append(("p", text))
        if key in spec.values:
            layout = spec.table_layouts.get(key, spec.layout)
            blocks.append(("table", table_grid(load_template(layout).tables[key], spec.values[key])))
    return blocks
