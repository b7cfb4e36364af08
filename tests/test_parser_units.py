"""Small, exact tests of each parser step, on fixtures written here."""

import json
import subprocess
import sys

import pytest

from engine.align import _fit
from engine.labels import canon, core
from engine.load import Unreadable, decode, load_bytes
from engine.normalise import normalise
from engine.parse import parse_bytes
from engine.render import FAMILIES
from engine.ruleset import RuleSet, load_rules
from engine.segment import segment
from engine.template import Column, Label, load_template, templates
from engine.tokenize import RawCell, detect_family, tokenize
from engine.values import is_value, parse_number
from tests.samples import assert_cells, sample

# ------------------------------------------------------------------ normalise


def test_pinyin_glosses_are_removed_and_traditional_simplified():
    t = normalise("網(wǎng)站支持IPv6\n發(fā)布時間:2021-01-25")
    assert t.lines == ["网站支持IPv6", "发布时间:2021-01-25"]
    assert t.glosses_removed == 2 and t.traditional


def test_full_width_and_invisible_characters():
    t = normalise("（一）予以公开：１２\u00a0件\u200b，共３条")
    assert t.lines == ["(一)予以公开:12 件,共3条"]


def test_parenthesised_latin_without_tone_is_kept():
    assert normalise("系统(ipv6)升级").lines == ["系统(ipv6)升级"]


def test_line_numbers_survive_every_line_end():
    t = normalise("一\r\n二\r三\n四\u2028仍是四")
    assert t.lines == ["一", "二", "三", "四 仍是四"]


def test_mojibake_is_recorded_not_repaired():
    t = normalise("申请?zhí)崞鹦姓\n正常？的问句\n丢失\ufffd字符")
    assert [(m.line, m.text) for m in t.mojibake] == [(1, "?zhí)"), (3, "\ufffd")]
    assert t.lines[0] == "申请?zhí)崞鹦姓"


# ------------------------------------------------------------------ load


def test_decode_detects_encodings():
    text = "二、主动公开政府信息情况\n规章\t0\t0\t0\n"
    assert decode(text.encode("utf-8")) == (text, "utf-8")
    assert decode(text.encode("gb18030")) == (text, "gb18030")
    assert decode(text.encode("utf-16")) == (text, "utf-16")
    assert decode(text.encode("utf-16-le")) == (text, "utf-16-le")
    assert decode(b"\xef\xbb\xbf" + text.encode()) == (text, "utf-8-sig")


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "文件为空。"),
        (b"   \n\n", "文件为空。"),
        (b"\x00\x01\x02binary\x00" * 50, "文件是二进制数据，不是文本，无法审核。"),
        (b"%PDF-1.7\n...", "PDF 文件已损坏，无法打开。"),
    ],
)
def test_unreadable_inputs_say_why(data, reason):
    with pytest.raises(Unreadable) as exc:
        load_bytes(data)
    assert exc.value.reason == reason


def test_text_that_is_not_a_report_is_refused():
    with pytest.raises(Unreadable) as exc:
        parse_bytes("今天天气很好，我们去公园散步。".encode())
    assert exc.value.reason.startswith("不是政府信息公开工作年度报告")


# ------------------------------------------------------------------ labels


def test_canonical_labels():
    assert canon("（二）部分公开 （区分处理的， 只计这一情形）") == "(二)部分公开(区分处理的,只计这一情形)"
    assert canon("3.危及“三安全一稳定”") == canon('3.危及"三安全一稳定"')
    assert canon("1、属于国家秘密") == "1.属于国家秘密"
    assert core("(三)不予公开") == "不予公开" and core("四、结转下年度继续办理") == "结转下年度继续办理"


