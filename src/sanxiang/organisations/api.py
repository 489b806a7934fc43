"""Staff API for agency master data (Bearer token). Scoped: another agency's object is a 404."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from sanxiang.organisations.masking import mask_phone
from sanxiang.organisations.permissions import agencies_visible_to
from sanxiang.organisations.selectors import (
    agency_get_for_user,
    officer_get_for_user,
    officers_of_agency,
)

router = Router(tags=["执法主体与人员"])


class AgencyOut(Schema):
    id: uuid.UUID
    name: str
    uscc: str
    subject_type: str
    region_code: str
    supervising_agency_id: uuid.UUID | None


class CertificateOut(Schema):
    number: str
    issuing_body: str
    fields: list[str]
    valid_from: dt.date
    valid_to: dt.date
    status: str
    valid_today: bool


class OfficerOut(Schema):
    id: uuid.UUID
    name: str
    agency_id: uuid.UUID
    unit: str | None
    title: str
    phone_masked: str
    has_legal_qualification: bool
    certificates: list[CertificateOut]


def _agency_out(agency) -> AgencyOut:  # type: ignore[no-untyped-def]
    return AgencyOut(
        id=agency.pk,
        name=agency.name,
        uscc=agency.uscc,
        subject_type=agency.subject_type,
        region_code=agency.region_id,
        supervising_agency_id=agency.supervising_agency_id,
    )


def _officer_out(officer, today: dt.date) -> OfficerOut:  # type: ignore[no-untyped-def]
    return OfficerOut(
        id=officer.pk,
        name=officer.name,
        agency_id=officer.agency_id,
        unit=officer.unit.name if officer.unit else None,
        title=officer.title,
        phone_masked=mask_phone(officer.phone) if officer.phone else "",
        has_legal_qualification=officer.has_legal_qualification,
        certificates=[
            CertificateOut(
                number=c.number,
                issuing_body=c.issuing_body,
                fields=[f.code for f in c.fields.all()],
                valid_from=c.valid_from,
                valid_to=c.valid_to,
                status=c.status,
                valid_today=c.is_valid_on(today),
            )
            for c in officer.certificates.all()
        ],
    )


@router.get("/agencies", response=list[AgencyOut], summary="可查看的执法主体")
def agencies(request: HttpRequest) -> list[AgencyOut]:
    return [_agency_out(a) for a in agencies_visible_to(request.user)]


@router.get("/agencies/{agency_id}", response=AgencyOut, summary="执法主体详情")
def agency(request: HttpRequest, agency_id: str) -> AgencyOut:
    return _agency_out(agency_get_for_user(user=request.user, agency_id=agency_id))


@router.get("/agencies/{agency_id}/officers", response=list[OfficerOut], summary="执法人员")
def agency_officers(request: HttpRequest, agency_id: str) -> list[OfficerOut]:
    agency = agency_get_for_user(user=request.user, agency_id=agency_id)
    today = timezone.localdate()
    return [_officer_out(o, today) for o in officers_of_agency(user=request.user, agency=agency)]


@router.get("/officers/{officer_id}", response=OfficerOut, summary="执法人员详情")
def officer(request: HttpRequest, officer_id: str) -> OfficerOut:
    found = officer_get_for_user(user=request.user, officer_id=officer_id)
    return _officer_out(found, timezone.localdate())
