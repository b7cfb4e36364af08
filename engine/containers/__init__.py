"""Reports as files of every kind, turned into the report's text.

One module per container (`base.Container` says what one is; `registry` lists them in the order
they are asked), and here what they share: how a table is written. Tables come out as one line
per table row with the cells separated by tabs. A cell covered by another's rowspan or colspan is
not written at all, so a row holds exactly its labels and values and no merged-cell padding; a
blank cell is written as what it held. The rest of the pipeline then reads the text like any
copied report.
"""

from __future__ import annotations

import re

# Cells that hold nothing but a space character are blanks; they are written as `&nbsp;` so that
# what the cell held is kept (a blank marker, never a number).
NBSP_MARK = "&nbsp;"
_SPACE = re.compile(r"\s+")


def cell_text(pieces: list[str]) -> str:
    """A table cell's text on one line: its lines joined without a space (a label broken over
    lines, even one character per line, is one label), inner tabs turned into spaces."""
    raw = "".join(pieces)
    text = "".join(part.strip() for part in raw.replace("\t", " ").splitlines())
    if not text.strip() and ("\u00a0" in raw or "\u3000" in raw):
        return NBSP_MARK
    return text.strip()


def grid_lines(rows: list[list[str | None]]) -> list[str]:
    """Table rows as text lines: None marks a slot covered by a merged cell and is left out."""
    return ["\t".join(c for c in row if c is not None) if any(c is not None for c in row) else "" for row in rows]


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()
