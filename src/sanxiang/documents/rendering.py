"""DOCX template → filled DOCX → PDF (LibreOffice headless), and the QR code image.

LibreOffice runs as a child process with its own throw-away profile per call, so concurrent
conversions never share (and lock) one user profile, and a hung converter is killed.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess  # noqa: S404 — a fixed argv, no shell
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import qrcode
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined
from jinja2.exceptions import TemplateError
from pypdf import PdfReader

from sanxiang.core.errors import ApplicationError

CONVERT_TIMEOUT_S = 120
RENDER_FAILED = "文书模板填写失败：{detail}"
CONVERT_FAILED = "文书转换为PDF失败，请联系系统管理员（LibreOffice）"


class DocumentRenderFailed(ApplicationError):
    code = "document_render_failed"
    status = 422


@dataclass(frozen=True)
class ImageRef:
    """A picture to place in the document (QR code, on-screen signature), width in millimetres."""

    png: bytes
    width_mm: float


def _images_to_inline(tpl: DocxTemplate, value: Any) -> Any:
    if isinstance(value, ImageRef):
        return InlineImage(tpl, io.BytesIO(value.png), width=Mm(value.width_mm))
    if isinstance(value, Mapping):
        return {k: _images_to_inline(tpl, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_images_to_inline(tpl, v) for v in value]
    return value


def render_docx(template: bytes, context: Mapping[str, Any]) -> bytes:
    """Fill a docxtpl template. Undefined names fail instead of printing blanks.

    Raises: DocumentRenderFailed (broken template, unknown field).
    """
    try:
        tpl = DocxTemplate(io.BytesIO(template))
        env = Environment(undefined=StrictUndefined, autoescape=True)
        tpl.render(_images_to_inline(tpl, dict(context)), jinja_env=env)
        out = io.BytesIO()
        tpl.save(out)
    except TemplateError as exc:
        raise DocumentRenderFailed(RENDER_FAILED.format(detail=exc)) from exc
    except Exception as exc:  # a package python-docx cannot read: never a 500
        raise DocumentRenderFailed(RENDER_FAILED.format(detail=type(exc).__name__)) from exc
    return out.getvalue()


def template_fields(template: bytes) -> set[str]:
    """The names a DOCX template uses (for checking an uploaded template against a kind).

    Raises: DocumentRenderFailed (not a DOCX, broken Jinja).
    """
    try:
        return set(DocxTemplate(io.BytesIO(template)).get_undeclared_template_variables())
    except TemplateError as exc:
        raise DocumentRenderFailed(RENDER_FAILED.format(detail=exc)) from exc


def soffice_binary() -> str:
    return os.environ.get("SANXIANG_SOFFICE", "") or shutil.which("soffice") or "soffice"


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert with LibreOffice headless.

    Raises: DocumentRenderFailed when LibreOffice is missing, fails or times out.
    """
    with tempfile.TemporaryDirectory(prefix="sanxiang-soffice-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(docx)
        argv = [
            soffice_binary(),
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(  # noqa: S603 — argv built above, no shell
                argv,
                check=True,
                capture_output=True,
                timeout=CONVERT_TIMEOUT_S,
                env={**os.environ, "HOME": tmp},
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise DocumentRenderFailed(CONVERT_FAILED) from exc
        target = work / "document.pdf"
        if not target.exists():
            raise DocumentRenderFailed(CONVERT_FAILED)
        return target.read_bytes()


def pdf_page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def qr_png(text: str) -> bytes:
    """A QR code (error correction M) as PNG bytes."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=2)
    code.add_data(text)
    code.make(fit=True)
    out = io.BytesIO()
    code.make_image().save(out, format="PNG")
    return out.getvalue()
