"""The parse cache (engine/cache.py) and the command-line options of the comparison across reports."""

import json
import os
import pickle
import shutil
import sqlite3
import subprocess
import sys

from engine.batch import cache_key
from engine.cache import ParseCache, fingerprint
from engine.model import Cell, InferredCell, ReadCell
from engine.parse import parse_file
from tests.samples import ROOT, SAMPLES, sample


def audit(*args, cache=None):
    env = dict(os.environ)
    if cache is not None:
        env["AUDIT_CACHE"] = str(cache)
    return subprocess.run([sys.executable, "-m", "engine.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=env)


def test_a_parse_comes_back_as_it_went_in_and_other_engines_are_forgotten(tmp_path):
    cache = ParseCache(tmp_path / "c.sqlite3")
    report = parse_file(sample("000"))
    cache.put("abc.txt", report)
    cache.put("def.txt", "文件为空。")
    assert cache.get("abc.txt") == report and cache.get("def.txt") == "文件为空。" and cache.get("x") is None
    cache._db.execute("INSERT INTO parsed VALUES ('old.txt', 'another-engine', x'00')")
    cache.prune()
    rows = cache._db.execute("SELECT sha, engine FROM parsed ORDER BY sha").fetchall()
    assert rows == [("abc.txt", fingerprint()), ("def.txt", fingerprint())]
    cache.close()


def test_a_runs_own_cache_keeps_plain_pickles_and_a_kept_cache_compresses(tmp_path):
    report = parse_file(sample("000"))
    for scratch in (True, False):
        cache = ParseCache(tmp_path / f"{scratch}.sqlite3", scratch=scratch)
        cache.put("abc.txt", report)
        blob = cache._db.execute("SELECT value FROM parsed").fetchone()[0]
        assert (blob[:1] == b"\x80") is scratch  # a pickle's first byte; zlib's data starts otherwise
        assert cache.get("abc.txt") == report
        sync = cache._db.execute("PRAGMA synchronous").fetchone()[0]
        assert sync == (0 if scratch else 1)  # OFF | NORMAL
        cache.close()
    # A kept cache reads what a scratch one wrote, and the other way round: one format for get.
    kept = ParseCache(tmp_path / "True.sqlite3")
    assert kept.get("abc.txt") == report
    kept.close()


def test_every_kind_of_cell_comes_back_from_a_pickle_as_it_was():
    cells = [Cell(3, "3", 7), Cell(None, "", None, missing=True), Cell(1.5, "1.5", 2, uncertain=True),
             InferredCell(0, "1000001", 4), ReadCell(12, "12", 9, confidence=0.52), ReadCell(None, "?", 9, False, True)]
    back = pickle.loads(pickle.dumps(cells, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == cells and [type(c) for c in back] == [type(c) for c in cells]
    assert [c.inferred for c in back] == [False, False, False, True, False, False]
    assert back[4].confidence == 0.52


def test_the_key_is_the_content_and_the_ending():
    assert cache_key(b"x", "a/b.TXT") == cache_key(b"x", "c.txt") != cache_key(b"x", "c.md")
    assert cache_key(b"x", "c.txt") != cache_key(b"y", "c.txt")


def test_a_second_run_reads_the_cache(tmp_path):
    cache = tmp_path / "cache.sqlite3"
    first, second = tmp_path / "o1", tmp_path / "o2"
    assert audit("run", "reports_in", "--out", first, "--quiet", cache=cache).returncode == 1
    with sqlite3.connect(cache) as db:
        assert db.execute("SELECT count(*) FROM parsed").fetchone()[0] == len(list(SAMPLES.iterdir()))
    # What the cache says is what the run uses: a planted answer for one file comes out.
    planted = sample("001")
    ParseCache(cache).put(cache_key(planted.read_bytes(), planted.name), "缓存中的答案。")
    assert audit("run", "reports_in", "--out", second, "--quiet", cache=cache).returncode == 1
    reports = {r["path"]: r for r in json.loads((second / "findings.json").read_text(encoding="utf-8"))["reports"]}
    entry = reports[f"reports_in/{planted.name}"]
    assert entry["status"] == "unreadable" and entry["findings"][0]["message"] == "无法审核：缓存中的答案。"
    # Everything else is as the first run had it.
    before = {r["path"]: r for r in json.loads((first / "findings.json").read_text(encoding="utf-8"))["reports"]}
    assert {p: r for p, r in reports.items() if p != entry["path"]} == {
        p: r for p, r in before.items() if p != entry["path"]}


def test_no_cache_leaves_no_cache_file(tmp_path):
    cache = tmp_path / "cache.sqlite3"
    result = audit("run", "reports_in", "--out", tmp_path / "o", "--quiet", "--no-cache", cache=cache)
    assert result.returncode == 1 and not cache.exists()


def test_a_broken_cache_file_is_a_clear_error(tmp_path):
    cache = tmp_path / "cache.sqlite3"
    cache.write_bytes(b"this is no database" * 100)
    result = audit("run", "reports_in", "--out", tmp_path / "o", "--quiet", cache=cache)
    assert result.returncode == 2 and not (tmp_path / "o").exists()
    assert result.stderr.startswith(f"{cache}: 无法使用解析缓存（") and "可用 --no-cache 不使用缓存" in result.stderr


def test_help_shows_where_the_cache_is(tmp_path):
    result = audit("run", "--help", cache=tmp_path / "somewhere.sqlite3")
    assert f"缓存位置：{tmp_path / 'somewhere.sqlite3'}" in "".join(result.stdout.split())  # argparse wraps lines


def test_a_bad_roster_stops_the_run_with_file_and_line(tmp_path):
    roster = tmp_path / "名单.csv"
    roster.write_text("分组,单位,单位类型\n县甲,江左镇,乡镇\n县甲,,乡镇\n县甲,江右镇,科室\n", encoding="utf-8")
    result = audit("run", "reports_in", "--out", tmp_path / "o", "--roster", roster)
    assert result.returncode == 2 and not (tmp_path / "o").exists()
    lines = result.stderr.splitlines()
    assert lines[0] == "名单文件有误：" and len(lines) == 3
    assert lines[1].startswith(f"{roster}:3: ") and lines[2].startswith(f"{roster}:4: ") and "科室" in lines[2]


def test_missing_history_folders_and_bad_years_are_usage_errors(tmp_path):
    result = audit("run", "reports_in", "--out", tmp_path / "o", "--history", tmp_path / "nowhere")
    assert result.returncode == 2 and result.stderr.strip() == f"{tmp_path / 'nowhere'}: 历史报告文件夹不存在。"
    result = audit("run", "reports_in", "--out", tmp_path / "o", "--year", "23")
    assert result.returncode == 2 and "应为四位年份（如 2023），而不是“23”" in result.stderr


def test_history_in_the_same_folder_structure_is_compared(tmp_path):
    """A year given both as history and among the inputs is read once as each: still one report."""
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    result = audit("run", src, "--out", tmp_path / "o", "--quiet", "--history", src, cache=tmp_path / "c.sqlite3")
    assert result.returncode == 1, result.stderr
    data = json.loads((tmp_path / "o" / "findings.json").read_text(encoding="utf-8"))
    assert len(data["reports"]) == len(list(SAMPLES.iterdir()))


def test_a_run_without_the_cache_makes_its_database_before_the_workers_start():
    # Two workers creating one new database at once could find it locked and break the pool.
    from engine.runner import Comparison, _cache

    with _cache(Comparison(no_cache=True)) as path:
        assert path.is_file()
        tables = sqlite3.connect(path).execute("SELECT name FROM sqlite_master").fetchall()
        assert ("parsed",) in tables
    assert not path.exists()
