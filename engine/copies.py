"""Text that one report copies from another, section by section: from another unit's report of the
same year, or from the same unit's report of the year before (内容雷同).

A batch can hold a province's 10,000 reports, so pairs of reports are never all compared, and all
the per-character work is done in numpy over the whole batch at once. The method, in order:

Normalise. Whitespace, punctuation and symbols are dropped, letters lower-cased, and every run of
digits becomes a single `0`: a changed year or figure (2022 -> 2023, 9 -> 12) then changes nothing,
not even the length of the text (digit by digit, 9 -> 12 would still break ten shingles). Each
normalised character remembers where it stands in the original, so that `passage` quotes it.

Shingles. Every run of N = 10 consecutive normalised characters, hashed to 32 bits (a polynomial
hash and the MurmurHash3 finaliser: deterministic, where Python's `hash()` of a str is salted). Ten
characters are five or six Chinese words: the stock phrases of report writing (政府信息公开工作,
依申请公开政府信息) are shorter and make no shingle on their own, while a two-character name
changed every hundred characters still leaves 89% of a copy's shingles (91% with eight characters,
which would let those phrases count; 86% with thirteen). With 32 bits, a shingle falsely matches
one of another section of 1,000 shingles about once in four million checks.

Boilerplate. A shingle counts neither as shared nor in its section's total when it is a shingle of
one of the `common` strings (the caller's headings, labels and opening sentence); when more than
max(30, 5% of the documents) different units have it; or when each of its characters lies in such
a shingle or in an occurrence of a common string (so that short headings and labels side by side
go too). Units are counted, not documents, so that one unit's several years do not make its own
text boilerplate. Thirty units is about one county's townships and offices: what a county's units
pass round is still copying, and in a batch of three nothing is boilerplate by frequency. In a
province the 5% (500 units) still leaves copying across several counties to be seen, while what
all reports say goes. The count is a count-min sketch, then an exact count of the hashes it flags.

Candidates. A section is compared only with the sections of the same key (the overview with the
overview): a copied passage stays where the national format puts it, and comparing across keys
would triple the work for little. last_year pairs (one per unit and key) are all verified. For
other_unit pairs, two sources, each among the sections of one key and one year:

- MinHash LSH (64 permutations, a Jaccard threshold 0.25 below the rule's threshold and at least
  0.1: 18 bands of 2 rows for 0.5). It finds sections that are near duplicates as wholes, however
  common their text. Two sections that each hold 50% of the other have a Jaccard similarity of only
  1/3, hence the margin. It is datasketch's `MinHashLSH` done in numpy over the whole group: the
  MinHash values in its `affine32` scheme, its choice of bands and rows, and its buckets (sections
  whose values agree on every row of a band), read as pairs. datasketch itself needs scipy, whose
  import took longer than finding the copies of a thousand reports; the tests check both against it.
- Winnowed fingerprints (as in MOSS): the smallest hash of every 8 consecutive shingles, so that
  any shared run of 17 characters shares a fingerprint wherever it stands in either section. An
  inverted index of the rare ones (in at most 64 sections of the key and year, fewer if they would
  make more than two million pairs) counts the fingerprints each pair shares; a pair sharing at
  least 3, and at least half the threshold times the smaller section's rare fingerprints (an
  estimate of containment), is a candidate. This is what finds containment, which MinHash cannot
  see: 250 copied characters inside 900 of one's own have a Jaccard similarity near 0.2 with their
  source but containments of 0.2 and 0.8. Fingerprints in more sections are left to LSH, since
  they make pairs by the square of their frequency.

Sections with fewer than `min_chars` characters in shingles of their own (not boilerplate) can
neither hold nor be the source of a reportable copy (unless a section repeats its own text) and are
left out.

Verification, exact, of every candidate (both ways for other_unit): share = this section's
shingle positions whose shingle occurs in the other section / all its positions, boilerplate left
out of both; shared_chars = letters, CJK characters and digits covered by those shingles; passage =
the longest run of consecutive shared shingles, quoted from the original. A copy is reported when
share >= threshold and shared_chars >= min_chars.

Documents with an unknown year are compared with none: their year cannot be shown to be the same.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

N = 10  # shingle length, in normalised characters
SHINGLE = N
WINNOW = 8  # winnowing window, in shingles
RARE = 64  # fingerprints in more sections than this (of one key and year) make no candidates ...
PAIRS = 2_000_000  # ... nor those that would make more pairs than this, with the rarer ones
MIN_SHARED_PRINTS = 3
NUM_PERM = 64
LSH_MARGIN = 0.25  # the LSH (Jaccard) threshold is this much below the rule's threshold
FREQUENT_UNITS, FREQUENT_SHARE = 30, 0.05
PASSAGE = 120
SEED = 20240601
CHUNK = 1 << 18  # characters processed at a time (bounds the temporary arrays)

# The national format's own sentences and headings, for callers to pass as `common` (digits do not
# matter: any year matches).
FORMAT_WORDING = (
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
    "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。",
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
    "规定，编制本报告。",
    "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
    "本报告所列数据统计期限自2023年1月1日至2023年12月31日止。",
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
)

_U32, _U64 = np.uint32, np.uint64
_NONE = _U32(0)  # no shingle counted here: boilerplate, or one of a section's last N - 1 characters
_MAX = _U32(0xFFFFFFFF)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Document:
    id: str  # e.g. the file path
    unit: str  # unit identity (already normalised by the caller); same unit => same string
    year: int | None
    sections: Mapping[str, str]  # section key ("overview", "problems", "other", ...) -> its prose


@dataclass(frozen=True)
class Copy:
    section: str  # this document's section
    other: str  # the other document's id
    other_section: str
    relation: str  # "other_unit" (same year, different unit) | "last_year" (same unit, other.year == year - 1)
    share: float  # share of this section's (non-boilerplate) text found in the other section, 0..1
    shared_chars: int  # characters of this section covered by shared text
    passage: str  # the longest shared passage, as it reads in this document, at most 120 characters
    other_passage: str = ""  # the same passage as it reads in the other document (its figures may differ)


def find_copies(documents: Iterable[Document], threshold: float = 0.5, min_chars: int = 100,
                common: Iterable[str] = ()) -> dict[str, list[Copy]]:
    """For each document id with at least one copy: its copies, sorted by section then share descending."""
    common = list(common)
    batch = _Batch(list(documents), common)
    limit = max(FREQUENT_UNITS, int(FREQUENT_SHARE * len(batch.docs)))
    boiler = _HashSet(np.concatenate((_common_hashes(common), _frequent(batch, limit))))
    reach, prints = _mark_and_winnow(batch, boiler)
    useful = (reach > 0) & (reach + batch.extra >= min_chars)
    found: dict[str, list[Copy]] = defaultdict(list)
    for this, other, relation in _candidates(batch, useful, prints, threshold):
        copy = _verify(batch, this, other, relation, threshold, min_chars)
        if copy is not None:
            found[batch.docs[batch.doc[this]].id].append(copy)
    return {doc: sorted(copies, key=lambda c: (c.section, -c.share, c.other, c.other_section))
            for doc, copies in sorted(found.items())}


# --- normalising and hashing -------------------------------------------------------------------

@dataclass(frozen=True)
class Normal:
    chars: np.ndarray  # normalised code points (uint32)
    start: np.ndarray  # where each one starts in the original text
    end: np.ndarray  # and where it ends (a run of digits is one character)
    weight: np.ndarray  # how many original characters it stands for
    section: np.ndarray  # which of the texts it comes from


@lru_cache(maxsize=1)
def _table() -> np.ndarray:
    """Code point (of the Basic Multilingual Plane) -> 0 (dropped), '0' (a digit), or the character
    as compared (letters lower-cased)."""
    table = np.zeros(0x10000, dtype=_U32)
    for c in range(0x10000):
        ch = chr(c)
        if ch.isdigit():
            table[c] = ord("0")
        elif ch.isalpha() or ch.isnumeric():
            low = ch.lower()
            table[c] = ord(low) if len(low) == 1 else c
    return table


def normalise(*texts: str) -> Normal:
    """The texts as compared, one after the other: letters, CJK characters and runs of digits (each
    run one '0', never across two texts), with their places in the texts joined."""
    points = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(_U32)
    source = np.repeat(np.arange(len(texts), dtype=np.int32), [len(t) for t in texts])
    mapped = np.where(points > 0xFFFF, points, _table()[np.minimum(points, 0xFFFF)])  # beyond: CJK extensions
    kept = np.flatnonzero(mapped)
    chars, section = mapped[kept], source[kept]
    digit = chars == ord("0")
    first = np.ones(len(chars), dtype=bool)
    first[1:] = ~(digit[1:] & digit[:-1] & (section[1:] == section[:-1]))
    starts = np.flatnonzero(first)
    lasts = np.append(starts[1:], len(chars)) - 1
    return Normal(chars[starts], kept[starts], kept[lasts] + 1, lasts - starts + 1, section[starts])


def _fmix64(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> _U64(33))
    h = h * _U64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> _U64(33))


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> _U32(16))
    h = h * _U32(0x85EBCA6B)
    h = h ^ (h >> _U32(13))
    h = h * _U32(0xC2B2AE35)
    return h ^ (h >> _U32(16))


def _hash(chars: np.ndarray, section: np.ndarray) -> np.ndarray:
    """For each character, the hash (never 0) of the N characters from it; 0 where they run past
    the end of its text."""
    out = np.zeros(len(chars), dtype=_U32)
    count = len(chars) - N + 1
    if count <= 0:
        return out
    values = chars.astype(_U64)
    h = np.zeros(count, dtype=_U64)
    for k in range(N):
        h *= _U64(0x100000001B3)
        h += values[k:k + count]
    hashed = (_fmix64(h) >> _U64(32)).astype(_U32)
    hashed[hashed == 0] = 1
    hashed[section[:count] != section[N - 1:]] = _NONE
    out[:count] = hashed
    return out


def shingles(text: str) -> np.ndarray:
    """The hashes of a text's shingles, in order."""
    normal = normalise(text)
    return _hash(normal.chars, normal.section)[:max(0, len(normal.chars) - N + 1)]


