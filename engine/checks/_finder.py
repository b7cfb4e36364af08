"""A rule's regular expressions, searched quickly through a whole report.

Python's `re` tries every branch of an alternation at every position of the text. A rule's
patterns, joined into one alternation, mostly begin with a few given characters (考核, 未, 无…),
so the search first finds those characters and tries the patterns only there: the same match,
found several times faster in a text of thousands of characters. Where a pattern may begin with
anything (`.`, `\\w`, `\\d`, an optional start it cannot see past), the plain search is used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # the parser behind `re` (private; a Python without it gets the plain search)
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    _c = _p = None

_FEW = 64  # more possible first characters than this: not worth a first search


class Finder:
    """`search` and `finditer` of the alternation of `patterns`, as `re` gives them."""

    def __init__(self, patterns: list[str] | tuple[str, ...]) -> None:
        self.regex = re.compile("|".join(f"(?:{p})" for p in patterns))
        firsts = _first_characters(self.regex.pattern)
        self.starts = re.compile("[" + "".join(re.escape(ch) for ch in sorted(firsts)) + "]") if firsts else None

    def search(self, text: str) -> re.Match[str] | None:
        return next(self.finditer(text), None)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.starts is None:
            yield from self.regex.finditer(text)
            return
        pos = 0
        while True:
            start = self.starts.search(text, pos)
            if start is None:
                return
            found = self.regex.match(text, start.start())
            if found is None:
                pos = start.start() + 1
                continue
            yield found
            pos = max(found.end(), found.start() + 1)


def _first_characters(pattern: str) -> set[str] | None:
    """Every character a match of `pattern` can begin with, or None where that cannot be told
    (or a match may be empty)."""
    if _p is None:
        return None
    try:
        parsed = _p.parse(pattern)
    except re.error:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    firsts = _sequence(list(parsed))
    return firsts if firsts and len(firsts) <= _FEW else None


def _sequence(items: list) -> set[str] | None:
    """First characters of a sequence of parsed items; None: unknown, or it may match empty."""
    for i, (op, av) in enumerate(items):
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue  # ^, $, \b, lookarounds: zero-width, the next item starts the match (the whole
            #           pattern, lookbehind included, is still matched where the match starts)
        if op is _c.LITERAL:
            return {chr(av)}
        if op is _c.IN:
            return _charset(av)
        if op is _c.SUBPATTERN:
            if av[1] & re.IGNORECASE:  # (?i:…)
                return None
            return _sequence(list(av[-1]))
        if op is _c.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                firsts = _sequence(list(branch))
                if firsts is None:
                    return None
                out |= firsts
            return out
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            low, _, body = av
            firsts = _sequence(list(body))
            if firsts is None:
                return None
            if low >= 1:
                return firsts
            rest = _sequence(items[i + 1:])  # optional: the match may begin with what follows
            return None if rest is None else firsts | rest
        return None  # ., \w, backreferences…
    return None  # nothing that consumes a character: an empty match is possible


def _charset(items: list) -> set[str] | None:
    out: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            out.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < _FEW:
            out.update(chr(c) for c in range(av[0], av[1] + 1))
        else:
            return None  # a negated set, a category (\d) or a wide range
    return out
