"""How real reports are written, piece by piece: a page on one line (engine/reflow.py), Markdown
from converters (engine/containers/markdown.py), titles printed over several lines (engine/meta.py),
labels cut by a PDF's line wraps (engine/align.py). Small texts of our own, exact results."""

import pytest

from engine.containers.markdown import looks_like_markdown, markdown_text
from engine.labels import canon_positions
from engine.normalise import normalise
from engine.parse import parse_bytes
from engine.reflow import _headings, reflow


@pytest.mark.parametrize("text, heading", [
    ("……特编制此报告:一、总体情况2021年,我局……", "一、总体情况"),
    ("……。五、存在的主要问题及明年工作计划2025年,我局将……", "五、存在的主要问题及明年工作计划"),
    ("……。二、主动公开政府信息情况(有关情况附表)第二十条第(一)项", "二、主动公开政府信息情况(有关情况附表)"),
    ("……。五、存在的主要问题及改进情况(一)存在问题", "五、存在的主要问题及改进情况"),
    ("……处理费情况。四、因政府信息公开申请行政复议、提起行政诉讼的情况行政复议",
     "四、因政府信息公开申请行政复议、提起行政诉讼的情况"),
    ("……)。一总体情况2020年,我局……", "一总体情况"),
])
def test_headings_inside_a_line(text, heading):
    found = _headings(text)
    assert [text[h.start:h.end] for h in found] == [heading]


def test_table_row_labels_are_not_section_headings():
    assert _headings("一、本年新收政府信息公开申请数量1000001"
                     "二、上年结转政府信息公开申请数量0000000") == []


def test_a_page_on_one_line_is_cut_into_lines():
    body = ("当前位置: 首页政务公开某局年报 某县某局2023年政府信息公开工作年度报告 来源: 时间:2024-01-10 09:00 --> "
            "微信 微博 <!--[if !supportMisalignedColumns]--><!--[endif]-->"
            "根据《条例》编制本报告。一、总体情况2023年,我局公开信息12条,"
            "其中机构职能信息2条、政策文件信息4条、工作动态信息6条,均在区政府门户网站发布,并通过政务新媒体同步推送。"
            "二、主动公开政府信息情况第二十条第(一)项信息内容本年制发件数本年废止件数现行有效件数"
            "规章000行政规范性文件1 0 2"
            "三、收到和处理政府信息公开申请情况一、本年新收政府信息公开申请数量2000002二、上年结转政府信息公开申请数量0000000"
            "四、政府信息公开行政复议、行政诉讼情况五、存在的主要问题及改进情况问题在于更新不及时,已整改。"
            "六、其他需要报告的事项无。")
    text = reflow(normalise(body))
    assert text.reflowed
    assert text.lines == [
        "当前位置: 首页政务公开某局年报", "某县某局2023年政府信息公开工作年度报告", "来源:", "时间:2024-01-10 09:00", "-->",
        "微信", "微博", "<!--[if !supportMisalignedColumns]-->", "<!--[endif]-->", "根据《条例》编制本报告。",
        "一、总体情况",
        "2023年,我局公开信息12条,其中机构职能信息2条、政策文件信息4条、工作动态信息6条,"
        "均在区政府门户网站发布,并通过政务新媒体同步推送。",
        "二、主动公开政府信息情况", "第二十条第(一)项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
        "规章000", "行政规范性文件1 0 2",
        "三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量2000002",
        "二、上年结转政府信息公开申请数量0000000",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况", "问题在于更新不及时,已整改。", "六、其他需要报告的事项", "无。",
    ]
    report = parse_bytes(body.encode())
    assert (report.meta.agency, report.meta.year) == ("某县某局", 2023)
    assert {4, 5, 6, 7, 8, 9} <= set(report.furniture)  # 来源, 时间, -->, 微信, 微博, the comment


def test_a_short_line_is_left_alone():
    text = normalise("一、总体情况 二、主动公开政府信息情况")
    assert reflow(text) is text


def test_canonical_positions_point_into_the_text():
    canon, where = canon_positions("规章 0 0（三）不予公开 00000002、其他")
    assert canon == "规章00(三)不予公开00000002.其他"
    assert [("规章 0 0（三）不予公开 00000002、其他")[i] for i in where][-4:] == ["2", "、", "其", "他"]


MARKDOWN = """## 某市某局

## 2024 年政府信息公开工作年度报告

**一、总体情况**

|第二十条第（一）项|Col2|Col3|Col4|
|---|---|---|---|
|信息内容|本年制发件数|本年废止件数|现行有效件数|
|规章|0|0|0|

| 行政许可 | 486 | 486 | 486 |
| 商业<br>企业 | 三、本年度办理结果 | 三、本年度办理结果 |

<table><tr><td colspan="2">行政处罚</td><td>5</td></tr></table>
"""


