"""Where the shipped samples are."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "reports_in"


def sample(prefix: str) -> Path:
    return next(SAMPLES.glob(f"{prefix}_*.txt"))


def assert_cells(report, values, layout: str) -> None:
    """The report holds exactly `values` (None: blank), in the given layout, and nothing was lost."""
    assert report.layout == layout
    for key, rows in values.items():
        table = report.tables[key]
        assert table.layout == layout
        for row, cols in rows.items():
            for col, expected in cols.items():
                cell = table.rows[row][col]
                if expected is None:
                    assert cell.blank, (key, row, col, cell)
                else:
                    assert cell.value == expected and type(cell.value) is type(expected), (key, row, col, cell)
    assert not [d for t in report.tables.values() for d in t.deviations if d.data_lost or d.kind == "label"]
