"""Benchmark for engine/copies.py: copied text across 10,000 reports.

Generates the section prose of a province's reports (three years, most units in the latest), with a
known set of copies, runs `find_copies` once, and prints the time, the peak memory and the recall and
precision against the known copies.

The prose: the format's own sentences (in every report); stock phrases of report writing, drawn with a
long-tailed frequency (a few in most reports, most in a few per cent: the near-boilerplate that makes
unrelated reports look alike); the unit's name; numbers; and the unit's own sentences (random
pseudo-words from common characters). The copies:

- same-year, whole: a section is another unit's section of the same year with the unit's name
  replaced and a few words changed: both reports must be reported;
- same-year, part: a section is a third of another unit's section plus a little text of its own:
  only the copying report (its share is about 0.7; the other's about 0.35);
- last-year: a section is the same unit's section of the year before, with the year and the numbers
  changed and sometimes a sentence added: the later report must be reported;
- decoys that must not be reported: the same unit two years apart; another unit's last year.

    .venv/bin/python bench/copies.py [--reports 10000] [--copies 200] [--tracemalloc]
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from engine.copies import FORMAT_WORDING, NUM_PERM, SHINGLE, Document, find_copies, lsh_params  # noqa: E402

CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后"
    "多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还"
    "因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结"
    "解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级"
    "少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领"
    "七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每"
    "目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影"
)
UNIT_KINDS = ("镇人民政府", "乡人民政府", "街道办事处", "局", "委员会", "办公室")
VERBS = ("进一步加强", "持续深化", "不断完善", "认真落实", "扎实推进", "积极探索", "切实做好", "全面提升", "着力规范",
         "稳步推进", "统筹做好", "大力推进", "严格落实", "持续优化", "不断健全", "有序开展")
OBJECTS = ("政务公开标准化规范化建设", "政府信息公开平台建设", "重点领域信息公开", "政策解读和回应关切工作",
           "依申请公开办理工作", "政府信息公开目录动态更新", "基层政务公开工作", "信息发布保密审查机制",
           "政府网站和政务新媒体管理", "行政规范性文件公开", "财政预决算信息公开", "惠民惠农政策公开",
           "公开专栏内容保障", "人大代表建议和政协提案办理结果公开", "政府开放日活动", "政务公开培训工作",
           "政府信息管理工作", "主动公开基本目录编制", "公共企事业单位信息公开", "公开属性源头认定")
ENDINGS = ("，取得了较好成效", "，确保公开内容准确规范", "，切实保障人民群众知情权、参与权和监督权",
           "，推动政务公开工作提质增效", "，不断提高工作透明度", "，营造了良好的公开氛围")
OPENING = ("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
           "关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。"
           "本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。")
CONTACT = "本报告电子版可在{u}门户网站查阅或下载。如对本报告有任何疑问，请与{u}办公室联系（电话：0591-{tel}）。"
LENGTHS = {"overview": (700, 1200), "active": (150, 300), "requests": (100, 200), "appeals": (40, 80),
           "problems": (200, 400), "other": (120, 250)}


class Writer:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        stock = [v + o + e for v in VERBS for o in OBJECTS for e in ("", *ENDINGS[:2])]
        self.rng.shuffle(stock)
        self.stock = stock
        self.weights = [1 / (i + 1) ** 0.8 for i in range(len(stock))]  # long-tailed

    def word(self) -> str:
        return "".join(self.rng.choice(CHARS) for _ in range(self.rng.randint(2, 4)))

    def own(self) -> str:
        return "".join(self.word() for _ in range(self.rng.randint(4, 9))) + self.rng.choice("，。；")

    def sentence(self, unit: str, year: int) -> str:
        r = self.rng.random()
        if r < 0.35:
            return self.rng.choices(self.stock, self.weights)[0] + "。"
        if r < 0.45:
            return f"{year}年，{unit}共{self.rng.choice(('主动公开政府信息', '收到政府信息公开申请', '更新公开专栏'))}" \
                   f"{self.rng.randint(1, 999)}{self.rng.choice('条件次')}，{self.own()}"
        if r < 0.55:
            return f"{unit}{self.own()}"
        return self.own()

    def section(self, key: str, unit: str, year: int) -> str:
        lo, hi = LENGTHS[key]
        target = self.rng.randint(lo, hi)
        parts = [OPENING.format(y=year)] if key == "overview" else []
        while sum(map(len, parts)) < target:
            parts.append(self.sentence(unit, year))
        if key == "other":
            parts.append(CONTACT.format(u=unit, tel=self.rng.randint(20000000, 29999999)))
        return "".join(parts)

    def report(self, unit: str, year: int) -> dict[str, str]:
        return {key: self.section(key, unit, year) for key in LENGTHS}

    def edit(self, text: str, n: int) -> str:
        """Change n short stretches (a few characters each) of the text."""
        chars = list(text)
        for _ in range(n):
            i = self.rng.randrange(len(chars))
            chars[i:i + 2] = self.word()
        return "".join(chars)


def renumber(text: str, rng: random.Random, year: int) -> str:
    """The same text with the year moved on and every other number changed."""
    out, i = [], 0
    while i < len(text):
        if text[i].isdigit():
            j = i
            while j < len(text) and text[j].isdigit():
                j += 1
            num = text[i:j]
            out.append(str(year) if num == str(year - 1) else str(rng.randint(1, 999)))
            i = j
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def generate(n_reports: int, n_copies: int, seed: int):
    """Documents and the set of copies that must be found: {(document id, section, other id)}.

    Of the units, 70 % of the reports' number, every one has a 2023 report; the first 25 % of the
    reports' number also have 2022, and the first 5 % also 2021."""
    w = Writer(seed)
    rng = w.rng
    n_units, n22 = round(n_reports * 0.70), round(n_reports * 0.25)
    n21 = n_reports - n_units - n22
    names: set[str] = set()
    while len(names) < n_units:  # place names of two or three characters, as real ones
        names.add("".join(rng.choice(CHARS) for _ in range(rng.choice((2, 2, 3)))) + rng.choice(UNIT_KINDS))
    units = [f"第{i // 40:03d}县/{n}" for i, n in enumerate(sorted(names))]
    rng.shuffle(units)

    def name(u: int) -> str:
        return units[u].split("/")[1]

    def doc_id(u: int, y: int) -> str:
        return f"{units[u]}_{y}.txt"

    docs: dict[tuple[int, int], dict[str, str]] = {}
    for u in range(n_units):
        for y in (2021, 2022, 2023):
            if y == 2023 or (y == 2022 and u < n22) or (y == 2021 and u < n21):
                docs[(u, y)] = w.report(name(u), y)

    pools = {"three": list(range(n21)), "two": list(range(n21, n22)), "one": list(range(n22, n_units))}
    for pool in pools.values():
        rng.shuffle(pool)

    expected: set[tuple[str, str, str]] = set()
    per = n_copies // 4
    for kind in ["whole"] * per + ["part"] * per + ["last-year"] * (n_copies - 2 * per):
        if kind == "whole":
            key = rng.choice(("overview", "problems", "other", "active"))
            a, b = pools["one"].pop(), pools["one"].pop()
            text = docs[(b, 2023)][key].replace(name(b), name(a))
            docs[(a, 2023)][key] = w.edit(text, 2)
            expected.add((doc_id(a, 2023), key, doc_id(b, 2023)))
            expected.add((doc_id(b, 2023), key, doc_id(a, 2023)))
        elif kind == "part":
            key = rng.choice(("overview", "problems"))
            a, b = pools["one"].pop(), pools["one"].pop()
            src = docs[(b, 2023)][key].replace(name(b), name(a))
            start = rng.randrange(len(src) * 2 // 3)
            block = src[start:start + len(src) // 3]
            own = "".join(w.own() for _ in range(max(2, len(block) // 80)))
            docs[(a, 2023)][key] = own + block if rng.random() < 0.5 else block + own
            expected.add((doc_id(a, 2023), key, doc_id(b, 2023)))
        else:
            key = rng.choice(("overview", "problems", "other", "active"))
            a = pools["two"].pop()
            text = renumber(docs[(a, 2022)][key], rng, 2023)
            if rng.random() < 0.5:
                text += w.own()
            docs[(a, 2023)][key] = text
            expected.add((doc_id(a, 2023), key, doc_id(a, 2022)))
    # decoys, not to be reported: the same unit two years apart; another unit's last year
    for _ in range(n_copies // 10):
        u = pools["three"].pop()
        docs[(u, 2023)]["problems"] = renumber(renumber(docs[(u, 2021)]["problems"], rng, 2022), rng, 2023)
        a, b = pools["one"].pop(), pools["two"].pop()
        docs[(a, 2023)]["problems"] = renumber(docs[(b, 2022)]["problems"].replace(name(b), name(a)), rng, 2023)
    documents = [Document(doc_id(u, y), units[u], y, sections) for (u, y), sections in docs.items()]
    rng.shuffle(documents)
    return documents, expected


def rss_peak_kb() -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))


def reset_rss_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=int, default=10_000)
    ap.add_argument("--copies", type=int, default=200, help="copies planted (same-year and last-year)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--min-chars", type=int, default=100)
    ap.add_argument("--tracemalloc", action="store_true", help="also measure the peak of Python and numpy allocations "
                    "(a second run; slower)")
    args = ap.parse_args()

    t0 = time.perf_counter()
    documents, expected = generate(args.reports, args.copies, args.seed)
    chars = sum(len(t) for d in documents for t in d.sections.values())
    print(f"generated {len(documents)} reports, {chars / 1e6:.1f} M characters of prose, "
          f"{len(expected)} copies to find, in {time.perf_counter() - t0:.1f} s")
    bands, rows = lsh_params(args.threshold)
    print(f"shingle {SHINGLE} characters, {NUM_PERM} permutations, LSH {bands} bands x {rows} rows, "
          f"threshold {args.threshold}, min_chars {args.min_chars}")

    gc.collect()
    before = rss_peak_kb()
    reset = reset_rss_peak()
    base = rss_peak_kb()
    t0 = time.perf_counter()
    found = find_copies(documents, args.threshold, args.min_chars, FORMAT_WORDING)
    elapsed = time.perf_counter() - t0
    peak = rss_peak_kb()
    reported = {(doc, c.section, c.other) for doc, copies in found.items() for c in copies}
    hits = reported & expected
    print(f"find_copies: {elapsed:.1f} s")
    if reset:
        print(f"memory: resident {base / 1024:.0f} MB before, peak {peak / 1024:.0f} MB during "
              f"(+{(peak - base) / 1024:.0f} MB)")
    else:
        print(f"memory: peak resident {max(before, peak) / 1024:.0f} MB for the whole process")
    print(f"reported {len(reported)}: recall {len(hits)}/{len(expected)} = {len(hits) / max(len(expected), 1):.3f}, "
          f"precision {len(hits)}/{len(reported)} = {len(hits) / max(len(reported), 1):.3f}")
    by_relation: dict[str, int] = {}
    for copies in found.values():
        for c in copies:
            by_relation[c.relation] = by_relation.get(c.relation, 0) + 1
    print("by relation:", ", ".join(f"{k} {v}" for k, v in sorted(by_relation.items())))
    for miss in sorted(expected - reported)[:5]:
        print("  missed:", miss)
    for extra in sorted(reported - expected)[:5]:
        doc, section, other = extra
        c = next(c for c in found[doc] if c.section == section and c.other == other)
        print(f"  unexpected: {extra} share {c.share} «{c.passage}»")
    if args.tracemalloc:
        tracemalloc.start()
        find_copies(documents, args.threshold, args.min_chars, FORMAT_WORDING)
        print(f"tracemalloc peak during find_copies: {tracemalloc.get_traced_memory()[1] / 2**20:.0f} MB")
        tracemalloc.stop()


if __name__ == "__main__":
    main()
