"""Ledger evidence bundles: a ZIP of files plus the ledger entries that attest them, their RFC 9162
inclusion proofs and a signed checkpoint, checkable offline by anyone (INTEGRITY.md §1).

This module needs no database and no Django settings: a court or an auditor runs
`sanxiang verify --bundle FILE.zip` (or `bundle_verify`) on a copy of the ZIP alone.

Layout (format `sanxiang-ledger-bundle/1`):

    manifest.json          title, origin, created_at, meta, files[] (path, sha256, size,
                           media_type, title, ledger_index) and ledger_entries[] (indexes)
    <every listed file>    e.g. files/casefile.pdf, files/evidence/...
    ledger/entries.jsonl   one ledger entry per line: exactly its canonical (RFC 8785) bytes
    ledger/proofs.json     tree_size, root_hash and, line by line, index, leaf_hash and the
                           inclusion proof (hex) of each entry against the checkpoint
    ledger/checkpoint.txt  the C2SP signed checkpoint (tree head) that covers every entry
    ledger/key.txt         the C2SP verifier key string(s) of the log, one a line

What binds what: each file's SHA-256 is in the manifest; a file with a `ledger_index` also has
its hash inside that entry's data (evidence sealed, document generated); the manifest's own
SHA-256 is inside one more entry (the export's), which is in entries.jsonl but not listed in the
manifest (it was written after it); every entry is proved into the checkpoint's tree, and the
checkpoint is signed by the log's key. So altering, adding or removing any file, entry, proof or
the checkpoint, or swapping the key, is detected, and the verifier says which.

The leaf of an entry is SHA-256(0x00 ‖ entry bytes); every line of entries.jsonl can be checked
with standard tools (`sed -n Np ledger/entries.jsonl | tr -d '\\n'`, prefix a zero byte, hash).
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sanxiang.ledger.bundle_writer import (  # noqa: F401 — the format, re-exported for readers
    CHECKPOINT,
    CHUNK,
    ENTRIES,
    FIXED,
    FORMAT,
    KEY,
    MANIFEST,
    PROOFS,
    safe_path,
)
from sanxiang.ledger.keys import parse_verifier
from sanxiang.ledger.merkle import ProofError, leaf_hash, verify_inclusion

# -- verifying -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    path: str = ""

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"[{self.code}]{where} {self.message}"


@dataclass
class BundleReport:
    """What bundle_verify found. `ok` is true only when there is no problem at all."""

    problems: list[Problem] = field(default_factory=list)
    title: str = ""
    origin: str = ""
    created_at: str = ""
    manifest_sha256: str = ""
    files: int = 0
    entries: int = 0
    checkpoint_size: int | None = None
    key: str = ""  # the verifier key string whose signature on the checkpoint verified
    sealed_by: int | None = None  # the ledger index of the entry recording the manifest hash
    sealed_at: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, code: str, message: str, path: str = "") -> None:
        self.problems.append(Problem(code, message, path))

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    body: str  # the signed text, ending in "\n"
    signatures: list[tuple[str, bytes]]  # (key name, 4-byte key id ‖ signature)


def parse_checkpoint(note: str) -> Checkpoint:
    """Parse a C2SP tlog-checkpoint signed note. Raises ValueError when malformed."""
    head, sep, rest = note.partition("\n\n")
    if not sep:
        raise ValueError("no signature block")
    lines = head.split("\n")
    if len(lines) < 3 or not lines[0]:
        raise ValueError("a checkpoint has origin, size and root lines")
    if not lines[1].isdigit() or (lines[1] != "0" and lines[1].startswith("0")):
        raise ValueError("tree size is not a decimal number")
    root = base64.b64decode(lines[2], validate=True)
    if len(root) != 32:
        raise ValueError("root hash is not 32 bytes")
    signatures = []
    for line in rest.split("\n"):
        if not line:
            continue
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "\u2014":
            raise ValueError("malformed signature line")
        raw = base64.b64decode(parts[2], validate=True)
        if len(raw) < 5:
            raise ValueError("signature too short")
        signatures.append((parts[1], raw))
    if not signatures:
        raise ValueError("no signature")
    return Checkpoint(lines[0], int(lines[1]), root, head + "\n", signatures)


def _hash_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[str, int]:
    """SHA-256 and size of a member, streamed. Raises zipfile.BadZipFile on a CRC error."""
    hasher, size = hashlib.sha256(), 0
    with zf.open(info) as fh:
        while chunk := fh.read(CHUNK):
            hasher.update(chunk)
            size += len(chunk)
    return hasher.hexdigest(), size


def _strings(value: Any) -> Iterator[str]:
    """Every string value (not key) inside a JSON value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _is_hex(value: Any, length: int) -> bool:
    return (
        isinstance(value, str)
        and len(value) == length
        and all(c in "0123456789abcdef" for c in value)
    )


