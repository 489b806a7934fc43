"""The draw algorithm against RFC 3797 §6 (the fully worked example) and the record format."""

from __future__ import annotations

import copy
import hashlib

import pytest

from sanxiang.spotchecks.draw import (
    ALGORITHM_RFC3797_MD5,
    DrawError,
    DrawInputs,
    Quota,
    ids_sha256,
    json_sha256,
    key_string,
    picks_as_json,
    run_draw,
    select,
    verify_record,
)

# RFC 3797 §6: the 25 volunteers in their published order and the three entropy sources.
RFC_NAMES = (
    "John Mary Bashful Dopey Sleepy Grouchy Doc Sneazy Handsome Cassandra Pollyanna Pendragon "
    "Pandora Faith Hope Charity Lee Longsuffering Chastity Smith Pride Sloth Envy Anger Kasczynski"
).split()
RFC_SOURCES = [[9319], [2, 5, 12, 8, 10], [9, 18, 26, 34, 41, 45]]
RFC_KEY = "9319./2.5.8.10.12./9.18.26.34.41.45./"
# index, MD5, remaining, position in the original list (1-based), as printed in RFC 3797 §6.
RFC_TABLE = [
    (1, "990DD0A5692A029A98B5E01AA28F3459", 25, 17),
    (2, "3691E55CB63FCC37914430B2F70B5EC6", 24, 7),
    (3, "FE814EDF564C190AC1D25753979990FA", 23, 2),
    (4, "1863CCACEB568C31D7DDBDF1D4E91387", 22, 16),
    (5, "F4AB33DF4889F0AF29C513905BE1D758", 21, 25),
    (6, "13EAEB529F61ACFB9A29D0BA3A60DE4A", 20, 23),
    (7, "992DB77C382CA2BDB9727001F3CDCCD9", 19, 8),
    (8, "63AB4258ECA922976811C7F55C383CE7", 18, 24),
    (9, "DFBC5AC97CED01B3A6E348E3CC63F40D", 17, 19),
    (10, "31CB111C4A4EBE9287CEAE16FE51B909", 16, 13),
    (11, "07FA46C122F164C215BBC72793B189A3", 15, 22),
    (12, "AC52F8D75CCBE2E61AFEB3387637D501", 14, 5),
    (13, "53306F73E14FC0B2FBF434218D25948E", 13, 18),
    (14, "B5D1403501A81F9A47318BE7893B347C", 12, 9),
    (15, "85B10B356AA06663EF1B1B407765100A", 11, 1),
    (16, "3269E6CE559ABD57E2BA6AAB495EB9BD", 10, 4),
]


def test_rfc3797_key_string_sorts_each_source():
    assert key_string(RFC_SOURCES) == RFC_KEY


def test_rfc3797_section6_worked_example_exactly():
    steps, next_i = select(RFC_NAMES, 16, RFC_KEY)
    assert next_i == 16
    assert [s.md5 for s in steps] == [row[1] for row in RFC_TABLE]
    assert [s.remaining for s in steps] == [row[2] for row in RFC_TABLE]
    assert [s.picked for s in steps] == [RFC_NAMES[row[3] - 1] for row in RFC_TABLE]
    assert [s.picked for s in steps][:11] == [
        "Lee", "Doc", "Mary", "Charity", "Kasczynski", "Envy", "Sneazy", "Anger", "Chastity",
        "Pandora", "Sloth",
    ]  # fmt: skip


def test_digest_is_md5_of_counter_key_counter_big_endian():
    # Independent of the module: hashlib on the bytes the RFC describes, for i = 0 and i = 300.
    for i in (0, 300):
        c = i.to_bytes(2, "big")
        expected = hashlib.md5(c + RFC_KEY.encode() + c, usedforsecurity=False).hexdigest().upper()
        steps, _ = select([str(n) for n in range(5)], 1, RFC_KEY, start=i)
        assert steps[0].md5 == expected
        assert steps[0].position == int(expected, 16) % 5 + 1


def test_key_string_refuses_empty_and_negative_sources():
    with pytest.raises(DrawError):
        key_string([])
    with pytest.raises(DrawError):
        key_string([[1], []])
    with pytest.raises(DrawError):
        key_string([[-1]])


