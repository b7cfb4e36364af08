"""OUT/findings.json (docs/contract.md, section 2): every report's full result, written as results arrive."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from .protocol import Audited, Target

if TYPE_CHECKING:
    from ..ruleset import RuleSet


def entry(result) -> str:
    """One report's entry: one line per report keeps a file of thousands quick to write and read."""
    return "    " + json.dumps(result.model_dump(mode="json"), ensure_ascii=False)


class FindingsJson:
    """The output: each report's entry is serialised in the worker and streamed to the file, so
    the parent never holds more than one."""

    targets = (Target("findings.json"),)

    def part(self, audited: Audited) -> str:
        return entry(audited.result)

    def writer(self, staging: Path, ruleset: RuleSet) -> FindingsJsonWriter:
        return FindingsJsonWriter(staging / self.targets[0].name)


class FindingsJsonWriter:
    def __init__(self, path: Path):
        tool = json.dumps({"name": "audit", "version": __version__}, ensure_ascii=False)
        self.file = path.open("w", encoding="utf-8")
        self.file.write(f'{{\n  "tool": {tool},\n  "reports": [')
        self.first = True

    def add(self, part: str) -> None:
        self.file.write(("\n" if self.first else ",\n") + part)
        self.first = False

    def finish(self) -> None:
        self.file.write("\n  ]\n}\n")
        self.file.close()

    def abandon(self) -> None:
        self.file.close()
