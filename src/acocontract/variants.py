"""`acocontract variants`: every contract variant a matrix describes, built in parallel, cached,
shardable across CI runners, and checkable against what is committed.

A matrix names base profiles and axes:

    matrix: 1
    profiles: [../profiles/westshire-pacs.yaml]     # each is a base (relative to this file)
    models: [partially-integrated, fully-integrated] # optional axes; absent: the base's own
    services:                                        # a list of lists, or names -> lists
      out-of-hospital: [extended-primary-care, community, mental-health]
      with-acute: [extended-primary-care, community, mental-health, acute]
    editions: [aco-2017-08, mcp-2016-12]

Every combination is a variant. A model axis adapts the base to the model (a virtual
arrangement has alliance members, not a provider; practices take part in the model's way,
dispensing practices only partially); combinations the rules still refuse are skipped with
the reason.
"""

from __future__ import annotations

import concurrent.futures
import functools
import hashlib
import itertools
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from acocontract import __version__
from acocontract.arrangements import participation_for
from acocontract.errors import AcoError, error
from acocontract.loader import Loaded, load_yaml
from acocontract.validate import schema_diagnostics, to_json

INDEX = "variants.json"
SHORT_MODEL = {"virtual": "virtual", "partially-integrated": "partial", "fully-integrated": "full"}


@dataclass(frozen=True)
class VariantSpec:
    name: str
    text: str  # the variant's profile, as JSON (which is YAML)
    source: str  # where it came from, for messages


@dataclass
class Matrix:
    path: Path
    variants: list[VariantSpec]


def _adapt(data: dict[str, Any], model: str) -> dict[str, Any]:
    """A base profile moved to another model, as a contract team would set it up: practices
    take part in the model's way (`arrangements.participation_for`)."""
    out: dict[str, Any] = json.loads(json.dumps(data))
    out["model"] = model
    provider = out.get("provider")
    members = out.get("alliance_members") or []
    if model == "virtual":
        out.pop("provider", None)
        out["alliance_members"] = members or ([provider] if provider else [])
    else:
        out.pop("alliance_members", None)
        if not provider and members:
            out["provider"] = members[0]
    for practice in out.get("practices", []):
        practice["participation"] = participation_for(
            model, dispensing=bool(practice.get("dispensing"))
        )
        if practice["participation"] == "fully-integrated":
            practice.setdefault("gp_contract", "suspend")
        else:
            practice.pop("gp_contract", None)
    return out


def _services_axis(raw: Any) -> list[tuple[str | None, list[str] | None]]:
    if isinstance(raw, dict):
        return [(str(k), list(v)) for k, v in raw.items()]
    return [("+".join(v), list(v)) for v in raw]


MAX_VARIANTS = 5_000  # the default limit; `--max-variants` raises it
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+-]*\Z")


class _Axes(NamedTuple):
    models: list[str | None]
    services: list[tuple[str | None, list[str] | None]]
    editions: list[str | None]

    @property
    def size(self) -> int:
        return len(self.models) * len(self.services) * len(self.editions)


def _read(path: Path, max_variants: int) -> tuple[Loaded, _Axes]:
    loaded: Loaded = load_yaml(path, path.as_posix())
    problems = (
        schema_diagnostics(loaded, "matrix")
        if isinstance(loaded.data, dict)
        else [loaded.diag((), "not-a-mapping", "a matrix is a mapping of keys to values")]
    )
    if problems:
        raise AcoError(problems)
    spec = loaded.data
    axes = _Axes(
        spec.get("models") or [None],
        _services_axis(spec["services"]) if spec.get("services") else [(None, None)],
        spec.get("editions") or [None],
    )
    count = axes.size * len(spec["profiles"])
    if count > max_variants:
        raise AcoError(
            [
                loaded.diag(
                    (),
                    "too-many-variants",
                    f"the matrix describes {count:,} variants; the limit is {max_variants:,}",
                    "split the matrix, or raise the limit with --max-variants",
                )
            ]
        )
    return loaded, axes


def _base(loaded: Loaded, folder: Path, index: int, relative: str) -> tuple[str, dict[str, Any]]:
    """A base profile of the matrix: the name its variants start with, and its data."""
    stem = Path(relative).stem
    if not _NAME.match(stem):
        raise AcoError(
            [
                loaded.diag(
                    ("profiles", index),
                    "bad-variant-name",
                    f"the file name {Path(relative).name!r} cannot name an output folder",
                    "name profiles like exampletown.yaml",
                )
            ]
        )
    try:
        base = load_yaml((folder / relative).resolve(), relative)
    except AcoError as err:
        location = loaded.where(("profiles", index))
        raise AcoError(
            [
                error(loaded.path, *location, "bad-profile", d.format(), d.hint)
                for d in err.diagnostics
            ]
        ) from None
    return stem, to_json(base.data)


