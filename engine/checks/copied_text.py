"""A section whose text largely repeats another report's (内容雷同).

`relation: other_unit` looks at other units' reports of the same year; `relation: last_year` at the
same unit's report of the year before (copied with the year changed: digits do not count as
differences). The comparison itself runs once per batch, before the rules (engine/copies.py: the
national format's wording never counts, nor phrases that most units of the batch share); this
check reports what it found for the sections it names, where at least `threshold` of the
section's own text, and at least `min_chars` characters, are found in the other report's section
of the same name. Both reports of a copied pair are reported: which one copied is not for a tool
to say. One finding per section names the other reports (the most similar first) and quotes the
longest shared passage.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Report
from ..names import section_title
from .base import Context, Hit, SectionKey
from .base import Params as Base

if TYPE_CHECKING:
    from ..across import Shared

SUMMARY = ("内容雷同：某一部分的文字大部分与其他单位同年度报告（或本单位上年报告）的相应部分相同；"
           "引用相同的段落并指出是哪一份报告。规定格式本身的文字（标题、表格项目、《条例》开头语）不计。")
PLACEHOLDERS = {"default": {"section", "others", "count", "share", "chars", "passage"}}
OUTCOMES: tuple[str, ...] = ()
MAX_NAMED = 3  # other reports named in one message; the locations list them all


class Params(Base):
    kind: Literal["copied_text"]
    relation: Annotated[Literal["other_unit", "last_year"], Field(description=(
        "与谁比较：other_unit（其他单位同一年度的报告）或 last_year（本单位上一年度的报告）。"))]
    sections: Annotated[list[SectionKey], Field(min_length=1, description=(
        "比较哪些部分，写部分键名，如 overview（一、总体情况）、problems（五、存在的主要问题及改进情况）、"
        "other（六、其他需要报告的事项）。统计表不比较。"))] = ["overview", "problems", "other"]
    threshold: Annotated[float, Field(gt=0, le=1, description=(
        "本部分文字有多大比例与对方相同时报告，0 到 1 之间，如 0.5 表示一半以上。"))] = 0.5
    min_chars: Annotated[int, Field(ge=20, description="相同的文字至少多少字才报告，免得短短几句也报告；默认 100。")] = 100
    ignore: Annotated[list[str], Field(description=(
        "不算雷同的固定说法（如本省要求的统一表述）；规定格式的标题和表格项目本来就不算，不必写。"))] = []


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    if ctx.across is None:
        return
    by_section: dict[str, list[Shared]] = {}
    for c in ctx.across.copies:
        if (c.relation == params.relation and c.section in params.sections and c.share >= params.threshold
                and c.shared_chars >= params.min_chars):
            by_section.setdefault(c.section, []).append(c)
    for key in params.sections:  # in the rule's order, which is the report's
        found = sorted(by_section.get(key, []), key=lambda c: (-c.share, c.other))
        if not found:
            continue
        top = found[0]
        named = "、".join(f"{_report_name(c, params.relation)}（{c.other}，{_percent(c.share)}）" for c in found[:MAX_NAMED])
        more = f"等 {len(found)} 份报告" if len(found) > MAX_NAMED else ""
        section = report.section(key)
        yield Hit(
            {"section": section_title(key), "others": named + more, "count": len(found),
             "share": _percent(top.share), "chars": top.shared_chars, "passage": top.passage},
            [Location(section=key, line=section.line if section else None)]
            + [Location(path=c.other, section=c.other_section) for c in found],
            {"relation": params.relation,
             "copies": [{"other": c.other, "unit": c.other_unit, "year": c.other_year, "section": c.other_section,
                         "share": round(c.share, 3), "shared_chars": c.shared_chars, "passage": c.passage,
                         "other_passage": c.other_passage} for c in found]},
        )


def _report_name(copy: Shared, relation: str) -> str:
    unit, year = copy.other_unit, copy.other_year
    if relation == "last_year":
        return f"本单位 {year} 年度报告"
    return f"{unit or '另一单位'} {year} 年度报告" if year else f"{unit or '另一单位'}的报告"


def _percent(share: float) -> str:
    return f"{int(share * 100 + 1e-9)}%"
