"""OUT/findings.json (CONTRACT.md section 2), written as results arrive."""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from . import StreamingFile


def entry(result) -> str:
    """One report's entry: one line per report keeps a file of thousands quick to write and read."""
    return "    " + json.dumps(result.model_dump(mode="json"), ensure_ascii=False)


class FindingsJson:
    def __init__(self, path: Path):
        tool = json.dumps({"name": "audit", "version": __version__}, ensure_ascii=False)
        self.file = StreamingFile(path)
        self.file.write(f'{{\n  "tool": {tool},\n  "reports": [')
        self.first = True

    def add(self, entry_text: str) -> None:
        self.file.write(("\n" if self.first else ",\n") + entry_text)
        self.first = False

    def close(self) -> None:
        self.file.write("\n  ]\n}\n")
        self.file.commit()
