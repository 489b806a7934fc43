"""Load the demo data, through the same services every user goes through.

The whole load is one transaction: either every agency, account and list is there, or nothing is.
A second load finds the demo agencies and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from sanxiang.catalog.services import catalog_replace, law_create
from sanxiang.core.errors import ApplicationError
from sanxiang.demo.data_agencies import AGENCIES, FIELDS, REGIONS
from sanxiang.demo.data_cases import demo_cases_load
from sanxiang.demo.data_catalog import EFFECTIVE_FROM, catalog_for
from sanxiang.demo.data_laws import LAWS
from sanxiang.demo.data_licences import demo_licences_load
from sanxiang.demo.data_people import ACCOUNTS, DEMO_PASSWORD, OFFICERS
from sanxiang.organisations.models import Agency, EnforcementField, Region, Unit
from sanxiang.organisations.services import (
    agency_create,
    bootstrap_grant,
    certificate_issue,
    certificate_set_status,
    enforcement_field_ensure,
    officer_create,
    region_ensure,
    training_record_add,
    unit_create,
)
from sanxiang.spotchecks.demo import demo_draws_load

PARTIAL_LOAD = (
    "数据库中已有部分演示执法主体（{found}/{total}），但演示数据不完整；请使用新的数据库重新加载"
)
USERNAME_TAKEN = "账号 {username} 已存在，但不是演示数据创建的；演示数据未加载"

# Catalog lists in dependency order: items first, the lists that refer to item codes after.
CATALOG_KINDS = (
    "item",
    "benchmark",
    "spot_check",
    "recording",
    "major_decision",
    "hearing_threshold",
    "service_guide",
)


class DemoLoadRefused(ApplicationError):
    code = "demo_load_refused"


@dataclass
class LoadResult:
    loaded: bool
    agencies: dict[str, Agency] = field(default_factory=dict)


def demo_usccs() -> list[str]:
    return [str(a["data"]["uscc"]) for a in AGENCIES]


def demo_is_loaded() -> bool:
    """True when every demo agency exists.

    Raises: DemoLoadRefused when only some of them do (a damaged or foreign database).
    """
    found = Agency.objects.filter(uscc__in=demo_usccs()).count()
    if 0 < found < len(AGENCIES):
        raise DemoLoadRefused(PARTIAL_LOAD.format(found=found, total=len(AGENCIES)))
    return found == len(AGENCIES)


@transaction.atomic
def demo_load(*, cases: bool = True) -> LoadResult:
    """Create the demo regions, agencies, units, officers, accounts and catalog, once; with
    `cases`, also 长治市园林局's demo 行政处罚 cases and their 执法文书 (data_cases.py), its
    行政许可 applications and 行政检查 (data_licences.py) and a 双随机 draw (spotchecks.demo).

    Raises: DemoLoadRefused on a partial earlier load or a username already taken;
        ValidationFailed from any service (then nothing is written).
    """
    if demo_is_loaded():
        return LoadResult(loaded=False)
    regions = {code: region_ensure(code=code, name=name) for code, name in REGIONS}
    fields = {code: _field_ensure(code, name) for code, name in FIELDS}
    agencies = _load_agencies(regions, fields)
    users = _load_accounts(agencies)
    _load_officers(agencies, fields, users)
    _load_laws()
    _load_catalog(agencies)
    if cases:
        demo_cases_load()
        demo_licences_load()
        demo_draws_load()
    return LoadResult(loaded=True, agencies=agencies)


def _field_ensure(code: str, name: str) -> EnforcementField:
    return enforcement_field_ensure(code=code, name=name)


def _load_agencies(
    regions: dict[str, Region], fields: dict[str, EnforcementField]
) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for spec in AGENCIES:
        supervisor = agencies[spec["supervised_by"]] if spec.get("supervised_by") else None
        agency = agency_create(
            actor=None,
            region=regions[str(spec["region"])],
            data=spec["data"],
            supervising_agency=supervisor,
            fields=[fields[f] for f in spec["fields"]],
        )
        _load_units(agency, spec["units"], parent=None)
        agencies[str(spec["key"])] = agency
    return agencies


def _load_units(agency: Agency, units: list[Any], parent: Unit | None) -> None:
    for name, responsibilities, is_review, children in units:
        unit = unit_create(
            actor=None,
            agency=agency,
            name=name,
            parent=parent,
            responsibilities=responsibilities,
            is_legal_review_unit=is_review,
        )
        _load_units(agency, children, parent=unit)


def _load_accounts(agencies: dict[str, Agency]) -> dict[str, Any]:
    """Users by officer key (or username for admins), each with its one role."""
    user_model = get_user_model()
    officers = {str(o["key"]): o for o in OFFICERS}
    users: dict[str, Any] = {}
    for username, role, agency_key, who in ACCOUNTS:
        if user_model.objects.filter(username=username).exists():
            raise DemoLoadRefused(USERNAME_TAKEN.format(username=username))
        full_name = officers[who]["data"]["name"] if who in officers else who
        user = user_model(username=username, first_name=full_name)
        validate_password(DEMO_PASSWORD, user)
        user.set_password(DEMO_PASSWORD)
        user.save()
        bootstrap_grant(user=user, role=role, agency=agencies[agency_key])
        users[who if who in officers else username] = user
    return users


def _load_officers(
    agencies: dict[str, Agency], fields: dict[str, EnforcementField], users: dict[str, Any]
) -> None:
    heads = {a: users[w] for _, role, a, w in ACCOUNTS if role == "agency_head"}
    for spec in OFFICERS:
        agency = agencies[str(spec["agency"])]
        unit = Unit.objects.get(agency=agency, name=spec["unit"]) if spec["unit"] else None
        officer = officer_create(
            actor=None,
            agency=agency,
            unit=unit,
            user=users.get(str(spec["key"])),
            data=spec["data"],
        )
        for cert in spec["certificates"]:
            issued = certificate_issue(
                actor=None,
                officer=officer,
                number=cert["number"],
                issuing_body=cert["issuing_body"],
                fields=[fields[f] for f in cert["fields"]],
                valid_from=cert["valid_from"],
                valid_to=cert["valid_to"],
            )
            if cert["suspend_reason"]:
                # A suspension is a decision of the agency head, audited under that account.
                certificate_set_status(
                    actor=heads[str(spec["agency"])],
                    certificate=issued,
                    status="suspended",
                    reason=cert["suspend_reason"],
                )
        for training in spec["trainings"]:
            training_record_add(actor=None, officer=officer, **training)


def _load_laws() -> None:
    for law in LAWS:
        law_create(
            actor=None,
            name=law["name"],
            version_label=law["version_label"],
            level=law["level"],
            issuer=law["issuer"],
            promulgated_on=law["promulgated_on"],
            effective_from=law["effective_from"],
            articles=[
                {"number": number, "text": text, "position": i}
                for i, (number, text) in enumerate(law["articles"])
            ],
        )


def _load_catalog(agencies: dict[str, Agency]) -> None:
    specs = {str(a["key"]): a for a in AGENCIES}
    for agency_key, kinds in catalog_for(specs).items():
        for kind in CATALOG_KINDS:
            if kind in kinds:
                catalog_replace(
                    actor=None,
                    agency=agencies[agency_key],
                    kind=kind,
                    rows=kinds[kind],
                    effective_from=EFFECTIVE_FROM,
                )
