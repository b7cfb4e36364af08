"""engine/copies.py: text copied from another unit's report of the same year, or from the same
unit's report of the year before."""

import math
import random

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from engine import copies
from engine.copies import Copy, Document, find_copies, normalise, shingles

ACTIVE = (
    "2023年，红星镇坚持以公开为常态、不公开为例外，全年通过镇政府门户网站主动公开政府信息326条，其中机构职能类18条、"
    "财政资金类42条、乡村振兴类57条、应急管理类23条。围绕群众关心的低保救助、耕地地力保护补贴发放、农村危房改造等事项，"
    "在各村务公开栏同步张贴公示材料112份，并通过微信公众号推送政策信息89条，累计阅读量达3.6万人次。对拟公开信息逐条开展"
    "保密审查和合法性审查，做到谁起草谁负责、先审查后公开，全年未发生因公开不当引发的舆情事件。同时，红星镇在便民服务中心"
    "设置政府信息查阅点，配备电脑和纸质资料，方便老年群众就近查阅办事指南和政策文件，全年接待现场查阅群众240余人次。"
)
REQUESTS_2022 = (
    "2022年，白沙街道共收到政府信息公开申请17件，其中当面申请5件、信函申请4件、网络申请8件，申请内容主要集中在征地拆迁"
    "补偿、城中村改造规划和社区养老服务设施建设等方面。所有申请均在法定期限内答复完毕，其中予以公开9件、部分公开3件、"
    "不予公开2件、无法提供3件，上年结转申请0件。街道严格执行登记、审核、办理、答复、归档的工作流程，对每件申请建立台账，"
    "明确承办科室和办理时限，对答复内容组织法律顾问审核把关。全年因政府信息公开被申请行政复议1件，复议结果为维持，"
    "未发生行政诉讼。"
)
MANAGEMENT = (
    "今年以来，本单位进一步规范政府信息管理，对2018年以来制发的规范性文件进行全面清理，共梳理文件64件，其中继续有效51件、"
    "宣布失效9件、废止4件，清理结果已在门户网站集中公布。建立政府信息公开属性源头认定机制，在公文办理环节同步明确主动公开、"
    "依申请公开或不予公开属性，由分管领导签字确认。完善政府信息发布协调机制，涉及其他行政机关的信息，发布前主动沟通确认，"
    "保证发布内容准确一致。"
)
PLATFORM = (
    "在平台建设方面，我局按照集约化要求完成门户网站改版升级，优化政府信息公开专栏设置，新增重点领域信息公开、政策解读、"
    "回应关切等栏目，实现政策文件与解读材料关联发布。政务新媒体方面，对所属的4个微信公众号和2个政务微博开展全面排查，"
    "关停整合长期不更新账号3个，建立信息发布三审三校制度。同时加强网站安全防护，全年开展漏洞扫描12次，修复中高危漏洞7个，"
    "网站全年运行平稳，未发生安全事故。"
)
SUPERVISION = (
    "监督保障方面，将政府信息公开工作纳入年度绩效考核，考核分值占比达到百分之五，并邀请人大代表、政协委员和群众代表担任"
    "政务公开社会监督员，定期征求意见建议。全年组织政务公开业务培训3期，参训人员达150余人次，重点讲解新修订条例、"
    "依申请公开办理规范和政策解读技巧。对社会评议中反映的栏目更新不及时、解读材料形式单一等问题，逐项建立整改清单，"
    "明确责任科室和完成时限，目前均已整改到位。"
)
# Three texts without digits, for shares that can be worked out exactly.
PROBLEMS = (
    "本年度政府信息公开工作仍存在一些不足：一是部分栏目信息更新不够及时，个别村级公开内容较为简单；二是政策解读形式比较单一，"
    "图解、视频等群众喜闻乐见的解读方式运用不多；三是工作人员业务能力有待进一步提高。下一步，将加强日常巡查和通报，"
    "丰富解读形式，组织专题培训，推动政务公开工作再上新台阶。"
)
SHORTCOMINGS = (
    "对照年度工作要点，我们也清醒认识到，依申请公开答复文书规范化程度还不高，少数答复引用法律条款不够准确；基层政务公开标准"
    "目录的动态调整机制尚未完全建立；公开专栏与政务服务事项的衔接不够紧密。针对上述问题，我们将建立答复文书模板库，定期对照"
    "标准目录开展梳理更新，并推动公开专栏与政务服务网办事指南互联互通。"
)
RESPONSES = (
    "与此同时，我们坚持把回应社会关切作为公开工作的重要环节，对网民留言、信访件中反映集中的问题，及时会同相关部门研究答复口径，"
    "通过新闻发布会、在线访谈和政策吹风会等形式释放权威信息，有效引导社会预期。对涉及群众切身利益的重大决策事项，事前通过"
    "网站公开征求意见，事后公布意见采纳情况，增强决策的透明度和公众参与度。"
)
OPENING = ("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
           "要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼"
           "情况、存在的主要问题及改进情况、其他需要报告的事项。本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。")
