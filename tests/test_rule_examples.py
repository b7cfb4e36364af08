"""Every rule's own examples pass; every category of the core set has a failing example."""

import pytest

from engine.examples import run_example
from engine.ruleset import load_rules

RULES = [lr.rule for lr in load_rules()]
CASES = [(rule, ex) for rule in RULES for ex in rule.examples]
CORE_CATEGORIES = {
    "missing-section", "section-heading", "blank-cell", "table-version", "label-deviation", "table-structure",
    "arithmetic", "value", "narrative", "required-content", "publication", "encoding",
}


@pytest.mark.parametrize("rule, example", CASES, ids=[f"{r.id}:{e.name}" for r, e in CASES])
def test_example(rule, example):
    result = run_example(rule, example)
    assert result.ok, "\n".join(result.problems)


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_each_rule_has_passing_and_failing_examples(rule):
    assert any(ex.expect for ex in rule.examples), "no failing example"
    assert any(not ex.expect for ex in rule.examples), "no passing example"


def test_every_core_category_has_a_failing_example():
    failing = {r.category for r in RULES if any(ex.expect for ex in r.examples)}
    assert CORE_CATEGORIES <= failing, CORE_CATEGORIES - failing


def test_failing_examples_pin_their_messages():
    # An example that expects a finding but checks neither message nor location count proves little.
    loose = [(r.id, ex.name) for r, ex in CASES for want in ex.expect if want.message is None and want.locations is None]
    assert loose == []
