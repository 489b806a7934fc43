"""The database side of ledger evidence bundles (bundles.py is the offline, database-free side):
find the entries that record a set of audit events, and finish a bundle with those entries,
their inclusion proofs, a signed checkpoint covering them and the verifier keys.
"""

from __future__ import annotations

from collections.abc import Iterable

from sanxiang.ledger.bundle_writer import BundleWriter
from sanxiang.ledger.integrity import audit_identity
from sanxiang.ledger.keys import known_verifier_keys
from sanxiang.ledger.models import Checkpoint, LedgerEntry
from sanxiang.ledger.proofs import inclusion_path
from sanxiang.ledger.services import checkpoint_publish

IN_CHUNK = 500


def entries_for_audit_events(audit_event_ids: Iterable[int]) -> dict[int, LedgerEntry]:
    """The ledger entries (by index) recording these AuditEvents."""
    hashes = sorted({audit_identity(pk) for pk in audit_event_ids})
    found: dict[int, LedgerEntry] = {}
    for start in range(0, len(hashes), IN_CHUNK):
        chunk = hashes[start : start + IN_CHUNK]
        for entry in LedgerEntry.objects.filter(identity_hash__in=chunk):
            found[entry.index] = entry
    return found


def entries_for_subjects(sha256s: Iterable[str]) -> dict[int, LedgerEntry]:
    """The ledger entries recorded with these subject SHA-256s."""
    values = sorted(set(sha256s))
    found: dict[int, LedgerEntry] = {}
    for start in range(0, len(values), IN_CHUNK):
        for entry in LedgerEntry.objects.filter(
            subject_sha256__in=values[start : start + IN_CHUNK]
        ):
            found[entry.index] = entry
    return found


def bundle_seal(writer: BundleWriter, *, indexes: Iterable[int]) -> Checkpoint:
    """Write the ledger part of a bundle whose manifest is written and ledgered.

    Signs a checkpoint if the latest one does not cover the log yet (call it after the
    transaction that ledgered the manifest committed, so the signed tree head is durable), then
    writes every entry of `indexes` with its inclusion proof against that checkpoint.
    """
    checkpoint = checkpoint_publish()
    wanted = sorted(set(indexes))
    rows: dict[int, LedgerEntry] = {}
    for start in range(0, len(wanted), IN_CHUNK):
        for entry in LedgerEntry.objects.filter(index__in=wanted[start : start + IN_CHUNK]):
            rows[entry.index] = entry
    missing = [i for i in wanted if i not in rows or i >= checkpoint.size]
    if missing:
        raise LookupError(f"ledger entries not covered by checkpoint {checkpoint.size}: {missing}")
    size = checkpoint.size
    proofs = {i: inclusion_path(i, size) for i in wanted}
    keys = [k.verifier for k in known_verifier_keys().keys]
    writer.write_ledger(
        entries={i: rows[i].entry.encode("utf-8") for i in wanted},
        proofs=proofs,
        tree_size=checkpoint.size,
        root_hash=bytes.fromhex(checkpoint.root_hash),
        checkpoint=checkpoint.note,
        keys=keys,
    )
    return checkpoint