HEADINGS = ("一、总体情况", "（一）主动公开情况", "（二）依申请公开情况", "（三）政府信息管理", "（四）平台建设",
            "（五）监督保障")

ALL = (ACTIVE, REQUESTS_2022, MANAGEMENT, PLATFORM, SUPERVISION, PROBLEMS, SHORTCOMINGS, RESPONSES)


def doc(id_: str, unit: str, year: int | None, **sections: str) -> Document:
    return Document(id_, unit, year, sections)


def letters(text: str) -> int:
    """Characters that count, for a text without digits: letters and CJK."""
    return sum(ch.isalnum() for ch in text)


def test_the_texts_share_no_shingle():
    for i, a in enumerate(ALL):
        for b in ALL[i + 1:]:
            assert not set(shingles(a).tolist()) & set(shingles(b).tolist())


def test_a_township_copying_another_with_its_name_and_figures_changed():
    copied = (ACTIVE.replace("红星镇", "青山镇").replace("326", "298").replace("18条", "21条")
              .replace("112份", "97份").replace("3.6万", "4.1万").replace("240余", "185余"))
    found = find_copies([doc("red.txt", "红星镇", 2023, active=ACTIVE, problems=PROBLEMS),
                         doc("green.txt", "青山镇", 2023, active=copied, problems=SHORTCOMINGS)])
    assert sorted(found) == ["green.txt", "red.txt"]
    for this, other, text, other_text in (("red.txt", "green.txt", ACTIVE, copied),
                                          ("green.txt", "red.txt", copied, ACTIVE)):
        [copy] = found[this]
        assert (copy.section, copy.other, copy.other_section, copy.relation) == ("active", other, "active", "other_unit")
        assert copy.share >= 0.9
        assert copy.shared_chars >= 230
        assert copy.passage.endswith("…") and len(copy.passage) == 120
        assert copy.passage[:-1] in text
        assert copy.other_passage[:-1] in other_text and copy.other_passage != copy.passage  # other figures


def test_last_years_report_with_the_years_and_figures_changed():
    this_year = (REQUESTS_2022.replace("2022年", "2023年").replace("17件", "23件").replace("当面申请5件", "当面申请6件")
                 .replace("网络申请8件", "网络申请13件").replace("予以公开9件", "予以公开14件")
                 .replace("行政复议1件", "行政复议2件"))
    found = find_copies([doc("2022.txt", "白沙街道", 2022, requests=REQUESTS_2022, other=PLATFORM),
                         doc("2023.txt", "白沙街道", 2023, requests=this_year, other=SUPERVISION)])
    assert list(found) == ["2023.txt"]
    [copy] = found["2023.txt"]
    assert (copy.section, copy.other, copy.other_section, copy.relation) == ("requests", "2022.txt", "requests", "last_year")
    assert copy.share == 1.0  # runs of digits compare equal, whatever their length
    assert copy.shared_chars == sum(ch.isalnum() for ch in this_year)
    assert copy.passage == this_year[:119] + "…"
    assert copy.other_passage == REQUESTS_2022[:119] + "…"


