"""OUT/findings.sarif: SARIF 2.1.0, for code-scanning viewers and other tools."""

from __future__ import annotations

import hashlib
import json
from urllib.parse import quote

from .. import __version__

LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def sarif(results, ruleset) -> str:
    rules = ruleset.rules
    index = {r.id: i for i, r in enumerate(rules)}
    artifacts, art_index = [], {}
    for r in results:
        art_index[r.path] = len(artifacts)
        artifact = {"location": {"uri": _uri(r.path)}}
        if r.sha256:
            artifact["hashes"] = {"sha-256": r.sha256}
        artifacts.append(artifact)
    out = []
    for r in results:
        for f in r.findings:
            result = {
                "ruleId": f.rule,
                "level": LEVELS[f.severity],
                "message": {"text": f.message},
                "locations": _locations(r, f, art_index[r.path]),
                "partialFingerprints": {"auditFinding/v1": _fingerprint(r.path, f)},
                "properties": {"category": f.category},
            }
            if f.rule in index:
                result["ruleIndex"] = index[f.rule]
            out.append(result)
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "audit", "version": __version__, "rules": [_descriptor(x) for x in rules]}},
            "artifacts": artifacts,
            "results": out,
            "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _descriptor(rule) -> dict:
    return {
        "id": rule.id,
        "name": rule.id,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.title}。依据：{rule.basis}"},
        "help": {"text": rule.fix},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "basis": rule.basis, "tags": [rule.category]},
    }


def _uri(path: str) -> str:
    return quote(path, safe="/")


def _locations(report, finding, artifact_index: int) -> list[dict]:
    locs = finding.locations or []
    out = []
    for loc in locs or [None]:
        physical = {"artifactLocation": {"uri": _uri(report.path), "index": artifact_index}}
        if loc is not None and loc.line:
            physical["region"] = {"startLine": loc.line}
        entry = {"physicalLocation": physical}
        if loc is not None:
            name = "/".join(x for x in (loc.table or loc.section, loc.row, loc.column) if x)
            if name:
                entry["logicalLocations"] = [{"fullyQualifiedName": name, "kind": "member" if loc.table else "module"}]
        out.append(entry)
    return out


def _fingerprint(path: str, finding) -> str:
    """Stable across runs and line shifts: the rule, the file and the cells or sections involved."""
    keys = sorted(
        "/".join(str(x) for x in (loc.table, loc.section, loc.row, loc.column))
        if (loc.table or loc.section) else f"line {loc.line}"  # text findings have only their line
        for loc in finding.locations
    )
    return hashlib.sha256("|".join([finding.rule, path, *keys]).encode("utf-8")).hexdigest()[:32]
