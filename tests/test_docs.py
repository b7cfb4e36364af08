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


def test_writing_rules_guide_is_current():
    from engine.ruledocs import writing_rules

    assert (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8") == writing_rules(), \
        "docs/writing-rules.md is stale: run `audit rules guide > docs/writing-rules.md`"


def test_the_guide_documents_every_parameter_of_every_check_kind():
    from engine.checks import kinds

    text = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    for name, module in kinds().items():
        assert f"### `{name}`" in text
        for field_name, field in module.Params.model_fields.items():
            if field_name != "kind":
                assert field.description, f"{name}.{field_name} has no description"


def _block_after(text: str, mark: str) -> str:
    start = text.index("```yaml\n", text.index(mark)) + len("```yaml\n")
    return text[start:text.index("```", start)]


def test_the_guides_example_works_end_to_end(tmp_path):
    """The county rule of docs/writing-rules.md, as written there: rules check passes its examples,
    and audit run reports it on a sample that does not mention the 工作要点."""
    import shutil
    import subprocess
    import sys

    guide = (ROOT / "docs" / "writing-rules.md").read_text(encoding="utf-8")
    (tmp_path / "本县规则").mkdir()
    (tmp_path / "本县规则" / "要点落实.yaml").write_text(_block_after(guide, "<!-- 例子：规则文件 -->"), encoding="utf-8")
    (tmp_path / "audit.yaml").write_text(_block_after(guide, "<!-- 例子：配置文件 -->"), encoding="utf-8")
    env = {**__import__("os").environ, "PYTHONPATH": str(ROOT)}
    check = subprocess.run([sys.executable, "-m", "engine.cli", "rules", "check"], cwd=tmp_path, env=env,
                           capture_output=True, text=True)
    assert check.returncode == 0 and check.stdout.strip().endswith("，0 个未通过。"), check.stdout + check.stderr
    (tmp_path / "in").mkdir()
    shutil.copy(next((ROOT / "reports_in").glob("000_*.txt")), tmp_path / "in")  # 2022, no 工作要点
    subprocess.run([sys.executable, "-m", "engine.cli", "run", "in", "--out", "out", "--quiet"], cwd=tmp_path, env=env)
    found = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))["reports"][0]["findings"]
    county = [f for f in found if f["rule"] == "county-key-points"]
    assert [(f["severity"], f["message"].split("（")[0]) for f in county] == [
        ("warning", "全文没有说明本年度政务公开工作要点的落实情况")]