class _Batch:
    """Every section of the batch, normalised and shingled into one array: section i has the
    characters offsets[i]:offsets[i + 1], and hashes[j] is the shingle starting at character j
    (0 for its section's last N - 1 characters, and where the shingle is boilerplate). The sections
    of a unit are next to each other."""

    def __init__(self, docs: list[Document], common: list[str]) -> None:
        self.docs = docs
        order = sorted(range(len(docs)), key=lambda i: (docs[i].unit, i))
        self.refs = [(i, key) for i in order for key in sorted(docs[i].sections)]
        self.doc = np.array([i for i, _ in self.refs], dtype=np.int64)
        units = {unit: n for n, unit in enumerate(sorted({d.unit for d in docs}))}
        self.unit = np.array([units[docs[i].unit] for i, _ in self.refs], dtype=np.int64)  # ascending
        texts = [self.text(i) for i in range(len(self.refs))]
        buffer = np.zeros(sum(map(len, texts)), dtype=_U32)  # a normalised text is never longer
        lengths = np.zeros(len(texts), dtype=np.int64)
        self.extra = np.zeros(len(texts), dtype=np.int64)  # characters beyond one in runs of digits
        pattern = _pattern(common)
        fixed = []  # where the common strings stand, as (start, end) in the whole array
        used = 0
        for first, last in _slices([len(t) for t in texts], CHUNK):
            normal = normalise(*texts[first:last])
            lengths[first:last] = np.bincount(normal.section, minlength=last - first)
            self.extra[first:last] = np.bincount(normal.section, normal.weight - 1, last - first).astype(np.int64)
            buffer[used:used + len(normal.chars)] = _hash(normal.chars, normal.section)
            if pattern is not None:
                compared = normal.chars.astype("<u4").tobytes().decode("utf-32-le")
                fixed += [(used + m.start(), used + m.end()) for m in pattern.finditer(compared)
                          if normal.section[m.start()] == normal.section[m.end() - 1]]
            used += len(normal.chars)
        self.hashes = buffer[:used]
        self.offsets = np.concatenate(([0], np.cumsum(lengths)))
        self.fixed = np.array(sorted(fixed), dtype=np.int64).reshape(-1, 2)

    def in_common(self, lo: int, hi: int) -> np.ndarray:
        """Which characters of lo:hi lie in an occurrence of a common string."""
        fixed = self.fixed[(self.fixed[:, 1] > lo) & (self.fixed[:, 0] < hi)]
        edges = np.zeros(hi - lo + 1, dtype=np.int64)
        np.add.at(edges, np.clip(fixed[:, 0] - lo, 0, hi - lo), 1)
        np.add.at(edges, np.clip(fixed[:, 1] - lo, 0, hi - lo), -1)
        return np.cumsum(edges[:-1]) > 0

    def text(self, i: int) -> str:
        doc, key = self.refs[i]
        return self.docs[doc].sections[key]

    def key(self, i: int) -> str:
        return self.refs[i][1]

    def shingles(self, i: int) -> np.ndarray:
        """Section i's shingle hashes (a view)."""
        start, end = int(self.offsets[i]), int(self.offsets[i + 1])
        return self.hashes[start:max(start, end - N + 1)]

    def chunks(self) -> Iterator[tuple[int, int]]:
        """Runs of the sections of whole units, (first, last + 1), of about CHUNK characters."""
        starts = np.flatnonzero(np.diff(self.unit, prepend=-1))
        bounds = np.append(starts, len(self.unit))
        for first, last in _slices(np.diff(self.offsets[bounds]).tolist(), CHUNK):
            yield int(bounds[first]), int(bounds[last])


