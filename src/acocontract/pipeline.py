"""The one way through: load -> validate -> model -> tailor -> assemble -> render -> write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from acocontract.errors import AcoError, Diagnostic, error
from acocontract.manifest import manifest
from acocontract.profile import Checked, check_profile_file
from acocontract.render import ALL_FORMATS, FORMATS, writer
from acocontract.write import write_sets


@dataclass
class BuildResult:
    warnings: list[Diagnostic] = field(default_factory=list)
    documents: dict[str, list[str]] = field(default_factory=dict)


def display_path(path: Path) -> str:
    """How a file is named in messages and the manifest: as the user gave it, with / separators."""
    return PurePath(path).as_posix()


def check_all(paths: Sequence[Path], *, draft: bool = False) -> list[Checked]:
    return [check_profile_file(path, display_path(path), draft=draft) for path in paths]


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


def render_documents(checked: Checked, formats: Sequence[str]) -> dict[str, bytes]:
    """Every document in every format but PDF (made in batches by `add_pdfs`)."""
    files: dict[str, bytes] = {}
    for tree in checked.documents:
        for fmt in formats:
            if fmt != "pdf":
                files[f"{tree.id}.{fmt}"] = writer(fmt)(tree)
    return files


def add_pdfs(batch: Mapping[str, tuple[Checked, dict[str, bytes]]], formats: Sequence[str]) -> None:
    """PDFs for every document of every set, converted by one LibreOffice run."""
    if "pdf" not in formats:
        return
    from acocontract.render.pdf import docx_to_pdf

    sources: dict[str, bytes] = {}
    for name, (checked, files) in batch.items():
        for tree in checked.documents:
            docx = files.get(f"{tree.id}.docx") or writer("docx")(tree)
            sources[f"{name}/{tree.id}"] = docx
    for key, pdf in docx_to_pdf(sources).items():
        name, _, document = key.partition("/")
        batch[name][1][f"{document}.pdf"] = pdf


def add_manifest(checked: Checked, files: dict[str, bytes]) -> None:
    profile, edition, loaded = checked.profile, checked.edition, checked.loaded
    assert profile is not None and edition is not None and loaded is not None
    warnings = [d for d in checked.diagnostics if not d.is_error]
    derogations = [
        {
            "clause": d.clause,
            "action": d.action,
            "status": d.status,
            "applied": d.applies_in(checked.draft),
            "reference": d.approval.reference,
            "date": d.approval.date.isoformat() if d.approval.date else None,
            "against": d.against,
        }
        for d in profile.derogations
    ]
    files["manifest.json"] = manifest(
        profile, loaded.sha256, edition, checked.tailored, files, warnings, derogations
    )


def render_sets(
    batch: Mapping[str, Checked], formats: Sequence[str]
) -> dict[str, dict[str, bytes]]:
    """Every output file of every checked profile, by output folder name."""
    rendered = {
        name: (checked, render_documents(checked, formats)) for name, checked in batch.items()
    }
    add_pdfs(rendered, formats)
    for checked, files in rendered.values():
        add_manifest(checked, files)
    return {name: files for name, (_, files) in rendered.items()}


def build(
    paths: Sequence[Path],
    out_dir: Path,
    formats: Sequence[str] = FORMATS,
    *,
    draft: bool = False,
) -> BuildResult:
    """Check every profile, then build them all; nothing is written if anything is wrong."""
    unknown = [f for f in formats if f not in ALL_FORMATS]
    if unknown:
        raise ValueError(f"unknown format {unknown[0]!r}")
    checked = check_all(paths, draft=draft)
    problems = output_name_problems(paths) + [d for c in checked for d in c.diagnostics]
    if any(d.is_error for d in problems):
        raise AcoError(problems)
    result = BuildResult(warnings=[d for d in problems if not d.is_error])
    sets = render_sets(
        {output_name(path): item for path, item in zip(paths, checked, strict=True)}, formats
    )
    result.documents = {name: sorted(files) for name, files in sets.items()}
    write_sets(out_dir, sets)
    return result
