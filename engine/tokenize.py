"""Split the lines of a table region into cells, whatever text family the table was copied as.

Families seen in real reports:
  tab-grid       one row per line, cells split by tabs; merged cells leave extra tabs
  cell-per-line  one cell per line after a leading tab; rows split by empty lines;
                 a line without the tab continues the cell above (labels wrapped over lines)
  pipe-rows      `a | b | c |`, one row per line
  cell-pipe      `cell |`, one cell per line; `|` alone is an empty cell and a line of
                 bars alone (`||||`) ends a row
  lines          one cell per line and no markers at all
The aligner maps cells onto the template by label, so the tokenizer only has to keep the
order of cells, their source lines, and which cells share a source row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(slots=True)  # not frozen: a frozen dataclass is several times slower to create
class RawCell:
    text: str  # stripped
    line: int  # 1-based source line
    row: int  # source row: cells with the same number were written on one row

    @property
    def filled(self) -> bool:
        """Holds something: an empty cell, or one holding only a space (`&nbsp;` from a web page),
        may be merged-cell padding; `/`, `—` or `无` were written on purpose."""
        return self.text != "" and self.text != "&nbsp;"


def detect_family(lines: list[str]) -> str:
    filled = per_line = tabbed = 0
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
    return "lines"


def tokenize(numbered: Iterable[tuple[int, str]]) -> tuple[str, list[RawCell]]:
    numbered = list(numbered)
    family = detect_family([t for _, t in numbered])
    if family == "cell-per-line":
        return family, _cell_per_line(numbered)
    if family == "cell-pipe":
        return family, _cell_pipe(numbered)
    flat = family == "lines"  # a line is not a row in this family
    cells: list[RawCell] = []
    for row, (number, text) in enumerate(numbered):
        for piece in _split(text):
            cells.append(RawCell(piece, number, 0 if flat else row))
    return family, cells


def _cell_pipe(numbered: list[tuple[int, str]]) -> list[RawCell]:
    cells: list[RawCell] = []
    row = 0
    for number, text in numbered:
        bare = text.replace(" ", "").replace("\t", "")
        if len(bare) > 1 and not bare.strip("|"):
            row += 1  # a separator line: the cells of a row never share a line here
            continue
        for piece in _split(text):
            cells.append(RawCell(piece, number, row))
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
