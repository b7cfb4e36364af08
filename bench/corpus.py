"""A generated corpus for the benchmark: reports rendered from random tables, in every text
family and both layouts, a known share of them with injected defects, in county folders."""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from engine.render import FAMILIES, ReportSpec, render_report, zero_values
from engine.template import load_template

COUNTIES = [f"第{i:02d}县" for i in range(1, 21)]
DEFECTS = ("blank", "arithmetic", "missing-section", "label", "fee", "narrative")


def consistent_values(layout: str, rng: random.Random):
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
        req["new_received"][col] = rng.randint(0, both)
        req["carried_over"][col] = both - req["new_received"][col]
    for row in req:
        req[row]["total"] = sum(req[row][c] for c in parts)
    for block_row in values["active"].values():
        for col in block_row:
            block_row[col] = rng.randint(0, 200)
    return values


def make_report(i: int, rng: random.Random, defect_share: float) -> tuple[str, str, str | None]:
    year = rng.choice((2020, 2021, 2022, 2023, 2024))
    layout = "2019" if year == 2020 else "2021"
    values = consistent_values(layout, rng)
    spec = ReportSpec(layout, values, agency=f"第{i}镇人民政府", year=year,
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
    return rng.choice(COUNTIES), text, defect


def generate(out: Path, n: int, seed: int = 7, defect_share: float = 0.3) -> dict[str, int]:
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    for i in range(n):
        county, text, defect = make_report(i, rng, defect_share)
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