def test_the_same_unit_two_years_apart_is_not_a_copy():
    assert find_copies([doc("2021.txt", "白沙街道", 2021, requests=REQUESTS_2022),
                        doc("2023.txt", "白沙街道", 2023, requests=REQUESTS_2022)]) == {}


def test_the_same_unit_and_year_is_not_a_copy():
    assert find_copies([doc("a.txt", "白沙街道", 2023, requests=REQUESTS_2022),
                        doc("b.txt", "白沙街道", 2023, requests=REQUESTS_2022)]) == {}


def test_an_unknown_year_pairs_with_nothing():
    assert find_copies([doc("a.txt", "白沙街道", None, requests=REQUESTS_2022),
                        doc("b.txt", "青山镇", None, requests=REQUESTS_2022),
                        doc("c.txt", "白沙街道", 2023, requests=REQUESTS_2022)]) == {}


def test_different_section_keys_are_not_compared():
    assert find_copies([doc("a.txt", "红星镇", 2023, active=ACTIVE),
                        doc("b.txt", "青山镇", 2023, overview=ACTIVE)]) == {}


def test_the_national_wording_passed_as_common_is_not_a_copy():
    def report(text: str) -> str:
        return OPENING + HEADINGS[0] + HEADINGS[1] + text

    docs = [doc("a.txt", "红星镇", 2023, overview=report(PROBLEMS)),
            doc("b.txt", "青山镇", 2023, overview=report(SHORTCOMINGS))]
    without = find_copies(docs, threshold=0.3)  # the opening sentence alone is half of each section
    assert sorted(without) == ["a.txt", "b.txt"] and without["a.txt"][0].passage.startswith("本报告根据")
    assert find_copies(docs, threshold=0.3, common=(OPENING, *HEADINGS)) == {}
    assert find_copies(docs, threshold=0.0, min_chars=1, common=(OPENING, *HEADINGS)) == {}


def test_a_short_copied_passage_below_min_chars():
    passage = PROBLEMS[:60]  # 56 characters that count
    docs = [doc("a.txt", "红星镇", 2023, problems=passage + "我镇将继续努力。"),
            doc("b.txt", "青山镇", 2023, problems=passage + "青山镇将认真整改。")]
    assert find_copies(docs) == {}
    found = find_copies(docs, min_chars=50)
    assert [c.shared_chars for c in found["a.txt"]] == [letters(passage)]


def test_a_copy_inside_a_much_longer_section():
    copied = ACTIVE[:250]
    own = MANAGEMENT + PLATFORM + SUPERVISION + PROBLEMS + RESPONSES  # about 900 characters
    long = MANAGEMENT + PLATFORM + copied + SUPERVISION + PROBLEMS + RESPONSES
    assert len(own) > 850
    docs = [doc("long.txt", "红星镇", 2023, active=long), doc("source.txt", "青山镇", 2023, active=ACTIVE)]
    found = find_copies(docs, threshold=0.2)
    [in_long] = found["long.txt"]
    [in_source] = found["source.txt"]
    assert 0.2 <= in_long.share < 0.25 and in_source.share > 0.8
    assert in_long.other == "source.txt" and in_long.passage[:-1] in copied
    assert in_long.shared_chars == in_source.shared_chars == sum(ch.isalnum() for ch in copied)  # each digit counts
    # At the default threshold only the shorter section holds a copy.
    assert list(find_copies(docs)) == ["source.txt"]


def test_containment_is_found_without_lsh(monkeypatch):
    monkeypatch.setattr(copies, "_lsh_pairs", lambda *args: set())
    long = MANAGEMENT + PLATFORM + ACTIVE[:250] + SUPERVISION + PROBLEMS + RESPONSES
    found = find_copies([doc("long.txt", "红星镇", 2023, active=long),
                         doc("source.txt", "青山镇", 2023, active=ACTIVE)], threshold=0.2)
    assert sorted(found) == ["long.txt", "source.txt"]


