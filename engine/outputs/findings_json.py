"""OUT/findings.json (docs/contract.md, section 2): every report's full result, written as results arrive."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..baseline import Baseline, resolved
from .protocol import Audited, Run, Target

if TYPE_CHECKING:
    from ..batch import ReportResult


def entry(result: ReportResult) -> str:
    """One report's entry: one line per report keeps a file of thousands quick to write and read."""
    # `passes` only where asked for (--explain-passes): the entries stay as the contract shows them
    skip = {"passes"} if result.passes is None else set()
    return "    " + json.dumps(result.model_dump(mode="json", exclude=skip), ensure_ascii=False)


@dataclass(frozen=True)
class Part:
    line: str  # the entry, serialised
    accepted: tuple[str, ...]  # fingerprints the baseline accepts: for the resolved ones, at the end
    unit: tuple[str | None, int | None] | None  # (unit, year) of an audited report


class FindingsJson:
    """The output: each report's entry is serialised in the worker and streamed to the file, so
    the parent never holds more than one."""

    targets = (Target("findings.json"),)

    def part(self, audited: Audited) -> Part:
        r = audited.result
        return Part(entry(r), tuple(f.fingerprint for f in r.findings if f.accepted and f.fingerprint),
                    (r.agency, r.year) if r.status == "audited" else None)

    def writer(self, staging: Path, run: Run) -> FindingsJsonWriter:
        return FindingsJsonWriter(staging / self.targets[0].name, run)


class FindingsJsonWriter:
    def __init__(self, path: Path, run: Run) -> None:
        tool = json.dumps({"name": "audit", "version": __version__}, ensure_ascii=False)
        self.run = run
        self.accepted: list[str] = []
        self.units: list[tuple[str | None, int | None]] = []
        self.file = path.open("w", encoding="utf-8")
        self.file.write(f'{{\n  "tool": {tool},\n  "reports": [')
        self.first = True

    def add(self, part: Part) -> None:
        self.file.write(("\n" if self.first else ",\n") + part.line)
        self.first = False
        if self.run.baseline is None:
            return  # what follows serves the baseline's account only
        self.accepted += part.accepted
        if part.unit:
            self.units.append(part.unit)

    def finish(self) -> None:
        skipped = json.dumps([{"path": x.path, "reason": x.reason} for x in self.run.skipped], ensure_ascii=False)
        self.file.write(f'\n  ],\n  "skipped": {skipped}')
        if self.run.baseline is not None:
            self.file.write(f',\n  "baseline": {json.dumps(self._baseline(self.run.baseline), ensure_ascii=False)}')
        self.file.write("\n}\n")
        self.file.close()

    def _baseline(self, baseline: Baseline) -> dict[str, Any]:
        done, unchecked = resolved(baseline, self.accepted, self.units)
        return {"file": baseline.path, "entries": len(baseline.entries), "accepted": len(self.accepted),
                "resolved": [asdict(e) for e in done], "unchecked": len(unchecked)}

    def abandon(self) -> None:
        self.file.close()
