"""The one way through: load -> validate -> model -> tailor -> assemble -> render -> write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path, PurePath
from typing import NamedTuple

from acocontract.check import Checked, Failed, Ready, check_file, check_text
from acocontract.errors import AcoError, Diagnostic, error
from acocontract.render import ALL_FORMATS, FORMATS, writer
from acocontract.tree import Document


class Built(NamedTuple):
    """A checked profile with every document assembled: ready to render."""

    ready: Ready
    documents: tuple[Document, ...]

    @property
    def diagnostics(self) -> tuple[Diagnostic, ...]:
        return self.ready.warnings


Prepared = Built | Failed


class BuildResult(NamedTuple):
    warnings: list[Diagnostic]
    documents: dict[str, list[str]]


def display_path(path: Path) -> str:
    """How a file is named in messages and the manifest: as the user gave it, with / separators."""
    return PurePath(path).as_posix()


def assembled(checked: Checked) -> Prepared:
    """Assembling every document is part of checking: broken references, undefined terms and
    template errors in the clauses this profile uses are found before any writing."""
    if isinstance(checked, Failed):
        return checked
    try:
        return Built(checked, tuple(checked.assemble()))
    except AcoError as err:
        return Failed(checked.path, (*checked.warnings, *err.diagnostics))


def prepare(path: Path, *, draft: bool = False) -> Prepared:
    return assembled(check_file(path, display_path(path), draft=draft))


def prepare_text(text: str, display: str) -> Prepared:
    return assembled(check_text(text, display))


def output_name(path: Path) -> str:
    return path.name[: -len(path.suffix)] if path.suffix else path.name


def output_name_problems(paths: Sequence[Path]) -> list[Diagnostic]:
    """Profiles whose file names cannot name an output folder, or would share one."""
    problems: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for path in paths:
        name = output_name(path)
        shown = display_path(path)
        if not name or name.startswith(".") or any(c in name for c in "/\\\0"):
            problems.append(
                error(
                    shown,
                    1,
                    1,
                    "bad-output-name",
                    f"the file name {path.name!r} cannot name an output folder",
                    "name profiles like exampletown.yaml",
                )
            )
        elif name in seen:
            problems.append(
                error(
                    shown,
                    1,
                    1,
                    "duplicate-output-name",
                    f"this profile and {seen[name]} would both write to {name}/",
                    "give the profiles different file names",
                )
            )
        else:
            seen[name] = shown
    return problems


def render_sets(batch: Mapping[str, Built], formats: Sequence[str]) -> dict[str, dict[str, bytes]]:
    """Every output file of every built profile, by output folder name, manifests included.
    Each format renders the whole batch at once (PDF: one LibreOffice run for all)."""
    from acocontract.manifest import manifest

    sets: dict[str, dict[str, bytes]] = {name: {} for name in batch}
    documents = {f"{name}/{d.id}": d for name, built in batch.items() for d in built.documents}
    for fmt in formats:
        for key, data in writer(fmt).render_many(documents).items():
            name, _, document_id = key.partition("/")
            sets[name][f"{document_id}.{fmt}"] = data
    for name, built in batch.items():
        sets[name]["manifest.json"] = manifest(built.ready, sets[name])
    return {name: dict(sorted(files.items())) for name, files in sets.items()}


def build(
    paths: Sequence[Path],
    out_dir: Path,
    formats: Sequence[str] = FORMATS,
    *,
    draft: bool = False,
) -> BuildResult:
    """Check every profile, then build them all; nothing is written if anything is wrong."""
    from acocontract.write import write_sets

    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}")
    prepared = [prepare(path, draft=draft) for path in paths]
    problems = output_name_problems(paths) + [d for p in prepared for d in p.diagnostics]
    if any(d.is_error for d in problems):
        raise AcoError(problems)
    batch = {
        output_name(path): item
        for path, item in zip(paths, prepared, strict=True)
        if isinstance(item, Built)
    }
    sets = render_sets(batch, formats)
    write_sets(out_dir, sets)
    return BuildResult(
        warnings=[d for d in problems if not d.is_error],
        documents={name: sorted(files) for name, files in sets.items()},
    )
