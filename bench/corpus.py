"""A generated corpus for the benchmark: reports rendered from random tables, in every text
family and both layouts, a known share of them with injected defects, in county folders."""

from __future__ import annotations

import argparse
import copy
import random
from pathlib import Path

from engine.render import FAMILIES, ReportSpec, render_report, zero_values
from engine.template import load_template

COUNTIES = [f"第{i:02d}县" for i in range(1, 21)]
YEARS = (2020, 2021, 2022, 2023, 2024)  # each unit reports every year, as a county's units do
# Town names: three of these characters name 64,000 towns apart (digits in a name would be read
# as no part of it, and every town of a county would be one unit).
SYLLABLES = "安宝城川丰福广和红华黄金锦康兰乐林龙茂宁平青清荣瑞山石泰桃新兴阳永玉云长柳松竹梅杏"


def town(unit: int) -> str:
    k = len(SYLLABLES)
    return SYLLABLES[unit % k] + SYLLABLES[unit // k % k] + SYLLABLES[unit // k // k % k] + "镇人民政府"
DEFECTS = ("blank", "arithmetic", "missing-section", "label", "fee", "narrative")


def consistent_values(layout: str, rng: random.Random, last=None):
    """Tables whose identities hold; `last`: the same unit's values of the year before, which this
    year's carried-over requests (A5) and documents in force (A6) continue, as a real unit's do."""
    values = zero_values(layout)
    req = values["requests"]
    rows = [row.key for _, row in load_template(layout).tables["requests"].rows()]
    results = rows[rows.index("granted"):rows.index("results_total")]
    parts = ["natural_person", "business", "research", "social_welfare", "legal_services", "other_org"]
    for col in parts:
        for row in results + ["carried_forward"]:
            req[row][col] = rng.choice((0, 0, 0, rng.randint(1, 30)))
        req["results_total"][col] = sum(req[r][col] for r in results)
        both = req["results_total"][col] + req["carried_forward"][col]
        if last is None:
            req["new_received"][col] = rng.randint(0, both)
            req["carried_over"][col] = both - req["new_received"][col]
        else:
            carried = last["requests"]["carried_forward"][col]
            if carried > both:  # more came over than this year's results and carry-forward: more granted
                req["granted"][col] += carried - both
                req["results_total"][col] += carried - both
                both = carried
            req["carried_over"][col] = carried
            req["new_received"][col] = both - carried
    for row in req:
        req[row]["total"] = sum(req[row][c] for c in parts)
    for key, block_row in values["active"].items():
        for col in block_row:
            block_row[col] = rng.randint(0, 200)
        if last is not None and "in_force" in block_row and "in_force" in last["active"].get(key, {}):
            before = last["active"][key]["in_force"] + block_row["issued"]
            block_row["repealed"] = min(block_row["repealed"], before)
            block_row["in_force"] = before - block_row["repealed"]
    return values


def make_report(i: int, rng: random.Random, defect_share: float, last=None) -> tuple[str, str, str | None, dict]:
    """Report i: unit i // 5 of county (i // 5) % 20, for year 2020 + i % 5; `last`: the values
    of the unit's report of the year before (the values are returned for the next)."""
    unit, year = i // len(YEARS), YEARS[i % len(YEARS)]
    layout = "2019" if year == 2020 else "2021"
    values = consistent_values(layout, rng, last if i % len(YEARS) else None)
    kept = copy.deepcopy(values)  # before any defect
    spec = ReportSpec(layout, values, agency=town(unit), year=year,
                      published=f"{year + 1}-01-{rng.randint(5, 28):02d}")
    defect = rng.choice(DEFECTS) if rng.random() < defect_share else None
    if defect == "blank":
        spec.values["requests"]["granted"]["business"] = None
    elif defect == "arithmetic":
        spec.values["requests"]["new_received"]["total"] += 1
    elif defect == "missing-section":
        spec.omit.add("problems")
    elif defect == "fee":
        spec.texts["other"] = "无"
    elif defect == "narrative":
        spec.texts["overview"] = f"全年共收到政府信息公开申请{values['requests']['new_received']['total'] + 7}件。"
    text = render_report(spec, rng.choice(FAMILIES), rng)
    if defect == "label":
        text = text.replace("社会公益组织", "社会组织")
    return COUNTIES[unit % len(COUNTIES)], text, defect, kept


def generate(out: Path, n: int, seed: int = 7, defect_share: float = 0.3) -> dict[str, int]:
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    last = None
    for i in range(n):
        county, text, defect, last = make_report(i, rng, defect_share, last)
        folder = out / county
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"report_{i:06d}.txt").write_text(text, encoding="utf-8")
        counts[defect or "none"] = counts.get(defect or "none", 0) + 1
    return counts


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("out", type=Path)
    p.add_argument("-n", type=int, default=5000)
    args = p.parse_args()
    print(generate(args.out, args.n))
