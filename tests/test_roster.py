"""engine/roster.py: the roster of units that must report, read from CSV, XLSX or YAML, and found by name."""

import csv
import io
from pathlib import Path

import pytest

from engine.roster import Roster, RosterError, RosterUnit, load_roster

FIXTURES = Path(__file__).parent / "fixtures" / "roster"
PT = "平潭综合实验区"

# The units of fixtures/roster/pingtan.* (group, name, aliases, kind), in order.
PINGTAN = [
    (PT, "平潭综合实验区管委会", ("平潭综合实验区管委会办公室",), "county_government"),
    (PT, "公安局", (), "department"),
    (PT, "财政金融局", (), "department"),
    (PT, "交通与建设局", (), None),
    (PT, "市场监督管理局", ("市场监管局", "区市场监管局"), "department"),
    (PT, "自然资源与生态环境局", ("自然资源局", "生态环境局"), "department"),
    (PT, "海坛片区管理局", (), "township"),
    (PT, "君山片区管理局", (), "township"),
    (PT, "苏平片区管理局", (), "township"),
    (PT, "金井片区管理局", (), "township"),
]


def _units(roster):
    return [(u.group, u.name, u.aliases, u.kind) for u in roster.units]


def _problems(path):
    with pytest.raises(RosterError) as err:
        load_roster(path)
    assert str(err.value) == "\n".join(err.value.problems)
    return err.value.problems


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# Formats -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "first_line"), [
    ("pingtan.csv", 2),  # UTF-8 with BOM, as Excel saves "CSV UTF-8"
    ("pingtan_gbk.csv", 2),  # GB18030, as Excel in China saves "CSV"
    ("pingtan.xlsx", 3),  # a merged title row above the header; a second sheet that is not read
    ("pingtan.yml", 3),  # a list of units; two comment lines above
])
def test_every_format_reads_the_same_roster(name, first_line):
    roster = load_roster(FIXTURES / name)
    assert _units(roster) == PINGTAN
    assert roster.path == FIXTURES / name
    assert roster.groups == (PT,)
    assert roster.units[0].line == first_line
    if name != "pingtan.yml":
        assert [u.line for u in roster.units] == list(range(first_line, first_line + 10))
    else:  # the 自然资源与生态环境局 entry is a block mapping over five lines
        assert [u.line for u in roster.units] == [3, 4, 5, 6, 7, 8, 14, 15, 16, 17]


def _csv_text(rows, delimiter=","):
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


ROWS = [["单位", "分组", "别名"], ["公安局", "甲县", "区公安局"], ["财政局", "甲县", ""]]


@pytest.mark.parametrize(("name", "text", "encoding"), [
    ("plain.csv", _csv_text(ROWS), "utf-8"),  # without BOM
    ("gbk.csv", _csv_text(ROWS), "gbk"),
    ("unicode.txt", _csv_text(ROWS, "\t"), "utf-16"),  # Excel's "Unicode text": tabs, UTF-16 with BOM
    ("tabs.csv", _csv_text(ROWS, "\t"), "utf-8-sig"),
])
def test_csv_encodings_and_separators(tmp_path, name, text, encoding):
    roster = load_roster(_write(tmp_path, name, text, encoding))
    assert _units(roster) == [("甲县", "公安局", ("区公安局",), None), ("甲县", "财政局", (), None)]


def test_xlsx_written_by_xlsxwriter(tmp_path):
    import xlsxwriter

    path = tmp_path / "名单.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for r, row in enumerate([["单位名称（必填）", "类型", "简称"], ["江左镇人民政府", "镇", "江左镇政府"], [],
                             ["区政府办公室", "区政府", None], ["统计局", "部门", 12]]):
        sheet.write_row(r, 0, row)
    book.close()
    roster = load_roster(path)
    assert _units(roster) == [(None, "江左镇人民政府", ("江左镇政府",), "township"),
                              (None, "区政府办公室", (), "county_government"),
                              (None, "统计局", ("12",), "department")]
    assert [u.line for u in roster.units] == [2, 4, 5]


