"""Write a report model back as text, in any of the table families the parser reads.

Drives the property tests (render -> parse must give back the same cells) and the benchmark
corpus. Padding follows what real pages do in each family: merged cells before a label and
between a label and its values in tab grids, trailing bars in pipe families, padding cells
before labels and labels wrapped over lines in one-cell-per-line text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Optional, Union

from .template import TableTemplate, load_template

FAMILIES = ("tab-grid", "cell-per-line", "pipe-rows", "cell-pipe")
Number = Union[int, float]
Values = dict[str, dict[str, dict[str, Optional[Number]]]]  # table -> row -> column -> value (None: blank)

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
    "overview": "本年度，我镇认真贯彻落实《中华人民共和国政府信息公开条例》，政府信息公开工作有序推进。",
    "problems": "一是公开内容还不够全面；二是工作人员业务水平有待提高。下一步将加强培训，完善公开内容。",
    "other": "本年度未收取信息处理费。",
}


@dataclass
class ReportSpec:
    layout: str  # 2021 | 2019
    values: Values  # tables to render; a value may also be raw text such as "/" or "5万"
    agency: str = "江左镇人民政府"
    year: int = 2022
    published: Optional[str] = None
    table_layouts: dict[str, str] = field(default_factory=dict)  # per-table override (mixed documents)
    headings: dict[str, str] = field(default_factory=dict)  # section key -> heading as written
    texts: dict[str, str] = field(default_factory=dict)  # section key -> body text (before a table)
    omit: set[str] = field(default_factory=set)  # sections left out altogether


def format_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return repr(value)
    return str(value)


def render_report(spec: ReportSpec, family: str, rng: random.Random | None = None) -> str:
    """The report as text; without `rng` the tables carry no padding at all (canonical text)."""
    out: list[str] = []
    if spec.published:
        out.append(f"发布时间:{spec.published}")
    out += [f"{spec.agency}{spec.year}年政府信息公开工作年度报告", ""]
    for key, heading in zip(SECTION_KEYS, SECTION_HEADINGS):
        if key in spec.omit:
            continue
        out.append(spec.headings.get(key, heading))
        text = spec.texts.get(key, DEFAULT_TEXTS.get(key))
        if text:
            out.append(text)
        if key in spec.values:
            layout = spec.table_layouts.get(key, spec.layout)
            out += render_table(load_template(layout).tables[key], spec.values[key], family, rng)
        out.append("")
    return "\n".join(out)


def zero_values(layout: str, table_layouts: dict[str, str] | None = None) -> Values:
    """Every cell 0: a report with nothing to find in its tables."""
    table_layouts = table_layouts or {}
    return {
        key: {row.key: {col.key: 0 for col in block.columns} for block, row in
              load_template(table_layouts.get(key, layout)).tables[key].rows()}
        for key in ("active", "requests", "appeals")
    }


def table_rows(table: TableTemplate, values: dict[str, dict[str, Optional[Number]]]):
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


def render_table(table: TableTemplate, values, family: str, rng: random.Random | None) -> list[str]:
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
    raise ValueError(f"unknown family {family}")


class _NoPadding(random.Random):
    """A random source that always draws the smallest choice: no padding, no wrapping."""

    def randint(self, a, b):
        return a

    def random(self):
        return 1.0


def _before_unlabelled(rows, kind: str, cells: list[str]) -> bool:
    """Is this the last header row before a data row that has no label of its own?"""
    i = next(k for k, (_, c) in enumerate(rows) if c is cells)
    return kind == "header" and i + 1 < len(rows) and rows[i + 1][0] == "data" and _label_count(rows[i + 1][1]) == 0


def _label_count(cells: list[str]) -> int:
    from .align import is_value

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


def _wrapped(label: str, rng: random.Random) -> list[str]:
    """A label broken over lines: the first piece after a tab, the rest on lines of their own."""
    if len(label) < 6 or rng.random() < 0.5:
        return ["\t" + label]
    cut = rng.randint(2, len(label) - 2)
    return ["\t" + label[:cut], label[cut:]]
