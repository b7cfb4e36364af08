"""The check families of the review checklist: one column each, a mark per unit."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..batch import ReportResult

FAMILIES: tuple[tuple[str, frozenset[str]], ...] = (
    ("报送", frozenset({"completeness"})),
    ("章节", frozenset({"missing-section", "section-heading"})),
    ("表格版本", frozenset({"table-version"})),
    ("空白单元格", frozenset({"blank-cell"})),
    ("勾稽关系", frozenset({"arithmetic", "value"})),
    ("跨年度", frozenset({"cross-year"})),
    ("标签与结构", frozenset({"label-deviation", "table-structure"})),
    ("正文一致性", frozenset({"narrative", "encoding"})),
    ("内容雷同", frozenset({"duplicate-text"})),
    ("必备内容", frozenset({"required-content"})),
    ("发布时间", frozenset({"publication"})),
)
TABLE_FAMILIES = {"表格版本", "空白单元格", "勾稽关系", "跨年度", "标签与结构"}
OK, BAD, WARN, NA = "✓", "✗", "⚠", "—"
LEGEND = (f"{OK} 未发现问题　{BAD} 有错误（需退回修改）　{WARN} 有警告（建议修改）　"
          f"{NA} 无法判断（未报送、文件无法读取、没有统计表、勾稽关系因空白无法核对、没有上年报告可比较、"
          "页面未写发布日期）")
UNVERIFIED = {"unverifiable", "incomparable"}  # outcomes that say a check could not be made


def mark(result: ReportResult, family: str, categories: frozenset[str]) -> str:
    if result.status == "missing":
        return BAD if family == "报送" else NA
    if result.status != "audited":
        return NA
    found = [f for f in result.findings if f.category in categories and not f.accepted]  # accepted: let stand
    severities = {f.severity for f in found}
    if "error" in severities:
        return BAD
    if "warning" in severities:
        return WARN
    if family in TABLE_FAMILIES and not result.tables:
        return NA
    if family == "勾稽关系" and any(f.category == "arithmetic" for f in found):
        return NA  # info here means an identity could not be verified
    if family == "跨年度" and (result.previous is None or any(f.outcome in UNVERIFIED for f in found)):
        return NA  # no report of the year before, or it could not be compared
    if family == "发布时间" and not result.published:
        return NA
    return OK


def marks(result: ReportResult) -> list[str]:
    return [mark(result, name, cats) for name, cats in FAMILIES]
