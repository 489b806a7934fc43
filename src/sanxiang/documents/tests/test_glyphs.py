"""The PDFs show Simplified Chinese glyph forms, not the Japanese ones of the same font collection.

Noto CJK ships SC, TC, JP, KR and HK faces in one collection sharing a CFF table, so the embedded
font's name says "jp" whatever face was used. What matters is the shape: 骨, 直 and 没 are drawn
differently in the SC and JP faces. Rendering them through the default templates' style and
LibreOffice, the result must look like the SC face drawn directly, not the JP one.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
from docx.shared import Pt
from PIL import Image, ImageChops, ImageDraw, ImageFont

from sanxiang.documents import rendering
from sanxiang.documents.default_templates import _setup

SAMPLE = "骨直没"
COLLECTION = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
SIZE = (240, 80)


def _ink(image: Image.Image) -> Image.Image:
    """The inked area, scaled to a fixed size, as a grey image."""
    grey = image.convert("L")
    box = ImageChops.invert(grey).getbbox()
    assert box, "nothing was drawn"
    return grey.crop(box).resize(SIZE)


def _face(family: str) -> ImageFont.FreeTypeFont:
    for index in range(8):
        font = ImageFont.truetype(COLLECTION, 120, index=index)
        if font.getname()[0] == family:
            return font
    raise AssertionError(f"{family} not in {COLLECTION}")


def _drawn(family: str) -> Image.Image:
    image = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(image).text((20, 20), SAMPLE, font=_face(family), fill=0)
    return _ink(image)


def _distance(a: Image.Image, b: Image.Image) -> int:
    return sum(ImageChops.difference(a, b).getdata())


def test_pdf_glyphs_are_the_simplified_chinese_forms(tmp_path: Path):
    doc = docx.Document()
    _setup(doc)  # the default templates' page, font and zh-CN language
    doc.add_paragraph().add_run(SAMPLE).font.size = Pt(60)
    out = io.BytesIO()
    doc.save(out)
    pdf = tmp_path / "glyphs.pdf"
    pdf.write_bytes(rendering.docx_to_pdf(out.getvalue()))
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "g")],
        check=True,
    )
    rendered = _ink(Image.open(next(tmp_path.glob("g-*.png"))))
    to_sc = _distance(rendered, _drawn("Noto Serif CJK SC"))
    to_jp = _distance(rendered, _drawn("Noto Serif CJK JP"))
    assert to_sc < to_jp * 0.8, (to_sc, to_jp)
