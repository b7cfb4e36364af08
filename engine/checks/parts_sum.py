"""A sentence that states a total and lists its parts, where the parts do not add up
(`共发布信息约102条，涵盖工作动态41条、部门文件30条…` where the parts make 93).

`total` finds the total (named groups `total` and `unit`); `intro` the word that opens the list
(其中, 涵盖, 包括). The list runs over parts written `名称 数字 单位` with the same unit, separated by
`、`, commas or semicolons, `以及`/`和`/`及` joining the last part; a part's own breakdown in
brackets is passed over. A separator stronger than the list's own may end the list or not: the
sums of both readings are compared, and only a total that neither gives is reported. A list that stops inside
its clause (`…等`) names only some of the parts and is not added up. A total said to be
approximate (约) is reported all the same, and said so."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Report
from .base import Context, Hit, Regex, TextScope
from .base import Params as Base

SUMMARY = "正文中一句话列出的各分项之和与所说的总数不符。"  # for users: rule docs and `audit rules explain`
PLACEHOLDERS = {"default": {"quote", "total", "parts", "sum", "approx"}}
OUTCOMES: tuple[str, ...] = ()
_SEP = re.compile(r"以及|及|和|、|,|;")
_RANK = {"、": 0, ",": 1, ";": 2}  # a list ends at a separator stronger than its own
_ASIDE = re.compile(r"\([^()]*\)")  # 部门文件145条(规范性文件2条、其他文件143条): a breakdown of one part
_CLAUSE_END = re.compile(r"[。;,]|$")


TotalPattern = Annotated[str, Regex("total", "unit")]
Pattern = Annotated[str, Regex()]


class Params(Base):
    kind: Literal["parts_sum"]
    scopes: Annotated[list[TextScope], Field(description=(
        "在哪里查找：preamble（第一个部分标题之前的文字）或部分键名 overview、active、requests、appeals、problems、other"
        "（依次为第一至第六部分的正文）。默认 [preamble, overview, problems, other]。"))] = [
        "preamble", "overview", "problems", "other"]
    total: Annotated[TotalPattern, Field(description=(
        "找出总数的 Python 正则表达式，逐行匹配规范化后的正文（繁体已转简体，全角数字和标点如“，；：（）”已转半角）；"
        "必须有命名分组 `(?P<total>…)`（阿拉伯数字）和 `(?P<unit>…)`（单位，如条、件）。"
        "匹配到的文字含“约”的，照样核对并在提示中注明。"))]
    intro: Annotated[Pattern, Field(description=(
        "紧接总数、引出分项列举的词的 Python 正则表达式，如匹配“其中”“涵盖”“包括”的表达式；词前可有逗号或冒号。"
        "只计单位与总数相同的分项。"))]
    min_parts: Annotated[int, Field(description="至少列出几个分项才核对；整数，默认 2。")] = 2


def _parts(text: str, unit: str) -> tuple[list[tuple[str, int]], int, set[int]]:
    """The parts listed from the start of text, where the list ends, and every sum the list could
    mean. The list is read up to the end of its sentence; where a separator stronger than the
    list's own follows (`…4条，扶贫、教育类信息6条；应急预案类信息43条`) the list may end there or go
    on, and both sums count. No parts when the list stops inside its clause (`…等`, or words it
    cannot read): then what it holds is not known."""
    part = re.compile(rf"(?P<name>[^,;。]*?)(?P<n>\d+)\s*{re.escape(unit)}")
    parts: list[tuple[str, int]] = []
    pos, end, style, cut = 0, 0, None, None
    sums: set[int] = set()
    while True:
        m = part.match(text, pos)
        if not m:
            if parts and pos > end:  # a separator, then words that are no part
                return [], end, sums
            break
        parts.append((m.group("name").strip(), int(m.group("n"))))
        aside = _ASIDE.match(text, m.end())
        pos = end = aside.end() if aside else m.end()
        sep = _SEP.match(text, pos)
        if not sep:
            break
        rank = _RANK.get(sep.group())
        if rank is not None:
            if style is None:
                style = rank
            elif rank > style:
                sums.add(sum(v for _, v in parts))
                cut = len(parts) if cut is None else cut
                style = rank
        pos = sep.end()
    if parts and not _CLAUSE_END.match(text, end):
        return [], end, sums
    sums.add(sum(v for _, v in parts))
    return parts[:cut] if cut else parts, end, sums


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    total_re = re.compile(params.total)
    intro_re = re.compile(rf"^[,:]?\s*(?:{params.intro})[:]?")
    for n, text in ctx.lines(params.scopes):
        for m in total_re.finditer(text):
            intro = intro_re.match(text[m.end():])
            if not intro:
                continue
            start = m.end() + intro.end()
            parts, end, sums = _parts(text[start:], m.group("unit"))
            if len(parts) < params.min_parts:
                continue
            total, got = int(m.group("total")), sum(v for _, v in parts)
            if total in sums:
                continue
            approx = "约" in m.group(0)
            clause = max(text.rfind(c, 0, m.start()) for c in "。;,") + 1  # the quote starts with the clause
            yield Hit(
                {"quote": text[clause: start + end],
                 "total": f"{'约' if approx else ''}{total}{m.group('unit')}",
                 "parts": " + ".join(f"{name}{v}" for name, v in parts), "sum": got,
                 "approx": "（原文称“约”，仍请核实）" if approx else ""},
                [Location(line=n)],
                {"total": total, "approximate": approx, "parts": [{"name": k, "value": v} for k, v in parts],
                 "sum": got},
            )
