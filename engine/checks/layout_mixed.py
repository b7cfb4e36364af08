"""Tables of one report in different layouts (e.g. a 2021 table 二 beside a 2019 table 三 with its
single （六）其他处理 row). Table 四 is the same in both layouts and never decides."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..findings import Location
from ..model import Report
from ..names import TABLE_NAMES
from .base import Context, Hit
from .base import Params as Base

# For users: rule docs and `audit rules explain`.
SUMMARY = "同一份报告的统计表混用 2019 年和 2021 年两种格式（表四两版相同，不参与判断）。"
PLACEHOLDERS = {"default": {"details"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["layout_mixed"]


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    if report.layout != "mixed":
        return
    tables = {k: t.layout for k, t in report.tables.items() if k != "appeals"}
    details = "，".join(f"{TABLE_NAMES[k]}为 {layout} 版格式" for k, layout in tables.items())
    yield Hit(
        {"details": details},
        [Location(table=k, line=report.tables[k].lines[0] or None) for k in tables],
        {"tables": tables},
    )
