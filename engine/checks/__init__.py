"""Check kinds: the small set of Python functions that rule files name by `kind`.

Each module holds one kind: a pydantic `Params` model (its parameters, validated with
extra keys forbidden), the message `PLACEHOLDERS` it fills, the extra `OUTCOMES` it can
report besides the default one, `SUMMARY` (one Chinese sentence for users) and
`run(report, params, ctx)` yielding `Hit`s. The module docstring is the developers' documentation.
A module may also say which keys of the templates its parameters name (`references(params)`,
yielding `Ref`s) so that a rule naming a row or column no template has fails when it is loaded.
The contract is checked when the modules are first listed: a module that breaks it stops the
program with its file named.
"""

from __future__ import annotations

import importlib
import pkgutil
import typing
from functools import lru_cache
from types import ModuleType


class CheckKindError(Exception):
    """A check module that does not keep the contract above; the message names the file."""


@lru_cache(maxsize=1)
def kinds() -> dict[str, ModuleType]:
    found = {}
    problems: list[str] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        problems += contract_problems(info.name, module)
        found[info.name] = module
    if problems:
        raise CheckKindError("\n".join(problems))
    return found


def contract_problems(name: str, module: ModuleType) -> list[str]:
    """What a check module lacks of the contract, each as `file: what` (empty when it keeps it)."""
    from pydantic import BaseModel

    where = getattr(module, "__file__", None) or name
    problems: list[str] = []
    params = getattr(module, "Params", None)
    if not (isinstance(params, type) and issubclass(params, BaseModel)):
        problems.append(f"{where}: 缺少参数模型 Params（pydantic BaseModel）")
    else:
        field = params.model_fields.get("kind")
        allowed = typing.get_args(field.annotation) if field else ()
        if allowed != (name,):
            problems.append(f"{where}: Params.kind 应为 Literal[\"{name}\"]（与模块名相同），实际 {allowed or '没有 kind'}")
    if not callable(getattr(module, "run", None)):
        problems.append(f"{where}: 缺少 run(report, params, ctx)")
    if not (isinstance(getattr(module, "SUMMARY", None), str) and module.SUMMARY.strip()):
        problems.append(f"{where}: 缺少 SUMMARY（给用户看的一句中文说明）")
    outcomes = getattr(module, "OUTCOMES", None)
    placeholders = getattr(module, "PLACEHOLDERS", None)
    if not (isinstance(outcomes, tuple) and all(isinstance(o, str) for o in outcomes)):
        problems.append(f"{where}: OUTCOMES 应为字符串元组（默认结果之外的结果名，可为空）")
    elif not isinstance(placeholders, dict) or set(placeholders) != {"default", *outcomes}:
        problems.append(f"{where}: PLACEHOLDERS 应为每种结果（default 及 {', '.join(outcomes) or '无其他'}）列出占位符")
    return problems