def _slices(sizes: list[int], limit: int) -> Iterator[tuple[int, int]]:
    """Consecutive runs of items, (first, last + 1), whose sizes add up to about `limit` at most."""
    first, total = 0, 0
    for i, size in enumerate(sizes):
        if total and total + size > limit:
            yield first, i
            first, total = i, 0
        total += size
    if first < len(sizes):
        yield first, len(sizes)


# --- boilerplate -------------------------------------------------------------------------------

def _pattern(common: list[str]) -> re.Pattern[str] | None:
    """Finds the common strings, normalised, in normalised text (the longest first where several
    start at one place; occurrences do not overlap)."""
    texts = {"".join(map(chr, normalise(text).chars.tolist())) for text in common} - {""}
    return re.compile("|".join(map(re.escape, sorted(texts, key=lambda t: (-len(t), t))))) if texts else None


def _common_hashes(common: Iterable[str]) -> np.ndarray:
    arrays = [shingles(text) for text in common]
    return np.unique(np.concatenate(arrays)) if arrays else np.zeros(0, dtype=_U32)


def _frequent(batch: _Batch, limit: int) -> np.ndarray:
    """Hashes (sorted) in the documents of more than `limit` different units."""
    hashes = batch.hashes
    if len(np.unique(batch.unit)) <= limit:
        return np.zeros(0, dtype=_U32)
    # A count-min sketch of occurrences (never fewer than the units) flags a superset ...
    bits = int(np.clip(np.ceil(np.log2(max(len(hashes), 1) / 8)), 16, 22))
    mask, shift = _U32((1 << bits) - 1), _U32(32 - bits)
    low, high = np.zeros(1 << bits, dtype=np.int32), np.zeros(1 << bits, dtype=np.int32)
    for start in range(0, len(hashes), CHUNK):
        part = hashes[start:start + CHUNK]
        low += np.bincount(part & mask, minlength=1 << bits).astype(np.int32)
        high += np.bincount(part >> shift, minlength=1 << bits).astype(np.int32)
    flagged = []
    for start in range(0, len(hashes), CHUNK):
        part = hashes[start:start + CHUNK]
        flagged.append(_distinct(part[(np.minimum(low[part & mask], high[part >> shift]) > limit) & (part != _NONE)]))
    del low, high
    found = _HashSet(np.concatenate(flagged or [np.zeros(0, dtype=_U32)]))
    if not len(found.values):
        return found.values
    # ... which is then counted exactly, once per unit (chunks hold whole units).
    units = np.zeros(len(found.values), dtype=np.int64)
    for first, last in batch.chunks():
        lo, hi = int(batch.offsets[first]), int(batch.offsets[last])
        rank = found.rank(hashes[lo:hi])
        at = np.flatnonzero(rank >= 0)
        unit = np.repeat(batch.unit[first:last], np.diff(batch.offsets[first:last + 1]))[at]
        pairs = _distinct(unit * len(found.values) + rank[at])
        units += np.bincount(pairs % len(found.values), minlength=len(found.values))
    return found.values[units > limit]


