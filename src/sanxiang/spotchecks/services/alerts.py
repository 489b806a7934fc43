"""多头检查预警: one entity inspected by more than N different agencies within the window.

Inspections are matched across agencies by the party's 统一社会信用代码 (any source, not only
双随机). Checked when a spot-check inspection is opened and by the scan job for all others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce

from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import Forbidden, NotFound
from sanxiang.inspections.models import Inspection
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.models import Agency
from sanxiang.spotchecks.models import AlertConfig, MultiInspectionAlert
from sanxiang.spotchecks.payloads import AlertConfigData
from sanxiang.spotchecks.permissions import can_configure_alerts

DEFAULT_THRESHOLD = 2
DEFAULT_WINDOW_DAYS = 30
NOT_CONFIGURER = "只有司法局执法监督人员或系统管理员可以设置多头检查预警"


def _config(supervisor_id: Any) -> tuple[int, int]:
    config = AlertConfig.objects.filter(supervisor_id=supervisor_id).first()
    if config is None:
        return DEFAULT_THRESHOLD, DEFAULT_WINDOW_DAYS
    return config.threshold, config.window_days


def _inspections(uscc: str, start: dt.date, end: dt.date) -> list[Inspection]:
    day = Coalesce("inspected_on", "planned_on")
    return list(
        Inspection.objects.annotate(day=day)
        .filter(case__party_identifier=uscc, day__gte=start, day__lte=end)
        .select_related("case", "case__agency")
    )


def alerts_check_entity(
    *, uscc: str, on: dt.date, actor: Any = None
) -> MultiInspectionAlert | None:
    """Raise an alert (once per entity and end date) when the window ending `on` has too many.

    The window and threshold are those of the 司法局 supervising the inspecting agencies.
    """
    found = _inspections(uscc, on - dt.timedelta(days=366), on)
    supervisors = {i.case.agency.supervising_agency_id for i in found}
    for supervisor_id in sorted(supervisors, key=str):
        threshold, window_days = _config(supervisor_id)
        start = on - dt.timedelta(days=window_days - 1)
        inside = [
            i
            for i in found
            if start <= (i.inspected_on or i.planned_on) <= on
            and i.case.agency.supervising_agency_id == supervisor_id
        ]
        agencies = sorted({str(i.case.agency_id) for i in inside})
        if len(agencies) <= threshold:
            continue
        if MultiInspectionAlert.objects.filter(uscc=uscc, window_end=on).exists():
            return None
        alert = MultiInspectionAlert(
            supervisor_id=supervisor_id, uscc=uscc, entity_name=inside[0].case.party_name,
            window_start=start, window_end=on, agency_ids=agencies,
            case_ids=sorted(str(i.case_id) for i in inside), threshold=threshold,
        )  # fmt: skip
        try:
            with transaction.atomic():
                alert.save()
        except IntegrityError:
            return None  # raised concurrently by another opening or the scan
        audit_record(
            actor=actor,
            event="spotchecks.alert.raised",
            target=alert,
            agency_id=supervisor_id,
            new={"uscc": uscc, "agencies": agencies, "window": [str(start), str(on)]},
        )
        return alert
    return None


@transaction.atomic
def alerts_scan(*, today: dt.date) -> list[MultiInspectionAlert]:
    """The scan job: check every entity with an inspection in the last 30 days (or window)."""
    longest = max([DEFAULT_WINDOW_DAYS, *AlertConfig.objects.values_list("window_days", flat=True)])
    since = today - dt.timedelta(days=longest)
    recent = (
        Inspection.objects.filter(Q(inspected_on__gte=since) | Q(planned_on__gte=since))
        .exclude(case__party_identifier="")
        .values_list("case__party_identifier", flat=True)
        .distinct()
    )
    raised = []
    for uscc in sorted(set(recent)):
        alert = alerts_check_entity(uscc=uscc, on=today)
        if alert is not None:
            raised.append(alert)
    return raised


@transaction.atomic
def alert_config_set(
    *, user: Any, supervisor_id: Any, data: Mapping[str, Any] | AlertConfigData
) -> AlertConfig:
    """Set N and the window for one 司法局. Raises: NotFound; Forbidden `not_configurer`."""
    supervisor = Agency.objects.filter(pk=supervisor_id, is_supervisory=True).first()
    if supervisor is None:
        raise NotFound()
    if not can_configure_alerts(user, supervisor):
        raise Forbidden(NOT_CONFIGURER, code="not_configurer")
    payload = parse(AlertConfigData, data)
    config = AlertConfig.objects.select_for_update().filter(supervisor=supervisor).first()
    old = {"threshold": config.threshold, "window_days": config.window_days} if config else {}
    if config is None:
        config = AlertConfig(supervisor=supervisor, created_by=user)
    config.threshold = payload.threshold
    config.window_days = payload.window_days
    config.updated_by = user
    config.save()
    audit_record(
        actor=user,
        event="spotchecks.alert_config.set",
        target=config,
        agency_id=supervisor.pk,
        old=old,
        new={"threshold": config.threshold, "window_days": config.window_days},
    )
    return config
