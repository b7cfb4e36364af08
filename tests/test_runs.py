"""Digit runs (engine/runs.py) and pages saved on one line (engine/reflow.py): a run is cut only
where the cut is certain, so what the parser reads is the truth or nothing, never a guess."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.parse import parse_bytes
from engine.render import ReportSpec, render_one_line
from engine.runs import Total, readings, split
from engine.template import load_template

SEVEN = ["count"] * 7
ROW_TOTAL = (Total(6, (0, 1, 2, 3, 4, 5)),)
PROJECT = ["count", "signed", "count"]  # 2019 table 二: 上一年项目数量, 本年增/减, 处理决定数量


@pytest.mark.parametrize("texts, kinds, totals, expected", [
    (["1000001"], SEVEN, ROW_TOTAL, ["1", "0", "0", "0", "0", "0", "1"]),  # digits = cells
    (["291000030"], SEVEN, ROW_TOTAL, ["29", "1", "0", "0", "0", "0", "30"]),  # one reading agrees with 总计
    (["2600000", "26"], SEVEN, ROW_TOTAL, ["26", "0", "0", "0", "0", "0", "26"]),  # a space is a boundary
    (["10", "0", "0", "0", "01"], SEVEN, ROW_TOTAL, ["1", "0", "0", "0", "0", "0", "1"]),
    (["220000022"], SEVEN, ROW_TOTAL, None),  # 22/0/…/22 or 2/20/…/22: not certain
    (["0", "00000"], SEVEN, ROW_TOTAL, None),  # six digits for seven cells
    (["000"], ["count"] * 3, (), ["0", "0", "0"]),
    (["1077"], ["count"] * 3, (), None),  # 1/0/77 or 10/7/7, and table 二 has no total
    (["88-720"], PROJECT, (), None),  # 88/-7/20 or 88/-72/0
    (["15-15"], ["count", "signed"], (), ["15", "-15"]),  # a minus sign starts a cell
    (["1018703元"], ["count", "amount"], (), None),
    (["156805947.43元"], ["count", "amount"], (), None),
])
def test_split(texts, kinds, totals, expected):
    assert split(texts, kinds, totals) == expected


def test_no_leading_zeros_and_signs_only_where_allowed():
    assert readings(["05"], ["count", "count"]) == [["0", "5"]]
    assert readings(["-5"], ["count"]) == []
    assert readings(["-5"], ["signed"]) == [["-5"]]


COUNT = st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 99_999))


@st.composite
def request_rows(draw):
    parts = draw(st.lists(COUNT, min_size=6, max_size=6))
    return [str(v) for v in parts + [sum(parts)]]


@settings(max_examples=300, deadline=None)
@given(row=request_rows(), data=st.data())
def test_a_run_reads_as_the_row_or_not_at_all(row, data):
    """Whatever the row and wherever the spaces, the cut is the row itself or nothing."""
    gaps = [data.draw(st.booleans()) for _ in row[:-1]]
    texts, current = [], row[0]
    for gap, cell in zip(gaps, row[1:], strict=True):
        if gap:
            texts.append(current)
            current = cell
        else:
            current += cell
    texts.append(current)
    got = split(texts, SEVEN, ROW_TOTAL)
    assert got is None or got == row
    if all(len(c) == 1 for c in row):
        assert got == row  # as many digits as cells: always read


VALUE = {"count": COUNT, "signed": st.one_of(COUNT, st.integers(-999, -1)),
         "amount": st.one_of(COUNT, st.integers(1, 10**6).map(lambda n: n / 100))}


@st.composite
def report_values(draw, layout: str):
    """Values whose rows agree with their own total columns (the reading of a run relies on it)."""
    values = {}
    for key, table in load_template(layout).tables.items():
        values[key] = {}
        for block, row in table.rows():
            cells = {col.key: draw(VALUE[col.values]) for col in block.columns}
            for col in block.columns:
                if col.total:
                    cells[col.key] = sum(v for k, v in cells.items() if k != col.key)
            values[key][row.key] = cells
    return values


@settings(max_examples=int(__import__("os").environ.get("ONE_LINE_EXAMPLES", 40)), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(layout=st.sampled_from(["2021", "2019"]), data=st.data(), seed=st.integers(0, 2**32))
def test_a_page_on_one_line_reads_true_or_unknown(layout, data, seed):
    """A whole report saved on one line: unit, year and date are read, every table is found in its
    layout, and every cell is either its value or unknown (never another number). Rows agree with
    their totals: a row that does not may be read by the one cut that makes it agree."""
    values = data.draw(report_values(layout))
    year = 2020 if layout == "2019" else 2022
    spec = ReportSpec(layout, values, agency="某县某镇人民政府", year=year)
    report = parse_bytes(render_one_line(spec, random.Random(seed)).encode("utf-8"))
    assert (report.meta.agency, report.meta.year, report.meta.published) == ("某县某镇人民政府", year, f"{year + 1}-01-15")
    assert report.layout == layout and set(report.tables) == {"active", "requests", "appeals"}
    for key, rows in values.items():
        for row, cols in rows.items():
            for col, want in cols.items():
                got = report.tables[key].rows[row][col].value
                assert got is None or got == want, (key, row, col, want, got)
