#!/usr/bin/env python3
"""Walks the structure tree of a tagged PDF with pikepdf and checks what a
screen reader relies on: /Lang nl, marked content, headings in order, tables
with header cells, figures with alt text, and a reading order that is the
plan's text: no link directly in the document or in a list's structure
(where the margin navigation's links once landed at every page break), and
no link annotation in the right margin (the navigation there is page
decoration, an artifact). Prints a summary; exits 1 on a problem."""
import sys

import pikepdf


def main(path):
    pdf = pikepdf.open(path)
    root = pdf.Root
    problems = []
    lang = str(root.get("/Lang", ""))
    if not lang.lower().startswith("nl"):
        problems.append(f"catalog /Lang is {lang!r}, expected nl")
    if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
        problems.append("/MarkInfo /Marked is not true")
    tree = root.get("/StructTreeRoot")
    if tree is None:
        print("no structure tree")
        return 1
    role_map = {str(k): str(v) for k, v in tree.get("/RoleMap", {}).items()}

    headings, tables, figures, links = [], [], [], []

    def kids(node):
        k = node.get("/K")
        if k is None:
            return []
        if isinstance(k, pikepdf.Array):
            return list(k)
        return [k]

    def walk(node, depth=0, parent="/Document"):
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            return
        tag = str(node["/S"])
        tag = role_map.get(tag, tag)
        if tag == "/Link":
            links.append(parent)
        if tag in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6"):
            headings.append(int(tag[2]))
        if tag == "/Table":
            tables.append(node)
        if tag == "/Figure":
            figures.append(node)
        for k in kids(node):
            walk(k, depth + 1, tag)

    for k in kids(tree):
        walk(k)
    # The structure tree's root element is the document itself.
    for parent in links:
        if parent in ("/Document", "/L", "/LI", "/LBody"):
            problems.append(f"a Link directly in {parent}: links belong in text (P, TOCI, H, ...)")
            break

    margin_links = 0
    for page in pdf.pages:
        width = float(page.mediabox[2]) - float(page.mediabox[0])
        for annot in page.get("/Annots", []):
            # The text column ends 52 mm (147 pt) from the right edge; the
            # navigation starts about 124 pt from it.
            if annot.get("/Subtype") == "/Link" and float(annot.Rect[0]) > width - 140:
                margin_links += 1
    if margin_links:
        problems.append(f"{margin_links} link annotations in the right margin (the navigation is an artifact)")

    prev = 0
    for level in headings:
        if level > prev + 1:
            problems.append(f"heading level jumps from H{prev} to H{level}")
        prev = level
    if not headings:
        problems.append("no headings tagged")

    def has_tag(node, wanted):
        for k in kids(node):
            if isinstance(k, pikepdf.Dictionary) and "/S" in k:
                if role_map.get(str(k["/S"]), str(k["/S"])) == wanted or has_tag(k, wanted):
                    return True
        return False

    for i, t in enumerate(tables):
        if not has_tag(t, "/TH"):
            problems.append(f"table {i + 1} has no header cells (TH)")
    for i, f in enumerate(figures):
        if "/Alt" not in f or not str(f["/Alt"]).strip():
            problems.append(f"figure {i + 1} has no alt text")

    print(
        f"lang={lang} headings={len(headings)} tables={len(tables)} figures={len(figures)} links={len(links)} "
        f"title={pdf.open_metadata().get('dc:title')!r}"
    )
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
