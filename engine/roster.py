"""The roster: the units that must report (`audit run DIR --roster FILE`).

A roster is a CSV file (UTF-8 with or without BOM, or GB18030/GBK as Excel saves it in China; commas or
tabs), an Excel workbook (.xlsx, its first sheet) or a YAML file. Columns, by their header (the first row
that names any of them; title rows above it are passed over; other columns such as 序号, 备注 are ignored):

    分组      the county (or other group) the unit belongs to; optional
    单位      the unit's name; required
    别名      other names it goes by, separated by 、 ; , (or a list in YAML); optional
    单位类型  乡镇 / 街道 / 部门 / 政府 (also 乡, 镇, 县政府, 区政府 …); optional: left out, the caller
              guesses it from the name (engine.units.unit_kind)

YAML: a list of units, each a mapping with these keys or just the unit's name; or a mapping from each
group to such a list:

    - {分组: 平潭综合实验区, 单位: 公安局, 别名: [区公安局]}
    - 财政金融局
    # or
    平潭综合实验区:
      - 公安局
      - {单位: 海坛片区管理局, 单位类型: 乡镇}

Names are matched by engine.units.unit_key, so 区公安局, 平潭综合实验区公安局 and 公安局 are one unit.
Problems are raised together as RosterError, one Chinese line each: `file:line: 列名: what is wrong`.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import yaml

from .problems import FileProblems
from .units import COUNTY_GOVERNMENT, DEPARTMENT, TOWNSHIP, unit_key
from .yamlpos import YamlProblem, line_of, load_with_positions

GROUP, UNIT, ALIASES, KIND = "分组", "单位", "别名", "单位类型"
COLUMNS = (GROUP, UNIT, ALIASES, KIND)
# Headers read as each column (after whitespace and a bracketed note such as （必填） are removed).
_HEADERS = {
    GROUP: (GROUP, "县区", "区县"),
    UNIT: (UNIT, "单位名称", "名称"),
    ALIASES: (ALIASES, "别称", "简称"),
    KIND: (KIND, "类型"),
}
# 单位类型 as written -> kind. The first of each kind's words are the ones error messages offer.
_KIND_WORDS = {
    TOWNSHIP: ("乡镇", "街道", "乡", "镇", "乡镇街道", "街道办事处", "苏木", "片区", TOWNSHIP),
    DEPARTMENT: ("部门", "县直部门", "区直部门", "政府部门", DEPARTMENT),
    COUNTY_GOVERNMENT: ("政府", "县政府", "区政府", "市政府", "旗政府", "人民政府", "县人民政府", "区人民政府",
                        "市人民政府", "县级政府", COUNTY_GOVERNMENT),
}


def _kind_word(text: str) -> str:
    """乡镇（街道） -> 乡镇街道, County_Government -> countygovernment: letters and digits only."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if unicodedata.category(c)[0] in "LN")


_KINDS = {_kind_word(word): kind for kind, words in _KIND_WORDS.items() for word in words}
KIND_CHOICES = "乡镇、街道、部门、政府"
_ALIAS_SEPARATORS = re.compile(r"[、;,；，\n]+")
_HEADER_SEARCH_ROWS = 10  # a header below this many rows is not looked for
_Problems = list[tuple[int, str]]  # (line, `列名: what is wrong`)


class RosterError(FileProblems):
    """A roster that cannot be used; `problems` are Chinese lines `file:line: 列名: what is wrong`."""


@dataclass(frozen=True)
class RosterUnit:
    group: str | None
    name: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None  # township | department | county_government, as the roster says; None: not said
    line: int = 0  # the line (CSV, YAML) or row (XLSX) it was read from

    def keys(self) -> tuple[str, ...]:
        """The unit_key of its name, then of each alias (without repeats)."""
        return tuple(dict.fromkeys(unit_key(n) for n in (self.name, *self.aliases)))


