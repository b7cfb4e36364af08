"""engine/units.py: one key for the spellings of one unit, and the kind of unit a name names.

Names are those of real reports' titles and page headers (../shared/real/, the seeds, ../extra_real/),
written out here so that the tests do not need the corpus, and a few made by hand for each rule."""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.units import KINDS, UNITS_FILE, _rules, unit_key, unit_kind

# (name as written, its key, its kind). Where a title and the page's 发布机构 or 信息来源 name the
# unit differently, both are here.
REAL = [
    # ../shared/real/: 平潭综合实验区, titles and 发布机构
    ("平潭综合实验区交通与建设局", "交通与建设局", "department"),
    ("平潭综合实验区公安局", "公安局", "department"),
    ("区公安局", "公安局", "department"),  # 公安局_2024's 发布机构
    ("平潭综合实验区君山片区管理局", "君山片区", "township"),
    ("平潭综合实验区市场监督管理局", "市场监督管理局", "department"),
    ("平潭综合实验区海坛片区管理局", "海坛片区", "township"),
    ("平潭综合实验区自然资源与生态环境局", "自然资源与生态环境局", "department"),
    ("平潭综合实验区苏平片区管理局", "苏平片区", "township"),
    ("平潭综合实验区财政金融局", "财政金融局", "department"),
    ("平潭综合实验区金井片区管理局", "金井片区", "township"),
    # ../extra_real/: the region's own report, and its 发布机构
    ("平潭综合实验区", "平潭综合实验区", "county_government"),
    ("平潭综合实验区管委会办公室", "管委会办公室", "county_government"),
    # ../shared/seeds/
    ("江左镇人民政府", "江左镇", "township"),
    ("一平垣乡", "一平垣乡", "township"),
    ("群峰乡", "群峰乡", "township"),
    ("洪江市群峰乡政府", "群峰乡", "township"),  # 信息来源
    ("赵保镇人民政府", "赵保镇", "township"),
    ("君堂镇人民政府", "君堂镇", "township"),
    ("恩平市君堂镇人民政府", "君堂镇", "township"),  # the breadcrumb
    # ../extra_real/
    ("上海市科委", "科委", "department"),
    ("上海市人民政府办公厅", "市政府办公厅", "department"),  # a province's 办公厅 reports for itself
    ("沭阳县发展和改革局", "发展和改革局", "department"),
    ("沐阳县人民政府", "沐阳县", "county_government"),
    ("螅镇", "螅镇", "township"),
    ("北坡镇", "北坡镇", "township"),
    ("遂溪县北坡镇党政综合办公室", "北坡镇党政综合办公室", "township"),  # who to ask: the 镇's office
    ("桃江县松木塘镇人民政府", "松木塘镇", "township"),
    ("西咸新区底张街道办事处", "底张街道", "township"),
    ("太平镇人民政府", "太平镇", "township"),
    ("正阳街道办事处", "正阳街道", "township"),
    ("正阳街道", "正阳街道", "township"),
    ("下湿壕镇政府", "下湿壕镇", "township"),
    # 2024 and 2025 reports found through the search corpus (titles, 发布机构 and contact lines)
    ("扎赉特旗宝力根花苏木人民政府", "宝力根花苏木", "township"),
    ("包头市九原区阿嘎如泰苏木人民政府", "阿嘎如泰苏木", "township"),
    ("阿嘎如泰苏木党政综合办公室", "阿嘎如泰苏木党政综合办公室", "township"),  # 本报告由…编制
    ("辉苏木", "辉苏木", "township"),
    ("科尔沁右翼中旗哈日诺尔苏木人民政府", "哈日诺尔苏木", "township"),
    ("硚口区人民政府宗关街道办事处", "宗关街道", "township"),
    ("硚口区人民政府汉正街道办事处", "汉正街道", "township"),
    ("北街办事处", "北街街道", "township"),  # 北街街道's 发布机构
    ("西宁市城中区人民政府礼让街街道办事处", "礼让街街道", "township"),
    ("大冶市东风路街道", "东风路街道", "township"),
    ("东风路街道党政综合办公室", "东风路街道党政综合办公室", "township"),
    ("建章路街道办事处", "建章路街道", "township"),
    ("番禺经济技术开发区管委会", "番禺经济技术开发区", "county_government"),
    ("连云港经济技术开发区管理委员会", "连云港经济技术开发区", "county_government"),
    ("西安临潼旅游商贸开发区管理委员会", "西安临潼旅游商贸开发区", "county_government"),
    ("甘眉工业园区管委会", "甘眉工业园区", "department"),  # a 园区 is no region
    ("蓬江区发展和改革局", "发展和改革局", "department"),
]

