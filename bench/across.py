"""The benchmark of the comparison across reports: `audit run` on 10,000 generated reports with a
known set of copies, with copied-text detection on and off (the plain run), and a re-run that
finds every parse in the cache.

The reports carry the prose of bench/copies.py (stock phrases, each unit's own sentences, three
years, copies planted between units of one year and from a unit's report of the year before) in
rendered tables, in county folders. Recall and precision are measured on findings.json against
the planted copies. Prints one line per run and appends a table to BENCHMARK.md.

    .venv/bin/python bench/across.py [-n 10000] [--copies 200] [--no-record]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.copies import generate as generate_prose  # noqa: E402
from bench.corpus import consistent_values  # noqa: E402
from bench.run import ROOT, WORK, watched  # noqa: E402
from engine.render import FAMILIES, ReportSpec, render_report  # noqa: E402

COMPARED = ("overview", "problems", "other")  # the sections the copied-text rules compare
PLAIN_CONFIG = "ignore: [duplicate-text]\n"  # the rules as they are, without copied-text detection


def generate(out: Path, n: int, copies: int, seed: int = 7) -> set[tuple[str, str, str]]:
    """Render the reports under `out`; the copies to find as (path, section, other path)."""
    documents, expected = generate_prose(n, copies, seed)
    rng = random.Random(seed)
    for doc in documents:
        layout = "2019" if doc.year == 2020 else "2021"
        county, name = doc.id.split("/")
        spec = ReportSpec(layout, consistent_values(layout, rng), agency=name.rsplit("_", 1)[0], year=doc.year or 2023,
                          published=f"{(doc.year or 2023) + 1}-01-{rng.randint(5, 28):02d}", texts=dict(doc.sections))
        (out / county).mkdir(parents=True, exist_ok=True)
        (out / doc.id).write_text(render_report(spec, rng.choice(FAMILIES), rng), encoding="utf-8")
    path = lambda doc_id: (out / doc_id).as_posix()  # noqa: E731
    return {(path(a), section, path(b)) for a, section, b in expected if section in COMPARED}


def timed(corpus: Path, out: Path, cache: Path, jobs: int, config: Path | None) -> tuple[float, int]:
    cmd = [str(ROOT / ".venv" / "bin" / "audit"), "run", str(corpus), "--out", str(out), "--jobs", str(jobs),
           "--quiet", "--fail-on", "never"] + (["--config", str(config)] if config else [])
    elapsed, peak_mb, code = watched(cmd, env={**os.environ, "AUDIT_CACHE": str(cache)})
    if code != 0:
        raise SystemExit(f"audit run failed with exit code {code}")
    return elapsed, peak_mb


def found_copies(out: Path) -> set[tuple[str, str, str]]:
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    return {(r["path"], f["locations"][0]["section"], c["other"]) for r in data["reports"] for f in r["findings"]
            if f["category"] == "duplicate-text" for c in f["evidence"]["copies"]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("-n", type=int, default=10_000, help="reports")
    p.add_argument("--copies", type=int, default=200, help="copies planted")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--no-record", action="store_true", help="do not append to BENCHMARK.md")
    p.add_argument("--work", type=Path, default=WORK)
    args = p.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="across-", dir=args.work))
    corpus = work / "corpus"
    start = time.perf_counter()
    expected = generate(corpus, args.n, args.copies)
    n = sum(1 for _ in corpus.rglob("*.txt"))
    print(f"{n} reports, {len(expected)} copies planted, generated in {time.perf_counter() - start:.0f} s", flush=True)
    plain = work / "plain.yaml"
    plain.write_text(PLAIN_CONFIG, encoding="utf-8")
    rows = []
    for what, config, cache in (("plain (no copied-text detection)", plain, "plain.sqlite3"),
                                ("copied-text detection on", None, "copies.sqlite3"),
                                ("copied-text detection on, parses cached", None, "copies.sqlite3")):
        out = work / f"out-{len(rows)}"
        seconds, peak_mb = timed(corpus, out, work / cache, args.jobs, config)
        quality = ""
        if config is None:
            reported = found_copies(out)
            hits = len(reported & expected)
            quality = (f"recall {hits}/{len(expected)} = {hits / len(expected):.3f}, "
                       f"precision {hits}/{len(reported)} = {hits / max(len(reported), 1):.3f}")
        shutil.rmtree(out, ignore_errors=True)
        rows.append((what, n, args.jobs, seconds, n / seconds, peak_mb, quality))
        print(f"{what}: {seconds:.1f} s, {n / seconds:.0f} reports/s, peak memory {peak_mb} MB"
              + (f"; {quality}" if quality else ""), flush=True)
    shutil.rmtree(work, ignore_errors=True)
    if not args.no_record:
        record(rows)


def record(rows: list[tuple]) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    lines = [f"\n## {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} — across reports (`bench/across.py`), "
             f"{commit or 'uncommitted'}, {os.cpu_count()} cores, Python {platform.python_version()}\n",
             "| run | reports | jobs | seconds | reports/s | peak memory (MB) | copies found |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    lines += [f"| {w} | {n} | {j} | {s:.1f} | {r:.0f} | {m} | {q or '—'} |" for w, n, j, s, r, m, q in rows]
    with (ROOT / "BENCHMARK.md").open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
