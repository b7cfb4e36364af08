"""The container registry: every container keeps the protocol, load walks the registry in its
order (a new container needs no change to engine/load.py), modules import alone, and the line
map lines up with the text."""

import ast
import io
import subprocess
import sys
from pathlib import Path

import pytest

from engine.containers import registry
from engine.containers.base import Container, Extracted
from engine.containers.refused import REFUSED
from engine.load import Unreadable, load_bytes, sniff
from tests.containers import render_docx, render_html, render_pdf, text_blocks
from tests.samples import sample

ROOT = Path(__file__).resolve().parent.parent
CONTAINER_MODULES = sorted(p.stem for p in (ROOT / "engine" / "containers").glob("*.py") if p.stem != "__init__")


def test_registry_order_and_protocol():
    assert [c.name for c in registry.CONTAINERS] == ["pdf", "docx", "image", "refused", "html", "md", "txt"]
    for container in registry.CONTAINERS:
        assert isinstance(container, Container), container
        assert isinstance(container.name, str) and callable(container.sniff) and callable(container.read)
    assert len({c.name for c in registry.CONTAINERS}) == len(registry.CONTAINERS)
    assert not isinstance(object(), Container)  # the check is not vacuous


def report_text() -> str:
    return sample("004").read_text(encoding="utf-8")


MARKDOWN = ("# 君堂镇2022年政府信息公开工作年度报告\n\n## 一、总体情况\n\n"
            "| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n")


def each_format() -> dict[str, tuple[bytes, str]]:
    """Bytes that each readable container claims, under a name that does not give them away."""
    blocks = text_blocks(report_text())
    return {
        "pdf": (render_pdf(blocks, push_tables_over_pages=False), "report.txt"),
        "docx": (render_docx(blocks), "report.bin"),
        "html": (render_html(blocks), "report.txt"),
        "md": (MARKDOWN.encode("utf-8"), "report.txt"),  # Markdown told by its content
        "txt": (report_text().encode("gb18030"), "report.md.txt"),
    }


@pytest.fixture(scope="module")
def formats():
    return each_format()


@pytest.mark.parametrize("name", ["pdf", "docx", "html", "md", "txt"])
def test_each_container_reads_what_it_claims(formats, name):
    data, path = formats[name]
    (container,) = [c for c in registry.CONTAINERS if c.name == name]
    assert registry.pick(data, path) is container and sniff(data, path) == name
    got = container.read(data)
    assert isinstance(got, Extracted) and "君堂镇" in got.text
    loaded = load_bytes(data, path)
    assert (loaded.format, loaded.encoding, loaded.text, loaded.origins) == (name, got.encoding, got.text, got.origins)


@pytest.mark.parametrize("magic, reason",
                         [(b"\xd0\xcf\x11\xe0", "旧版 Word"), (b"Rar!", "压缩包")])  # pictures: OCR
def test_refusals_say_why(magic, reason):
    with pytest.raises(Unreadable, match=reason):
        REFUSED.sniff(magic + b"rest", "report.txt")
    with pytest.raises(Unreadable, match=reason):
        load_bytes(magic + b"rest", "report.txt")
    assert REFUSED.sniff("一、总体情况".encode(), "report.doc") is False  # by the bytes, never the name
    with pytest.raises(ValueError):
        REFUSED.read("一、总体情况".encode())


class Fake:
    """A made-up format: files that start with FAKE1 and hold their text after it."""

    name = "fake"

    def sniff(self, data: bytes, path: str) -> bool:
        return data.startswith(b"FAKE1")

    def read(self, data: bytes, path: str = "") -> Extracted:
        text = data[5:].decode("utf-8")
        return Extracted(text, "fake-1", tuple(f"第 {n} 段" for n in range(1, text.count("\n") + 2)))


def test_a_container_added_to_the_registry_is_used(monkeypatch):
    data = "FAKE1一、总体情况\n二、主动公开政府信息情况".encode()
    original = list(registry.CONTAINERS)
    assert load_bytes(data, "x.txt").format == "txt"
    monkeypatch.setattr(registry, "CONTAINERS", [*original, Fake()])
    assert load_bytes(data, "x.txt").format == "txt"  # asked after plain text, which takes anything
    monkeypatch.setattr(registry, "CONTAINERS", [Fake(), *original])
    loaded = load_bytes(data, "x.txt")
    assert (loaded.format, loaded.encoding, loaded.origins) == ("fake", "fake-1", ("第 1 段", "第 2 段"))
    assert loaded.text == "一、总体情况\n二、主动公开政府信息情况" and sniff(data, "x.txt") == "fake"
    assert sniff(b"<html><body>x</body></html>", "x.txt") == "html"  # the others are still asked


@pytest.mark.parametrize("module", ["engine.load"] + [f"engine.containers.{m}" for m in CONTAINER_MODULES])
def test_each_module_imports_alone_without_the_heavy_readers(module):
    """A fresh interpreter: no import cycle, and sniffing never loads pdfplumber, python-docx or lxml."""
    code = (f"import sys, {module}; heavy = {{'pdfplumber', 'docx', 'lxml', 'pdfminer'}} & set(sys.modules); "
            "assert not heavy, heavy")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_container_imports_load():
    """load uses the containers; a container importing load back would be a cycle."""
    for path in (ROOT / "engine" / "containers").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                target = "." * node.level + (node.module or "")
                names = {a.name for a in node.names}
                assert target not in ("..load", "engine.load") and not (target == ".." and "load" in names), path
            elif isinstance(node, ast.Import):
                assert "engine.load" not in {a.name for a in node.names}, path


PAGES = (["一、总体情况", "本机关依法公开政府信息。"],
         ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"])


def two_page_pdf() -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for page in PAGES:
        c.setFont(font, 12)
        for k, line in enumerate(page):
            c.drawString(72, 500 - 20 * k, line)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_pdf_lines_know_their_page():
    loaded = load_bytes(two_page_pdf(), "report.pdf")
    assert loaded.text.split("\n") == PAGES[0] + PAGES[1]
    assert loaded.origins == ("第 1 页", "第 1 页", "第 2 页", "第 2 页")


def test_line_map_lines_up_with_the_text(formats):
    pdf = load_bytes(*formats["pdf"])
    assert len(pdf.origins) == len(pdf.text.split("\n")) > 50
    pages = [int(o.split()[1]) for o in pdf.origins]
    assert pages[0] == 1 and pages == sorted(pages) and pages[-1] > 1
    for name in ("docx", "html", "md", "txt"):
        assert load_bytes(*formats[name]).origins is None
    with pytest.raises(ValueError):
        Extracted("a\nb", "utf-8", ("第 1 页",))  # a map that does not line up is refused
