"""Chinese names of tables, rows, columns and sections, for messages that stand on their own."""

from __future__ import annotations

from functools import lru_cache

from .template import LAYOUTS, load_template
from .vocab import vocab

TABLE_NAMES = {"active": "表二", "requests": "表三", "appeals": "表四"}


@lru_cache(maxsize=None)
def section_title(key: str) -> str:
    for n, spec in enumerate(vocab().sections, start=1):
        if spec.key == key:
            return f"{'一二三四五六'[n - 1]}、{spec.title}"
    return key


@lru_cache(maxsize=None)
def _labels(layout: str) -> dict[tuple[str, str], str]:
    names: dict[tuple[str, str], str] = {}
    for key, table in load_template(layout).tables.items():
        for block in table.blocks:
            for row in block.rows:
                names[(key, row.key)] = row.label.text
            for col in block.columns:
                names.setdefault((key, "col:" + col.key), col.label.text)
    return names


def _layout(layout: str | None) -> str:
    return layout if layout in LAYOUTS else "2021"


def row_name(table: str, row: str, layout: str | None = None) -> str:
    for lay in (_layout(layout),) + LAYOUTS:
        name = _labels(lay).get((table, row))
        if name:
            return name
    return row


def column_name(table: str, column: str, layout: str | None = None) -> str:
    for lay in (_layout(layout),) + LAYOUTS:
        name = _labels(lay).get((table, "col:" + column))
        if name:
            return name
    return column


def cell_name(table: str, row: str, column: str, layout: str | None = None) -> str:
    return f"{row_name(table, row, layout)} / {column_name(table, column, layout)}"