def _variant(
    stem: str, data: dict[str, Any], model: str | None, services: Any, edition: str | None
) -> tuple[str, dict[str, Any]]:
    variant = _adapt(data, model) if model else json.loads(json.dumps(data))
    parts = [stem]
    if model:
        parts.append(SHORT_MODEL[model])
    service_name, service_list = services
    if service_list is not None:
        variant["services"] = service_list
        parts.append(str(service_name))
    if edition:
        variant["edition"] = edition
        parts.append(edition)
    return "--".join(parts), variant


def load_matrix(path: Path, max_variants: int = MAX_VARIANTS) -> Matrix:
    loaded, axes = _read(path, max_variants)
    variants: list[VariantSpec] = []
    seen: dict[str, str] = {}
    for index, relative in enumerate(loaded.data["profiles"]):
        stem, data = _base(loaded, path.parent, index, relative)
        for choice in itertools.product(axes.models, axes.services, axes.editions):
            name, variant = _variant(stem, data, *choice)
            if name in seen:
                raise AcoError(
                    [
                        loaded.diag(
                            ("profiles", index),
                            "duplicate-variant",
                            f"two variants are both called {name!r}",
                            f"also made from {seen[name]}",
                        )
                    ]
                )
            seen[name] = relative
            text = json.dumps(variant, indent=1, ensure_ascii=False) + "\n"
            variants.append(VariantSpec(name, text, f"{loaded.path}: {name}"))
    return Matrix(path, variants)


def shard(variants: list[VariantSpec], k: int, n: int) -> list[VariantSpec]:
    """A stable 1/n share: a variant's shard depends only on its name."""

    def home(v: VariantSpec) -> int:
        return int(hashlib.sha256(v.name.encode()).hexdigest(), 16) % n

    return [v for v in variants if home(v) == k - 1]


@functools.cache
def library_sha256() -> str:
    """Everything in the clause library: any edition may build on another."""
    from acocontract.library import library_digest

    return library_digest()


def cache_key(variant: VariantSpec, formats: list[str]) -> str:
    """A hash of everything that affects a variant's outputs."""
    digest = hashlib.sha256()
    for part in (variant.text, library_sha256(), __version__, ",".join(sorted(formats))):
        digest.update(part.encode() + b"\0")
    return digest.hexdigest()


@dataclass
class Outcome:
    name: str
    key: str = ""
    files: dict[str, bytes] = field(default_factory=dict)
    skipped: str = ""  # the reason a combination is not allowed
    written: dict[str, str] = field(default_factory=dict)  # file -> sha256, once on disk
    summary: dict[str, Any] = field(default_factory=dict)  # for the manifest, when PDFs wait
    pdf_sources: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # id -> docx, date


def render_variant(variant: VariantSpec, formats: list[str], out: Path | None = None) -> Outcome:
    """Check and render one variant in memory, manifest included. With PDF wanted, the caller
    converts every variant's Word files in one batch and writes the manifests then."""
    from acocontract.check import Failed
    from acocontract.manifest import manifest_from, sha256, summary
    from acocontract.pipeline import prepare_text, render_sets
    from acocontract.render.docx import DocxWriter

    prepared = prepare_text(variant.text, variant.source)
    outcome = Outcome(variant.name, cache_key(variant, formats))
    if isinstance(prepared, Failed):
        first = next(d for d in prepared.diagnostics if d.is_error)
        outcome.skipped = f"{first.code}: {first.message}"
        return outcome
    files = render_sets({variant.name: prepared}, [f for f in formats if f != "pdf"])
    outcome.files = files[variant.name]
    outcome.summary = summary(prepared.ready)
    if "pdf" in formats:
        outcome.files.pop("manifest.json")
        docx = DocxWriter()
        outcome.pdf_sources = {
            d.id: (outcome.files.get(f"{d.id}.docx") or docx.render(d), d.date)
            for d in prepared.documents
        }
        return outcome
    outcome.files["manifest.json"] = manifest_from(outcome.summary, outcome.files)
    if out is not None:  # write here, so that workers write (and fsync) in parallel
        from acocontract.write import write_sets

        write_sets(out, {variant.name: outcome.files})
        outcome.written = {f: sha256(data) for f, data in sorted(outcome.files.items())}
        outcome.files = {}
    return outcome


def _add_pdfs(outcomes: dict[str, Outcome]) -> None:
    """PDFs for every document of every variant, by one LibreOffice run, then the manifests."""
    from acocontract.manifest import manifest_from
    from acocontract.render.pdf import docx_to_pdf

    sources = {
        f"{name}/{doc}": source
        for name, outcome in outcomes.items()
        for doc, source in outcome.pdf_sources.items()
    }
    pdfs = docx_to_pdf(
        {k: docx for k, (docx, _) in sources.items()}, {k: day for k, (_, day) in sources.items()}
    )
    for key, pdf in pdfs.items():
        name, _, doc = key.partition("/")
        outcomes[name].files[f"{doc}.pdf"] = pdf
    for outcome in outcomes.values():
        outcome.files["manifest.json"] = manifest_from(outcome.summary, outcome.files)