def test_select_refuses_more_picks_than_candidates():
    with pytest.raises(DrawError):
        select(["a", "b"], 3, RFC_KEY)


def _inputs(**changes):
    base = {
        "algorithm": ALGORITHM_RFC3797_MD5,
        "entities": tuple(f"e{n}" for n in range(10)),
        "count": 3,
        "inspectors": ("o1", "o2", "o3", "p1", "p2"),
        "inspector_agency": {"o1": "A", "o2": "A", "o3": "A", "p1": "B", "p2": "B"},
        "quotas": (Quota("A", 2),),
        "exclusions": {},
    }
    base.update(changes)
    return DrawInputs(**base)


def test_inspectors_continue_the_counter_after_the_objects():
    outcome = run_draw(_inputs(), RFC_SOURCES)
    objects, i = select(tuple(f"e{n}" for n in range(10)), 3, RFC_KEY)
    assert [p.entity for p in outcome.picks] == [s.picked for s in objects]
    first, _ = select(["o1", "o2", "o3"], 2, RFC_KEY, start=i)
    assert outcome.picks[0].inspectors == tuple(s.picked for s in first)
    assert [s.i for s in outcome.steps] == list(range(3 + 3 * 2))


def test_recusal_exclusion_removes_the_related_officer_for_that_object_only():
    plain = run_draw(_inputs(), RFC_SOURCES)
    target = plain.picks[0]
    excluded = run_draw(
        _inputs(exclusions={target.entity: frozenset({target.inspectors[0]})}), RFC_SOURCES
    )
    assert target.inspectors[0] not in excluded.picks[0].inspectors
    assert [p.entity for p in excluded.picks] == [p.entity for p in plain.picks]


def test_joint_quotas_draw_from_each_agency():
    outcome = run_draw(_inputs(quotas=(Quota("A", 1), Quota("B", 1))), RFC_SOURCES)
    for pick in outcome.picks:
        assert pick.inspectors[0] in {"o1", "o2", "o3"}
        assert pick.inspectors[1] in {"p1", "p2"}


def test_draw_fails_when_recusal_leaves_too_few_inspectors():
    with pytest.raises(DrawError):
        run_draw(
            _inputs(entities=("e0",), count=1, exclusions={"e0": frozenset({"o1", "o2"})}),
            RFC_SOURCES,
        )


def _record():
    inputs = _inputs()
    outcome = run_draw(inputs, RFC_SOURCES)
    published = {
        "entities": {"ids": list(inputs.entities), "sha256": ids_sha256(inputs.entities)},
        "count": 3,
        "inspectors": {
            "ids": list(inputs.inspectors),
            "sha256": ids_sha256(inputs.inspectors),
            "agency": dict(inputs.inspector_agency),
        },
        "constraints": {"quotas": [{"agency": "A", "count": 2}], "exclusions": {}},
        "entropy": [{"description": "x", "known_after": "2026-01-01T00:00:00+08:00"}],
    }
    return {
        "algorithm": ALGORITHM_RFC3797_MD5,
        "inputs": published,
        "inputs_sha256": json_sha256(published),
        "entropy_values": RFC_SOURCES,
        "key": outcome.key,
        "picks": picks_as_json(outcome.picks),
    }


def test_verify_record_accepts_the_untouched_record():
    result = verify_record(_record())
    assert result.ok, result.problems


def test_verify_record_names_the_first_difference_when_a_pick_is_swapped():
    record = _record()
    tampered = copy.deepcopy(record)
    tampered["picks"][1]["entity"] = "e9" if record["picks"][1]["entity"] != "e9" else "e8"
    result = verify_record(tampered)
    assert not result.ok
    assert result.problems[0].startswith("第 2 个检查对象不符")


def test_verify_record_detects_a_changed_pool_and_entropy():
    record = _record()
    pool_changed = copy.deepcopy(record)
    pool_changed["inputs"]["entities"]["ids"].reverse()
    assert "SHA-256" in verify_record(pool_changed).problems[0]
    entropy_changed = copy.deepcopy(record)
    entropy_changed["entropy_values"][0] = [9320]
    assert not verify_record(entropy_changed).ok
