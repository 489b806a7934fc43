"""The 电子送达确认书 text. A new wording gets a new version; a signed consent keeps the version and
the SHA-256 of the exact text the applicant agreed to."""

from __future__ import annotations

import hashlib

CONSENT_VERSION = "2026-1"
CONSENT_TEXT = """电子送达地址确认书

一、本人（本单位）同意行政机关通过本平台“申请人服务”向本账号电子送达行政许可、行政处罚等执法文书，
包括但不限于受理通知书、补正告知书、行政许可决定书、许可证件、行政处罚事先告知书和行政处罚决定书。
二、文书到达本账号之日（平台记录的时间）即为送达之日（《中华人民共和国民事诉讼法》第九十条、
《中华人民共和国行政处罚法》第六十一条）。如填写了电子邮箱，平台同时发送通知至该邮箱。
三、本人（本单位）保证填写的联系方式真实有效，并及时登录查收。联系方式变更的，应及时更新。
四、本人（本单位）可以随时在平台撤回本确认书；撤回后，行政机关不再向本账号电子送达新的文书，
已经送达的文书不受影响。
五、本确认书适用于本账号办理的全部事项，直至撤回。"""


def consent_text_sha256(text: str = CONSENT_TEXT) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
