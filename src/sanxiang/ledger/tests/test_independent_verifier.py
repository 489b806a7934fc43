"""Issue 3: a verifier that sanxiang did not write checks the public ledger API over real HTTP.

The verifier is Go's golang.org/x/mod/sumdb/tlog and sumdb/note (BSD-3-Clause, Debian package
golang-golang-x-mod-dev), driven by independent_verifier/main.go. tlog follows RFC 6962 and is
what every `go` command uses to audit the Go checksum database; note is the signed-note format
that C2SP standardised, so it reads our checkpoints and verifier key string as they are.

Third-party Python candidates were weighed first: `sigstore` verifies inclusion only (through a
private function that wants a Rekor log entry) and has no consistency check, and its checkpoint
parser verifies against a Rekor keyring, not a C2SP verifier key; the PyPI packages that do
cover consistency (e.g. aics-tlog) are young single-author projects. The Go packages cover everything: the root recomputed from the leaves,
the signed checkpoint, inclusion and consistency proofs.

The test fetches with urllib from pytest-django's `live_server`, over a ledger of a few hundred
entries written by the real services (the demo agencies, officers and 清单, then training
records added to the demo officers). Each batch mixes the genuine data with tampered copies, so
the verdicts show that the Go verifier can say no.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import shutil
import subprocess
import urllib.parse
import urllib.request
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

pytestmark = pytest.mark.django_db(transaction=True)

GO_SOURCE = Path(__file__).with_name("independent_verifier") / "main.go"
GOPATH = Path("/usr/share/gocode")  # where Debian's golang-*-dev packages put Go sources
PAGE = 97  # fetch leaves in odd-sized pages (the API allows up to 1000) so page edges vary
MIN_SIZE = 480  # training records are added to the demo officers until the log is this long

# Tree sizes around powers of two, where RFC 9162's proofs change shape; the early checkpoint's
# size, the current size and the one before it are added. Inclusion is checked at every size,
# consistency between every pair of CONSISTENCY_SIZES.
PROBE_SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129]
PROBE_SIZES += [200, 255, 256, 257, 300, 383, 384, 385, 450]
CONSISTENCY_SIZES = [
    1,
    2,
    3,
    4,
    7,
    8,
    9,
    16,
    17,
    63,
    64,
    65,
    127,
    128,
    129,
    255,
    256,
    257,
    384,
]


@pytest.fixture(scope="session")
def tlogcheck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the Go verifier against Debian's x/mod sources (GOPATH mode: no module download)."""
    go = shutil.which("go")
    assert go, "the Go toolchain is required: run make test-deps (golang-go)"
    assert (GOPATH / "src/golang.org/x/mod/sumdb/tlog").is_dir(), (
        "golang.org/x/mod is required: run make test-deps (golang-golang-x-mod-dev)"
    )
    out = tmp_path_factory.mktemp("tlogcheck") / "tlogcheck"
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": str(GOPATH),
        "GOFLAGS": "",
        "GOPROXY": "off",
        "CGO_ENABLED": "0",
        "GOCACHE": str(out.parent / "cache"),
    }
    subprocess.run([go, "build", "-o", str(out), str(GO_SOURCE)], check=True, env=env)
    return out


def run_tlogcheck(binary: Path, request: dict[str, Any]) -> dict[str, Any]:
    done = subprocess.run(
        [str(binary)], input=json.dumps(request), capture_output=True, text=True, check=True
    )
    report: dict[str, Any] = json.loads(done.stdout)
    return report


