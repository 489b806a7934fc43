"""The 法律法规库 sheet: one row per article, grouped into law versions by (法规名称, 版本)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sanxiang.catalog.excel.reader import SheetProblem, SheetRows
from sanxiang.catalog.models import Law, LawLevel
from sanxiang.catalog.services.cleaning import CellProblem, parse_date, text
from sanxiang.catalog.services.laws import law_create
from sanxiang.catalog.services.legal_basis import LawIndex, LawVersion, article_number
from sanxiang.catalog.services.registry import Column

SHEET = "法律法规库"
COLUMNS = (
    Column("法规名称", "name", required=True),
    Column("版本", "version_label", required=True),
    Column("效力层级", "level", required=True),
    Column("制定机关", "issuer"),
    Column("公布日期", "promulgated_on"),
    Column("施行日期", "effective_from", required=True),
    Column("条款号", "number", required=True),
    Column("条文", "text", required=True),
)
LAW_FIELDS = ("level", "issuer", "promulgated_on", "effective_from")

REQUIRED = "不能为空"
LEVEL_INVALID = "“{raw}” 不是有效的效力层级（可选：{options}）"
INCONSISTENT = "同一法规版本的各行“{header}”应一致（第 {first:,} 行为“{value}”）"
ARTICLE_DUPLICATE = "《{name}》（{version}）中{number}重复（与第 {first:,} 行相同）"
VERSION_DIFFERS = (
    "《{name}》的“{version}”版本已在法律法规库中且内容不同；已有版本不能修改，修订请使用新的版本号"
)

_LEVELS = {str(label): str(value) for value, label in LawLevel.choices}


@dataclass
class LawPlan:
    name: str
    version_label: str
    meta: dict[str, Any]
    first_row: int
    articles: list[dict[str, Any]] = field(default_factory=list)
    numbers: dict[str, int] = field(default_factory=dict)
    exists: bool = False


def _clean(number: int, raw: dict[str, Any], problems: list[SheetProblem]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in COLUMNS:
        value = raw.get(column.field)
        try:
            if column.field in ("promulgated_on", "effective_from"):
                values[column.field] = parse_date(value)
            else:
                values[column.field] = text(value)
            if column.required and not values[column.field]:
                raise CellProblem(REQUIRED)
            if column.field == "level" and values["level"]:
                level = values["level"]
                if level not in _LEVELS and level not in LawLevel.values:
                    options = "、".join(_LEVELS)
                    raise CellProblem(LEVEL_INVALID.format(raw=level, options=options))
                values["level"] = _LEVELS.get(level, level)
        except CellProblem as exc:
            problems.append(SheetProblem(SHEET, number, column.header, str(exc)))
            values[column.field] = None
    return values


def _same_articles(law: Law, plan: LawPlan) -> bool:
    stored = {article_number(a.number): a.text.strip() for a in law.articles.all()}
    given = {article_number(a["number"]): a["text"] for a in plan.articles}
    meta_same = all(
        getattr(law, k) == plan.meta[k] or (not getattr(law, k) and not plan.meta[k])
        for k in LAW_FIELDS
    )
    return stored == given and meta_same


def _group(sheet: SheetRows, problems: list[SheetProblem]) -> dict[tuple[str, str], LawPlan]:
    plans: dict[tuple[str, str], LawPlan] = {}
    for number, raw in sheet.rows:
        values = _clean(number, raw, problems)
        if not values["name"] or not values["version_label"]:
            continue
        key = (values["name"], values["version_label"])
        plan = plans.get(key)
        if plan is None:
            meta = {k: values[k] for k in LAW_FIELDS}
            plan = plans[key] = LawPlan(key[0], key[1], meta, number)
        else:
            _check_consistent(plan, values, number, problems)
        article = article_number(values["number"] or "")
        if not article:
            continue
        if article in plan.numbers:
            message = ARTICLE_DUPLICATE.format(
                name=key[0], version=key[1], number=article, first=plan.numbers[article]
            )
            problems.append(SheetProblem(SHEET, number, "条款号", message))
        plan.numbers[article] = number
        position = len(plan.articles)
        plan.articles.append(
            {"number": article, "text": values["text"] or "", "position": position}
        )
    return plans


def _check_consistent(
    plan: LawPlan, values: dict[str, Any], number: int, problems: list[SheetProblem]
) -> None:
    for k in LAW_FIELDS:
        if values[k] is not None and values[k] != plan.meta[k]:
            header = next(c.header for c in COLUMNS if c.field == k)
            shown = text(plan.meta[k])
            message = INCONSISTENT.format(header=header, first=plan.first_row, value=shown)
            problems.append(SheetProblem(SHEET, number, header, message))


def plan_laws(sheet: SheetRows, index: LawIndex, problems: list[SheetProblem]) -> list[LawPlan]:
    """Group, validate and add pending versions to `index` so items can cite them."""
    plans = _group(sheet, problems)
    existing = {
        (law.name, law.version_label): law
        for law in Law.objects.filter(name__in={k[0] for k in plans}).prefetch_related("articles")
    }
    for key, plan in plans.items():
        law = existing.get(key)
        if law is not None:
            plan.exists = True
            if not _same_articles(law, plan):
                message = VERSION_DIFFERS.format(name=key[0], version=key[1])
                problems.append(SheetProblem(SHEET, plan.first_row, "版本", message))
            continue
        if plan.meta["effective_from"] is None:
            continue
        pending = LawVersion(key[0], key[1], plan.meta["effective_from"], None)
        pending.articles = {a["number"]: ("pending", key, a["number"]) for a in plan.articles}
        index.add(pending)
    return list(plans.values())


def apply_laws(actor: Any, plans: list[LawPlan]) -> dict[str, int]:
    added = 0
    for plan in plans:
        if plan.exists:
            continue
        law_create(
            actor=actor,
            name=plan.name,
            version_label=plan.version_label,
            level=plan.meta["level"],
            issuer=plan.meta["issuer"] or "",
            promulgated_on=plan.meta["promulgated_on"],
            effective_from=plan.meta["effective_from"],
            articles=plan.articles,
        )
        added += 1
    return {"added": added, "changed": 0, "removed": 0, "unchanged": len(plans) - added}
