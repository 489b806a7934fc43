"""Person names the case does not know: surname + context cue, checked with jieba.

jieba's `nr` tag alone is noisy (it tags 许可 and 张江路 as names), so a name is only taken where
the text says a person stands: right after a role word (证人, 举报人, 法定代表人, 经营者, 姓名：…),
or right before a person's particulars (（男，…）, （身份证号…）). jieba then decides where the
name ends. Names after officer cues (执法人员, 承办人 …) or next to a 执法证号 are officers'
names and are kept — and every later mention of them too. Every other name found is removed
wherever it appears in the text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

import jieba
import jieba.posseg as pseg

from sanxiang.disclosure.redaction.kinds import COMPOUND_SURNAMES, PERSON_NAME, mask_name
from sanxiang.disclosure.redaction.spans import Span

jieba.setLogLevel(logging.WARNING)

SURNAMES = frozenset(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛"
    "奚范彭郎鲁韦昌马苗凤花方俞任袁柳鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余"
    "元卜顾孟平黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻"
    "强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓"
    "郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧"
    "隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从"
    "鄂索咸籍赖卓蔺屠蒙池乔阴胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏"
    "浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东殴殳"
    "沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓"
    "公仉督岳帅缑亢况郈有琴归海晋楚闫法汝鄢涂钦商牟佘佴伯赏墨哈谯笪年爱阳佟言福"
)

# Role words after which a private person's name follows.
PERSON_CUES = (
    "当事人 证人 举报人 投诉人 报案人 控告人 受害人 被害人 法定代表人 负责人 经营者 经营户 业主 户主"
    " 店主 摊主 老板 驾驶员 驾驶人 司机 委托代理人 代理人 联系人 监护人 见证人 员工 雇员 职工 工人"
    " 租户 承租人 出租人 房东 房主 患者 就诊人 顾客 消费者 购买人 买受人 销售人员 从业人员 施工人员"
    " 作业人员 操作人员 安全员 电工 焊工 厨师 医生 护士 村民 居民 邻居 其妻 其夫 妻子 丈夫 儿子 女儿"
    " 父亲 母亲 姓名 名叫 股东 实际控制人 管理人员 法人 店长 经理 厂长 会计 出纳 收银员 保安 乘客"
    " 车主 船主 承包人 发包人 施工方 家属 亲属 见证人员 供货商 供货人 送货人 目击者 人员 学员 学生"
    " 之妻 之夫 其子 其女 管理员 保管员 救生员 售货员 服务员 营业员 教练员 技术员 质检员 主任 站长"
    " 班长 组长 队长"
).split()
OFFICER_CUES = (
    "执法人员 办案人员 承办人 主办人 协办人 执法队员 检查人员 审核人 审批人 记录人 询问人 调查人员"
    " 监察员 执法监察员 办案人 经办人 审核人员 负责人员"
).split()

# What may stand between a role word and the name.
_GAP = re.compile(r"[：:\s]*(?:为|是)?[：:\s]*")
_CUE_RE = re.compile("|".join(sorted(map(re.escape, PERSON_CUES + OFFICER_CUES), key=len)[::-1]))
# A person's particulars right after a name: （男，…）, （身份证号…）, ，住…
_AFTER_RE = re.compile(
    r"(?=[（(，,]\s?(?:男|女|身份证|公民身份|联系电话|电话|手机|住|系|现住|出生|年龄|\d{2}岁|证人|举报人))"
)
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]*")
_ENUM_RE = re.compile(r"\s*[、和及与]\s*")  # not a comma: "，经营地址" is no second name
_OFFICER_NO_NEAR = re.compile(r"^\s*[（(]?\s*(?:执法证|证号|执法编号)")

# The first character of a given name never is one of these (it is a word after the name).
_STOP_FIRST = set(
    "称说于在的了等和与及向对把被将已未曾也都是为系因经从到由并又还所之其该此这那某均亦即就则才后前时中内外上下"
)
# jieba tags that never start a given name (time, preposition, pronoun, particle, conjunction,
# adverb, direction, measure word, verb).
_BAD_FLAGS = ("t", "p", "r", "u", "c", "d", "f", "q", "v", "y", "e", "o")


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    officer: bool


def _is_cjk(s: str) -> bool:
    return bool(s) and all("\u4e00" <= c <= "\u9fff" for c in s)


def _surname_at(s: str) -> str:
    if s[:2] in COMPOUND_SURNAMES:
        return s[:2]
    return s[:1] if s[:1] in SURNAMES else ""


def _common_word(word: str) -> bool:
    """A dictionary word that is not a name (通过, 管理, 经营 start with a surname too)."""
    tag = pseg.dt.word_tag_tab.get(word)
    return tag is not None and not tag.startswith("nr")


def _given_ok(given: str, flag: str) -> bool:
    return (
        _is_cjk(given)
        and 1 <= len(given) <= 2
        and given[0] not in _STOP_FIRST
        and "某" not in given
        and not flag.startswith(_BAD_FLAGS)
    )


def name_at(text: str, pos: int) -> int:
    """The end of a person's name starting at `pos`, or -1 (jieba decides where it ends)."""
    window = text[pos : pos + 8]
    surname = _surname_at(window)
    if not surname:
        return -1
    run = _CJK_RUN.match(window, len(surname))
    if run and 1 <= len(run.group()) <= 2 and pos + run.end() < len(text):
        # The name ends at punctuation: no need to ask jieba, whose tags are noise here.
        name = surname + run.group()
        return pos + run.end() if _given_ok(run.group(), "nr") and not _common_word(name) else -1
    tokens = [(w.word, w.flag) for w in pseg.lcut(window)]
    first, flag = tokens[0]
    if first == surname and len(tokens) > 1:
        given, gflag = tokens[1]
        if not _given_ok(given, gflag) and len(given) > 2 and _is_cjk(given[:1]):
            given, gflag = given[:1], "nr"  # jieba glued the name to the next word
        if not _given_ok(given, gflag) or _common_word(surname + given):
            return -1
        return pos + len(surname) + len(given)
    rest = first[len(surname) :]
    if first.startswith(surname) and flag.startswith("nr") and _given_ok(rest, "nr"):
        # jieba often knows a two-character name inside a three-character one (白玉|山).
        nxt = tokens[1][0] if len(tokens) > 1 else ""
        if len(rest) == 1 and len(nxt) == 1 and _given_ok(rest + nxt, tokens[1][1]):
            return pos + len(first) + 1
        return pos + len(first)
    if first.startswith(surname) and len(first) > len(surname) + 2 and _is_cjk(first):
        return -1
    if first.startswith(surname) and flag == "x" and _given_ok(rest, "x"):
        return pos + len(first)
    return -1