def test_csv_header_below_a_title_extra_columns_and_aliases(tmp_path):
    text = ("平潭综合实验区政府信息公开年报报送单位名单,,,,\n"
            ",,,,\n"
            "序号,单位,别名,单位类型,备注\n"
            '1,公安局,"区公安局，交警支队；消防救援支队",部门,\n'
            '2,"财政\n金融局",,,两行\n'
            ",,,,\n"
            "3, 海坛片区管理局 ,,乡镇（街道）,\n")
    roster = load_roster(_write(tmp_path, "r.csv", text))
    assert _units(roster) == [(None, "公安局", ("区公安局", "交警支队", "消防救援支队"), "department"),
                              (None, "财政\n金融局", (), None),
                              (None, "海坛片区管理局", (), "township")]
    assert [u.line for u in roster.units] == [4, 5, 8]  # where each record starts


@pytest.mark.parametrize(("written", "kind"), [
    ("乡镇", "township"), ("街道", "township"), ("乡", "township"), ("镇", "township"), ("苏木", "township"),
    ("部门", "department"), ("政府", "county_government"), ("县政府", "county_government"),
    ("区政府", "county_government"), (" 区 政 府 ", "county_government"), ("township", "township"),
    ("County_Government", "county_government"), ("", None),
])
def test_unit_types(tmp_path, written, kind):
    roster = load_roster(_write(tmp_path, "r.csv", _csv_text([["单位", "单位类型"], ["某单位", written]])))
    assert roster.units[0].kind == kind


def test_yaml_grouped_and_scalar_items(tmp_path):
    roster = load_roster(FIXTURES / "counties.yml")
    assert _units(roster) == [
        ("洪江市", "群峰乡", (), None),
        ("洪江市", "城关镇", (), "township"),
        ("洪江市", "公安局", ("市公安局",), None),
        ("洪江市", "洪江市人民政府", (), "county_government"),
        ("恩平市", "君堂镇人民政府", (), None),
        ("恩平市", "城关镇", (), "township"),
        ("恩平市", "公安局", (), None),
        ("恩平市", "恩平市人民政府办公室", ("市政府办",), "county_government"),
    ]
    assert [u.line for u in roster.units] == [4, 5, 6, 7, 9, 10, 11, 12]


# Finding units ---------------------------------------------------------------------------------------

# How the real reports name their unit (title, 发布机构) -> the roster's unit.
REAL_NAMES = [
    ("平潭综合实验区交通与建设局", "交通与建设局"),
    ("平潭综合实验区公安局", "公安局"),
    ("区公安局", "公安局"),
    ("平潭综合实验区君山片区管理局", "君山片区管理局"),
    ("平潭综合实验区市场监督管理局", "市场监督管理局"),
    ("平潭综合实验区海坛片区管理局", "海坛片区管理局"),
    ("平潭综合实验区自然资源与生态环境局", "自然资源与生态环境局"),
    ("平潭综合实验区苏平片区管理局", "苏平片区管理局"),
    ("平潭综合实验区财政金融局", "财政金融局"),
    ("平潭综合实验区金井片区管理局", "金井片区管理局"),
    ("平潭综合实验区", "平潭综合实验区管委会"),
    ("平潭综合实验区管委会办公室", "平潭综合实验区管委会"),  # by its alias
    ("区市场监管局", "市场监督管理局"),
    ("平潭综合实验区生态环境局", "自然资源与生态环境局"),
]


@pytest.mark.parametrize("fixture", ["pingtan.csv", "pingtan.xlsx", "pingtan.yml"])
@pytest.mark.parametrize(("written", "unit"), REAL_NAMES, ids=[w for w, _ in REAL_NAMES])
def test_find_real_names(fixture, written, unit):
    roster = load_roster(FIXTURES / fixture)
    for group in (None, PT, "平潭综合实验区管委会", "平潭"):  # "平潭": a folder the roster does not name
        found = roster.find(written, group)
        assert found is not None and found.name == unit, (written, group)


def test_find_nothing():
    roster = load_roster(FIXTURES / "pingtan.csv")
    assert roster.find("统计局", PT) is None
    assert roster.find("管理局", PT) is None  # no 片区 has it for its key
    assert roster.find(None, PT) is None
    assert roster.find("", None) is None
    assert roster.find("  ", None) is None
    # A group the roster does not use (a folder named otherwise) says nothing: any group's unit.
    assert roster.find("公安局", "洪江市").group == PT


