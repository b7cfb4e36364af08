"""The summary printed at the end of `audit run`.

Not an output of the registry: it is not a file, it is printed only once the files are in place
(it says where they are), and it shares its per-report data with the exit code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tabulate import tabulate

from ..names import layout_short
from .checklist import by_group, summary_line, unit_name
from .protocol import Run

if TYPE_CHECKING:
    from ..batch import Summary


def summary(results: Sequence[Summary], out_dir: Path, written: Iterable[str], run: Run | None = None) -> str:
    """The table of units, the closing count, what was skipped or left out, and where the files
    (`written`, as named in OUT) are."""
    rows: list[list[Any]] = []  # tabulate's cells
    for group, rs in by_group(results):
        for r in rs:
            rows.append([group, unit_name(r), r.year or "", layout_short(r.layout),
                         r.counts.get("error", 0), r.counts.get("warning", 0), r.counts.get("info", 0), r.verdict])
    totals = ["合计", f"{len(results)} 份", "", "", sum(r[4] for r in rows), sum(r[5] for r in rows),
              sum(r[6] for r in rows), ""]
    table = tabulate(rows + [totals], headers=["分组", "单位", "年度", "格式", "错误", "警告", "提示", "结论"])
    notes = ""
    if run is not None and run.skipped:
        notes += (f"跳过 {len(run.skipped)} 个非报告文件"
                  "（系统文件、临时文件、隐藏文件或本工具的输出，见 findings.json 的 skipped）。\n")
    if run is not None and run.rules_note:
        notes += run.rules_note + "\n"
    return f"{table}\n\n{summary_line(results)}\n{notes}审核结果已写入 {out_dir}/（{'、'.join(written)}）\n"
