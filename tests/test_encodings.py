"""The same report in another encoding, with other line ends or in traditional characters
parses to identical cells."""

import codecs

import opencc
import pytest

from engine.parse import parse_bytes
from tests.samples import sample


def cells(report):
    return {
        (t, r, c): (cell.value, cell.raw, cell.line)
        for t, table in report.tables.items()
        for r, row in table.rows.items()
        for c, cell in row.items()
    }


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize(
    "variant",
    ["gb18030", "utf-16-bom", "utf-8-bom", "crlf", "cr", "traditional"],
)
def test_variants_parse_to_identical_cells(prefix, variant):
    text = sample(prefix).read_text(encoding="utf-8")
    reference = parse_bytes(text.encode("utf-8"))
    if variant == "gb18030":
        data = text.encode("gb18030")
    elif variant == "utf-16-bom":
        data = text.encode("utf-16")  # Python writes the BOM
        assert data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    elif variant == "utf-8-bom":
        data = codecs.BOM_UTF8 + text.encode("utf-8")
    elif variant == "crlf":
        data = text.replace("\n", "\r\n").encode("utf-8")
    elif variant == "cr":
        data = text.replace("\n", "\r").encode("utf-8")
    else:
        data = opencc.OpenCC("s2t").convert(text).encode("utf-8")
    report = parse_bytes(data)
    assert cells(report) == cells(reference)
    assert (report.layout, report.meta.year) == (reference.layout, reference.meta.year)
    assert [(s.key, s.line) for s in report.sections] == [(s.key, s.line) for s in reference.sections]


def test_encoding_is_recorded():
    text = sample("000").read_text(encoding="utf-8")
    assert parse_bytes(text.encode("gb18030")).source.encoding == "gb18030"
    assert parse_bytes(text.encode("utf-16")).source.encoding == "utf-16"
    assert parse_bytes(text.encode("utf-8")).source.encoding == "utf-8"


def test_traditional_is_recorded():
    text = sample("003").read_text(encoding="utf-8")
    assert parse_bytes(opencc.OpenCC("s2t").convert(text).encode()).normalisation.traditional
    assert not parse_bytes(text.encode()).normalisation.traditional
