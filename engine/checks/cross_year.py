"""An identity between this year's report and the same unit's report of the year before.

Terms are written `this.<key>` or `last.<key>`, with a leading `-` to subtract (A6: `last.in_force`,
`this.issued`, `-this.repealed`). As in sum_equals, `for_each: column` takes row keys as terms and
checks every column the terms share in both years (or those in `only`); `for_each: row` takes
column keys and checks every row. The run pairs a report with last year's only when the same
unit has exactly one report of exactly the year before: never across a gap of years.

Outcomes: a broken identity is one finding per column or row, showing every operand with its
year, value and line, the file of last year's report, and the difference; it never says which year
is wrong. A blank or uncertain operand makes it `unverifiable` (one finding per table). When a term
is not in one year's layout (the 2019 table 二 has no 现行有效件数), or a year lacks the table,
the years cannot be compared on that point: `incomparable`, once, saying why. A key means the
same in every layout that has it (the templates name it so), so 2019 and 2021 compare on the keys
they share.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Cell, Number, Report, Table
from ..names import TABLE_NAMES, column_name, layout_name, row_name
from ._text import fmt
from .base import Context, Hit, Ref, TableKey
from .base import Params as Base

SUMMARY = ("跨年度衔接：本年报告与同一单位上一年度报告的数字应当衔接（如本年“上年结转”等于上年“结转下年度继续办理”）；"
           "不衔接时列出两个年度的每一项、数值、行号和上年报告文件；有空白项时报告“无法核对”；"
           "两年格式不同而无法对应的项报告“无法比较”。只比较相邻年度。")
PLACEHOLDERS = {
    "default": {"table", "where", "left", "left_sum", "right", "right_sum", "difference", "identity",
                "year", "last_year", "last_path"},
    "unverifiable": {"table", "count", "where", "blanks", "identity", "year", "last_year", "last_path"},
    "incomparable": {"table", "reason", "identity", "year", "last_year", "last_path"},
}
OUTCOMES = ("unverifiable", "incomparable")
TOLERANCE = 1e-6
MAX_LISTED = 8

Term = Annotated[str, Field(pattern=r"^-?(this|last)\.[a-z][a-z0-9_]*$")]


class Params(Base):
    kind: Literal["cross_year"]
    identity: Annotated[str, Field(description="这条衔接关系的编号，如 A5、A6（见 docs/format.md）；填入 {identity}。")]
    table: Annotated[TableKey, Field(description="核对哪张表：active（表二）、requests（表三）或 appeals（表四）。")]
    for_each: Annotated[Literal["column", "row"], Field(description=(
        "column：逐列核对，各项写行键名，only 写列键名；row：逐行核对，各项写列键名，only 写行键名。"))]
    left: Annotated[list[Term], Field(min_length=1, description=(
        "等式左边相加的各项：this.键名 表示本年报告，last.键名 表示上一年度报告，前加 - 表示减去"
        "（如 this.carried_over，-this.repealed）。"))]
    right: Annotated[list[Term], Field(min_length=1, description="等式右边相加的各项，写法同 left。")]
    only: Annotated[list[str] | None, Field(description=(
        "只核对这些列（for_each 为 column 时）或这些行（for_each 为 row 时）；不写表示两年都有的全部。"))] = None


def references(params: Params) -> Iterator[Ref]:
    terms, each = ("row", "column") if params.for_each == "column" else ("column", "row")
    for name in ("left", "right"):
        for i, term in enumerate(getattr(params, name)):
            yield Ref((name, i), params.table, **{terms: _parse(term)[2]})
    for i, key in enumerate(params.only or []):
        yield Ref(("only", i), params.table, **{each: key})


def _parse(term: str) -> tuple[int, str, str]:
    """'-this.repealed' -> (-1, 'this', 'repealed')."""
    sign = -1 if term.startswith("-") else 1
    year, key = term.lstrip("-").split(".", 1)
    return sign, year, key


Operand = tuple[int, str, str, Cell]  # sign, this | last, key, cell


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    last = ctx.previous
    if last is None or ctx.across is None:
        return
    year, last_year = report.meta.year, last.meta.year
    last_path = ctx.across.previous or last.source.path
    common = {"table": TABLE_NAMES[params.table], "identity": params.identity,
              "year": year, "last_year": last_year, "last_path": last_path}
    tables = {"this": report.tables.get(params.table), "last": last.tables.get(params.table)}
    absent = [f"{year if side == 'this' else last_year} 年报告没有{TABLE_NAMES[params.table]}"
              for side, t in tables.items() if t is None]
    if absent:
        yield Hit({**common, "reason": "，".join(absent)}, [], {"identity": params.identity}, outcome="incomparable")
        return
    this_t, last_t = tables["this"], tables["last"]
    assert this_t is not None and last_t is not None
    by_side = {"this": this_t, "last": last_t}
    terms = [_parse(t) for t in params.left + params.right]
    lacking = [(side, key) for _, side, key in terms if not _has(by_side[side], key, params.for_each)]
    if lacking:
        yield Hit({**common, "reason": _why_incomparable(params, by_side, lacking, year, last_year)}, [],
                  {"identity": params.identity, "lacking": [f"{s}.{k}" for s, k in lacking]}, outcome="incomparable")
        return

    def operands(side_terms: list[str], inst: str) -> list[Operand]:
        out = []
        for term in side_terms:
            sign, side, key = _parse(term)
            rows = by_side[side].rows
            cell = rows[key][inst] if params.for_each == "column" else rows[inst][key]
            out.append((sign, side, key, cell))
        return out

    def label(side: str, key: str) -> str:
        layout = by_side[side].layout
        if params.for_each == "column":
            return row_name(params.table, key, layout)
        return column_name(params.table, key, layout)

    def name(side: str, key: str) -> str:
        return f"{year if side == 'this' else last_year} 年“{label(side, key)}”"

    def loc(side: str, key: str, inst: str, cell: Cell) -> Location:
        row, col = (key, inst) if params.for_each == "column" else (inst, key)
        return Location(path=last_path if side == "last" else None, table=params.table, row=row, column=col,
                        line=cell.line)

    unverifiable: list[tuple[str, list[Operand]]] = []
    for inst in _instances(params, by_side, terms):
        left, right = operands(params.left, inst), operands(params.right, inst)
        lsum, rsum = _total(left), _total(right)
        if lsum is None or rsum is None:
            unverifiable.append((inst, [o for o in left + right if o[3].value is None or o[3].uncertain]))
            continue
        if abs(lsum - rsum) <= TOLERANCE:
            continue

        def side_text(ops: list[Operand], inst: str = inst) -> str:
            parts = []
            for i, (sign, side, key, cell) in enumerate(ops):
                op = ("- " if sign < 0 else "") if i == 0 else ("- " if sign < 0 else "+ ")
                parts.append(f"{op}{name(side, key)}({fmt(cell.value)})")
            return " ".join(parts)

        yield Hit(
            {**common, "where": _where(params, this_t, inst), "left": side_text(left), "left_sum": fmt(lsum),
             "right": side_text(right), "right_sum": fmt(rsum), "difference": fmt(abs(lsum - rsum))},
            [loc(side, key, inst, cell) for _, side, key, cell in left + right],
            {"identity": params.identity, "instance": inst, "last_path": last_path,
             "left": [_evidence(o, year, last_year, label(o[1], o[2])) for o in left], "left_sum": lsum,
             "right": [_evidence(o, year, last_year, label(o[1], o[2])) for o in right], "right_sum": rsum},
        )

    if unverifiable:
        blanks = list(dict.fromkeys(name(side, key) for _, ops in unverifiable for _, side, key, _ in ops))
        places = [_where(params, this_t, i) for i, _ in unverifiable]
        where = "、".join(places[:MAX_LISTED]) + (f"等 {len(places)} 处" if len(places) > MAX_LISTED else "")
        yield Hit(
            {**common, "count": len(unverifiable), "where": where, "blanks": "、".join(blanks[:MAX_LISTED])},
            [loc(side, key, inst, cell) for inst, ops in unverifiable for _, side, key, cell in ops],
            {"identity": params.identity, "last_path": last_path,
             "unverifiable": [{"instance": i, "blank": [f"{s}.{k}" for _, s, k, _ in ops]} for i, ops in unverifiable]},
            outcome="unverifiable",
        )


def _has(table: Table, key: str, for_each: str) -> bool:
    if for_each == "column":
        return key in table.rows
    return any(key in cells for cells in table.rows.values())


def _instances(params: Params, by_side: dict[str, Table], terms: list[tuple[int, str, str]]) -> list[str]:
    """The columns (or rows) every term has in its year's table, in this year's order."""
    if params.for_each == "column":
        shared = [set(by_side[side].rows[key]) for _, side, key in terms]
        order = list(by_side["this"].rows[terms[0][2]]) if terms[0][1] == "this" else list(
            by_side["last"].rows[terms[0][2]])
        found = [c for c in order if all(c in s for s in shared)]
    else:
        found = [r for r in by_side["this"].rows
                 if all(r in by_side[side].rows and key in by_side[side].rows[r] for _, side, key in terms)]
    return [i for i in found if params.only is None or i in params.only]


def _where(params: Params, table: Table, inst: str) -> str:
    if params.for_each == "column":
        return f"“{column_name(params.table, inst, table.layout)}”列"
    return f"“{row_name(params.table, inst, table.layout)}”行"


def _why_incomparable(params: Params, by_side: dict[str, Table], lacking: list[tuple[str, str]],
                      year: int | None, last_year: int | None) -> str:
    parts = []
    for side, key in lacking:
        table = by_side[side]
        label = row_name(params.table, key, None) if params.for_each == "column" else column_name(params.table, key, None)
        parts.append(f"{year if side == 'this' else last_year} 年报告的{TABLE_NAMES[params.table]}"
                     f"用的是 {layout_name(table.layout)}，没有“{label}”")
    return "；".join(dict.fromkeys(parts))


def _total(operands: list[Operand]) -> Number | None:
    """The signed sum, or None when an operand is blank or uncertain: a blank is never 0."""
    total: Number = 0
    for sign, _, _, cell in operands:
        if cell.value is None or cell.uncertain:
            return None
        total += sign * cell.value
    return total


def _evidence(op: Operand, year: int | None, last_year: int | None, label: str) -> dict:
    sign, side, key, cell = op
    return {"year": year if side == "this" else last_year, "term": key, "label": label, "sign": sign,
            "value": cell.value, "line": cell.line}