def test_near_duplicates_are_found_without_fingerprints(monkeypatch):
    monkeypatch.setattr(copies, "_print_pairs", lambda *args: set())
    found = find_copies([doc("a.txt", "红星镇", 2023, active=ACTIVE),
                         doc("b.txt", "青山镇", 2023, active=ACTIVE.replace("红星镇", "青山镇"))])
    assert sorted(found) == ["a.txt", "b.txt"]


def exact_case():
    """a = X + Y and b = X + Z: a's share is (x - 9) / (x + y - 9) exactly, b's (x - 9) / (x + z - 9)."""
    x, y, z = letters(PROBLEMS), letters(SHORTCOMINGS), letters(RESPONSES)
    docs = [doc("a.txt", "红星镇", 2023, problems=PROBLEMS + SHORTCOMINGS),
            doc("b.txt", "青山镇", 2023, problems=PROBLEMS + RESPONSES)]
    return docs, x, (x - 9) / (x + y - 9), (x - 9) / (x + z - 9)


def test_share_and_shared_chars_are_exact():
    docs, x, share_a, share_b = exact_case()
    found = find_copies(docs, threshold=0.3)
    quoted = PROBLEMS[:119] + "…"
    assert found["a.txt"] == [Copy("problems", "b.txt", "problems", "other_unit", share_a, x, quoted, quoted)]
    assert found["b.txt"] == [Copy("problems", "a.txt", "problems", "other_unit", share_b, x, quoted, quoted)]


def test_the_threshold_and_min_chars_are_inclusive():
    docs, x, share_a, share_b = exact_case()
    assert share_b < share_a
    assert list(find_copies(docs, threshold=share_a)) == ["a.txt"]
    assert find_copies(docs, threshold=math.nextafter(share_a, 1.0)) == {}
    assert list(find_copies(docs, threshold=share_b)) == ["a.txt", "b.txt"]
    assert list(find_copies(docs, threshold=math.nextafter(share_b, 1.0))) == ["a.txt"]
    assert list(find_copies(docs, threshold=0.3, min_chars=x)) == ["a.txt", "b.txt"]
    assert find_copies(docs, threshold=0.3, min_chars=x + 1) == {}


def test_whitespace_in_the_passage_is_collapsed():
    text = PROBLEMS[:40] + "\n\n   " + PROBLEMS[40:]
    found = find_copies([doc("a.txt", "红星镇", 2023, problems=text),
                         doc("b.txt", "青山镇", 2023, problems=PROBLEMS)])
    assert found["a.txt"][0].passage == (PROBLEMS[:40] + " " + PROBLEMS[40:])[:119] + "…"


def test_copies_are_sorted_by_section_then_share():
    docs = [doc("a.txt", "红星镇", 2023, problems=PROBLEMS + RESPONSES, active=ACTIVE),
            doc("b.txt", "青山镇", 2023, problems=PROBLEMS + SHORTCOMINGS),
            doc("c.txt", "白沙街道", 2023, problems=PROBLEMS + RESPONSES[:60], active=ACTIVE)]
    found = find_copies(docs, threshold=0.3)
    keys = [(c.section, c.other) for c in found["a.txt"]]
    assert keys == [("active", "c.txt"), ("problems", "c.txt"), ("problems", "b.txt")]
    shares = [c.share for c in found["a.txt"] if c.section == "problems"]
    assert shares == sorted(shares, reverse=True)


def test_the_output_does_not_depend_on_the_run_or_the_order():
    docs = [doc(f"{i}.txt", f"unit{i % 4}", 2022 + i % 2, active=ACTIVE if i % 3 else ACTIVE[:200] + PLATFORM,
                problems=PROBLEMS + (RESPONSES if i % 2 else SHORTCOMINGS)) for i in range(12)]
    first = find_copies(docs, threshold=0.3)
    assert first and first == find_copies(docs, threshold=0.3) == find_copies(list(reversed(docs)), threshold=0.3)
    assert repr(first) == repr(find_copies(random.Random(1).sample(docs, len(docs)), threshold=0.3))


