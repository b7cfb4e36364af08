"""A statement the report must make: a finding when none of `patterns` (regular expressions over
the normalised text) occurs in the named section, or, with `section: anywhere`, anywhere in the
report. From the 2021 reports on, section 六 states whether 信息处理费 was charged
(国办函〔2020〕109号); every level of government states its 工作考核、社会评议和责任追究结果
(《条例》第五十条). A missing section is reported by `section_present`, not here.

`{content}` tells what the section holds instead: all of it when it is short, else its length and
how it begins. With `mentions`, a report that names the subject without making the statement
(纳入绩效考核 is no result of one) gets the outcome `mentioned`, which quotes those lines in
`{mentions}`. With `min_chars`, a section that says next to nothing is left to `section_substance`.
Where the statement is found, the sentence is kept for `audit run --explain-passes`: that of the
first pattern in the rule's order that occurs, so a rule lists its surest wordings first.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Report
from ..names import section_title
from ._finder import Finder
from ._text import line_list, sentence
from .base import PASSED, Context, Hit, Regexes, SectionKey
from .base import Params as Base

SUMMARY = "某部分应有的说明（如第六部分的信息处理费收取情况）找不到。"  # for users: rule docs and `audit rules explain`
PLACEHOLDERS = {"default": {"section", "content"}, "mentioned": {"section", "content", "mentions", "lines"}}
OUTCOMES: tuple[str, ...] = ("mentioned",)
MAX_MENTIONS = 3  # lines quoted in {mentions}


class Params(Base):
    kind: Literal["text_present"]
    # anywhere: the whole report, preamble included
    section: Annotated[SectionKey | Literal["anywhere"], Field(description=(
        "在哪里查找：部分键名 overview、active、requests、appeals、problems、other"
        "（依次为第一至第六部分，只查标题下的正文），"
        "或 anywhere（全文，含第一个部分标题之前的文字）。指定的部分缺失时不在此报告。"))]
    patterns: Annotated[Regexes, Field(description=(
        "应有的说明的写法，Python 正则表达式列表，"
        "在规范化后的正文（繁体已转简体，全角数字和标点如“，；：（）”已转半角）中查找；"
        "各行先连成一段，所以折行的句子也能找到（^ 和 $ 指整段的首尾）。任何一个出现就不报告。"
        "把最确切的写法放在前面：--explain-passes 引用的是列表中最先出现的写法所在的句子。"))]
    mentions: Annotated[Regexes, Field(description=(
        "只提到了这件事、却没有作出说明的写法（如只写“纳入绩效考核”），正则表达式列表，可不写。"
        "找不到应有的说明、但有这些写法时，按 outcomes.mentioned 报告，并在 {mentions} 中引用这些句子。"))] = []
    min_chars: Annotated[int, Field(ge=0, description=(
        "该部分去掉空白和标点后少于这个字数时不报告（空洞的部分由 section_substance 类规则报告，免得重复）；"
        "默认 0，即总是检查。"))] = 0


def outcomes(params: Params) -> tuple[str, ...]:
    """`mentioned` only where the rule says what a mere mention looks like."""
    return OUTCOMES if params.mentions else ()


_COMPILED: dict[tuple[str, ...], Finder] = {}
_NOISE = re.compile(r"[\s\W_]+")

ANYWHERE = ("preamble", "overview", "active", "requests", "appeals", "problems", "other")


def _compiled(patterns: list[str]) -> Finder:
    key = tuple(patterns)
    if key not in _COMPILED:
        _COMPILED[key] = Finder(key)
    return _COMPILED[key]


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    anywhere = params.section == "anywhere"
    section = None if anywhere else report.section(params.section)
    if section is None and not anywhere:
        return
    body = _Body(ctx.lines(ANYWHERE if anywhere else [params.section]))
    if _compiled(params.patterns).search(body.text):
        n, quote = _quote(body, params.patterns)
        yield Hit({}, [Location(section=_section_at(report, n), line=n)], {"quote": quote}, outcome=PASSED)
        return
    if len(_NOISE.sub("", body.text)) < params.min_chars:
        return
    values = {"section": "全文" if anywhere else section_title(params.section), "content": _content(body.text, anywhere)}
    where = [Location(section=None if anywhere else params.section, line=section.line if section else None)]
    mentioned = _mentions(body, params.mentions) if params.mentions else []
    if mentioned:
        quotes = "、".join(f"第 {n} 行“{q}”" for n, q in mentioned[:MAX_MENTIONS])
        more = f"等 {len(mentioned)} 处" if len(mentioned) > MAX_MENTIONS else ""
        yield Hit({**values, "mentions": quotes + more, "lines": line_list(n for n, _ in mentioned)},
                  [Location(section=_section_at(report, n), line=n) for n, _ in mentioned],
                  {"mentions": [{"line": n, "quote": q} for n, q in mentioned]}, outcome="mentioned")
        return
    yield Hit(values, where, {"section_text": body.text[:200]})


class _Body:
    """The lines joined into one text: a sentence that a PDF or a narrow page wrapped over two
    lines is still one sentence. `line(i)` is the line that holds character i."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.numbers = [n for n, _ in lines]
        texts = [t.strip() for _, t in lines]
        self.starts = list(accumulate((len(t) for t in texts[:-1]), initial=0)) if texts else []
        self.text = "".join(texts)

    def _index(self, i: int) -> int:
        return bisect_right(self.starts, i) - 1

    def line(self, i: int) -> int:
        return self.numbers[self._index(i)]

    def sentence(self, start: int, end: int, limit: int = 80) -> str:
        """The sentence around [start, end), within the lines the match touches: a heading on the
        line before (which ends in no 。) stays out of it."""
        first, last = self._index(start), self._index(max(start, end - 1))
        lo = self.starts[first]
        hi = self.starts[last + 1] if last + 1 < len(self.starts) else len(self.text)
        return sentence(self.text[lo:hi], start - lo, end - lo, limit)


def _quote(body: _Body, patterns: list[str]) -> tuple[int, str]:
    """The sentence that satisfies the rule: the first pattern, in the rule's order, that occurs
    (a rule lists its surest wordings first), where it first occurs."""
    for p in patterns:
        m = _compiled([p]).search(body.text)
        if m:
            return body.line(m.start()), body.sentence(m.start(), m.end())
    raise AssertionError("called only where a pattern occurs")


def _mentions(body: _Body, patterns: list[str]) -> list[tuple[int, str]]:
    """(line, sentence) of each sentence that mentions the subject, once each."""
    found: dict[str, int] = {}
    for m in _compiled(patterns).finditer(body.text):
        found.setdefault(body.sentence(m.start(), m.end(), limit=60), body.line(m.start()))
    return [(n, q) for q, n in found.items()]


def _section_at(report: Report, line: int) -> str | None:
    section = report.section_at(line)
    return section.key if section else None


QUOTE_CHARS = 40  # a section this short is quoted whole


def _content(text: str, anywhere: bool) -> str:
    where = "全文" if anywhere else "该部分"
    if not text:
        return f"{where}没有内容"
    if len(text) <= QUOTE_CHARS:
        return f"{where}只写了“{text}”"
    return f"{where}共 {len(text)} 字，开头是“{text[:20]}…”，其中没有相关说明"