def test_groups_tell_units_apart():
    roster = load_roster(FIXTURES / "counties.yml")
    # One name in two groups: the group decides; without one, or with one the roster does not use, no unit.
    assert roster.find("城关镇", "洪江市").group == "洪江市"
    assert roster.find("恩平市城关镇人民政府", "恩平市").group == "恩平市"
    assert roster.find("城关镇", "恩平市人民政府").group == "恩平市"  # the group is compared by its key too
    assert roster.find("城关镇", None) is None
    assert [u.group for u in roster.matches("城关镇", None)] == ["洪江市", "恩平市"]
    assert roster.find("城关镇", "湛江市") is None
    assert len(roster.matches("城关镇", "湛江市")) == 2
    # A name that one group holds: found without a group; in a group that does not hold it, not found.
    assert roster.find("洪江市群峰乡政府", None).group == "洪江市"
    assert roster.find("群峰乡", "湛江市").group == "洪江市"
    assert roster.find("群峰乡", "恩平市") is None
    assert roster.matches("群峰乡", "恩平市") == ()
    # Names and aliases.
    assert roster.find("市公安局", "洪江市").name == "公安局"
    assert roster.find("洪江市人民政府", "洪江市").kind == "county_government"
    assert roster.find("洪江市", "洪江市").name == "洪江市人民政府"
    assert roster.find("恩平市政府办", "恩平市").name == "恩平市人民政府办公室"
    assert roster.find("君堂镇", "恩平市").name == "君堂镇人民政府"


def test_a_groups_unit_is_preferred_to_one_without_a_group():
    roster = load_roster(FIXTURES / "ungrouped.yml")
    assert roster.find("公安局", "某县").group == "某县"
    assert roster.find("区公安局", None) is None  # 某县's and the one without a group
    assert roster.find("江左镇人民政府", "某县").name == "江左镇"  # not in 某县: the one without a group
    assert roster.find("赵保镇政府", None).name == "赵保镇"


def test_roster_built_in_code():
    unit = RosterUnit(group=None, name="江左镇人民政府", aliases=("江左镇政府",))
    roster = Roster((unit,))
    assert roster.find("江左镇", None) is unit
    assert unit.keys() == ("江左镇",)
    assert roster.path is None and roster.groups == ()


# Problems -------------------------------------------------------------------------------------------


def test_missing_unit_column(tmp_path):
    path = _write(tmp_path, "r.csv", "序号,分组,名字\n1,甲县,公安局\n")
    assert _problems(path) == [f"{path}:1: 单位: 缺少必需的列“单位”（表头为：序号、分组、名字）"]


def test_no_header_at_all(tmp_path):
    path = _write(tmp_path, "r.csv", "\n报送单位名单\n公安局\n")
    assert _problems(path) == [f"{path}:2: 单位: 缺少必需的列“单位”（第一行为：报送单位名单）"]


def test_a_column_twice(tmp_path):
    path = _write(tmp_path, "r.csv", "单位,别名,单位名称\n公安局,,\n")
    assert _problems(path) == [f"{path}:1: 单位: 列名重复（第 1 列和第 3 列）"]


def test_row_problems_all_at_once_in_line_order(tmp_path):
    path = _write(tmp_path, "r.csv", (
        "分组,单位,别名,单位类型\n"
        "甲县,公安局,,部门\n"
        "甲县,,,部门\n"  # no name
        "甲县,财政局,,局\n"  # unknown type
        "甲县,公安局,,\n"  # the same unit twice in one group
        "甲县,区公安局,,\n"  # the same unit, written otherwise
        "甲县,统计局,财政局,\n"  # an alias that is another unit
        "乙县,公安局,,\n"  # another group: no problem
        ",公安局,,\n"  # no group: no problem
        ",区公安局,,\n"  # the same unit twice without a group
    ))
    assert _problems(path) == [
        f"{path}:3: 单位: 单位名称为空",
        f"{path}:4: 单位类型: 无法识别“局”，可用的值：乡镇、街道、部门、政府",
        f"{path}:5: 单位: “公安局”与第 2 行重复（分组“甲县”）",
        f"{path}:6: 单位: “区公安局”与第 2 行的“公安局”是同一单位（分组“甲县”）",
        f"{path}:7: 别名: “财政局”与第 4 行重复（分组“甲县”）",
        f"{path}:10: 单位: “区公安局”与第 9 行的“公安局”是同一单位",
    ]


