"""The benchmark of scanned reports: seconds per page that `audit run` spends on image-only PDFs,
which it reads with OCR (engine/containers/ocr.py).

A few generated reports are drawn onto page images as a scanner leaves them (tests/ocr_pages.py)
and saved as PDFs without a text layer; `audit run --no-cache` (a cache would hide the OCR) is
timed on them serially and on every core, with the peak memory of its process tree. Prints a
table and appends it to BENCHMARK.md.

    .venv/bin/python bench/ocr.py [-n 6] [--no-record]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pypdfium2

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import consistent_values  # noqa: E402
from bench.run import ROOT, WORK, watched  # noqa: E402
from engine.render import ReportSpec, render_report  # noqa: E402
from tests.ocr_pages import cjk_font_file, image_pdf  # noqa: E402

AGENCIES = ("江左镇人民政府", "青石镇人民政府", "南湖街道办事处", "北山乡人民政府", "临川区教育局", "东平县财政局")


def scanned_corpus(out: Path, n: int, seed: int = 15) -> int:
    """Write `n` scanned reports (image-only PDFs) to `out`; their number of pages."""
    rng = random.Random(seed)
    pages = 0
    for i in range(n):
        year = rng.randint(2021, 2024)
        spec = ReportSpec("2021", consistent_values("2021", rng), agency=AGENCIES[i % len(AGENCIES)], year=year,
                          published=f"{year + 1}-01-{rng.randint(5, 28):02d}")
        data = image_pdf(render_report(spec, "tab-grid"))
        (out / f"scan_{i:02d}.pdf").write_bytes(data)
        pages += len(pypdfium2.PdfDocument(data))
    return pages


def timed(corpus: Path, jobs: int, work: Path) -> tuple[float, int]:
    """Wall seconds and peak memory (MB) of `audit run` on the corpus."""
    out = Path(tempfile.mkdtemp(prefix="ocr-out-", dir=work))
    cmd = [str(ROOT / ".venv" / "bin" / "audit"), "run", str(corpus), "--out", str(out), "--no-cache",
           "--jobs", str(jobs), "--quiet"]
    elapsed, peak_mb, code = watched(cmd)
    shutil.rmtree(out, ignore_errors=True)
    if code not in (0, 1):  # 1: findings with errors, as generated reports may have
        raise SystemExit(f"audit run failed with exit code {code}")
    return elapsed, peak_mb


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-n", type=int, default=6, help="scanned reports (about 2 pages each)")
    p.add_argument("--no-record", action="store_true", help="do not append to BENCHMARK.md")
    p.add_argument("--work", type=Path, default=WORK, help=f"folder for the corpus and outputs (default {WORK})")
    args = p.parse_args()
    if cjk_font_file() is None:
        print("bench/ocr.py: no CJK font (fonts-noto-cjk) and it cannot be installed here; "
              "the scans cannot be drawn, nothing measured.")
        return
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = Path(tempfile.mkdtemp(prefix="ocr-corpus-", dir=args.work))
    pages = scanned_corpus(corpus, args.n)
    cores = os.cpu_count() or 1
    rows = []
    print("| reports | pages | jobs | seconds | seconds/page | peak memory (MB) |", flush=True)
    for jobs in sorted({1, cores}):
        seconds, peak_mb = timed(corpus, jobs, args.work)
        rows.append(f"| {args.n} | {pages} | {jobs} | {seconds:.1f} | {seconds / pages:.2f} | {peak_mb} |")
        print(rows[-1], flush=True)
    shutil.rmtree(corpus, ignore_errors=True)
    if not args.no_record:
        record(rows, cores)


def record(rows: list[str], cores: int) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    lines = [f"\n## {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} — scanned pages (`bench/ocr.py`), "
             f"{commit or 'uncommitted'}, {cores} cores, Python {platform.python_version()}\n",
             "| reports | pages | jobs | seconds | seconds/page | peak memory (MB) |",
             "| ---: | ---: | ---: | ---: | ---: | ---: |", *rows,
             "\n`audit run --no-cache` end to end on generated reports drawn as scans (image-only PDFs, "
             "tests/ocr_pages.py),\nso nearly all of the time is OCR; seconds per page is the run's wall time "
             "over the pages of the corpus."]
    with (ROOT / "BENCHMARK.md").open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
