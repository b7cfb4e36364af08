"""The official table templates (templates/2021.yaml, templates/2019.yaml) and a label index
per table that tells, for a label as written, what it is in the template and how well it matched."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from .labels import canon, core, without_note
from .runs import Total

TEMPLATE_DIR = Path(__file__).with_name("templates")
LAYOUTS = ("2021", "2019")
FUZZY_MIN_RATIO = 0.8
FUZZY_MIN_CHARS = 4

# How a label was matched, best first. The weight is its share in scoring a layout.
MATCH_WEIGHT = {"exact": 1.0, "variant": 1.0, "numbering": 0.8, "alias": 0.7, "fuzzy": 0.5}


@dataclass(frozen=True)
class Label:
    text: str
    variants: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    @classmethod
    def of(cls, spec) -> "Label":
        if isinstance(spec, str):
            return cls(spec)
        return cls(spec["label"], tuple(spec.get("variants", ())), tuple(spec.get("aliases", ())))


@dataclass(frozen=True)
class Column:
    key: str
    label: Label
    values: str  # count | amount | signed
    total: bool = False  # the sum of the row's other columns


@dataclass(frozen=True)
class Row:
    key: str
    label: Label
    opens: tuple[str, ...] = ()  # group labels written before this row, e.g. (三)不予公开


@dataclass(frozen=True)
class Block:
    index: int
    label: Label | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    inline: bool  # all rows' values on one line, row after row (table 四)


def run_shape(columns: tuple[Column, ...], rows: int = 1) -> tuple[list[str], tuple[Total, ...]]:
    """What cutting a digit run needs to know of `rows` rows written one after the other:
    the value kind of every cell, and which cells are totals of which."""
    width = len(columns)
    totals = tuple(
        Total(r * width + i, tuple(r * width + j for j in range(width) if j != i))
        for r in range(rows) for i, col in enumerate(columns) if col.total
    )
    return [c.values for c in columns] * rows, totals


@dataclass(frozen=True)
class Ref:
    """What a label is: role is block | column | row | group | header."""

    role: str
    block: int | None = None
    key: str | None = None


@dataclass(frozen=True)
class Match:
    ref: Ref
    how: str  # exact | variant | numbering | alias | fuzzy
    expected: str  # the official label


@dataclass(frozen=True, eq=False)  # one instance per table and layout: hashed by identity
class TableTemplate:
    key: str
    layout: str
    name: str  # 表二
    title: str
    header: tuple[Label, ...]
    groups: tuple[Label, ...]
    blocks: tuple[Block, ...]
    extra_rows: tuple[str, ...] = ()  # canonical labels of rows that provincial formats add

    def is_extra_row(self, text: str) -> bool:
        """A row some provinces add to the national table (`其他主动公开文件(含…)`): known, and
        not part of the national format."""
        c = core(without_note(canon(text)))
        return any(c.startswith(extra) for extra in self.extra_rows)

    def label_texts(self, roles: tuple[str, ...] | None = None) -> set[str]:
        """Every spelling of the table's labels, canonical (rows that provinces add count as rows)."""
        texts = {text for text, entries in self._index.items() if roles is None or any(e[0].role in roles for e in entries)}
        if roles is None or "row" in roles:
            texts.update(self.extra_rows)
        return texts

    def rows(self):
        for block in self.blocks:
            for row in block.rows:
                yield block, row

    def cell_keys(self) -> list[tuple[str, str]]:
        return [(row.key, col.key) for block, row in self.rows() for col in block.columns]

    @cached_property
    def _index(self) -> dict[str, list[tuple[Ref, str, str]]]:
        """canonical text -> [(ref, how, expected)] for exact, variant and alias spellings."""
        index: dict[str, list[tuple[Ref, str, str]]] = {}

        def add(label: Label, ref: Ref) -> None:
            for text, how in [(label.text, "exact")] + [(v, "variant") for v in label.variants] + [
                (a, "alias") for a in label.aliases
            ]:
                entries = index.setdefault(canon(text), [])
                if not any(e[0] == ref for e in entries):
                    entries.append((ref, how, label.text))

        for label in self.header:
            add(label, Ref("header"))
        for label in self.groups:
            add(label, Ref("group"))
        for block in self.blocks:
            if block.label:
                add(block.label, Ref("block", block.index))
            for col in block.columns:
                add(col.label, Ref("column", block.index, col.key))
            for row in block.rows:
                add(row.label, Ref("row", block.index, row.key))
        return index

    @cached_property
    def _core_index(self) -> dict[str, list[tuple[Ref, str]]]:
        index: dict[str, list[tuple[Ref, str]]] = {}
        for text, entries in self._index.items():
            for ref, how, expected in entries:
                if how != "variant":
                    index.setdefault(core(text), []).append((ref, expected))
        return index

    @cached_property
    def _matchers(self) -> list[tuple[str, difflib.SequenceMatcher]]:
        """One SequenceMatcher per label, its label preprocessed once (difflib's own advice)."""
        out = []
        for cand in self._core_index:
            if len(cand) >= 2:
                m = difflib.SequenceMatcher(None)
                m.set_seq2(cand)
                out.append((cand, m))
        return out

    @cached_property
    def _all_labels(self) -> str:
        return "\n".join(self._index)

    def fragment(self, text: str) -> bool:
        """`text` is a piece of a label of this table (`商业`, `予公开`, `计这一情形,不计其他情形)`):
        what a line wrap leaves of a label."""
        c = canon(text)
        return bool(c) and "\n" not in c and c in self._all_labels

    def match(self, text: str, fuzzy: bool = True) -> tuple[Match, ...]:
        """Every reading of `text` as a label of this table, best kind of match first;
        `fuzzy=False` leaves out readings by similarity alone."""
        found = _match(self, text)
        if found or not fuzzy:
            return found
        return _fuzzy(self, text)


