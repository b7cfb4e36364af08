"""Parsed reports kept on disk, so that a re-run, and the earlier years a run reads as history,
cost nothing to parse again.

An SQLite file maps (file hash, engine fingerprint) to the parsed report, or to the reason the
file could not be read. The fingerprint is a hash of the engine's own code and data (templates,
vocabulary): any change to the parser makes the old entries unused, never wrong. Workers of one
run read and write the same file (SQLite's write-ahead log lets them). `--no-cache` uses a file
in a temporary folder, removed at the end of the run: the run still needs one place where its
workers find each other's reports (last year's report is parsed by whichever worker had it).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import zlib
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `audit --help` reads the cache's place without loading the model
    from .model import Report

ENGINE = Path(__file__).resolve().parent


def default_location() -> Path:
    """Where the cache lives: $AUDIT_CACHE, else the user's cache folder."""
    if os.environ.get("AUDIT_CACHE"):
        return Path(os.environ["AUDIT_CACHE"])
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "audit" / "parsed.sqlite3"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of everything the parser is made of: its code and its data files."""
    digest = hashlib.sha256()
    for path in sorted(p for p in ENGINE.rglob("*") if p.suffix in (".py", ".yaml", ".yml") and p.is_file()):
        digest.update(path.relative_to(ENGINE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


_PICKLE = pickle.dumps(None, protocol=pickle.HIGHEST_PROTOCOL)[:1]  # how a pickle starts; zlib's data never does


class ParseCache:
    """Parsed reports by file hash. Values are a `Report`, or a `str`: why the file is unreadable."""

    def __init__(self, path: Path, scratch: bool = False) -> None:
        """`scratch`: a run's own cache (--no-cache), removed at its end: nothing in it needs to
        survive a crash or to be small, so it is neither synced to disk nor compressed."""
        self.path = path
        self.scratch = scratch
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=60, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={'OFF' if scratch else 'NORMAL'}")
        self._db.execute("CREATE TABLE IF NOT EXISTS parsed (sha TEXT, engine TEXT, value BLOB, PRIMARY KEY (sha, engine))")

    def get(self, sha: str) -> Report | str | None:
        row = self._db.execute("SELECT value FROM parsed WHERE sha = ? AND engine = ?", (sha, fingerprint())).fetchone()
        if row is None:
            return None
        blob = row[0]
        value: Report | str = pickle.loads(blob if blob[:1] == _PICKLE else zlib.decompress(blob))
        return value

    def put(self, sha: str, value: Report | str) -> None:
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if not self.scratch:
            blob = zlib.compress(blob, 1)
        self._db.execute("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?)", (sha, fingerprint(), blob))

    def prune(self) -> None:
        """Forget the parses of other engine versions: they are never read again."""
        self._db.execute("DELETE FROM parsed WHERE engine != ?", (fingerprint(),))

    def close(self) -> None:
        self._db.close()
