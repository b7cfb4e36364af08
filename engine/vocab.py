"""The parser's vocabulary (vocab.yaml), compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

VOCAB_FILE = Path(__file__).with_name("vocab.yaml")


@dataclass(frozen=True)
class SectionSpec:
    key: str
    number: int  # 1..6
    title: str
    phrases: re.Pattern


@dataclass(frozen=True)
class Vocab:
    sections: tuple[SectionSpec, ...]
    heading_max_chars: int
    furniture: re.Pattern
    inline_furniture: re.Pattern
    published_labels: tuple[str, ...]
    header_title_labels: tuple[str, ...]
    header_field: re.Pattern  # a header line: (?P<label>…): (?P<value>…)
    title: re.Pattern
    title_without_year: re.Pattern
    inline_title: re.Pattern
    compiled_by: re.Pattern
    compiling_office: re.Pattern
    openings: tuple[re.Pattern, ...]
    agency_lead: re.Pattern
    agency_suffix: re.Pattern
    unit_name: re.Pattern
    unit_name_reject: re.Pattern
    region: re.Pattern


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    spec = yaml.safe_load(VOCAB_FILE.read_text(encoding="utf-8"))
    meta = spec["meta"]
    return Vocab(
        sections=tuple(
            SectionSpec(s["key"], n, s["title"], re.compile("|".join(f"(?:{p})" for p in s["phrases"])))
            for n, s in enumerate(spec["sections"], start=1)
        ),
        heading_max_chars=spec["heading_max_chars"],
        furniture=re.compile("|".join(f"(?:{p})" for p in spec["furniture"])),
        inline_furniture=re.compile("|".join(f"(?:{p})" for p in spec["inline_furniture"]), re.S),
        published_labels=tuple(meta["published_labels"]),
        header_title_labels=tuple(meta["header_title_labels"]),
        header_field=re.compile("^(?P<label>{})\\s*:\\s*(?P<value>.*)$".format(
            "|".join(meta["header_title_labels"] + meta["header_agency_labels"]))),
        title=re.compile(meta["title"]),
        title_without_year=re.compile(meta["title_without_year"]),
        inline_title=re.compile(meta["inline_title"]),
        compiled_by=re.compile(meta["compiled_by"]),
        compiling_office=re.compile(meta["compiling_office"]),
        openings=tuple(re.compile(p) for p in meta["openings"]),
        agency_lead=re.compile(meta["agency_lead"]),
        agency_suffix=re.compile(meta["agency_suffix"]),
        unit_name=re.compile(meta["unit_name"]),
        unit_name_reject=re.compile(meta["unit_name_reject"]),
        region=re.compile(meta["region"]),
    )
