#!/usr/bin/env python3
"""Makes the TrueType-outline copies of Inter that the DOCX embeds.

Word on Windows embeds and loads document fonts through the Windows Font
Embedding library (t2embed), which only takes TrueType outlines; the
bundled Inter files have CFF (PostScript) outlines. This converts the four
faces Word's styles reach (regular, bold, italic, bold italic) once:
cubic curves become quadratic ones within 1 font unit (of 2048: invisible),
and nothing else changes (names, metrics, character map, OpenType
features, kerning, embedding permissions). The result is unhinted, with
the `gasp`/`prep` tables of an unhinted font (smooth at every size,
dropout control), as Google Fonts ships them.

Run from the repository root with fontTools (4.x):
    python3 fonts/otf2ttf.py
It writes fonts/Inter-{Regular,Bold,Italic,BoldItalic}.ttf; the same input
gives the same bytes (no timestamps are touched).
"""

from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables import ttProgram

FACES = ["Regular", "Bold", "Italic", "BoldItalic"]
# Largest distance, in font units, between a cubic curve and its quadratic copy.
MAX_ERR = 1.0


def convert(src: Path, dst: Path) -> None:
    font = TTFont(src, recalcTimestamp=False)
    assert font.sfntVersion == "OTTO" and "CFF " in font, src
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        # TrueType contours run clockwise, CFF ones counter-clockwise.
        glyphs[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    del font["CFF "]
    glyf.compile(font)
    # Left side bearings follow the new bounding boxes.
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        advance, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (advance, getattr(glyph, "xMin", 0))
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    maxp.maxZones = 1
    maxp.maxStackElements = 1
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
        "maxPoints",
        "maxContours",
        "maxCompositePoints",
        "maxCompositeContours",
    ):
        setattr(maxp, field, 0)
    font["maxp"] = maxp
    # Unhinted: smooth at every size; dropout control on.
    gasp = newTable("gasp")
    gasp.gaspRange = {0xFFFF: 0x000F}
    font["gasp"] = gasp
    prep = newTable("prep")
    prep.program = ttProgram.Program()
    prep.program.fromAssembly(["PUSHW[]", "511", "SCANCTRL[]", "PUSHB[]", "4", "SCANTYPE[]"])
    font["prep"] = prep
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\0\1\0\0"
    font.save(dst, reorderTables=True)


def main() -> None:
    here = Path(__file__).resolve().parent
    for face in FACES:
        convert(here / f"Inter-{face}.otf", here / f"Inter-{face}.ttf")


if __name__ == "__main__":
    main()