def test_label_matching_kinds():
    t = load_template("2021").tables["requests"]
    assert [(m.ref.key, m.how) for m in t.match("社会公益组织")] == [("social_welfare", "exact")]
    assert [(m.ref.key, m.how) for m in t.match("社会组织")] == [("social_welfare", "alias")]
    assert [(m.ref.key, m.how) for m in t.match("(1)属于国家秘密")] == [("denied_state_secret", "numbering")]
    assert [(m.ref.key, m.how) for m in t.match("(三)不予公开1.属于国家秘密")] == [("denied_state_secret", "exact")]
    assert [(m.ref.key, m.how) for m in t.match("5.要求行政机关确认或重新出具已经获取的信息")] == [
        ("rejected_confirmation", "fuzzy")
    ]
    assert t.match("行政处罚") == ()
    # A provincial template's note after the label: matched, and recorded as a deviation
    assert [(m.ref.key, m.how) for m in t.match("商业企业（含个体工商户）")] == [("business", "alias")]
    assert [(m.ref.key, m.how) for m in t.match("(二)部分公开(区分处理的,只计这一情形,不计其他情形)")] == [
        ("partly_granted", "exact")]


def test_a_long_note_does_not_make_a_label_prose():
    long_note = "规章(设区的市、自治州人民政府应提供相关数据,行政机关制定发布的决定、公告、通告、意见、通知,以及其他公文)"
    t = parse_bytes(TABLE_2021.replace("规章\t1", long_note + "\t1").encode()).tables["active"]
    assert [c.value for c in t.rows["regulations"].values()] == [1, 2, 3]
    assert [(d.issue, d.expected) for d in t.deviations] == [("alias", "规章")]


# ------------------------------------------------------------------ values


def test_values_and_blanks():
    assert [parse_number(x) for x in ["0", "12", "1,234", "0.5000", "-3", "3件", "/", "", "十二"]] == [
        0, 12, 1234, 0.5, -3, 3, None, None, None
    ]
    assert is_value("—") and is_value("无") and is_value("") and not is_value("3.其他")
    assert is_value("? 2") and parse_number("? 2") is None and is_value("0\ufffd") and not is_value("?其他")


# ------------------------------------------------------------------ tokenizer


def numbered(text):
    return list(enumerate(text.split("\n"), start=1))


def test_family_detection():
    assert detect_family(["a\tb\tc", "d\te"]) == "tab-grid"
    assert detect_family(["\ta", "\tb", "", "\tc"]) == "cell-per-line"
    assert detect_family(["a | b | c |", "d | e |"]) == "pipe-rows"
    assert detect_family(["a |", "0 |", "|", "||"]) == "cell-pipe"
    assert detect_family(["a", "b"]) == "lines"
    assert detect_family(["自然人 法人或其他组织 总计", "规章  0  0  0", "行政许可 512"]) == "space-grid"


def test_cell_per_line_joins_wrapped_labels_and_splits_rows():
    family, cells = tokenize(numbered("\t(三)不\n予公开\n\t1.属于国家秘密\n\t0\n\t\n\n\t\n\t2.重复申请"))
    assert family == "cell-per-line"
    assert [(c.text, c.line, c.row) for c in cells] == [
        ("(三)不予公开", 1, 0), ("1.属于国家秘密", 3, 0), ("0", 4, 0), ("", 5, 0), ("", 7, 1), ("2.重复申请", 8, 1)
    ]


def test_cell_pipe_separator_lines_end_rows():
    family, cells = tokenize(numbered("规章 |\n0 |\n|\n||\n行政许可 |"))
    assert family == "cell-pipe"
    assert [(c.text, c.row) for c in cells] == [("规章", 0), ("0", 0), ("", 0), ("行政许可", 1)]


def test_paragraph_cells_a_paragraph_of_spaces_is_an_empty_cell():
    text = ("二、主动公开政府信息情况\n\n第二十条第(一)项\n\n信息内容\n\n本年制发件数\n\n本年废止件数\n\n现行有效件数\n\n"
            "规章\n\n0\n\n0\n\n0\n\n行政规范性文件\n\n4\n\n \n\n6\n")
    rows = parse_bytes(text.encode()).tables["active"].rows
    assert [(c.value, c.blank) for c in rows["normative_documents"].values()] == [(4, False), (None, True), (6, False)]
    assert [c.value for c in rows["regulations"].values()] == [0, 0, 0]


def test_cell_pipe_with_the_bar_on_the_next_line():
    # `规章` / `|` / `0` / `|`: each bar closes the cell above it; a bar after a bar is an empty cell
    family, cells = tokenize(numbered("规章\n|\n0\n|\n|\n6\n|\n商业\n企业\n|"))
    assert family == "cell-pipe"
    assert [(c.text, c.line) for c in cells] == [("规章", 1), ("0", 3), ("", 5), ("6", 6), ("商业", 8), ("企业", 9)]