def test_markdown_is_recognised_and_read_as_text_and_tab_rows():
    assert looks_like_markdown(MARKDOWN) and not looks_like_markdown("一、总体情况\n规章 | 0 | 0 | 0 |\n")
    assert markdown_text(MARKDOWN).split("\n") == [
        "某市某局", "", "2024 年政府信息公开工作年度报告", "", "一、总体情况", "",
        "第二十条第（一）项\t\t\t", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数", "规章\t0\t0\t0", "",
        "行政许可\t486\t486\t486",  # a value repeated is kept: the aligner knows the row's width
        "商业企业\t三、本年度办理结果",  # a label repeated into the slots of its span is written once
        "", "行政处罚\t5",
    ]


@pytest.mark.parametrize("lines", [
    ["某市某局", "", "2024 年政府信息公开工作年度报告"],
    ["某政办函〔2025〕3号", "某市某局", "2024 年政府信息公开工作", "年度报告"],
    ["首页 > 政务公开 > 年报", "某市某局", "关于报送2024年度政府信息公开工作年度报告的函"],
    ["某市某局 2024 年 政府信息公开工作年度报告"],
])
def test_titles_as_printed(lines):
    text = "\n".join(lines + ["一、总体情况", "本年度我局公开信息。", "二、主动公开政府信息情况",
                              "六、其他需要报告的事项", "无。"])
    meta = parse_bytes(text.encode()).meta
    assert (meta.agency, meta.year) == ("某市某局", 2024)


def test_labels_wrapped_by_a_pdf_are_joined():
    """`(四)无` / `法提供` beside the rows, and a row label above and below the line of its values."""
    rows = "\n".join([
        "一、本年新收政府信息公开申请数量 1 0 0 0 0 0 1",
        "(四)无 1.本机关不掌握相关政府信息 1 0 0 0 0 0 1",
        "法提供 2.没有现成信息需要另行制作 0 0 0 0 0 0 0",
        "(二)部分公开(区分处理的,只",
        "本 2 0 0 0 0 0 2",
        "计这一情形,不计其他情形)",
    ])
    report = parse_bytes(("某县某局2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n" + rows).encode())
    t = report.tables["requests"]
    assert [c.value for c in t.rows["unavailable_not_held"].values()] == [1, 0, 0, 0, 0, 0, 1]
    assert [c.value for c in t.rows["partly_granted"].values()] == [2, 0, 0, 0, 0, 0, 2]
    assert not [d for d in t.deviations if d.kind == "label" and d.issue in ("unknown-label", "fuzzy", "numbering")]


BODY = "\n".join(["一、总体情况", "本年度依法公开各类信息。", "二、主动公开政府信息情况", "六、其他需要报告的事项", "无。"])


@pytest.mark.parametrize("header, agency, year", [
    (["标题: 某县水利局2023年政府信息公开工作年度报告", "发布机构: 1"], "某县水利局", 2023),  # the title field
    (["发布时间: 2024-01-10", "发布机构: 某县水利局"], "某县水利局", 2023),  # no title: the unit field
    (["发布时间: 2024-01-10", "发布机构: 桌面"], None, 2023),  # a unit field that names no unit
])
def test_crawler_header_fields(header, agency, year):
    meta = parse_bytes("\n".join(header + [BODY]).encode()).meta
    assert (meta.agency, meta.year) == (agency, year)


def test_a_whole_title_after_a_short_name_is_the_title():
    text = "\n".join(["正阳街道", "", "正阳街道办事处2023年政府信息公开工作年度报告", BODY])
    assert parse_bytes(text.encode()).meta.agency == "正阳街道办事处"


def test_numbers_apart_by_spaces_in_one_cell_are_that_many_cells():
    header = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉",
              "复议后起诉"]
    header += ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    text = "\n".join(["某县某局2022年政府信息公开工作年度报告", "四、政府信息公开行政复议、行政诉讼情况", *header,
                      "0 1 1 0 2 1 0 0 0 1 0 0 0 0 0"])
    t = parse_bytes(text.encode()).tables["appeals"]
    assert [[c.value for c in row.values()] for row in t.rows.values()] == [[0, 1, 1, 0, 2], [1, 0, 0, 0, 1], [0] * 5]
    assert not [d for d in t.deviations if d.kind == "structure"]


def test_a_missing_heading_leaves_its_text_out_of_the_table_before_it():
    """Section 五's heading deleted: its sub-headings are no labels of table 四, and the missing
    section is placed where it should have started (after table 四)."""
    from engine.render import ReportSpec, render_report, zero_values
    from engine.ruleset import RuleSet, load_rules

    spec = ReportSpec("2021", zero_values("2021"),
                      texts={"problems": "(一) 存在问题\n公开不够及时。\n(二) 改进情况\n已加强培训。"})
    lines = render_report(spec, "tab-grid").split("\n")
    lines.remove("五、存在的主要问题及改进情况")
    report = parse_bytes("\n".join(lines).encode("utf-8"))
    findings = RuleSet([lr.rule for lr in load_rules()]).run(report)
    assert not [f for f in findings if f.category == "label-deviation"]
    missing = [f for f in findings if f.rule == "missing-section"]
    assert [(f.message, f.locations[0].line) for f in missing] == [
        ("报告缺少“五、存在的主要问题及改进情况”部分。", lines.index("(一) 存在问题") + 1)]