class PublicApi:
    """A client of the public ledger API that knows nothing of sanxiang but the URLs."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/") + "/api/v1/ledger"
        self.calls = 0

    def get(self, path: str, **params: int) -> bytes:
        url = f"{self.base}/{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        assert url.startswith("http://127.0.0.1") or url.startswith("http://localhost")
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (local http only)
            assert response.status == 200
            self.calls += 1
            body: bytes = response.read()
            return body

    def json(self, path: str, **params: int) -> Any:
        return json.loads(self.get(path, **params))

    def checkpoint(self) -> str:
        return self.get("checkpoint").decode()

    def key(self) -> str:
        return self.get("key").decode().strip()

    def leaves(self, size: int) -> list[str]:
        out: list[str] = []
        for start in range(0, size, PAGE):
            page = self.json("leaves", start=start, end=min(size, start + PAGE))
            out += page["leaf_hashes"]
        return out

    def inclusion(self, index: int, size: int) -> list[str]:
        body = self.json("proof/inclusion", index=index, tree_size=size)
        assert (body["leaf_index"], body["tree_size"]) == (index, size)
        hashes: list[str] = body["hashes"]
        return hashes

    def consistency(self, first: int, second: int) -> list[str]:
        body = self.json("proof/consistency", first=first, second=second)
        assert (body["first"], body["second"]) == (first, second)
        hashes: list[str] = body["hashes"]
        return hashes


def grow_ledger_with_real_services() -> None:
    """More audited writes through the organisations service: training records for the officers."""
    from sanxiang.ledger.services import tree_size
    from sanxiang.organisations.models import Officer
    from sanxiang.organisations.services import training_record_add

    officers = list(Officer.objects.order_by("pk"))
    assert officers, "the demo data has officers"
    for round_ in range(MIN_SIZE):  # bounded; each round adds one entry per officer
        if tree_size() >= MIN_SIZE:
            break
        for officer in officers:
            training_record_add(
                actor=None,
                officer=officer,
                title=f"行政执法三项制度专题培训（第{round_ + 1}期）",
                held_on=dt.date(2026, 1, 5) + dt.timedelta(days=7 * round_),
                hours=Decimal("2.5"),
                organiser="司法局",
            )


@pytest.fixture
def public_ledger(live_server: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    """A live server over a ledger of real entries, with two checkpoints fetched over HTTP."""
    from sanxiang.demo.services import demo_load
    from sanxiang.ledger.services import checkpoint_publish, tree_size

    settings.SANXIANG_LEDGER_KEY_FILE = tmp_path / "ledger.pem"
    demo_load()
    api = PublicApi(live_server.url)
    early = api.checkpoint()  # the first GET signs the head the demo data left
    early_size = tree_size()
    grow_ledger_with_real_services()
    checkpoint_publish()  # what the periodic job does; the API then serves the newer head
    size = tree_size()
    assert early_size < max(PROBE_SIZES) < MIN_SIZE <= size < 1000
    return {
        "api": api,
        "early": early,
        "early_size": early_size,
        "latest": api.checkpoint(),
        "size": size,
    }


def f_hex(h: str) -> str:
    """The same hash with one bit flipped."""
    raw = bytearray.fromhex(h)
    raw[0] ^= 0x10
    return raw.hex()


def test_go_sumdb_verifier_accepts_the_public_ledger(
    public_ledger: dict[str, Any], tlogcheck: Path
) -> None:
    api: PublicApi = public_ledger["api"]
    size = public_ledger["size"]
    vkey = api.key()
    leaves = api.leaves(size)
    assert len(leaves) == size

    early_size = public_ledger["early_size"]
    sizes = sorted({*PROBE_SIZES, early_size, size - 1, size})
    inclusion = []
    for n in sizes:
        # Every leaf of the full tree; in smaller trees both ends, a third and the middle.
        indexes = range(n) if n == size else sorted({0, n // 3, n // 2, n - 2, n - 1} - {-1})
        for i in indexes:
            inclusion.append(
                {"index": i, "size": n, "leaf": leaves[i], "proof": api.inclusion(i, n)}
            )
    pair_sizes = sorted({*CONSISTENCY_SIZES, early_size, size - 1, size})
    consistency = [
        {"first": m, "second": n, "proof": api.consistency(m, n)}
        for n in pair_sizes
        for m in pair_sizes
        if m <= n
    ]

    # Roots come from the Go code alone: one pass to get them, then every proof is checked
    # against them, and the largest against the signed checkpoint.
    roots = run_tlogcheck(tlogcheck, {"leaf_hashes": leaves, "roots_at": sizes})["roots"]
    for c in inclusion:
        c["root"] = roots[str(c["size"])]
    for c in consistency:
        c["first_root"], c["second_root"] = roots[str(c["first"])], roots[str(c["second"])]
    report = run_tlogcheck(
        tlogcheck,
        {
            "leaf_hashes": leaves,
            "roots_at": [],
            "notes": [
                {"vkey": vkey, "text": public_ledger["latest"]},
                {"vkey": vkey, "text": public_ledger["early"]},
            ],
            "inclusion": inclusion,
            "consistency": consistency,
        },
    )

    latest, early = report["notes"]
    assert latest["ok"], latest
    assert early["ok"], early
    assert latest["origin"] == vkey.split("+")[0]
    assert latest["size"] == size
    assert latest["root"] == roots[str(size)], "root recomputed from /leaves ≠ checkpoint root"
    assert early["size"] == early_size  # what the demo data wrote before the first checkpoint

    failed_inclusion = [
        c for c, v in zip(inclusion, report["inclusion"], strict=True) if not v["ok"]
    ]
    failed_consistency = [
        c for c, v in zip(consistency, report["consistency"], strict=True) if not v["ok"]
    ]
    assert failed_inclusion == []
    assert failed_consistency == []
    assert len(inclusion) >= size + 4 * len(PROBE_SIZES)  # (tiny trees have < 5 distinct)
    assert len(consistency) == len(pair_sizes) * (len(pair_sizes) + 1) // 2 >= 250

    # The witness's question: is the newer signed head an extension of the older one?
    old, new = early["size"], latest["size"]
    witness = run_tlogcheck(
        tlogcheck,
        {
            "leaf_hashes": [],
            "roots_at": [],
            "consistency": [
                {
                    "first": old,
                    "second": new,
                    "first_root": early["root"],
                    "second_root": latest["root"],
                    "proof": api.consistency(old, new),
                }
            ],
        },
    )
    assert witness["consistency"] == [{"ok": True}]


def reencoded_checkpoint(note: str, root_hex: str) -> str:
    """The same note with another root in its body and the original signature line."""
    body, signatures = note.split("\n\n", 1)
    origin, size, _ = body.split("\n")
    root = base64.b64encode(bytes.fromhex(root_hex)).decode()
    return f"{origin}\n{size}\n{root}\n\n{signatures}"


def impostor_key(vkey: str) -> str:
    """A verifier key string with the log's name but a key that never signed anything."""
    from sanxiang.ledger.keys import verifier_string

    public = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    return verifier_string(vkey.split("+")[0], public)


