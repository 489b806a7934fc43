"""Verifiable random draws (双随机): RFC 3797 selection, pure Python, no Django.

INTEGRITY.md §3. Anyone holding the published record (`DRAW_FORMAT` JSON) can re-run the draw with
this module alone (`sanxiang draw verify`), or with the page's JavaScript, which follows the same
steps:

1. Key string: for each entropy source in published order, its numbers sorted ascending, each
   written in decimal without leading zeros and followed by ".", the source closed by "/".
2. For i = 0, 1, 2, …: D_i = MD5(u16be(i) ‖ key ‖ u16be(i)) read as a 128-bit big-endian integer.
   Each D_i makes one pick: the (D_i mod remaining + 1)-th still-unpicked candidate, in the
   published order of that list (RFC 3797 §4).
3. Objects first: i = 0 … count-1 pick `count` entities from the entity pool.
4. Then inspectors, with the counter continuing where the objects stopped: for each picked entity
   in pick order, for each inspector quota in published order (one quota per agency; a single
   agency's task has one), draw the quota's number of inspectors from that agency's inspectors in
   pool order, minus the entity's exclusions (回避) and minus those already picked for this entity.
   Every entity starts again from the full inspector pool: an inspector may be drawn for several
   objects.

Algorithm ids are versioned: "rfc3797-md5" is the one above; another digest gets another id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sanxiang.ledger.canonical import canonical_json

ALGORITHM_RFC3797_MD5 = "rfc3797-md5"
ALGORITHMS = frozenset({ALGORITHM_RFC3797_MD5})
DRAW_FORMAT = "sanxiang-draw/1"
# u16be(i): RFC 3797 allows at most 65,536 picks from one key.
MAX_PICKS = 1 << 16


class DrawError(ValueError):
    """The inputs cannot make a draw (unknown algorithm, too few candidates, bad entropy)."""


def key_string(sources: Sequence[Sequence[int]]) -> str:
    """The RFC 3797 key: per source its numbers ascending, each + ".", each source + "/".

    Raises: DrawError for a source without numbers or a negative or non-integer value.
    """
    parts: list[str] = []
    for source in sources:
        if not source:
            raise DrawError("每个随机数来源至少要有一个数")
        for value in source:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise DrawError("随机数来源的值必须是非负整数")
        parts.append("".join(f"{value}." for value in sorted(source)) + "/")
    if not parts:
        raise DrawError("至少需要一个随机数来源")
    return "".join(parts)


def rfc3797_digest(i: int, key: str) -> bytes:
    if not 0 <= i < MAX_PICKS:
        raise DrawError("抽取次数超过 RFC 3797 的上限（65536）")
    counter = i.to_bytes(2, "big")
    return hashlib.md5(counter + key.encode("ascii") + counter, usedforsecurity=False).digest()


@dataclass(frozen=True)
class Step:
    """One pick, for the published trace: counter, MD5 (hex), candidates left, 1-based position."""

    i: int
    md5: str
    remaining: int
    position: int
    picked: str


def select(
    candidates: Sequence[str], count: int, key: str, *, start: int = 0
) -> tuple[list[Step], int]:
    """Pick `count` of `candidates` (in their given order); returns the steps and the next i.

    Raises: DrawError when there are fewer candidates than `count`.
    """
    if count > len(candidates):
        raise DrawError(f"候选 {len(candidates)} 个，少于要抽取的 {count} 个")
    left = list(candidates)
    steps: list[Step] = []
    i = start
    for _ in range(count):
        digest = rfc3797_digest(i, key)
        index = int.from_bytes(digest, "big") % len(left)
        steps.append(Step(i, digest.hex().upper(), len(left), index + 1, left.pop(index)))
        i += 1
    return steps, i


@dataclass(frozen=True)
class Quota:
    """Draw `count` inspectors of `agency` for every object (one per agency of a joint task)."""

    agency: str
    count: int


@dataclass(frozen=True)
class DrawInputs:
    """Everything published before the draw except the entropy values."""

    algorithm: str
    entities: tuple[str, ...]
    count: int
    inspectors: tuple[str, ...]
    inspector_agency: Mapping[str, str]
    quotas: tuple[Quota, ...]
    exclusions: Mapping[str, frozenset[str]]

    def inspector_candidates(self, entity: str, quota: Quota) -> list[str]:
        excluded = self.exclusions.get(entity, frozenset())
        return [
            o
            for o in self.inspectors
            if self.inspector_agency.get(o) == quota.agency and o not in excluded
        ]


@dataclass(frozen=True)
class Pick:
    entity: str
    inspectors: tuple[str, ...]


@dataclass(frozen=True)
class DrawOutcome:
    key: str
    picks: tuple[Pick, ...]
    steps: tuple[Step, ...]


def run_draw(inputs: DrawInputs, entropy: Sequence[Sequence[int]]) -> DrawOutcome:
    """The whole draw: objects, then inspectors per object (see the module docstring).

    Raises: DrawError (unknown algorithm, bad entropy, too few candidates somewhere).
    """
    if inputs.algorithm not in ALGORITHMS:
        raise DrawError(f"未知的抽取算法：{inputs.algorithm}")
    if inputs.count < 1:
        raise DrawError("抽取数量至少为 1")
    key = key_string(entropy)
    object_steps, i = select(inputs.entities, inputs.count, key)
    steps = list(object_steps)
    picks: list[Pick] = []
    for object_step in object_steps:
        entity = object_step.picked
        chosen: list[str] = []
        for quota in inputs.quotas:
            pool = inputs.inspector_candidates(entity, quota)
            try:
                quota_steps, i = select(pool, quota.count, key, start=i)
            except DrawError as exc:
                raise DrawError(f"检查对象 {entity} 可抽取的检查人员不足：{exc}") from exc
            steps.extend(quota_steps)
            chosen.extend(s.picked for s in quota_steps)
        picks.append(Pick(entity, tuple(chosen)))
    return DrawOutcome(key=key, picks=tuple(picks), steps=tuple(steps))


def ids_sha256(ids: Sequence[str]) -> str:
    """SHA-256 (hex) of the RFC 8785 canonical JSON array of the ids, in published order."""
    return hashlib.sha256(canonical_json(list(ids))).hexdigest()


def json_sha256(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


# --- The published record -------------------------------------------------------------------


def inputs_from_record(inputs: Mapping[str, Any], algorithm: str) -> DrawInputs:
    """Rebuild DrawInputs from the record's "inputs" object. Raises: DrawError, KeyError."""
    constraints = inputs["constraints"]
    return DrawInputs(
        algorithm=algorithm,
        entities=tuple(inputs["entities"]["ids"]),
        count=int(inputs["count"]),
        inspectors=tuple(inputs["inspectors"]["ids"]),
        inspector_agency=dict(inputs["inspectors"]["agency"]),
        quotas=tuple(Quota(q["agency"], int(q["count"])) for q in constraints["quotas"]),
        exclusions={e: frozenset(o) for e, o in constraints["exclusions"].items()},
    )