def test_a_garbled_value_keeps_its_place_in_the_row():
    t = parse_bytes(TABLE_2021.replace("规章\t1\t2\t3", "规章\t1\t? 2\t3").encode()).tables["active"]
    assert [(c.value, c.raw) for c in t.rows["regulations"].values()] == [(1, "1"), (None, "? 2"), (3, "3")]
    assert t.deviations == []


def test_values_below_a_header_broken_out_of_shape_are_still_the_table_values():
    # Table 四 copied out of a PDF: header words broken over lines, the values on one line
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n结果 结果 其他 尚未 总\n"
            "维持 纠正 结果 审结 计 结果 结果 其他 尚未 总\n1 0 0 0 1 0 0 0 0 0 0 2 0 0 2\n")
    t = parse_bytes(text.encode()).tables["appeals"]
    assert [[c.value for c in cols.values()] for cols in t.rows.values()] == [[1, 0, 0, 0, 1], [0, 0, 0, 0, 0],
                                                                           [0, 2, 0, 0, 2]]
    assert not [d for d in t.deviations if d.data_lost or d.kind == "structure"]


def test_header_labels_some_apart_and_some_run_together_are_each_a_label():
    # Table 四 read from a scan: OCR saw some of the gaps between the header cells and not others
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n"
            "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t复议后起诉\n"
            "结果维持结果纠正其他结果 尚未审结 总计 结果维持  结果纠正 其他结果尚未审结 总计\n"
            + "\t".join("1 0 0 0 1 0 0 0 0 0 0 2 0 0 2".split()) + "\n")
    t = parse_bytes(text.encode()).tables["appeals"]
    assert [[c.value for c in cols.values()] for cols in t.rows.values()] == [[1, 0, 0, 0, 1], [0, 0, 0, 0, 0],
                                                                           [0, 2, 0, 0, 2]]
    assert t.deviations == []


def test_a_sentence_leading_into_the_table_is_not_a_label():
    text = TABLE_2021.replace("第二十条第(一)项", "该部分以表格形式报告。表格如下:\n第二十条第(一)项", 1)
    assert parse_bytes(text.encode()).tables["active"].deviations == []


def test_pipe_rows_closing_bar_is_not_a_cell():
    family, cells = tokenize(numbered("规章 | 0 | | 3 |\n行政许可 | 5 |"))
    assert family == "pipe-rows"
    assert [c.text for c in cells] == ["规章", "0", "", "3", "行政许可", "5"]


def test_space_grid_splits_values_and_numbered_labels_but_not_label_words():
    text = ("三、本年度办理结果 (一)予以公开 0 1 2\n"
            "(三) 不予公开  1.属于国家秘密    3   /   5件\n"
            "(二)部分公开(区分处理的, 只计这一情形, 不计其他情形) 7 8")
    family, cells = tokenize(numbered(text))
    assert family == "space-grid"
    assert [(c.text, c.line, c.row) for c in cells] == [
        ("三、本年度办理结果", 1, 0), ("(一)予以公开", 1, 0), ("0", 1, 0), ("1", 1, 0), ("2", 1, 0),
        ("(三) 不予公开", 2, 1), ("1.属于国家秘密", 2, 1), ("3", 2, 1), ("/", 2, 1), ("5件", 2, 1),
        ("(二)部分公开(区分处理的, 只计这一情形, 不计其他情形)", 3, 2), ("7", 3, 2), ("8", 3, 2),
    ]


SPACED_TABLE_2021 = """二、主动公开政府信息情况
第二十条第(一)项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 1 2 3
行政规范性文件 4 6
"""