@dataclass(frozen=True)
class Roster:
    units: tuple[RosterUnit, ...]
    path: Path | None = None  # the file it was read from
    _index: dict[str, tuple[RosterUnit, ...]] = field(init=False, repr=False, compare=False)
    _groups: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, list[RosterUnit]] = {}
        for unit in self.units:
            for key in unit.keys():
                index.setdefault(key, []).append(unit)
        object.__setattr__(self, "_index", {k: tuple(v) for k, v in index.items()})
        object.__setattr__(self, "_groups", frozenset(g for u in self.units if (g := _group_key(u.group))))

    def matches(self, name: str | None, group: str | None = None) -> tuple[RosterUnit, ...]:
        """The units a name may be, the likeliest first tier only: with a group the roster knows, that
        group's units (else its units without a group); otherwise every unit of that name, whatever
        its group. More than one means the name alone cannot tell them apart."""
        key = unit_key(name) if name and name.strip() else ""
        found = self._index.get(key, ()) if key else ()
        g = _group_key(group)
        if g is None or g not in self._groups:
            return found  # no group, or one the roster does not use (a folder named otherwise): any group
        in_group = tuple(u for u in found if _group_key(u.group) == g)
        return in_group or tuple(u for u in found if u.group is None)

    def find(self, name: str | None, group: str | None = None) -> RosterUnit | None:
        """The roster's unit of this name (matched by unit_key of its name and aliases), or None.

        With a group the roster knows, only that group's unit (or a unit listed without a group) is
        taken: 城关镇 in 甲县's folder is not 乙县's 城关镇. Without a group, or with one the roster does
        not use, a name that units of several groups share is ambiguous: None, as for no match at all
        (`matches` tells the two apart)."""
        found = self.matches(name, group)
        return found[0] if len(found) == 1 else None

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups as the roster writes them, in order of first appearance."""
        return tuple(dict.fromkeys(u.group for u in self.units if u.group is not None))


def load_roster(path: Path) -> Roster:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RosterError([f"{path}: 无法读取名单：文件不存在"]) from None
    except IsADirectoryError:
        raise RosterError([f"{path}: 无法读取名单：这是一个文件夹，不是文件"]) from None
    except OSError as exc:
        raise RosterError([f"{path}: 无法读取名单：{exc.strerror or exc}"]) from None
    if data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(path, data)
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterError([f"{path}: 无法读取名单：这是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 或 CSV"])
    elif path.suffix.lower() in (".yaml", ".yml"):
        return _from_yaml(path, _decode(path, data))
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        raise RosterError([f"{path}: 无法读取名单：不是有效的 Excel 文件（.xlsx）"])
    else:
        rows = _csv_rows(_decode(path, data))
    return _from_rows(path, rows)


# Reading ------------------------------------------------------------------------------------------


def _decode(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise RosterError([f"{path}: 无法读取名单：不是文本文件，或编码不是 UTF-8、GBK（GB18030）"])


def _csv_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line, cells) for every record; a record's line is the line it starts on."""
    lines = [s for s in text.splitlines() if s.strip()][:5]
    delimiter = "\t" if sum(s.count("\t") for s in lines) > sum(s.count(",") for s in lines) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, start = [], 1
    for cells in reader:
        rows.append((start, cells))
        start = reader.line_num + 1
    return rows


def _xlsx_rows(path: Path, data: bytes) -> list[tuple[int, list[str]]]:
    try:
        import openpyxl  # needed at run time for .xlsx rosters only
    except ImportError:
        message = f"{path}: 无法读取名单：读取 .xlsx 需要 openpyxl（pip install openpyxl），或另存为 CSV"
        raise RosterError([message]) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = book.worksheets[0]
            return [(n, [_text(v) for v in values])
                    for n, values in enumerate(sheet.iter_rows(values_only=True), start=1)]
        finally:
            book.close()
    except RosterError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip
        raise RosterError([f"{path}: 无法读取名单：不是有效的 Excel 文件（.xlsx）"]) from None


# Rows (CSV, XLSX) ---------------------------------------------------------------------------------


def _from_rows(path: Path, rows: list[tuple[int, list[str]]]) -> Roster:
    rows = [(n, [c.strip() for c in cells]) for n, cells in rows]
    filled = [(n, cells) for n, cells in rows if any(cells)]
    if not filled:
        raise RosterError([f"{path}: 名单是空的：应有表头（“单位”列，可选“分组”“别名”“单位类型”列）和各单位"])
    problems: _Problems = []
    header_at = next((i for i, (_, cells) in enumerate(filled[:_HEADER_SEARCH_ROWS])
                      if any(_column(c) for c in cells)), None)
    header_line, header = filled[header_at or 0]
    columns: dict[str, int] = {}
    if header_at is not None:
        for i, text in enumerate(header):
            col = _column(text)
            if col is None:
                continue
            if col in columns:
                problems.append((header_line, f"{col}: 列名重复（第 {columns[col] + 1} 列和第 {i + 1} 列）"))
            else:
                columns[col] = i
    if UNIT not in columns:
        shown = "、".join(c for c in header if c)
        problems.append((header_line, f"{UNIT}: 缺少必需的列“{UNIT}”"
                                      f"（{'表头' if header_at is not None else '第一行'}为：{shown}）"))
        _raise(path, problems)

    def cell(cells: list[str], col: str) -> str:
        i = columns.get(col)
        return cells[i] if i is not None and i < len(cells) else ""

    entries = []
    for n, cells in filled[(header_at or 0) + 1:]:
        entries.append(_Entry(n, cell(cells, GROUP) or None, cell(cells, UNIT), _split_aliases(cell(cells, ALIASES)),
                              cell(cells, KIND), {}))
    return _build(path, entries, problems)


def _column(header: str) -> str | None:
    text = re.sub(r"[（(][^）)]*[）)]", "", unicodedata.normalize("NFKC", "".join(header.split())))
    return next((col for col, names in _HEADERS.items() if text in names), None)


def _split_aliases(text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in _ALIAS_SEPARATORS.split(text) if a.strip())


# YAML ---------------------------------------------------------------------------------------------


