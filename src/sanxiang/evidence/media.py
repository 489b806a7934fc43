"""What a file really is: content sniffing (libmagic), media probing and thumbnails (PyAV).

Nothing here trusts the filename or the client's declared type; `declared_kind` only says what
the uploader claimed, so that a claim the bytes contradict can be refused.
"""

from __future__ import annotations

import mimetypes
from fractions import Fraction
from pathlib import Path
from typing import Any

THUMBNAIL_WIDTH = 320
MEDIA_KINDS = frozenset({"video", "audio", "image"})


def sniff(path: Path) -> str:
    """The media type libmagic reads from the bytes, e.g. "video/mp4"."""
    import magic

    return str(magic.from_file(str(path), mime=True))


def kind_of(media_type: str) -> str:
    return media_type.split("/", 1)[0] if "/" in media_type else ""


def declared_kind(*, filename: str, filetype: str = "") -> str:
    """The kind (video/audio/image/…) the filename extension or the client's filetype claims."""
    guessed, _ = mimetypes.guess_type(filename)
    for candidate in (guessed or "", filetype):
        if kind_of(candidate) in MEDIA_KINDS:
            return kind_of(candidate)
    return kind_of(guessed or "")


def contradicts(*, filename: str, filetype: str, sniffed: str) -> bool:
    """True when the name or declared type says video/audio/image and the bytes are not that."""
    claimed = declared_kind(filename=filename, filetype=filetype)
    return claimed in MEDIA_KINDS and kind_of(sniffed) != claimed


def probe(path: Path) -> dict[str, Any]:
    """Container, duration and per-stream codecs. Empty when the file is not a media file."""
    import av

    try:
        container = av.open(str(path))
    except (av.FFmpegError, OSError, ValueError):
        return {}
    with container:
        info: dict[str, Any] = {
            "format": container.format.name,
            "duration": round(container.duration / 1_000_000, 3) if container.duration else None,
            "streams": [],
        }
        for stream in container.streams:
            codec: Any = stream.codec_context
            entry: dict[str, Any] = {"type": stream.type, "codec": codec.name}
            if stream.type == "video":
                entry["width"] = codec.width
                entry["height"] = codec.height
                info.setdefault("width", entry["width"])
                info.setdefault("height", entry["height"])
            info["streams"].append(entry)
    return info


def thumbnail(path: Path) -> bytes | None:
    """A JPEG of the first video frame (or the image), THUMBNAIL_WIDTH wide; None if impossible."""
    import av

    try:
        with av.open(str(path)) as container:
            if not container.streams.video:
                return None
            stream = container.streams.video[0]
            frame = next(container.decode(stream), None)
            if frame is None:
                return None
            width = min(THUMBNAIL_WIDTH, frame.width) // 2 * 2 or 2
            height = max(2, int(frame.height * width / frame.width) // 2 * 2)
            small = frame.reformat(width=width, height=height, format="yuvj420p")
            codec = av.CodecContext.create("mjpeg", "w")
            codec.width, codec.height, codec.pix_fmt = width, height, "yuvj420p"
            codec.time_base = Fraction(1, 25)
            packets = list(codec.encode(small)) + list(codec.encode(None))
            return b"".join(bytes(p) for p in packets) or None
    except (av.FFmpegError, OSError, ValueError, StopIteration):
        return None
