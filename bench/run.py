"""The benchmark: time `audit run` end to end on a generated corpus, serially and on every core.

Prints reports per second and the peak memory of the whole process tree (sampled from /proc, shared
pages counted once), and appends both to BENCHMARK.md. Two corpus sizes (1,000 and 5,000) are timed with one job and on
every core; a third, large one (50,000, on every core only) shows whether memory stays flat as the
corpus grows. Every run parses afresh (`--no-cache`): the corpus is the same from run to run, so
a cache would time the cache.

Seconds vary with the machine's mood from day to day; the yardstick that does not is the floor,
measured in the same run on the same corpus: a program that reads each file, decodes it, converts
it with OpenCC and splits it into lines, timed from start to exit like `audit run`. The ratio
audit / floor says how many times that minimum `audit run` takes.

The machine's mood also moves within minutes (one job on 5,000 reports took 18 s in one run and 29 s
in the next), so a single run of one job and a single run of every core, minutes apart, compare
the moods as much as the code. Each size is therefore timed `--repeats` times, one job and every core
in turn, and the fastest of each is kept (as `timeit` does: noise only ever adds time); the floor too.
Peak memory is the highest of those runs: it is sampled every SAMPLE_SECONDS, and a short run's peak is
easily missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# Corpus and outputs go to a memory-backed folder where there is one (Linux's /dev/shm), else to the
# system's temporary folder. The benchmark times the auditor, not the machine's disk: on this
# project's sandbox, creating the outputs' files on its disk costs about 2 ms of kernel time per
# report, more than the rules, and does not spread over cores (1.45× on two against 1.8× in memory);
# a folder under a watched work tree costs ten times more again. `--work` chooses another folder.
SHM = Path("/dev/shm")
WORK = (SHM if SHM.is_dir() and os.access(SHM, os.W_OK) else Path(tempfile.gettempdir())) / "audit-bench"


# How often memory is sampled: reading a process's proportional size walks all its mappings, and
# sampling three processes every 50 ms took a fifth of a core from the run being timed.
SAMPLE_SECONDS = 0.25


def tree_memory_kb(pid: int) -> int:
    """Memory of a process and all its descendants, from /proc: their proportional set sizes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            ppid, pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        p = int(entry.name)
        children.setdefault(ppid, []).append(p)
        rss[p] = pages * os.sysconf("SC_PAGE_SIZE") // 1024
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += _proportional_kb(p, rss.get(p, 0))
        stack += children.get(p, [])
    return total


