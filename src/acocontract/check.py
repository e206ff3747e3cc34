"""A profile checked end to end: YAML, schema, model, edition, tailoring, then the domain rules.

`check_file` returns `Ready` (a usable profile with its edition and tailored documents, and any
warnings) or `Failed` (every problem, located). Assembling the documents is a separate step
(`Ready.assemble`), so `explain` and `clauses` never pay for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from acocontract.errors import AcoError, Diagnostic, error
from acocontract.library import Edition, available_editions, load_edition
from acocontract.loader import Loaded, load_yaml, parse_yaml
from acocontract.model import Profile, build_profile
from acocontract.tailor import Tailored, tailor
from acocontract.tree import Document
from acocontract.validate import schema_diagnostics


class Failed(NamedTuple):
    path: str
    diagnostics: tuple[Diagnostic, ...]


class Ready(NamedTuple):
    path: str
    loaded: Loaded
    profile: Profile
    edition: Edition
    tailored: tuple[Tailored, ...]  # the documents, clause by clause
    warnings: tuple[Diagnostic, ...]
    draft: bool = False  # requested derogations applied as well as approved ones

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return self.warnings

    def assemble(self) -> list[Document]:
        """Every document's tree; raises AcoError with every problem (broken references,
        undefined terms, text that cannot be filled in)."""
        from acocontract.assemble import assemble

        documents: list[Document] = []
        problems: list[Diagnostic] = []
        for tailored in self.tailored:
            try:
                documents.append(assemble(self.profile, self.edition, tailored, draft=self.draft))
            except AcoError as err:
                problems.extend(err.diagnostics)
        if problems:
            raise AcoError(problems)
        return documents


Checked = Ready | Failed


def require(checked: Checked) -> Ready:
    """The usable profile, or its problems raised for the command line to report."""
    if isinstance(checked, Failed):
        raise AcoError(checked.diagnostics)
    return checked


def check_file(path: Path, display: str | None = None, *, draft: bool = False) -> Checked:
    """Every problem with one profile file, located; the model and edition when usable."""
    shown = display if display is not None else path.as_posix()
    try:
        shown.encode("utf-8")
    except UnicodeEncodeError:  # a byte the file system allows but no text can carry
        safe = shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        problem = error(
            safe,
            1,
            1,
            "file-name-not-utf8",
            "the file name is not valid UTF-8, so the outputs and the manifest cannot be named "
            "after it",
            "rename the file with UTF-8 characters only",
        )
        return Failed(safe, (problem,))
    try:
        loaded = load_yaml(path, shown, cached=True)
    except AcoError as err:
        return Failed(shown, tuple(err.diagnostics))
    return check_loaded(loaded, draft=draft)


def check_text(text: str, display: str, *, draft: bool = False) -> Checked:
    """The same checks on profile text that is not in a file (a generated variant)."""
    try:
        loaded = parse_yaml(text, display, cached=True)
    except AcoError as err:
        return Failed(display, tuple(err.diagnostics))
    return check_loaded(loaded, draft=draft)


def _edition(loaded: Loaded, profile: Profile) -> Edition:
    try:
        return load_edition(profile.edition)
    except AcoError as err:
        if any(d.code == "unknown-edition" for d in err.diagnostics):
            raise AcoError(
                [
                    loaded.diag(
                        ("edition",),
                        "unknown-edition",
                        f"there is no bundled edition {profile.edition!r}",
                        "bundled editions: " + ", ".join(available_editions()),
                    )
                ]
            ) from None
        raise  # the library itself is broken: its own diagnostics


def check_loaded(loaded: Loaded, *, draft: bool = False) -> Checked:
    from acocontract.domain import check_profile

    if not isinstance(loaded.data, dict):
        return Failed(
            loaded.path,
            (
                loaded.diag(
                    (),
                    "not-a-mapping",
                    "a profile is a mapping of keys to values, not a list or a single value",
                    "start with `acocontract: 1` and `name: ...` on separate lines",
                ),
            ),
        )
    problems = schema_diagnostics(loaded, "profile")
    if problems:
        return Failed(loaded.path, tuple(problems))
    profile = build_profile(loaded)
    try:
        edition = _edition(loaded, profile)
    except AcoError as err:
        return Failed(loaded.path, tuple(err.diagnostics))
    tailored = tailor(profile, edition)
    found = check_profile(profile, loaded, edition, tailored)
    if any(d.is_error for d in found):
        return Failed(loaded.path, tuple(found))
    return Ready(loaded.path, loaded, profile, edition, tuple(tailored), tuple(found), draft)
