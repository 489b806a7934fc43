"""The demo 清单, one dict per row, keyed as `catalog_replace` expects (model field names).

长治市园林局 carries exactly the three licences and five penalties its plan (seed 001) lists.
Fine ranges in the 裁量基准 are demo values inside what the cited article allows; a real agency
publishes its own. Rows refer to each other by code (ADR 0006).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.demo.data_agencies import SEED_AGENCY_KEYS

EFFECTIVE_FROM = dt.date(2026, 1, 1)

Row = dict[str, Any]

_LICENCE_DAYS = {"time_limit_days": 20, "time_limit_day_count": "working"}
_PENALTY_DAYS = {
    "time_limit_days": 90,
    "time_limit_day_count": "calendar",
    "time_limit_note": "自立案之日起九十日内作出行政处罚决定（《中华人民共和国行政处罚法》第六十条）",
}


def _licence(code: str, name: str, basis: str, unit: str, field: str, **extra: Any) -> Row:
    return {
        "code": code,
        "name": name,
        "category": "licence",
        "field": field,
        "legal_basis_text": basis,
        "responsible_unit": unit,
        **_LICENCE_DAYS,
        **extra,
    }


def _penalty(code: str, name: str, basis: str, unit: str, field: str, **extra: Any) -> Row:
    return {
        "code": code,
        "name": name,
        "category": "penalty",
        "field": field,
        "legal_basis_text": basis,
        "responsible_unit": unit,
        **_PENALTY_DAYS,
        **extra,
    }


def _tier(
    kind: str,
    conditions: str,
    low: int | None = None,
    high: int | None = None,
    other: str = "",
    **multiple: Any,
) -> Row:
    return {
        "kind": kind,
        "conditions": conditions,
        "fine_min": low,
        "fine_max": high,
        "other_penalties": other,
        **multiple,
    }


_EXEMPT = _tier(
    "exempt", "初次违法且危害后果轻微并及时改正的（《中华人民共和国行政处罚法》第三十三条）"
)

# --- 长治市园林局 (seed 001) ----------------------------------------------------------------

_YL = "园林绿化"
_YL_PATROL = "园林绿化监察大队"
_GREEN = "《城市绿化条例》"

YL_ITEMS = [
    _licence(
        "YL-XK-01",
        "建设项目绿化意见书",
        f"{_GREEN}第十八条、第二十条",
        "绿化管理科",
        _YL,
        remarks="含临时占用城市绿地许可、城市树木移植许可、城市树木砍伐许可3个小项",
    ),
    _licence(
        "YL-XK-02",
        "改变绿化规划、绿化用地的使用性质审批",
        f"{_GREEN}第十九条",
        "绿化管理科",
        _YL,
    ),
    _licence(
        "YL-XK-03",
        "迁移城市古树名木审批",
        f"{_GREEN}第二十四条",
        "绿化管理科",
        _YL,
        time_limit_note="审查同意后报同级或者上级人民政府批准",
    ),
    _penalty(
        "YL-CF-01",
        "擅自侵占城市绿地的处罚",
        f"{_GREEN}第十八条、第二十七条",
        _YL_PATROL,
        _YL,
    ),
    _penalty(
        "YL-CF-02",
        "损坏城市绿化及其设施的处罚",
        f"{_GREEN}第二十条、第二十六条",
        _YL_PATROL,
        _YL,
    ),
    _penalty(
        "YL-CF-03",
        "擅自修剪、移植树木的处罚",
        f"{_GREEN}第二十条、第二十六条",
        _YL_PATROL,
        _YL,
    ),
    _penalty(
        "YL-CF-04",
        "未经同意在公共绿地内开设商业、服务网点的处罚",
        f"{_GREEN}第二十一条、第二十八条",
        _YL_PATROL,
        _YL,
        remarks="2017年修订后公共绿地设点不再审批，按指定地点经营的要求及第二十八条处理（演示数据）",
    ),
    _penalty(
        "YL-CF-05",
        "不服从公共绿地管理单位管理的商业、服务摊点的处罚",
        f"{_GREEN}第二十一条、第二十八条",
        _YL_PATROL,
        _YL,
    ),
]


def _benchmark(
    code: str, item: str, violation: str, violated: str, basis: str, tiers: list[Row]
) -> Row:
    return {
        "code": code,
        "item_code": item,
        "violation": violation,
        "violated_provision": violated,
        "penalty_basis": basis,
        "issuer": "演示数据",
        "tiers": tiers,
    }


YL_BENCHMARKS = [
    _benchmark(
        "YL-CF-01-J1",
        "YL-CF-01",
        "未经同意，擅自占用城市绿化用地",
        f"{_GREEN}第十八条",
        f"{_GREEN}第二十七条",
        [
            _tier("lenient", "占用面积10平方米以下，及时退还并恢复原状的", 500, 2000),
            _tier("standard", "占用面积10平方米以上50平方米以下的", 2000, 10000),
            _tier("severe", "占用面积50平方米以上，或者逾期拒不退还的", 10000, 30000),
        ],
    ),
    _benchmark(
        "YL-CF-02-J1",
        "YL-CF-02",
        "损坏城市树木花草或者城市绿化设施",
        f"{_GREEN}第二十条",
        f"{_GREEN}第二十六条第（一）项、第（四）项",
        [
            _EXEMPT,
            _tier("lenient", "损坏面积10平方米以下或者设施损失2000元以下的", 100, 500),
            _tier("standard", "损坏面积10平方米以上50平方米以下的", 500, 2000),
            _tier("severe", "损坏面积50平方米以上，或者拒不停止侵害的", 2000, 5000),
        ],
    ),
    _benchmark(
        "YL-CF-03-J1",
        "YL-CF-03",
        "擅自修剪、移植或者砍伐城市树木",
        f"{_GREEN}第二十条",
        f"{_GREEN}第二十六条第（二）项",
        [
            _tier("lenient", "涉及树木2株以下且及时补植的", 500, 2000),
            _tier("standard", "涉及树木3株以上10株以下的", 2000, 10000),
            _tier("severe", "涉及树木10株以上，或者胸径30厘米以上树木的", 10000, 30000),
        ],
    ),
    _benchmark(
        "YL-CF-04-J1",
        "YL-CF-04",
        "未经同意在公共绿地内开设商业、服务网点",
        f"{_GREEN}第二十一条",
        f"{_GREEN}第二十八条",
        [
            _tier("lenient", "经责令及时迁出的", None, None, "警告"),
            _tier("standard", "责令迁出后拖延迁出的", 200, 1000, "警告"),
            _tier(
                "severe",
                "拒不迁出或者造成绿地损坏的",
                1000,
                2000,
                "警告；可以提请市场监督管理部门吊销营业执照",
            ),
        ],
    ),
    _benchmark(
        "YL-CF-05-J1",
        "YL-CF-05",
        "不服从公共绿地管理单位管理的商业、服务摊点",
        f"{_GREEN}第二十一条",
        f"{_GREEN}第二十八条",
        [
            _tier("lenient", "初次不服从管理，经劝导改正的", None, None, "警告"),
            _tier("standard", "多次不服从管理的", 200, 1000, "警告"),
            _tier(
                "severe",
                "情节严重的",
                1000,
                2000,
                "警告；可以提请市场监督管理部门吊销营业执照",
            ),
        ],
    ),
]

YL_SPOT_CHECKS = [
    {
        "code": "YL-CC-01",
        "name": "临时占用城市绿地许可事项的监督检查",
        "item_code": "YL-XK-01",
        "check_type": "一般检查事项",
        "target": "取得临时占用城市绿地许可的单位",
        "content": "是否按许可的范围、期限占用绿地，期满是否恢复原状",
        "basis": f"{_GREEN}第十八条",
        "method": "现场检查",
        "ratio": "不低于5%",
        "frequency": "每年1次",
    },
    {
        "code": "YL-CC-02",
        "name": "古树名木养护管理情况检查",
        "item_code": "YL-XK-03",
        "check_type": "重点检查事项",
        "target": "负责养护古树名木的单位",
        "content": "古树名木档案、标志、保护范围和养护措施落实情况",
        "basis": f"{_GREEN}第二十四条",
        "method": "现场检查、查阅资料",
        "ratio": "不低于10%",
        "frequency": "每年1次",
    },
]

# --- 陵川县林业局 (seed 000) ----------------------------------------------------------------

_FOREST = "《中华人民共和国森林法》"

LY_ITEMS = [
    _licence("LY-XK-01", "林木采伐许可证核发", f"{_FOREST}第五十六条", "资源科", "林业"),
    _penalty("LY-CF-01", "盗伐林木的处罚", f"{_FOREST}第七十六条第一款", "林政执法大队", "林业"),
    _penalty("LY-CF-02", "滥伐林木的处罚", f"{_FOREST}第七十六条第二款", "林政执法大队", "林业"),
]

_VALUE = "盗伐、滥伐林木价值"

LY_BENCHMARKS = [
    _benchmark(
        "LY-CF-01-J1",
        "LY-CF-01",
        "盗伐林木",
        f"{_FOREST}第五十六条",
        f"{_FOREST}第七十六条第一款",
        [
            _tier(
                "lenient",
                "盗伐林木2立方米以下且主动补种的",
                other="补种盗伐株数一倍以上二倍以下树木",
                multiple_min=5,
                multiple_max=6,
                multiple_base=_VALUE,
            ),
            _tier(
                "standard",
                "盗伐林木2立方米以上5立方米以下的",
                other="补种盗伐株数二倍以上三倍以下树木",
                multiple_min=6,
                multiple_max=8,
                multiple_base=_VALUE,
            ),
            _tier(
                "severe",
                "盗伐林木5立方米以上或者在自然保护地内盗伐的",
                other="补种盗伐株数三倍以上五倍以下树木",
                multiple_min=8,
                multiple_max=10,
                multiple_base=_VALUE,
            ),
        ],
    ),
    _benchmark(
        "LY-CF-02-J1",
        "LY-CF-02",
        "滥伐林木",
        f"{_FOREST}第五十六条",
        f"{_FOREST}第七十六条第二款",
        [
            _tier(
                "lenient",
                "滥伐林木5立方米以下且主动补种的",
                other="补种滥伐株数一倍树木",
                multiple_min=3,
                multiple_max="3.5",
                multiple_base=_VALUE,
            ),
            _tier(
                "standard",
                "滥伐林木5立方米以上10立方米以下的",
                other="补种滥伐株数二倍树木",
                multiple_min="3.5",
                multiple_max="4.5",
                multiple_base=_VALUE,
            ),
            _tier(
                "severe",
                "滥伐林木10立方米以上的",
                other="补种滥伐株数三倍树木",
                multiple_min="4.5",
                multiple_max=5,
                multiple_base=_VALUE,
            ),
        ],
    ),
]

LY_SPOT_CHECKS = [
    {
        "code": "LY-CC-01",
        "name": "林木采伐许可证执行情况检查",
        "item_code": "LY-XK-01",
        "check_type": "一般检查事项",
        "target": "取得林木采伐许可证的单位和个人",
        "content": "是否按许可证规定的地点、面积、蓄积、方式和期限采伐，采伐后是否按期更新造林",
        "basis": f"{_FOREST}第五十六条",
        "method": "现场检查",
        "ratio": "不低于5%",
        "frequency": "每年1次",
    },
]

# --- 新田县发展和改革局 (seed 002) -----------------------------------------------------------

_PRICE = "《中华人民共和国价格法》"

FG_ITEMS = [
    _licence(
        "FG-XK-01",
        "固定资产投资项目节能审查",
        "《中华人民共和国节约能源法》第十五条",
        "投资股",
        "发展改革",
    ),
    _licence(
        "FG-XK-02",
        "企业投资项目核准",
        "《企业投资项目核准和备案管理条例》第三条",
        "投资股",
        "发展改革",
    ),
    _penalty(
        "FG-CF-01",
        "经营者违反明码标价规定的处罚",
        f"{_PRICE}第十三条、第四十二条",
        "价格股",
        "价格",
        remarks="价格监督检查职责已划入市场监督管理部门的地区，以本地权责清单为准（演示数据）",
    ),
]

FG_BENCHMARKS = [
    _benchmark(
        "FG-CF-01-J1",
        "FG-CF-01",
        "经营者未按规定明码标价",
        f"{_PRICE}第十三条",
        f"{_PRICE}第四十二条",
        [
            _EXEMPT,
            _tier(
                "lenient",
                "首次发现，未明码标价商品或服务5种以下的",
                500,
                1500,
                "责令改正，没收违法所得",
            ),
            _tier(
                "standard",
                "未明码标价商品或服务5种以上10种以下的",
                1500,
                3500,
                "责令改正，没收违法所得",
            ),
            _tier(
                "severe",
                "在标价之外加价出售商品或者收取未予标明的费用的",
                3500,
                5000,
                "责令改正，没收违法所得",
            ),
        ],
    ),
]

FG_SPOT_CHECKS = [
    {
        "code": "FG-CC-01",
        "name": "固定资产投资项目节能审查意见落实情况检查",
        "item_code": "FG-XK-01",
        "check_type": "一般检查事项",
        "target": "取得节能审查意见的固定资产投资项目建设单位",
        "content": "节能审查意见落实情况、能效水平是否符合强制性节能标准",
        "basis": "《中华人民共和国节约能源法》第十五条",
        "method": "现场检查、查阅资料",
        "ratio": "不低于3%",
        "frequency": "每年1次",
    },
]

# --- lists every seed agency publishes ------------------------------------------------------

_AV_BASIS = "《中华人民共和国行政处罚法》第四十七条；国办发〔2018〕118号"


def recording_rows() -> list[Row]:
    """音像记录事项清单: full-process recording where liberty or major property is at stake."""
    full = [
        ("查封", "查封场所、设施或者财物"),
        ("扣押", "扣押财物"),
        ("强制拆除", "强制拆除违法建筑物、构筑物、设施"),
    ]
    required = [
        ("现场检查", "现场检查、随机抽查"),
        ("调查取证", "询问、勘验、抽样取证、证据保全"),
        ("听证", "举行听证"),
        ("留置送达", "留置送达执法文书"),
        ("公告送达", "张贴公告送达执法文书"),
    ]
    rows = [
        {
            "code": f"AV-{i:02d}",
            "activity": a,
            "level": "full_process",
            "basis": _AV_BASIS,
            "note": n,
        }
        for i, (a, n) in enumerate(full, start=1)
    ]
    rows += [
        {"code": f"AV-{i:02d}", "activity": a, "level": "required", "basis": _AV_BASIS, "note": n}
        for i, (a, n) in enumerate(required, start=len(full) + 1)
    ]
    return rows


_MD_BASIS = "《中华人民共和国行政处罚法》第五十八条、第六十三条"


def major_decision_rows() -> list[Row]:
    """重大执法决定法制审核目录清单: amounts, kinds of penalty, hearings, public interest."""
    rows: list[tuple[str, Row]] = [
        ("对自然人处以较大数额罚款", {"party_kind": "person", "fine_threshold": 10000}),
        (
            "对法人或者其他组织处以较大数额罚款",
            {"party_kind": "organisation", "fine_threshold": 100000},
        ),
        ("没收较大数额违法所得或者较大价值非法财物", {"confiscation_threshold": 50000}),
        ("降低资质等级、吊销许可证件", {"penalty_kinds": "降低资质等级、吊销许可证件"}),
        ("责令停产停业、责令关闭、限制从业", {"penalty_kinds": "责令停产停业、责令关闭、限制从业"}),
        ("直接关系当事人或者第三人重大权益，经过听证程序的", {"after_hearing": True}),
        (
            "涉及重大公共利益，或者案件情况疑难复杂、涉及多个法律关系的",
            {"other_condition": "由承办机构提出、机关负责人确定"},
        ),
    ]
    return [
        {"code": f"MD-{i:02d}", "name": name, "basis": _MD_BASIS, **conditions}
        for i, (name, conditions) in enumerate(rows, start=1)
    ]


# 听证较大数额标准 (处罚法 §63): the law leaves 较大数额 to provinces and sectors.
# 市场监管 sets 1万元 (自然人) / 10万元 (法人或者其他组织) for fines and confiscations alike, unless
# a local regulation says otherwise (总局令第42号《市场监督管理行政处罚听证办法》第五条; the
# issue's example, LEGAL_RULES §3.1 "[S] P-听证额" shows the same order of magnitude). No
# 山西 provincial figure was retrieved, so the 山西 demo agencies use that national sector figure.
# 湖南 requires hearings from 1000元 (公民) / 2万元 (法人或者其他组织): [S] a 湖南省人民政府
# document on 严格规范行政处罚, fsou.com/html/text/lar/170937/17093788_3.html (title not retrieved).
_HEARING_BASIS = "《中华人民共和国行政处罚法》第六十三条"
_HEARING_MARKET = (
    f"{_HEARING_BASIS}；参照《市场监督管理行政处罚听证办法》（国家市场监督管理总局令第42号）第五条"
)
_HEARING_HUNAN = f"{_HEARING_BASIS}；湖南省人民政府关于严格规范行政处罚的要求"
_HEARING_NOTE = "演示数据。地方性法规、地方政府规章另有规定的，从其规定。"


def hearing_threshold_rows(agency_key: str) -> list[Row]:
    """听证较大数额标准: fines and confiscations (违法所得、非法财物的价值) from these amounts."""
    hunan = agency_key == "xt_fgj"
    basis = _HEARING_HUNAN if hunan else _HEARING_MARKET
    person, organisation = (1000, 20000) if hunan else (10000, 100000)
    return [
        {
            "code": "TZ-01",
            "party_kind": "person",
            "fine_threshold": person,
            "confiscation_threshold": person,
            "basis": basis,
            "note": _HEARING_NOTE,
        },
        {
            "code": "TZ-02",
            "party_kind": "organisation",
            "fine_threshold": organisation,
            "confiscation_threshold": organisation,
            "basis": basis,
            "note": _HEARING_NOTE,
        },
    ]


# --- 服务指南 for every licence --------------------------------------------------------------

_OFFICE_HOURS = "法定工作日 上午 8:30—12:00，下午 14:30—17:30（演示数据）"


def _guide(item: Row, agency: Row, materials: str, conditions: str) -> Row:
    data = agency["data"]
    return {
        "code": f"{item['code']}-ZN",
        "item_code": item["code"],
        "name": item["name"],
        "basis": item["legal_basis_text"],
        "accepting_body": f"{data['name']}（政务服务大厅窗口）",
        "approving_body": data["name"],
        "conditions": conditions,
        "materials": materials,
        "procedure": "申请→受理（当场或五个工作日内作出是否受理的决定）→审查（必要时现场勘查）→决定→送达",
        "time_limit": "自受理之日起二十个工作日内作出决定；经本机关负责人批准可延长十个工作日（《中华人民共和国行政许可法》第四十二条）",
        "fees": "不收费",
        "supervision": data["supervision_channels"],
        "accountability": "对符合法定条件的申请不予受理、不在法定期限内作出决定或者违法收取费用的，依法追究直接负责的主管人员和其他直接责任人员的责任。",
        "remedy": data["remedy_channels"],
        "office_hours": _OFFICE_HOURS,
        "office_address": data["address"],
        "office_phone": data["phone"],
    }


GUIDE_DETAILS = {
    "YL-XK-01": (
        "申请书；建设项目批准文件；绿化设计方案或占用、移植、砍伐的位置图和树木清单；补植或补偿方案",
        "因建设或者其他特殊需要确需临时占用城市绿地、移植或者砍伐城市树木，并有补植或者补救方案的",
    ),
    "YL-XK-02": (
        "申请书；改变用地性质的理由说明；规划调整方案及图纸；补偿绿地方案",
        "因城市规划调整确需改变绿化规划、绿化用地使用性质，且能够按规定补偿绿地的",
    ),
    "YL-XK-03": (
        "申请书；迁移理由及建设项目批准文件；古树名木现状照片及档案编号；迁移及养护方案",
        "因特殊需要确需迁移古树名木，且迁移方案可保证树木成活的",
    ),
    "LY-XK-01": (
        "林木采伐申请书；林木权属证明；采伐作业设计或者采伐地块说明；更新造林方案",
        "林木权属清楚，采伐符合森林采伐限额和林木采伐技术规程的",
    ),
    "FG-XK-01": (
        "节能审查申请；固定资产投资项目节能报告；项目立项文件",
        "项目能效水平符合强制性节能标准和本地区能耗控制要求的",
    ),
    "FG-XK-02": (
        "项目申请报告；城乡规划、用地（用海）预审等依法应当提交的文件",
        "项目属于政府核准的投资项目目录范围，符合国家产业政策和发展规划的",
    ),
}


def catalog_for(agencies: dict[str, Row]) -> dict[str, dict[str, list[Row]]]:
    """Rows per agency key and list kind, ready for `catalog_replace`."""
    lists: dict[str, dict[str, list[Row]]] = {
        "cz_yl": {"item": YL_ITEMS, "benchmark": YL_BENCHMARKS, "spot_check": YL_SPOT_CHECKS},
        "lc_ly": {"item": LY_ITEMS, "benchmark": LY_BENCHMARKS, "spot_check": LY_SPOT_CHECKS},
        "xt_fgj": {"item": FG_ITEMS, "benchmark": FG_BENCHMARKS, "spot_check": FG_SPOT_CHECKS},
    }
    for key in SEED_AGENCY_KEYS:
        kinds = lists.setdefault(key, {})
        kinds["recording"] = recording_rows()
        kinds["major_decision"] = major_decision_rows()
        kinds["hearing_threshold"] = hearing_threshold_rows(key)
        licences = [i for i in kinds.get("item", []) if i["category"] == "licence"]
        if licences:
            kinds["service_guide"] = [
                _guide(i, agencies[key], *GUIDE_DETAILS[i["code"]]) for i in licences
            ]
    return lists