def _proportional_kb(pid: int, rss_kb: int) -> int:
    """The process's proportional set size: its resident memory with each page shared with other
    processes counted in shares. The workers are forked from the run's process and share its pages
    (the modules): resident sizes added up would count those once per process. Linux 4.14+;
    elsewhere the resident size."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return rss_kb


def watched(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, int]:
    """Run `cmd`: its wall seconds (to the moment it exits), the peak memory of its process tree (MB)
    and its exit code. Memory is sampled from another thread, so the time is not rounded up to a sample."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env)
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_memory_kb(proc.pid))
            time.sleep(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    return elapsed, peak // 1024, code


def timed_run(corpus: Path, jobs: int, work: Path) -> tuple[float, int]:
    out = Path(tempfile.mkdtemp(prefix="out-", dir=work))
    cmd = [str(ROOT / ".venv" / "bin" / "audit"), "run", str(corpus), "--out", str(out), "--jobs", str(jobs),
           "--quiet", "--fail-on", "never", "--no-cache"]
    elapsed, peak_mb, code = watched(cmd)
    shutil.rmtree(out, ignore_errors=True)
    if code != 0:
        raise SystemExit(f"audit run failed with exit code {code}")
    return elapsed, peak_mb


# The floor, as a program of its own, timed like `audit run` from start to exit.
FLOOR = """
import sys
from pathlib import Path
from engine.containers.decoding import decode
from engine.normalise import _converter
convert = _converter().convert
for path in sorted(Path(sys.argv[1]).rglob("*")):
    if path.is_file():
        convert(decode(path.read_bytes())[0]).split("\\n")
"""


def best_of(measure: Callable[[int], tuple[float, int]], runs: list[int],
            repeats: int) -> dict[int, tuple[float, int, list[float]]]:
    """Time each number of jobs `repeats` times, the numbers in turn (1, 2, 1, 2, ...), so that a change of
    the machine's mood falls on both alike: for each, the fastest time, the highest peak memory and
    every time in the order taken."""
    times: dict[int, list[float]] = {jobs: [] for jobs in runs}
    peaks: dict[int, int] = dict.fromkeys(runs, 0)
    for _ in range(repeats):
        for jobs in runs:
            seconds, peak_mb = measure(jobs)
            times[jobs].append(seconds)
            peaks[jobs] = max(peaks[jobs], peak_mb)
    return {jobs: (min(times[jobs]), peaks[jobs], times[jobs]) for jobs in runs}


def floor_seconds(corpus: Path) -> float:
    """The least any auditor does, start to exit: read, decode, convert to simplified characters,
    split into lines, on one core."""
    start = time.perf_counter()
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", FLOOR, str(corpus)], cwd=ROOT, check=True)
    return time.perf_counter() - start


def help_seconds() -> float:
    """How long `audit --help` takes, the best of five (what a user waits for before anything)."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "audit"), "--help"], capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("-n", type=int, default=5000, help="reports in the large corpus")
    p.add_argument("--small", type=int, default=1000, help="reports in the small corpus (memory comparison)")
    p.add_argument("--large", type=int, default=50000,
                   help="reports in the memory check: run once on every core, its peak memory against the -n run's "
                        "(0: skip)")
    p.add_argument("--repeats", type=int, default=3,
                   help="times each size is run with one job and with every core, in turn; the fastest counts")
    p.add_argument("--no-record", action="store_true", help="do not append to BENCHMARK.md")
    p.add_argument("--work", type=Path, default=WORK, help=f"folder for the corpus and outputs (default {WORK})")
    args = p.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    rows = []
    sizes = [(args.small, sorted({1, cores})), (args.n, sorted({1, cores}))]
    if args.large:
        sizes.append((args.large, [cores]))  # memory only: one run, on every core
    for n, runs in sizes:
        corpus = Path(tempfile.mkdtemp(prefix=f"corpus-{n}-", dir=args.work))
        counts = generate(corpus, n)
        defects = n - counts.get("none", 0)
        repeats = args.repeats if n != args.large else 1  # the large corpus is there for memory
        floor = min(floor_seconds(corpus) for _ in range(repeats))
        print(f"{n} reports: floor (read, decode, OpenCC, lines) {floor:.2f} s, {n / floor:.0f} reports/s", flush=True)
        timed = best_of(functools.partial(timed_run, corpus, work=args.work), runs, repeats)
        for jobs, (seconds, peak_mb, times) in timed.items():
            rate = n / seconds
            rows.append((n, jobs, seconds, rate, peak_mb, seconds / floor))
            print(f"{n} reports ({defects} with injected defects), --jobs {jobs}: "
                  f"{seconds:.1f} s (of {' / '.join(f'{t:.1f}' for t in times)}), {rate:.0f} reports/s, "
                  f"{seconds / floor:.1f} × the floor, peak memory {peak_mb} MB", flush=True)
        shutil.rmtree(corpus, ignore_errors=True)
    helped = help_seconds()
    print(f"audit --help: {helped:.2f} s", flush=True)
    for line in ratios(rows, cores):
        print(line, flush=True)
    if not args.no_record:
        record(rows, cores, args.work, helped, args.repeats)


def ratios(rows, cores: int) -> list[str]:
    """What the targets are about (issue 13): every core against one, and memory as the corpus grows."""
    seconds = {(n, jobs): s for n, jobs, s, _, _, _ in rows}
    peak = {(n, jobs): m for n, jobs, _, _, m, _ in rows}
    out = [f"{n} reports: --jobs {cores} is {seconds[n, 1] / seconds[n, cores]:.2f}× --jobs 1"
           for n in sorted({n for n, _ in seconds}) if cores > 1 and (n, 1) in seconds and (n, cores) in seconds]
    sizes = sorted(n for n, jobs in peak if jobs == cores)
    if len(sizes) >= 2:
        small, large = sizes[-2], sizes[-1]
        out.append(f"peak memory on {cores} cores: {peak[large, cores]} MB at {large} reports, "
                   f"{peak[large, cores] / peak[small, cores]:.2f}× the {peak[small, cores]} MB at {small}")
    return out


def record(rows, cores: int, work: Path, helped: float, repeats: int) -> None:
    path = ROOT / "BENCHMARK.md"
    if not path.exists():
        path.write_text(
            "# Benchmark\n\n`make bench` appends a section here: `audit run` end to end (parse, rules and every\n"
            "output) on a generated corpus, serially and on every core. Target: at least 300 reports/s on\n"
            "2 cores, peak memory under 500 MB and flat as the corpus grows.\n", encoding="utf-8")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    lines = [f"\n## {dt.datetime.now().strftime('%Y-%m-%d %H:%M')} — {commit or 'uncommitted'}, "
             f"{cores} cores, Python {platform.python_version()}, files in {work}\n",
             "| reports | jobs | seconds | reports/s | peak memory (MB) | × floor |",
             "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    lines += [f"| {n} | {jobs} | {s:.1f} | {r:.0f} | {m} | {x:.1f} |" for n, jobs, s, r, m, x in rows]
    timing = (f"seconds: the fastest of {repeats} runs, one job and every core in turn (the largest corpus: one run); "
              f"× floor: those seconds over the fastest of as many runs of a program" if repeats > 1 else
              "seconds: one run each; × floor: those seconds over a program")
    lines += ["", f"Parsing afresh (`--no-cache`); {timing} that reads, decodes, converts with OpenCC and splits into "
              f"lines the same corpus on one core. `audit --help`: {helped:.2f} s.",
              "", *(f"- {line}" for line in ratios(rows, cores))]
    with path.open("a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