# Made by hand: each rule of engine/units.yaml, and what must not happen.
MADE = [
    # township
    ("某苏木", "某苏木", "township"),
    ("某苏木人民政府", "某苏木", "township"),
    ("正阳街道办", "正阳街道", "township"),
    ("正阳街办", "正阳街道", "township"),
    ("城关办事处", "城关街道", "township"),  # a 街道 named by its office
    ("某县城关办事处", "城关街道", "township"),
    ("北京街", "北京街", "township"),
    ("某镇人民政府党政办公室", "某镇政府党政办公室", "township"),
    ("某县人民政府城关街道办事处", "城关街道", "township"),  # the county government's 派出机关
    ("县政府城关街道办事处", "城关街道", "township"),
    ("海坛片区", "海坛片区", "township"),
    ("新市镇", "新市镇", "township"),  # 新市 is no region
    ("红旗街道", "红旗街道", "township"),  # nor is 红旗
    # county government
    ("平潭综合实验区管委会", "平潭综合实验区", "county_government"),
    ("平潭综合实验区管理委员会", "平潭综合实验区", "county_government"),
    ("福建省平潭综合实验区", "平潭综合实验区", "county_government"),
    ("沐阳县", "沐阳县", "county_government"),
    ("沛县人民政府", "沛县", "county_government"),
    ("某经济开发区管委会", "某经济开发区", "county_government"),
    ("县人民政府", "县政府", "county_government"),
    ("区政府", "区政府", "county_government"),
    ("县人民政府办公室", "县政府办公室", "county_government"),
    ("沭阳县人民政府办公室", "县政府办公室", "county_government"),
    ("区政府办公室", "区政府办公室", "county_government"),
    ("县府办", "县府办", "county_government"),
    ("福建省人民政府", "福建省", "county_government"),
    # departments
    ("公安局", "公安局", "department"),
    ("县财政局", "财政局", "department"),
    ("市场监督管理局", "市场监督管理局", "department"),
    ("区市场监督管理局", "市场监督管理局", "department"),  # not 场监督管理局
    ("平潭县市场监督管理局", "市场监督管理局", "department"),
    ("城市管理局", "城市管理局", "department"),
    ("县城市管理局", "城市管理局", "department"),
    ("广州市市政管理局", "市政管理局", "department"),
    ("某县直机关工委", "县直机关工委", "department"),
    ("中共某县委宣传部", "县委宣传部", "department"),
    ("济南市市中区公安局", "公安局", "department"),
    ("驻京办事处", "驻京办事处", "department"),  # no 街道
    ("某县人民政府驻京办事处", "驻京办事处", "department"),
    ("某工业园区管委会", "某工业园区", "department"),  # a 园区 is no region
    ("某县乡村振兴局", "乡村振兴局", "department"),
    ("某县住房和城乡建设局", "住房和城乡建设局", "department"),
    ("某镇财政所", "某镇财政所", "department"),  # a township's station is not cut off its township
    ("某县城乡办", "城乡办", "department"),
    ("某县政务服务中心", "政务服务中心", "department"),
    ("某县人民法院", "人民法院", "department"),
    # written otherwise: spaces, full-width characters, brackets
    ("平潭综合实验区　公安局", "公安局", "department"),
    ("（平潭综合实验区）公安局", "公安局", "department"),
    (" 江左镇 人民政府 ", "江左镇", "township"),
    ("ＡＢＣ局", "abc局", "department"),
]


@pytest.mark.parametrize(("name", "key", "kind"), REAL + MADE, ids=[n for n, _, _ in REAL + MADE])
def test_key_and_kind(name, key, kind):
    assert (unit_key(name), unit_kind(name)) == (key, kind)


# Spellings of one unit: one key.
SAME = [
    ("平潭综合实验区海坛片区管理局", "海坛片区管理局", "海坛片区"),
    ("平潭综合实验区公安局", "区公安局", "公安局", "福建省平潭综合实验区公安局"),
    ("平潭综合实验区", "平潭综合实验区管委会", "平潭综合实验区管理委员会", "福建省平潭综合实验区"),
    ("江左镇人民政府", "江左镇政府", "江左镇", "某县江左镇人民政府"),
    ("正阳街道办事处", "正阳街道办", "正阳街办", "正阳街道", "西咸新区正阳街道办事处"),
    ("县人民政府办公室", "县政府办公室", "某县人民政府办公室", "某县政府办公室"),
    ("县市场监督管理局", "平潭县市场监督管理局", "市场监督管理局"),
]

# Different units: different keys, within one county (the group tells counties apart).
DIFFERENT = [
    "公安局", "财政局", "财政金融局", "交通与建设局", "市场监督管理局", "城市管理局",
    "海坛片区管理局", "君山片区管理局", "苏平片区管理局", "金井片区管理局",
    "平潭综合实验区", "区政府办公室", "县政府办公室", "城关镇", "城关街道", "城关乡", "北坡镇", "北坡镇财政所",
    "县委宣传部", "县直机关工委", "驻京办事处", "政务服务中心", "人民法院", "人民检察院",
]


