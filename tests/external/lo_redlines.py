"""The tracked changes of a DOCX as LibreOffice reads them (Python UNO).

Usage: /usr/bin/python3 lo_redlines.py REVISED.docx PLAIN.docx [NOTE]

Starts its own headless LibreOffice (a private profile, a named pipe),
opens REVISED.docx, prints `redlines N` and a line per kind of change
(`type Insert 12`, `author uitvoeringsplan 30`), accepts every change and
compares the document's text, tables included, with PLAIN.docx's: `SAME`,
or `DIFFERENT` with the first differing line of each. NOTE is a paragraph
only REVISED.docx has (the cover's line about the changes), left out.
"""
import os
import subprocess
import sys
import tempfile
import time
import uno
from com.sun.star.beans import PropertyValue


def pv(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def start():
    profile = tempfile.mkdtemp(prefix="uitvoeringsplan-lo-uno-")
    pipe = "uitvoeringsplan_%d" % os.getpid()
    proc = subprocess.Popen(
        [
            "soffice",
            "-env:UserInstallation=file://" + profile,
            "--headless",
            "--norestore",
            "--accept=pipe,name=%s;urp;" % pipe,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(120):
        try:
            ctx = resolver.resolve(
                "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
            )
            desktop = ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", ctx
            )
            return proc, ctx, desktop, profile
        except Exception:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("LibreOffice did not start")


def load(desktop, path):
    url = uno.systemPathToFileUrl(os.path.abspath(path))
    return desktop.loadComponentFromURL(url, "_blank", 0, (pv("Hidden", True),))


def text(doc):
    """The document's text as lines: paragraphs, and tables cell by cell."""
    out = []

    def walk(enum):
        while enum.hasMoreElements():
            e = enum.nextElement()
            if e.supportsService("com.sun.star.text.TextTable"):
                for name in e.getCellNames():
                    walk(e.getCellByName(name).createEnumeration())
            else:
                out.append(e.getString())

    walk(doc.Text.createEnumeration())
    return out


def main():
    revised, plain = sys.argv[1], sys.argv[2]
    note = sys.argv[3] if len(sys.argv) > 3 else None
    proc, ctx, desktop, profile = start()
    try:
        doc = load(desktop, revised)
        redlines = doc.Redlines
        kinds = {}
        authors = {}
        for i in range(redlines.Count):
            r = redlines.getByIndex(i)
            kinds[r.RedlineType] = kinds.get(r.RedlineType, 0) + 1
            authors[r.RedlineAuthor] = authors.get(r.RedlineAuthor, 0) + 1
        print("redlines %d" % redlines.Count)
        for k in sorted(kinds):
            print("type %s %d" % (k, kinds[k]))
        for a in sorted(authors):
            print("author %s %d" % (a, authors[a]))
        dispatcher = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", ctx
        )
        frame = doc.CurrentController.Frame
        dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
        print("after accepting %d" % doc.Redlines.Count)
        accepted = [line for line in text(doc) if line != note]
        doc.close(True)
        doc = load(desktop, plain)
        expected = text(doc)
        doc.close(True)
        if accepted == expected:
            print("SAME")
        else:
            print("DIFFERENT %d %d" % (len(accepted), len(expected)))
            for a, b in zip(accepted, expected):
                if a != b:
                    print("accepted: %r" % a)
                    print("plain:    %r" % b)
                    break
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        subprocess.run(["rm", "-rf", profile])


main()
