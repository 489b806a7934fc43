"""法律法规库: shared by every agency. A revision is a new version; versions are never edited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from sanxiang.catalog.models import Law, LawArticle, LawLevel
from sanxiang.catalog.services.legal_basis import article_number
from sanxiang.core.errors import Forbidden, ValidationFailed
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.models import Role
from sanxiang.organisations.permissions import agencies_maintained_by, has_role

LAW_NOT_ALLOWED = "只有系统管理员或执法主体的清单维护人员可以维护法律法规库"
LAW_VERSION_EXISTS = "《{name}》的“{version}”版本已存在；修订请使用新的版本号"
LAW_NEEDS_ARTICLES = "法律法规至少应有一条条文"
LAW_ARTICLE_DUPLICATE = "《{name}》（{version}）中{number}重复"
LAW_FIELD_REQUIRED = "{label}不能为空"
LAW_LEVEL_INVALID = "“{raw}” 不是有效的效力层级（可选：{options}）"
LAW_DATES = "施行日期不得早于公布日期"


def can_maintain_laws(user: Any) -> bool:
    if user is None:
        return False
    return has_role(user, Role.SYSTEM_ADMIN) or agencies_maintained_by(user).exists()


def _validate(
    name: str,
    version_label: str,
    level: str,
    promulgated_on: dt.date | None,
    effective_from: dt.date | None,
    articles: Sequence[Mapping[str, Any]],
) -> list[str]:
    problems = [
        LAW_FIELD_REQUIRED.format(label=label)
        for label, value in (
            ("法规名称", name),
            ("版本", version_label),
            ("施行日期", effective_from),
        )
        if not value
    ]
    if level not in LawLevel.values:
        options = "、".join(str(label) for label in LawLevel.labels)
        problems.append(LAW_LEVEL_INVALID.format(raw=level, options=options))
    if promulgated_on and effective_from and effective_from < promulgated_on:
        problems.append(LAW_DATES)
    if not articles:
        problems.append(LAW_NEEDS_ARTICLES)
    seen: set[str] = set()
    for article in articles:
        number = article_number(str(article.get("number", "")))
        if not number or not str(article.get("text", "")).strip():
            problems.append(LAW_FIELD_REQUIRED.format(label="条款号和条文"))
        elif number in seen:
            problems.append(
                LAW_ARTICLE_DUPLICATE.format(name=name, version=version_label, number=number)
            )
        seen.add(number)
    if Law.objects.filter(name=name, version_label=version_label).exists():
        problems.append(LAW_VERSION_EXISTS.format(name=name, version=version_label))
    return problems


@transaction.atomic
def law_create(
    *,
    actor: Any,
    name: str,
    version_label: str,
    level: str,
    issuer: str,
    promulgated_on: dt.date | None,
    effective_from: dt.date,
    articles: Sequence[Mapping[str, Any]],
) -> Law:
    """Add one version of a law with its articles ({"number": "第七十六条", "text": ...}).

    Raises:
        Forbidden: the actor is neither a system administrator nor an agency maintainer.
        ValidationFailed: missing fields, unknown level, duplicate article or existing version.
    """
    if actor is not None and not can_maintain_laws(actor):
        raise Forbidden(LAW_NOT_ALLOWED)
    name, version_label = name.strip(), version_label.strip()
    problems = _validate(name, version_label, level, promulgated_on, effective_from, articles)
    if problems:
        raise ValidationFailed(
            "；".join(problems), code="law_invalid", extra={"problems": problems}
        )
    user = actor if getattr(actor, "pk", None) else None
    law = Law.objects.create(
        name=name,
        version_label=version_label,
        level=level,
        issuer=issuer.strip(),
        promulgated_on=promulgated_on,
        effective_from=effective_from,
        created_by=user,
        updated_by=user,
    )
    LawArticle.objects.bulk_create(
        LawArticle(
            law=law,
            number=article_number(str(a["number"])),
            position=a.get("position", i),
            text=str(a["text"]).strip(),
            created_by=user,
        )
        for i, a in enumerate(articles)
    )
    audit_record(
        actor=actor,
        event="catalog.law.created",
        target=law,
        new={
            "name": name,
            "version_label": version_label,
            "effective_from": effective_from,
            "articles": len(articles),
        },
    )
    return law
