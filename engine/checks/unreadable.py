"""A file that could not be read as a report at all (empty, binary, not a report, too large).

The batch runner reports it with this rule's severity and message; on a parsed report the check
never fires, since a parsed report was readable."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..model import Report
from .base import Context, Hit
from .base import Params as Base

SUMMARY = "文件无法作为年度报告读取（空文件、二进制文件、不是年度报告、文件过大等），说明原因。"
PLACEHOLDERS = {"default": {"reason"}}
OUTCOMES: tuple[str, ...] = ()


class Params(Base):
    kind: Literal["unreadable"]


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    return iter(())