@pytest.mark.parametrize("names", SAME, ids=[n[0] for n in SAME])
def test_spellings_of_one_unit_have_one_key(names):
    assert len({unit_key(n) for n in names}) == 1, {n: unit_key(n) for n in names}


def test_different_units_have_different_keys():
    keys = [unit_key(n) for n in DIFFERENT]
    assert len(set(keys)) == len(keys), {n: unit_key(n) for n in DIFFERENT}


def test_what_no_cut_may_leave():
    """海坛片区管理局 must not become 管理局 (all four 片区 would be one unit), nor 市场监督管理局 场监督管理局."""
    assert unit_key("海坛片区管理局") != unit_key("金井片区管理局")
    for name in ["某县政府", "某县管理局", "某县办公室", "某县街道"]:
        assert unit_key(name) not in {"政府", "管理局", "办公室", "街道"}, name
    assert unit_key("某县城关镇") == unit_key("另县城关镇") == "城关镇"  # told apart by the group only


# The corpus itself, where it is present: a title and the page's 发布机构 name one unit; the file
# names (公安局_2024.txt) name it too.
SHARED = Path(__file__).resolve().parents[2] / "shared" / "real"
EXTRA = Path(__file__).resolve().parents[2] / "extra_real"
_TITLE = re.compile(r"^标题:\s*(?P<agency>.+?)\s*(?:关于)?(?:报送)?(?:19|20)\d{2}年")
_PUBLISHER = re.compile(r"^发布机构:[ \t]*(?P<name>.*)$", re.M)


def _header(path: Path) -> tuple[str, str]:
    head = path.read_text(encoding="utf-8")[:2000]
    title = _TITLE.match(head)
    publisher = _PUBLISHER.search(head)
    assert title, path
    return title.group("agency"), publisher.group("name").strip() if publisher else ""


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is absent")
def test_real_titles_publishers_and_file_names_agree():
    files = sorted(SHARED.glob("*_*.txt"))
    assert len(files) == 14
    for f in files:
        agency, publisher = _header(f)
        stem = f.stem.rsplit("_", 1)[0]
        assert unit_key(agency) == unit_key(stem), f
        assert unit_kind(agency) == unit_kind(stem) == ("township" if "片区" in stem else "department"), f
        if publisher and publisher != "1":  # 财政金融局_2019's 发布机构 is `1`
            assert unit_key(publisher) == unit_key(agency), f


@pytest.mark.skipif(not EXTRA.is_dir(), reason=f"{EXTRA} is absent")
def test_the_region_and_its_office_are_the_government():
    files = sorted(EXTRA.glob("pingtan_pingtanshiyanqu_*.txt"))
    assert files
    for f in files:
        agency, publisher = _header(f)
        assert (agency, unit_kind(agency)) == ("平潭综合实验区", "county_government"), f
        assert unit_kind(publisher or agency) == "county_government", f


def test_rules_file_is_well_formed():
    rules = _rules()
    assert UNITS_FILE.is_file()
    assert {k.kind for k in rules.kinds} <= set(KINDS)
    assert all(k.pattern is not None or k.region for k in rules.kinds)
    assert rules.designators == tuple(sorted(rules.designators, key=len, reverse=True))


# Properties.

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_PARTS = st.sampled_from(["县", "区", "市", "省", "旗", "乡", "镇", "街道", "办事处", "人民政府", "政府", "管委会",
                          "管理委员会", "片区", "管理局", "局", "办", "公室", "场", "直", "委", "驻", "平潭综合实验区"])
_NAME = st.lists(st.one_of(_CJK, _PARTS), min_size=1, max_size=8).map("".join)
_ANY = st.text(min_size=1, max_size=20)
_SPACES = st.sampled_from([" ", "\t", "\u3000", "\n", "\xa0", "  "])


@given(st.one_of(_NAME, _ANY))
def test_key_is_idempotent(name):
    assert unit_key(unit_key(name)) == unit_key(name)


@given(st.one_of(_NAME, _ANY), st.data())
def test_key_ignores_whitespace(name, data):
    spaced = "".join(c + data.draw(st.one_of(st.just(""), _SPACES)) for c in name)
    assert unit_key(data.draw(_SPACES) + spaced) == unit_key(name)


@given(st.lists(st.one_of(_CJK, _PARTS), min_size=1, max_size=5).map("".join), st.sampled_from(["乡", "镇", "苏木"]),
       st.sampled_from(["人民政府", "政府"]))
def test_key_ignores_a_townships_government(body, ending, government):
    township = body + ending
    assert unit_key(township + government) == unit_key(township)
    assert unit_kind(township + government) == unit_kind(township)


@given(st.one_of(_NAME, _ANY))
def test_key_is_never_empty(name):
    if name.strip():
        assert unit_key(name)
    assert unit_kind(name) in KINDS
