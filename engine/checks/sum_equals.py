"""An arithmetic identity of a table: the sum of `left` equals the sum of `right`.

`for_each: column` takes row keys as terms and checks every column (or those in `only`);
`for_each: row` takes column keys as terms and checks every row (or those in `only`). Terms
that the table's layout does not have are skipped, so one rule serves both layouts.
A broken identity is one finding per column or row: the message shows both sides with every
operand and its value, and the difference; it never says which side is wrong. When an operand
is blank, missing or uncertain the identity cannot be verified: outcome `unverifiable`, one
finding per table naming the columns or rows and the blank operands. A blank is never 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Annotated, Literal

from pydantic import Field

from ..findings import Location
from ..model import Cell, Number, Report
from ..names import TABLE_NAMES, column_name, row_name
from ._text import fmt
from .base import Context, Hit, Ref, TableKey
from .base import Params as Base

# For users: rule docs and `audit rules explain`.
SUMMARY = ("表格的勾稽关系：左边各项之和等于右边各项之和；不成立时列出两边每一项及其数值；"
           "有空白项时报告“无法核对”，不把空白当作 0。")
PLACEHOLDERS = {
    "default": {"table", "where", "left", "left_sum", "right", "right_sum", "difference", "identity"},
    "unverifiable": {"table", "count", "where", "blanks", "identity"},
}
OUTCOMES = ("unverifiable",)
TOLERANCE = 1e-6
MAX_LISTED = 8  # columns or rows named in an unverifiable message; the locations name them all


class Params(Base):
    kind: Literal["sum_equals"]
    # A1 ... as in docs/format.md
    identity: Annotated[str, Field(description=(
        "这条勾稽关系的编号，如 A1、A2（见 docs/format.md）；填入提示信息的 {identity}。"))]
    table: Annotated[TableKey, Field(description="核对哪张表：active（表二）、requests（表三）或 appeals（表四）。")]
    for_each: Annotated[Literal["column", "row"], Field(description=(
        "column：逐列核对，left、right 写行键名，only 写列键名；row：逐行核对，left、right 写列键名，only 写行键名。"))]
    left: Annotated[list[str], Field(description=(
        "等式左边相加的各项：for_each 为 column 时写行键名（如 new_received），为 row 时写列键名（如 total）。"
        "本表格式中没有的项略过，所以一条规则可同时用于 2019、2021 两种格式。"))]
    right: Annotated[list[str], Field(description="等式右边相加的各项，写法同 left。")]
    only: Annotated[list[str] | None, Field(description=(
        "只核对这些列（for_each 为 column 时，写列键名）或这些行（for_each 为 row 时，写行键名）。"
        "默认不写，核对全部。"))] = None


def references(params: Params) -> Iterator[Ref]:
    """`left`, `right`: rows of the table (for each column) or its columns (for each row); `only`
    the other way round."""
    terms, each = ("row", "column") if params.for_each == "column" else ("column", "row")
    for name in ("left", "right", "only"):
        for i, key in enumerate(getattr(params, name) or []):
            what = each if name == "only" else terms
            yield Ref((name, i), params.table, **{what: key})


def run(report: Report, params: Params, ctx: Context) -> Iterator[Hit]:
    table = report.tables.get(params.table)
    if table is None:
        return
    layout = table.layout
    rows = table.rows
    tname = TABLE_NAMES[params.table]
    # The terms: (row key, row) for each column, or column keys for each row.
    left_rows: list[tuple[str, dict[str, Cell]]] | list[str]
    right_rows: list[tuple[str, dict[str, Cell]]] | list[str]
    if params.for_each == "column":
        # The columns the terms' rows share (table 二's blocks have different columns).
        terms = [rows[t] for t in params.left + params.right if t in rows]
        columns = [c for c in (terms[0] if terms else {}) if all(c in r for r in terms)]
        instances = [c for c in columns if params.only is None or c in params.only]
        left_rows = [(t, rows[t]) for t in params.left if t in rows]
        right_rows = [(t, rows[t]) for t in params.right if t in rows]
        operands = lambda terms, inst: [(t, r[inst]) for t, r in terms]  # noqa: E731
        term_name = lambda term: row_name(params.table, term, layout)  # noqa: E731
        where_name = lambda inst: f"“{column_name(params.table, inst, layout)}”列"  # noqa: E731
    else:
        instances = [r for r in rows if params.only is None or r in params.only]
        left_rows, right_rows = params.left, params.right
        operands = lambda terms, inst: [(t, rows[inst][t]) for t in terms if t in rows[inst]]  # noqa: E731
        term_name = lambda term: column_name(params.table, term, layout)  # noqa: E731
        where_name = lambda inst: f"“{row_name(params.table, inst, layout)}”行"  # noqa: E731

    unverifiable = []
    for inst in instances:
        left = operands(left_rows, inst)
        right = operands(right_rows, inst)
        if not left or not right:
            continue
        lsum, rsum = _total(left), _total(right)
        if lsum is None or rsum is None:
            unverifiable.append((inst, [(t, c) for t, c in left + right if c.value is None or c.uncertain]))
            continue
        if abs(lsum - rsum) <= TOLERANCE:
            continue

        def side(terms: list[tuple[str, Cell]]) -> str:
            return " + ".join(f"{term_name(t)}({fmt(c.value)})" for t, c in terms)

        def loc(t: str, c: Cell, inst: str = inst) -> Location:
            r, col = (t, inst) if params.for_each == "column" else (inst, t)
            return Location(table=params.table, row=r, column=col, line=c.line)

        yield Hit(
            {"table": tname, "where": where_name(inst), "identity": params.identity,
             "left": side(left), "left_sum": fmt(lsum), "right": side(right), "right_sum": fmt(rsum),
             "difference": fmt(abs(lsum - rsum))},
            [loc(t, c) for t, c in left + right],
            {"identity": params.identity, "instance": inst,
             "left": [{"term": t, "value": c.value, "line": c.line} for t, c in left], "left_sum": lsum,
             "right": [{"term": t, "value": c.value, "line": c.line} for t, c in right], "right_sum": rsum},
        )

    if unverifiable:
        blanks = list(dict.fromkeys(term_name(t) for t in params.left + params.right
                                    for _, blocking in unverifiable if t in dict(blocking)))
        places = [where_name(i) for i, _ in unverifiable]
        where = "、".join(places[:MAX_LISTED]) + (f"等 {len(places)} 处" if len(places) > MAX_LISTED else "")
        yield Hit(
            {"table": tname, "count": len(unverifiable), "identity": params.identity,
             "where": where, "blanks": "、".join(blanks)},
            [Location(table=params.table, row=inst if params.for_each == "row" else None,
                      column=inst if params.for_each == "column" else None) for inst, _ in unverifiable],
            {"identity": params.identity,
             "unverifiable": [{"instance": i, "blank": [t for t, _ in b]} for i, b in unverifiable]},
            outcome="unverifiable",
        )


def _total(operands: Iterable[tuple[str, Cell]]) -> Number | None:
    """The sum, or None when an operand is blank, missing or uncertain: a blank is never 0."""
    total: Number = 0
    for _, c in operands:
        if c.value is None or c.uncertain:
            return None
        total += c.value
    return total