def unit_text(rng: random.Random) -> str:
    """A unit's own 150 characters (random CJK characters: no shingle in common with anything)."""
    return "".join(chr(0x4E00 + rng.randrange(6000)) for _ in range(150))


@pytest.mark.parametrize(("units", "boilerplate"), [(30, False), (31, True)])
def test_text_in_more_than_thirty_units_is_boilerplate(units, boilerplate):
    rng = random.Random(units)
    docs = [doc(f"{i}.txt", f"unit{i}", 2023, problems=PROBLEMS + unit_text(rng)) for i in range(units)]
    docs.append(doc("0-2022.txt", "unit0", 2022, problems=PROBLEMS + unit_text(rng)))  # the same unit: not counted again
    found = find_copies(docs, threshold=0.4)
    if boilerplate:
        assert found == {}
    else:
        assert sorted(found) == sorted(f"{i}.txt" for i in range(units))
        assert all(sum(c.relation == "other_unit" for c in cs) == units - 1 for cs in found.values())
        assert [c.other for c in found["0.txt"] if c.relation == "last_year"] == ["0-2022.txt"]


def test_three_documents_have_no_boilerplate_by_frequency():
    docs = [doc(f"{i}.txt", f"unit{i}", 2023, requests=REQUESTS_2022) for i in range(3)]
    found = find_copies(docs)
    assert {d: [(c.other, c.share) for c in cs] for d, cs in found.items()} == {
        "0.txt": [("1.txt", 1.0), ("2.txt", 1.0)],
        "1.txt": [("0.txt", 1.0), ("2.txt", 1.0)],
        "2.txt": [("0.txt", 1.0), ("1.txt", 1.0)],
    }


def test_normalise_keeps_the_places_of_the_original():
    text = "2023年 1月，\n共收到申请12件（Ａ类）"
    normal = normalise(text)
    assert "".join(map(chr, normal.chars)) == "0年0月共收到申请0件ａ类"
    assert [text[s:e] for s, e in zip(normal.start, normal.end, strict=True)][:3] == ["2023", "年", "1"]
    assert normal.weight.tolist()[:3] == [4, 1, 1]


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)


@st.composite
def text_with_figures(draw):
    chars = draw(st.lists(CJK, min_size=200, max_size=400))
    figures = draw(st.lists(st.tuples(st.integers(0, len(chars)), st.from_regex(r"[0-9]{1,4}", fullmatch=True)),
                            max_size=12))
    for at, figure in sorted(figures, reverse=True):
        chars.insert(at, figure)
    return chars


@settings(max_examples=60, deadline=None)
@given(text_with_figures(), st.randoms(use_true_random=False))
def test_a_text_with_its_figures_changed_is_a_whole_copy(parts, rng):
    original = "".join(parts)
    changed = "".join(str(rng.randrange(10 ** rng.randint(1, 4))) if p.isdigit() else p for p in parts)
    found = find_copies([doc("a.txt", "红星镇", 2023, active=original), doc("b.txt", "青山镇", 2023, active=changed)])
    assert [(c.other, c.share) for c in found["a.txt"]] == [("b.txt", 1.0)]
    assert [(c.other, c.share) for c in found["b.txt"]] == [("a.txt", 1.0)]
    assert found["a.txt"][0].passage.removesuffix("…") in original


def test_no_documents_and_empty_sections():
    assert find_copies([]) == {}
    assert find_copies([doc("a.txt", "红星镇", 2023, problems="", other="无。"), doc("b.txt", "青山镇", 2023)]) == {}


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), max_size=300), st.lists(st.integers(0, 2**32 - 1), max_size=300))
def test_the_hash_set_agrees_with_a_sorted_search(members, others):
    values = np.array(members, dtype=np.uint32)
    queries = np.array(members + others, dtype=np.uint32)
    found = copies._HashSet(values)
    expected = sorted(set(members) - {0})
    assert found.values.tolist() == expected
    assert found.rank(queries).tolist() == [expected.index(q) if q in expected else -1 for q in queries.tolist()]


