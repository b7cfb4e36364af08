"""The quick search of a rule's patterns (engine/checks/_finder.py) finds exactly what `re` finds:
for the patterns of every text_present rule in rules/, over texts made of their own characters."""

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.checks._finder import Finder, _first_characters

RULES = Path(__file__).resolve().parent.parent / "rules"
PATTERNS = {r["id"]: r["check"]["patterns"] for f in sorted(RULES.glob("*.yaml"))
            for r in yaml.safe_load(f.read_text(encoding="utf-8"))["rules"] if r["check"]["kind"] == "text_present"}


def alphabet(patterns: list[str]) -> str:
    """The CJK characters and digits of the patterns, and punctuation that stops their gaps."""
    return "".join(sorted({ch for p in patterns for ch in p if "\u4e00" <= ch <= "\u9fff"})) + "0123456789,;。年 "


@pytest.mark.parametrize("rule", sorted(PATTERNS))
def test_a_rules_patterns_are_found_as_re_finds_them(rule):
    patterns = PATTERNS[rule]
    finder, plain = Finder(patterns), re.compile("|".join(f"(?:{p})" for p in patterns))

    @settings(max_examples=150, deadline=None)
    @given(st.text(alphabet(patterns), max_size=120))
    def same(text):
        found = finder.search(text)
        expected = plain.search(text)
        assert (found and found.span()) == (expected and expected.span())
        assert [m.span() for m in finder.finditer(text)] == [m.span() for m in plain.finditer(text)]

    same()


def test_the_first_characters_of_a_pattern():
    assert _first_characters("(考核|评议)(工作)?的?(结果|等次)") == {"考", "评"}
    assert _first_characters("(?<!复)议案|提案") == {"议", "提"}  # a lookbehind reads no character
    assert _first_characters("^(本|今)年") == {"本", "今"}
    assert _first_characters("(上年)?结转") == {"上", "结"}  # an optional start: what follows may begin it
    assert _first_characters("[一-三]号") == {chr(c) for c in range(0x4E00, 0x4E0A)}  # 一丁丂七丄丅丆万丈三
    for unknown in (r"\d{4}年", ".*考核", r"\w", "(a|)b", "(?i:x)", "[^。]考核", "x?"):
        assert _first_characters(unknown) is None


def test_the_assessment_rule_is_searched_from_its_few_first_characters():
    # the rule whose patterns took a fifth of the rules' time, all positions of a report tried
    assert Finder(PATTERNS["assessment-results"]).starts is not None