def test_space_grid_header_words_are_labels_and_a_short_row_is_not_guessed():
    t = parse_bytes(SPACED_TABLE_2021.encode()).tables["active"]
    assert t.family == "space-grid"
    assert [(c.value, c.line) for c in t.rows["regulations"].values()] == [(1, 4), (2, 4), (3, 4)]
    # A blank cell between single spaces leaves no trace: the row is short, and says so.
    row = t.rows["normative_documents"]
    assert [(c.value, c.uncertain, c.missing) for c in row.values()] == [(4, True, False), (6, True, False),
                                                                          (None, False, True)]
    short = [d for d in t.deviations if d.row == "normative_documents"]
    assert [(d.issue, d.expected, d.found, d.data_lost) for d in short] == [("missing-cells", "3", "2", True)]
    # The header's words were read as its three column labels; only the absent blocks lack theirs.
    assert [(d.issue, d.row or d.column) for d in t.deviations if d.row != "normative_documents"] == [
        ("missing-row", "licensing"), ("missing-row", "penalty"), ("missing-row", "coercion"), ("missing-row", "fees"),
        ("column-label-missing", "decisions"), ("column-label-missing", "decisions"),
        ("column-label-missing", "amount"),
    ]


# ------------------------------------------------------------------ fitting a row


def cells(*texts, row=0):
    return [RawCell(t, 10 + i, row) for i, t in enumerate(texts)]


THREE = tuple(Column(key, Label(key), "count") for key in ("a", "b", "c"))


def test_fit_exact_and_missing():
    got, dev = _fit(cells("1", "", "3"), THREE, 1, 0, True)
    assert [c.text for c in got] == ["1", "", "3"] and dev is None
    got, dev = _fit(cells("1", "2"), THREE, 1, 0, True)
    assert got[2] is None and dev.issue == "missing-cells" and dev.data_lost


def test_fit_padding_is_dropped_without_guessing():
    got, dev = _fit(cells("", "", "1", "2", "3"), THREE, 1, 0, True)
    assert [c.text for c in got] == ["1", "2", "3"] and dev is None
    # A blank at the edge and padding that could be on either side: flagged, not hidden.
    got, dev = _fit(cells("", "1", "2", ""), THREE, 1, 0, True)
    assert dev.issue == "ambiguous-blanks" and [c.text for c in got] == ["1", "2", ""]


def test_fit_extra_values_are_recorded():
    got, dev = _fit(cells("0", "0", "0", "0"), THREE, 1, 0, True)
    assert dev.issue == "extra-cells" and dev.values == ["0"] and not dev.data_lost
    got, dev = _fit(cells("1", "2", "3", "4"), THREE, 1, 0, True)
    assert dev.data_lost and [c.text for c in got] == ["1", "2", "3"]


def test_padding_of_the_next_source_row_is_not_data():
    vals = cells("1", "2", "3") + cells("", "", row=1)
    got, dev = _fit(vals, THREE, 1, 0, True)
    assert [c.text for c in got] == ["1", "2", "3"] and dev is None


# ------------------------------------------------------------------ whole tables

TABLE_2021 = """二、主动公开政府信息情况
第二十条第(一)项
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t1\t2\t3
行政规范性文件\t4\t\t6
第二十条第(五)项
信息内容\t本年处理决定数量
行政许可\t7
第二十条第(六)项
信息内容\t本年处理决定数量
行政处罚\t8
行政强制\t9
第二十条第(八)项
信息内容\t本年收费金额(单位:万元)
行政事业性收费\t1.25
"""


def test_table_two_cells_exact():
    report = parse_bytes(TABLE_2021.encode())
    rows = report.tables["active"].rows
    got = {(r, c): (cell.value, cell.raw, cell.line) for r, cols in rows.items() for c, cell in cols.items()}
    assert got == {
        ("regulations", "issued"): (1, "1", 4), ("regulations", "repealed"): (2, "2", 4),
        ("regulations", "in_force"): (3, "3", 4), ("normative_documents", "issued"): (4, "4", 5),
        ("normative_documents", "repealed"): (None, "", 5), ("normative_documents", "in_force"): (6, "6", 5),
        ("licensing", "decisions"): (7, "7", 8), ("penalty", "decisions"): (8, "8", 11),
        ("coercion", "decisions"): (9, "9", 12), ("fees", "amount"): (1.25, "1.25", 15),
    }
    assert report.layout == "2021" and report.tables["active"].deviations == []


def test_columns_follow_a_reordered_header_line():
    text = TABLE_2021.replace("本年制发件数\t本年废止件数\t现行有效件数", "现行有效件数\t本年制发件数\t本年废止件数")
    t = parse_bytes(text.encode()).tables["active"]
    assert (t.cell("regulations", "in_force").value, t.cell("regulations", "issued").value) == (1, 2)
    assert [d.issue for d in t.deviations] == ["column-order"]


