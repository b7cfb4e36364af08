"""The table templates (templates/*.yaml, one file per layout: its tables, labels and keys, the
years it applies to) and a label index per table that tells, for a label as written, what it is
in the template and how well it matched. The layouts are what the files define: adding one is
adding a file."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from .labels import canon, core, without_note
from .runs import Total

TEMPLATE_DIR = Path(__file__).with_name("templates")
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
    def of(cls, spec: str | dict[str, Any]) -> Label:
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

    def rows(self) -> Iterator[tuple[Block, Row]]:
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


@dataclass(frozen=True, eq=False)  # one per file read: hashed by identity
class Template:
    """One layout of the three tables, as its file says: its name, the document that issued it,
    and the report years it applies to."""

    layout: str  # the layout's key: 2021, 2019, …
    name: str  # for people: 2021 版
    short: str  # where space is short: 2021版
    title: str  # with its source: 2021 版（国办公开办函〔2021〕30号）
    basis: str  # the document that issued it
    years: tuple[int | None, int | None]  # first and last report year it applies to (None: open)
    tables: dict[str, TableTemplate]

    def applies_to(self, year: int) -> bool:
        first, last = self.years
        return (first is None or year >= first) and (last is None or year <= last)


class TemplateError(Exception):
    """A template file that cannot be used; the message names the file and what is wrong."""


_extra_dirs: tuple[Path, ...] = ()


def use_template_dirs(*dirs: Path) -> None:
    """Read templates from these folders too (a provincial variant, a future national format);
    what was read before is forgotten."""
    global _extra_dirs
    _extra_dirs = tuple(Path(d) for d in dirs)
    _registry.cache_clear()


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per set of template folders
class Registry:
    templates: dict[str, Template]  # newest first

    @cached_property
    def layouts(self) -> tuple[str, ...]:
        return tuple(self.templates)

    @cached_property
    def table_keys(self) -> tuple[str, ...]:
        return tuple(next(iter(self.templates.values())).tables)

    @cached_property
    def same_everywhere(self) -> frozenset[str]:
        """Tables identical in every layout (table 四): they never tell the layouts apart."""
        def shape(t: TableTemplate) -> tuple[tuple[Label, ...], tuple[Label, ...], tuple[Block, ...]]:
            return t.header, t.groups, t.blocks
        return frozenset(key for key in self.table_keys
                         if len({shape(tpl.tables[key]) for tpl in self.templates.values()}) == 1)


@lru_cache(maxsize=1)
def _registry() -> Registry:
    found: dict[str, Template] = {}
    for folder in (TEMPLATE_DIR, *_extra_dirs):
        for path in sorted(Path(folder).glob("*.yaml")):
            template = _read(path)
            if template.layout in found:
                raise TemplateError(f"{path}: layout: 格式“{template.layout}”已由另一个模板文件定义")
            found[template.layout] = template
    if not found:
        raise TemplateError(f"{TEMPLATE_DIR}: 没有模板文件")
    keys = {frozenset(t.tables) for t in found.values()}
    if len(keys) > 1:
        raise TemplateError("各模板文件的表格不一致："
                            + "；".join(f"{t.layout}: {', '.join(t.tables)}" for t in found.values()))
    newest_first = sorted(found.values(), key=lambda t: -(t.years[0] or 0))
    return Registry({t.layout: t for t in newest_first})


def _read(path: Path) -> Template:
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        tables = {key: _table(key, spec["layout"], t) for key, t in spec["tables"].items()}
        years = spec.get("years") or {}
        return Template(layout=str(spec["layout"]), name=spec["name"], short=spec.get("short", spec["name"]),
                        title=spec["title"], basis=spec["basis"],
                        years=(years.get("from"), years.get("to")), tables=tables)
    except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise TemplateError(f"{path}: 模板文件无法读取：{exc!r}") from None


def _table(key: str, layout: str, t: dict) -> TableTemplate:
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
    return TableTemplate(
        key=key,
        layout=str(layout),
        name=t["name"],
        title=t["title"],
        header=tuple(Label.of(h) for h in t.get("header", ())),
        groups=tuple(Label(g) for b in blocks for r in b.rows for g in r.opens),
        blocks=blocks,
        extra_rows=tuple(core(canon(r)) for r in t.get("extra_rows", ())),
    )


def registry() -> Registry:
    return _registry()


def templates() -> dict[str, Template]:
    """Every layout's template, newest first."""
    return _registry().templates


def layouts() -> tuple[str, ...]:
    """The layouts there are templates for, newest first."""
    return _registry().layouts


def load_template(layout: str) -> Template:
    return _registry().templates[layout]


def layout_for_year(year: int | None) -> str:
    """The layout a report of this year should use: the template whose years hold it; for a year
    no template names (or none at all), the newest."""
    if year is not None:
        for template in templates().values():
            if template.applies_to(year):
                return template.layout
    return layouts()[0]


def same_in_all_layouts(key: str) -> bool:
    """Table 四: identical in every template, so it never tells the layouts apart."""
    return key in _registry().same_everywhere


def table_keys() -> tuple[str, ...]:
    """The tables' keys, in report order (active, requests, appeals)."""
    return _registry().table_keys


def table_names() -> dict[str, str]:
    """The tables' names as the format writes them (表二, 表三, 表四)."""
    newest = next(iter(templates().values()))
    return {key: t.name for key, t in newest.tables.items()}
