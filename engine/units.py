"""Unit names: one key for the ways one unit is written, and the kind of unit a name names.

`unit_key` lets a unit's reports of several years, a report's 发布机构 and its title, and a roster's
entry find each other: `平潭综合实验区公安局`, `区公安局` and `公安局` have one key, as have `江左镇人民政府`
and `江左镇`, `正阳街道办事处` and `正阳街道`. A leading region is cut off, so the key says nothing about
the county: the caller pairs it with the group (`城关镇` of two counties has one key, two groups).

`unit_kind` guesses township | county_government | department from a name (the region kept).

The rules are data, in engine/units.yaml, with the reason for each. Traditional characters are not
converted here: report text is simplified upstream (engine/normalise.py), rosters are written in simplified.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

UNITS_FILE = Path(__file__).with_name("units.yaml")

TOWNSHIP, COUNTY_GOVERNMENT, DEPARTMENT = "township", "county_government", "department"
KINDS = (TOWNSHIP, COUNTY_GOVERNMENT, DEPARTMENT)


@dataclass(frozen=True)
class _KindRule:
    kind: str
    pattern: re.Pattern[str] | None  # searched in the name
    region: bool  # the name is a region alone


@dataclass(frozen=True)
class _Rules:
    synonyms: tuple[tuple[str, str], ...]
    endings: tuple[tuple[re.Pattern[str], str], ...]
    designators: tuple[str, ...]  # longest first
    bare: frozenset[str]
    not_regions: tuple[str, ...]
    boundaries: re.Pattern[str]
    government: str
    unit_ending: re.Pattern[str]
    generic: frozenset[str]
    kinds: tuple[_KindRule, ...]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    spec = yaml.safe_load(UNITS_FILE.read_text(encoding="utf-8"))
    regions = spec["regions"]
    kinds = []
    for k in spec["kinds"]:
        if k["kind"] not in KINDS:
            raise ValueError(f"{UNITS_FILE}: kinds: unknown kind {k['kind']!r}")
        kinds.append(_KindRule(k["kind"], re.compile(k["pattern"]) if "pattern" in k else None, bool(k.get("region"))))
    return _Rules(
        synonyms=tuple((a, b) for a, b in spec["synonyms"]),
        endings=tuple((re.compile(f"(?:{p})$"), to) for p, to in spec["endings"]),
        designators=tuple(sorted(regions["designators"], key=len, reverse=True)),
        bare=frozenset(regions["bare"]),
        not_regions=tuple(regions["not_regions"]),
        boundaries=re.compile(regions["boundaries"]),
        government=regions["government"],
        unit_ending=re.compile(regions["unit_ending"]),
        generic=frozenset(regions["generic"]),
        kinds=tuple(kinds),
    )


def unit_key(name: str) -> str:
    """The key two spellings of one unit share (see the module docstring and engine/units.yaml).

    Never empty when the name holds anything but whitespace; a name of punctuation only is its
    own key. Idempotent: unit_key(unit_key(x)) == unit_key(x)."""
    key = _clean(name)
    if not key:
        return "".join(unicodedata.normalize("NFKC", name).split())
    for _ in range(4 * len(key) + 8):  # every round but the last shortens the name (or changes 街办 to 街道)
        before = key
        key = _cut_region(_rewrite(_clean(key)))
        if key == before:
            break
    return key


def unit_kind(name: str) -> str:
    """township | county_government | department, guessed from the name (see engine/units.yaml:
    `kinds`). A name that says nothing of its kind is a department."""
    r = _rules()
    text = _canonical(name)
    for rule in r.kinds:
        if rule.region and _is_region(text):
            return rule.kind
        if rule.pattern is not None and rule.pattern.search(text):
            return rule.kind
    return DEPARTMENT


def _canonical(name: str) -> str:
    """Cleaned, synonyms and endings applied; the region kept."""
    text = _clean(name)
    for _ in range(4 * len(text) + 8):
        before = text
        text = _rewrite(_clean(text))
        if text == before:
            break
    return text


def _clean(name: str) -> str:
    """Full-width to half-width, lower case; only letters and digits are kept."""
    text = "".join(name.split())
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def _rewrite(text: str) -> str:
    r = _rules()
    for a, b in r.synonyms:
        text = text.replace(a, b)
    for pattern, to in r.endings:
        text = pattern.sub(to, text, count=1)
    return text


def _cut_region(text: str) -> str:
    """The name without one leading region, where what remains still names a unit; else the name."""
    r = _rules()
    if text[:1] in r.bare:  # the bare region word: 区公安局, 县政府城关街道
        if text[1:].startswith(r.government) and _names_unit(text[1 + len(r.government):]):
            return text[1 + len(r.government):]
        if not r.boundaries.match(text) and _names_unit(text[1:]):
            return text[1:]
    for end in range(2, len(text)):
        designator = _designator_at(text, end)
        if designator is None:
            continue
        body = text[:end - len(designator)]
        if body[-1] in r.bare:
            continue  # 县市场…: the 县 is the region, 市场 the unit's (taken above)
        rest = text[end:]
        if rest.startswith(r.government) and _names_unit(rest[len(r.government):]):
            return rest[len(r.government):]  # 某县政府城关街道
        if r.boundaries.match(text[end - len(designator):]):
            rest = text[end - len(designator):]  # 广州市政管理局, 某县直机关工委: the cut falls before the 市, the 县
        if _names_unit(rest):
            return rest
    return text


def _designator_at(text: str, end: int) -> str | None:
    """The designator text[:end] ends with, if it reads as a region's name there."""
    r = _rules()
    head = text[:end]
    for d in r.designators:
        if head.endswith(d) and len(head) > len(d):
            return None if head.endswith(r.not_regions) else d
    return None


def _names_unit(rest: str) -> bool:
    r = _rules()
    return len(rest) >= 2 and rest not in r.generic and bool(r.unit_ending.search(rest))


def _is_region(text: str) -> bool:
    """The name is a region alone: 平潭综合实验区, 沐阳县, 某经济开发区 (not 海坛片区, 城市)."""
    return _designator_at(text, len(text)) is not None