def test_xlsx_problems_name_the_row(tmp_path):
    import openpyxl

    path = tmp_path / "r.xlsx"
    book = openpyxl.Workbook()
    for row in [["名单"], ["单位", "单位类型"], ["公安局", "县直"], [None, "部门"]]:
        book.active.append(row)
    book.save(path)
    assert _problems(path) == [
        f"{path}:3: 单位类型: 无法识别“县直”，可用的值：乡镇、街道、部门、政府",
        f"{path}:4: 单位: 单位名称为空",
    ]


def test_yaml_problems(tmp_path):
    path = _write(tmp_path, "r.yaml", (
        "- {单位: 公安局, 类别: 部门}\n"
        "- {单位: [公安局]}\n"
        "- 单位: 财政局\n"
        "  单位类型: 局\n"
        "  别名: {a: b}\n"
        "- [x]\n"
        "- {分组: 甲县, 单位: ''}\n"
        "- 公安局\n"
    ))
    assert _problems(path) == [
        f"{path}:1: 类别: 不认识的键（可用的键：分组、单位、别名、单位类型）",
        f"{path}:2: 单位: 应为文字",
        f"{path}:4: 单位类型: 无法识别“局”，可用的值：乡镇、街道、部门、政府",
        f"{path}:5: 别名: 应为文字（或文字的列表）",
        f"{path}:6: 单位: 应为单位名称，或含“单位”等键的映射",
        f"{path}:7: 单位: 单位名称为空",
        f"{path}:8: 单位: “公安局”与第 1 行重复",
    ]


def test_yaml_grouped_problems(tmp_path):
    path = _write(tmp_path, "r.yml", "甲县:\n  - {分组: 乙县, 单位: 公安局}\n  - 公安局\n  - 县公安局\n乙县: 公安局\n")
    # An item with a problem is not checked further: 公安局 (line 2) is no duplicate of line 3.
    assert _problems(path) == [
        f"{path}:2: 分组: 已按分组“甲县”列出，不能再写分组",
        f"{path}:4: 单位: “县公安局”与第 3 行的“公安局”是同一单位（分组“甲县”）",
        f"{path}:5: 分组: 分组“乙县”下应列出单位（列表）",
    ]


@pytest.mark.parametrize(("text", "problem"), [
    ("- {单位: [公安局\n", "2: YAML 语法错误：expected ',' or ']', but got '<stream end>'"),
    ("单位: 公安局\n单位: 财政局\n", "2: 单位: 键重复出现（第 1 行已有）"),
    ("公安局\n", "1: 名单应为单位的列表，或从分组到单位列表的映射"),
])
def test_yaml_file_problems(tmp_path, text, problem):
    path = _write(tmp_path, "r.yaml", text)
    assert _problems(path) == [f"{path}:{problem}"]


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("r.csv", b"", "名单是空的：应有表头（“单位”列，可选“分组”“别名”“单位类型”列）和各单位"),
    ("r.csv", b",,\n\n", "名单是空的：应有表头（“单位”列，可选“分组”“别名”“单位类型”列）和各单位"),
    ("r.csv", "单位,分组\n,,\n".encode(), "名单中没有单位"),
    ("r.yaml", b"# nothing\n", "名单是空的：应列出各单位"),
    ("r.csv", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "无法读取名单：不是文本文件，或编码不是 UTF-8、GBK（GB18030）"),
    ("r.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64),
     "无法读取名单：这是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 或 CSV"),
    ("r.xlsx", b"PK\x03\x04 damaged", "无法读取名单：不是有效的 Excel 文件（.xlsx）"),
    ("r.xlsx", "单位\n公安局\n".encode(), "无法读取名单：不是有效的 Excel 文件（.xlsx）"),  # a CSV named .xlsx
])
def test_unreadable_or_empty_files(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    assert _problems(path) == [f"{path}: {problem}"]


def test_a_csv_named_otherwise_is_read_by_its_content(tmp_path):
    """An .xlsx saved as roster.csv is read as a workbook: the bytes tell."""
    source = (FIXTURES / "pingtan.xlsx").read_bytes()
    path = tmp_path / "名单.csv"
    path.write_bytes(source)
    assert _units(load_roster(path)) == PINGTAN


def test_missing_file_and_folder(tmp_path):
    assert _problems(tmp_path / "无.csv") == [f"{tmp_path / '无.csv'}: 无法读取名单：文件不存在"]
    assert _problems(tmp_path) == [f"{tmp_path}: 无法读取名单：这是一个文件夹，不是文件"]