def picks_as_json(picks: Sequence[Pick]) -> list[dict[str, Any]]:
    return [{"entity": p.entity, "inspectors": list(p.inspectors)} for p in picks]


@dataclass
class Verification:
    ok: bool
    problems: list[str]
    outcome: DrawOutcome | None


def _check_inputs(record: Mapping[str, Any]) -> list[str]:
    inputs = record["inputs"]
    problems = []
    if record.get("algorithm") not in ALGORITHMS:
        problems.append(f"未知的抽取算法：{record.get('algorithm')!r}")
    for pool in ("entities", "inspectors"):
        if ids_sha256(inputs[pool]["ids"]) != inputs[pool]["sha256"]:
            problems.append(f"{pool}: 名单的 SHA-256 与公布值不符")
    if record.get("inputs_sha256") and json_sha256(inputs) != record["inputs_sha256"]:
        problems.append("inputs: 抽取输入的 SHA-256 与公布值不符（输入在公布后被改动）")
    return problems


def _first_difference(expected: Sequence[Pick], published: Sequence[Mapping[str, Any]]) -> str:
    for n, pick in enumerate(expected, start=1):
        if n > len(published):
            return f"第 {n} 个抽取结果缺失：应为 {pick.entity}"
        got = published[n - 1]
        if got.get("entity") != pick.entity:
            return f"第 {n} 个检查对象不符：重算为 {pick.entity}，公布为 {got.get('entity')}"
        if list(got.get("inspectors", [])) != list(pick.inspectors):
            return (
                f"第 {n} 个检查对象 {pick.entity} 的检查人员不符："
                f"重算为 {list(pick.inspectors)}，公布为 {got.get('inspectors')}"
            )
    if len(published) > len(expected):
        return f"公布的结果多出 {len(published) - len(expected)} 个"
    return ""


def verify_record(record: Mapping[str, Any]) -> Verification:
    """Re-run a published draw from its record alone and compare with the published picks."""
    try:
        problems = _check_inputs(record)
        if problems:
            return Verification(False, problems, None)
        inputs = inputs_from_record(record["inputs"], record["algorithm"])
        values = record.get("entropy_values")
        if not values:
            return Verification(False, ["尚未公布随机数来源的值，不能重算"], None)
        outcome = run_draw(inputs, values)
    except (DrawError, KeyError, TypeError, ValueError) as exc:
        return Verification(False, [f"记录无法重算：{exc}"], None)
    if record.get("key") and record["key"] != outcome.key:
        return Verification(
            False, [f"密钥串不符：重算为 {outcome.key}，公布为 {record['key']}"], outcome
        )
    difference = _first_difference(outcome.picks, record.get("picks") or [])
    return Verification(not difference, [difference] if difference else [], outcome)
