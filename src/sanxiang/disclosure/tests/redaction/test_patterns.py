"""Pattern detectors: validated numbers are removed, look-alikes survive."""

from __future__ import annotations

import pytest

from sanxiang.disclosure.redaction import redact
from sanxiang.disclosure.tests.redaction.samples import card, resident_id, uscc, wrong_check_digit

ORG = {"type": "organisation", "name": "长治市某某商贸有限公司"}
PERSON = {"type": "person", "name": "张三"}


def kinds(text: str, party=ORG) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start : s.end]) for s in redact(text, party, []).spans]


def test_id_number_with_valid_check_digit_is_masked_first6_last4():
    idn = resident_id()
    result = redact(f"其身份证复印件显示{idn}。", ORG, [])
    assert [(s.kind, s.replacement) for s in result.spans] == [
        ("id_number", idn[:6] + "********" + idn[-4:])
    ]


def test_id_number_with_wrong_check_digit_is_kept_unless_labelled():
    bad = wrong_check_digit(resident_id())
    assert kinds(f"编号{bad}的货物") == []
    assert kinds(f"身份证号码：{bad}") == [("id_number", bad)]


def test_uscc_is_not_an_id_number():
    code = uscc("91140100123456789")
    text = f"统一社会信用代码：{code}，{uscc()}"
    assert kinds(text) == []


def test_mobile_masked_as_138_xxxx_5678():
    result = redact("联系电话：13812345678；另一号码 139 1234 5512。", ORG, [])
    assert [s.replacement for s in result.spans] == ["138****5678", "139 **** 5512"]


def test_amount_date_and_enforcement_certificate_are_not_phones():
    text = (
        "执法人员李强（执法证号：14010021001）于2026年10月13日检查，"
        "罚款人民币13800000元，依据第十三条。"
    )
    assert kinds(text) == []


def test_landline_with_area_code_masked_and_public_hotline_kept():
    text = "证人电话0355-2021234。如不服，可拨打监督电话0355-2020000咨询。"
    assert kinds(text) == [("phone", "0355-2021234")]


def test_bank_card_with_luhn_is_masked_and_without_luhn_kept():
    good = card()
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert kinds(f"转入{good}。") == [("bank_account", good)]
    assert kinds(f"批次{bad}。") == []
    assert kinds(f"开户银行账号：{bad}") == [("bank_account", bad)]


def test_collection_account_of_the_treasury_is_kept():
    assert kinds(f"罚款缴入非税收入代收账号：{card()}") == []


def test_email_masked_and_government_mailbox_kept():
    text = "邮箱zhang.san@example.com，监督邮箱jdk@czyl.gov.cn。"
    result = redact(text, ORG, [])
    assert [s.replacement for s in result.spans] == ["z***@example.com"]


@pytest.mark.parametrize("plate", ["晋D·A1234", "晋DA1234", "浙A12345D", "晋K·D12345"])
def test_plates_masked_keeping_province_and_letter(plate):
    result = redact(f"其驾驶的{plate}号车辆", ORG, [])
    assert [s.kind for s in result.spans] == ["plate"]
    assert result.spans[0].replacement.startswith(plate[:2])


def test_address_detail_masked_below_street_for_person_party():
    text = "当事人张三住长治市潞州区英雄中路88号3栋2单元501室。"
    result = redact(text, PERSON, [])
    assert "英雄中路****" in result.redacted_text
    assert "501室" not in result.redacted_text


def test_business_address_of_organisation_kept_but_residence_masked():
    text = "当事人经营场所位于英雄中路88号。证人王五，住西街12号2单元301室。"
    result = redact(text, ORG, [])
    assert "英雄中路88号" in result.redacted_text
    assert "西街****" in result.redacted_text


def test_wenhao_and_article_numbers_survive():
    text = "长园罚〔2026〕12号 依据《中华人民共和国行政处罚法》第五十一条第一款。晋市监罚字〔2026〕第0031号"
    assert redact(text, ORG, []).redacted_text == text
