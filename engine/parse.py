"""From a file to the report model: load -> normalise -> reflow -> segment -> meta -> tables
(layout.py, which aligns them with the templates) -> the model. This module only chains them."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from .containers.base import place
from .layout import read_tables
from .load import Loaded, Unreadable, load, load_bytes
from .meta import extract_meta
from .model import Cell, Normalisation, OcrPageInfo, ReadCell, Report, Section, Source, Table, TextNote
from .normalise import Text, normalise
from .reflow import reflow
from .segment import Segments, heading_deviations, segment

_MARKED = re.compile(r"(\S{1,8}?)〓")  # a number in doubt, as OCR tools mark it


def parse_file(path: str | Path, display_path: str | None = None) -> Report:
    loaded = load(path)
    return parse_loaded(loaded, display_path or str(path))


def parse_bytes(data: bytes, path: str = "<bytes>") -> Report:
    return parse_loaded(load_bytes(data, path), path)


def parse_loaded(loaded: Loaded, path: str) -> Report:
    text = reflow(normalise(loaded.text))
    seg = segment(text.lines, text.furniture)
    meta = extract_meta(text.lines, seg)
    found = read_tables(text.lines, seg, meta.year)
    layout, tables = found.layout, found.tables
    _confidences(tables, loaded, text)
    if not seg.headings and not tables:
        raise Unreadable("不是政府信息公开工作年度报告：找不到任何一个部分标题，也找不到统计表。")
    return Report(
        source=Source(path=path, sha256=loaded.sha256, format=loaded.format, encoding=loaded.encoding),
        meta=meta,
        layout=layout,
        sections=_sections(seg),
        tables=tables,
        normalisation=_normalisation(text, loaded),
        furniture=list(seg.furniture),
        ocr=[OcrPageInfo(page=p.page, boxes=p.boxes, confidence=p.confidence, picture=p.picture) for p in loaded.ocr.pages]
        if loaded.ocr else None,
        lines=text.lines,
    )


def _sections(seg: Segments) -> list[Section]:
    return [
        Section(key=h.key, number=h.number, heading=h.text, line=h.line, end_line=end, numbering=h.numbering,
                title=h.title, deviations=heading_deviations(h))
        for h, end in zip(seg.headings, seg.ends, strict=True)
    ]


def _confidences(tables: dict[str, Table], loaded: Loaded, text: Text) -> None:
    """Each table value read with OCR carries its recognition confidence: the reader's values
    matched to the cells by line and text, in order."""
    if not loaded.ocr or text.reflowed:  # OCR's lines are the text's lines only when not cut again
        return
    read: dict[int, list[tuple[str, float]]] = defaultdict(list)
    for line, written, confidence in loaded.ocr.values:
        read[line + 1].append((written, confidence))
    for table in tables.values():
        for cols in table.rows.values():
            for key, cell in cols.items():
                on_line = read.get(cell.line or 0, [])
                k = next((i for i, (written, _) in enumerate(on_line) if written == cell.raw), None)
                if k is not None and type(cell) is Cell:
                    cols[key] = ReadCell(cell.value, cell.raw, cell.line, cell.missing, cell.uncertain,
                                         on_line.pop(k)[1])


def _normalisation(text: Text, loaded: Loaded) -> Normalisation:
    notes = [TextNote(kind="mojibake", line=m.line, text=m.text, context=m.context) for m in text.mojibake]
    if loaded.ocr and not text.reflowed:  # OCR's lines are the text's lines, one for one
        notes += [TextNote(kind="ocr_uncertain", line=u.line + 1, text=u.text,
                           context=f"{place(u.page, u.picture)}{u.where}读作 {u.text}，识别把握 {u.confidence:.0%}")
                  for u in loaded.ocr.uncertain]
    elif not loaded.ocr:  # a text another OCR tool marked with 〓 where it could not read
        notes += [TextNote(kind="ocr_uncertain", line=n, text=m.group(1), context=f"{m.group(1)}，原文标有“〓”")
                  for n, line in enumerate(text.lines, start=1) if "〓" in line for m in _MARKED.finditer(line)]
    return Normalisation(traditional=text.traditional, glosses_removed=text.glosses_removed,
                         reflowed=text.reflowed, notes=notes)