@dataclass
class VariantsResult:
    built: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    differing: list[str] = field(default_factory=list)  # --check: outputs not as built


def _index(out: Path) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads((out / INDEX).read_text("utf-8"))
        return data
    except (OSError, ValueError):
        return {"variants": {}, "skipped": {}}


def _fresh(out: Path, entry: dict[str, Any] | None, key: str) -> bool:
    if not entry or entry.get("key") != key:
        return False
    return all((out / path).is_file() for path in entry.get("files", {}))


Progress = Callable[[str], None]


class Options(NamedTuple):
    formats: list[str]
    jobs: int | None = None
    shard_of: tuple[int, int] | None = None
    check: bool = False
    max_variants: int = MAX_VARIANTS


def _to_build(
    chosen: list[VariantSpec],
    out: Path,
    options: Options,
    result: VariantsResult,
    progress: Progress | None,
) -> tuple[list[VariantSpec], dict[str, str], dict[str, Any]]:
    """The variants that need building; the cache keys of all; the index as it was."""
    index = _index(out)
    todo: list[VariantSpec] = []
    keys: dict[str, str] = {}
    for variant in chosen:
        if not options.check:
            keys[variant.name] = key = cache_key(variant, options.formats)
            if _fresh(out, index["variants"].get(variant.name), key):
                result.cached.append(variant.name)
                if progress:
                    progress(f"unchanged {variant.name}")
                continue
            refused = index.get("skipped", {}).get(variant.name)
            if isinstance(refused, dict) and refused.get("key") == key:
                result.skipped[variant.name] = str(refused.get("reason", ""))
                continue
        todo.append(variant)
    return todo, keys, index


def _write_index(
    out: Path,
    index: dict[str, Any],
    keys: dict[str, str],
    written: dict[str, dict[str, str]],
    result: VariantsResult,
) -> None:
    from acocontract.write import write_file

    entries = dict(index.get("variants", {}))
    for name, hashes in written.items():
        entries[name] = {
            "key": keys[name],
            "files": {f"{name}/{f}": digest for f, digest in hashes.items()},
        }
    skipped = dict(index.get("skipped", {}))
    skipped.update({n: {"key": keys[n], "reason": r} for n, r in result.skipped.items()})
    for name in entries:
        skipped.pop(name, None)
    document = {
        "acocontract": __version__,
        "variants": dict(sorted(entries.items())),
        "skipped": dict(sorted(skipped.items())),
    }
    write_file(out / INDEX, (json.dumps(document, indent=2) + "\n").encode())


def run_variants(
    matrix_path: Path, out: Path, options: Options, progress: Progress | None = None
) -> VariantsResult:
    from acocontract.manifest import sha256
    from acocontract.write import write_sets

    matrix = load_matrix(matrix_path, options.max_variants)
    chosen = shard(matrix.variants, *options.shard_of) if options.shard_of else matrix.variants
    result = VariantsResult()
    todo, keys, index = _to_build(chosen, out, options, result, progress)
    pending: dict[str, Outcome] = {}
    written: dict[str, dict[str, str]] = {}
    write_to = None if options.check or "pdf" in options.formats else out
    for outcome in _map(todo, options.formats, options.jobs, progress, write_to):
        keys[outcome.name] = outcome.key
        if outcome.skipped:
            result.skipped[outcome.name] = outcome.skipped
        elif outcome.written:
            written[outcome.name] = outcome.written
        else:
            pending[outcome.name] = outcome
    if "pdf" in options.formats:  # one LibreOffice run for the whole batch, then the manifests
        _add_pdfs(pending)
    sets = {name: outcome.files for name, outcome in pending.items()}
    if options.check:
        for name, files in sorted(sets.items()):
            for file_name, data in sorted(files.items()):
                target = out / name / file_name
                if not target.is_file() or target.read_bytes() != data:
                    result.differing.append(f"{name}/{file_name}")
        return result
    for name, files in sorted(sets.items()):
        write_sets(out, {name: files})
        written[name] = {f: sha256(data) for f, data in sorted(files.items())}
    result.built = sorted(written)
    _write_index(out, index, keys, written, result)
    return result


def _map(
    todo: list[VariantSpec],
    formats: list[str],
    jobs: int | None,
    progress: Progress | None,
    out: Path | None,
) -> Iterator[Outcome]:
    cores = os.cpu_count() or 1
    workers = max(1, min(jobs or cores, cores, len(todo)))
    if workers == 1 or len(todo) <= 1:
        for variant in todo:
            outcome = render_variant(variant, formats, out)
            if progress:
                progress(("skipped " if outcome.skipped else "built ") + variant.name)
            yield outcome
        return
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(render_variant, v, formats, out) for v in todo]
        for future in futures:  # in matrix order, so output order never depends on timing
            outcome = future.result()
            if progress:
                progress(("skipped " if outcome.skipped else "built ") + outcome.name)
            yield outcome
