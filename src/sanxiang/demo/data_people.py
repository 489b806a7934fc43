"""Demo officers, their 执法证 and training, and one login account per role.

Names and numbers are invented. Officers carry no phone numbers: personal data has no place in
demo fixtures. One certificate has expired and one is suspended (暂扣), so the guard rails that
require two officers with valid certificates have something to refuse.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# Every demo account has this password; it passes Django's validators (length ≥ 10, not common,
# not numeric, not similar to the usernames below).
DEMO_PASSWORD = "Sanxiang-Demo-2026"  # noqa: S105 - published demo password, by design

SHANXI = "山西省人民政府"
HUNAN = "湖南省人民政府"

CURRENT = (dt.date(2023, 1, 1), dt.date(2027, 12, 31))
EXPIRED = (dt.date(2020, 11, 1), dt.date(2025, 10, 31))

_T_SANXIANG = ("行政执法三项制度专题培训", dt.date(2026, 3, 15), "16.0")
_T_PENALTY = ("《中华人民共和国行政处罚法》专题培训", dt.date(2025, 9, 20), "8.0")
_T_PUBLIC_LAW = ("行政执法人员公共法律知识培训", dt.date(2026, 6, 10), "24.0")
_T_REVIEW = ("重大执法决定法制审核业务培训", dt.date(2026, 5, 12), "12.0")


def _cert(
    number: str,
    body: str,
    fields: list[str],
    dates: tuple[dt.date, dt.date] = CURRENT,
    suspend: str = "",
) -> dict[str, Any]:
    return {
        "number": number,
        "issuing_body": body,
        "fields": fields,
        "valid_from": dates[0],
        "valid_to": dates[1],
        "suspend_reason": suspend,
    }


def _trainings(organiser: str, *courses: tuple[str, dt.date, str]) -> list[dict[str, Any]]:
    return [
        {"title": t, "held_on": d, "hours": h, "organiser": organiser, "passed": True}
        for t, d, h in courses
    ]


# key: stable handle used by ACCOUNTS; agency: key from data_agencies; unit: unit name.
OFFICERS: tuple[dict[str, Any], ...] = (
    # --- 长治市园林局: the fully equipped demo agency ----------------------------------------
    {
        "key": "yl_wangjianguo",
        "agency": "cz_yl",
        "unit": None,
        "data": {"name": "王建国", "title": "局长", "staff_number": "YL001"},
        "certificates": [_cert("14040023001", SHANXI, ["landscaping"])],
        "trainings": _trainings("长治市司法局", _T_SANXIANG),
    },
    {
        "key": "yl_zhangwei",
        "agency": "cz_yl",
        "unit": "园林绿化监察大队",
        "data": {"name": "张伟", "title": "园林绿化监察大队大队长", "staff_number": "YL011"},
        "certificates": [_cert("14040023002", SHANXI, ["landscaping"])],
        "trainings": _trainings("长治市司法局", _T_SANXIANG, _T_PENALTY),
    },
    {
        "key": "yl_zhaolei",
        "agency": "cz_yl",
        "unit": "一中队",
        "data": {"name": "赵磊", "title": "执法队员", "staff_number": "YL021"},
        "certificates": [_cert("14040023003", SHANXI, ["landscaping"])],
        "trainings": _trainings("长治市司法局", _T_SANXIANG, _T_PUBLIC_LAW),
    },
    {
        "key": "yl_liufang",
        "agency": "cz_yl",
        "unit": "一中队",
        "data": {"name": "刘芳", "title": "执法队员", "staff_number": "YL022"},
        "certificates": [_cert("14040023004", SHANXI, ["landscaping"])],
        "trainings": _trainings("长治市司法局", _T_SANXIANG, _T_PUBLIC_LAW),
    },
    {
        "key": "yl_suntao",
        "agency": "cz_yl",
        "unit": "二中队",
        "data": {"name": "孙涛", "title": "执法队员", "staff_number": "YL023"},
        # Expired on 2025-10-31 and not yet renewed: may not act as one of the two officers.
        "certificates": [_cert("14040020017", SHANXI, ["landscaping"], EXPIRED)],
        "trainings": _trainings("长治市司法局", _T_PENALTY),
    },
    {
        "key": "yl_zhoubin",
        "agency": "cz_yl",
        "unit": "二中队",
        "data": {"name": "周斌", "title": "执法队员", "staff_number": "YL024"},
        "certificates": [
            _cert(
                "14040023005",
                SHANXI,
                ["landscaping"],
                suspend="涉嫌违反执法程序，暂扣执法证接受调查（演示数据）",
            )
        ],
        "trainings": [],
    },
    {
        "key": "yl_lihongmei",
        "agency": "cz_yl",
        "unit": "法规科",
        "data": {
            "name": "李红梅",
            "title": "法规科科长（法制审核人员）",
            "staff_number": "YL031",
            "has_legal_qualification": True,
            "legal_qualification_number": "A20181404000123",
        },
        "certificates": [_cert("14040023006", SHANXI, ["landscaping"])],
        "trainings": _trainings("长治市司法局", _T_REVIEW, _T_SANXIANG),
    },
    {
        "key": "yl_chenjing",
        "agency": "cz_yl",
        "unit": "办公室",
        "data": {"name": "陈静", "title": "办公室主任（公示管理员）", "staff_number": "YL041"},
        "certificates": [],
        "trainings": _trainings("长治市司法局", _T_SANXIANG),
    },
    {
        "key": "yl_hao_advisor",
        "agency": "cz_yl",
        "unit": None,
        "data": {
            "name": "郝文博",
            "title": "法律顾问（外聘律师）",
            "has_legal_qualification": True,
            "legal_qualification_number": "A20121404000456",
            "is_external_advisor": True,
        },
        "certificates": [],
        "trainings": [],
    },
    # --- 长治市司法局 -----------------------------------------------------------------------
    {
        "key": "cz_mazhigang",
        "agency": "cz_sfj",
        "unit": "行政执法协调监督科",
        "data": {"name": "马志刚", "title": "行政执法协调监督科科长", "staff_number": "CZS011"},
        "certificates": [_cert("14040023101", SHANXI, ["justice"])],
        "trainings": _trainings("山西省司法厅", _T_SANXIANG),
    },
    # --- 陵川县林业局 -----------------------------------------------------------------------
    {
        "key": "ly_guozhiqiang",
        "agency": "lc_ly",
        "unit": None,
        "data": {"name": "郭志强", "title": "局长", "staff_number": "LY001"},
        "certificates": [_cert("14052423001", SHANXI, ["forestry"])],
        "trainings": _trainings("陵川县司法局", _T_SANXIANG),
    },
    {
        "key": "ly_yanghai",
        "agency": "lc_ly",
        "unit": "第一中队",
        "data": {"name": "杨海", "title": "林政执法大队队员", "staff_number": "LY021"},
        "certificates": [_cert("14052423002", SHANXI, ["forestry"])],
        "trainings": _trainings("陵川县司法局", _T_SANXIANG, _T_PENALTY),
    },
    {
        "key": "ly_wuxiaoyan",
        "agency": "lc_ly",
        "unit": "第一中队",
        "data": {"name": "吴晓燕", "title": "林政执法大队队员", "staff_number": "LY022"},
        "certificates": [_cert("14052423003", SHANXI, ["forestry"])],
        "trainings": _trainings("陵川县司法局", _T_SANXIANG),
    },
    {
        "key": "ly_qinlei",
        "agency": "lc_ly",
        "unit": "政策法规股",
        "data": {
            "name": "秦磊",
            "title": "政策法规股股长（法制审核人员）",
            "staff_number": "LY031",
            "has_legal_qualification": True,
            "legal_qualification_number": "A20191405000789",
        },
        "certificates": [_cert("14052423004", SHANXI, ["forestry"])],
        "trainings": _trainings("陵川县司法局", _T_REVIEW),
    },
    # --- 陵川县司法局 -----------------------------------------------------------------------
    {
        "key": "lcs_shenli",
        "agency": "lc_sfj",
        "unit": "行政执法协调监督股",
        "data": {"name": "申丽", "title": "行政执法协调监督股股长", "staff_number": "LCS011"},
        "certificates": [_cert("14052423101", SHANXI, ["justice"])],
        "trainings": _trainings("晋城市司法局", _T_SANXIANG),
    },
    {
        "key": "lcs_niujun",
        "agency": "lc_sfj",
        "unit": None,
        "data": {"name": "牛军", "title": "局长", "staff_number": "LCS001"},
        "certificates": [_cert("14052423102", SHANXI, ["justice"])],
        "trainings": [],
    },
    # --- 新田县发展和改革局 / 新田县司法局 ----------------------------------------------------
    {
        "key": "fg_lengzhihua",
        "agency": "xt_fgj",
        "unit": None,
        "data": {"name": "冷志华", "title": "局长", "staff_number": "FG001"},
        "certificates": [_cert("43112822001", HUNAN, ["development_reform", "price"])],
        "trainings": _trainings("新田县司法局", _T_SANXIANG),
    },
    {
        "key": "fg_tangmin",
        "agency": "xt_fgj",
        "unit": "价格股",
        "data": {"name": "唐敏", "title": "价格股股长", "staff_number": "FG021"},
        "certificates": [_cert("43112822002", HUNAN, ["development_reform", "price"])],
        "trainings": _trainings("新田县司法局", _T_SANXIANG, _T_PENALTY),
    },
    {
        "key": "fg_liaojian",
        "agency": "xt_fgj",
        "unit": "投资股",
        "data": {"name": "廖健", "title": "投资股科员", "staff_number": "FG022"},
        "certificates": [_cert("43112822003", HUNAN, ["development_reform"])],
        "trainings": _trainings("新田县司法局", _T_PUBLIC_LAW),
    },
    {
        "key": "xts_denghui",
        "agency": "xt_sfj",
        "unit": "行政执法协调监督股",
        "data": {"name": "邓辉", "title": "行政执法协调监督股股长", "staff_number": "XTS011"},
        "certificates": [_cert("43112822101", HUNAN, ["justice"])],
        "trainings": _trainings("永州市司法局", _T_SANXIANG),
    },
    # --- 朔城区科学技术局 / 朔城区司法局 -------------------------------------------------------
    {
        "key": "kj_gaoyan",
        "agency": "sc_kjj",
        "unit": None,
        "data": {"name": "高岩", "title": "局长", "staff_number": "KJ001"},
        "certificates": [_cert("14060223001", SHANXI, ["science_technology"])],
        "trainings": _trainings("朔州市朔城区司法局", _T_SANXIANG),
    },
    {
        "key": "kj_xuepeng",
        "agency": "sc_kjj",
        "unit": "科技管理股",
        "data": {"name": "薛鹏", "title": "科技管理股股长", "staff_number": "KJ011"},
        "certificates": [_cert("14060223002", SHANXI, ["science_technology"])],
        "trainings": _trainings("朔州市朔城区司法局", _T_SANXIANG, _T_PUBLIC_LAW),
    },
    {
        "key": "scs_hanxue",
        "agency": "sc_sfj",
        "unit": "行政执法协调监督股",
        "data": {"name": "韩雪", "title": "行政执法协调监督股股长", "staff_number": "SCS011"},
        "certificates": [_cert("14060223101", SHANXI, ["justice"])],
        "trainings": _trainings("朔州市司法局", _T_SANXIANG),
    },
)

# (username, role, agency key, officer key or a full name for accounts without an officer profile)
# The three administrators are three separate people (三员分立) and hold nothing else.
ACCOUNTS: tuple[tuple[str, str, str, str], ...] = (
    ("yl_officer", "officer", "cz_yl", "yl_zhaolei"),
    ("yl_officer2", "officer", "cz_yl", "yl_liufang"),
    ("yl_unithead", "unit_head", "cz_yl", "yl_zhangwei"),
    ("yl_head", "agency_head", "cz_yl", "yl_wangjianguo"),
    ("yl_reviewer", "reviewer", "cz_yl", "yl_lihongmei"),
    ("yl_disclosure", "disclosure_officer", "cz_yl", "yl_chenjing"),
    ("cz_supervisor", "supervisor", "cz_sfj", "cz_mazhigang"),
    ("sysadmin", "system_admin", "cz_sfj", "田野"),
    ("secadmin", "security_admin", "cz_sfj", "范文"),
    ("auditadmin", "audit_admin", "cz_sfj", "石磊"),
    ("ly_officer", "officer", "lc_ly", "ly_yanghai"),
    ("ly_head", "agency_head", "lc_ly", "ly_guozhiqiang"),
    ("ly_reviewer", "reviewer", "lc_ly", "ly_qinlei"),
    ("lc_supervisor", "supervisor", "lc_sfj", "lcs_shenli"),
    ("lcsfj_head", "agency_head", "lc_sfj", "lcs_niujun"),
    ("fg_officer", "officer", "xt_fgj", "fg_tangmin"),
    ("fg_head", "agency_head", "xt_fgj", "fg_lengzhihua"),
    ("xt_supervisor", "supervisor", "xt_sfj", "xts_denghui"),
    ("kj_officer", "officer", "sc_kjj", "kj_xuepeng"),
    ("kj_head", "agency_head", "sc_kjj", "kj_gaoyan"),
    ("sc_supervisor", "supervisor", "sc_sfj", "scs_hanxue"),
)