def test_missing_and_unknown_rows_are_recorded():
    text = TABLE_2021.replace("行政强制\t9\n", "").replace("行政处罚\t8", "行政处理\t8")
    t = parse_bytes(text.encode()).tables["active"]
    issues = sorted((d.issue, d.row, d.found, tuple(d.values), d.data_lost) for d in t.deviations)
    assert issues == [
        ("missing-row", "coercion", None, (), True),
        ("missing-row", "penalty", None, (), True),
        ("unassigned-values", None, "行政处理", ("8",), True),
    ]
    assert t.cell("penalty", "decisions").missing and t.cell("penalty", "decisions").value is None


def test_mixed_layout_is_detected():
    from engine.render import ReportSpec, render_report

    v21 = {k: {r.key: {c.key: 0 for c in b.columns} for b, r in t.rows()} for k, t in load_template("2021").tables.items()}
    v19 = {k: {r.key: {c.key: 0 for c in b.columns} for b, r in t.rows()} for k, t in load_template("2019").tables.items()}
    values = {"active": v21["active"], "requests": v19["requests"], "appeals": v21["appeals"]}
    text = render_report(ReportSpec("2021", values, table_layouts={"requests": "2019"}), "tab-grid")
    report = parse_bytes(text.encode())
    assert report.layout == "mixed"
    assert {k: t.layout for k, t in report.tables.items()} == {"active": "2021", "requests": "2019", "appeals": "2021"}


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("heading", ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                     "四、政府信息公开行政复议、行政诉讼情况"])
def test_a_table_whose_section_heading_is_missing_is_still_read(family, heading):
    from engine.render import ReportSpec, render_report, zero_values

    values = zero_values("2021")
    values["requests"]["granted"]["total"] = 7
    text = render_report(ReportSpec("2021", values), family)
    assert heading in text.split("\n")
    report = parse_bytes(text.replace(heading + "\n", "", 1).encode())
    assert_cells(report, values, "2021")
    assert heading not in [s.heading for s in report.sections]


def test_a_table_cut_off_before_the_rows_that_differ_does_not_show_its_layout():
    from engine.render import ReportSpec, render_report, zero_values

    lines = render_report(ReportSpec("2019", zero_values("2019"), year=2022), "pipe-rows").split("\n")
    cut = next(i for i, t in enumerate(lines) if t.startswith("(三)不予公开"))
    resume = next(i for i, t in enumerate(lines) if t.startswith("四、政府信息公开行政复议"))
    report = parse_bytes("\n".join(lines[:cut] + lines[resume:]).encode())
    assert {k: (t.layout, t.layout_shown) for k, t in report.tables.items()} == {
        "active": ("2019", True), "requests": ("2019", False), "appeals": ("2019", False)}
    rules = RuleSet([lr.rule for lr in load_rules() if lr.rule.id == "table-version-outdated"])
    assert [f.message.split("，")[1][:6] for f in rules.run(report)] == ["表二却使用 "]


# ------------------------------------------------------------------ sections and metadata


