"""Layouts are data: the years each applies to, its tables and labels, all from templates/*.yaml.
A new layout is a new file (here one made up for the report year 2029) and needs no code."""

import random

import pytest
import yaml

from engine.parse import parse_bytes
from engine.render import ReportSpec, render_report, zero_values
from engine.template import TEMPLATE_DIR, layout_for_year, layouts, load_template, use_template_dirs
from tests.samples import assert_cells


@pytest.mark.parametrize("year, layout", [
    (2019, "2019"), (2020, "2019"), (2021, "2021"), (2024, "2021"), (2030, "2021"),
    (2018, "2021"), (None, "2021"),  # no template names the year: the newest
])
def test_the_layout_a_year_calls_for(year, layout):
    assert layout_for_year(year) == layout


def test_layouts_come_from_the_files_newest_first():
    assert layouts() == ("2021", "2019")
    assert (load_template("2019").years, load_template("2021").years) == ((2019, 2020), (2021, None))
    assert load_template("2019").title == "2019 年试行版（国办公开办函〔2019〕60号）"


@pytest.fixture
def layout_2029(tmp_path):
    """A format for 2029 on: table 二 renames a column and adds a row, table 三 is as in 2021."""
    spec = yaml.safe_load((TEMPLATE_DIR / "2021.yaml").read_text(encoding="utf-8"))
    spec.update(layout="2029", name="2029 版", title="2029 版（某某函〔2028〕1号）", basis="某某函〔2028〕1号",
                years={"from": 2029})
    first = spec["tables"]["active"]["blocks"][0]
    first["columns"][0]["label"] = "本年新制定件数"
    first["rows"].append({"key": "local_rules", "label": "地方性法规"})
    (tmp_path / "2029.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    use_template_dirs(tmp_path)
    yield
    use_template_dirs()


def test_a_layout_added_as_a_file_is_read_without_code(layout_2029):
    assert layouts() == ("2029", "2021", "2019") and layout_for_year(2030) == "2029"
    values = zero_values("2029")
    values["active"]["local_rules"] = {"issued": 3, "repealed": 1, "in_force": 12}
    values["requests"]["new_received"]["natural_person"] = 2
    for family in ("tab-grid", "pipe-rows", "cell-per-line"):
        text = render_report(ReportSpec("2029", values, year=2029), family, random.Random(1))
        report = parse_bytes(text.encode("utf-8"))
        assert report.tables["active"].rows["local_rules"]["in_force"].value == 12
        assert_cells(report, values, "2029")
    # Reports in the other layouts read as before.
    report = parse_bytes(render_report(ReportSpec("2021", zero_values("2021")), "tab-grid").encode("utf-8"))
    assert report.layout == "2021"
