"""Fill a results template in LibreOffice Calc as an editor does, through
Python UNO (run with a python3 that has the `uno` module, Debian's
`python3-uno`):

    python3 sheet_fill.py TEMPLATE.xlsx OUT.(xlsx|ods) ID=COLUMN=TEXT ...

Starts its own headless LibreOffice (a private profile, a free port, the
Dutch locale, so "1.234" is typed as one thousand two hundred thirty-four
and "7,0" as seven), opens the template, and for each ID=COLUMN=TEXT
(COLUMN 0-based, the row found by the id in hidden column A) types TEXT
into the cell as a keyboard does (`.uno:EnterString`, parsed as Calc
parses typing), or clears the cell's content when TEXT is empty (the
Delete key: the format stays). Saves once, in the format OUT's extension
names, and ends the LibreOffice it started. Prints each filled cell as
Calc holds it: `ID COLUMN VALUE`.
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.sheet.CellFlags import FORMULA, STRING, VALUE


def pv(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def free_port():
    with socket.socket() as s:
        s.bind(("localhost", 0))
        return s.getsockname()[1]


def main(template, out, fills):
    port = free_port()
    profile = tempfile.mkdtemp(prefix="uitvoeringsplan-calc-")
    # Its own copy of the template, as an editor saves the one sent to
    # them: a LibreOffice that ends while closing leaves a lock file beside
    # what it opened, which would keep the next run from opening it.
    copy = os.path.join(profile, os.path.basename(template))
    shutil.copyfile(template, copy)
    template = copy
    env = dict(os.environ, LC_ALL="nl_NL.UTF-8", LANG="nl_NL.UTF-8")
    office = subprocess.Popen(
        [
            "soffice",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
            "--headless",
            "--norestore",
            "--accept=socket,host=localhost,port=%d;urp;" % port,
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # Its own process group: soffice starts soffice.bin, and both end.
        start_new_session=True,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        ctx = None
        for _ in range(120):
            try:
                ctx = resolver.resolve(
                    "uno:socket,host=localhost,port=%d;urp;StarOffice.ComponentContext" % port
                )
                break
            except Exception:
                time.sleep(0.5)
        if ctx is None:
            raise SystemExit("LibreOffice did not start")
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        dispatcher = smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", ctx)
        doc = None
        # A new profile is still being set up when the socket answers.
        for _ in range(20):
            doc = desktop.loadComponentFromURL(
                uno.systemPathToFileUrl(os.path.abspath(template)),
                "_blank",
                0,
                (pv("Hidden", True),),
            )
            if doc is not None:
                break
            time.sleep(1)
        if doc is None:
            raise SystemExit("LibreOffice did not open " + template)
        sheet = doc.Sheets.getByName("Resultaten")
        rows = {}
        for r in range(3, 10000):
            cell_id = sheet.getCellByPosition(0, r).String
            if not cell_id:
                break
            rows[cell_id] = r
        controller = doc.CurrentController
        for fill in fills:
            cell_id, column, typed = fill.split("=", 2)
            column = int(column)
            cell = sheet.getCellByPosition(column, rows[cell_id])
            if typed == "":
                cell.clearContents(VALUE | STRING | FORMULA)
            else:
                controller.select(cell)
                dispatcher.executeDispatch(
                    controller.Frame, ".uno:EnterString", "", 0, (pv("StringName", typed),)
                )
            print(cell_id, column, cell.String if cell.Type.value == "TEXT" else cell.Value)
        name = "calc8" if out.endswith(".ods") else "Calc MS Excel 2007 XML"
        doc.storeToURL(
            uno.systemPathToFileUrl(os.path.abspath(out)),
            (pv("FilterName", name), pv("Overwrite", True)),
        )
        try:
            doc.close(True)
        except Exception:
            pass  # LibreOffice 7.4 may end while closing; the file is stored
    finally:
        os.killpg(office.pid, signal.SIGTERM)
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(office.pid, signal.SIGKILL)
            office.wait()
        subprocess.run(["rm", "-rf", profile])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
