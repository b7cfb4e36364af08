"""Read a file: its bytes within the size and time limits, then its text from the container that
claims it (engine/containers/registry.py lists them, content first and names second).

Anything that cannot be audited raises `Unreadable` with one Chinese sentence that a reviewer can
act on; callers never see a traceback for bad input.
"""

from __future__ import annotations

import errno
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .containers import registry
from .containers.base import OcrRead
from .containers.decoding import decode  # noqa: F401  (callers decode text with it from here)
from .deadline import time_limit
from .unreadable import Unreadable  # noqa: F401  (raised here, imported from here by callers)

MAX_BYTES = 20 * 1024 * 1024  # a report is tens of kilobytes, a PDF a few megabytes
MAX_SECONDS = 60  # reading one file may take no longer than this


@dataclass(frozen=True)
class Loaded:
    path: str
    sha256: str
    format: str  # txt | md | html | docx | pdf: the container's name
    encoding: str
    text: str
    origins: tuple[str, ...] | None = None  # where each line of text came from (PDF pages), if known
    ocr: OcrRead | None = None  # what was read from pictures, where OCR was used


_OS_ERRORS: dict[int | None, str] = {
    errno.ENOENT: "文件不存在。",
    errno.EACCES: "没有读取该文件的权限。",
    errno.EISDIR: "这是一个文件夹，不是文件。",
}


def load(path: str | Path) -> Loaded:
    """The file's text, refused before reading when it is too large to be a report."""
    return load_bytes(read_bytes(path), str(path))


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes, refused before reading when it is too large to be a report."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Unreadable(f"文件过大（{size // (1024 * 1024)} MB），超过 {MAX_BYTES // (1024 * 1024)} MB 上限，"
                             "不像一份年度报告。")
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(_OS_ERRORS.get(exc.errno, f"无法读取文件（{exc.strerror or exc}）。")) from None
    return data


def load_bytes(data: bytes, path: str = "<bytes>") -> Loaded:
    """The text of the first container in the registry that claims the bytes."""
    if not data.strip():
        raise Unreadable("文件为空。")
    if len(data) > MAX_BYTES:
        raise Unreadable(f"文件过大（{len(data) // (1024 * 1024)} MB），超过 {MAX_BYTES // (1024 * 1024)} MB 上限。")
    sha = hashlib.sha256(data).hexdigest()
    with time_limit(MAX_SECONDS):  # sniffing too: Markdown is told by its decoded text
        container = registry.pick(data, path)
        got = container.read(data, path)
    return Loaded(path, sha, container.name, got.encoding, got.text, got.origins, got.ocr)


def sniff(data: bytes, path: str = "") -> str:
    """The name of the container that reads these bytes (`Unreadable` if they are refused)."""
    return registry.pick(data, path).name
