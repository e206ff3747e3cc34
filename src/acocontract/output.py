"""What the command line prints: diagnostics and status lines, safe for the terminal.

Anything that came from a profile (a practice's name in a message, say) may hold control
characters; before it reaches a terminal they are shown as escapes (`\\x1b`), so a name cannot
erase lines or set the window title. Colour (through rich) only on a terminal without NO_COLOR;
otherwise plain lines, and rich is not even imported.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from typing import IO, Any

from acocontract.errors import Diagnostic

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Text with every control or direction-changing character shown as an escape."""
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


def colour(stream: IO[str]) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def say(message: str, stream: IO[str] | None = None) -> None:
    out = stream or sys.stderr
    out.write(safe(message) + "\n")


def count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def print_diagnostics(diagnostics: Iterable[Diagnostic], stream: IO[str] | None = None) -> None:
    out = stream or sys.stderr
    found = list(diagnostics)
    if not found:
        return
    if not colour(out):
        for d in found:
            out.write(safe(d.format()) + "\n")
            if d.hint:
                out.write(f"  hint: {safe(d.hint)}\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=True)
    for d in found:
        style = "red" if d.is_error else "yellow"
        line = Text(safe(f"{d.path}:{d.line}:{d.column}: "))
        line.append(f"{d.severity}[{d.code}]", style=f"bold {style}")
        line.append(safe(f": {d.message}"))
        console.print(line)
        if d.hint:
            console.print(Text(f"  hint: {safe(d.hint)}", style="dim"))


def diagnostic_json(d: Diagnostic) -> dict[str, Any]:
    return {
        "path": d.path,
        "line": d.line,
        "column": d.column,
        "severity": d.severity,
        "code": d.code,
        "message": d.message,
        "hint": d.hint,
    }


def as_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([diagnostic_json(d) for d in diagnostics], indent=2)


def _github_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return safe(text)


def as_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands, one per diagnostic."""
    lines = []
    for d in diagnostics:
        props = (
            f"file={_github_escape(d.path, True)},line={d.line},col={d.column},"
            f"title={_github_escape(d.code, True)}"
        )
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(f"::{d.severity} {props}::{_github_escape(message)}")
    return "\n".join(lines)
