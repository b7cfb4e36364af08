"""What every check kind shares: its parameter base class, its result, its context."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

from jsonpath_ng import parse as jsonpath_parse
from pydantic import AfterValidator, BaseModel, ConfigDict

from ..findings import Location
from ..model import Cell, Report
from ..template import layouts, table_keys
from ..vocab import vocab

if TYPE_CHECKING:
    from ..across import Across


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)

    if TYPE_CHECKING:
        kind: str  # each kind's Params narrows it to Literal["<module name>"]


PASSED = "passed"  # a Hit with this outcome is no finding: it shows what satisfied the rule (--explain-passes)


@dataclass
class Hit:
    """One finding-to-be: the values its message template needs, where, and the evidence. With
    outcome PASSED it is the reverse: where the report satisfies the rule, `evidence["quote"]`
    the sentence that does."""

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

def _regex(groups: tuple[str, ...]) -> Callable[[str], str]:
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


def Regex(*groups: str) -> AfterValidator:
    """Marks a rule parameter that is a regular expression (`Annotated[str, Regex("year")]`),
    checked when the rule file is loaded, with the named groups the check reads."""
    return AfterValidator(_regex(groups))


def _each_regex(patterns: list[str]) -> list[str]:
    for p in patterns:
        _regex(())(p)
    return patterns


# A list of regular expressions, each checked when the rule file is loaded.
Regexes = Annotated[list[str], AfterValidator(_each_regex)]


# The keys rules may name, from where they are defined: sections in vocab.yaml, tables in the
# templates. (Literal types built from data: the rule schema lists the values. The type checker
# cannot see values read at run time: to it they are strings.)
if TYPE_CHECKING:
    SectionKey = str
    TextScope = str
    TableKey = str
    LayoutName = str
    DocumentLayout = str
else:
    SectionKey = Literal[tuple(s.key for s in vocab().sections)]
    # Where narrative text is read: a section, or the lines before the first heading.
    TextScope = Literal[("preamble",) + tuple(s.key for s in vocab().sections)]
    TableKey = Literal[table_keys()]
    LayoutName = Literal[layouts()]
    DocumentLayout = Literal[layouts() + ("mixed", "unknown")]  # a report's


@dataclass
class Context:
    """Per-report helpers shared by the checks of one run."""

    report: Report
    across: Across | None = None  # what the other reports of the run say about this one
    previous: Report | None = None  # the same unit's report of the year before, where there is one
    _lines: dict[tuple[str, ...], list[tuple[int, str]]] = field(default_factory=dict)

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

    def lines(self, scopes: Iterable[str]) -> list[tuple[int, str]]:
        """(line number, text) of the named sections' bodies, without page furniture."""
        key = tuple(scopes)
        if key not in self._lines:
            self._lines[key] = self._scope_lines(key)
        return self._lines[key]

    def _scope_lines(self, scopes: tuple[str, ...]) -> list[tuple[int, str]]:
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

    def cells(self, path: str) -> list[tuple[str, str, str, Cell]]:
        """(table, row, column, cell) for every cell a jsonpath selects, in model order. `path` is
        a `PathExpr` parameter: declared a str, it is a CompiledPath once the rule is loaded.

        What a path selects depends only on the model's shape (which tables, which layouts),
        so the jsonpath runs once per shape and later reports reuse its answer."""
        shape = tuple((k, t.layout) for k, t in self.report.tables.items())
        keys = _SELECTIONS.get((path, shape))
        if keys is None:
            keys = []
            for m in cast(CompiledPath, path).compiled.find(self.view):
                if isinstance(m.value, Cell):
                    parts = str(m.full_path).split(".")  # tables.<table>.rows.<row>.<column>
                    keys.append((parts[1], parts[3], parts[4]))
            _SELECTIONS[(path, shape)] = keys
        tables = self.report.tables
        return [(t, r, c, tables[t].rows[r][c]) for t, r, c in keys]


_SELECTIONS: dict[tuple[str, tuple[tuple[str, str], ...]], list[tuple[str, str, str]]] = {}
