"""The summary printed at the end of `audit run`.

Not an output of the registry: it is not a file, it is printed only once the files are in place
(it says where they are), and it shares its per-report data with the exit code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

from tabulate import tabulate

from ..names import layout_short
from .checklist import by_group, summary_line, unit_name


def summary(results: Sequence, out_dir: Path, written: Iterable[str]) -> str:
    """The table of units, the closing count and where the files (`written`, as named in OUT) are."""
    rows = []
    for group, rs in by_group(results):
        for r in rs:
            rows.append([group, unit_name(r), r.year or "", layout_short(r.layout),
                         r.counts.get("error", 0), r.counts.get("warning", 0), r.counts.get("info", 0), r.verdict])
    totals = ["合计", f"{len(results)} 份", "", "", sum(r[4] for r in rows), sum(r[5] for r in rows),
              sum(r[6] for r in rows), ""]
    table = tabulate(rows + [totals], headers=["分组", "单位", "年度", "格式", "错误", "警告", "提示", "结论"])
    return f"{table}\n\n{summary_line(results)}\n审核结果已写入 {out_dir}/（{'、'.join(written)}）\n"