def _read(zf: zipfile.ZipFile, name: str, report: BundleReport) -> bytes | None:
    try:
        return zf.read(name)
    except KeyError:
        report.add("ledger_file_missing", "缺少文件（ledger file missing）", name)
    except (zipfile.BadZipFile, OSError):
        report.add("file_altered", "文件损坏，压缩校验值不符（CRC error: altered）", name)
    return None


@dataclass
class _Entry:
    index: int
    raw: bytes
    data: Any  # the entry's "data" object, or None when unparsable
    at: str
    proven: bool = False  # its leaf and inclusion proof verified


def _listed_files(manifest: Mapping[str, Any], report: BundleReport) -> dict[str, Any]:
    listed: dict[str, Any] = {}
    for item in manifest.get("files", []):
        path = item.get("path") if isinstance(item, dict) else None
        if not isinstance(path, str) or not safe_path(path) or path in FIXED or path in listed:
            report.add("manifest_invalid", f"清单中的文件条目无效：{str(item)[:120]}", MANIFEST)
            continue
        listed[path] = item
    return listed


def _check_file(
    zf: zipfile.ZipFile, path: str, item: Mapping[str, Any], report: BundleReport
) -> None:
    try:
        sha256, size = _hash_member(zf, zf.getinfo(path))
    except (zipfile.BadZipFile, OSError):
        report.add("file_altered", "文件损坏，压缩校验值不符（CRC error: altered）", path)
        return
    if sha256 != item.get("sha256") or size != item.get("size"):
        report.add(
            "file_altered",
            f"文件的 SHA-256 或大小与清单不符（file altered: {sha256}, {size} 字节）",
            path,
        )


def _check_members(zf: zipfile.ZipFile, manifest: Mapping[str, Any], report: BundleReport) -> None:
    """ZIP members == manifest files + the fixed files; each file's hash and size."""
    seen: set[str] = set()
    for name in (i.filename for i in zf.infolist() if not i.is_dir()):
        if name in seen:
            report.add("zip_duplicate_name", "压缩包中有同名的多个文件（duplicate name）", name)
        seen.add(name)
        if not safe_path(name):
            report.add("zip_unsafe_path", "文件路径不安全（unsafe path）", name)
    listed = _listed_files(manifest, report)
    for name in sorted(seen - listed.keys() - set(FIXED)):
        report.add("file_extra", "文件不在清单中（file added）", name)
    for path, item in listed.items():
        if path in seen:
            _check_file(zf, path, item, report)
        else:
            report.add("file_missing", "清单中的文件缺失（file removed）", path)
    report.files = len(listed)


def _parse_entries(raw: bytes) -> list[_Entry]:
    if raw and not raw.endswith(b"\n"):
        raw += b"\n"
    entries = []
    for line in raw.split(b"\n")[:-1]:
        try:
            body = json.loads(line.decode("utf-8"))
            data, at = body.get("data"), str(body.get("at", ""))
        except (ValueError, AttributeError):
            data, at = None, ""
        entries.append(_Entry(-1, line, data, at))
    return entries


def _parse_proofs(raw: bytes, count: int, report: BundleReport) -> dict[str, Any] | None:
    try:
        proofs: dict[str, Any] = json.loads(raw)
        rows = proofs["entries"]
        ok = (
            isinstance(proofs["tree_size"], int)
            and _is_hex(proofs["root_hash"], 64)
            and isinstance(rows, list)
            and all(
                isinstance(r["index"], int)
                and r["index"] >= 0
                and _is_hex(r["leaf_hash"], 64)
                and all(_is_hex(h, 64) for h in r["inclusion"])
                for r in rows
            )
        )
    except (ValueError, KeyError, TypeError):
        ok = False
    if not ok:
        report.add("proofs_invalid", "包含证明文件格式无效（proofs malformed）", PROOFS)
        return None
    if len(rows) != count:
        report.add(
            "proofs_invalid",
            f"包含证明有 {len(rows)} 条，日志条目有 {count} 条（entries/proofs count differ）",
            PROOFS,
        )
        return None
    return proofs


