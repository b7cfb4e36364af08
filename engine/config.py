"""The user's configuration: audit.yaml (or [tool.audit] in pyproject.toml) selects rules,
changes severities and check parameters, and names extra rule folders.

    rule_dirs: [本县规则/]          # more rule files, relative to this file
    ignore: [year-mentions]        # rule ids or categories not to run
    select: [arithmetic, blank-cells]   # run only these (ids or categories)
    severity: {heading-wording: info}
    params:
      publication-deadline: {deadlines: {township: "02-15"}}
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from .findings import Severity
from .ruleset import (
    RULES_DIR,
    Rule,
    RuleError,
    RuleSet,
    dotted_path,
    format_error,
    load_rules,
    reference_problems,
    with_overrides,
)
from .yamlpos import YamlProblem, line_of, load_with_positions

CONFIG_NAMES = ("audit.yaml", "audit.yml")


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rule_dirs: list[str] = []
    default_rules: bool = True  # also run the project's own rules/
    select: list[str] | None = None
    ignore: list[str] = []
    severity: dict[str, Severity] = {}
    params: dict[str, dict[str, Any]] = {}


def find_config(cwd: Path) -> Path | None:
    for name in CONFIG_NAMES:
        if (cwd / name).is_file():
            return cwd / name
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        try:
            if "audit" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}):
                return pyproject
        except (tomllib.TOMLDecodeError, OSError):
            return None
    return None


def load_config(path: Path) -> tuple[Config, yaml.Node | None]:
    """(config, yaml root node or None for TOML)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError([f"{path}: 无法读取配置文件：{exc.strerror}"]) from None
    if path.suffix == ".toml":
        try:
            data, root = tomllib.loads(text).get("tool", {}).get("audit", {}), None
        except tomllib.TOMLDecodeError as exc:
            raise RuleError([f"{path}: TOML 语法错误：{exc}"]) from None
    else:
        try:
            data, root = load_with_positions(text)
        except YamlProblem as p:
            raise RuleError([f"{path}:{p.line}: {p.message}"]) from None
    try:
        return Config.model_validate(data or {}), root
    except ValidationError as exc:
        raise RuleError([_where(path, root, err) for err in exc.errors()]) from None


def _where(path: Path, root: yaml.Node | None, err: Mapping[str, Any]) -> str:
    if root is None:
        return f"{path}: [tool.audit] " + format_error(path, None, err).split(": ", 1)[1]
    return format_error(path, root, err)


def build_ruleset(config_path: Path | None = None, rule_dirs: list[Path] | None = None,
                  cwd: Path | None = None, default_rules: bool = True) -> RuleSet:
    """The rules to run: the project's rules (unless `default_rules` or the config says no), the
    folders named (`--rules`) and the config's `rule_dirs`, as the config adjusts them."""
    cwd = cwd or Path.cwd()
    config_path = config_path or find_config(cwd)
    config, root = load_config(config_path) if config_path else (Config(), None)
    base = config_path.parent if config_path else cwd
    national = default_rules and config.default_rules
    dirs = ([RULES_DIR] if national else []) + list(rule_dirs or []) + [(base / d) for d in config.rule_dirs]
    if not dirs:
        raise RuleError(["没有要运行的规则：不运行国家规则时，请用 --rules 或配置文件的 rule_dirs 指定规则目录。"])
    rules = [lr.rule for lr in load_rules(dirs)]
    chosen = _apply(config, rules, config_path, root)
    originals = {r.id: r for r in rules if r.id in config.severity or r.id in config.params}
    note = "" if national else "本次未运行国家规则，只运行了以下目录中的规则：" + "、".join(str(d) for d in dirs) + "。"
    return RuleSet(chosen, originals, note)


def _apply(config: Config, rules: list[Rule], path: Path | None, root: yaml.Node | None) -> list[Rule]:
    problems = []
    ids = {r.id for r in rules}
    names = ids | {r.category for r in rules}
    for key in ("select", "ignore"):
        for i, name in enumerate(getattr(config, key) or []):
            if name not in names:
                problems.append(f"{path}:{line_of(root, [key, i]) if root else ''}: {key}: 没有叫“{name}”的规则或类别")
    for key in ("severity", "params"):
        for rule_id in getattr(config, key):
            if rule_id not in ids:
                problems.append(f"{path}:{line_of(root, [key, rule_id]) if root else ''}: {key}.{rule_id}: 没有这条规则")
    chosen = []
    for rule in rules:
        if config.select is not None and rule.id not in config.select and rule.category not in config.select:
            continue
        if rule.id in config.ignore or rule.category in config.ignore:
            continue
        if rule.id in config.severity or rule.id in config.params:
            try:
                rule = with_overrides(rule, config.severity.get(rule.id), config.params.get(rule.id))
            except ValidationError as exc:
                for err in exc.errors():
                    loc = ["params", rule.id] + [p for p in err["loc"] if p != "check"][1:]
                    problems.append(format_error(path, root, {**err, "loc": loc}) if root else
                                    f"{path}: params.{rule.id}: {err['msg']}")
                continue
            given = config.params.get(rule.id, {})
            for where, what in reference_problems(rule):
                if where[0] in given:  # what the override itself names
                    loc = ["params", rule.id, *where]
                    line = line_of(root, loc) if root else ""
                    problems.append(f"{path}:{line}: params.{rule.id}.{dotted_path(where)}: {what}")
        chosen.append(rule)
    if problems:
        raise RuleError(problems)
    return chosen
