"""One error family: located diagnostics that a user can act on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple


class Diagnostic(NamedTuple):
    """One problem, located in a file: `path:line:col: severity[code]: message`."""

    path: str
    line: int
    column: int
    severity: str  # "error" | "warning"
    code: str
    message: str
    hint: str = ""

    def format(self) -> str:
        return (
            f"{self.path}:{self.line}:{self.column}: {self.severity}[{self.code}]: {self.message}"
        )

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def error(path: str, line: int, column: int, code: str, message: str, hint: str = "") -> Diagnostic:
    return Diagnostic(path, line, column, "error", code, message, hint)


def warning(
    path: str, line: int, column: int, code: str, message: str, hint: str = ""
) -> Diagnostic:
    return Diagnostic(path, line, column, "warning", code, message, hint)


class AcoError(Exception):
    """Raised with every diagnostic found; the CLI prints them and exits 1."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sort_diagnostics(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file then position, duplicates dropped."""
    return sorted(set(diagnostics), key=lambda d: (d.path, d.line, d.column, d.code, d.message))