def _from_yaml(path: Path, text: str) -> Roster:
    try:
        data, root = load_with_positions(text)
    except YamlProblem as p:
        raise RosterError([f"{path}:{p.line or 1}: {p.message}"]) from None
    problems: _Problems = []
    entries: list[_Entry] = []
    if data is None:
        raise RosterError([f"{path}: 名单是空的：应列出各单位"])
    if isinstance(data, list):
        for i, item in enumerate(data):
            _yaml_entry(path, root, [i], item, None, entries, problems)
    elif isinstance(data, dict):
        for group, items in data.items():
            if not isinstance(items, list):
                problems.append((line_of(root, [group]) or 1, f"{GROUP}: 分组“{group}”下应列出单位（列表）"))
                continue
            for i, item in enumerate(items):
                _yaml_entry(path, root, [group, i], item, _text(group).strip() or None, entries, problems)
    else:
        raise RosterError([f"{path}:{line_of(root, [])}: 名单应为单位的列表，或从分组到单位列表的映射"])
    return _build(path, entries, problems)


def _yaml_entry(path: Path, root: yaml.Node | None, loc: list[Any], item: object, group: str | None,
                entries: list[_Entry], problems: _Problems) -> None:
    line = line_of(root, loc) or 1
    if not isinstance(item, dict):
        if isinstance(item, (str, int, float)):
            entries.append(_Entry(line, group, _text(item), (), "", {}))
        else:
            problems.append((line, f"{UNIT}: 应为单位名称，或含“{UNIT}”等键的映射"))
        return
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    skip = False  # the unit itself is in doubt: not checked further
    for key, value in item.items():
        col = _column(str(key))
        key_line = line_of(root, [*loc, key]) or line
        if col is None or (col == GROUP and group is not None):
            what = (f"已按分组“{group}”列出，不能再写分组" if col == GROUP
                    else f"不认识的键（可用的键：{'、'.join(COLUMNS)}）")
            problems.append((key_line, f"{key}: {what}"))
            skip = skip or col == GROUP
            continue
        scalar = value is None or isinstance(value, (str, int, float))
        if not scalar and not (col == ALIASES and isinstance(value, list) and all(isinstance(v, (str, int)) for v in value)):
            problems.append((key_line, f"{key}: 应为文字{'（或文字的列表）' if col == ALIASES else ''}"))
            skip = skip or col == UNIT
            continue
        values[col], lines[col] = value, key_line
    if skip:
        return  # its name is not also said to be empty, nor its group's units its duplicates
    aliases = values.get(ALIASES)
    if isinstance(aliases, list):
        alias_names = tuple(a for a in (_text(v).strip() for v in aliases) if a)
    else:
        alias_names = _split_aliases(_text(aliases))
    entries.append(_Entry(line, _text(values.get(GROUP)).strip() or group, _text(values.get(UNIT)).strip(), alias_names,
                          _text(values.get(KIND)).strip(), lines))


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# Checking -----------------------------------------------------------------------------------------


@dataclass
class _Entry:
    line: int
    group: str | None
    name: str
    aliases: tuple[str, ...]
    kind: str  # as written; "" when not said
    lines: dict[str, int]  # where each column's value is, if not on `line` (YAML)


def _build(path: Path, entries: Iterable[_Entry], problems: _Problems) -> Roster:
    units: list[RosterUnit] = []
    seen: dict[tuple[str | None, str], tuple[RosterUnit, str]] = {}  # (group, key) -> the unit, its name or alias
    for e in entries:
        def at(col: str, what: str, e: _Entry = e) -> tuple[int, str]:
            return e.lines.get(col, e.line), f"{col}: {what}"

        if not e.name:
            problems.append(at(UNIT, "单位名称为空"))
            continue
        kind = None
        if e.kind:
            kind = _KINDS.get(_kind_word(e.kind))
            if kind is None:
                problems.append(at(KIND, f"无法识别“{e.kind}”，可用的值：{KIND_CHOICES}"))
        unit = RosterUnit(group=e.group, name=e.name, aliases=e.aliases, kind=kind, line=e.line)
        clash = False
        g = _group_key(e.group)
        for col, written in [(UNIT, e.name)] + [(ALIASES, a) for a in e.aliases]:
            key = unit_key(written)
            other = seen.get((g, key))
            if other is None:
                seen[(g, key)] = (unit, written)
                continue
            if other[0] is unit:
                continue  # an alias that repeats the name or another alias
            clash = True
            first, first_written = other
            where = f"（分组“{e.group}”）" if e.group else ""
            if written == first_written:
                problems.append(at(col, f"“{written}”与第 {first.line} 行重复{where}"))
            else:
                problems.append(at(col, f"“{written}”与第 {first.line} 行的“{first_written}”是同一单位{where}"))
        if not clash:
            units.append(unit)
    if problems:
        _raise(path, problems)
    if not units:
        raise RosterError([f"{path}: 名单中没有单位"])
    return Roster(tuple(units), path)


def _raise(path: Path, problems: _Problems) -> NoReturn:
    """All problems at once, in the order of their lines."""
    raise RosterError([f"{path}:{line}: {what}" for line, what in sorted(problems, key=lambda p: p[0])])


def _group_key(group: str | None) -> str | None:
    return unit_key(group) if group and group.strip() else None
