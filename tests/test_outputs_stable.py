"""The outputs of a fixed corpus, byte for byte: a change made for speed (issue 13) must leave every
finding, message and location as it was. The benchmark's generator writes the corpus (both layouts,
every text family, defects injected); the digests of what `audit run` writes are the snapshot.
A change meant to alter findings updates it: UPDATE_SNAPSHOTS=1."""

import hashlib
import subprocess

from bench.corpus import generate
from tests.samples import ROOT
from tests.test_run import snapshot

OUTPUTS = ("findings.json", "findings.sarif", "checklist.md", "checklist.xlsx", "index.html")


def digests(out) -> str:
    files = [out / name for name in OUTPUTS] + sorted((out / "reports").glob("*.*"))
    return "".join(f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.relative_to(out)}\n" for f in files)


def test_a_fixed_corpus_gives_the_same_outputs_byte_for_byte(tmp_path):
    counts = generate(tmp_path / "corpus", 60, seed=13)
    assert sum(counts.values()) == 60 and counts.get("none", 0) < 60  # defects are in it
    for jobs in ("1", "2"):
        subprocess.run([str(ROOT / ".venv" / "bin" / "audit"), "run", "corpus", "--out", f"out{jobs}", "--jobs", jobs,
                        "--no-cache", "--quiet", "--fail-on", "never"], cwd=tmp_path, check=True)
    got = digests(tmp_path / "out1")
    assert got == digests(tmp_path / "out2")  # any number of jobs writes the same
    assert got.count("\n") == 125  # 5 files, and 60 reports as Markdown and HTML pages
    snapshot("fixed-corpus-outputs.sha256", got)
