"""The decision portal's search over 1,000,000 published decisions against a plain LIKE scan.

Run: .venv/bin/python bench/portal_search.py [--decisions N] [--repeat R] [--fresh]
     .venv/bin/python -m sanxiang.testing.postgres -- .venv/bin/python bench/portal_search.py
Peer: "a plain LIKE '%…%' scan" over the same decisions' public text (DisclosureVersion.text),
one statement per query that returns what the portal's first page needs: the newest 20 matches
and their count (a window COUNT(*) OVER (), so the scan runs once).

Data: N public decisions generated from seeded random parts — 8 sectors (食品, 园林, 城管, 环保,
交通, 安全生产, 卫生, 文旅), organisations and natural persons (张某), 文号 per agency and year,
amounts, dates, places, legal bases — bulk-inserted as Disclosure + DisclosureVersion rows
(the "plain rows" the peer scans) and DisclosureSearch rows (the index rows, through the FTS5
triggers or the generated tsvector). Index tokens are computed per jieba block with a cache:
jieba cuts each run of Han/letters/digits on its own, so the concatenation is exactly
`search.tokens_of(text)`; the script checks that on the first 2,000 decisions.
The version's unredacted `source_text` is left short so the peer scans only the public text
(its best case; real rows carry the original as well).

Measured, per query (median of R runs after one warm-up): ours = `selectors_portal.
decisions_search` end to end (jieba on the query, count, ranked page, rows, highlighted
snippets); peer = the LIKE statement. SQLite runs on a file under bench/out/ (kept, so a second
run with the same N skips the build; --fresh rebuilds), PostgreSQL on DATABASE_URL (always
built). The last line is the ratio of the summed times (peer / ours; target ≥ 50×).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import os
import random
import re
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
OUT = BENCH / "out" / "portal_search"
SEED = 20261123
BATCH = 5000
QUERIES = [
    "过期食品",  # a common offence: many matches, ranking does real work
    "擅自砍伐城市树木",  # one sector's offence
    "噪声污染",
    "晋城市鑫源商贸有限公司",  # a company: a few decisions
    "悬铃木",  # a rare word
    "",  # placeholder: a real 文号 from the data, filled in at run time
]


def setup_django() -> None:
    sys.path.insert(0, str(BENCH.parent / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "sanxiang.config.settings.base"
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SANXIANG_VAR_DIR", str(OUT))
    os.environ.setdefault("SANXIANG_SQLITE_PATH", str(OUT / "portal.sqlite3"))
    os.environ.setdefault("SANXIANG_LEDGER_KEY_FILE", str(OUT / "bench.pem"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# --- realistic decisions ----------------------------------------------------------------------

CITIES = [
    ("140400", "长治市", ["潞州区", "上党区", "屯留区", "潞城区", "襄垣县", "平顺县", "黎城县"]),
    ("140500", "晋城市", ["城区", "沁水县", "阳城县", "陵川县", "泽州县", "高平市"]),
    ("140100", "太原市", ["小店区", "迎泽区", "杏花岭区", "尖草坪区", "万柏林区", "晋源区"]),
]
BUREAUS = [
    ("市场监督管理局", "市监", "food"),
    ("园林局", "园林", "garden"),
    ("城市管理局", "城管", "urban"),
    ("生态环境局", "环", "environment"),
    ("交通运输局", "交", "transport"),
    ("应急管理局", "应急", "safety"),
    ("卫生健康局", "卫", "health"),
    ("文化和旅游局", "文旅", "culture"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
BRANDS = "鑫源 恒通 华泰 永盛 兴隆 金鼎 瑞丰 宏达 天成 润发 富康 嘉禾 众鑫 博远 信诚 晋阳 太行 汇丰 广源 顺达".split()
TRADES = "商贸 食品 餐饮 建材 物流 运输 化工 机械 酒店 文化传媒 医药 超市 农业开发 建筑工程 汽车维修".split()
FORMS = ["有限公司", "有限责任公司", "股份有限公司", "经营部", "门市部"]
OFFENCES: dict[str, list[tuple[str, str, str]]] = {
    "food": [
        (
            "销售过期食品",
            "销售超过保质期的{item}{n}箱，货值金额{v}元",
            "《中华人民共和国食品安全法》第三十四条第（十）项",
        ),
        (
            "食品标签不符合规定",
            "销售的预包装{item}标签未标明生产日期和保质期",
            "《中华人民共和国食品安全法》第六十七条",
        ),
        (
            "未取得食品经营许可从事食品经营",
            "未取得食品经营许可证在{place}经营{item}",
            "《中华人民共和国食品安全法》第三十五条",
        ),
        ("价格违法", "销售{item}未按规定明码标价", "《中华人民共和国价格法》第十三条"),
    ],
    "garden": [
        (
            "擅自砍伐城市树木",
            "未经批准擅自砍伐{place}行道树{tree}{n}株",
            "《城市绿化条例》第二十六条",
        ),
        (
            "损坏城市绿地",
            "在{place}绿地内堆放建筑材料，损坏草坪{n}平方米",
            "《城市绿化条例》第二十七条",
        ),
        (
            "擅自占用城市绿化用地",
            "擅自占用{place}公共绿地{n}平方米搭建临时设施",
            "《城市绿化条例》第二十八条",
        ),
    ],
    "urban": [
        (
            "占道经营",
            "在{place}人行道上摆摊设点、占道经营",
            "《城市市容和环境卫生管理条例》第十四条",
        ),
        (
            "违法建设",
            "未取得建设工程规划许可证在{place}建设建筑物{n}平方米",
            "《中华人民共和国城乡规划法》第六十四条",
        ),
        (
            "随意倾倒建筑垃圾",
            "在{place}随意倾倒建筑垃圾约{n}立方米",
            "《城市建筑垃圾管理规定》第十五条",
        ),
    ],
    "environment": [
        (
            "超标排放大气污染物",
            "{place}厂区锅炉排放的颗粒物浓度超过排放标准",
            "《中华人民共和国大气污染防治法》第十八条",
        ),
        (
            "噪声污染",
            "夜间在{place}进行产生环境噪声污染的建筑施工作业",
            "《中华人民共和国噪声污染防治法》第四十三条",
        ),
        (
            "未批先建",
            "建设项目环境影响报告表未经批准擅自开工建设",
            "《中华人民共和国环境影响评价法》第二十五条",
        ),
        (
            "危险废物贮存不规范",
            "危险废物未设置识别标志，露天堆放废机油{n}桶",
            "《中华人民共和国固体废物污染环境防治法》第七十七条",
        ),
    ],
    "transport": [
        ("超限运输", "驾驶货车在{road}超限运输，车货总重{n}吨", "《公路安全保护条例》第三十五条"),
        (
            "未取得道路运输经营许可",
            "未取得道路运输经营许可擅自从事道路旅客运输经营",
            "《中华人民共和国道路运输条例》第十条",
        ),
    ],
    "safety": [
        (
            "未按规定开展安全生产教育和培训",
            "未对{n}名从业人员进行安全生产教育和培训",
            "《中华人民共和国安全生产法》第二十八条",
        ),
        (
            "未建立事故隐患排查治理制度",
            "未建立生产安全事故隐患排查治理制度",
            "《中华人民共和国安全生产法》第四十一条",
        ),
    ],
    "health": [
        (
            "公共场所卫生不合格",
            "{place}公共用品用具未按规定清洗消毒",
            "《公共场所卫生管理条例》第七条",
        ),
        (
            "未取得医疗机构执业许可证擅自执业",
            "未取得医疗机构执业许可证在{place}开展诊疗活动",
            "《医疗机构管理条例》第二十三条",
        ),
    ],
    "culture": [
        (
            "网吧接纳未成年人",
            "经营的网吧接纳{n}名未成年人进入营业场所",
            "《互联网上网服务营业场所管理条例》第二十一条",
        ),
        (
            "未经批准举办营业性演出",
            "未经批准在{place}举办营业性演出",
            "《营业性演出管理条例》第十三条",
        ),
    ],
}
ITEMS = "牛奶 酸奶 方便面 饼干 饮料 火腿肠 面包 食用油 白酒 调味品 月饼 速冻水饺".split()
TREES = "国槐 白蜡 法桐 柳树 银杏 油松 悬铃木 杨树 侧柏 栾树".split()
PLACES = "太行路 英雄路 建设路 解放路 府后街 长兴路 紫金街 凤凰山公园 滨河公园 人民广场 泽州路 新华街".split()
ROADS = ["G207国道", "G208国道", "S226省道", "长晋高速", "太长高速"]
PENALTIES = ["警告", "罚款", "没收违法所得、罚款", "警告、罚款", "责令停产停业、罚款"]


def uscc_of(name: str) -> str:
    """The same organisation keeps its 统一社会信用代码 across decisions (format only)."""
    digest = hashlib.sha256(name.encode()).hexdigest().upper()
    return f"9114{int(digest[:12], 16) % 10**13:013d}X"


def amount_words(value: int) -> str:
    return f"罚款人民币{value:,}元"


class Generator:
    """Seeded decisions: the same N rows on every run and both databases."""

    def __init__(self, agencies: list[tuple[Any, str, str, str]]) -> None:
        self.rng = random.Random(SEED)  # noqa: S311  (test data, not secrets)
        self.agencies = agencies  # (agency id, name, short, sector)
        self.serial: dict[tuple[str, int], int] = {}

    def party(self, city: str) -> tuple[str, str, bool]:
        rng = self.rng
        if rng.random() < 0.3:
            return f"{rng.choice(SURNAMES)}某", "自然人", True
        name = f"{city}{rng.choice(BRANDS)}{rng.choice(TRADES)}{rng.choice(FORMS)}"
        return name, "法人及非法人组织", False

    def decision(self, index: int) -> dict[str, Any]:
        rng = self.rng
        agency_id, agency_name, short, sector = self.agencies[index % len(self.agencies)]
        city = agency_name[:3]
        decided = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(2900))
        key = (short, decided.year)
        self.serial[key] = self.serial.get(key, 0) + 1
        number = f"{short}罚〔{decided.year}〕{self.serial[key]}号"
        party, party_kind, person = self.party(city)
        kind, facts, basis = rng.choice(OFFENCES[sector])
        facts = facts.format(
            item=rng.choice(ITEMS),
            n=rng.randrange(2, 300),
            v=rng.randrange(1, 900) * 100,
            place=rng.choice(PLACES),
            tree=rng.choice(TREES),
            road=rng.choice(ROADS),
        )
        fine = rng.randrange(5, 2000) * 100
        penalty = rng.choice(PENALTIES)
        content = (
            penalty if penalty == "警告" else f"{penalty.replace('罚款', '')}{amount_words(fine)}"
        )
        checked = decided - dt.timedelta(days=rng.randrange(20, 80))
        uscc = "" if person else uscc_of(party)
        record = {
            "行政相对人名称": party,
            "行政相对人类别": party_kind,
            "统一社会信用代码": uscc,
            "行政处罚决定书文号": number,
            "违法行为类型": kind,
            "违法事实": f"当事人{facts}",
            "处罚依据": basis,
            "处罚类别": penalty,
            "处罚内容": content,
            "罚款金额（万元）": "" if penalty == "警告" else f"{fine / 10000:g}",
            "处罚决定日期": decided.isoformat(),
            "处罚机关": agency_name,
        }
        lines = [
            agency_name,
            "行政处罚决定书",
            number,
            f"当事人：{party}",
            *([] if person else [f"统一社会信用代码：{uscc}", "住所：某某街道某某号"]),
            f"{checked.year}年{checked.month}月{checked.day}日，本机关执法人员依法对当事人进行检查，"
            f"发现当事人{facts}。",
            f"以上事实有现场检查笔录、询问笔录、现场照片等证据证实。当事人的行为违反了{basis}的规定，"
            f"构成{kind}的违法行为。",
            f"本机关于{decided.year}年{decided.month}月{decided.day}日前依法告知当事人拟作出行政处罚的"
            "事实、理由、依据及其依法享有的陈述、申辩权利，当事人未提出陈述申辩。",
            f"根据{basis}的规定，决定给予当事人如下行政处罚：{content}。",
            "当事人应自收到本决定书之日起十五日内到指定银行缴纳罚款。逾期不缴纳的，每日按罚款数额的"
            "百分之三加处罚款。",
            "如不服本处罚决定，可在收到本决定书之日起六十日内依法申请行政复议，或者六个月内依法向人民法院"
            "提起行政诉讼。",
            f"{agency_name}　{decided.isoformat()}",
        ]
        return {
            "agency_id": agency_id,
            "region_code": "",
            "number": number,
            "decided_on": decided,
            "record": record,
            "text": "\n".join(lines),
        }


# --- tokens: exactly search.tokens_of, computed per jieba block ------------------------------

# jieba's own block pattern (jieba.re_han_default): it cuts each block separately.
BLOCK = re.compile(r"[\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+")


def block_tokens() -> Callable[[str], list[str]]:
    from sanxiang.disclosure.search import tokens_of

    cached = functools.lru_cache(maxsize=500_000)(lambda block: tuple(tokens_of(block)))

    def tokens(text: str) -> list[str]:
        found: list[str] = []
        for block in BLOCK.findall(text):
            found.extend(cached(block))
        return found

    return tokens


# --- the build --------------------------------------------------------------------------------


def make_agencies() -> list[tuple[Any, str, str, str]]:
    from sanxiang.organisations.models import Agency, Region, SubjectType

    made = []
    serial = 0
    for city_code, city, counties in CITIES:
        Region.objects.get_or_create(code=city_code, defaults={"name": city})
        for n, county in enumerate(counties[:4]):
            code = f"{city_code[:4]}{n + 2:02d}"
            region, _ = Region.objects.get_or_create(code=code, defaults={"name": county})
            for name, short, sector in BUREAUS:
                serial += 1
                full = f"{city}{county}{name}"
                agency, _ = Agency.objects.get_or_create(
                    name=full,
                    defaults={
                        "uscc": f"11140{serial:04d}MB{serial:09d}"[:18],
                        "subject_type": SubjectType.STATUTORY,
                        "region": region,
                    },
                )
                made.append((agency.pk, full, f"{county[:1]}{short}", sector))
    return made


def build(n: int) -> None:
    from django.db import transaction

    from sanxiang.disclosure.models import (
        Disclosure,
        DisclosureSearch,
        DisclosureStatus,
        DisclosureVersion,
    )
    from sanxiang.disclosure.search import record_search_text, tokens_of
    from sanxiang.organisations.models import Agency

    agencies = make_agencies()
    regions = dict(Agency.objects.values_list("pk", "region_id"))
    generator = Generator(agencies)
    tokens = block_tokens()
    started = time.perf_counter()
    for start in range(0, n, BATCH):
        disclosures, versions, rows = [], [], []
        for i in range(start, min(n, start + BATCH)):
            d = generator.decision(i)
            record_text = record_search_text(d["number"], d["record"])
            if i < 2000:  # the block cache is exact: check it against the real function
                assert tokens(d["text"]) == tokens_of(d["text"]), d["text"]
                assert tokens(record_text) == tokens_of(record_text), record_text
            published = d["decided_on"] + dt.timedelta(days=5)
            disclosure = Disclosure(
                id=uuid.uuid4(),
                agency_id=d["agency_id"],
                category="penalty",
                status=DisclosureStatus.PUBLISHED,
                decision_number=d["number"],
                decided_on=d["decided_on"],
                due_on=published,
                published_on=published,
                display_until=published + dt.timedelta(days=1095),
            )
            version = DisclosureVersion(
                id=uuid.uuid4(),
                disclosure_id=disclosure.id,
                version=1,
                record=d["record"],
                source_text="（基准数据）",
                text=d["text"],
                published_on=published,
                content_sha256=hashlib.sha256(d["text"].encode()).hexdigest(),
            )
            disclosures.append(disclosure)
            versions.append(version)
            rows.append(
                DisclosureSearch(
                    disclosure_id=disclosure.id,
                    version_id=version.id,
                    agency_id=d["agency_id"],
                    region_code=regions[d["agency_id"]],
                    category="penalty",
                    decided_on=d["decided_on"],
                    published_on=published,
                    record_tokens=" ".join(tokens(record_text)),
                    text_tokens=" ".join(tokens(d["text"])),
                )
            )
        with transaction.atomic():  # one commit per batch, not one per row
            raw_insert(Disclosure, disclosures)
            raw_insert(DisclosureVersion, versions)
            raw_insert(DisclosureSearch, rows)
        done = start + len(rows)
        if done % 100_000 == 0 or done == n:
            rate = done / (time.perf_counter() - started)
            print(f"built {done:,} decisions ({rate:,.0f}/s)", flush=True)


def raw_insert(model: Any, objects: list[Any]) -> None:
    """executemany of the objects' prepared values: the ORM's bulk_create builds one huge
    statement per batch, which costs more than the database does at this size."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.auto_created)]
    fields = [f for f in fields if not (f.primary_key and getattr(objects[0], f.attname) is None)]
    for obj in objects:
        for f in fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                f.pre_save(obj, add=True)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    values = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)  # noqa: S608


def analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "INSERT INTO disclosure_search_fts(disclosure_search_fts) VALUES('optimize')"
            )
            cursor.execute("ANALYZE")
        else:
            cursor.execute("VACUUM ANALYZE")


# --- the measurement --------------------------------------------------------------------------

LIKE_SQL = (
    "SELECT v.disclosure_id, d.decided_on, COUNT(*) OVER () "
    "FROM disclosure_disclosureversion v JOIN disclosure_disclosure d ON d.id = v.disclosure_id "
    "WHERE v.text LIKE %s ORDER BY d.decided_on DESC LIMIT 20"
)


def peer(query: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(LIKE_SQL, [f"%{query}%"])
        rows = cursor.fetchall()
    return int(rows[0][2]) if rows else 0


def ours(query: str) -> int:
    from sanxiang.disclosure import selectors_portal as p

    page = p.decisions_search(p.parse_decision_query({"q": query}))
    assert len(page.results) == min(20, page.total)
    return page.total


def timed(fn: Callable[[str], int], query: str, repeat: int) -> tuple[float, int]:
    fn(query)  # warm-up: jieba's dictionary, the page cache
    times, count = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = fn(query)
        times.append(time.perf_counter() - start)
    return statistics.median(times), count


def existing() -> int:
    from sanxiang.disclosure.models import DisclosureSearch

    return DisclosureSearch.objects.count()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="rebuild the SQLite file")
    args = parser.parse_args(argv)
    if args.fresh and "DATABASE_URL" not in os.environ:
        for suffix in ("", "-wal", "-shm"):
            Path(str(OUT / "portal.sqlite3") + suffix).unlink(missing_ok=True)
    setup_django()
    from django.db import connection

    from sanxiang.disclosure.models import DisclosureSearch

    have = existing()
    if have != args.decisions:
        if have:
            sys.exit(f"the database holds {have:,} decisions, not {args.decisions:,}: use --fresh")
        build(args.decisions)
        analyse()
    number = DisclosureSearch.objects.order_by("id").values_list(
        "disclosure__decision_number", flat=True
    )[args.decisions // 2]
    queries = [q or number for q in QUERIES]
    print(
        f"{connection.vendor}: {args.decisions:,} published decisions, median of {args.repeat} runs"
    )
    total_ours = total_peer = 0.0
    ratios = []
    for query in queries:
        our_s, our_count = timed(ours, query, args.repeat)
        peer_s, peer_count = timed(peer, query, args.repeat)
        total_ours += our_s
        total_peer += peer_s
        ratios.append(peer_s / our_s)
        print(
            f"{query}: search {our_s * 1000:8.1f} ms ({our_count:,} found)  "
            f"LIKE {peer_s * 1000:8.1f} ms ({peer_count:,} found)  {peer_s / our_s:8.1f}x",
            flush=True,
        )
    print(
        f"slowest query's ratio: {min(ratios):.1f}x; summed: search {total_ours:.3f} s, LIKE {total_peer:.3f} s"
    )
    print(f"ratio like/search: {total_peer / total_ours:.1f}x (peer: plain LIKE '%…%' scan)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
