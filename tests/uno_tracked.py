"""Accept or reject every tracked change of .docx files in LibreOffice, through its UNO API, and
save what is left as UTF-8 text: what a reviewer gets from Edit > Track Changes > Accept All (or
Reject All).

Run by Debian's python3 with python3-uno (not the project's virtual environment):

    python3 uno_tracked.py PROFILE_URL accept|reject OUT_DIR FILE.docx...

It writes OUT_DIR/<name>.<accept|reject>.txt for each file.
"""

import os
import subprocess
import sys
import time
import uuid

import uno  # type: ignore[import-not-found]

COMMANDS = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}


def prop(name, value):
    p = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
    p.Name = name
    p.Value = value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    for _ in range(600):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except Exception:
            time.sleep(0.1)
    raise SystemExit("LibreOffice did not start")


def main():
    profile, action, out, *files = sys.argv[1:]
    pipe = "acocontract" + uuid.uuid4().hex
    office = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        context = connect(pipe)
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        for path in files:
            url = uno.systemPathToFileUrl(os.path.abspath(path))
            document = desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))
            frame = document.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, COMMANDS[action], "", 0, ())
            name = os.path.splitext(os.path.basename(path))[0]
            target = os.path.abspath(os.path.join(out, f"{name}.{action}.txt"))
            options = (prop("FilterName", "Text (encoded)"), prop("FilterOptions", "UTF8"))
            document.storeToURL(uno.systemPathToFileUrl(target), options)
            document.close(True)
        desktop.terminate()
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
