"""Evidence refusals: stable codes, tus status codes and Chinese messages that tests assert."""

from __future__ import annotations

from sanxiang.core.errors import ApplicationError

UNAUTHENTICATED = "需要登录或有效的 API 令牌（Authorization: Bearer …）"
TUS_VERSION_UNSUPPORTED = "不支持的 tus 协议版本，仅支持 1.0.0"
HEADER_MISSING = "缺少请求头 {header}"
HEADER_INVALID = "请求头 {header} 的值不正确"
METADATA_INVALID = "Upload-Metadata 格式不正确（应为“键 base64值”，以逗号分隔）"
AGENCY_REQUIRED = "请在 Upload-Metadata 中用 agency 指明执法主体"
NOT_AN_OFFICER = "您不是该执法主体的在岗执法人员，不能向其上传证据"
EMPTY_FILE = "文件为空，不能作为证据上传"
TOO_LARGE = "文件超过单个证据的大小上限（{limit} 字节），未保存任何内容"
CHUNK_TOO_LARGE = "本次发送的字节数超出了声明的文件总长度"
GPS_INVALID = "GPS 坐标无效：格式为“纬度,经度”，纬度在 -90 至 90 之间，经度在 -180 至 180 之间"
CAPTURED_AT_INVALID = (
    "采集时间格式不正确，应为带时区的 ISO 8601 时间（例如 2026-05-01T09:30:00+08:00）"
)
CONTENT_TYPE_INVALID = "PATCH 请求的 Content-Type 必须是 application/offset+octet-stream"
OFFSET_MISMATCH = (
    "Upload-Offset 与服务器已接收的字节数（{offset}）不一致，请先用 HEAD 查询断点后续传"
)
CHECKSUM_UNSUPPORTED = "不支持的校验算法，仅支持 sha1 和 sha256"
CHECKSUM_MISMATCH = "分块校验和不匹配，该分块已丢弃，请重新发送"
UPLOAD_BUSY = "该上传会话正在接收另一个请求，请稍后重试"
UPLOAD_EXPIRED = "上传会话已过期，请重新上传"
UPLOAD_CLOSED = "上传会话已结束（已取消或已拒收）"
UPLOAD_SEALED = "上传已完成并封存，证据不可删除或修改"
CONTENT_MISMATCH = (
    "文件内容与文件名或声明的类型不符：“{filename}”应为{claimed}文件，实际内容为 {actual}。"
    "已拒收，未封存任何内容。"
)
KIND_NAMES = {"video": "视频", "audio": "音频", "image": "图片"}
RANGE_INVALID = "请求的字节范围无效"


class UploadError(ApplicationError):
    code = "upload_invalid"
    status = 400


class Unauthenticated(ApplicationError):
    code = "unauthenticated"
    status = 401


class VersionUnsupported(ApplicationError):
    code = "tus_version_unsupported"
    status = 412


class UploadTooLarge(ApplicationError):
    code = "upload_too_large"
    status = 413


class UnsupportedContentType(ApplicationError):
    code = "unsupported_content_type"
    status = 415


class OffsetMismatch(ApplicationError):
    code = "offset_mismatch"
    status = 409


class UploadConflict(ApplicationError):
    code = "upload_conflict"
    status = 409


class UploadGone(ApplicationError):
    code = "upload_expired"
    status = 410


class UploadBusy(ApplicationError):
    code = "upload_busy"
    status = 423


class ChecksumMismatch(ApplicationError):
    code = "checksum_mismatch"
    status = 460


class ContentMismatch(ApplicationError):
    """The bytes are not what the name or declared type says (a renamed file)."""

    code = "content_mismatch"
    status = 415
