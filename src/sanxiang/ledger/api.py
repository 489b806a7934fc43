"""Public ledger API (INTEGRITY.md §1 table). No login; hashes and proofs only."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from sanxiang.ledger import selectors
from sanxiang.ledger.keys import load_signing_key

router = Router(tags=["防篡改日志"], auth=None)


class LeavesOut(Schema):
    leaf_hashes: list[str]


class InclusionOut(Schema):
    leaf_index: int
    tree_size: int
    hashes: list[str]


class ConsistencyOut(Schema):
    first: int
    second: int
    hashes: list[str]


class RecordedOut(Schema):
    index: int
    recorded_at: dt.datetime
    kind: str
    leaf_hash: str


class LookupOut(Schema):
    sha256: str
    found: bool
    records: list[RecordedOut]


@router.get("/checkpoint", summary="最新签名检查点（C2SP tlog-checkpoint, text/plain）")
def checkpoint(request: HttpRequest) -> HttpResponse:
    note = selectors.latest_checkpoint().note
    return HttpResponse(note, content_type="text/plain; charset=utf-8")


@router.get("/key", summary="检查点验证公钥（C2SP signed-note verifier key）")
def key(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        load_signing_key().verifier() + "\n", content_type="text/plain; charset=utf-8"
    )


@router.get("/leaves", response=LeavesOut, summary="叶哈希（start ≤ i < end，最多 1000 条）")
def leaves(request: HttpRequest, start: int, end: int) -> LeavesOut:
    return LeavesOut(leaf_hashes=selectors.leaf_hashes(start=start, end=end))


@router.get("/proof/inclusion", response=InclusionOut, summary="包含证明（RFC 9162 §2.1.3）")
def proof_inclusion(request: HttpRequest, index: int, tree_size: int) -> InclusionOut:
    hashes = selectors.inclusion(index=index, size=tree_size)
    return InclusionOut(leaf_index=index, tree_size=tree_size, hashes=hashes)


@router.get("/proof/consistency", response=ConsistencyOut, summary="一致性证明（RFC 9162 §2.1.4）")
def proof_consistency(request: HttpRequest, first: int, second: int) -> ConsistencyOut:
    hashes = selectors.consistency(first=first, second=second)
    return ConsistencyOut(first=first, second=second, hashes=hashes)


@router.get("/lookup", response=LookupOut, summary="按 SHA-256 查询文件或文书的记录")
def lookup(request: HttpRequest, sha256: str) -> LookupOut:
    records = selectors.lookup(sha256=sha256)
    return LookupOut(
        sha256=sha256.strip().lower(),
        found=bool(records),
        records=[RecordedOut(**r.__dict__) for r in records],
    )
