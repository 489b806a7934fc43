"""What `sanxiang verify` checks for the ledger itself and for the audit trail it mirrors.

Each check is a generator of Discrepancy; it reads everything from the database (and the key file)
and trusts nothing stored that it can recompute: leaves from entry bytes, every subtree hash and
root from the leaves, each checkpoint signature with the key that made it (the current key or a
retired one, found by key ID), consistency between consecutive checkpoints, and the pairing of
every AuditEvent with its ledger entry.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from django.db.models import Model

from sanxiang.core.models import AuditEvent
from sanxiang.ledger.keys import KnownKeys, known_verifier_keys
from sanxiang.ledger.merkle import (
    MemoryTree,
    ProofError,
    consistency_proof,
    leaf_hash,
    verify_consistency,
)
from sanxiang.ledger.models import Checkpoint, LedgerEntry, LedgerHead, LedgerNode

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Discrepancy:
    code: str
    message: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


def no_progress(_: int) -> None:
    return None


def _rebuild(progress: Progress) -> tuple[MemoryTree, list[Discrepancy]]:
    """Recompute the tree from entry bytes; report gaps, edited entries and broken chaining."""
    found: list[Discrepancy] = []
    tree = MemoryTree()
    prev_leaf = ""
    for entry in LedgerEntry.objects.order_by("index").iterator(chunk_size=2000):
        if entry.index != tree.size:
            found.append(
                Discrepancy(
                    "entry_missing", f"日志条目 #{tree.size} 缺失（下一条为 #{entry.index}）"
                )
            )
            return tree, found
        data = entry.entry.encode("utf-8")
        computed = leaf_hash(data).hex()
        if computed != entry.leaf_hash:
            found.append(
                Discrepancy(
                    "entry_altered", f"日志条目 #{entry.index} 的内容与其叶哈希不符（条目被修改）"
                )
            )
        try:
            prev = json.loads(data).get("prev", "")
        except ValueError:
            prev = None
        if prev != prev_leaf:
            found.append(
                Discrepancy(
                    "entry_chain_broken",
                    f"日志条目 #{entry.index} 的 prev 与上一条目不符（条目被删除、插入或重排）",
                )
            )
        prev_leaf = entry.leaf_hash
        tree.append(data)
        progress(1)
    return tree, found


def _check_nodes(tree: MemoryTree) -> Iterator[Discrepancy]:
    stored = {
        (n.level, n.index): n.hash for n in LedgerNode.objects.all().iterator(chunk_size=5000)
    }
    for key, value in tree.nodes.items():
        if stored.get(key) != value.hex():
            what = "缺失" if key not in stored else "被改写"
            yield Discrepancy("node_altered", f"子树哈希 (层 {key[0]}, 序号 {key[1]}) {what}")
    for key in stored.keys() - tree.nodes.keys():
        yield Discrepancy("node_extra", f"子树哈希 (层 {key[0]}, 序号 {key[1]}) 不对应任何日志条目")


def _signature_problem(cp: Checkpoint, root: bytes, known: KnownKeys) -> Discrepancy | None:
    """Check the note against the key its signature line names (by key ID): the body must be
    exactly what that key's name, the size and the recomputed root give."""
    body, _, signature_line = cp.note.partition("\n\n")
    parts = signature_line.strip().split(" ")
    invalid = Discrepancy(
        "checkpoint_signature_invalid", f"检查点 {cp.size} 的签名无效或与内容不符"
    )
    try:
        raw = base64.b64decode(parts[-1], validate=True)
    except (ValueError, IndexError):
        return invalid
    if len(parts) != 3 or parts[0] != "\u2014" or len(raw) != 68 or raw[:4].hex() != cp.key_id:
        return invalid
    candidates = known.by_id(raw[:4])
    if not candidates:
        return Discrepancy(
            "checkpoint_key_unknown",
            f"检查点 {cp.size} 由未知密钥（{parts[1]}，密钥标识 {raw[:4].hex()}）签名："
            "既不是当前密钥，也不在已停用密钥清单中",
        )
    for key in candidates:
        expected_body = f"{key.name}\n{cp.size}\n{base64.b64encode(root).decode()}"
        if parts[1] != key.name or body != expected_body:
            continue
        try:
            key.public.verify(raw[4:], (body + "\n").encode())
        except InvalidSignature:
            continue
        return None
    return invalid