@lru_cache(maxsize=100_000)
def _fuzzy(table: TableTemplate, text: str) -> tuple[Match, ...]:
    k = core(text)
    if len(k) < FUZZY_MIN_CHARS:
        return ()
    scored = []
    for cand, matcher in table._matchers:
        matcher.set_seq1(k)
        # The cheap upper bounds first: most labels are ruled out without the full comparison.
        if matcher.real_quick_ratio() >= FUZZY_MIN_RATIO and matcher.quick_ratio() >= FUZZY_MIN_RATIO:
            scored.append((matcher.ratio(), cand))
    scored.sort(reverse=True)
    if not scored or scored[0][0] < FUZZY_MIN_RATIO:
        return ()
    if len(scored) > 1 and scored[1][0] > scored[0][0] - 0.05 and scored[1][1] != scored[0][1]:
        return ()  # two labels fit almost equally well: do not guess
    return tuple(Match(ref, "fuzzy", expected) for ref, expected in table._core_index[scored[0][1]])


@lru_cache(maxsize=100_000)
def _match(table: TableTemplate, text: str) -> tuple[Match, ...]:
    """Exact, accepted, tolerated and renumbered readings; no similarity."""
    c = canon(text)
    if not c:
        return ()
    exact = table._index.get(c)
    if exact:
        return tuple(Match(ref, how, expected) for ref, how, expected in exact)
    k = core(text)
    by_core = table._core_index.get(k)
    if by_core:
        return tuple(Match(ref, "numbering", expected) for ref, expected in by_core)
    # Group label and row label in one cell: "(三)不予公开1.属于国家秘密".
    for group in table.groups:
        g = canon(group.text)
        if c.startswith(g) and len(c) > len(g):
            rest = [m for m in _match(table, c[len(g):]) if m.ref.role == "row"]
            if rest:
                return tuple(rest)
    # A label with a note of a provincial template after it: "规章(设区的市...应提供相关数据)".
    bare = without_note(c)
    if bare != c:
        # A note that is itself a row or column label names it (行政诉讼(未经复议直接起诉),
        # 申请人情况(自然人): how converters title the pieces of a table they cut up).
        rows = [m for m in _match(table, c[len(bare) + 1:-1]) if m.ref.role in ("row", "column") and m.how == "exact"]
        if rows:
            return tuple(Match(m.ref, "variant", m.expected) for m in rows)
        return tuple(Match(m.ref, "alias", m.expected) for m in _match(table, bare))
    return ()


@dataclass(frozen=True)
class Template:
    layout: str
    basis: str
    tables: dict[str, TableTemplate]


@lru_cache(maxsize=None)
def load_template(layout: str) -> Template:
    path = TEMPLATE_DIR / f"{layout}.yaml"
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    tables = {}
    for key, t in spec["tables"].items():
        blocks = tuple(
            Block(
                index=i,
                label=Label.of(b["label"]) if b.get("label") else None,
                columns=tuple(Column(c["key"], Label.of(c), c.get("values", "count"), bool(c.get("total")))
                              for c in b["columns"]),
                rows=tuple(Row(r["key"], Label.of(r), tuple(r.get("opens", ()))) for r in b["rows"]),
                inline=bool(b.get("inline", False)),
            )
            for i, b in enumerate(t["blocks"])
        )
        tables[key] = TableTemplate(
            key=key,
            layout=spec["layout"],
            name=t["name"],
            title=t["title"],
            header=tuple(Label.of(h) for h in t.get("header", ())),
            groups=tuple(Label(g) for b in blocks for r in b.rows for g in r.opens),
            blocks=blocks,
            extra_rows=tuple(core(canon(r)) for r in t.get("extra_rows", ())),
        )
    return Template(layout=spec["layout"], basis=spec["basis"], tables=tables)


def templates() -> dict[str, Template]:
    return {layout: load_template(layout) for layout in LAYOUTS}


@lru_cache(maxsize=None)
def same_in_both_layouts(key: str) -> bool:
    """Table 四: identical in both templates, so it never tells the layouts apart."""
    a, b = (load_template(layout).tables[key] for layout in LAYOUTS)
    return (a.header, a.groups, a.blocks) == (b.header, b.groups, b.blocks)


TABLE_KEYS = ("active", "requests", "appeals")
