"""Properties of the identities A1–A4 over whole reports: consistent tables give no arithmetic
finding; one changed cell breaks exactly the identities through it, by exactly the change; a
blank cell makes them unverifiable, never broken."""

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.parse import parse_bytes
from engine.render import ReportSpec, render_report, zero_values
from engine.ruleset import RuleSet, load_rules
from engine.template import load_template

ARITHMETIC = RuleSet([lr.rule for lr in load_rules() if lr.rule.category == "arithmetic"])
PARTS = ["natural_person", "business", "research", "social_welfare", "legal_services", "other_org"]


@st.composite
def consistent(draw, layout):
    values = zero_values(layout)
    req = values["requests"]
    rows = [row.key for _, row in load_template(layout).tables["requests"].rows()]
    results = rows[rows.index("granted"):rows.index("results_total")]
    small = st.integers(0, 40)
    for col in PARTS:
        for row in results + ["carried_forward"]:
            req[row][col] = draw(small)
        req["results_total"][col] = sum(req[r][col] for r in results)
        both = req["results_total"][col] + req["carried_forward"][col]
        req["new_received"][col] = draw(st.integers(0, both))
        req["carried_over"][col] = both - req["new_received"][col]
    for row in req:
        req[row]["total"] = sum(req[row][c] for c in PARTS)
    for cells in values["appeals"].values():
        for col in ("upheld", "corrected", "other", "pending"):
            cells[col] = draw(small)
        cells["total"] = sum(cells[c] for c in ("upheld", "corrected", "other", "pending"))
    return values


def audit(values, layout):
    text = render_report(ReportSpec(layout, values, year=2022 if layout == "2021" else 2020), "tab-grid")
    return ARITHMETIC.run(parse_bytes(text.encode()))


SETTINGS = settings(max_examples=40, deadline=None)


@SETTINGS
@given(data=st.data(), layout=st.sampled_from(["2021", "2019"]))
def test_consistent_tables_have_no_arithmetic_findings(data, layout):
    assert audit(data.draw(consistent(layout)), layout) == []


@SETTINGS
@given(data=st.data(), layout=st.sampled_from(["2021", "2019"]), delta=st.integers(1, 9))
def test_one_changed_cell_breaks_its_identities_by_the_change(data, layout, delta):
    values = data.draw(consistent(layout))
    table = data.draw(st.sampled_from(["requests", "appeals"]))
    row = data.draw(st.sampled_from(sorted(values[table])))
    col = data.draw(st.sampled_from(sorted(values[table][row])))
    values[table][row][col] += delta
    findings = audit(values, layout)
    assert findings and all(f.severity == "error" for f in findings)
    for f in findings:
        ev = f.evidence
        assert abs(ev["left_sum"] - ev["right_sum"]) == delta
        assert any(loc.row == row and loc.column == col for loc in f.locations)


@SETTINGS
@given(data=st.data(), layout=st.sampled_from(["2021", "2019"]))
def test_a_blank_cell_is_unverifiable_not_broken(data, layout):
    values = data.draw(consistent(layout))
    table = data.draw(st.sampled_from(["requests", "appeals"]))
    row = data.draw(st.sampled_from(sorted(values[table])))
    col = data.draw(st.sampled_from(sorted(values[table][row])))
    values[table][row][col] = None
    findings = audit(values, layout)
    assert findings and {f.severity for f in findings} == {"info"}
    assert all("无法核对" in f.message for f in findings)
