"""A profile file checked end to end: YAML, schema, model, then the domain rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from acocontract.assemble import assemble
from acocontract.domain import check_profile
from acocontract.errors import AcoError, Diagnostic
from acocontract.library import Edition, available_editions, load_edition
from acocontract.loader import Loaded, load_yaml, parse_yaml
from acocontract.model import Profile, build_profile
from acocontract.tailor import Tailored, tailor
from acocontract.tree import Document
from acocontract.validate import schema_diagnostics


@dataclass
class Checked:
    path: str
    profile: Profile | None = None
    edition: Edition | None = None
    loaded: Loaded | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    tailored: list[Tailored] = field(default_factory=list)  # the documents, clause by clause
    documents: list[Document] = field(default_factory=list)  # assembled, once checked
    draft: bool = False  # requested derogations applied as well as approved ones

    @property
    def ok(self) -> bool:
        return self.profile is not None and not any(d.is_error for d in self.diagnostics)


def check_profile_file(path: Path, display: str | None = None, *, draft: bool = False) -> Checked:
    """Every problem with one profile, located; the model and edition when it is usable."""
    shown = display if display is not None else str(path)
    result = Checked(shown, draft=draft)
    try:
        loaded = load_yaml(path, shown)
    except AcoError as err:
        result.diagnostics = list(err.diagnostics)
        return result
    return check_loaded(loaded, draft=draft)


def check_text(text: str, display: str, *, draft: bool = False) -> Checked:
    """The same checks on profile text that is not in a file (a generated variant)."""
    try:
        loaded = parse_yaml(text, display)
    except AcoError as err:
        return Checked(display, draft=draft, diagnostics=list(err.diagnostics))
    return check_loaded(loaded, draft=draft)


def check_loaded(loaded: Loaded, *, draft: bool = False) -> Checked:
    result = Checked(loaded.path, draft=draft, loaded=loaded)
    if not isinstance(loaded.data, dict):
        result.diagnostics = [
            loaded.diag(
                (),
                "not-a-mapping",
                "a profile is a mapping of keys to values, not a list or a single value",
                "start with `acocontract: 1` and `name: ...` on separate lines",
            )
        ]
        return result
    problems = schema_diagnostics(loaded, "profile")
    if problems:
        result.diagnostics = problems
        return result
    profile = build_profile(loaded)
    try:
        edition = load_edition(profile.edition)
    except AcoError as err:
        if any(d.code == "unknown-edition" for d in err.diagnostics):
            result.diagnostics = [
                loaded.diag(
                    ("edition",),
                    "unknown-edition",
                    f"there is no bundled edition {profile.edition!r}",
                    "bundled editions: " + ", ".join(available_editions()),
                )
            ]
            return result
        result.diagnostics = list(err.diagnostics)  # the library itself is broken
        return result
    result.profile, result.edition = profile, edition
    result.tailored = tailor(profile, edition)
    result.diagnostics = check_profile(profile, loaded, edition, result.tailored)
    if result.ok:
        # assembling every document is part of checking: broken references, undefined terms
        # and template errors in the clauses this profile uses are found before any writing
        for tailored in result.tailored:
            try:
                result.documents.append(assemble(profile, edition, tailored, draft=draft))
            except AcoError as err:
                result.diagnostics.extend(err.diagnostics)
    return result
