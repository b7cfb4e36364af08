"""The project's own docs carry the format and the contract it implements, in step with the code."""

from pathlib import Path

from engine.findings import CATEGORIES
from engine.template import layouts, load_template

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_format_doc_names_every_key_of_every_template():
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    keys = {k for lay in layouts() for t in load_template(lay).tables.values()
            for block, row in t.rows() for k in [row.key] + [c.key for c in block.columns]}
    assert sorted(k for k in keys if f"`{k}`" not in text) == []


def test_contract_doc_lists_every_category():
    text = (DOCS / "contract.md").read_text(encoding="utf-8")
    assert [c for c in CATEGORIES if f"`{c}`" not in text] == []


def test_readme_points_to_the_projects_own_docs():
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert "shared/spec" not in readme and "docs/format.md" in readme and "docs/contract.md" in readme


def test_every_category_has_a_chinese_name():
    from engine.findings import CATEGORY_ZH

    assert set(CATEGORY_ZH) == set(CATEGORIES) and all(CATEGORY_ZH.values())


def test_contract_doc_names_every_field_findings_json_writes():
    from engine.batch import ReportResult
    from engine.findings import Finding, Location

    text = (DOCS / "contract.md").read_text(encoding="utf-8")
    fields = set(ReportResult.model_fields) | set(Finding.model_fields) | set(Location.model_fields)
    assert sorted(f for f in fields if f"`{f}`" not in text and f'"{f}"' not in text) == []
    assert "`missing`" in text and "`未报送`" in text and "`incomparable`" in text