def name_before(text: str, end: int) -> int:
    """The start of a person's name ending at `end`, or -1."""
    window = text[max(0, end - 6) : end]
    tokens = jieba.lcut(window)
    for size in (1, 2):
        if len(tokens) < size:
            break
        cand = "".join(tokens[-size:])
        start = end - len(cand)
        if 2 <= len(cand) <= 4 and _is_cjk(cand) and name_at(text, start) == end:
            return start
    return -1


def _after_cue(text: str, m: re.Match[str]) -> Iterable[Found]:
    officer = m.group() in OFFICER_CUES
    pos = _GAP.match(text, m.end())
    at = pos.end() if pos else m.end()
    while True:
        end = name_at(text, at)
        if end < 0:
            return
        near_no = bool(_OFFICER_NO_NEAR.match(text[end : end + 8]))
        yield Found(at, end, officer or near_no)
        sep = _ENUM_RE.match(text, end)
        if not sep or sep.end() == end:
            return
        at = sep.end()


def find_names(text: str) -> list[Found]:
    """Names in the text, each marked as an officer's or a private person's."""
    found = [f for m in _CUE_RE.finditer(text) for f in _after_cue(text, m)]
    for m in _AFTER_RE.finditer(text):
        start = name_before(text, m.start())
        if start >= 0:
            found.append(Found(start, m.start(), False))
    for m in re.finditer(r"[（(]\s?(?:执法证|证号)", text):
        start = name_before(text, m.start())
        if start >= 0:
            found.append(Found(start, m.start(), True))
    return found


def name_spans(text: str, *, keep: Iterable[str] = ()) -> tuple[list[Span], set[str]]:
    """Spans for private persons' names (every mention), and the officers' names found."""
    found = find_names(text)
    officers = {text[f.start : f.end] for f in found if f.officer} | set(keep)
    private = {text[f.start : f.end] for f in found if not f.officer} - officers
    spans = [
        Span(m.start(), m.end(), PERSON_NAME, mask_name(name))
        for name in private
        for m in re.finditer(re.escape(name), text)
    ]
    return spans, officers