def test_sections_by_key_phrase_whatever_the_numbering():
    lines = [
        "某某局2023年政府信息公开工作年度报告",
        "1、总体概述",
        "(二)依申请公开办理情况",  # a sub-heading inside 一, not section 三
        "（二）主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "五、政府信息公开工作存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    seg = segment([normalise(x).lines[0] for x in lines])
    assert [(h.key, h.line, h.style) for h in seg.headings] == [
        ("overview", 2, "arabic"), ("active", 4, "paren-cn"), ("requests", 5, "cn"),
        ("appeals", 6, "none"), ("problems", 7, "cn"), ("other", 8, "cn"),
    ]


def test_a_table_header_row_is_not_a_heading():
    lines = ["一、总体情况", "正文。", "行政复议 | 行政诉讼 |", "四、政府信息公开行政复议、行政诉讼情况 |"]
    seg = segment([normalise(x).lines[0] for x in lines])
    assert [(h.key, h.line) for h in seg.headings] == [("overview", 1), ("appeals", 4)]


def test_furniture_is_not_a_heading_and_dates_are_read():
    text = ("当前位置: 首页 > 政务公开\n发布日期：2023年1月16日\n某县水利局2022年度政府信息公开工作年度报告\n"
            "一、总体情况\n正文。")
    r = parse_bytes(text.encode())
    assert (r.meta.agency, r.meta.year, r.meta.published, r.meta.published_label) == (
        "某县水利局", 2022, "2023-01-16", "发布日期"
    )
    assert r.furniture == [1, 2]


@pytest.mark.parametrize("page_line, published, label", [
    (" 时间:2025-01-21      来源:", "2025-01-21", "时间"),
    ("日期: 2020-01-24", "2020-01-24", "日期"),
    ("生成日期:2023-01-30", "2023-01-30", "生成日期"),
])
def test_publication_date_under_short_labels(page_line, published, label):
    r = parse_bytes(f"某县水利局2022年政府信息公开工作年度报告\n{page_line}\n一、总体情况\n正文。".encode())
    assert (r.meta.published, r.meta.published_label) == (published, label) and 2 in r.furniture


@pytest.mark.parametrize("marker", ["关怀版 无障碍 无障碍", "访问量:", "首页 走进宁强 新闻中心 政府信息公开 政务服务",
                                    "Page 9 - 2020年报_审计局", "P. 9", "— 3 —", "- 12 -", "第 2 页 共 5 页", "Page 2 of 5"])
def test_page_markers_and_menus_are_furniture(marker):
    r = parse_bytes(f"某县审计局2020年政府信息公开工作年度报告\n{marker}\n一、总体情况\n正文。".encode())
    assert 2 in r.furniture and r.meta.agency == "某县审计局"


def test_region_and_agency_without_the_verb_before_them():
    r = parse_bytes("根据规定,现公开锡山区东北塘街道2019年度政府信息公开工作年度报告。\n一、总体情况\n正文。".encode())
    assert (r.meta.agency, r.meta.region) == ("锡山区东北塘街道", "锡山区")


@pytest.mark.parametrize("first_line, agency", [
    ("某县机构编制委员会办公室2022年政府信息公开工作年度报告", "某县机构编制委员会办公室"),
    ("市政府研究室2022年政府信息公开工作年度报告", "市政府研究室"),
    ("根据《条例》规定,现将某县水利局2022年政府信息公开工作年度报告公布如下。", "某县水利局"),
    ("根据《条例》规定,现公布我局2022年政府信息公开工作年度报告。", None),  # 我局 names no one
    ("本溪市人民政府2022年政府信息公开工作年度报告", "本溪市人民政府"),
    ("市政府研究室2022年政府信息公开\n工作年度报告", "市政府研究室"),  # a title wrapped over two lines
    ("2022年度某镇政府信息公开工作年度报告", "某镇"),  # the agency after the year
    ("某县自然资源局关于2022年度政府信息公开情况的报告", "某县自然资源局"),
    ("佳荣里街2022年政府信息公开工作年度报告", "佳荣里街"),  # 街: a street office
])
def test_agency_from_the_title_or_the_opening_sentence(first_line, agency):
    r = parse_bytes(f"{first_line}\n一、总体情况\n正文。".encode())
    assert (r.meta.agency, r.meta.year) == (agency, 2022)


def test_a_title_without_the_year():
    r = parse_bytes("驼峰路街道办事处政府信息公开工作年度报告\n一、总体情况\n2022年,我街道稳步推进政务公开。".encode())
    assert (r.meta.agency, r.meta.unit_kind, r.meta.year, r.meta.year_source) == (
        "驼峰路街道办事处", "township", 2022, "text")


@pytest.mark.parametrize("opening, agency", [
    ("本报告依据《条例》要求,由某县农业农村局编制。", "某县农业农村局"),
    ("本报告由某某镇人民政府党政办公室编制。", "某某镇人民政府"),  # the unit, not its office
    ("2022年,某市自然资源局不断强化信息报送工作。", "某市自然资源局"),
    ("2022年,新华街道办事处高度重视政府信息公开工作。", "新华街道办事处"),
    ("2022年,我局高度重视政府信息公开工作。", None),
    ("区科技工业商务信息化局本年度主动公开政府信息229条。", "区科技工业商务信息化局"),
    ("我局本年度主动公开政府信息229条。", None),
    ("2022年,在县委、县政府的坚强领导下,海城镇以习近平新时代中国特色社会主义思想为指引。", "海城镇"),
])
def test_agency_from_the_compiler_or_the_first_sentence(opening, agency):
    r = parse_bytes(f"政府信息公开工作年度报告\n一、总体情况\n{opening}\n二、主动公开政府信息情况\n正文。".encode())
    assert r.meta.agency == agency


# ------------------------------------------------------------------ command line


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "engine.cli", *args], capture_output=True, text=True)


