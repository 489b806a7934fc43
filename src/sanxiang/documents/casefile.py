"""电子案卷 PDF assembly: 案卷封面 + 卷内目录 + the case's 文书 + 证据清单, page-numbered.

Pure: it takes what the service gathered (services_casefile) and returns PDF bytes. Cover, index
and evidence list are written as DOCX with python-docx in Noto Serif CJK SC and converted by the
same LibreOffice pipeline as every 文书 (reportlab cannot embed the CFF-based Noto CJK fonts);
the parts are merged with pypdf and every page gets its number ("— n —", digits only, so the
stamp needs no CJK font) from a reportlab overlay.

The merged file is a reading copy: stamping page numbers changes the pages, so the 文书' own
PAdES signatures do not survive in it. The signed originals travel next to it in the export ZIP.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from sanxiang.documents.rendering import docx_to_pdf

FONT = "Noto Serif CJK SC"
MONO = "DejaVu Sans Mono"
MAX_FRONT_RENDERS = 3


@dataclass(frozen=True)
class CoverLine:
    label: str
    value: str


@dataclass(frozen=True)
class FileDocument:
    """One 文书 of the case as it goes into the file: its title, number, date and PDF."""

    title: str
    number: str
    date: str
    pdf: bytes


@dataclass(frozen=True)
class EvidenceRow:
    filename: str
    sha256: str
    captured_at: str
    officer: str
    activity: str
    step: str


@dataclass(frozen=True)
class IndexRow:
    title: str
    number: str
    date: str
    start_page: int
    pages: int


def _new_docx(*, landscape: bool = False) -> DocxDocument:
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(11)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.left_margin = section.right_margin = Cm(2)
    return doc


def _heading(doc: DocxDocument, text: str, size: int = 20, space_before: int = 0) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_before = Pt(space_before)
    para.paragraph_format.space_after = Pt(18)
    run = para.add_run(text)
    run.bold = True
    run.font.size = Pt(size)


def _cell(
    cell: object, text: str, *, bold: bool = False, size: float = 10, mono: bool = False
) -> None:
    para = cell.paragraphs[0]  # type: ignore[attr-defined]
    lines = text.split("\n")
    for i, line in enumerate(lines):
        run = para.add_run(line)
        run.bold = bold
        run.font.size = Pt(size)
        if mono:
            run.font.name = MONO
        if i < len(lines) - 1:
            run.add_break(WD_BREAK.LINE)


def _table(
    doc: DocxDocument,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float],
    *,
    size: float = 10,
    mono_columns: frozenset[int] = frozenset(),
) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell(cell, text, bold=True, size=size)
    for row in rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _cell(
                cell, text, size=size if i not in mono_columns else size - 2, mono=i in mono_columns
            )
    _widths(table, widths_cm)


def _widths(table: object, widths_cm: Sequence[float]) -> None:
    """Fixed column widths: LibreOffice reads the grid, Word the cells; set both."""
    table.autofit = False  # type: ignore[attr-defined]
    for column, width in zip(table.columns, widths_cm, strict=True):  # type: ignore[attr-defined]
        column.width = Cm(width)
    for row in table.rows:  # type: ignore[attr-defined]
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def front_docx(
    *, agency: str, cover: Sequence[CoverLine], index: Sequence[IndexRow], total_pages: int
) -> bytes:
    """案卷封面 (page 1) and 卷内目录 (from page 2)."""
    doc = _new_docx()
    _heading(doc, agency, size=18, space_before=60)
    _heading(doc, "行政执法案卷", size=28, space_before=24)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for line in [*cover, CoverLine("本卷页数", f"共 {total_pages} 页")]:
        cells = table.add_row().cells
        _cell(cells[0], line.label, bold=True, size=12)
        _cell(cells[1], line.value, size=12)
    _widths(table, [4, 12])
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(doc, "卷内目录")
    rows = [
        [str(n), row.title, row.number, row.date, str(row.start_page), str(row.pages)]
        for n, row in enumerate(index, start=1)
    ]
    _table(
        doc,
        ["序号", "文书名称", "文号", "日期", "页号", "页数"],
        rows,
        [1.2, 6, 3.8, 2.8, 1.4, 1.4],
    )
    note = doc.add_paragraph()
    note.paragraph_format.space_before = Pt(12)
    run = note.add_run(
        "说明：本案卷为阅读副本，页码为加盖。各文书的电子签章原件、证据原始文件及其防篡改日志证明"
        "随本案卷一并导出（电子案卷压缩包），可用 sanxiang verify --bundle 离线校验。"
    )
    run.font.size = Pt(9)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def evidence_docx(rows: Sequence[EvidenceRow]) -> bytes:
    """证据清单 (landscape: the SHA-256 column is wide)."""
    doc = _new_docx(landscape=True)
    _heading(doc, "证据清单")
    body = [
        [
            str(n),
            r.filename,
            f"{r.sha256[:32]}\n{r.sha256[32:]}",
            r.captured_at,
            r.officer,
            r.activity,
            r.step,
        ]
        for n, r in enumerate(rows, start=1)
    ]
    if not body:
        body = [["", "（本案无证据文件）", "", "", "", "", ""]]
    _table(
        doc,
        ["序号", "文件名", "SHA-256", "采集时间", "执法人员", "执法环节", "所属办案环节"],
        body,
        [1.2, 5.5, 6.6, 3.6, 2.6, 3, 3.2],
        size=9,
        mono_columns=frozenset({2}),
    )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _stamp(writer: PdfWriter) -> None:
    """Number every page at its foot: "— n —"."""
    overlay = io.BytesIO()
    c = canvas.Canvas(overlay)
    for number, page in enumerate(writer.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        c.setPageSize((width, height))
        c.setFont("Helvetica", 10)
        c.drawCentredString(width / 2, 22, f"\u2014 {number} \u2014")
        c.showPage()
    c.save()
    stamps = PdfReader(io.BytesIO(overlay.getvalue()))
    for page, stamp in zip(writer.pages, stamps.pages, strict=True):
        page.merge_translated_page(stamp, float(page.mediabox.left), float(page.mediabox.bottom))


def assemble(
    *,
    agency: str,
    cover: Sequence[CoverLine],
    documents: Sequence[FileDocument],
    evidence: Sequence[EvidenceRow],
) -> tuple[bytes, list[IndexRow]]:
    """The whole 电子案卷 as one PDF, and the 卷内目录 rows it printed (with start pages).

    The front matter's own length decides where everything after it starts, so it is rendered
    until its page count agrees with the numbers printed in it (normally once or twice).
    """
    evidence_pdf = docx_to_pdf(evidence_docx(evidence))
    doc_pages = [_page_count(d.pdf) for d in documents]
    evidence_pages = _page_count(evidence_pdf)
    front_pages, front_pdf, index = 2, b"", []
    for _ in range(MAX_FRONT_RENDERS):
        index = [IndexRow("案卷封面", "", "", 1, 1)]
        index.append(IndexRow("卷内目录", "", "", 2, front_pages - 1))
        page = front_pages + 1
        for d, pages in zip(documents, doc_pages, strict=True):
            index.append(IndexRow(d.title, d.number, d.date, page, pages))
            page += pages
        index.append(IndexRow("证据清单", "", "", page, evidence_pages))
        total = page + evidence_pages - 1
        front_pdf = docx_to_pdf(
            front_docx(agency=agency, cover=cover, index=index, total_pages=total)
        )
        actual = _page_count(front_pdf)
        if actual == front_pages:
            break
        front_pages = actual
    writer = PdfWriter()
    for part in [front_pdf, *(d.pdf for d in documents), evidence_pdf]:
        writer.append(PdfReader(io.BytesIO(part)))
    _stamp(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), index
