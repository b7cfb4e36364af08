"""The rows kept on disk until the end of a run (engine/outputs/ledger.py): read back in exactly the
order the checklist lists units in memory, with the counts and statistics of the rows added."""

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from engine.outputs.checklist import by_group, summary_line
from engine.outputs.ledger import Counts, Ledger, counted
from engine.outputs.statistics import NO_GROUP, Record, tally


@dataclass(frozen=True)
class Unit:
    group: str | None
    agency: str | None
    path: str | None
    status: str
    verdict: str
    stats: Record


# Names that test the order: CJK, ASCII, characters beyond the Basic Multilingual Plane (whose UTF-8
# bytes sort after U+FFFF, the mark of an unrecognised unit), the 未分组 group, and None.
NAMES = st.sampled_from(["乡", "县", "Ａ", "a", "b", "\uffff", "\U00020000", "乙乙", NO_GROUP, ""])
VERDICTS = st.sampled_from(["需退回修改", "建议修改", "通过", "未报送"])


@st.composite
def units(draw) -> Unit:
    status = draw(st.sampled_from(["audited", "unreadable", "missing"]))
    group = draw(st.none() | NAMES)
    stats = Record(group=group, status=status, verdict=draw(VERDICTS),
                   findings=(("R1", "标题", "completeness", "error", draw(st.integers(0, 3))),),
                   accepted=0, figures=(draw(st.none() | st.integers(0, 9)),) * 5)
    return Unit(group, draw(st.none() | NAMES), draw(st.none() | NAMES), status, stats.verdict, stats)


@given(st.lists(units(), max_size=40))
def test_the_ledger_gives_the_rows_back_in_the_checklists_order_with_their_counts(rows):
    ledger: Ledger[Unit] = Ledger(lambda r: r, lambda r: r.stats)
    for r in rows:
        ledger.add(r)
    expected = by_group(rows)
    got = [(group, counts, list(listed)) for group, counts, listed in ledger.groups()]
    assert [(g, listed) for g, _, listed in got] == expected
    assert [counts.line() for _, counts, _ in got] == [summary_line(listed) for _, listed in expected]
    assert ledger.counts.line() == summary_line(rows)
    assert ledger.statistics() == tally(r.stats for r in rows)
    ledger.close()


def test_the_summary_line_counts_reports_sent_and_units_missing():
    stats = Record(None, "audited", "通过", (), 0, ())
    rows = [Unit(None, "甲", "a", "audited", "通过", stats), Unit(None, "乙", "b", "unreadable", "需退回修改", stats),
            Unit(None, "丙", "c", "audited", "建议修改", stats), Unit(None, "丁", None, "missing", "未报送", stats)]
    assert counted(rows).line() == ("共 3 份：需退回修改 1 份（其中无法读取 1 份），建议修改 1 份，通过 1 份。"
                                    "名单上另有 1 个单位未报送。")
    assert Counts().line() == "共 0 份：需退回修改 0 份（其中无法读取 0 份），建议修改 0 份，通过 0 份。"
