"""Findings: what the rules report (docs/contract.md, section 2)."""

from __future__ import annotations

from typing import Any, Literal, get_args

from pydantic import BaseModel, Field, SerializerFunctionWrapHandler, model_serializer

Severity = Literal["error", "warning", "info"]  # most severe first
SEVERITIES: tuple[str, ...] = get_args(Severity)
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
# A report's conclusion, from its worst finding (engine/batch.py `verdict`); a unit of the roster
# that sent nothing has MISSING_VERDICT.
VERDICTS = ("需退回修改", "建议修改", "通过")
MISSING_VERDICT = "未报送"

# The fixed vocabulary of categories (docs/contract.md).
Category = Literal[
    "input", "encoding", "missing-section", "section-heading", "table-version", "table-structure",
    "label-deviation", "blank-cell", "value", "arithmetic", "narrative", "required-content",
    "publication", "cross-year", "duplicate-text", "completeness",
]
CATEGORIES: tuple[str, ...] = get_args(Category)
CATEGORY_ZH = {
    "input": "无法读取", "encoding": "编码与乱码", "missing-section": "缺少部分", "section-heading": "部分标题",
    "table-version": "表格版本", "table-structure": "表格结构", "label-deviation": "标签改动", "blank-cell": "空白单元格",
    "value": "数值", "arithmetic": "勾稽关系", "narrative": "正文与表格", "required-content": "必备内容",
    "publication": "发布时间", "cross-year": "跨年度", "duplicate-text": "内容雷同", "completeness": "完整性",
}


class Location(BaseModel):
    path: str | None = None  # another report's file (last year's, the one copied); None: this report
    section: str | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    line: int | None = None

    @model_serializer(mode="wrap")
    def _compact(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        return {k: v for k, v in data.items() if v is not None or k == "line"}

    @property
    def elsewhere(self) -> bool:
        """In another report than the one the finding is about."""
        return self.path is not None


class Pass(BaseModel):
    """A rule the report satisfies, and the sentence that satisfies it (audit run --explain-passes):
    a reviewer trusts a pass they can read."""

    rule: str
    category: Category
    title: str
    quote: str
    locations: list[Location] = Field(default_factory=list)


class Finding(BaseModel):
    rule: str
    category: Category
    severity: Severity
    message: str
    locations: list[Location] = Field(default_factory=list)
    evidence: dict[str, Any] = Field(default_factory=dict)
    outcome: str | None = None  # set when the rule reported other than its main outcome (unverifiable, data_lost)
    # Stable across re-runs, line shifts, a renamed file and edits elsewhere; changes with the
    # finding's substance (engine/baseline.py). Set once the report's unit and year are known.
    fingerprint: str | None = None
    accepted: bool = False  # in the reviewer's baseline (audit run --baseline): shown apart, never counted
    note: str | None = None  # the reviewer's reason for accepting it (the baseline's 理由)

    @model_serializer(mode="wrap")
    def _compact(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data = handler(self)
        for key, empty in (("outcome", None), ("accepted", False), ("note", None)):
            if data.get(key) == empty:
                data.pop(key, None)
        return data
