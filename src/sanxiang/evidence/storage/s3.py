"""S3-compatible object storage with Object Lock (COMPLIANCE): SeaweedFS, MinIO, Ceph RGW, OSS.

The bucket must have Object Lock enabled. Every object is written with its SHA-256 checksum
(the server verifies it), `ObjectLockMode=COMPLIANCE` and a retain-until date: until then
nobody, the root account included, can delete or overwrite that object version. Large files go
up in multipart uploads whose parts carry their own SHA-256 checksums.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sanxiang.evidence import conf

MULTIPART_THRESHOLD = 64 * 1024 * 1024
PART_SIZE = 16 * 1024 * 1024
READ_CHUNK = 1024 * 1024
LOCK_MODE = "COMPLIANCE"


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


class S3Storage:
    name = "s3"

    def __init__(
        self,
        *,
        client: Any,
        bucket: str,
        multipart_threshold: int = MULTIPART_THRESHOLD,
        part_size: int = PART_SIZE,
    ) -> None:
        self.client = client
        self.bucket = bucket
        self.multipart_threshold = multipart_threshold
        self.part_size = part_size

    @classmethod
    def from_settings(cls) -> S3Storage:
        import boto3
        from botocore.config import Config

        opts = conf.s3_options()
        client = boto3.client(
            "s3",
            endpoint_url=opts["endpoint_url"] or None,
            region_name=opts["region"],
            aws_access_key_id=opts["access_key"] or None,
            aws_secret_access_key=opts["secret_key"] or None,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 3}),
        )
        return cls(client=client, bucket=opts["bucket"])

    def key_for(self, sha256: str) -> str:
        return f"sha256/{sha256[:2]}/{sha256}"

    def exists(self, sha256: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key_for(sha256))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def _lock_args(self, retain_until: dt.datetime) -> dict[str, Any]:
        return {"ObjectLockMode": LOCK_MODE, "ObjectLockRetainUntilDate": retain_until}

    def put_bytes(self, *, data: bytes, sha256: str, retain_until: dt.datetime) -> bool:
        if self.exists(sha256):
            return False
        self.client.put_object(
            Bucket=self.bucket,
            Key=self.key_for(sha256),
            Body=data,
            ChecksumSHA256=_b64(bytes.fromhex(sha256)),
            **self._lock_args(retain_until),
        )
        return True

    def put_file(self, *, path: Path, sha256: str, retain_until: dt.datetime) -> bool:
        try:
            if self.exists(sha256):
                return False
            size = Path(path).stat().st_size
            if size < self.multipart_threshold:
                with open(path, "rb") as fh:
                    self.client.put_object(
                        Bucket=self.bucket,
                        Key=self.key_for(sha256),
                        Body=fh,
                        ChecksumSHA256=_b64(bytes.fromhex(sha256)),
                        **self._lock_args(retain_until),
                    )
            else:
                self._multipart(path, sha256, retain_until)
            return True
        finally:
            Path(path).unlink(missing_ok=True)

    def _multipart(self, path: Path, sha256: str, retain_until: dt.datetime) -> None:
        key = self.key_for(sha256)
        upload = self.client.create_multipart_upload(
            Bucket=self.bucket, Key=key, ChecksumAlgorithm="SHA256", **self._lock_args(retain_until)
        )
        upload_id = upload["UploadId"]
        parts: list[dict[str, Any]] = []
        try:
            with open(path, "rb") as fh:
                number = 1
                while chunk := fh.read(self.part_size):
                    checksum = _b64(hashlib.sha256(chunk).digest())
                    resp = self.client.upload_part(
                        Bucket=self.bucket,
                        Key=key,
                        UploadId=upload_id,
                        PartNumber=number,
                        Body=chunk,
                        ChecksumSHA256=checksum,
                    )
                    parts.append(
                        {"PartNumber": number, "ETag": resp["ETag"], "ChecksumSHA256": checksum}
                    )
                    number += 1
            self.client.complete_multipart_upload(
                Bucket=self.bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
            )
        except Exception:
            self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
            raise

    def read_range(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        resp = self.client.get_object(
            Bucket=self.bucket, Key=self.key_for(sha256), Range=f"bytes={start}-{end}"
        )
        body = resp["Body"]
        try:
            yield from body.iter_chunks(READ_CHUNK)
        finally:
            body.close()
