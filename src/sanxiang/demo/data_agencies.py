"""Demo agencies from the five seed plans, the 司法局 supervising each, and their 内设机构.

Everything here is fictional but shaped like the real thing: region codes are the GB/T 2260 codes
of the real places, the 统一社会信用代码 are made-up government-body codes ("11" + region +
a 9-character organisation code with its GB 11714 check character) ending in a correct GB 32100
check character, and telephone numbers start with a 0 after the area code, which no real local
number does.
"""

from __future__ import annotations

from typing import Any

from sanxiang.organisations.codes import uscc_check_character

# GB/T 2260: (code, name). Provinces and prefectures first so the tree reads top-down.
REGIONS: tuple[tuple[str, str], ...] = (
    ("140000", "山西省"),
    ("140400", "长治市"),
    ("140500", "晋城市"),
    ("140524", "陵川县"),
    ("140600", "朔州市"),
    ("140602", "朔城区"),
    ("430000", "湖南省"),
    ("431100", "永州市"),
    ("431128", "新田县"),
)

# 执法类别: (code, name).
FIELDS: tuple[tuple[str, str], ...] = (
    ("forestry", "林业"),
    ("landscaping", "园林绿化"),
    ("development_reform", "发展改革"),
    ("price", "价格"),
    ("science_technology", "科技"),
    ("justice", "司法行政"),
)


