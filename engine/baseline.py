"""Accepted findings (基线): what a reviewer has discussed and let stand, kept across runs.

`audit baseline OUT/findings.json --out baseline.yaml` writes every finding of a run as an entry a
person can read and edit (单位, 年度, 规则, 问题, 文件, 指纹, and an empty 理由); `audit run …
--baseline baseline.yaml` marks the findings whose fingerprint the file lists as accepted. They stay
in findings.json but count for neither the verdict nor the exit code; the entries the run no longer
raises, for a unit and year it audited, are reported as resolved (已整改).

A finding's fingerprint is a hash of what the finding is about: the unit (its normalised name and
group) and year, the rule and its outcome, the cells and sections it names, and its message with
line numbers and file names taken out. So it survives a re-run, a report whose lines shifted, a
renamed file, an edit elsewhere in the report; it changes with another cell or another value.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .problems import FileProblems
from .units import unit_key
from .yamlpos import YamlProblem, line_of, load_with_positions

if TYPE_CHECKING:
    from .batch import ReportResult
    from .findings import Finding

VERSION = "1"  # part of every fingerprint: a change of the recipe is a new version
KEYS = {"unit": "单位", "year": "年度", "rule": "规则", "message": "问题", "path": "文件",
        "fingerprint": "指纹", "note": "理由"}
LIST_KEY = "已接受"
HEADER = """\
# audit 已接受的问题（基线）。审核时使用：audit run 报告文件夹/ --baseline 本文件
# 每一条是一项经过讨论、决定接受的问题：在“理由”中写明为什么接受（如“修订导致现行有效件数变化”）。
# 删除一条，下次审核时它会重新报告；“指纹”标识这项问题，请勿修改。
"""
_LINES = re.compile(r"第\s*[\d、,，–\-\s]+\s*行")  # 第 4 行, 第 49–51、53 行


class BaselineError(FileProblems):
    """A baseline file that cannot be used; `problems` are `file:line: what` lines."""


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    unit: str | None = None
    year: int | None = None
    rule: str | None = None
    message: str | None = None
    path: str | None = None
    note: str | None = None  # the reviewer's 理由; empty means no reason written yet


@dataclass(frozen=True)
class Baseline:
    path: str
    entries: tuple[Entry, ...]

    def notes(self) -> dict[str, str | None]:
        """fingerprint -> note: what the workers need (small, and sent once)."""
        return {e.fingerprint: e.note for e in self.entries}


# Fingerprints ---------------------------------------------------------------------------------------


def fingerprint(finding: Finding, unit: str | None, year: int | None, group: str | None) -> str:
    places = sorted({(loc.path is not None, loc.section or "", loc.table or "", loc.row or "", loc.column or "")
                     for loc in finding.locations})
    message = finding.message
    for loc in finding.locations:  # other reports' files, named in the message, may be renamed too
        if loc.path:
            message = message.replace(loc.path, "")
    message = _LINES.sub("", message)
    recipe = "\x1f".join([VERSION, group or "", unit_key(unit) if unit else "", str(year or ""), finding.rule,
                          finding.outcome or "", repr(places), message])
    return hashlib.sha256(recipe.encode("utf-8")).hexdigest()[:16]


def stamp(result: ReportResult, accepted: Mapping[str, str | None]) -> None:
    """Give every finding of `result` its fingerprint and mark those `accepted` lists (with the
    reviewer's note); `result.accepted` counts them."""
    unit = result.agency or (result.sha256 and f"sha256:{result.sha256}") or result.path
    for f in result.findings:
        f.fingerprint = fingerprint(f, unit, result.year, result.group)
        if f.fingerprint in accepted:
            f.accepted, f.note = True, accepted[f.fingerprint] or None
    result.accepted = sum(1 for f in result.findings if f.accepted)


# Reading and writing --------------------------------------------------------------------------------


def load_baseline(path: Path) -> Baseline:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BaselineError([f"{path}: 无法读取基线文件：文件不存在"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError([f"{path}: 无法读取基线文件：{getattr(exc, 'strerror', None) or exc}"]) from None
    try:
        data, root = load_with_positions(text)
    except YamlProblem as p:
        raise BaselineError([f"{path}:{p.line or 1}: {p.message}"]) from None
    if data is None:
        return Baseline(str(path), ())
    if not isinstance(data, dict) or not isinstance(data.get(LIST_KEY, []), list):
        raise BaselineError([f"{path}:{line_of(root, [])}: 基线文件应为“{LIST_KEY}:”下的一个列表"
                             "（由 audit baseline 生成）"])
    entries, problems = [], []
    for i, item in enumerate(data.get(LIST_KEY) or []):
        where = f"{path}:{line_of(root, [LIST_KEY, i])}"
        if not isinstance(item, dict):
            problems.append(f"{where}: 第 {i + 1} 条应为“键: 值”的形式")
            continue
        unknown = sorted(str(k) for k in item if k not in KEYS.values())
        if unknown:
            problems.append(f"{where}: 第 {i + 1} 条有不认识的键：{'、'.join(unknown)}"
                            f"（可用：{'、'.join(KEYS.values())}）")
        fp = item.get(KEYS["fingerprint"])
        if not isinstance(fp, str) or not re.fullmatch(r"[0-9a-f]{16}", fp):
            problems.append(f"{where}: 第 {i + 1} 条缺少“{KEYS['fingerprint']}”，或不是 audit baseline 写出的 16 位指纹")
            continue
        entries.append(Entry(fp, unit=_text(item.get(KEYS["unit"])), year=_year(item.get(KEYS["year"])),
                             rule=_text(item.get(KEYS["rule"])), message=_text(item.get(KEYS["message"])),
                             path=_text(item.get(KEYS["path"])), note=_text(item.get(KEYS["note"]))))
    if problems:
        raise BaselineError(problems)
    return Baseline(str(path), tuple(entries))


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) else None


def entries_of(reports: Iterable[Mapping[str, Any]]) -> list[Entry]:
    """An entry per finding of findings.json's `reports`, in their order."""
    out = []
    for r in reports:
        for f in r.get("findings", []):
            if f.get("fingerprint"):
                out.append(Entry(f["fingerprint"], r.get("agency"), r.get("year"), f.get("rule"), f.get("message"),
                                 r.get("path"), f.get("note")))
    return out


def dump(entries: Iterable[Entry]) -> str:
    items = [{KEYS["unit"]: e.unit, KEYS["year"]: e.year, KEYS["rule"]: e.rule, KEYS["message"]: e.message,
              KEYS["path"]: e.path, KEYS["fingerprint"]: e.fingerprint, KEYS["note"]: e.note or ""}
             for e in entries]
    return HEADER + yaml.safe_dump({LIST_KEY: items}, allow_unicode=True, sort_keys=False, width=1000)


def write_baseline(findings: Path, out: Path) -> tuple[int, int]:
    """Write every finding of `findings` (a findings.json) to `out`; a reason already written in
    `out` for the same fingerprint is kept. (entries written, reasons kept)."""
    try:
        data = json.loads(Path(findings).read_text(encoding="utf-8"))
        reports = data["reports"]
    except FileNotFoundError:
        raise BaselineError([f"{findings}: 文件不存在"]) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BaselineError([f"{findings}: 不是 audit run 写出的 findings.json（{exc}）"]) from None
    old = load_baseline(out).notes() if Path(out).exists() else {}
    entries, kept = [], 0
    for e in dict((e.fingerprint, e) for e in entries_of(reports)).values():  # one entry per fingerprint
        note = e.note or old.get(e.fingerprint)
        kept += bool(note and not e.note)
        entries.append(Entry(e.fingerprint, e.unit, e.year, e.rule, e.message, e.path, note))
    Path(out).write_text(dump(entries), encoding="utf-8")
    return len(entries), kept


# After a run ----------------------------------------------------------------------------------------


def resolved(baseline: Baseline, raised: Iterable[str], audited: Iterable[tuple[str | None, int | None]]
             ) -> tuple[list[Entry], list[Entry]]:
    """(resolved, unchecked): the entries this run no longer raises for a unit and year it audited
    (已整改), and those whose unit and year it did not audit (nothing to say about them)."""
    seen = set(raised)
    units = {(unit_key(u), y) for u, y in audited if u}
    gone = [e for e in baseline.entries if e.fingerprint not in seen]
    done = [e for e in gone if e.unit and (unit_key(e.unit), e.year) in units]
    return done, [e for e in gone if e not in done]
