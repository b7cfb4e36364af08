"""OUT/findings.sarif: SARIF 2.1.0, for code-scanning viewers and other tools, written as
results arrive."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from .. import __version__
from ..ruleset import basis_in_general
from .protocol import Audited, Run, Target

if TYPE_CHECKING:
    from ..batch import ReportResult
    from ..findings import Finding, Location
    from ..ruleset import Rule, RuleSet

LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def results(report: ReportResult, artifact_index: int, ruleset: RuleSet) -> str:
    """The SARIF results of one report, as JSON items for the run's `results` list. A unit that
    sent no report has its results on the roster's line that lists it."""
    index = {r.id: i for i, r in enumerate(ruleset.rules)}
    items = []
    for f in report.findings:
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "level": LEVELS[f.severity],
            "message": {"text": f.message},
            "locations": _locations(report, f, artifact_index),
            # engine/baseline.py's: the same for the finding across runs, renames and line shifts
            "partialFingerprints": {"auditFinding/v2": f.fingerprint or ""},
            "properties": {"category": f.category},
        }
        if f.accepted:  # in the reviewer's baseline
            result["suppressions"] = [{"kind": "external", "status": "accepted",
                                       "justification": f.note or "已接受（基线）"}]
        related = [_physical(loc.path, None, loc) for loc in f.locations if loc.elsewhere and loc.path]
        if related and report.path is not None:
            result["relatedLocations"] = [{"id": i, **r} for i, r in enumerate(related)]
        if f.rule in index:
            result["ruleIndex"] = index[f.rule]
        items.append(json.dumps(result, ensure_ascii=False))
    return ",\n".join(items)


def _file(report: ReportResult) -> str:
    """The file a report's results are on: the report, or for a unit that sent none, the roster."""
    if report.path is not None:
        return report.path
    return next((loc.path for f in report.findings for loc in f.locations if loc.path), "")


def artifact(report: ReportResult) -> dict[str, Any]:
    item: dict[str, Any] = {"location": {"uri": _uri(_file(report))}}
    if report.sha256:
        item["hashes"] = {"sha-256": report.sha256}
    return item


class Sarif:
    """The output: each report's results are serialised in the worker and streamed to the file;
    the artifact entries, which come after all the results, wait in a temporary file."""

    targets = (Target("findings.sarif"),)

    def part(self, audited: Audited) -> tuple[str, dict[str, Any]]:
        return results(audited.result, audited.job.index, audited.ruleset), artifact(audited.result)

    def writer(self, staging: Path, run: Run) -> SarifLog:
        return SarifLog(staging / self.targets[0].name, run.ruleset)


class SarifLog:
    def __init__(self, path: Path, ruleset: RuleSet) -> None:
        driver = {"name": "audit", "version": __version__, "rules": [_descriptor(x) for x in ruleset.rules]}
        self.file = path.open("w", encoding="utf-8")
        self.file.write('{\n"$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n"version": "2.1.0",\n'
                        f'"runs": [{{\n"tool": {{"driver": {json.dumps(driver, ensure_ascii=False)}}},\n'
                        '"columnKind": "unicodeCodePoints",\n"results": [\n')
        # The artifacts come after all the results: they wait in a temporary file, not in memory.
        self.artifacts = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.first = True

    def add(self, part: tuple[str, dict[str, Any]]) -> None:
        results_text, artifact_item = part
        self.artifacts.write(json.dumps(artifact_item, ensure_ascii=False) + "\n")
        if results_text:
            self.file.write(("" if self.first else ",\n") + results_text)
            self.first = False

    def finish(self) -> None:
        self.file.write('\n],\n"artifacts": [\n')
        self.artifacts.seek(0)
        for n, line in enumerate(self.artifacts):
            self.file.write((",\n" if n else "") + line[:-1])
        self.file.write("\n]\n}]\n}\n")
        self.abandon()

    def abandon(self) -> None:
        self.file.close()
        self.artifacts.close()


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.title}。依据：{basis_in_general(rule.basis)}"},
        "help": {"text": rule.fix},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "basis": basis_in_general(rule.basis), "tags": [rule.category]},
    }


def _uri(path: str) -> str:
    return quote(path, safe="/")


def _locations(report: ReportResult, finding: Finding, artifact_index: int) -> list[dict[str, Any]]:
    """The places in the report's own file (another report's are related locations); a unit that
    sent no report: the roster's line."""
    if report.path is None:
        return [_physical(loc.path or "", artifact_index, loc) for loc in finding.locations[:1]]
    here: list[Location | None] = [loc for loc in finding.locations if not loc.elsewhere]
    return [_physical(report.path, artifact_index, loc) for loc in here or [None]]  # None: the file as a whole


def _physical(path: str, artifact_index: int | None, loc: Location | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(path)}}
    if artifact_index is not None:
        physical["artifactLocation"]["index"] = artifact_index
    if loc is not None and loc.line:
        physical["region"] = {"startLine": loc.line}
    entry: dict[str, Any] = {"physicalLocation": physical}
    if loc is not None:
        name = "/".join(x for x in (loc.table or loc.section, loc.row, loc.column) if x)
        if name:
            entry["logicalLocations"] = [{"fullyQualifiedName": name, "kind": "member" if loc.table else "module"}]
    return entry

