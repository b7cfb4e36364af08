"""What every check kind shares: its parameter base class, its result, its context."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Annotated, Any, Literal

from jsonpath_ng import parse as jsonpath_parse
from pydantic import AfterValidator, BaseModel, ConfigDict

from ..findings import Location
from ..model import Cell, Report
from ..template import layouts, table_keys
from ..vocab import vocab


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


@dataclass
class Hit:
    """One finding-to-be: the values its message template needs, where, and the evidence."""

    values: dict[str, Any]
    locations: list[Location] = field(default_factory=list)
    evidence: dict[str, Any] = field(default_factory=dict)
    outcome: str = "default"


@dataclass(frozen=True)
class Ref:
    """A key of the templates that a check's parameters name: a table, a row or a column of it,
    or a cell (row and column). `path` is where in the parameters (for the error's file:line)."""

    path: tuple[str | int, ...]
    table: str
    row: str | None = None
    column: str | None = None


class CompiledPath(str):
    """A jsonpath-ng expression as written, carrying its compiled form."""

    compiled: Any


def _compile_path(expr: str) -> CompiledPath:
    try:
        compiled = jsonpath_parse(expr)
    except Exception as exc:  # jsonpath-ng raises several exception types
        raise ValueError(f"jsonpath 表达式无效：{expr}（{exc}）") from None
    path = CompiledPath(expr)
    path.compiled = compiled
    return path


# A rule parameter that addresses the model: compiled once, when the rule file is loaded.
PathExpr = Annotated[str, AfterValidator(_compile_path)]

def _regex(groups: tuple[str, ...]):
    def check(pattern: str) -> str:
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"正则表达式无效：{pattern}（{exc}）") from None
        missing = [g for g in groups if g not in compiled.groupindex]
        if missing:
            raise ValueError("正则表达式必须有命名分组 " + " 和 ".join(f"(?P<{g}>…)" for g in missing))
        return pattern

    return check


def Regex(*groups: str):
    """A rule parameter that is a regular expression, checked when the rule file is loaded,
    with the named groups the check reads."""
    return Annotated[str, AfterValidator(_regex(groups))]


def _each_regex(patterns: list[str]) -> list[str]:
    for p in patterns:
        _regex(())(p)
    return patterns


# A list of regular expressions, each checked when the rule file is loaded.
Regexes = Annotated[list[str], AfterValidator(_each_regex)]


# The keys rules may name, from where they are defined: sections in vocab.yaml, tables in the
# templates. (Literal types built from data: the rule schema lists the values.)
SectionKey = Literal[tuple(s.key for s in vocab().sections)]  # type: ignore[valid-type]
# Where narrative text is read: a section, or the lines before the first heading.
TextScope = Literal[("preamble",) + tuple(s.key for s in vocab().sections)]  # type: ignore[valid-type]
TableKey = Literal[table_keys()]  # type: ignore[valid-type]
LayoutName = Literal[layouts()]  # type: ignore[valid-type]
DocumentLayout = Literal[layouts() + ("mixed", "unknown")]  # type: ignore[valid-type]  # a report's


@dataclass
class Context:
    """Per-report helpers shared by the checks of one run."""

    report: Report
    _lines: dict = field(default_factory=dict)

    @cached_property
    def view(self) -> dict[str, Any]:
        """The model as plain dicts for jsonpath; cells stay Cell objects."""
        r = self.report
        return {
            "meta": r.meta.model_dump(),
            "layout": r.layout,
            "tables": {k: {"layout": t.layout, "rows": t.rows} for k, t in r.tables.items()},
            "sections": {s.key: {"heading": s.heading, "line": s.line} for s in r.sections},
        }

    def lines(self, scopes) -> list[tuple[int, str]]:
        """(line number, text) of the named sections' bodies, without page furniture."""
        key = tuple(scopes)
        if key not in self._lines:
            self._lines[key] = self._scope_lines(key)
        return self._lines[key]

    def _scope_lines(self, scopes) -> list[tuple[int, str]]:
        r = self.report
        skip = set(r.furniture)
        wanted: list[tuple[int, int]] = []
        for scope in scopes:
            if scope == "preamble":
                first = r.sections[0].line if r.sections else len(r.lines) + 1
                wanted.append((1, first - 1))
            else:
                s = r.section(scope)
                if s is not None:
                    wanted.append((s.line + 1, s.end_line))
        return [(n, r.lines[n - 1]) for a, b in sorted(wanted) for n in range(a, b + 1)
                if n not in skip and r.lines[n - 1].strip()]

    def cells(self, path: CompiledPath) -> list[tuple[str, str, str, Cell]]:
        """(table, row, column, cell) for every cell a jsonpath selects, in model order.

        What a path selects depends only on the model's shape (which tables, which layouts),
        so the jsonpath runs once per shape and later reports reuse its answer."""
        shape = tuple((k, t.layout) for k, t in self.report.tables.items())
        keys = _SELECTIONS.get((path, shape))
        if keys is None:
            keys = []
            for m in path.compiled.find(self.view):
                if isinstance(m.value, Cell):
                    parts = str(m.full_path).split(".")  # tables.<table>.rows.<row>.<column>
                    keys.append((parts[1], parts[3], parts[4]))
            _SELECTIONS[(path, shape)] = keys
        tables = self.report.tables
        return [(t, r, c, tables[t].rows[r][c]) for t, r, c in keys]


_SELECTIONS: dict[tuple[str, tuple], list[tuple[str, str, str]]] = {}
