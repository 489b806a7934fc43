"""The 执法人员清单 sheet, imported through the organisations services.

Officers are matched by 执法证号, then 工号, then (when neither is given) a unique name. One row
per certificate; an officer without a certificate has one row with the certificate columns empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sanxiang.catalog.excel.reader import SheetProblem, SheetRows
from sanxiang.catalog.services.cleaning import CellProblem, parse_date, text
from sanxiang.catalog.services.registry import Column
from sanxiang.organisations.models import (
    Agency,
    Certificate,
    CertificateStatus,
    EnforcementField,
    Officer,
    Unit,
)
from sanxiang.organisations.services import (
    CERT_DATES,
    certificate_issue,
    certificate_set_status,
    officer_create,
    officer_update,
)

SHEET = "执法人员清单"
COLUMNS = (
    Column("姓名", "name", required=True),
    Column("所属机构", "unit"),
    Column("职务", "title"),
    Column("工号", "staff_number"),
    Column("执法证号", "number"),
    Column("发证机关", "issuing_body"),
    Column("执法类别", "fields"),
    Column("有效期起", "valid_from"),
    Column("有效期止", "valid_to"),
    Column("证件状态", "status"),
    Column("法律职业资格证书编号", "legal_qualification_number"),
)
PUBLIC_HEADERS = ("姓名", "所属机构", "职务", "执法证号", "执法类别")

REQUIRED = "不能为空"
CERT_REQUIRED = "填写了执法证号时，“{header}”不能为空"
UNIT_UNKNOWN = "“{raw}” 不是本执法主体的内设机构（可选：{options}）"
FIELD_UNKNOWN = "“{raw}” 不是有效的执法类别（可选：{options}）"
STATUS_INVALID = "“{raw}” 不是有效的证件状态（可选：{options}）"
NUMBER_DUPLICATE = "执法证号 {number} 重复（与第 {first:,} 行相同）"
NUMBER_ELSEWHERE = "执法证号 {number} 已登记在其他执法主体"
CERT_IMMUTABLE = "已登记的执法证不能修改“{header}”；如已换证，请填写新证号"
CERT_REVOKED = "已吊销/注销的执法证不能恢复，请重新核发"
NEEDS_ACTOR = "命令行导入需要修改已有执法人员时，必须用 --user 指定操作人"
STATUS_REASON = "执法人员清单导入"
_SPLIT = re.compile(r"[、，,；;/\s]+")
_STATUSES = {str(label): str(value) for value, label in CertificateStatus.choices}


@dataclass
class OfficerPlan:
    officer: Officer | None
    data: dict[str, Any]
    unit: Unit | None
    changed: bool = False
    certs: list[dict[str, Any]] = field(default_factory=list)


class _Context:
    def __init__(self, agency: Agency) -> None:
        self.agency = agency
        self.units = {u.name: u for u in Unit.objects.filter(agency=agency)}
        self.fields: dict[str, EnforcementField] = {}
        for f in EnforcementField.objects.all():
            self.fields[f.name] = f
            self.fields.setdefault(f.code, f)
        self.officers = list(Officer.objects.filter(agency=agency))
        self.certs = {
            c.number: c
            for c in Certificate.objects.select_related("officer").prefetch_related("fields")
        }


def _cell(problems: list[SheetProblem], number: int, header: str, fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except CellProblem as exc:
        problems.append(SheetProblem(SHEET, number, header, str(exc)))
        return None


def _clean_row(
    ctx: _Context, number: int, raw: dict[str, Any], problems: list[SheetProblem]
) -> dict[str, Any]:
    v: dict[str, Any] = {
        c.field: text(raw.get(c.field))
        for c in COLUMNS
        if c.field not in ("valid_from", "valid_to")
    }
    if not v["name"]:
        problems.append(SheetProblem(SHEET, number, "姓名", REQUIRED))
    if v["unit"] and v["unit"] not in ctx.units:
        options = "、".join(ctx.units) or "无"
        problems.append(
            SheetProblem(
                SHEET, number, "所属机构", UNIT_UNKNOWN.format(raw=v["unit"], options=options)
            )
        )
    v["valid_from"] = _cell(problems, number, "有效期起", parse_date, raw.get("valid_from"))
    v["valid_to"] = _cell(problems, number, "有效期止", parse_date, raw.get("valid_to"))
    if not v["number"]:
        return v
    for header, key in (
        ("发证机关", "issuing_body"),
        ("执法类别", "fields"),
        ("有效期起", "valid_from"),
        ("有效期止", "valid_to"),
    ):
        if not v[key] and not any(p.row == number and p.column == header for p in problems):
            problems.append(
                SheetProblem(SHEET, number, header, CERT_REQUIRED.format(header=header))
            )
    names = [n for n in _SPLIT.split(v["fields"]) if n]
    unknown = [n for n in names if n not in ctx.fields]
    for name in unknown:
        options = "、".join(f.name for f in {id(f): f for f in ctx.fields.values()}.values())
        problems.append(
            SheetProblem(SHEET, number, "执法类别", FIELD_UNKNOWN.format(raw=name, options=options))
        )
    v["field_objs"] = [ctx.fields[n] for n in names if n in ctx.fields]
    if v["valid_from"] and v["valid_to"] and v["valid_to"] < v["valid_from"]:
        problems.append(SheetProblem(SHEET, number, "有效期止", CERT_DATES))
    status = v["status"] or "有效"
    if status not in _STATUSES and status not in CertificateStatus.values:
        options = "、".join(_STATUSES)
        problems.append(
            SheetProblem(
                SHEET, number, "证件状态", STATUS_INVALID.format(raw=status, options=options)
            )
        )
    v["status"] = _STATUSES.get(status, status)
    return v


def _find_officer(ctx: _Context, v: dict[str, Any]) -> Officer | None:
    cert = ctx.certs.get(v["number"]) if v["number"] else None
    if cert is not None and cert.officer.agency_id == ctx.agency.pk:
        return cert.officer
    if v["staff_number"]:
        return next((o for o in ctx.officers if o.staff_number == v["staff_number"]), None)
    if not v["number"]:
        same = [o for o in ctx.officers if o.name == v["name"]]
        return same[0] if len(same) == 1 else None
    return None


def _plan_key(officer: Officer | None, v: dict[str, Any], number: int) -> Any:
    if officer is not None:
        return str(officer.pk)
    return ("staff", v["staff_number"]) if v["staff_number"] else ("row", number)


def _officer_data(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": v["name"],
        "title": v["title"],
        "staff_number": v["staff_number"],
        "legal_qualification_number": v["legal_qualification_number"],
        "has_legal_qualification": bool(v["legal_qualification_number"]),
    }


def _differs(officer: Officer, data: dict[str, Any], unit: Unit | None) -> bool:
    if unit is not None and officer.unit_id != unit.pk:
        return True
    return any(getattr(officer, k) != val for k, val in data.items())


def _plan_cert(
    ctx: _Context, number: int, v: dict[str, Any], problems: list[SheetProblem]
) -> dict[str, Any] | None:
    existing = ctx.certs.get(v["number"])
    plan = {
        "row": number,
        "number": v["number"],
        "values": v,
        "existing": existing,
        "action": "issue",
    }
    if existing is None:
        return plan
    if existing.officer.agency_id != ctx.agency.pk:
        problems.append(
            SheetProblem(SHEET, number, "执法证号", NUMBER_ELSEWHERE.format(number=v["number"]))
        )
        return None
    compare = (
        ("发证机关", existing.issuing_body, v["issuing_body"]),
        ("执法类别", {f.pk for f in existing.fields.all()}, {f.pk for f in v["field_objs"]}),
        ("有效期起", existing.valid_from, v["valid_from"]),
        ("有效期止", existing.valid_to, v["valid_to"]),
    )
    for header, old, new in compare:
        if old != new:
            problems.append(
                SheetProblem(SHEET, number, header, CERT_IMMUTABLE.format(header=header))
            )
    if existing.status == v["status"]:
        plan["action"] = None
    elif existing.status == CertificateStatus.REVOKED:
        problems.append(SheetProblem(SHEET, number, "证件状态", CERT_REVOKED))
    else:
        plan["action"] = "status"
    return plan


def plan_officers(
    agency: Agency, actor: Any, sheet: SheetRows, problems: list[SheetProblem]
) -> list[OfficerPlan]:
    ctx = _Context(agency)
    planned: dict[Any, OfficerPlan] = {}
    seen_numbers: dict[str, int] = {}
    for number, raw in sheet.rows:
        v = _clean_row(ctx, number, raw, problems)
        if v["number"]:
            if v["number"] in seen_numbers:
                message = NUMBER_DUPLICATE.format(
                    number=v["number"], first=seen_numbers[v["number"]]
                )
                problems.append(SheetProblem(SHEET, number, "执法证号", message))
                continue
            seen_numbers[v["number"]] = number
        officer = _find_officer(ctx, v)
        key = _plan_key(officer, v, number)
        plan = planned.get(key)
        if plan is None:
            unit = ctx.units.get(v["unit"]) if v["unit"] else None
            data = _officer_data(v)
            plan = planned[key] = OfficerPlan(officer, data, unit)
            plan.changed = officer is not None and _differs(officer, data, unit)
            if plan.changed and actor is None:
                problems.append(SheetProblem(SHEET, number, "姓名", NEEDS_ACTOR))
        if v["number"]:
            cert_plan = _plan_cert(ctx, number, v, problems)
            if cert_plan is not None:
                needs_status = cert_plan["action"] == "status" or (
                    cert_plan["action"] == "issue" and v["status"] != CertificateStatus.ACTIVE
                )
                if needs_status and actor is None:
                    problems.append(SheetProblem(SHEET, number, "证件状态", NEEDS_ACTOR))
                plan.certs.append(cert_plan)
    return list(planned.values())


def apply_officers(actor: Any, agency: Agency, plans: list[OfficerPlan]) -> dict[str, int]:
    counts = {"added": 0, "changed": 0, "removed": 0, "unchanged": 0}
    for plan in plans:
        touched = "unchanged"
        if plan.officer is None:
            plan.officer = officer_create(
                actor=actor, agency=agency, data=plan.data, unit=plan.unit
            )
            touched = "added"
        elif plan.changed:
            officer_update(actor=actor, officer=plan.officer, data=plan.data, unit=plan.unit)
            touched = "changed"
        for cert in plan.certs:
            v = cert["values"]
            if cert["action"] == "issue":
                issued = certificate_issue(
                    actor=actor,
                    officer=plan.officer,
                    number=v["number"],
                    issuing_body=v["issuing_body"],
                    fields=v["field_objs"],
                    valid_from=v["valid_from"],
                    valid_to=v["valid_to"],
                )
                if v["status"] != CertificateStatus.ACTIVE:
                    certificate_set_status(
                        actor=actor, certificate=issued, status=v["status"], reason=STATUS_REASON
                    )
                touched = "added" if touched == "added" else "changed"
            elif cert["action"] == "status":
                certificate_set_status(
                    actor=actor,
                    certificate=cert["existing"],
                    status=v["status"],
                    reason=STATUS_REASON,
                )
                touched = "added" if touched == "added" else "changed"
        counts[touched] += 1
    return counts