def test_go_sumdb_verifier_rejects_tampered_data(
    public_ledger: dict[str, Any], tlogcheck: Path
) -> None:
    api: PublicApi = public_ledger["api"]
    size = public_ledger["size"]
    vkey, note = api.key(), public_ledger["latest"]
    leaves = api.leaves(size)
    m, n, i = public_ledger["early_size"], size, 200
    roots = run_tlogcheck(tlogcheck, {"leaf_hashes": leaves, "roots_at": [m, n]})["roots"]
    r1, r2 = roots[str(m)], roots[str(n)]
    inc, cons = api.inclusion(i, n), api.consistency(m, n)

    # A changed leaf changes the root the verifier computes: it no longer matches the checkpoint.
    forged = [*leaves[:i], f_hex(leaves[i]), *leaves[i + 1 :]]
    forged_root = run_tlogcheck(tlogcheck, {"leaf_hashes": forged, "roots_at": [n]})["roots"]
    assert forged_root[str(n)] != r2

    sig_line = note.split("\n\n", 1)[1]
    name, sig = sig_line.rstrip("\n").split(" ")[1:]
    raw = bytearray(base64.b64decode(sig))
    raw[10] ^= 1
    flipped_sig = note.replace(sig, base64.b64encode(bytes(raw)).decode())
    assert flipped_sig != note
    assert name == vkey.split("+")[0]

    genuine_inclusion = {"index": i, "size": n, "leaf": leaves[i], "root": r2, "proof": inc}
    genuine_consistency = {"first": m, "second": n, "first_root": r1, "second_root": r2}
    genuine_consistency["proof"] = cons
    report = run_tlogcheck(
        tlogcheck,
        {
            "leaf_hashes": [],
            "roots_at": [],
            "notes": [
                {"vkey": vkey, "text": note},
                {"vkey": vkey, "text": reencoded_checkpoint(note, forged_root[str(n)])},
                {"vkey": vkey, "text": flipped_sig},
                {"vkey": impostor_key(vkey), "text": note},
            ],
            "inclusion": [
                genuine_inclusion,
                {**genuine_inclusion, "proof": [f_hex(inc[0]), *inc[1:]]},
                {**genuine_inclusion, "proof": [*inc[:-1], f_hex(inc[-1])]},
                {**genuine_inclusion, "proof": inc[:-1]},
                {**genuine_inclusion, "proof": [*inc, inc[-1]]},
                {**genuine_inclusion, "index": i + 1},
                {**genuine_inclusion, "leaf": leaves[i + 1]},
                {**genuine_inclusion, "root": forged_root[str(n)]},
                {**genuine_inclusion, "size": 256},  # (n - 1 would keep the proof's shape)
            ],
            "consistency": [
                genuine_consistency,
                {**genuine_consistency, "proof": [f_hex(cons[0]), *cons[1:]]},
                {**genuine_consistency, "proof": cons[:-1]},
                {**genuine_consistency, "proof": [*cons, cons[0]]},
                {**genuine_consistency, "first_root": r2, "second_root": r1},
                {**genuine_consistency, "second_root": forged_root[str(n)]},
                {**genuine_consistency, "first": m + 1},
            ],
        },
    )
    verdicts = {
        kind: [v["ok"] for v in report[kind]] for kind in ("notes", "inclusion", "consistency")
    }
    assert verdicts == {
        "notes": [True, False, False, False],
        "inclusion": [True] + [False] * 8,
        "consistency": [True] + [False] * 6,
    }
