"""Chinese names of tables, rows, columns and sections, for messages that stand on their own."""

from __future__ import annotations

from functools import cache, lru_cache

from .template import Template, layouts, load_template, table_names, templates
from .vocab import vocab

TABLE_NAMES = table_names()  # 表二, 表三, 表四, by table key


@cache
def section_title(key: str) -> str:
    for n, spec in enumerate(vocab().sections, start=1):
        if spec.key == key:
            return f"{'一二三四五六'[n - 1]}、{spec.title}"
    return key


@lru_cache(maxsize=16)
def _labels(template: Template) -> dict[tuple[str, str], str]:
    names: dict[tuple[str, str], str] = {}
    for key, table in template.tables.items():
        for block in table.blocks:
            for row in block.rows:
                names[(key, row.key)] = row.label.text
            for col in block.columns:
                names.setdefault((key, "col:" + col.key), col.label.text)
    return names


def known_layout(layout: str | None) -> str:
    """The layout, or where it is none (`mixed`, `unknown`) the newest: names are looked up there."""
    return layout if layout in layouts() else layouts()[0]


def layout_name(layout: str | None) -> str:
    """A layout for people: `2021 版（国办公开办函〔2021〕30号）`, `两版混用`, `未能识别`."""
    if layout in layouts():
        return load_template(layout).title
    return {"mixed": "两版混用", "unknown": "未能识别"}.get(layout or "", "—")


def layout_short(layout: str | None) -> str:
    """A layout where space is short: `2021版`, `混用`, `未识别`."""
    if layout in layouts():
        return load_template(layout).short
    return {"mixed": "混用", "unknown": "未识别"}.get(layout or "", "—")


def table_title(key: str) -> str:
    """A table with its name and title: `表三 收到和处理政府信息公开申请情况`."""
    return f"{TABLE_NAMES[key]} {load_template(layouts()[0]).tables[key].title}"


def _name(table: str, key: str, layout: str | None) -> str | None:
    for template in (load_template(known_layout(layout)), *templates().values()):
        name = _labels(template).get((table, key))
        if name:
            return name
    return None


def row_name(table: str, row: str, layout: str | None = None) -> str:
    return _name(table, row, layout) or row


def column_name(table: str, column: str, layout: str | None = None) -> str:
    return _name(table, "col:" + column, layout) or column


def cell_name(table: str, row: str, column: str, layout: str | None = None) -> str:
    return f"{row_name(table, row, layout)} / {column_name(table, column, layout)}"
