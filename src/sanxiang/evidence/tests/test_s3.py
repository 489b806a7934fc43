"""S3Storage against a real SeaweedFS server with Object Lock (WORM behaviour moto lacks)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from sanxiang.evidence.models import EvidenceItem
from sanxiang.evidence.storage import get_storage
from sanxiang.evidence.storage.s3 import S3Storage
from sanxiang.evidence.tests.conftest import S3_ACCESS_KEY, S3_SECRET_KEY
from sanxiang.evidence.tests.factories import upload_bytes

BUCKET = "sanxiang-evidence"


@pytest.fixture(scope="module")
def s3_client(s3_server):
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id=S3_ACCESS_KEY,
        aws_secret_access_key=S3_SECRET_KEY,
        config=Config(s3={"addressing_style": "path"}),
    )
    deadline = time.monotonic() + 20
    while True:  # the gateway answers before the filer behind it is ready
        try:
            client.create_bucket(Bucket=BUCKET, ObjectLockEnabledForBucket=True)
            break
        except ClientError as exc:
            if exc.response["Error"]["Code"] in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                break
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)
    return client


@pytest.fixture
def storage(s3_client) -> S3Storage:
    return S3Storage(client=s3_client, bucket=BUCKET)


def _until() -> dt.datetime:
    return dt.datetime.now(dt.UTC) + dt.timedelta(days=1)


def test_bucket_has_object_lock_and_versioning(s3_client):
    lock = s3_client.get_object_lock_configuration(Bucket=BUCKET)
    assert lock["ObjectLockConfiguration"]["ObjectLockEnabled"] == "Enabled"
    assert s3_client.get_bucket_versioning(Bucket=BUCKET)["Status"] == "Enabled"


def test_locked_version_cannot_be_deleted_or_overwritten(storage, s3_client):
    data = b"body-camera clip " + os.urandom(64)
    sha = hashlib.sha256(data).hexdigest()
    assert storage.put_bytes(data=data, sha256=sha, retain_until=_until()) is True
    key = storage.key_for(sha)
    head = s3_client.head_object(Bucket=BUCKET, Key=key)
    assert head["ObjectLockMode"] == "COMPLIANCE"
    version = head["VersionId"]

    with pytest.raises(ClientError) as refused:
        s3_client.delete_object(Bucket=BUCKET, Key=key, VersionId=version)
    assert refused.value.response["Error"]["Code"] == "AccessDenied"

    overwrite = s3_client.put_object(Bucket=BUCKET, Key=key, Body=b"tampered")
    assert overwrite["VersionId"] != version  # a new version, not a replacement
    kept = s3_client.get_object(Bucket=BUCKET, Key=key, VersionId=version)["Body"].read()
    assert kept == data
    assert storage.put_bytes(data=data, sha256=sha, retain_until=_until()) is False  # dedupe


def test_wrong_checksum_is_refused_by_the_server(storage):
    with pytest.raises(ClientError):
        storage.put_bytes(
            data=b"abc", sha256=hashlib.sha256(b"xyz").hexdigest(), retain_until=_until()
        )


def test_multipart_file_with_range_reads(s3_client, tmp_path):
    storage = S3Storage(
        client=s3_client, bucket=BUCKET, multipart_threshold=5 * 1024**2, part_size=5 * 1024**2
    )
    data = os.urandom(6 * 1024**2)
    path = tmp_path / "big.part"
    path.write_bytes(data)
    sha = hashlib.sha256(data).hexdigest()
    assert storage.put_file(path=path, sha256=sha, retain_until=_until()) is True
    assert not path.exists()
    head = s3_client.head_object(Bucket=BUCKET, Key=storage.key_for(sha))
    assert head["ContentLength"] == len(data)
    assert head["ObjectLockMode"] == "COMPLIANCE"
    assert (
        b"".join(storage.read_range(sha, 5 * 1024**2 - 10, 5 * 1024**2 + 9))
        == data[5 * 1024**2 - 10 : 5 * 1024**2 + 10]
    )


@pytest.mark.django_db
def test_tus_upload_seals_into_s3_and_streams_back(
    client, officer_user, agency, settings, s3_server, s3_client, video_file
):
    settings.SANXIANG_VAULT_BACKEND = "s3"
    settings.SANXIANG_S3_ENDPOINT = s3_server
    settings.SANXIANG_S3_BUCKET = BUCKET
    settings.SANXIANG_S3_ACCESS_KEY = S3_ACCESS_KEY
    settings.SANXIANG_S3_SECRET_KEY = S3_SECRET_KEY
    assert get_storage().name == "s3"
    client.force_login(officer_user)
    data = video_file.read_bytes()
    response = upload_bytes(client, data, filename="clip.mp4", agency=str(agency.pk))
    assert response.status_code == 204, response.content
    item = EvidenceItem.objects.get()
    assert item.blob.backend == "s3"
    head = s3_client.head_object(Bucket=BUCKET, Key=item.blob.key)
    assert head["ObjectLockMode"] == "COMPLIANCE"
    streamed = client.get(f"/evidence/{item.pk}/stream", HTTP_RANGE="bytes=0-99")
    assert streamed.status_code == 206
    assert b"".join(streamed.streaming_content) == data[:100]
