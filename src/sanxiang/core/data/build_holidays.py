"""Regenerate holidays.json from the `chinesecalendar` package (dev dependency, MIT).

    python -m sanxiang.core.data.build_holidays          # rewrite holidays.json
    python -m sanxiang.core.data.build_holidays --check  # exit 1 if the file is stale

chinesecalendar transcribes the 国务院办公厅 notices; this script adds what it does not carry:
the notice number and date of each year (checked against the published notices), which notice a
late-December day belongs to, and the few days where it disagrees with the notice text
(CORRECTIONS, each citing the notice). A test rebuilds the file and compares, so the committed
data cannot drift from this script.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from typing import Any

from sanxiang.core.data.holidays import DATA_FILE

TITLE = "国务院办公厅关于{year}年部分节假日安排的通知"

# (文号, 发布日期) as printed on each notice; years without an entry had no number we could verify.
NOTICES: dict[int, tuple[str, str | None]] = {
    2006: ("国办发明电〔2005〕35号", "2005-12-16"),
    2007: ("国办发明电〔2006〕49号", "2006-12-14"),
    2010: ("国办发明电〔2009〕27号", None),
    2011: ("国办发明电〔2010〕40号", "2010-12-09"),
    2012: ("国办发明电〔2011〕45号", "2011-12-05"),
    2013: ("国办发明电〔2012〕33号", "2012-12-08"),
    2014: ("国办发明电〔2013〕28号", "2013-12-11"),
    2015: ("国办发明电〔2014〕28号；国发明电〔2015〕1号", "2014-12-16"),
    2016: ("国办发明电〔2015〕18号", "2015-12-10"),
    2017: ("国办发明电〔2016〕17号", "2016-12-01"),
    2018: ("国办发明电〔2017〕12号", "2017-11-30"),
    2019: ("国办发明电〔2018〕15号", "2018-12-04"),
    2020: ("国办发明电〔2019〕16号；国办发明电〔2020〕1号", "2019-11-21"),
    2021: ("国办发明电〔2020〕27号", "2020-11-25"),
    2022: ("国办发明电〔2021〕11号", "2021-10-25"),
    2023: ("国办发明电〔2022〕16号", "2022-12-08"),
    2024: ("国办发明电〔2023〕7号", "2023-10-25"),
    2025: ("国办发明电〔2024〕12号", "2024-11-12"),
    2026: ("国办发明电〔2025〕7号", "2025-11-04"),
}
# Extra notices that changed a year after its main notice.
EXTRA_SOURCES: dict[int, str] = {
    2015: "国务院关于中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日调休放假的通知",
    2020: "国务院办公厅关于延长2020年春节假期的通知",
}
# Days the package gets wrong, as (date, kind, name, why).
CORRECTIONS: tuple[tuple[str, str, str, str], ...] = (
    # 国办发明电〔2005〕35号: "12月31日（星期六）上班" (the 2006 元旦 break); the package has none.
    ("2005-12-31", "makeup_workday", "元旦", "国办发明电〔2005〕35号"),
)
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
# A 元旦 day in late December belongs to the next year's notice (e.g. 2018-12-29 上班).
LATE_DECEMBER = 25


def _notice_year(day: dt.date, name: str) -> int:
    if day.month == 12 and day.day >= LATE_DECEMBER and name == "元旦":
        return day.year + 1
    return day.year


def _source_days() -> Iterator[tuple[dt.date, str, str]]:
    from chinese_calendar import constants  # dev dependency, only needed to regenerate

    for day, label in constants.holidays.items():
        yield day, "holiday", NAMES[label]
    for day, label in constants.workdays.items():
        yield day, "makeup_workday", NAMES[label]


def build() -> dict[str, Any]:
    """The whole file as a JSON-ready dict."""
    days = {day: (kind, name) for day, kind, name in _source_days()}
    for text, kind, name, _why in CORRECTIONS:
        days[dt.date.fromisoformat(text)] = (kind, name)
    by_year: dict[int, list[list[str]]] = {}
    for day in sorted(days):
        kind, name = days[day]
        by_year.setdefault(_notice_year(day, name), []).append([day.isoformat(), kind, name])
    years = []
    for year in sorted(by_year):
        notice, published = NOTICES.get(year, ("", None))
        source = "；".join(filter(None, [TITLE.format(year=year), EXTRA_SOURCES.get(year, "")]))
        years.append(
            {
                "year": year,
                "source": source,
                "notice": notice,
                "published_on": published,
                "days": by_year[year],
            }
        )
    return {
        "generated_by": "python -m sanxiang.core.data.build_holidays",
        "source": "chinesecalendar 1.11.0 (MIT), with the corrections listed in build_holidays.py",
        "years": years,
    }


def render(data: dict[str, Any]) -> str:
    """JSON with one day per line, so a diff shows exactly which days changed."""
    lines = ["{"]
    lines.append(f'  "generated_by": {json.dumps(data["generated_by"])},')
    lines.append(f'  "source": {json.dumps(data["source"])},')
    lines.append('  "years": [')
    for i, year in enumerate(data["years"]):
        head = {k: v for k, v in year.items() if k != "days"}
        lines.append("    {")
        for key, value in head.items():
            lines.append(f"      {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
        lines.append('      "days": [')
        for j, day in enumerate(year["days"]):
            comma = "," if j < len(year["days"]) - 1 else ""
            lines.append(f"        {json.dumps(day, ensure_ascii=False)}{comma}")
        lines.append("      ]")
        lines.append("    }" + ("," if i < len(data["years"]) - 1 else ""))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    text = render(build())
    if args.check:
        current = DATA_FILE.read_text(encoding="utf-8") if DATA_FILE.exists() else ""
        if current != text:
            sys.stderr.write(
                f"{DATA_FILE} is stale: run python -m sanxiang.core.data.build_holidays\n"
            )
            return 1
        return 0
    DATA_FILE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
