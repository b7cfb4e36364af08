"""Find the six sections by key phrase, whatever their numbering, and the page furniture.

Every short line that carries a section's key phrase is a candidate heading. The headings are
the best-scoring chain of candidates in section order, so that a sub-heading such as
`(七)因政府信息公开申请提起行政复议、行政诉讼的情况` inside 一 cannot pass for section 四.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .labels import canon, without_note
from .vocab import SectionSpec, vocab

_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
_NUMBERING = re.compile(
    r"^(?:第?(?P<cn>[一二三四五六七八九十]{1,2})[、.,:]"
    r"|\((?P<pcn>[一二三四五六七八九十]{1,2})\)[、.]?"
    r"|(?P<ar>\d{1,2})(?:[、.,:)]|\s)"
    r"|\((?P<par>\d{1,2})\))\s*"
)
_BARE = re.compile(r"[一二三四五六七八九十]{1,2}")
_EDGE = " \t|#*>"
FURNITURE_MAX_CHARS = 160  # breadcrumbs and page lines are short; prose is not furniture


@lru_cache(maxsize=1)
def _any_phrase() -> re.Pattern:
    """Any section's key phrase: a quick first test before a line is looked at closely."""
    return re.compile("|".join(f"(?:{s.phrases.pattern})" for s in vocab().sections))


@lru_cache(maxsize=1)
def _phrase_ends() -> re.Pattern | None:
    """The last character of every key phrase (况, 述, 息 …): a line with none of them holds no
    phrase, which a character class tells faster than the phrases. None if a phrase does not
    end in a plain Chinese character."""
    ends = set()
    for spec in vocab().sections:
        for phrase in spec.phrases.pattern.split("|"):
            last = phrase.strip("()?:")[-1:]
            if not ("\u4e00" <= last <= "\u9fff") or phrase.endswith(("?", "*", "}")):
                return None
            ends.add(last)
    return re.compile(f"[{''.join(sorted(ends))}]")


def _has_phrase(text: str) -> bool:
    ends = _phrase_ends()
    return (ends is None or ends.search(text) is not None) and _any_phrase().search(text) is not None


@dataclass(frozen=True)
class Heading:
    key: str
    line: int
    text: str  # the heading as written
    numbering: str
    number: int | None
    style: str  # cn | cn-bare | arabic | paren-cn | paren-arabic | none
    title: str
    score: float


@dataclass(frozen=True)
class Segments:
    headings: tuple[Heading, ...]  # in document order
    ends: tuple[int, ...]  # last body line of each heading's section
    furniture: tuple[int, ...]  # lines that are page furniture


def _numbering(text: str) -> tuple[str, int | None, str]:
    m = _NUMBERING.match(text)
    if not m:
        bare = _BARE.match(text)  # `一总体情况`: the number with no mark after it
        if bare and _any_phrase().match(text, bare.end()):
            return bare.group(), _cn_number(bare.group()), "cn-bare"
        return "", None, "none"
    if m.group("cn"):
        return m.group(0).strip(), _cn_number(m.group("cn")), "cn"
    if m.group("pcn"):
        return m.group(0).strip(), _cn_number(m.group("pcn")), "paren-cn"
    if m.group("ar"):
        return m.group(0).strip(), int(m.group("ar")), "arabic"
    return m.group(0).strip(), int(m.group("par")), "paren-arabic"


def _cn_number(text: str) -> int:
    if len(text) == 1:
        return _CN_DIGITS[text]
    if text[0] == "十":
        return 10 + _CN_DIGITS.get(text[1], 0)
    return _CN_DIGITS[text[0]] * 10 + (_CN_DIGITS.get(text[1], 0) if len(text) > 1 else 0)


_STYLE_SCORE = {"cn": 1.0, "cn-bare": 0.5, "arabic": 0.5, "none": 0.0, "paren-cn": -1.0, "paren-arabic": -1.0}


def _score(spec: SectionSpec, title: str, number: int | None, style: str) -> float:
    score = 2.0
    if canon(title).rstrip("。.:") == canon(spec.title):
        score += 2.0
    elif len(title) <= len(spec.title) + 6:
        score += 0.5
    score += _STYLE_SCORE[style]
    if number == spec.number and style in ("cn", "cn-bare", "arabic"):
        score += 2.0
    return score


def segment(lines: list[str], known_furniture: tuple[int, ...] = ()) -> Segments:
    """The headings and the page furniture of the text; `known_furniture` are lines an earlier
    step already knows to be furniture."""
    v = vocab()
    # Read without the marks that frame a line (`# `, `| `, `**`).
    furniture = tuple(sorted(set(known_furniture).union(
        n for n, text in enumerate(lines, start=1)
        if len(text) <= FURNITURE_MAX_CHARS and v.furniture.match(text.strip(_EDGE)))))
    skip = set(furniture)
    candidates: list[tuple[int, Heading]] = []  # (section index, heading)
    for n, raw in enumerate(lines, start=1):
        if len(raw) > 2 * v.heading_max_chars or not _has_phrase(raw):
            continue
        text = raw.strip(_EDGE)
        if not text or len(text) > v.heading_max_chars or n in skip or _is_table_row(text):
            continue
        numbering, number, style = _numbering(text)
        if style == "none" and "," in text:
            continue  # an unnumbered line with a comma is a piece of a sentence, not a heading
        title = text[len(numbering):].strip() if numbering else text
        for i, spec in enumerate(v.sections):
            if spec.phrases.search(title):
                score = _score(spec, title, number, style)
                candidates.append((i, Heading(spec.key, n, text, numbering, number, style, title, score)))
    chain = _best_chain(candidates)
    ends = []
    for k, h in enumerate(chain):
        stop = chain[k + 1].line - 1 if k + 1 < len(chain) else len(lines)
        while stop > h.line and not lines[stop - 1].strip(" "):  # a lone tab is an empty cell
            stop -= 1
        ends.append(stop)
    return Segments(tuple(chain), tuple(ends), furniture)


def _is_table_row(text: str) -> bool:
    """Cells apart by a tab or a bar (`行政复议 | 行政诉讼`): a table's header row, not a heading.
    A bar only at the end (`四、…情况 |`) leaves the line a heading."""
    return "\t" in text or "|" in text.strip("| ")


def _best_chain(candidates: list[tuple[int, Heading]]) -> list[Heading]:
    """The highest-scoring sequence of candidates whose lines and section indexes both increase."""
    candidates.sort(key=lambda c: c[1].line)
    best: list[tuple[float, int]] = []  # (total score, index of predecessor or -1)
    for j, (sec, h) in enumerate(candidates):
        total, prev = h.score, -1
        for i in range(j):
            psec, ph = candidates[i]
            if psec < sec and ph.line < h.line and best[i][0] + h.score > total:
                total, prev = best[i][0] + h.score, i
        best.append((total, prev))
    if not best:
        return []
    j = max(range(len(best)), key=lambda k: best[k][0])
    chain = []
    while j != -1:
        chain.append(candidates[j][1])
        j = best[j][1]
    return chain[::-1]


def heading_deviations(h: Heading) -> list[str]:
    """How a heading departs from the official `一、总体情况` form."""
    spec = next(s for s in vocab().sections if s.key == h.key)
    out = []
    if h.style == "none":
        out.append("unnumbered")
    elif h.style != "cn":
        out.append("numbering-style")
    if h.number is not None and h.number != spec.number:
        out.append("number-mismatch")
    if without_note(canon(h.title).rstrip("。.:")) != canon(spec.title):
        out.append("wording")  # a note after the title (有关情况附表) is no change of wording
    return out
