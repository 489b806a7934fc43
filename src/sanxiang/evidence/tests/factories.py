"""Helpers that put evidence into the vault the way clients do: through the tus endpoint."""

from __future__ import annotations

import base64
from typing import Any

TUS = {"HTTP_TUS_RESUMABLE": "1.0.0"}
UPLOADS = "/api/v1/uploads/"


def metadata_header(**values: str) -> str:
    return ",".join(
        f"{k} {base64.b64encode(v.encode()).decode()}" if v else k for k, v in values.items()
    )


def tus_create(client: Any, length: int, **metadata: str) -> Any:
    return client.post(
        UPLOADS,
        HTTP_UPLOAD_LENGTH=str(length),
        HTTP_UPLOAD_METADATA=metadata_header(**metadata),
        **TUS,
    )


def tus_patch(client: Any, url: str, data: bytes, offset: int, **headers: str) -> Any:
    return client.generic(
        "PATCH",
        url,
        data=data,
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
        **TUS,
        **headers,
    )


def upload_bytes(client: Any, data: bytes, **metadata: str) -> Any:
    """Create and finish one upload; returns the final PATCH response."""
    created = tus_create(client, len(data), **metadata)
    assert created.status_code == 201, created.content
    return tus_patch(client, created["Location"], data, 0)
