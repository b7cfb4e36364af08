"""A row's values written as one run of digits, their separators lost (`1000001` for seven cells,
`88-720`, `2 00 00 0 2`): cut into cells only where the cut is certain.

The readings of a run are the ways to cut it into the row's cells so that every cell is a
well-formed number of its column: no leading zero, a minus sign only in a signed column and only
in front, a decimal point only in an amount. A space and a minus sign are always cell boundaries.
- One reading (always so when the digits are as many as the cells): it is the row.
- Several: those that agree with the row's own total columns are kept; if one is left, it is the row.
- Otherwise the run cannot be split, and nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL = {
    "count": re.compile(r"0|[1-9]\d*"),
    "signed": re.compile(r"0|-?[1-9]\d*"),
    "amount": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?"),
}
_UNIT = re.compile(r"(?:万元|元|件|条|个|项|次|份)$")
_PIECE = re.compile(r"-?[\d.]+")
_SIGN = re.compile(r"(?<=\d)(?=-)")  # a minus sign after a digit starts a new cell
MAX_READINGS = 2000  # beyond this many readings a run is not read (and would not be certain)


@dataclass(frozen=True)
class Total:
    """One total column of a row: cell `total` = the sum of cells `parts` (indexes in the row)."""

    total: int
    parts: tuple[int, ...]


def pieces(texts: list[str]) -> list[str] | None:
    """The run between its certain boundaries (spaces, signs), units left off; None when any
    text is not digits (then it is no run)."""
    out: list[str] = []
    for text in texts:
        for token in text.split():
            for piece in _SIGN.split(_UNIT.sub("", token)):
                if not _PIECE.fullmatch(piece):
                    return None
                out.append(piece)
    return out or None


def looks_run_together(texts: list[str], cells: int) -> bool:
    """Values that can only be several cells written together: a number with a leading zero
    (`00`, `01`), a sign after a digit (`88-720`), or one text with digits for every cell."""
    found = pieces(texts)
    if not found:
        return False
    if any(len(p) > 1 and p.startswith("0") and not p.startswith("0.") for p in found):
        return True
    if any(_SIGN.search(t) for t in texts):
        return True
    return len(found) == 1 and len(found[0].lstrip("-").replace(".", "")) >= cells > 1


def readings(parts: list[str], kinds: list[str], limit: int = MAX_READINGS) -> list[list[str]]:
    """Every way to cut the pieces into len(kinds) well-formed cells (at most limit + 1 of them)."""
    n = len(kinds)
    found: list[list[str]] = []
    cells: list[str] = []
    remaining = [0] * (len(parts) + 1)  # characters in parts[i:]
    for i in range(len(parts) - 1, -1, -1):
        remaining[i] = remaining[i + 1] + len(parts[i])

    def cut(p: int, at: int) -> None:
        if len(found) > limit:
            return
        if p == len(parts):
            if len(cells) == n:
                found.append(list(cells))
            return
        k = len(cells)
        left = n - k  # cells still to fill
        if left < len(parts) - p or left > remaining[p] - at:
            return  # every piece needs a cell of its own; every cell needs a character
        token = parts[p]
        pattern = _CELL[kinds[k]]
        for end in range(at + 1, len(token) + 1):
            cell = token[at:end]
            if pattern.fullmatch(cell):
                cells.append(cell)
                if end == len(token):
                    cut(p + 1, 0)
                else:
                    cut(p, end)
                cells.pop()

    cut(0, 0)
    return found


def split(texts: list[str], kinds: list[str], totals: tuple[Total, ...] = ()) -> list[str] | None:
    """The row's cells read from a run, or None when the cut is not certain."""
    parts = pieces(texts)
    if parts is None:
        return None
    found = readings(parts, kinds)
    if len(found) == 1:
        return found[0]
    if len(found) > MAX_READINGS or not totals:
        return None
    agreeing = [r for r in found if all(_agrees(r, t) for t in totals)]
    return agreeing[0] if len(agreeing) == 1 else None


def digits(texts: list[str]) -> int:
    """How many characters the run has for its cells (signs and decimal points not counted)."""
    return sum(len(p.lstrip("-").replace(".", "")) for p in pieces(texts) or [])


def _agrees(reading: list[str], total: Total) -> bool:
    return abs(float(reading[total.total]) - sum(float(reading[i]) for i in total.parts)) < 1e-6
