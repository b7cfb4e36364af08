"""Property: any table values, rendered in any text family, parse back to the same cells and
the same layout. Blanks stay blank (never 0), decimals stay decimals, negatives stay negative."""

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.parse import parse_bytes
from engine.render import FAMILIES, ReportSpec, render_report
from engine.template import load_template
from tests.samples import assert_cells

COUNT = st.one_of(st.just(0), st.integers(1, 9), st.integers(10, 10_000_000))
AMOUNT = st.one_of(COUNT, st.integers(1, 10**9).map(lambda n: n / 10_000))
SIGNED = st.one_of(COUNT, st.integers(-100_000, -1))
BY_KIND = {"count": COUNT, "amount": AMOUNT, "signed": SIGNED}


@st.composite
def table_values(draw, layout: str):
    blank_rate = draw(st.sampled_from([0.0, 0.05, 0.3, 1.0]))
    values = {}
    for key, table in load_template(layout).tables.items():
        values[key] = {}
        for block, row in table.rows():
            values[key][row.key] = {}
            for col in block.columns:
                blank = draw(st.floats(0, 1)) < blank_rate
                values[key][row.key][col.key] = None if blank else draw(BY_KIND[col.values])
    return values


def check(layout, values, family, seed):
    text = render_report(ReportSpec(layout, values), family, random.Random(seed))
    report = parse_bytes(text.encode("utf-8"))
    assert all(t.family == family for t in report.tables.values())
    assert_cells(report, values, layout)


SETTINGS = settings(max_examples=int(os.environ.get("ROUNDTRIP_EXAMPLES", 60)), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(values=table_values("2021"), family=st.sampled_from(FAMILIES), seed=st.integers(0, 2**32))
def test_2021_roundtrip(values, family, seed):
    check("2021", values, family, seed)


@SETTINGS
@given(values=table_values("2019"), family=st.sampled_from(FAMILIES), seed=st.integers(0, 2**32))
def test_2019_roundtrip(values, family, seed):
    check("2019", values, family, seed)