def _check_checkpoints(tree: MemoryTree) -> Iterator[Discrepancy]:
    known = known_verifier_keys()
    for number, text in known.malformed:
        yield Discrepancy(
            "retired_key_malformed", f"已停用密钥清单第 {number} 行不是有效的验证公钥：{text[:80]}"
        )
    previous: Checkpoint | None = None
    for cp in Checkpoint.objects.order_by("size"):
        if cp.size > tree.size:
            yield Discrepancy(
                "checkpoint_beyond_log",
                f"检查点 {cp.size} 超出现有日志长度 {tree.size}（日志尾部被删除）",
            )
            continue
        root = tree.root(cp.size)
        if root.hex() != cp.root_hash:
            yield Discrepancy(
                "checkpoint_root_mismatch", f"检查点 {cp.size} 的根哈希与重算结果不符"
            )
        problem = _signature_problem(cp, root, known)
        if problem is not None:
            yield problem
        if previous is not None and previous.size > 0:
            try:
                proof = consistency_proof(tree.read, previous.size, cp.size)
                verify_consistency(
                    previous.size,
                    cp.size,
                    proof,
                    bytes.fromhex(previous.root_hash),
                    bytes.fromhex(cp.root_hash),
                )
            except (ProofError, ValueError):
                yield Discrepancy(
                    "checkpoints_inconsistent", f"检查点 {previous.size} 与 {cp.size} 不一致"
                )
        previous = cp


def tree_frontier(tree: MemoryTree) -> list[list[object]]:
    """[[level, hex]] of the perfect subtrees on the right edge, largest first."""
    out: list[list[object]] = []
    start = 0
    for level in range(tree.size.bit_length() - 1, -1, -1):
        if tree.size >> level & 1:
            out.append([level, tree.read(level, start >> level).hex()])
            start += 1 << level
    return out


def check_ledger(progress: Progress = no_progress) -> Iterator[Discrepancy]:
    """Leaves, chaining, stored subtree hashes, head size, checkpoint roots, signatures, consistency."""
    tree, found = _rebuild(progress)
    yield from found
    head = LedgerHead.objects.filter(pk=1).first()
    if head is None or head.size != tree.size:
        size = head.size if head else "无"
        yield Discrepancy("head_mismatch", f"日志头记录的长度 {size} 与条目数 {tree.size} 不符")
    elif json.loads(head.frontier or "[]") != tree_frontier(tree):
        yield Discrepancy(
            "head_frontier_altered",
            "日志头保存的右边界子树哈希与重算结果不符（后续条目将被错误整合）",
        )
    yield from _check_nodes(tree)
    yield from _check_checkpoints(tree)


def audit_identity(pk: int) -> str:
    return hashlib.sha256(f"audit:{pk}".encode()).hexdigest()


def rows_without_audit(
    models: Iterable[type[Model]], progress: Progress = no_progress
) -> Iterator[Discrepancy]:
    """Every row of `models` was written through a service: it is the target of an audit event.

    Each app's `sanxiang verify` check lists the models its services audit as the target of the
    event that creates them; a row without one bypassed the audit and the ledger."""
    for model in models:
        label = model._meta.label_lower
        audited = set(
            AuditEvent.objects.filter(target_type=label).values_list("target_id", flat=True)
        )
        for pk in model._default_manager.values_list("pk", flat=True).iterator(chunk_size=5000):
            if str(pk) not in audited:
                name = model._meta.verbose_name
                yield Discrepancy(
                    "row_not_audited", f"{name} {pk} 没有经过业务服务写入的记录（绕过了审计和日志）"
                )
            progress(1)


def check_audit_coverage(progress: Progress = no_progress) -> Iterator[Discrepancy]:
    """Every AuditEvent has its ledger entry, and every audit-backed entry still has its event."""
    identities = set(LedgerEntry.objects.values_list("identity_hash", flat=True))
    events: dict[int, str] = {}
    for event in AuditEvent.objects.only("pk", "event").iterator(chunk_size=5000):
        events[event.pk] = event.event
        if audit_identity(event.pk) not in identities:
            yield Discrepancy(
                "audit_not_ledgered", f"审计事件 {event.pk}（{event.event}）没有对应的日志条目"
            )
        progress(1)
    for entry in LedgerEntry.objects.only("index", "entry", "kind").iterator(chunk_size=2000):
        try:
            data = json.loads(entry.entry).get("data", {})
        except ValueError:
            continue  # reported by check_ledger as an altered entry
        pk = data.get("audit_event") if isinstance(data, dict) else None
        if pk is None:
            continue
        if pk not in events:
            yield Discrepancy(
                "audit_event_deleted",
                f"日志条目 #{entry.index} 记录的审计事件 {pk} 已不存在（审计记录被删除）",
            )
        elif events[pk] != entry.kind:
            yield Discrepancy(
                "audit_event_altered", f"审计事件 {pk} 的类型与日志条目 #{entry.index} 不符"
            )
