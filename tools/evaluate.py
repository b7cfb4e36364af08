"""Measure the parser and the rules against hand-written expectation files (tests/real/README.md).

    .venv/bin/python tools/evaluate.py [EXPECTATIONS ...] [--corpus DIR ...]

Each expectation file names its report; the report is looked up next to the expectation file,
then in each corpus folder (default: ../shared/real). One line per report: unit, year, layout,
cells that agree with the expectation, findings expected / found / unexpected (warnings and errors
that no `must` entry names) / forbidden (a `must_not` entry that was raised). A total closes.
Exit code 1 when anything disagrees.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.findings import Finding  # noqa: E402
from engine.load import Unreadable  # noqa: E402
from engine.parse import parse_file  # noqa: E402
from engine.ruleset import RuleSet, load_rules  # noqa: E402
from engine.template import load_template  # noqa: E402

DEFAULT_EXPECTATIONS = [ROOT / "tests" / "real", ROOT / "tests" / "fixtures"]
DEFAULT_CORPUS = [ROOT.parent / "shared" / "real"]


@dataclass
class Outcome:
    """How one report compares with its expectation."""

    name: str
    report: Path | None
    unit: tuple = (None, None)  # (expected, got)
    year: tuple = (None, None)
    published: tuple = (None, None)
    layout: tuple = (None, None)
    tables: dict = field(default_factory=dict)  # table -> (expected layout, got)
    cells: int = 0
    cells_right: int = 0
    wrong_cells: list = field(default_factory=list)  # (table, row, column, expected, got)
    inferred_wrong: list = field(default_factory=list)
    must: list = field(default_factory=list)
    missing: list = field(default_factory=list)  # must entries not found
    forbidden: list = field(default_factory=list)  # (must_not entry, finding message)
    unexpected: list = field(default_factory=list)  # warnings and errors no must entry names
    error: str | None = None

    @property
    def ok(self) -> bool:
        return (self.error is None and not self.missing and not self.forbidden and not self.wrong_cells
                and not self.inferred_wrong and all(a == b for a, b in self.fields().values())
                and all(a == b for a, b in self.tables.values()))

    def fields(self) -> dict[str, tuple]:
        return {"unit": self.unit, "year": self.year, "published": self.published, "layout": self.layout}


def expectation_files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out += sorted(p.rglob("*.yaml")) if p.is_dir() else [p]
    return [p for p in out if p.is_file()]


def locate(exp_file: Path, name: str, corpus: list[Path]) -> Path | None:
    for folder in [exp_file.parent, *corpus]:
        if (folder / name).is_file():
            return folder / name
    return None


def evaluate(exp_file: Path, corpus: list[Path], ruleset: RuleSet | None = None) -> Outcome:
    exp = yaml.safe_load(exp_file.read_text(encoding="utf-8"))
    report_path = locate(exp_file, exp["report"], corpus)
    out = Outcome(exp_file.stem, report_path)
    if report_path is None:
        out.error = f"report {exp['report']} not found"
        return out
    try:
        report = parse_file(report_path)
    except Unreadable as exc:
        out.error = f"unreadable: {exc.reason}"
        return out
    ruleset = ruleset or RuleSet([lr.rule for lr in load_rules()])
    findings = ruleset.run(report)
    meta = report.meta
    published = exp.get("published")
    out.unit = (exp.get("unit"), meta.agency)
    out.year = (exp.get("year"), meta.year)
    out.published = (str(published) if published else None, meta.published)
    out.layout = (str(exp.get("layout")), report.layout)
    _compare_cells(exp, report, out)
    _compare_findings(exp, findings, out)
    return out


def _columns(spec, template_table, row: str) -> list[str]:
    cols = next(b.columns for b, r in template_table.rows() if r.key == row)
    return [c.key for c in cols] if spec == "*" else list(spec)


def _compare_cells(exp: dict, report, out: Outcome) -> None:
    cells = exp.get("cells") or {}
    unknown = exp.get("unknown") or {}
    inferred = exp.get("inferred") or {}
    for key, layout in (exp.get("tables") or {}).items():
        layout = str(layout)
        table = report.tables.get(key)
        out.tables[key] = (layout, table.layout if table else None)
        template = load_template(layout).tables[key]
        blank = {(r, c) for r, spec in (unknown.get(key) or {}).items() for c in _columns(spec, template, r)}
        guessed = {(r, c) for r, spec in (inferred.get(key) or {}).items() for c in _columns(spec, template, r)}
        for block, row in template.rows():
            for col in block.columns:
                want = (cells.get(key) or {}).get(row.key, {}).get(col.key)
                if want is None:
                    want = None if (row.key, col.key) in blank else 0
                cell = table.rows.get(row.key, {}).get(col.key) if table is not None else None
                got = cell.value if cell is not None else None
                out.cells += 1
                if got == want and (want is None or type(got) is type(want) or isinstance(want, float)):
                    out.cells_right += 1
                else:
                    out.wrong_cells.append((key, row.key, col.key, want, got))
                if (row.key, col.key) in guessed and not (cell is not None and cell.inferred):
                    out.inferred_wrong.append((key, row.key, col.key))


def _matches(entry: dict, f: Finding) -> bool:
    return all(entry.get(k) in (None, getattr(f, k)) for k in ("rule", "category", "severity"))


def _compare_findings(exp: dict, findings: list[Finding], out: Outcome) -> None:
    must = exp.get("must") or []
    out.must = must
    out.missing = [e for e in must if not any(_matches(e, f) for f in findings)]
    out.forbidden = [(e, f.message) for e in exp.get("must_not") or [] for f in findings if _matches(e, f)]
    out.unexpected = [f for f in findings if f.severity != "info" and not any(_matches(e, f) for e in must)]


def line(o: Outcome) -> str:
    if o.error:
        return f"{o.name}: {o.error}"

    def mark(pair) -> str:
        return f"{pair[1]}" + ("" if pair[0] == pair[1] else f" (expected {pair[0]})")

    return (f"{o.name}: {mark(o.unit)} | {mark(o.year)} | published {mark(o.published)} | {mark(o.layout)} | "
            f"cells {o.cells_right}/{o.cells} | findings expected {len(o.must)}, found {len(o.must) - len(o.missing)}, "
            f"unexpected {len(o.unexpected)}, forbidden {len(o.forbidden)}")


def details(o: Outcome) -> list[str]:
    out = [f"    table {k}: {b} (expected {a})" for k, (a, b) in o.tables.items() if a != b]
    out += [f"    cell {t}.{r}.{c}: {got} (expected {want})" for t, r, c, want, got in o.wrong_cells]
    out += [f"    cell {t}.{r}.{c}: not marked inferred" for t, r, c in o.inferred_wrong]
    out += [f"    missing: {e}" for e in o.missing]
    out += [f"    forbidden: {e} -> {m}" for e, m in o.forbidden]
    out += [f"    unexpected {f.severity} {f.rule}: {f.message[:160]}" for f in o.unexpected]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("expectations", nargs="*", type=Path, help="expectation files or folders")
    ap.add_argument("--corpus", action="append", type=Path, help="folders holding the reports")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    args = ap.parse_args(argv)
    files = expectation_files(args.expectations or DEFAULT_EXPECTATIONS)
    corpus = args.corpus or DEFAULT_CORPUS
    ruleset = RuleSet([lr.rule for lr in load_rules()])
    outcomes = [evaluate(f, corpus, ruleset) for f in files]
    for o in outcomes:
        print(line(o))
        if args.verbose:
            print("\n".join(details(o)))
    read = [o for o in outcomes if not o.error]
    total = (f"total: {len(outcomes)} reports, {len(read)} read, {sum(o.ok for o in outcomes)} fully as expected; "
             f"unit {sum(o.unit[0] == o.unit[1] for o in read)}, year {sum(o.year[0] == o.year[1] for o in read)}, "
             f"published {sum(o.published[0] == o.published[1] for o in read)}, "
             f"layout {sum(o.layout[0] == o.layout[1] for o in read)}; "
             f"cells {sum(o.cells_right for o in read)}/{sum(o.cells for o in read)}; "
             f"findings expected {sum(len(o.must) for o in read)}, found {sum(len(o.must) - len(o.missing) for o in read)}, "
             f"unexpected {sum(len(o.unexpected) for o in read)}, forbidden {sum(len(o.forbidden) for o in read)}")
    print(total)
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
