#!/usr/bin/env python3
"""Opens a DOCX with python-docx, as a third party would, and reports what a
Word user relies on: headings with Word's built-in styles, tables, images
with alt text, Dutch as document language, title and author. Exits 1 on a problem."""
import sys

import docx
from docx.oxml.ns import qn


def main(path):
    d = docx.Document(path)
    problems = []
    headings = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.lower().startswith("heading")]
    if not headings:
        problems.append("no paragraphs with a built-in heading style")
    levels = sorted({name for name, _ in headings})
    props = d.core_properties
    if not props.title:
        problems.append("no core title")
    if not props.author:
        problems.append("no core author/creator")
    styles = d.styles.element
    lang = styles.find(".//" + qn("w:docDefaults") + "//" + qn("w:lang"))
    lang_val = lang.get(qn("w:val")) if lang is not None else None
    if lang_val != "nl-NL":
        problems.append(f"default language is {lang_val!r}, expected nl-NL")
    pictures = d.inline_shapes
    for i, shape in enumerate(pictures):
        doc_pr = shape._inline.docPr
        if not (doc_pr.get("descr") or "").strip():
            problems.append(f"image {i + 1} has no alt text (descr)")
    header_rows = sum(
        1 for t in d.tables if t.rows and t.rows[0]._tr.find(qn("w:trPr") + "/" + qn("w:tblHeader")) is not None
    )
    print(
        f"headings={len(headings)} levels={levels} tables={len(d.tables)} header_rows={header_rows} "
        f"images={len(pictures)} lang={lang_val} title={props.title!r} author={props.author!r}"
    )
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