def test_minhash_is_datasketchs_affine32_scheme():
    datasketch = pytest.importorskip("datasketch")
    if "scheme" not in datasketch.MinHash.__init__.__code__.co_varnames:
        pytest.skip("datasketch before 2.0")
    hashes = shingles(ACTIVE)
    reference = datasketch.MinHash(num_perm=copies.NUM_PERM, hashfunc=int, permutations=copies._permutations(),
                                   scheme="affine32")
    reference.update_batch(hashes.tolist())
    assert copies.minhash(hashes).tolist() == reference.hashvalues.tolist()


def test_the_lsh_takes_datasketchs_bands_and_rows():
    assert copies.lsh_params(0.5) == (18, 2)  # as the module's docstring says
    datasketch = pytest.importorskip("datasketch")
    for threshold in [t / 20 for t in range(1, 20)]:
        reference = datasketch.MinHashLSH(threshold=max(0.1, threshold - copies.LSH_MARGIN), num_perm=copies.NUM_PERM)
        assert copies.lsh_params(threshold) == (reference.b, reference.r), threshold


def datasketch_pairs(datasketch, batch, members, threshold):
    """The pairs the old code read from datasketch's buckets."""
    lsh = datasketch.MinHashLSH(threshold=max(0.1, threshold - copies.LSH_MARGIN), num_perm=copies.NUM_PERM)
    for i in members:
        hashes = batch.shingles(i)
        values = copies.minhash(hashes[hashes != 0])
        lsh.insert(i, datasketch.LeanMinHash(seed=copies.SEED, hashvalues=values, scheme="affine32"),
                   check_duplication=False)
    pairs = set()
    for table, counts in zip(lsh.hashtables, lsh.get_counts(), strict=True):
        for bucket, count in counts.items():
            if count > 1:
                keys = sorted(table.get(bucket))
                pairs.update((a, b) for n, a in enumerate(keys) for b in keys[n + 1:])
    return pairs


SENTENCES = [s + "。" for s in (ACTIVE + MANAGEMENT + PLATFORM).split("。") if len(s) > 20]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.integers(0, len(SENTENCES) - 1), min_size=1, max_size=4), min_size=2, max_size=12),
       st.sampled_from([0.3, 0.5, 0.8]))
@example(picks=[[0, 1], [0, 1], [0, 2], [3]], threshold=0.5)  # two the same, one near: pairs in buckets
def test_the_lsh_buckets_are_datasketchs(picks, threshold):
    datasketch = pytest.importorskip("datasketch")
    # Sections made of a few sentences from a small pool: many share most of their shingles.
    docs = [doc(f"{n}.txt", f"单位{n}", 2023, active="".join(SENTENCES[i] for i in pick)) for n, pick in enumerate(picks)]
    batch = copies._Batch(docs, [])
    members = [i for i in range(len(batch.refs)) if (batch.shingles(i) != 0).any()]
    pairs = copies._lsh_pairs(batch, members, threshold)
    assert pairs == datasketch_pairs(datasketch, batch, members, threshold)
    if picks[:3] == [[0, 1], [0, 1], [0, 2]]:
        assert (0, 1) in pairs


def test_finding_copies_loads_neither_datasketch_nor_scipy():
    import subprocess
    import sys

    code = ("import sys; from tests.test_copies import doc, ACTIVE; from engine.copies import find_copies; "
            "found = find_copies([doc('a.txt', '红星镇', 2023, active=ACTIVE), "
            "doc('b.txt', '青山镇', 2023, active=ACTIVE)]); "
            "assert sorted(found) == ['a.txt', 'b.txt'], found; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scipy', 'datasketch')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
