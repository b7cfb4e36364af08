"""Read a file: its bytes, what container it is (by content first, then by name) and its text.

Plain text is decoded by engine/containers/decoding.py; web pages, Word files, PDFs and Markdown
conversions are read by engine/containers/.
Anything that cannot be audited raises `Unreadable` with one Chinese sentence that a reviewer can
act on; callers never see a traceback for bad input.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .containers.decoding import decode
from .unreadable import Unreadable  # noqa: F401  (raised here, imported from here by callers)

MAX_BYTES = 20 * 1024 * 1024  # a report is tens of kilobytes, a PDF a few megabytes
MAX_SECONDS = 60  # reading one file may take no longer than this


@dataclass(frozen=True)
class Loaded:
    path: str
    sha256: str
    format: str  # txt | md | html | docx | pdf
    encoding: str
    text: str


_OS_ERRORS = {
    errno.ENOENT: "文件不存在。",
    errno.EACCES: "没有读取该文件的权限。",
    errno.EISDIR: "这是一个文件夹，不是文件。",
}
# Containers that are not read (yet), by their first bytes.
_MAGIC = [
    (b"\xd0\xcf\x11\xe0", "文件是旧版 Word/Excel 文档（.doc/.xls），请另存为 .docx 或 PDF 后再审核。"),
    (b"\x89PNG", "文件是图片，目前不能识别图片中的文字。"),
    (b"\xff\xd8\xff", "文件是图片，目前不能识别图片中的文字。"),
    (b"GIF8", "文件是图片，目前不能识别图片中的文字。"),
    (b"Rar!", "文件是压缩包，请解压后再审核。"),
    (b"7z\xbc\xaf", "文件是压缩包，请解压后再审核。"),
]
_HTML_SUFFIXES = (".htm", ".html", ".shtml", ".xhtml")
_HTML_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|table)\b",
                         re.I | re.S)


def load(path: str | Path) -> Loaded:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Unreadable(f"文件过大（{size // (1024 * 1024)} MB），超过 {MAX_BYTES // (1024 * 1024)} MB 上限，"
                             "不像一份年度报告。")
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(_OS_ERRORS.get(exc.errno, f"无法读取文件（{exc.strerror or exc}）。")) from None
    return load_bytes(data, str(path))


def load_bytes(data: bytes, path: str = "<bytes>") -> Loaded:
    if not data.strip():
        raise Unreadable("文件为空。")
    if len(data) > MAX_BYTES:
        raise Unreadable(f"文件过大（{len(data) // (1024 * 1024)} MB），超过 {MAX_BYTES // (1024 * 1024)} MB 上限。")
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff(data, path)
    with time_limit(MAX_SECONDS):
        if kind == "pdf":
            from .containers.pdf import pdf_text

            return Loaded(path, sha, "pdf", "pdf", pdf_text(data))
        if kind == "docx":
            from .containers.docx import docx_text

            return Loaded(path, sha, "docx", "utf-8", docx_text(data))
        if kind == "html":
            from .containers.html import html_text

            text, encoding = html_text(data)
            return Loaded(path, sha, "html", encoding, text)
        text, encoding = decode(data)
        from .containers.markdown import looks_like_markdown, markdown_text

        if kind == "md" or looks_like_markdown(text):
            return Loaded(path, sha, "md", encoding, markdown_text(text))
        return Loaded(path, sha, "txt", encoding, text)


def sniff(data: bytes, path: str = "") -> str:
    """txt, md, html, docx or pdf: by the bytes first (a misnamed file is still read right),
    by the name where the bytes do not tell."""
    head = data[:2048]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if b"word/" in data[:65536] or path.lower().endswith(".docx"):
            return "docx"
        raise Unreadable("文件是压缩包（不是 Word .docx 文件），请解压后再审核。")
    for magic, reason in _MAGIC:
        if head.startswith(magic):
            raise Unreadable(reason)
    bare = head.lstrip(codecs.BOM_UTF8).lstrip(codecs.BOM_UTF16_LE).lstrip(codecs.BOM_UTF16_BE)
    if _HTML_START.match(bare) or (path.lower().endswith(_HTML_SUFFIXES) and b"<" in bare):
        return "html"
    if path.lower().endswith((".md", ".markdown")):
        return "md"
    return "txt"


@contextmanager
def time_limit(seconds: float):
    """Give up on a file that takes too long to read (a pathological PDF, a huge page).
    The alarm works in a process's main thread, which is where every file is read."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise Unreadable(f"读取文件超过 {seconds:g} 秒仍未完成，已放弃。")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
