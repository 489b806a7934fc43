"""Errors that services raise. Each carries a stable code (for the API) and a Chinese message (for people)."""

from __future__ import annotations

from collections.abc import Mapping


class ApplicationError(Exception):
    """A refusal a user can understand and act on. Never a 500."""

    code = "invalid"
    status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        citation: str = "",
        extra: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.citation = citation
        self.extra = dict(extra or {})

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"code": self.code, "message": self.message}
        if self.citation:
            body["citation"] = self.citation
        if self.extra:
            body["detail"] = self.extra
        return body


class ValidationFailed(ApplicationError):
    code = "validation_failed"


class NotFound(ApplicationError):
    """Missing and forbidden look the same from outside: another agency's object is a 404."""

    code = "not_found"
    status = 404

    def __init__(self, message: str = "对象不存在或无权访问") -> None:
        super().__init__(message)


class Forbidden(ApplicationError):
    """The actor may see the object but not do this to it."""

    code = "forbidden"
    status = 403


class RuleViolation(ApplicationError):
    """A legal guard rail refused the change; `citation` names the article."""

    code = "rule_violation"
    status = 409