class _HashSet:
    """A fixed set of 32-bit hashes (not 0), for fast look-ups: direct-mapped tables (a quarter
    full), each holding the hashes that collided in the one before. Some 30 times faster than
    np.searchsorted on a few million look-ups."""

    def __init__(self, values: np.ndarray) -> None:
        self.values = _distinct(values[values != _NONE])
        self.levels: list[tuple[np.uint32, np.uint32, np.ndarray, np.ndarray]] = []
        todo = np.arange(len(self.values))
        multiplier = 0x9E3779B1
        while len(todo):
            bits = int(np.ceil(np.log2(len(todo)))) + 2
            factor, shift = _U32(multiplier), _U32(32 - bits)
            slot = (self.values[todo] * factor) >> shift
            _, first = np.unique(slot, return_index=True)
            table, rank = np.zeros(1 << bits, dtype=_U32), np.full(1 << bits, -1, dtype=np.int64)
            table[slot[first]], rank[slot[first]] = self.values[todo[first]], todo[first]
            self.levels.append((factor, shift, table, rank))
            todo = np.delete(todo, first)
            multiplier = (multiplier * 0x2545F491 + 0x6A09E667) % (1 << 32) | 1

    def rank(self, hashes: np.ndarray) -> np.ndarray:
        """Each hash's index in `values`, or -1."""
        out = np.full(len(hashes), -1, dtype=np.int64)
        for factor, shift, table, rank in self.levels:
            slot = (hashes * factor) >> shift
            hit = (table[slot] == hashes) & (hashes != _NONE)
            out[hit] = rank[slot[hit]]
        return out

    def contains(self, hashes: np.ndarray) -> np.ndarray:
        return self.rank(hashes) >= 0


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (np.unique hashes, which is slower here)."""
    return _runs(np.sort(values))[0]


def _runs(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a sorted array, and how many times each occurs."""
    if not len(values):
        return values, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
    return values[starts], np.diff(np.append(starts, len(values)))


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Which values are in the sorted array."""
    if not len(sorted_set):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[at] == values


def _window_sums(mask: np.ndarray, width: int) -> np.ndarray:
    """For each position j, how many of mask[j - width + 1 : j + 1] are set."""
    sums = np.concatenate(([0], np.cumsum(mask)))
    j = np.arange(len(mask))
    return sums[j + 1] - sums[np.maximum(j - width + 1, 0)]


def _mark_and_winnow(batch: _Batch, boiler: _HashSet) -> tuple[np.ndarray, np.ndarray]:
    """Set boilerplate shingles to 0, in place; return how many characters of each section the
    shingles left cover, and the fingerprints of all sections as sorted keys: section << 32 | fingerprint."""
    reach = np.zeros(len(batch.refs), dtype=np.int64)
    prints = []
    for first, last in batch.chunks():
        lo, hi = int(batch.offsets[first]), int(batch.offsets[last])
        part = batch.hashes[lo:hi]  # a view
        section = np.repeat(np.arange(first, last), np.diff(batch.offsets[first:last + 1]))
        if (len(boiler.values) or len(batch.fixed)) and len(part) >= N:
            marked = boiler.contains(part)
            # characters in a marked shingle or a common string; then shingles made only of such characters
            covered = (_window_sums(marked, N) > 0) | batch.in_common(lo, hi)
            whole = np.zeros(len(part), dtype=bool)
            whole[:len(part) - N + 1] = (_window_sums(covered, N) == N)[N - 1:]
            part[marked | whole] = _NONE
        reach[first:last] = np.bincount(section[_window_sums(part != _NONE, N) > 0] - first, minlength=last - first)
        values = np.where(part == _NONE, _MAX, part)
        span = 1
        while span < WINNOW:  # values[j] becomes the least of values[j : j + WINNOW]
            step = min(span, WINNOW - span)
            values = np.minimum(values[:-step], values[step:])
            span += step
        ok = (section[:len(values)] == section[WINNOW - 1:]) & (values != _MAX)
        prints.append(_distinct(section[:len(values)][ok].astype(_U64) << _U64(32) | values[ok].astype(_U64)))
    return reach, np.concatenate(prints) if prints else np.zeros(0, dtype=_U64)


# --- candidates --------------------------------------------------------------------------------

def _candidates(batch: _Batch, useful: np.ndarray, prints: np.ndarray,
                threshold: float) -> list[tuple[int, int, str]]:
    """(this, other, relation) to verify, sections by index, in a fixed order."""
    years = [batch.docs[d].year for d in batch.doc.tolist()]
    units = [batch.docs[d].unit for d in batch.doc.tolist()]
    groups: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, year in enumerate(years):
        if year is not None and useful[i]:
            groups[(batch.key(i), year)].append(i)
    by_unit: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for (key, year), members in groups.items():
        for i in members:
            by_unit[(units[i], key, year)].append(i)
    pairs: set[tuple[int, int, str]] = set()
    for (key, year), members in sorted(groups.items()):
        for i in members:
            pairs.update((i, j, "last_year") for j in by_unit.get((units[i], key, year - 1), ()))
        found = _lsh_pairs(batch, members, threshold) | _print_pairs(members, len(batch.refs), prints, threshold)
        for a, b in found:
            if units[a] != units[b]:
                pairs.update(((a, b, "other_unit"), (b, a, "other_unit")))
    return sorted(pairs)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(SEED)
    a = rng.integers(0, 1 << 31, NUM_PERM, dtype=np.uint64).astype(_U32) * _U32(2) + _U32(1)  # odd: a bijection
    b = rng.integers(0, 1 << 32, NUM_PERM, dtype=np.uint64).astype(_U32)
    return a, b


def minhash(hashes: np.ndarray) -> np.ndarray:
    """The MinHash values of a set of 32-bit hashes (datasketch's `affine32` scheme, in numpy)."""
    a, b = _permutations()
    return (_fmix32(hashes)[:, None] * a + b).min(axis=0)


@lru_cache(maxsize=8)
def lsh_params(threshold: float) -> tuple[int, int]:
    """The LSH's bands and rows per band for a rule threshold: datasketch's `MinHashLSH` choice, the
    least mean of the areas of false positives (Jaccard below t) and false negatives (above t) under
    the S-curve 1 - (1 - s^r)^b. The curve is a polynomial of degree r * b <= NUM_PERM, which
    Gauss-Legendre quadrature of NUM_PERM / 2 + 1 points integrates exactly: no scipy to load, and
    the same choice (tests/test_copies.py)."""
    t = max(0.1, threshold - LSH_MARGIN)
    combos = [(b, r) for b in range(1, NUM_PERM + 1) for r in range(1, NUM_PERM // b + 1)]
    bands, rows = (np.array(c, dtype=np.float64)[:, None] for c in zip(*combos, strict=True))
    x, w = np.polynomial.legendre.leggauss(NUM_PERM // 2 + 1)

    def area(lo: float, hi: float, curve: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        s = (hi - lo) / 2 * x + (hi + lo) / 2
        return (hi - lo) / 2 * (curve(s[None, :]) * w).sum(axis=1)

    false_positive = area(0.0, t, lambda s: 1 - (1 - s ** rows) ** bands)
    false_negative = area(t, 1.0, lambda s: (1 - s ** rows) ** bands)
    return combos[int(np.argmin(false_positive + false_negative))]  # the first of equals, as datasketch


def _lsh_pairs(batch: _Batch, members: list[int], threshold: float) -> set[tuple[int, int]]:
    """Pairs of sections (a < b) that are near duplicates as wholes: their MinHash values agree on
    every row of at least one band (a bucket of datasketch's `MinHashLSH`)."""
    if len(members) < 2:
        return set()
    bands, rows = lsh_params(threshold)
    signatures = np.stack([minhash(h[h != _NONE]) for h in map(batch.shingles, members)])
    ids = np.asarray(members, dtype=np.int64)
    pairs: set[tuple[int, int]] = set()
    for band in range(bands):
        values = signatures[:, band * rows:(band + 1) * rows]
        order = np.lexsort(values.T[::-1])
        same = np.all(values[order][1:] == values[order][:-1], axis=1)
        starts = np.flatnonzero(np.concatenate(([True], ~same)))
        for first, last in zip(starts.tolist(), np.append(starts[1:], len(order)).tolist(), strict=True):
            if last - first > 1:
                keys = sorted(ids[order[first:last]].tolist())
                pairs.update((a, b) for n, a in enumerate(keys) for b in keys[n + 1:])
    return pairs


def _print_pairs(members: list[int], count: int, prints: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    """Pairs of sections (a < b) that share enough rare fingerprints to hold a copy, whatever
    their sizes."""
    ids = np.asarray(members, dtype=np.int64)
    position = np.full(count, -1, dtype=np.int64)  # index into members, by section
    position[ids] = np.arange(len(ids))
    owner = position[(prints >> _U64(32)).astype(np.int64)]
    values = (prints[owner >= 0] & _U64(0xFFFFFFFF)).astype(_U32)
    owner = owner[owner >= 0]
    order = np.argsort(values, kind="stable")
    values, owner = values[order], owner[order]
    _, sizes = _runs(values)
    starts = np.cumsum(sizes) - sizes
    # Rare: in at most RARE sections, and fewer if the pairs they make would pass PAIRS.
    k = np.arange(RARE + 1)
    made = np.cumsum(np.bincount(sizes, minlength=RARE + 1)[:RARE + 1] * (k * (k - 1) // 2))
    rare_limit = int(np.flatnonzero(made <= PAIRS)[-1])
    rare = np.bincount(owner[np.repeat(sizes <= rare_limit, sizes)], minlength=len(ids))
    codes = []
    for size in range(2, rare_limit + 1):
        at = starts[sizes == size]
        if len(at):
            block = owner[at[:, None] + np.arange(size)]
            upper = np.triu_indices(size, 1)
            codes.append((block[:, upper[0]] * len(ids) + block[:, upper[1]]).ravel())
    if not codes:
        return set()
    pairs, shared = _runs(np.sort(np.concatenate(codes)))
    a, b = pairs // len(ids), pairs % len(ids)
    keep = (shared >= MIN_SHARED_PRINTS) & (shared >= 0.5 * threshold * np.minimum(rare[a], rare[b]))
    return set(zip(ids[a[keep]].tolist(), ids[b[keep]].tolist(), strict=True))


# --- verification ------------------------------------------------------------------------------

def _verify(batch: _Batch, this: int, other: int, relation: str, threshold: float, min_chars: int) -> Copy | None:
    """The copy of section `other` in section `this`, if it passes both limits."""
    hashes, theirs = batch.shingles(this), batch.shingles(other)
    own = hashes != _NONE
    total = int(own.sum())
    shared = own & _member(hashes, np.sort(theirs[theirs != _NONE]))
    count = int(shared.sum())
    share = count / total if total else 0.0
    if not count or share < threshold:
        return None
    text = batch.text(this)
    normal = normalise(text)
    shared_chars = int(normal.weight[_covered(shared)].sum())
    if shared_chars < min_chars:
        return None
    first, last = _longest_run(shared)
    there, length = _find_run(hashes[first:last + 1], theirs)
    passage = _quote(text, normal, first, last)
    other_passage = _quote(batch.text(other), normalise(batch.text(other)), there, there + length - 1)
    other_doc = batch.docs[batch.doc[other]]
    return Copy(batch.key(this), other_doc.id, batch.key(other), relation, share, shared_chars, passage, other_passage)


def _find_run(run: np.ndarray, hashes: np.ndarray) -> tuple[int, int]:
    """Where the longest start of `run` stands in `hashes`: (first index, length)."""
    best = (0, 0)
    for start in np.flatnonzero(hashes == run[0])[:100].tolist():
        width = min(len(run), len(hashes) - start)
        differ = np.flatnonzero(hashes[start:start + width] != run[:width])
        length = int(differ[0]) if len(differ) else width
        best = max(best, (length, -start))
    return -best[1], best[0]


def _quote(text: str, normal: Normal, first: int, last: int) -> str:
    """The original text of shingles first..last, whitespace collapsed, cut to PASSAGE characters."""
    quoted = _SPACE.sub(" ", text[normal.start[first]:normal.end[last + N - 1]]).strip()
    return quoted if len(quoted) <= PASSAGE else quoted[:PASSAGE - 1] + "…"


def _covered(shingle: np.ndarray) -> np.ndarray:
    """Which characters lie in at least one of the marked shingles."""
    return _window_sums(np.concatenate((shingle, np.zeros(N - 1, dtype=bool))), N) > 0


def _longest_run(mask: np.ndarray) -> tuple[int, int]:
    """First and last index of the longest run of True (the first such run on a tie)."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    best = int(np.argmax(ends - starts))
    return int(starts[best]), int(ends[best]) - 1
