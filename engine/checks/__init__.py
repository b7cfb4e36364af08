"""Check kinds: the small set of Python functions that rule files name by `kind`.

Each module holds one kind: a pydantic `Params` model (its parameters, validated with
extra keys forbidden), the message `PLACEHOLDERS` it fills, the extra `OUTCOMES` it can
report besides the default one, `SUMMARY` (one Chinese sentence for users) and
`run(report, params, ctx)` yielding `Hit`s. The module docstring is the developers' documentation.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from types import ModuleType


@lru_cache(maxsize=1)
def kinds() -> dict[str, ModuleType]:
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found[info.name] = module
    return found
