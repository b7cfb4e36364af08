"""OUT/findings.json (docs/contract.md, section 2): every report's full result, written as results arrive."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from .protocol import Audited, Run, Target

if TYPE_CHECKING:
    from ..batch import ReportResult


def entry(result: ReportResult) -> str:
    """One report's entry: one line per report keeps a file of thousands quick to write and read."""
    # `passes` only where asked for (--explain-passes): the entries stay as the contract shows them
    skip = {"passes"} if result.passes is None else set()
    return "    " + json.dumps(result.model_dump(mode="json", exclude=skip), ensure_ascii=False)


class FindingsJson:
    """The output: each report's entry is serialised in the worker and streamed to the file, so
    the parent never holds more than one."""

    targets = (Target("findings.json"),)

    def part(self, audited: Audited) -> str:
        return entry(audited.result)

    def writer(self, staging: Path, run: Run) -> FindingsJsonWriter:
        return FindingsJsonWriter(staging / self.targets[0].name, run)


class FindingsJsonWriter:
    def __init__(self, path: Path, run: Run) -> None:
        tool = json.dumps({"name": "audit", "version": __version__}, ensure_ascii=False)
        self.run = run
        self.file = path.open("w", encoding="utf-8")
        self.file.write(f'{{\n  "tool": {tool},\n  "reports": [')
        self.first = True

    def add(self, part: str) -> None:
        self.file.write(("\n" if self.first else ",\n") + part)
        self.first = False

    def finish(self) -> None:
        skipped = json.dumps([{"path": x.path, "reason": x.reason} for x in self.run.skipped], ensure_ascii=False)
        self.file.write(f'\n  ],\n  "skipped": {skipped}\n}}\n')
        self.file.close()

    def abandon(self) -> None:
        self.file.close()