def _check_entries(
    entries: list[_Entry], proofs: Mapping[str, Any], cp: Checkpoint | None, report: BundleReport
) -> None:
    """Each entry's leaf, and its inclusion proof into the checkpoint's tree."""
    size, root = proofs["tree_size"], bytes.fromhex(proofs["root_hash"])
    if cp is not None and (cp.size != size or cp.root != root):
        report.add(
            "proofs_checkpoint_mismatch",
            "包含证明所依据的树大小或根哈希与检查点不符（proofs do not match the checkpoint）",
            PROOFS,
        )
    if cp is not None:
        size, root = cp.size, cp.root
    indexes: set[int] = set()
    for entry, row in zip(entries, proofs["entries"], strict=True):
        entry.index = row["index"]
        if entry.index in indexes:
            report.add("entry_duplicate", f"日志条目 #{entry.index} 重复出现", ENTRIES)
        indexes.add(entry.index)
        leaf = leaf_hash(entry.raw)
        if leaf.hex() != row["leaf_hash"] or entry.data is None:
            report.add(
                "entry_altered",
                f"日志条目 #{entry.index} 的内容与其叶哈希不符（entry altered）",
                ENTRIES,
            )
            continue
        try:
            path = [bytes.fromhex(h) for h in row["inclusion"]]
            verify_inclusion(leaf, entry.index, size, path, root)
            entry.proven = True
        except ProofError as exc:
            report.add(
                "proof_invalid",
                f"日志条目 #{entry.index} 的包含证明不能推导出检查点根哈希（proof invalid: {exc}）",
                PROOFS,
            )


_Key = tuple[str, str, bytes, Ed25519PublicKey]  # (verifier string, name, key id, public key)


