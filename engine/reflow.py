"""A page saved on one line: cut into the lines a reader sees.

Portal crawlers join a page's blocks with a space, or with nothing at all, so that a whole report
(title, paragraphs, headings, the three tables) is one line, and a table's cells run together
(`一、本年新收政府信息公开申请数量1000001二、上年结转…`). Such a line is cut into: page furniture
(breadcrumbs, HTML comments, Word style sheets) each on a line of its own; the section headings,
each on its own line; paragraphs; and, under the table sections, one line per table label with
the values written after it. Nothing is dropped: every character but the spaces at a cut stays,
in order (furniture found inside a table goes before the table). The result replaces the text;
line numbers are those of the text written beside the findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from .labels import canon_positions
from .normalise import Mojibake, Text
from .template import Registry, registry, table_keys
from .vocab import vocab

PAGE_LINE_CHARS = 400  # a page: this long with two section headings inside, or half as long with three
HEADING_WORDS = 30  # the most characters between a heading's numbering and the end of its title
# Chinese numbering: `三、`, or `一` with no mark when nothing Chinese stands before it (`。一总体情况`).
_CN_NUMBER = re.compile(r"[一二三四五六七八九十]{1,2}、|(?<![\u4e00-\u9fff])[一二三四五六七八九十]{1,2}(?=[\u4e00-\u9fff])")
# Where a heading's title ends: at the first ending word (two in a row: 工作计划), then a short
# bracketed note (有关情况附表). A key phrase that ends in such a word ends the title itself.
_ENDING = "(?:情况|事项|措施|工作|概述|概况|计划|打算|思路|方向)"
_TITLE_END = re.compile(rf"(?:[^。,;:!?\s\d()]{{0,20}}?{_ENDING}{_ENDING}?)?")
_NOTE = re.compile(r"(?:\((?![一二三四五六七八九十\d]{1,2}\))[^()]{1,12}\))?")  # not `(一)`, which opens a sub-heading
_ENDS_TITLE = re.compile(rf"{_ENDING}$")
_SENTENCE_END = "。!?;"
_SOFT_END = "、”)》:,"
# Values written together at the start of a text: `1000001`, `2 00 0`, `88-720`, `5元`.
_VALUES_AT_START = re.compile(r"^\s*(?:-?\d[\d.,]*+(?![年月日])(?:万元|元)?\s*|-\s*)+")
_NUMBERING_ONLY = re.compile(r"^[一二三四五六七八九十()、.]{1,3}$")
# A report's title at the start of the text, glued to what follows (…年度报告区管委会办公室:).
_TITLE_AT_START = re.compile(r"^.{0,60}?(?:19|20)\d{2}\s*年度?.{0,20}?(?:政府信息公开|政务公开).{0,8}?报告(?:的函)?")


@dataclass(frozen=True)
class _Heading:
    start: int
    end: int
    key: str


def reflow(text: Text) -> Text:
    """The text with every page-on-one-line cut into lines; the same text when there is none."""
    if max(map(len, text.lines), default=0) < PAGE_LINE_CHARS // 2:
        return text
    out: list[str] = []
    furniture: list[int] = []
    changed = False
    for line in text.lines:
        headings = _headings(line) if len(line) >= PAGE_LINE_CHARS // 2 else []
        if len(headings) >= 3 or (len(headings) == 2 and len(line) >= PAGE_LINE_CHARS):
            for piece, is_furniture in _cut_page(line, headings):
                out.append(piece)
                if is_furniture:
                    furniture.append(len(out))
            changed = True
        else:
            out.append(line)
    if not changed:
        return text
    return replace(text, lines=out, reflowed=True, furniture=tuple(furniture),
                   mojibake=[_moved(m, out) for m in text.mojibake])


def _moved(note: Mojibake, lines: list[str]) -> Mojibake:
    """A damaged spot, at the line it is on after the cut."""
    at = next((n for n, t in enumerate(lines, start=1) if note.text in t), note.line)
    return replace(note, line=at)


# ----------------------------------------------------------------------------- headings


def _headings(line: str) -> list[_Heading]:
    """The section headings written inside a line: Chinese numbering (`三、`), then within a few
    characters one of the section's key phrases, up to where the title ends."""
    found: list[_Heading] = []
    for m in _CN_NUMBER.finditer(line):
        if found and m.start() < found[-1].end:
            continue
        window = line[m.end():m.end() + HEADING_WORDS]
        for spec in vocab().sections:
            p = spec.phrases.search(window)
            if p is None or re.search(r"[。,;:!?]", window[:p.start()]) or p.start() > 12:
                continue
            if not m.group().endswith("、") and p.start() > 0:
                continue  # unmarked numbering: the key phrase must follow at once
            end = m.end() + p.end()
            if not _ENDS_TITLE.search(p.group()):
                end = _TITLE_END.match(line, end).end()  # type: ignore[union-attr]  # matches "" at worst
            end = _NOTE.match(line, end).end()  # type: ignore[union-attr]  # matches "" at worst
            found.append(_Heading(m.start(), end, spec.key))
            break
    return found


# ----------------------------------------------------------------------------- cutting a page


def _cut_page(line: str, headings: list[_Heading]) -> list[tuple[str, bool]]:
    """The page's lines, each with whether it is page furniture."""
    out: list[tuple[str, bool]] = []
    pos = 0
    preamble = True
    key = ""  # before the first heading, as after the last
    for h in headings + [_Heading(len(line), len(line), "")]:
        body = line[pos:h.start]
        if key in table_keys():
            # Furniture inside a table (an HTML comment between two cells) goes before it.
            pieces = list(_furniture_pieces(body))
            out += [(p.strip(), True) for p, furniture in pieces if furniture]
            out += [(t, False) for t in _table_lines("".join(p for p, furniture in pieces if not furniture), key)]
        else:
            out += _prose_lines(body, preamble)
        preamble = False
        if h.key:
            out.append((line[h.start:h.end].strip(), False))
        pos, key = h.end, h.key
    return [(t, f) for t, f in out if t]


