"""What the demo load put in the database: counts and the demo accounts, for `sanxiang demo status`."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from sanxiang.catalog.models import (
    DiscretionBenchmark,
    EnforcementItem,
    HearingThreshold,
    MajorDecisionRule,
    RecordingRequirement,
    ServiceGuide,
    SpotCheckItem,
)
from sanxiang.demo.data_people import ACCOUNTS, DEMO_PASSWORD
from sanxiang.demo.services import demo_is_loaded, demo_usccs
from sanxiang.organisations.models import (
    Agency,
    Certificate,
    Officer,
    Role,
    RoleAssignment,
    TrainingRecord,
    Unit,
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    role_label: str
    agency: str
    password: str


def demo_accounts() -> list[DemoAccount]:
    """The demo accounts that exist, in the order of ACCOUNTS, with their one role each."""
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=[a[0] for a in ACCOUNTS])
    }
    grants = {
        (g.user.username, g.role): g.agency.name
        for g in RoleAssignment.objects.filter(user__in=users.values()).select_related(
            "user", "agency"
        )
    }
    result = []
    for username, role, _, _ in ACCOUNTS:
        if username in users and (username, role) in grants:
            result.append(
                DemoAccount(
                    username=username,
                    full_name=users[username].first_name,
                    role=role,
                    role_label=str(Role(role).label),
                    agency=grants[(username, role)],
                    password=DEMO_PASSWORD,
                )
            )
    return result


def demo_counts() -> dict[str, int]:
    """Row counts of the demo agencies' data (open catalog versions only)."""
    agencies = Agency.objects.filter(uscc__in=demo_usccs())
    open_rows = {"agency__in": agencies, "effective_to__isnull": True}
    return {
        "执法主体": agencies.count(),
        "内设机构": Unit.objects.filter(agency__in=agencies).count(),
        "执法人员": Officer.objects.filter(agency__in=agencies).count(),
        "执法证": Certificate.objects.filter(officer__agency__in=agencies).count(),
        "培训记录": TrainingRecord.objects.filter(officer__agency__in=agencies).count(),
        "演示账号": len(demo_accounts()),
        "执法事项": EnforcementItem.objects.filter(**open_rows).count(),
        "裁量基准": DiscretionBenchmark.objects.filter(**open_rows).count(),
        "随机抽查事项": SpotCheckItem.objects.filter(**open_rows).count(),
        "音像记录事项": RecordingRequirement.objects.filter(**open_rows).count(),
        "法制审核目录": MajorDecisionRule.objects.filter(**open_rows).count(),
        "听证标准": HearingThreshold.objects.filter(**open_rows).count(),
        "服务指南": ServiceGuide.objects.filter(**open_rows).count(),
    }


def demo_status() -> tuple[bool, dict[str, int]]:
    """(loaded, counts). Raises: DemoLoadRefused when only part of the demo agencies exist."""
    return demo_is_loaded(), demo_counts()
