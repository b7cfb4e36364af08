"""A unit on the roster that sent no report for the year the run audits.

The runner reports it with this rule's severity and message, as an entry of its own (status
`missing`, no file); on a report the check never fires, since a report was sent. The year is the
one most reports of the run are about, or `audit run --year`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..model import Report
from .base import Context, Hit
from .base import Params as Base

SUMMARY = "名单上的单位没有报送本年度的年度报告（以独立条目列出，状态为“未报送”）。"
PLACEHOLDERS = {"default": {"unit", "group", "year", "roster"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["roster_missing"]


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    return iter(())