def _prose_lines(text: str, preamble: bool) -> list[tuple[str, bool]]:
    """Furniture cut out, then the blocks the crawler joined with spaces; in the preamble the
    title, when something follows it without a space. Each with whether it is furniture."""
    out: list[tuple[str, bool]] = []
    for piece, furniture in _furniture_pieces(text):
        if furniture:
            out.append((piece.strip(), True))
            continue
        for block in _blocks(piece):
            m = _TITLE_AT_START.match(block) if preamble else None
            if m and m.end() < len(block):
                out += [(block[:m.end()], False), (block[m.end():], False)]
            else:
                out.append((block, False))
    return out


def _furniture_pieces(text: str) -> Iterator[tuple[str, bool]]:
    """(piece, is furniture) in order: each match of an inline furniture pattern apart."""
    pos = 0
    for m in vocab().inline_furniture.finditer(text):
        if m.start() > pos:
            yield text[pos:m.start()], False
        yield m.group(), True
        pos = m.end()
    if pos < len(text):
        yield text[pos:], False


def _blocks(text: str) -> list[str]:
    """Split at the spaces that stand between blocks: after a sentence, or between words that a
    space does not separate inside a sentence (Chinese has none; `2021 年` and `10:40` keep theirs)."""
    out: list[str] = []
    start = 0
    for m in re.finditer(r"\s+", text):
        left = text[m.start() - 1] if m.start() else ""
        right = text[m.end()] if m.end() < len(text) else ""
        if left and right and (left in _SENTENCE_END or (_wordy(left) and _wordy(right, opening=True))):
            out.append(text[start:m.start()].strip())
            start = m.end()
    out.append(text[start:].strip())
    return [b for b in out if b]


def _wordy(c: str, opening: bool = False) -> bool:
    if "\u4e00" <= c <= "\u9fff" or c.isalpha():
        return True
    return c in ("(《“" if opening else _SOFT_END)


# ----------------------------------------------------------------------------- tables


def _table_lines(text: str, key: str) -> list[str]:
    """One line per label of the table, with the values written after a row label on its line;
    text that is no label (a misspelt label, a note) and the sentences around the table on lines
    of their own."""
    canon, where = canon_positions(text)
    found = [(where[m.start()], where[m.end() - 1] + 1, m.group()) for m in _label_pattern(key).finditer(canon)]
    out: list[str] = []
    pos = 0
    for chain in _chains(text, found):
        out += _blocks(text[pos:chain[0][0]])
        out += _chain_lines(text, chain, key)
        pos = chain[-1][1] + len(_value_prefix(text[chain[-1][1]:]))
    out += _blocks(text[pos:])
    return [t for t in out if t]


def _chains(text: str, found: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """Labels that stand together as a table: the text between two of them is nothing, values,
    or a short word without punctuation (a misspelt label). A label inside a sentence
    (`主动公开行政许可类信息37条`) stands alone and stays in its sentence."""
    chains: list[list[tuple[int, int, str]]] = []
    for match in found:
        if chains and _table_gap(text[chains[-1][-1][1]:match[0]]):
            chains[-1].append(match)
        else:
            chains.append([match])
    return [c for c in chains if len(c) >= 3 or any(_value_prefix(text[m[1]:]) for m in c)]


def _table_gap(gap: str) -> bool:
    rest = gap[len(_value_prefix(gap)):].strip()
    return len(rest) <= 20 and not re.search(r"[。,;:!?、]", rest)


def _value_prefix(text: str) -> str:
    m = _VALUES_AT_START.match(text)
    return m.group() if m else ""


def _chain_lines(text: str, chain: list[tuple[int, int, str]], key: str) -> list[str]:
    out: list[str] = []
    rows = _row_labels(key)
    prefix = ""
    for k, (start, end, label) in enumerate(chain):
        stop = chain[k + 1][0] if k + 1 < len(chain) else end + len(_value_prefix(text[end:]))
        head, gap = prefix + text[start:end], text[end:stop]
        prefix = ""
        values = _value_prefix(gap)
        rest = gap[len(values):].strip()
        if values.strip() and label in rows:
            out.append((head + values).strip())
        else:
            out += [head.strip(), values.strip()]
        if rest and k + 1 < len(chain) and _NUMBERING_ONLY.match(rest):
            prefix = rest  # `三三、本年度办理结果`: stray numbering goes with the next label
        elif rest:
            out += _blocks(rest)
    return out


def _label_pattern(key: str) -> re.Pattern:
    return _patterns(registry(), key)[0]


def _row_labels(key: str) -> frozenset[str]:
    return _patterns(registry(), key)[1]


@lru_cache(maxsize=8)
def _patterns(reg: Registry, key: str) -> tuple[re.Pattern, frozenset[str]]:
    """Every label of the table in any layout, longest first (so that `其他对外管理服务事项` wins
    over `其他`), and those that are rows."""
    labels: set[str] = set()
    rows: set[str] = set()
    for template in reg.templates.values():
        labels.update(template.tables[key].label_texts())
        rows.update(template.tables[key].label_texts(roles=("row",)))
    return re.compile("|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))), frozenset(rows)
