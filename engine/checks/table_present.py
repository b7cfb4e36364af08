"""A section is there but its statistics table is not.

Tables 二, 三 and 四 sit in the sections of the same names. When the section heading is found
and no cell of its table could be read (the table was published as a picture, left out, or
written so that no label of the template can be found), the report cannot be checked cell by
cell, and saying nothing would let it pass. A missing section is `section_present`'s finding,
not this one's. One finding per missing table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Report
from ..names import TABLE_NAMES, section_title
from .base import Context, Hit, TableKey
from .base import Params as Base

# For users: rule docs and `audit rules explain`.
SUMMARY = "某部分的标题在，但其中没有可读取的统计表（例如统计表以图片发布或被遗漏）。"
PLACEHOLDERS = {"default": {"table", "section"}}
OUTCOMES: tuple[str, ...] = ()



class Params(Base):
    kind: Literal["table_present"]
    tables: Annotated[list[TableKey], Field(description=(
        "部分标题在时必须能读出的统计表：active（表二，在第二部分）、requests（表三，在第三部分）、appeals（表四，在第四部分）。"
        "每缺一张报告一条；整个部分缺失的由 section_present 报告。"))]


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    for key in params.tables:
        section = report.section(key)
        if section is not None and key not in report.tables:
            yield Hit({"table": TABLE_NAMES[key], "section": section_title(key)},
                      [Location(section=key, table=key, line=section.line)], {"table": key})
