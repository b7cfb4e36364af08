"""The report model: what `audit parse` prints (docs/contract.md, section 1) and what rules read.

Fields named in docs/contract.md keep their names and meaning; everything else is added beside them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_serializer

Number = int | float


@dataclass(slots=True)
class Cell:
    """One table cell: a plain value object, treated as immutable. A batch builds millions, so it
    is neither a pydantic model nor a frozen dataclass (both cost several times more to create)."""

    value: Number | None  # null when blank or not a number; a blank is never 0
    raw: str  # the text as found, "" for blank
    line: int | None  # 1-based source line
    missing: bool = False  # the source has no cell here at all (row or cell absent)
    uncertain: bool = False  # the column this value belongs to could not be told for sure
    # Cut out of digits written together (`1000001`), raw holding the whole run: see InferredCell.
    # A class attribute, not a field, so that the millions of ordinary cells cost nothing more.
    inferred: ClassVar[bool] = False

    @property
    def blank(self) -> bool:
        return self.value is None and not self.missing and self.raw in BLANK_MARKERS

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        # Pickled by its fields in order: half the time and size of a slotted class's default
        # (every parse goes through the parse cache between a run's two passes).
        return type(self), (self.value, self.raw, self.line, self.missing, self.uncertain)

    def contract(self) -> dict[str, Any]:
        data: dict[str, Any] = {"value": self.value, "raw": self.raw, "line": self.line}
        if self.missing:
            data["missing"] = True
        if self.uncertain:
            data["uncertain"] = True
        if self.inferred:
            data["inferred"] = True
        return data


@dataclass(slots=True)
class InferredCell(Cell):
    """A cell cut out of a run of digits with certainty (engine/runs.py)."""

    inferred: ClassVar[bool] = True


@dataclass(slots=True)
class ReadCell(Cell):
    """A value read from a picture with OCR, with how sure the reading is (0 to 1; below
    engine/ocr.yaml's `min_confidence` the value is uncertain and null)."""

    confidence: float | None = None

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return type(self), (self.value, self.raw, self.line, self.missing, self.uncertain, self.confidence)

    def contract(self) -> dict[str, Any]:
        return {**Cell.contract(self), "confidence": self.confidence}  # slots: no zero-argument super()


# What a blank cell may hold besides nothing.
BLANK_MARKERS = frozenset({"", "/", "-", "--", "—", "——", "无", "空", "&nbsp;"})


class Deviation(BaseModel):
    """Where a table departs from the template. Kinds: label | structure."""

    kind: str
    issue: str  # alias | fuzzy | numbering | unknown-label | fragment | column-label-missing | column-order |
    #              extra-cells | missing-cells | ambiguous-blanks | missing-row | duplicate-row |
    #              unassigned-values | not-separable | extra-row
    table: str
    row: str | None = None
    column: str | None = None
    line: int | None = None
    expected: str | None = None  # the official label, or the expected count
    found: str | None = None  # what the report has
    values: list[str] = Field(default_factory=list)  # raw values involved (extra, unassigned)
    data_lost: bool = False  # values could not be placed in the model


class Table(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    layout: str
    rows: dict[str, dict[str, Cell]]
    family: str  # the text family the table was written in
    lines: tuple[int, int]  # first line of the table's region, last line of its labels and values
    deviations: list[Deviation] = Field(default_factory=list)
    # The table's own labels tell its layout; False when it reads the same under both (table 四,
    # or a table cut off before the rows that differ) and took the document's layout.
    layout_shown: bool = True

    def cell(self, row: str, column: str) -> Cell:
        return self.rows[row][column]

    @field_serializer("rows")
    def _rows(self, rows: dict[str, dict[str, Cell]]) -> dict[str, dict[str, dict[str, Any]]]:
        return {r: {c: cell.contract() for c, cell in cols.items()} for r, cols in rows.items()}


class Section(BaseModel):
    key: str  # overview | active | requests | appeals | problems | other
    number: int | None  # the number written before the heading, if any
    heading: str  # as written, after normalisation
    line: int
    end_line: int  # last line of the section's body
    numbering: str  # 一、 | 1、 | (一) | "" ...
    title: str  # the heading without its numbering
    deviations: list[str] = Field(default_factory=list)  # numbering-style | number-mismatch | unnumbered | wording


class Source(BaseModel):
    path: str
    sha256: str
    format: str
    encoding: str


class Meta(BaseModel):
    agency: str | None = None
    year: int | None = None
    published: str | None = None  # ISO date
    title: str | None = None
    region: str | None = None  # the county or city the text names with the unit
    unit_kind: str | None = None  # township | county_government | department (from the agency name)
    year_source: str | None = None  # title | text | published
    published_label: str | None = None  # 发布时间 | 发布日期 | 成文日期 ...


class TextNote(BaseModel):
    kind: str  # mojibake | ocr_uncertain
    line: int
    text: str
    context: str


class Normalisation(BaseModel):
    traditional: bool = False
    glosses_removed: int = 0
    reflowed: bool = False  # the text held a page on one line, cut into lines (line numbers count those)
    notes: list[TextNote] = Field(default_factory=list)


class OcrPageInfo(BaseModel):
    page: int
    boxes: int  # pieces of text OCR found on it
    confidence: float  # their mean recognition confidence
    picture: bool = False  # `page` numbers a picture in a Word file or web page, not a page of a scan


class Report(BaseModel):
    source: Source
    meta: Meta
    layout: str  # 2021 | 2019 | mixed | unknown
    sections: list[Section]
    tables: dict[str, Table]
    normalisation: Normalisation = Field(default_factory=Normalisation)
    furniture: list[int] = Field(default_factory=list)  # lines recognised as page furniture
    ocr: list[OcrPageInfo] | None = None  # the pages read from pictures with OCR; None: none were
    lines: list[str] = Field(default_factory=list, exclude=True)  # normalised text, for rules

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def section_at(self, line: int) -> Section | None:
        """The section whose heading or body holds `line`."""
        return next((s for s in self.sections if s.line <= line <= s.end_line), None)

    def contract(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
