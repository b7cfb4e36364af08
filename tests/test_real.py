"""Real reports against the expectation files written by reading them (tests/real/README.md).

The reports of ../shared/real/ are third-party text and are read from there; this repository
holds only the expectation files. Fixtures of our own that imitate what converters produce live
with their expectations under tests/fixtures/.
"""

from pathlib import Path

import pytest

from tools.evaluate import DEFAULT_CORPUS, details, evaluate, expectation_files

HERE = Path(__file__).parent
REAL = expectation_files([HERE / "real"])
FIXTURES = expectation_files([HERE / "fixtures"])
CORPUS = DEFAULT_CORPUS[0]
# At most this many warnings that no `must` entry names, on any report: real findings must not drown.
NOISE_WARNINGS = 2


@pytest.fixture(scope="module")
def ruleset():
    from engine.ruleset import RuleSet, load_rules

    return RuleSet([lr.rule for lr in load_rules()])


def _check(exp: Path, ruleset) -> None:
    o = evaluate(exp, [CORPUS], ruleset)
    assert o.error is None, o.error
    assert o.ok, "\n" + "\n".join(details(o))
    noise = [f for f in o.unexpected if f.severity == "warning"]
    assert len(noise) <= NOISE_WARNINGS, "\n".join(f.message for f in noise)
    assert not [f for f in o.unexpected if f.severity == "error"], "\n".join(details(o))


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"{CORPUS} is absent: the real reports are read from there")
@pytest.mark.parametrize("exp", REAL, ids=[p.stem for p in REAL])
def test_real_report(exp, ruleset):
    _check(exp, ruleset)


@pytest.mark.parametrize("exp", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_converter_fixture(exp, ruleset):
    _check(exp, ruleset)


def test_every_real_report_has_an_expectation():
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent")
    reports = {p.name for p in CORPUS.glob("*.txt")}
    covered = {__import__("yaml").safe_load(p.read_text(encoding="utf-8"))["report"] for p in REAL}
    assert reports == covered
