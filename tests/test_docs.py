"""Generated documentation is never stale: regenerate with `audit rules docs > docs/rules.md`
and `audit rules schema > docs/rule-schema.json`."""

import json

from engine.ruledocs import rules_markdown
from engine.ruleset import RuleFile, load_rules
from tests.samples import ROOT


def test_rules_md_is_current():
    expected = rules_markdown([lr.rule for lr in load_rules()])
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == expected, \
        "docs/rules.md is stale: run `audit rules docs > docs/rules.md`"


def test_rule_schema_is_current():
    current = json.loads((ROOT / "docs" / "rule-schema.json").read_text(encoding="utf-8"))
    assert current == RuleFile.model_json_schema(by_alias=True), \
        "docs/rule-schema.json is stale: run `audit rules schema > docs/rule-schema.json`"


def test_every_rule_is_documented():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for lr in load_rules():
        assert f"## {lr.rule.id} — {lr.rule.title}" in text
