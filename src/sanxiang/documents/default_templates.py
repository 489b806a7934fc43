"""The packaged default 执法文书 templates, built reproducibly with python-docx.

`python -m sanxiang.documents.default_templates` writes `data/templates/<kind>.docx` for every
DocumentKind. Agencies may upload their own (checked against the same field list); these are
what a document uses until then.

Layout: A4 with the GB/T 9704 margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm), body
in Noto Serif CJK SC, the agency's name and the title centred, the 文书编号, the kind's fields
(narrative paragraphs, or a two-column table for the 审批表 kinds), the on-screen signatures, and
a footer table with the verification QR code. The templates use docxtpl tags and only the names
the kind declares (contexts.all_fields); loops are `{%p ... %}` / `{%tr ... %}` paragraphs/rows.
"""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

from sanxiang.documents.default_layouts import LAYOUTS, Block, Grid, If, Loop, P, Rows
from sanxiang.documents.kinds import DocumentKind

TEMPLATES_DIR = Path(__file__).resolve().parent / "data" / "templates"
FONT = "Noto Serif CJK SC"
BODY_PT = 12
TITLE_PT = 22
AGENCY_PT = 16
SMALL_PT = 9


# --- building ----------------------------------------------------------------------------------


def _east_asian(element: object, name: str = FONT) -> None:
    """Set the East Asian font and language on a style's or run's rPr."""
    rpr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _setup(doc: object) -> None:
    section = doc.sections[0]  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]  # type: ignore[attr-defined]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _east_asian(normal.element)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(4)
    fmt.line_spacing = 1.3


ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def _para(
    target: object,
    text: str,
    *,
    bold: bool = False,
    size: float | None = None,
    align: str = "left",
    indent: bool = False,
) -> Paragraph:
    """One paragraph with the text in a single run (so Jinja tags are never split)."""
    para: Paragraph = target.add_paragraph()  # type: ignore[attr-defined]
    para.alignment = ALIGN[align]
    if indent:
        para.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    run = para.add_run(text)
    run.bold = bold
    if size is not None:
        run.font.size = Pt(size)
    return para


def _cell_text(cell: object, text: str, *, bold: bool = False) -> None:
    para = cell.paragraphs[0]  # type: ignore[attr-defined]
    run = para.add_run(text)
    run.bold = bold


def _widths(table: DocxTable, widths_mm: Sequence[float]) -> None:
    """Fixed column widths (LibreOffice reads the grid columns, Word the cells)."""
    table.autofit = False
    for column, mm in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(mm)
    for row in table.rows:
        for cell, mm in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(mm)


def _grid(doc: object, grid: Grid) -> None:
    table: DocxTable = doc.add_table(rows=len(grid.rows), cols=2)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, (label, value) in zip(table.rows, grid.rows, strict=True):
        cells = row.cells
        _cell_text(cells[0], label, bold=True)
        _cell_text(cells[1], value)
    _widths(table, (46, 110))
    _para(doc, "")


def _rows(doc: object, rows: Rows) -> None:
    width = len(rows.headers)
    # header, {%tr for %}, the item's row, {%tr endfor %}
    table: DocxTable = doc.add_table(rows=4, cols=width)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header, start, body, end = (r.cells for r in table.rows)
    for cell, text in zip(header, rows.headers, strict=True):
        _cell_text(cell, text, bold=True)
    _cell_text(start[0], f"{{%tr for {rows.var} in {rows.items} %}}")
    for cell, text in zip(body, rows.cells, strict=True):
        _cell_text(cell, text)
    _cell_text(end[0], "{%tr endfor %}")
    if rows.widths_mm:
        _widths(table, rows.widths_mm)
    _para(doc, "")


def _blocks(doc: object, blocks: Sequence[Block]) -> None:
    for block in blocks:
        if isinstance(block, P):
            _para(doc, block.text, bold=block.bold, align=block.align, indent=block.indent)
        elif isinstance(block, Loop):
            _para(doc, f"{{%p for {block.var} in {block.items} %}}")
            for line in block.lines:
                _para(doc, line, indent=True)
            _para(doc, "{%p endfor %}")
        elif isinstance(block, If):
            _para(doc, f"{{%p if {block.condition} %}}")
            _blocks(doc, block.blocks)
            _para(doc, "{%p endif %}")
        elif isinstance(block, Grid):
            _grid(doc, block)
        else:
            _rows(doc, block)


def _signatures(doc: object) -> None:
    _para(doc, "{%p for s in signatures or [] %}")
    _para(doc, "{{ s.role_label }}：{{ s.name }} {{ s.image }}")
    _para(doc, "{%p if s.refused %}")
    _para(doc, "（拒绝签名：{{ s.refusal_note }}）")
    _para(doc, "{%p endif %}")
    _para(doc, "{%p endfor %}")


def _footer(doc: object) -> None:
    table: DocxTable = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _widths(table, (28, 128))
    qr_cell, text_cell = table.rows[0].cells
    _cell_text(qr_cell, "{{ qr }}")
    para = text_cell.paragraphs[0]
    run = para.add_run("本文书制作于{{ generated_on }}。扫码或访问 {{ verify_url }} 核验本文书")
    run.font.size = Pt(SMALL_PT)


def build_template(kind: DocumentKind | str) -> bytes:
    """The default DOCX template of `kind`."""
    layout = LAYOUTS[DocumentKind(kind)]
    doc = docx.Document()
    _setup(doc)
    _para(doc, "{{ agency_name }}", bold=True, size=AGENCY_PT, align="center")
    _para(doc, "{{ document_title }}", bold=True, size=TITLE_PT, align="center")
    if layout.number_line:
        _para(doc, '{{ document_number or "" }}', align="right")
    _blocks(doc, layout.blocks)
    _signatures(doc)
    for line in layout.extra_signatures:
        _para(doc, line)
    if layout.seal:
        _para(doc, "{{ agency_name }}（印章）", align="right")
    if layout.date:
        _para(doc, layout.date, align="right")
    _footer(doc)
    out = io.BytesIO()
    doc.save(out)
    return _without_timestamps(out.getvalue())


ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a ZIP entry can carry


def _without_timestamps(package: bytes) -> bytes:
    """The same DOCX package with every entry dated ZIP_EPOCH, so that building the templates
    again gives the same bytes (python-docx stamps each entry with the time of saving)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            stable = zipfile.ZipInfo(entry.filename, date_time=ZIP_EPOCH)
            stable.compress_type = entry.compress_type
            stable.external_attr = entry.external_attr
            target.writestr(stable, source.read(entry))
    return out.getvalue()


def template_path(kind: DocumentKind | str) -> Path:
    return TEMPLATES_DIR / f"{DocumentKind(kind).value}.docx"


def write_all(directory: Path = TEMPLATES_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in DocumentKind:
        if kind not in LAYOUTS:
            continue
        path = directory / f"{kind.value}.docx"
        path.write_bytes(build_template(kind))
        written.append(path)
    return written


def main() -> None:
    for path in write_all():
        sys.stdout.write(f"{path}\n")


if __name__ == "__main__":
    main()
