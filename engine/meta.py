"""Report metadata: the agency, the year reported on, the publication date, the region."""

from __future__ import annotations

import re
from collections import Counter

from .model import Meta
from .segment import Segments
from .units import unit_kind
from .vocab import vocab

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_TITLE_LINES = 12  # a title sits at the top of the page


def extract_meta(lines: list[str], seg: Segments) -> Meta:
    v = vocab()
    first_section = seg.headings[0].line if seg.headings else len(lines) + 1
    furniture = set(seg.furniture)
    meta = Meta()

    for label in v.published_labels:
        for n in seg.furniture:
            text = lines[n - 1]
            at = text.find(label)
            if at >= 0:
                m = _DATE.search(text, at)
                if m:
                    meta.published = _iso(m)
                    meta.published_label = label
                    break
        if meta.published:
            break

    # The title: agency, year, report name, on one line or printed over two or three.
    for n in range(1, min(first_section, _TITLE_LINES + 1)):
        if n in furniture or not lines[n - 1].strip():
            continue
        text, m = _title_at(lines, n, furniture, first_section)
        if m:
            meta.title = text
            meta.year, meta.year_source = int(m.group("year")), "title"
            meta.agency = _agency(m.group("agency")) or _agency(m.group("agency_after"))
            break
        m = v.title_without_year.match(text)
        if m and meta.title is None:
            meta.title, meta.agency = text, _agency(m.group("agency"))  # the year comes from the text

    # Else the title a portal crawler wrote above the page (标题: …).
    fields = _header_fields(lines, furniture)
    if meta.title is None and fields.get("title"):
        m = v.title.match(fields["title"])
        if m:
            meta.title = fields["title"]
            meta.year, meta.year_source = int(m.group("year")), "title"
            meta.agency = _agency(m.group("agency")) or _agency(m.group("agency_after"))

    # Else a sentence that names the report (现将群峰乡2020年度政府信息公开工作报告如下).
    if meta.year is None or meta.agency is None:
        body_end = seg.headings[1].line if len(seg.headings) > 1 else min(len(lines), 40)
        for n in range(1, body_end + 1):
            for m in v.inline_title.finditer(lines[n - 1]):
                if meta.year is None:
                    meta.year, meta.year_source = int(m.group("year")), "text"
                if meta.agency is None:
                    meta.agency = _agency(m.group("agency"))
            if meta.year is not None and meta.agency is not None:
                break

    # The region and unit a page names together (信息来源:洪江市群峰乡政府).
    for n in list(seg.furniture) + list(range(1, min(first_section, _TITLE_LINES + 1))):
        m = v.region.search(lines[n - 1])
        if m:
            meta.region = m.group("region")
            if meta.agency is None:
                meta.agency = m.group("unit")
            break

    if meta.agency is None and fields.get("agency"):
        meta.agency = _agency(fields["agency"])  # often wrong (`1`, `桌面`): only a name that reads as one
    if meta.agency is None:
        meta.agency = _named_in_opening(lines, seg)
    if meta.agency is None:
        meta.agency = _most_named_unit(lines)
    if meta.year is None:
        meta.year, meta.year_source = _year_from_text(lines, meta.published)
    if meta.agency:
        meta.unit_kind = unit_kind(meta.agency)
    return meta


def _header_fields(lines: list[str], furniture: set[int]) -> dict[str, str]:
    """The fields a crawler or a portal writes above the page (标题: …, 发布机构: …), by role."""
    v = vocab()
    fields: dict[str, str] = {}
    for n in sorted(furniture):
        if n > _TITLE_LINES + 8:
            break
        m = v.header_field.match(lines[n - 1].strip())
        if m and m.group("value").strip():
            role = "title" if m.group("label") in v.header_title_labels else "agency"
            fields.setdefault(role, m.group("value").strip())
    return fields


def _title_at(lines: list[str], n: int, furniture: set[int], stop: int) -> tuple[str, re.Match[str] | None]:
    """The title that starts at line n: the line itself, or joined with the one or two lines of
    text after it (blank lines between, as Markdown writes headings, are passed over)."""
    v = vocab()
    text = lines[n - 1].strip()
    following = (k for k in range(n + 1, stop) if lines[k - 1].strip())
    for _ in range(3):
        m = v.title.match(text)
        if m:
            return text, m
        k = next(following, None)
        if k is None or k in furniture or _names_unit(v.title.match(lines[k - 1].strip())):
            break  # the next line is a whole title (正阳街道 / 正阳街道办事处2023年…): it is the title
        text += lines[k - 1].strip()
    return lines[n - 1].strip(), None


def _names_unit(m: re.Match | None) -> bool:
    return bool(m and (_agency(m.group("agency")) or _agency(m.group("agency_after"))))


def _iso(m: re.Match) -> str | None:
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _agency(prefix: str | None) -> str | None:
    v = vocab()
    if not prefix:
        return None
    name = re.sub(r"[^\u4e00-\u9fff]", "", v.agency_lead.sub("", prefix.strip()))
    if len(name) >= 2 and v.agency_suffix.search(name):
        return name
    return None


def _named_in_opening(lines: list[str], seg: Segments) -> str | None:
    """The unit named as the report's compiler (由某镇人民政府党政办公室编制: the 镇, not its
    office) or as the subject of the overview's first sentence (2022年,某局不断…)."""
    v = vocab()
    body_end = seg.headings[1].line if len(seg.headings) > 1 else min(len(lines), 40)
    for n in range(1, body_end + 1):
        text = lines[n - 1].strip()
        for m in v.compiled_by.finditer(text):
            name = _agency(m.group("agency"))
            if name:
                office = v.compiling_office.match(name)
                return office.group("unit") if office else name
        for pattern in v.openings:
            opening = pattern.match(text)
            name = _agency(opening.group("agency")) if opening else None
            if name:
                return name
    return None


def _most_named_unit(lines: list[str]) -> str | None:
    v = vocab()
    counts = Counter(
        m.group("name")
        for text in lines
        for m in v.unit_name.finditer(text)
        if not v.unit_name_reject.match(m.group("name"))
    )
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    return name if count >= 2 else None


def _year_from_text(lines: list[str], published: str | None) -> tuple[int | None, str | None]:
    counts = Counter(int(m.group(1)) for text in lines[:80] for m in _YEAR.finditer(text))
    if published:
        before = {y: c for y, c in counts.items() if y < int(published[:4])}
        if before:
            return max(before, key=lambda y: (before[y], y)), "text"
        return int(published[:4]) - 1, "published"
    if counts:
        return counts.most_common(1)[0][0], "text"
    return None, None
