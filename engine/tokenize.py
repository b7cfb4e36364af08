"""Split the lines of a table region into cells, whatever text family the table was copied as.

Families seen in real reports:
  tab-grid       one row per line, cells split by tabs; merged cells leave extra tabs
  cell-per-line  one cell per line after a leading tab; rows split by empty lines;
                 a line without the tab continues the cell above (labels wrapped over lines)
  pipe-rows      `a | b | c |`, one row per line
  cell-pipe      `cell |`, one cell per line; `|` alone is an empty cell and a line of
                 bars alone (`||||`) ends a row; where the bar stands on the line after its
                 cell (`规章` / `|`), that `|` closes the cell above
  space-grid     one row per line, cells split by runs of spaces (text copied out of a PDF or
                 Word file); a blank cell leaves no trace, so a short row is reported, not guessed
  lines          one cell per line and no markers at all; a line holding only spaces
                 is an empty cell (paragraphs apart by empty lines)
The aligner maps cells onto the template by label, so the tokenizer only has to keep the
order of cells, their source lines, and which cells share a source row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from .labels import NUMBERING
from .values import is_value

_GAP = re.compile(r" {2,}")
_ROW_CHARS = 120  # a longer line is prose, not a table row


@dataclass(slots=True)  # not frozen: a frozen dataclass is several times slower to create
class RawCell:
    text: str  # stripped
    line: int  # 1-based source line
    row: int  # source row: cells with the same number were written on one row
    # Written onto the text before it with no separator (`规章000`): see JoinedCell. A class
    # attribute, not a field, so that the millions of ordinary cells cost nothing more.
    joined: ClassVar[bool] = False

    @property
    def filled(self) -> bool:
        """Holds something: an empty cell, or one holding only a space (`&nbsp;` from a web page),
        may be merged-cell padding; `/`, `—` or `无` were written on purpose."""
        return self.text != "" and self.text != "&nbsp;"


@dataclass(slots=True)
class JoinedCell(RawCell):
    """A value cell written onto its label with no separator (`规章000` gives `000`): surely a run
    of several cells, where a value apart by a space may be one cell."""

    joined: ClassVar[bool] = True


def detect_family(lines: list[str]) -> str:
    filled = per_line = tabbed = spaced = 0
    piped: list[str] = []
    for t in lines:
        bare = t.strip(" ")
        if not bare:  # a lone tab is an empty cell, not an empty line
            continue
        filled += 1
        if "\t" in bare:
            tabbed += 1
            if t.startswith("\t") and "\t" not in t[1:]:
                per_line += 1
        elif "|" in t:
            piped.append(bare)
        elif " " in bare.strip() and len(bare) <= _ROW_CHARS:
            spaced += 1  # words apart on a short line: cells, or a label written with a space
    if not filled:
        return "lines"
    if per_line >= 0.6 * filled:
        return "cell-per-line"
    if tabbed >= 0.3 * filled:
        return "tab-grid"
    if len(piped) >= 0.3 * filled:
        # `a | b |` has content and a bar before the closing one; `cell |` has only the latter.
        multi = sum(1 for t in piped if t.replace("|", "").strip() and "|" in t.rstrip("|").strip())
        return "pipe-rows" if multi >= 0.3 * len(piped) else "cell-pipe"
    if spaced >= 0.3 * filled:
        return "space-grid"
    return "lines"


def tokenize(numbered: Iterable[tuple[int, str]]) -> tuple[str, list[RawCell]]:
    numbered = list(numbered)
    family = detect_family([t for _, t in numbered])
    if family == "cell-per-line":
        return family, _cell_per_line(numbered)
    if family == "cell-pipe":
        return family, _cell_pipe(numbered)
    flat = family == "lines"  # a line is not a row in this family
    split = _space_split if family == "space-grid" else _split
    cells: list[RawCell] = []
    for row, (number, text) in enumerate(numbered):
        if flat and text and not text.strip():
            cells.append(RawCell("", number, 0))  # a paragraph holding only a space: an empty cell
            continue
        for piece in split(text):
            cells.append(RawCell(piece, number, 0 if flat else row))
    return family, cells


def _cell_pipe(numbered: list[tuple[int, str]]) -> list[RawCell]:
    cells: list[RawCell] = []
    row = 0
    open_cell = False  # the last cell's line had no closing bar: a `|` line alone closes it
    for number, text in numbered:
        bare = text.replace(" ", "").replace("\t", "")
        if len(bare) > 1 and not bare.strip("|"):
            row += 1  # a separator line: the cells of a row never share a line here
            open_cell = False
            continue
        if bare == "|" and open_cell:
            open_cell = False  # `规章` / `|` / `0` / `|`: the bar went onto a line of its own
            continue
        pieces = _split(text)
        cells += [RawCell(piece, number, row) for piece in pieces]
        if pieces:
            open_cell = not bare.endswith("|")
    return cells


def _split(text: str) -> list[str]:
    stripped = text.strip(" ")
    if not stripped:
        return []
    if "\t" in stripped:
        return [p.strip() for p in text.rstrip("\n").split("\t")]
    if "|" in stripped:
        pieces = stripped.split("|")
        if stripped.endswith("|"):
            pieces.pop()  # the closing bar ends the last cell, it does not open a new one
        return [p.strip() for p in pieces]
    return [stripped.strip()]


def _space_split(text: str) -> list[str]:
    """Cells apart by two or more spaces; values apart by one space also split from the label
    before them (`一、本年新收政府信息公开申请数量 0 0 0`). A label keeps its single spaces."""
    cells: list[str] = []
    for piece in _GAP.split(text.strip()):
        tokens = piece.split()
        k = len(tokens)
        while k and is_value(tokens[k - 1]):
            k -= 1
        cells += _labels(tokens[:k]) + tokens[k:]
    return cells


def _labels(tokens: list[str]) -> list[str]:
    """Label words written on one row with single spaces: a new label starts at a numbered word
    (`三、本年度办理结果 (一)予以公开`), unless the word before is a bare number (`(三) 不予公开`)."""
    labels: list[list[str]] = []
    for tok in tokens:
        if labels and not (NUMBERING.match(tok) and not NUMBERING.fullmatch(labels[-1][-1])):
            labels[-1].append(tok)
        else:
            labels.append([tok])
    return [" ".join(words) for words in labels]


def _cell_per_line(numbered: list[tuple[int, str]]) -> list[RawCell]:
    cells: list[RawCell] = []
    row = 0
    previous_filled = False
    for number, text in numbered:
        if not text.strip(" "):
            if previous_filled or (cells and cells[-1].row == row):
                row += 1
            previous_filled = False
            continue
        if text.startswith("\t"):
            for piece in text[1:].split("\t"):
                cells.append(RawCell(piece.strip(), number, row))
        elif previous_filled and cells:
            last = cells[-1]  # a label wrapped onto this line
            joined = last.text + text.strip()
            cells[-1] = RawCell(joined, number if not last.text else last.line, last.row)
        else:
            cells.append(RawCell(text.strip(), number, row))
        previous_filled = True
    return cells
