"""`sanxiang verify`: an untouched deployment verifies clean; every kind of tampering is named."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from sanxiang.catalog.models import DiscretionTier, EnforcementItem
from sanxiang.catalog.services import catalog_replace, law_create
from sanxiang.catalog.tests.factories import benchmark_row, item_row
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import Checkpoint, LedgerEntry, LedgerNode
from sanxiang.ledger.services import checkpoint_publish
from sanxiang.organisations import services as org
from sanxiang.organisations.models import Officer, SubjectType
from sanxiang.organisations.tests.factories import make_uscc

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def key_file(settings, tmp_path):
    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "ledger.pem"


@pytest.fixture
def deployment():
    """A small deployment written only through services, with two checkpoints."""
    region = org.region_ensure(code="140524", name="陵川县")
    field = org.enforcement_field_ensure(code="forestry", name="林业")
    data = {"name": "陵川县林业局", "uscc": make_uscc(), "subject_type": SubjectType.STATUTORY}
    agency = org.agency_create(actor=None, region=region, data=data, fields=[field])
    for name in ("甲", "乙", "丙"):
        officer = org.officer_create(actor=None, agency=agency, data={"name": f"执法员{name}"})
        org.certificate_issue(
            actor=None,
            officer=officer,
            number=f"CERT-{name}",
            issuing_body="山西省人民政府",
            fields=[field],
            valid_from=DAY,
            valid_to=dt.date(2030, 1, 1),
        )
    checkpoint_publish()
    law_create(
        actor=None,
        name="中华人民共和国森林法",
        version_label="2019年修订",
        level="law",
        issuer="全国人大常委会",
        promulgated_on=dt.date(2019, 12, 28),
        effective_from=dt.date(2020, 7, 1),
        articles=[{"number": "第七十六条", "text": "……"}, {"number": "第七十七条", "text": "……"}],
    )
    catalog_replace(
        actor=None,
        agency=agency,
        kind="item",
        rows=[item_row("XK-001"), item_row("XK-002")],
        effective_from=DAY,
    )
    catalog_replace(
        actor=None, agency=agency, kind="benchmark", rows=[benchmark_row()], effective_from=DAY
    )
    checkpoint_publish()
    return agency


def verify_output(capsys):
    try:
        call_command("verify", "--quiet")
    except CommandError as exc:
        return False, capsys.readouterr().out + str(exc)
    return True, capsys.readouterr().out


def test_untouched_deployment_verifies_clean(deployment, capsys):
    ok, out = verify_output(capsys)
    assert ok, out
    assert "校验通过" in out


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def tamper_entry_json():
    entry = LedgerEntry.objects.filter(entry__contains="执法员").order_by("index").first()
    altered = entry.entry.replace("执法员", "执法员X", 1)
    assert altered != entry.entry
    LedgerEntry.objects.filter(index=entry.index).update(entry=altered)


def tamper_delete_entry():
    LedgerEntry.objects.filter(index=2).delete()


def tamper_delete_tail():
    last = LedgerEntry.objects.order_by("-index").first()
    LedgerEntry.objects.filter(index=last.index).delete()


def tamper_reorder_entries():
    a, b = LedgerEntry.objects.get(index=4), LedgerEntry.objects.get(index=5)
    with transaction.atomic():
        LedgerEntry.objects.filter(index=5).delete()
        LedgerEntry.objects.filter(index=4).update(
            entry=b.entry, leaf_hash=b.leaf_hash, identity_hash=b.identity_hash
        )
        LedgerEntry.objects.create(
            index=5,
            entry=a.entry,
            leaf_hash=a.leaf_hash,
            kind=a.kind,
            identity_hash=a.identity_hash,
            recorded_at=a.recorded_at,
        )


def tamper_subtree_hash():
    LedgerNode.objects.filter(level=1, index=0).update(hash="ab" * 32)


def tamper_checkpoint_signature():
    cp = Checkpoint.objects.order_by("size").first()
    Checkpoint.objects.filter(pk=cp.pk).update(note=cp.note.replace("\n\n— ", "\n\n— x"))


def tamper_rewrite_history_consistently():
    """Edit an entry AND recompute its leaf and every node: the signed checkpoints still catch it."""
    from sanxiang.ledger.merkle import MemoryTree, leaf_hash

    entry = LedgerEntry.objects.filter(entry__contains="执法员").order_by("index").first()
    forged = entry.entry.replace("执法员", "冒名", 1)
    LedgerEntry.objects.filter(index=entry.index).update(
        entry=forged, leaf_hash=leaf_hash(forged.encode()).hex()
    )
    tree = MemoryTree()
    for e in LedgerEntry.objects.order_by("index"):
        tree.append(e.entry.encode())
    LedgerNode.objects.all().delete()
    LedgerNode.objects.bulk_create(
        LedgerNode(level=k[0], index=k[1], hash=v.hex()) for k, v in tree.nodes.items()
    )


def tamper_delete_audit_event():
    AuditEvent.objects.filter(event="organisations.officer.created").first().delete()


def tamper_officer_inserted_behind_services():
    agency = Officer.objects.first().agency
    Officer.objects.create(agency=agency, name="影子执法员")


def tamper_catalog_fine_range():
    DiscretionTier.objects.filter(kind="standard").update(fine_max=99999)


def tamper_catalog_item_name():
    EnforcementItem.objects.filter(code="XK-001").update(name="被篡改的事项")


def tamper_head_frontier():
    from sanxiang.ledger.models import LedgerHead

    LedgerHead.objects.filter(pk=1).update(frontier='[[0, "' + "cd" * 32 + '"]]')


TAMPERS = {
    tamper_head_frontier: "head_frontier_altered",
    tamper_entry_json: "entry_altered",
    tamper_delete_entry: "entry_missing",
    tamper_delete_tail: "checkpoint_beyond_log",
    tamper_reorder_entries: "entry_chain_broken",
    tamper_subtree_hash: "node_altered",
    tamper_checkpoint_signature: "checkpoint_signature_invalid",
    tamper_rewrite_history_consistently: "checkpoint_root_mismatch",
    tamper_delete_audit_event: "audit_event_deleted",
    tamper_officer_inserted_behind_services: "row_not_audited",
    tamper_catalog_fine_range: "catalog_altered",
    tamper_catalog_item_name: "catalog_altered",
}


@pytest.mark.parametrize("tamper", TAMPERS, ids=lambda t: t.__name__)
def test_every_tampering_is_reported(deployment, capsys, tamper):
    tamper()
    ok, out = verify_output(capsys)
    assert not ok
    assert f"[{TAMPERS[tamper]}]" in out, out
    assert "校验未通过" in out
