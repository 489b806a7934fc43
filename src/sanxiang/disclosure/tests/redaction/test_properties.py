"""Properties over generated decision-like texts (hypothesis).

Whatever the mix of fillers, personal data and look-alikes: spans are sorted, in range and never
overlap; apply(text, spans) gives the redacted text; no known entity value and no valid ID,
mobile or card number survives; every look-alike (USCC, 文号, 执法证号, amount, date) does.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanxiang.disclosure.redaction import apply, redact
from sanxiang.disclosure.redaction.checks import id_check_digit, luhn_ok, uscc_check_char

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗欧阳司马"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
FILLERS = ["经查", "现场检查发现", "依法予以处罚", "决定如下", "责令改正", "未按规定", "进行了询问"]

names = st.builds(
    lambda s, g: s + g,
    st.sampled_from(["王", "李", "张", "刘", "陈", "赵", "周", "欧阳", "司马"]),
    st.text(alphabet=GIVEN, min_size=1, max_size=2),
)
ids = st.builds(
    lambda region, y, m, d, seq: (lambda f: f + id_check_digit(f))(
        f"{region}{y:04d}{m:02d}{d:02d}{seq:03d}"
    ),
    st.sampled_from(["140102", "110105", "330106", "440305"]),
    st.integers(1940, 2005),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 999),
)
mobiles = st.builds(
    lambda p, n: f"{p}{n:08d}",
    st.sampled_from(["138", "139", "150", "186", "199"]),
    st.integers(0, 99_999_999),
)
cards = st.builds(
    lambda body: next(body + c for c in "0123456789" if luhn_ok(body + c)),
    st.from_regex(r"62220[0-9]{13}", fullmatch=True),
)
usccs = st.builds(
    lambda body: body + uscc_check_char(body),
    st.from_regex(r"91140[0-9]{3}MA0[0-9A-HJ-NP-RTUW-Y]{6}", fullmatch=True),
)
lookalike = st.one_of(
    usccs.map(lambda c: f"统一社会信用代码：{c}"),
    st.integers(1, 999).map(lambda n: f"长园罚〔2026〕{n}号"),
    st.integers(10_000_000_000, 19_999_999_999).map(lambda n: f"执法证号：{n}"),
    st.integers(1, 9_999_999).map(lambda n: f"罚款{n}元"),
    st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
)


@st.composite
def documents(draw):
    party_name = draw(names)
    witness = draw(names)
    personal = {
        "person_name": witness,
        "id_number": draw(ids),
        "phone": draw(mobiles),
        "bank_account": draw(cards),
    }
    known_kinds = draw(st.sets(st.sampled_from(sorted(personal))))
    kept = draw(st.lists(lookalike, max_size=4))
    parts = [f"当事人{party_name}"]
    parts += [f"证人{witness}", f"身份证号码{personal['id_number']}"]
    parts += [f"电话{personal['phone']}", f"卡号{personal['bank_account']}"]
    parts += kept + draw(st.lists(st.sampled_from(FILLERS), max_size=4))
    parts = draw(st.permutations(parts))
    known = [{"kind": kind, "value": personal[kind]} for kind in sorted(known_kinds)]
    return "，".join(parts) + "。", party_name, personal, known, kept


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_spans_apply_and_nothing_personal_survives(doc):
    text, party_name, personal, known, kept = doc
    result = redact(text, {"type": "person", "name": party_name}, known)
    spans = result.spans
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert apply(text, spans) == result.redacted_text
    for value in [party_name, *personal.values()]:
        assert value not in result.redacted_text, value
    for value in kept:
        assert value in result.redacted_text, value


ENTITY_KINDS = ["person_name", "phone", "address", "id_number", "other"]


@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=300),
    st.lists(
        st.tuples(st.sampled_from(ENTITY_KINDS), st.text(min_size=2, max_size=12)), max_size=5
    ),
)
def test_any_text_gives_sorted_applicable_spans(text, entities):
    known = [{"kind": kind, "value": value} for kind, value in entities]
    result = redact(text, {"type": "person", "name": "张三"}, known)
    assert all(0 <= s.start < s.end <= len(text) for s in result.spans)
    assert all(a.end <= b.start for a, b in zip(result.spans, result.spans[1:], strict=False))
    assert apply(text, result.spans) == result.redacted_text