def test_cli_parse_prints_the_contract(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text(TABLE_2021, encoding="utf-8")
    out = run_cli("parse", str(f))
    assert out.returncode == 0
    data = json.loads(out.stdout)
    assert set(data) >= {"source", "meta", "layout", "sections", "tables"}
    assert data["tables"]["active"]["rows"]["licensing"]["decisions"] == {"value": 7, "raw": "7", "line": 8}
    assert data["source"]["format"] == "txt" and len(data["source"]["sha256"]) == 64


@pytest.mark.parametrize("content", [b"", b"\x00\xff" * 100, "随便写点什么。".encode()])
def test_cli_parse_bad_input_exits_2_with_one_chinese_line(tmp_path, content):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    out = run_cli("parse", str(f))
    assert out.returncode == 2 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr


@pytest.mark.parametrize("text, extra", [
    ("其他主动公开文件(含以本单位或本单位办公室名义正式签发的、除规范性文件以外的主动公开文件)", True),
    ("行政检查", True),
    ("行政许可", False),  # a row of the national format
    ("其他对外管理服务事项(含行政确认、行政检查)", False),
])
def test_rows_that_provincial_formats_add(text, extra):
    assert templates()["2019"].tables["active"].is_extra_row(text) is extra


def test_a_label_with_its_digits_written_onto_it():
    """`规章000`: the label comes off; three digits for three columns are one per cell, marked
    inferred with the run as their raw text; `1077` has two readings and is not split at all.
    Labels run together are read one by one."""
    text = "\n".join([
        "某县某局2022年政府信息公开工作年度报告", "一、总体情况", "正文。", "二、主动公开政府信息情况",
        "第二十条第(一)项", "信息内容本年制发件数本年废止件数现行有效件数",  # labels run together too
        "规章000", "行政规范性文件1077",
        "第二十条第(五)项", "信息内容", "本年处理决定数量", "行政许可5",
    ])
    t = parse_bytes(text.encode()).tables["active"]
    assert [(c.value, c.raw, c.line, c.inferred) for c in t.rows["regulations"].values()] == [(0, "000", 7, True)] * 3
    assert [c.value for c in t.rows["normative_documents"].values()] == [None, None, None]
    assert t.rows["licensing"]["decisions"].value == 5 and not t.rows["licensing"]["decisions"].inferred
    assert [(d.issue, d.line, d.values) for d in t.deviations if d.issue == "not-separable"] == [
        ("not-separable", 8, ["1077"])]
    assert [d for d in t.deviations if d.kind == "label" and (d.found or d.column in t.rows["regulations"])] == []


@pytest.mark.parametrize("row", [
    "\t\t3.其他\t\t\t\t0\t0\t0\t0\t0\t0\t0",  # the first of eight values blanked
    "\t\t3.其他\t\t\t0\t0\t0\t0\t0\t0\t0\t",  # the last blanked
])
def test_a_blank_is_never_hidden_by_a_surplus(row):
    """Seed 000's rows carry eight values for seven columns: a row with a blank at one edge cannot
    be placed with certainty, and says so, instead of dropping the blank as padding."""
    text = sample("000").read_text(encoding="utf-8")
    original = "\t\t3.其他\t\t\t0\t0\t0\t0\t0\t0\t0\t0"
    assert original in text
    report = parse_bytes(text.replace(original, row).encode("utf-8"))
    t = report.tables["requests"]
    devs = [d for d in t.deviations if d.row == "other_other"]
    assert [d.issue for d in devs] == ["ambiguous-blanks"]
    assert all(c.uncertain for c in t.rows["other_other"].values())