def gov_uscc(region: str, org_body: str) -> str:
    """A 机关 USCC: 登记管理部门 1 + 机构类别 1 (机关), the region, an organisation code, check."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    rest = 11 - sum(int(c) * w for c, w in zip(org_body, weights, strict=True)) % 11
    org_code = org_body + {10: "X", 11: "0"}.get(rest, str(rest))
    first17 = f"11{region}{org_code}"
    return first17 + uscc_check_character(first17)


def _remedy(government: str) -> str:
    return (
        f"对本机关作出的行政行为不服的，可以自知道该行政行为之日起六十日内向{government}"
        "申请行政复议，或者自知道或者应当知道作出行政行为之日起六个月内依法向人民法院提起行政诉讼。"
    )


def _supervision(supervisor: str, phone: str) -> str:
    return (
        f"投诉举报：12345政务服务便民热线、本机关监督电话 {phone}；"
        f"行政执法监督：{supervisor}（行政执法协调监督）；纪检监察机关依法监督。"
    )


# key, region, data (AgencyFields), supervised_by (key), fields, units.
# A unit is (name, responsibilities, is_legal_review_unit, children).
AGENCIES: tuple[dict[str, Any], ...] = (
    # --- the supervising 司法局 come first: supervised agencies refer to them -------------------
    {
        "key": "lc_sfj",
        "region": "140524",
        "fields": ["justice"],
        "data": {
            "name": "陵川县司法局",
            "short_name": "县司法局",
            "uscc": gov_uscc("140524", "01231468"),
            "subject_type": "statutory",
            "is_supervisory": True,
            "legal_basis": "《中华人民共和国人民调解法》《中华人民共和国法律援助法》《中华人民共和国律师法》《中华人民共和国公证法》；陵川县司法局职能配置、内设机构和人员编制规定",
            "responsibilities": "承担全县行政执法协调监督工作；指导、监督全县行政执法三项制度的实施；负责人民调解、社区矫正、法律援助、普法依法治理等工作；依法实施司法行政领域行政执法。",
            "address": "山西省晋城市陵川县崇文镇（演示地址）",
            "phone": "0356-0210001",
            "website": "",
            "supervision_channels": _supervision("晋城市司法局", "0356-0210001"),
            "remedy_channels": _remedy("陵川县人民政府"),
        },
        "units": [
            ("办公室", "负责机关日常运转、政务公开。", False, []),
            (
                "法治建设股",
                "负责本局规范性文件合法性审核、重大执法决定法制审核、三项制度推进。",
                True,
                [],
            ),
            (
                "行政执法协调监督股",
                "负责全县行政执法监督、案卷评查、行政执法人员资格管理。",
                False,
                [],
            ),
            (
                "基层司法所",
                "指导全县司法所工作。",
                False,
                [
                    ("崇文司法所", "承担崇文镇人民调解、法治宣传等工作。", False, []),
                    ("礼义司法所", "承担礼义镇人民调解、法治宣传等工作。", False, []),
                ],
            ),
        ],
    },
    {
        "key": "cz_sfj",
        "region": "140400",
        "fields": ["justice"],
        "data": {
            "name": "长治市司法局",
            "short_name": "市司法局",
            "uscc": gov_uscc("140400", "01134312"),
            "subject_type": "statutory",
            "is_supervisory": True,
            "legal_basis": "《中华人民共和国律师法》《中华人民共和国公证法》《中华人民共和国法律援助法》；长治市司法局职能配置、内设机构和人员编制规定",
            "responsibilities": "承担全市行政执法协调监督工作，推行行政执法三项制度；负责律师、公证、司法鉴定、法律援助等管理工作。",
            "address": "山西省长治市潞州区（演示地址）",
            "phone": "0355-0210001",
            "website": "",
            "supervision_channels": _supervision("山西省司法厅", "0355-0210001"),
            "remedy_channels": _remedy("长治市人民政府"),
        },
        "units": [
            ("办公室", "负责机关日常运转、政务公开。", False, []),
            ("法制科", "负责本局重大执法决定法制审核。", True, []),
            ("行政执法协调监督科", "负责全市行政执法监督、案卷评查和三项制度推进。", False, []),
        ],
    },
    {
        "key": "xt_sfj",
        "region": "431128",
        "fields": ["justice"],
        "data": {
            "name": "新田县司法局",
            "short_name": "县司法局",
            "uscc": gov_uscc("431128", "00612887"),
            "subject_type": "statutory",
            "is_supervisory": True,
            "legal_basis": "《中华人民共和国人民调解法》《中华人民共和国法律援助法》《湖南省行政程序规定》；新田县司法局职能配置、内设机构和人员编制规定",
            "responsibilities": "承担全县行政执法协调监督工作，推行行政执法三项制度；负责人民调解、法律援助、普法依法治理等工作。",
            "address": "湖南省永州市新田县龙泉街道（演示地址）",
            "phone": "0746-0210001",
            "website": "",
            "supervision_channels": _supervision("永州市司法局", "0746-0210001"),
            "remedy_channels": _remedy("新田县人民政府"),
        },
        "units": [
            ("办公室", "负责机关日常运转、政务公开。", False, []),
            ("法制股", "负责本局重大执法决定法制审核。", True, []),
            ("行政执法协调监督股", "负责全县行政执法监督和三项制度推进。", False, []),
        ],
    },
    {
        "key": "sc_sfj",
        "region": "140602",
        "fields": ["justice"],
        "data": {
            "name": "朔州市朔城区司法局",
            "short_name": "区司法局",
            "uscc": gov_uscc("140602", "01274621"),
            "subject_type": "statutory",
            "is_supervisory": True,
            "legal_basis": "《中华人民共和国人民调解法》《中华人民共和国法律援助法》；朔州市朔城区司法局职能配置、内设机构和人员编制规定",
            "responsibilities": "承担全区行政执法协调监督工作，推行行政执法三项制度；负责人民调解、法律援助、普法依法治理等工作。",
            "address": "山西省朔州市朔城区（演示地址）",
            "phone": "0349-0210001",
            "website": "",
            "supervision_channels": _supervision("朔州市司法局", "0349-0210001"),
            "remedy_channels": _remedy("朔州市朔城区人民政府"),
        },
        "units": [
            ("办公室", "负责机关日常运转、政务公开。", False, []),
            ("法制股", "负责本局重大执法决定法制审核。", True, []),
            ("行政执法协调监督股", "负责全区行政执法监督和三项制度推进。", False, []),
        ],
    },
    # --- the five seed agencies --------------------------------------------------------------
    {
        "key": "lc_ly",
        "region": "140524",
        "supervised_by": "lc_sfj",
        "fields": ["forestry"],
        "data": {
            "name": "陵川县林业局",
            "short_name": "县林业局",
            "uscc": gov_uscc("140524", "01231450"),
            "subject_type": "statutory",
            "legal_basis": "《中华人民共和国森林法》《中华人民共和国森林法实施条例》《森林防火条例》《植物检疫条例》；陵川县林业局职能配置、内设机构和人员编制规定",
            "responsibilities": "负责全县森林资源保护、造林营林、林木采伐和林地管理；依法查处破坏森林资源的违法行为；负责森林防火和林业有害生物防治检疫。",
            "address": "山西省晋城市陵川县崇文镇（演示地址）",
            "phone": "0356-0220001",
            "website": "",
            "supervision_channels": _supervision("陵川县司法局", "0356-0220001"),
            "remedy_channels": _remedy("陵川县人民政府"),
        },
        "units": [
            ("办公室", "负责机关日常运转、政务公开和执法信息公示。", False, []),
            ("政策法规股", "负责重大执法决定法制审核和执法案卷管理。", True, []),
            (
                "林政执法大队",
                "负责林业行政案件的查处和林业行政检查。",
                False,
                [
                    ("第一中队", "负责北部乡镇林政执法巡查。", False, []),
                    ("第二中队", "负责南部乡镇林政执法巡查。", False, []),
                ],
            ),
            ("资源科", "负责林木采伐、林地使用审核审批和森林资源监测。", False, []),
            ("营林科", "负责造林绿化和森林抚育。", False, []),
            ("森防站", "负责林业有害生物防治和植物检疫。", False, []),
        ],
    },
    {
        "key": "cz_yl",
        "region": "140400",
        "supervised_by": "cz_sfj",
        "fields": ["landscaping"],
        "data": {
            "name": "长治市园林局",
            "short_name": "市园林局",
            "uscc": gov_uscc("140400", "01134275"),
            "subject_type": "statutory",
            "legal_basis": "《城市绿化条例》《城市古树名木保护管理办法》；长治市园林局职能配置、内设机构和人员编制规定",
            "responsibilities": "负责市区城市绿化的规划、建设、保护和管理；实施建设项目绿化意见书、改变绿化规划和绿化用地使用性质审批、迁移古树名木审批；依法查处损坏城市绿化及其设施等违法行为。",
            "address": "山西省长治市潞州区（演示地址）",
            "phone": "0355-0220001",
            "website": "",
            "supervision_channels": _supervision("长治市司法局", "0355-0220001"),
            "remedy_channels": _remedy("长治市人民政府"),
        },
        "units": [
            ("办公室", "负责机关日常运转、政务公开和执法信息公示。", False, []),
            ("法规科", "负责重大执法决定法制审核、行政复议应诉和执法案卷管理。", True, []),
            ("绿化管理科", "负责建设项目绿化意见书、绿化用地和古树名木审批。", False, []),
            (
                "园林绿化监察大队",
                "负责城市绿化行政处罚案件的查处和日常巡查。",
                False,
                [
                    ("一中队", "负责城区东片绿地巡查。", False, []),
                    ("二中队", "负责城区西片绿地巡查。", False, []),
                ],
            ),
        ],
    },
    {
        "key": "xt_fgj",
        "region": "431128",
        "supervised_by": "xt_sfj",
        "fields": ["development_reform", "price"],
        "data": {
            "name": "新田县发展和改革局",
            "short_name": "县发改局",
            "uscc": gov_uscc("431128", "00612845"),
            "subject_type": "statutory",
            "legal_basis": "《中华人民共和国价格法》《中华人民共和国节约能源法》《企业投资项目核准和备案管理条例》《粮食流通管理条例》；新田县发展和改革局职能配置、内设机构和人员编制规定",
            "responsibilities": "负责固定资产投资项目审批、核准、备案和节能审查；负责政府定价管理和价格监督；负责粮食流通监督检查。",
            "address": "湖南省永州市新田县龙泉街道（演示地址）",
            "phone": "0746-0220001",
            "website": "",
            "supervision_channels": _supervision("新田县司法局", "0746-0220001"),
            "remedy_channels": _remedy("新田县人民政府"),
        },
        "units": [
            ("办公室", "负责机关日常运转、政务公开和执法信息公示。", False, []),
            ("法规股", "负责重大执法决定法制审核和行政执法案卷管理。", True, []),
            ("投资股", "负责固定资产投资项目审批、核准、备案和节能审查。", False, []),
            ("价格股", "负责政府定价管理和价格监督检查。", False, []),
            ("粮食调控股", "负责粮食流通监督检查。", False, []),
        ],
    },
    {
        "key": "sc_kjj",
        "region": "140602",
        "supervised_by": "sc_sfj",
        "fields": ["science_technology"],
        "data": {
            "name": "朔州市朔城区科学技术局",
            "short_name": "区科技局",
            "uscc": gov_uscc("140602", "01274593"),
            "subject_type": "statutory",
            "legal_basis": "《中华人民共和国科学技术进步法》《中华人民共和国促进科技成果转化法》；朔州市朔城区科学技术局职能配置、内设机构和人员编制规定",
            "responsibilities": "负责全区科技计划项目管理和科技成果转化；对科技计划项目和科技经费使用进行监督检查。",
            "address": "山西省朔州市朔城区（演示地址）",
            "phone": "0349-0220001",
            "website": "",
            "supervision_channels": _supervision("朔州市朔城区司法局", "0349-0220001"),
            "remedy_channels": _remedy("朔州市朔城区人民政府"),
        },
        "units": [
            ("局办公室", "负责机关日常运转；承担重大执法决定法制审核。", True, []),
            ("科技管理股", "负责科技计划项目管理和监督检查。", False, []),
            ("成果转化股", "负责科技成果转化和技术市场管理。", False, []),
        ],
    },
)

# The 陵川县司法局 is both a supervisor and an agency in its own right (seed 003): it appears once.
SEED_AGENCY_KEYS = ("lc_ly", "cz_yl", "xt_fgj", "lc_sfj", "sc_kjj")
