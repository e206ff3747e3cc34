"""The clause library: editions found on the search path, read once per content.

Editions are looked for in each folder of ACOCONTRACT_CLAUSES (colon-separated) and then in the
bundled library, so a library of one's own (an imported edition, say) and the bundled editions
are visible together. An edition is a folder with an `edition.yaml`: a whole edition
(`documents:`) or one defined as changes against another (`based_on:`, `changes.py`).
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from acocontract import cache
from acocontract.errors import AcoError, Diagnostic, error
from acocontract.library.changes import derive
from acocontract.library.codec import decode, encode
from acocontract.library.load import EDITION_FILE, load_document, read_edition_file
from acocontract.library.spec import (
    BlockSpec,
    ClauseSpec,
    DefinitionSpec,
    DefinitionsSpec,
    DocumentSpec,
    Edition,
    HeadingSpec,
    ItemSpec,
    ParagraphSpec,
    PartSpec,
    PartySpec,
    TableSpec,
    TextSpec,
    block_texts,
)
from acocontract.loader import Loaded
from acocontract.resources import library_roots
from acocontract.templating import local_keys as program_keys

__all__ = [
    "BlockSpec",
    "ClauseSpec",
    "DefinitionSpec",
    "DefinitionsSpec",
    "DocumentSpec",
    "Edition",
    "HeadingSpec",
    "ItemSpec",
    "ParagraphSpec",
    "PartSpec",
    "PartySpec",
    "TableSpec",
    "TextSpec",
    "available_editions",
    "block_texts",
    "default_edition",
    "edition_root",
    "library_digest",
    "load_edition",
    "local_keys",
]


def _editions() -> dict[str, Path]:
    """Every edition on the search path, by id: the first folder that has it wins."""
    found: dict[str, Path] = {}
    for root in library_roots():
        if not root.is_dir():
            continue
        for folder in sorted(root.iterdir()):
            if (folder / EDITION_FILE).is_file():
                found.setdefault(folder.name, folder.resolve())
    return found


def available_editions() -> list[str]:
    return sorted(_editions())


def edition_root(edition_id: str) -> Path | None:
    return _editions().get(edition_id)


def default_edition() -> str:
    """The edition a profile gets when it names none: the one marked `default: true`, else the
    newest by publication date."""
    return _default(tuple(library_roots()))


@functools.cache
def _default(roots: tuple[Path, ...]) -> str:
    best: tuple[bool, str, str] | None = None
    for name, root in _editions().items():
        data = read_edition_file(root).data
        candidate = (bool(data.get("default")), str(data.get("published", "")), name)
        if best is None or candidate > best:
            best = candidate
    if best is None:
        where = ", ".join(str(r) for r in roots)
        raise AcoError([error(where, 1, 1, "no-edition", "no clause library found")])
    return best[2]


def library_digest() -> str:
    """Every file of every library on the search path: any change is a new cache entry."""
    digest = hashlib.sha256()
    for root in library_roots():
        if root.is_dir():
            digest.update(files_digest(root).encode())
    return digest.hexdigest()


def files_digest(root: Path) -> str:
    """Every file under `root`: its path from `root`, and its bytes."""
    found: list[tuple[str, str]] = []
    for folder, _, names in os.walk(root):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in names:
            shown = name if relative == "." else f"{relative}/{name}"
            found.append((shown, os.path.join(folder, name)))
    digest = hashlib.sha256()
    for shown, path in sorted(found, key=lambda f: f[0].split("/")):
        with open(path, "rb") as handle:
            digest.update(shown.encode() + b"\0" + handle.read() + b"\0")
    return digest.hexdigest()


def _unknown(name: str) -> AcoError:
    known = ", ".join(available_editions())
    return AcoError(
        [
            error(
                "<edition>",
                1,
                1,
                "unknown-edition",
                f"there is no edition {name!r}",
                f"editions: {known}",
            )
        ]
    )


def load_edition(edition_id: str | None = None) -> Edition:
    """An edition (default: `default_edition()`), from the cache when its files are unchanged;
    raises AcoError with every problem. Read once per process and search path."""
    return _load(edition_id or default_edition(), tuple(library_roots()))


@functools.cache
def _load(name: str, roots: tuple[Path, ...]) -> Edition:
    if edition_root(name) is None:
        raise _unknown(name)
    key = hashlib.sha256(f"{name}\0{library_digest()}".encode()).hexdigest()
    stored = cache.read("editions", key)
    if stored is not None:
        try:
            return decode(stored, edition_root(name) or Path(name))
        except (KeyError, IndexError, TypeError, ValueError):
            pass  # a well-formed entry of another shape: parse afresh
    edition = _parse(name, ())
    cache.write("editions", key, encode(edition))
    return edition


def _parse(name: str, chain: tuple[str, ...]) -> Edition:
    root = edition_root(name)
    if root is None:
        raise _unknown(name)
    edition_file = read_edition_file(root)
    spec = edition_file.data
    if spec["edition"] != name:
        raise AcoError(
            [
                edition_file.diag(
                    ("edition",),
                    "edition-id-mismatch",
                    f"the edition {spec['edition']!r} is in a folder called {name!r}",
                    f"rename the folder to {spec['edition']}, or the edition to {name}",
                )
            ]
        )
    if "based_on" in spec:
        base = _parse(_base_of(edition_file, name, chain), (*chain, name))
        sha = hashlib.sha256((base.sha256 + files_digest(root)).encode()).hexdigest()
        return derive(root, edition_file, base, sha)
    problems: list[Diagnostic] = []
    seen: dict[str, str] = {}
    documents = [
        load_document(root, edition_file, ("documents", i), doc, problems, seen)
        for i, doc in enumerate(spec["documents"])
    ]
    if problems:
        raise AcoError(problems)
    return Edition(
        id=spec["edition"],
        title=spec["title"],
        published=str(spec["published"]),
        root=root,
        sha256=files_digest(root),
        documents=tuple(documents),
        constants=tuple(sorted(spec.get("constants", {}).items())),
        later_terms=tuple(sorted((k, str(v)) for k, v in spec.get("later_terms", {}).items())),
        providers=tuple(spec.get("providers", ())),
        general_words=tuple(spec.get("general_words", ())),
    )


def _base_of(edition_file: Loaded, name: str, chain: tuple[str, ...]) -> str:
    """The edition a derived one is based on: one that exists, and not one of its own."""
    base_id: str = edition_file.data["based_on"]
    if base_id in (*chain, name):
        cycle = " -> ".join((*chain, name, base_id))
        raise AcoError(
            [
                edition_file.diag(
                    ("based_on",),
                    "edition-cycle",
                    f"editions are based on each other in a circle: {cycle}",
                )
            ]
        )
    if edition_root(base_id) is None:
        raise AcoError(
            [
                edition_file.diag(
                    ("based_on",),
                    "unknown-edition",
                    f"there is no edition {base_id!r} to build on",
                    "editions: " + ", ".join(available_editions()),
                )
            ]
        )
    return base_id


def local_keys(clause: ClauseSpec) -> list[str]:
    """The profile `values` a clause's text can take for local completion, in order."""
    found = [key for text in clause.texts() for key in program_keys(text.program.code)]
    return list(dict.fromkeys(found))