def _bundle_keys(raw: bytes, report: BundleReport) -> list[_Key]:
    keys = []
    for number, line in enumerate(raw.decode("utf-8", "replace").splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            keys.append((text, *parse_verifier(text)))
        except ValueError:
            report.add("key_invalid", f"第 {number} 行不是有效的验证公钥（bad verifier key）", KEY)
    return keys


def _signing_key(cp: Checkpoint, keys: list[_Key]) -> str:
    """The verifier string of a bundle key named like the log whose signature verifies, or ""."""
    for name, raw_sig in cp.signatures:
        for text, key_name, key_id, public in keys:
            if key_name != name or key_name != cp.origin or raw_sig[:4] != key_id:
                continue
            try:
                public.verify(raw_sig[4:], cp.body.encode("utf-8"))
            except InvalidSignature:
                continue
            return text
    return ""


def _check_signature(cp: Checkpoint, keys: list[_Key], report: BundleReport) -> None:
    report.key = _signing_key(cp, keys)
    if report.key:
        return
    if not any(key[2] == sig[:4] for _, sig in cp.signatures for key in keys):
        ids = ", ".join(f"{name} {sig[:4].hex()}" for name, sig in cp.signatures)
        report.add(
            "checkpoint_key_unknown",
            f"检查点的签名密钥（{ids}）不是包内的验证公钥（key swapped or unknown）",
            KEY,
        )
    else:
        report.add(
            "checkpoint_signature_invalid",
            "检查点签名无效或内容被修改（checkpoint signature invalid）",
            CHECKPOINT,
        )


def _check_trusted(trusted_key: str, report: BundleReport) -> None:
    wanted = trusted_key.strip()
    try:
        parse_verifier(wanted)
    except ValueError:
        report.add("trusted_key_invalid", "所给验证公钥格式无效（--key malformed）")
        return
    if report.key != wanted:
        report.add(
            "key_untrusted",
            "检查点未经所给的可信验证公钥签名（checkpoint not signed by the trusted key）",
            KEY,
        )


def _check_checkpoint(
    raw: bytes | None, keys_raw: bytes | None, trusted_key: str | None, report: BundleReport
) -> Checkpoint | None:
    if raw is None:
        return None
    try:
        cp = parse_checkpoint(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        report.add(
            "checkpoint_invalid", f"检查点格式无效（checkpoint malformed: {exc}）", CHECKPOINT
        )
        return None
    report.checkpoint_size = cp.size
    if keys_raw is not None:
        _check_signature(cp, _bundle_keys(keys_raw, report), report)
    if trusted_key is not None:
        _check_trusted(trusted_key, report)
    return cp


def _check_bindings(
    manifest: Mapping[str, Any], manifest_sha256: str, entries: list[_Entry], report: BundleReport
) -> None:
    """Files to their entries, the entries listed in the manifest, and the manifest's seal."""
    by_index = {e.index: e for e in entries if e.proven}
    listed = manifest.get("ledger_entries", [])
    if not isinstance(listed, list) or not all(isinstance(i, int) for i in listed):
        report.add("manifest_invalid", "清单的 ledger_entries 无效", MANIFEST)
        listed = []
    sealers = [
        e
        for e in by_index.values()
        if manifest_sha256 in _strings(e.data) and e.index not in listed
    ]
    if not sealers:
        report.add(
            "manifest_unsealed",
            "没有日志条目记录本清单的 SHA-256：清单被修改，或导出记录缺失（manifest edited）",
            MANIFEST,
        )
    else:
        report.sealed_by, report.sealed_at = sealers[0].index, sealers[0].at
    present = {e.index for e in entries}
    for index in sorted(set(listed) - present):
        report.add("entry_missing", f"清单所列日志条目 #{index} 不在包内（entry removed）", ENTRIES)
    if sealers:  # else one unlisted entry is the seal of the original manifest: no news
        for index in sorted(present - set(listed) - {s.index for s in sealers}):
            report.add("entry_extra", f"日志条目 #{index} 不在清单中（entry added）", ENTRIES)
    for item in manifest.get("files", []):
        if not isinstance(item, dict) or item.get("ledger_index") is None:
            continue
        index, path = item["ledger_index"], str(item.get("path", ""))
        entry = by_index.get(index) if isinstance(index, int) else None
        if entry is None:
            report.add("file_entry_missing", f"文件所引用的日志条目 #{index} 不在包内", path)
        elif str(item.get("sha256", "")) not in _strings(entry.data):
            report.add(
                "file_entry_mismatch",
                f"日志条目 #{index} 没有记录该文件的 SHA-256（file not attested by its entry）",
                path,
            )


def bundle_verify(path: Path | str | IO[bytes], trusted_key: str | None = None) -> BundleReport:
    """Check a bundle offline. Never raises on bad input: every problem is in the report."""
    report = BundleReport()
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        report.add("bundle_unreadable", f"不是可读取的 ZIP 文件（{exc}）")
        return report
    with zf:
        manifest_raw = _read(zf, MANIFEST, report)
        manifest: dict[str, Any] = {}
        if manifest_raw is not None:
            report.manifest_sha256 = hashlib.sha256(manifest_raw).hexdigest()
            try:
                manifest = json.loads(manifest_raw.decode("utf-8"))
                if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                    raise ValueError(f"format is not {FORMAT}")
                if not isinstance(manifest.get("files"), list):
                    raise ValueError("files is not a list")
            except (ValueError, UnicodeDecodeError) as exc:
                report.add("manifest_invalid", f"清单无效（{exc}）", MANIFEST)
                manifest = {}
        report.title = str(manifest.get("title", ""))
        report.origin = str(manifest.get("origin", ""))
        report.created_at = str(manifest.get("created_at", ""))
        _check_members(zf, manifest, report)
        entries_raw = _read(zf, ENTRIES, report)
        proofs_raw = _read(zf, PROOFS, report)
        cp = _check_checkpoint(
            _read(zf, CHECKPOINT, report), _read(zf, KEY, report), trusted_key, report
        )
    if cp is not None and report.origin and cp.origin != report.origin:
        report.add(
            "checkpoint_origin_mismatch",
            f"检查点的日志标识 {cp.origin} 与清单的 {report.origin} 不符",
            CHECKPOINT,
        )
    if entries_raw is None:
        return report
    entries = _parse_entries(entries_raw)
    report.entries = len(entries)
    proofs = _parse_proofs(proofs_raw, len(entries), report) if proofs_raw is not None else None
    if proofs is None:
        return report
    _check_entries(entries, proofs, cp, report)
    if manifest_raw is not None and manifest:
        _check_bindings(manifest, report.manifest_sha256, entries, report)
    return report
