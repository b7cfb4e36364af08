"""The five samples parse exactly as shared/spec/SEEDS.md says, cell by cell."""

import pytest

from engine.template import load_template


def values(report, table):
    return {(r, c): cell.value for r, row in report.tables[table].rows.items() for c, cell in row.items()}


def blanks(report, table):
    return sorted(k for k, cell in _cells(report, table) if cell.blank)


def _cells(report, table):
    return [((r, c), cell) for r, row in report.tables[table].rows.items() for c, cell in row.items()]


def all_keys(layout, table):
    return set(load_template(layout).tables[table].cell_keys())


@pytest.mark.parametrize(
    "prefix, agency, year, layout",
    [
        ("000", "江左镇人民政府", 2022, "2021"),
        ("001", "一平垣乡", 2023, "2021"),
        ("002", "群峰乡", 2020, "2019"),
        ("003", "赵保镇人民政府", 2021, "2021"),
        ("004", "君堂镇人民政府", 2024, "2021"),
    ],
)
def test_meta_and_layout(parsed, prefix, agency, year, layout):
    r = parsed(prefix)
    assert (r.meta.agency, r.meta.year, r.layout) == (agency, year, layout)
    assert {t.layout for t in r.tables.values()} == {layout}
    assert [s.key for s in r.sections] == ["overview", "active", "requests", "appeals", "problems", "other"]
    for table in ("active", "requests", "appeals"):
        assert set(values(r, table)) == all_keys(layout, table)


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_all_zero_reports(parsed, prefix):
    r = parsed(prefix)
    for table, count in (("active", 10), ("requests", 175), ("appeals", 15)):
        vals = values(r, table)
        assert len(vals) == count
        assert set(vals.values()) == {0}, table


def test_000_eighth_value_is_structure_not_data(parsed):
    r = parsed("000")
    extra = [d for d in r.tables["requests"].deviations if d.issue == "extra-cells"]
    rows = [row.key for _, row in load_template("2021").tables["requests"].rows()]
    expected = [k for k in rows if k not in ("new_received", "results_total")]
    assert [d.row for d in extra] == expected
    assert all(d.values == ["0"] and not d.data_lost and d.expected == "7" and d.found == "8" for d in extra)
    assert r.tables["requests"].cell("new_received", "natural_person").line == 47
    assert r.tables["requests"].cell("carried_forward", "total").line == 72
    assert r.tables["appeals"].cell("suit_after_review", "total").line == 79


def test_000_label_deviations(parsed):
    devs = {(d.issue, d.found, d.expected) for d in parsed("000").tables["requests"].deviations if d.kind == "label"}
    assert devs == {
        ("alias", "社会组织", "社会公益组织"),
        ("alias", "2.其他法律法规禁止公开", "2.其他法律行政法规禁止公开"),
    }


def test_001_cells(parsed):
    r = parsed("001")
    active = values(r, "active")
    assert active.pop(("licensing", "decisions")) == 512
    assert set(active.values()) == {0}
    assert r.tables["active"].cell("licensing", "decisions").line == 33

    req = r.tables["requests"]
    expected_blank = [("new_received", "total"), ("carried_over", "total")] + [
        (row, col) for row, col in all_keys("2021", "requests") if row not in ("new_received", "carried_over")
    ]
    assert blanks(r, "requests") == sorted(expected_blank)
    assert len(expected_blank) == 163
    for row in ("new_received", "carried_over"):
        for col in ("natural_person", "business", "research", "social_welfare", "legal_services", "other_org"):
            assert req.cell(row, col).value == 0
    assert req.cell("new_received", "natural_person").line == 87
    assert req.cell("carried_forward", "total").line == 359
    assert set(values(r, "appeals").values()) == {0}
    assert not [d for d in req.deviations if d.kind == "structure"]


def test_002_cells(parsed):
    r = parsed("002")
    assert r.meta.published == "2021-01-25"
    assert r.meta.region == "洪江市"
    assert set(values(r, "active").values()) == {0} and len(values(r, "active")) == 22
    req = values(r, "requests")
    assert len(req) == 161
    assert blanks(r, "requests") == [("denied_process", "business")]
    blank = r.tables["requests"].cell("denied_process", "business")
    assert (blank.value, blank.raw, blank.line) == (None, "", 199)
    assert {v for k, v in req.items() if k != ("denied_process", "business")} == {0}
    assert set(values(r, "appeals").values()) == {0}


def test_002_normalisation(parsed):
    r = parsed("002")
    n = r.normalisation
    assert n.traditional and n.glosses_removed > 100
    assert [(m.line, m.text) for m in n.notes] == [(19, "?zhí)"), (19, "?fù)"), (20, "?zhí)"), (20, "?fù)")]
    assert r.lines[0] == "网站支持IPv6"
    assert r.sections[0].heading == "一、总体情况"


def test_004_label_deviation_in_table_2(parsed):
    devs = [(d.issue, d.row, d.found) for d in parsed("004").tables["active"].deviations]
    assert devs == [("alias", "normative_documents", "规范性文件")]


def test_section_headings(parsed):
    assert [s.deviations for s in parsed("001").sections] == [
        ["numbering-style"], [], [], ["numbering-style"], ["numbering-style"], ["numbering-style"]
    ]
    assert [(s.heading, s.line) for s in parsed("001").sections][:2] == [
        ("1、 总体情况", 2), ("二、主动公开政府信息情况", 9)]
    assert parsed("004").sections[0].deviations == ["wording"]
    assert all(not s.deviations for s in parsed("000").sections)
