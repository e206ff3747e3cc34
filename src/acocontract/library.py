"""The clause library: an edition file, its documents and parts, one YAML file per clause."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import pickle
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from acocontract.errors import AcoError, Diagnostic, error
from acocontract.loader import Loaded, YamlPath, load_yaml
from acocontract.resources import clauses_dir
from acocontract.rules import Rule
from acocontract.validate import schema_diagnostics

EDITION_FILE = "edition.yaml"


@dataclass(frozen=True)
class Text:
    """A clause text template and where it was written."""

    source: str
    path: str
    line: int
    column: int


@dataclass(frozen=True)
class ItemSpec:
    text: Text
    items: tuple[ItemSpec, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    header: tuple[str, ...]
    rows: tuple[tuple[Text, ...], ...]
    each: str | None
    empty: str


@dataclass(frozen=True)
class BlockSpec:
    """One entry of a clause's `paragraphs`: a numbered or plain paragraph, heading or table."""

    kind: str  # "paragraph" | "heading" | "definitions" | "table"
    line: int
    n: int | None = None
    text: Text | None = None
    items: tuple[ItemSpec, ...] = ()
    applies: Rule = "always"
    heading: str = ""
    table: TableSpec | None = None


@dataclass(frozen=True)
class Definition:
    term: str
    text: Text
    clause: str


@dataclass(frozen=True)
class Clause:
    id: str
    title: str
    applies: Rule
    omitted: bool
    blocks: tuple[BlockSpec, ...]
    definitions: tuple[Definition, ...]
    path: str
    document: str
    part: str
    label: str

    def sub_id(self, n: int) -> str:
        return f"{self.id}.{n}"


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    prefix: str
    kind: str
    sub_label_format: str
    clauses: tuple[Clause, ...]
    dir: str = ""
    label_format: str = "{id}"


@dataclass(frozen=True)
class PartySpec:
    source: str
    role: str
    participation: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentSpec:
    id: str
    title: str
    short: str
    applies: Rule
    definitions_clause: str | None
    parties: tuple[PartySpec, ...]
    parts: tuple[Part, ...]

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(c for part in self.parts for c in part.clauses)


@dataclass(frozen=True)
class Edition:
    id: str
    title: str
    published: str
    root: Path
    sha256: str
    documents: tuple[DocumentSpec, ...]
    based_on: str | None = None
    constants: tuple[tuple[str, str | int], ...] = ()
    later_terms: tuple[tuple[str, str], ...] = ()

    @functools.cached_property
    def _index(self) -> dict[str, tuple[DocumentSpec, Clause]]:
        return {c.id: (d, c) for d in self.documents for c in d.clauses}

    def find(self, clause_id: str) -> tuple[DocumentSpec, Clause] | None:
        return self._index.get(clause_id)

    def part_of(self, clause: Clause) -> Part:
        for document in self.documents:
            for part in document.parts:
                if part.id == clause.part and document.id == clause.document:
                    return part
        raise KeyError(clause.id)

    def sub_label(self, clause: Clause, n: int) -> str:
        part = self.part_of(clause)
        return part.sub_label_format.format(
            label=clause.label, n=clause.id[len(part.prefix) :], sub=n, id=clause.id
        )

    def locate(self, target: str) -> tuple[Clause, BlockSpec | None] | None:
        """A clause id (GC14), or a paragraph id (GC14.2) and its paragraph; None when unknown."""
        clause_id, _, sub = target.partition(".")
        found = self.find(clause_id)
        if found is None:
            return None
        clause = found[1]
        if not sub:
            return clause, None
        block = next((b for b in clause.blocks if b.n is not None and str(b.n) == sub), None)
        return (clause, block) if block is not None else None

    def source_of(self, target: str) -> str | None:
        """The national wording (template text) of a clause or paragraph, to compare editions."""
        located = self.locate(target)
        if located is None:
            return None
        clause, block = located
        if block is not None:
            return "\n".join(t.source for t in _block_texts(block))
        texts = [clause.title] + [t.source for b in clause.blocks for t in _block_texts(b)]
        return "\n".join(texts)

    def label_of(self, target: str) -> str | None:
        """The printed name of a clause id (GC14) or paragraph id (GC14.2); None when unknown."""
        located = self.locate(target)
        if located is None:
            return None
        clause, block = located
        if block is None or block.n is None:
            return clause.label
        return self.sub_label(clause, block.n)


def _block_texts(block: BlockSpec) -> list[Text]:
    out = [block.text] if block.text is not None else []
    stack = list(block.items)
    while stack:
        item = stack.pop(0)
        out.append(item.text)
        stack[0:0] = list(item.items)
    if block.table is not None:
        out.extend(cell for row in block.table.rows for cell in row)
    return out


def available_editions() -> list[str]:
    root = clauses_dir()
    return sorted(p.name for p in root.iterdir() if (p / EDITION_FILE).is_file())


def newest_edition() -> str:
    """The edition with the latest publication date."""
    best: tuple[str, str] | None = None
    for name in available_editions():
        loaded = load_yaml(clauses_dir() / name / EDITION_FILE)
        published = str(loaded.data.get("published", "")) if isinstance(loaded.data, dict) else ""
        if best is None or published > best[0]:
            best = (published, name)
    if best is None:
        raise AcoError([error(str(clauses_dir()), 1, 1, "no-edition", "no clause library found")])
    return best[1]


def _natural(clause_id: str, prefix: str) -> tuple[int, str, str]:
    rest = clause_id[len(prefix) :]
    match = re.fullmatch(r"(\d+)([A-Z]*)", rest)
    if match:
        return (int(match.group(1)), match.group(2), clause_id)
    return (-1, "", clause_id)


def _display(path: Path, root: Path) -> str:
    """A clause file as messages name it: from the library's folder (clauses/aco-2017-08/...),
    whatever the current directory, so that cached editions name files the same way."""
    return (
        (root.name / path.relative_to(root)).as_posix() if path.is_relative_to(root) else str(path)
    )


def edition_sha256(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _text(loaded: Loaded, path: YamlPath, value: str) -> Text:
    line, column = loaded.where(path)
    if path in loaded.block_scalars:
        line, column = line + 1, 1
    return Text(source=value, path=loaded.path, line=line, column=column)


def _items(loaded: Loaded, path: YamlPath, raw: list[Any]) -> tuple[ItemSpec, ...]:
    out = []
    for i, item in enumerate(raw):
        if isinstance(item, str):
            out.append(ItemSpec(_text(loaded, (*path, i), item)))
        else:
            out.append(
                ItemSpec(
                    _text(loaded, (*path, i, "text"), item["text"]),
                    _items(loaded, (*path, i, "items"), item.get("items", [])),
                )
            )
    return tuple(out)


def _clause(
    loaded: Loaded, document: str, part: dict[str, Any], problems: list[Diagnostic]
) -> Clause:
    data = loaded.data
    blocks: list[BlockSpec] = []
    numbers: dict[int, int] = {}
    for i, raw in enumerate(data.get("paragraphs", [])):
        where = ("paragraphs", i)
        line = loaded.where(where)[0]
        rule = raw.get("applies", "always")
        if "table" in raw:
            table = raw["table"]
            blocks.append(
                BlockSpec(
                    kind="table",
                    line=line,
                    applies=rule,
                    table=TableSpec(
                        header=tuple(table.get("header", [])),
                        rows=tuple(
                            tuple(
                                _text(loaded, (*where, "table", "rows", r, c), cell)
                                for c, cell in enumerate(row)
                            )
                            for r, row in enumerate(table["rows"])
                        ),
                        each=table.get("each"),
                        empty=table.get("empty", "None."),
                    ),
                )
            )
        elif "heading" in raw:
            blocks.append(
                BlockSpec(kind="heading", line=line, applies=rule, heading=raw["heading"])
            )
        elif "definitions" in raw:
            blocks.append(BlockSpec(kind="definitions", line=line, applies=rule))
        else:
            n = raw.get("n")
            if n is not None:
                if n in numbers:
                    problems.append(
                        loaded.diag(
                            (*where, "n"),
                            "duplicate-number",
                            f"{data['id']}.{n} is numbered twice",
                            f"first used on line {numbers[n]}",
                        )
                    )
                numbers[n] = line
            blocks.append(
                BlockSpec(
                    kind="paragraph",
                    line=line,
                    n=n,
                    text=_text(loaded, (*where, "text"), raw["text"]),
                    items=_items(loaded, (*where, "items"), raw.get("items", [])),
                    applies=rule,
                )
            )
    definitions = tuple(
        Definition(
            term=d["term"],
            text=_text(loaded, ("definitions", i, "text"), d["text"]),
            clause=data["id"],
        )
        for i, d in enumerate(data.get("definitions", []))
    )
    prefix = part["prefix"]
    label_format = part.get("label", "{id}")
    label = label_format.format(id=data["id"], n=data["id"][len(prefix) :], title=data["title"])
    return Clause(
        id=data["id"],
        title=data["title"],
        applies=data.get("applies", "always"),
        omitted=bool(data.get("omitted", False)),
        blocks=tuple(blocks),
        definitions=definitions,
        path=loaded.path,
        document=document,
        part=part["id"],
        label=label,
    )


def load_edition(edition_id: str | None = None) -> Edition:
    """Load and check an edition (default: the newest); raises AcoError with every problem."""
    name = edition_id or newest_edition()
    root = clauses_dir() / name
    if not (root / EDITION_FILE).is_file():
        known = ", ".join(available_editions())
        raise AcoError(
            [
                error(
                    "<edition>",
                    1,
                    1,
                    "unknown-edition",
                    f"there is no bundled edition {name!r}",
                    f"bundled editions: {known}",
                )
            ]
        )
    return load_edition_at(root.resolve())


def _renamer(words: dict[str, str]) -> Callable[[str], str]:
    """Whole words and phrases replaced, longest first ("ACO Contract" before "ACO")."""
    if not words:
        return lambda text: text
    keys = sorted(words, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")
    return lambda text: pattern.sub(lambda m: words[m.group(1)], text)


def _renamed_text(text: Text, rename: Callable[[str], str]) -> Text:
    return dataclasses.replace(text, source=rename(text.source))


def _renamed_items(
    items: tuple[ItemSpec, ...], rename: Callable[[str], str]
) -> tuple[ItemSpec, ...]:
    return tuple(
        ItemSpec(_renamed_text(i.text, rename), _renamed_items(i.items, rename)) for i in items
    )


def _renamed_clause(clause: Clause, rename: Callable[[str], str], document: str) -> Clause:
    blocks = []
    for b in clause.blocks:
        table = b.table
        if table is not None:
            table = dataclasses.replace(
                table,
                header=tuple(rename(h) for h in table.header),
                rows=tuple(tuple(_renamed_text(c, rename) for c in row) for row in table.rows),
                empty=rename(table.empty),
            )
        blocks.append(
            dataclasses.replace(
                b,
                text=_renamed_text(b.text, rename) if b.text is not None else None,
                items=_renamed_items(b.items, rename),
                heading=rename(b.heading),
                table=table,
            )
        )
    definitions = tuple(
        dataclasses.replace(d, term=rename(d.term), text=_renamed_text(d.text, rename))
        for d in clause.definitions
    )
    title = rename(clause.title)
    label = clause.label if clause.label != clause.title else title
    return dataclasses.replace(
        clause,
        title=title,
        label=label,
        blocks=tuple(blocks),
        definitions=definitions,
        document=document,
    )


def _removals(
    spec: dict[str, Any], base: Edition, edition_file: Loaded, problems: list[Diagnostic]
) -> tuple[set[str], dict[str, set[int]]]:
    whole: set[str] = set()
    paragraphs: dict[str, set[int]] = {}
    for index, target in enumerate(spec.get("remove", [])):
        if base.label_of(target) is None:
            problems.append(
                edition_file.diag(
                    ("remove", index), "unknown-clause", f"{target} is not in {base.id}"
                )
            )
            continue
        clause_id, _, sub = target.partition(".")
        if sub:
            paragraphs.setdefault(clause_id, set()).add(int(sub))
        else:
            whole.add(clause_id)
    return whole, paragraphs


def _derived(root: Path, edition_file: Loaded) -> Edition:
    """An edition defined as changes against another: clauses or paragraphs it does not have
    (`remove`), words it uses instead of the base's (`rename`), documents under other ids or
    titles (`reid`, `retitle`), clause files in its own folders that replace or add clauses
    (same folder as the base part), and documents of its own (`add_documents`)."""
    spec = edition_file.data
    base_root = (root.parent / spec["based_on"]).resolve()
    if not (base_root / EDITION_FILE).is_file():
        raise AcoError(
            [
                edition_file.diag(
                    ("based_on",),
                    "unknown-edition",
                    f"there is no edition {spec['based_on']!r} to build on",
                )
            ]
        )
    base = load_edition_at(base_root)
    problems: list[Diagnostic] = []
    whole, paragraphs = _removals(spec, base, edition_file, problems)
    base_ids = {d.id for d in base.documents}
    for key in ("retitle", "reid"):
        for document_id in spec.get(key, {}):
            if document_id not in base_ids:
                problems.append(
                    edition_file.diag(
                        (key, document_id),
                        "unknown-document",
                        f"{base.id} has no document {document_id!r}",
                        key=True,
                    )
                )
    rename = _renamer(dict(spec.get("rename", {})))
    titles: dict[str, str] = spec.get("retitle", {})
    ids: dict[str, str] = spec.get("reid", {})
    own: dict[str, str] = {}  # clause id -> file, for this edition's own clause files
    documents = []
    for document in base.documents:
        new_id = ids.get(document.id, document.id)
        parts = []
        for part in document.parts:
            kept: dict[str, Clause] = {}
            for clause in part.clauses:
                if clause.id in whole:
                    continue
                numbers = paragraphs.get(clause.id, set())
                trimmed = dataclasses.replace(
                    clause, blocks=tuple(b for b in clause.blocks if b.n not in numbers)
                )
                kept[clause.id] = _renamed_clause(trimmed, rename, new_id)
            folder = root / part.dir
            if part.dir and folder.is_dir():
                part_spec = {
                    "id": part.id,
                    "prefix": part.prefix,
                    "title": part.title,
                    "label": part.label_format,
                }
                for clause in _load_clauses(root, folder, new_id, part_spec, problems, own):
                    kept[clause.id] = clause
            ordered = sorted(kept.values(), key=lambda c: _natural(c.id, part.prefix))
            parts.append(dataclasses.replace(part, clauses=tuple(ordered)))
        documents.append(
            dataclasses.replace(
                document,
                id=new_id,
                title=titles.get(document.id, rename(document.title)),
                short=rename(document.short),
                parties=tuple(
                    dataclasses.replace(p, role=rename(p.role)) for p in document.parties
                ),
                parts=tuple(parts),
            )
        )
    seen = {c.id: c.path for d in documents for c in d.clauses}
    for index, doc in enumerate(spec.get("add_documents", [])):
        documents.append(
            _load_document(root, edition_file, ("add_documents", index), doc, problems, seen)
        )
    for document in documents:
        _check_definitions(document, problems)
    if problems:
        raise AcoError(problems)
    digest = hashlib.sha256((base.sha256 + edition_sha256(root)).encode()).hexdigest()
    return Edition(
        id=spec["edition"],
        title=spec["title"],
        published=str(spec["published"]),
        root=root,
        sha256=digest,
        documents=tuple(documents),
        based_on=base.id,
        constants=tuple(sorted({**dict(base.constants), **spec.get("constants", {})}.items())),
        later_terms=tuple(sorted((k, str(v)) for k, v in spec.get("later_terms", {}).items())),
    )


@functools.cache
def load_edition_at(root: Path) -> Edition:
    """An edition, parsed and checked once per content: later runs load it from the cache."""
    from acocontract import __version__, cache
    from acocontract.templating import mark_verified, verify_texts

    digest = hashlib.sha256(
        f"{__version__}\0{sys.version}\0{root}\0{edition_sha256(root.parent)}".encode()
    ).hexdigest()
    stored = cache.read("editions", digest)
    if stored is not None:
        try:
            edition, verified = pickle.loads(stored)
        except Exception:  # a damaged or foreign cache entry: parse afresh
            pass
        else:
            if isinstance(edition, Edition):
                mark_verified(verified)
                return edition
    edition = _load_edition(root)
    verified = verify_texts(all_texts(edition))
    cache.write("editions", digest, pickle.dumps((edition, verified), pickle.HIGHEST_PROTOCOL))
    return edition


_LOCAL_KEY = re.compile(r"""local\(\s*["']([a-z][a-z0-9_]*)["']""")


def clause_texts(clause: Clause) -> list[Text]:
    """Every text template of a clause: definitions, paragraphs, list items, table cells."""
    texts = [d.text for d in clause.definitions]
    for block in clause.blocks:
        texts.extend(_block_texts(block))
    return texts


def local_keys(clause: Clause) -> list[str]:
    """The profile `values` a clause's text can take for local completion, in order."""
    found = [m.group(1) for t in clause_texts(clause) for m in _LOCAL_KEY.finditer(t.source)]
    return list(dict.fromkeys(found))


def all_texts(edition: Edition) -> list[Text]:
    """Every clause text template of an edition."""
    return [t for d in edition.documents for c in d.clauses for t in clause_texts(c)]


def _load_clauses(
    root: Path,
    folder: Path,
    doc_id: str,
    part: dict[str, Any],
    problems: list[Diagnostic],
    seen: dict[str, str],
) -> list[Clause]:
    """The clause files of one part's folder, checked."""
    clauses: list[Clause] = []
    for file in sorted(folder.glob("*.yaml")):
        shown = _display(file, root.parent)
        try:
            loaded = load_yaml(file, shown)
        except AcoError as err:
            problems.extend(err.diagnostics)
            continue
        found = schema_diagnostics(loaded, "clause")
        if found:
            problems.extend(found)
            continue
        clause_id = loaded.data["id"]
        if clause_id != file.stem:
            problems.append(
                loaded.diag(
                    ("id",),
                    "id-mismatch",
                    f"the clause id {clause_id!r} differs from its file name {file.name!r}",
                    f"rename the file to {clause_id}.yaml",
                )
            )
        if not clause_id.startswith(part["prefix"]):
            problems.append(
                loaded.diag(
                    ("id",),
                    "id-prefix",
                    f"clauses in {part['title']} have ids starting {part['prefix']!r}",
                )
            )
        if clause_id in seen:
            problems.append(
                loaded.diag(
                    ("id",),
                    "duplicate-id",
                    f"the clause id {clause_id!r} is used twice",
                    f"also in {seen[clause_id]}",
                )
            )
            continue
        seen[clause_id] = shown
        clauses.append(_clause(loaded, doc_id, part, problems))
    return clauses


def _check_definitions(document: DocumentSpec, problems: list[Diagnostic]) -> None:
    terms: dict[str, Definition] = {}
    for clause in document.clauses:
        for definition in clause.definitions:
            if definition.term in terms:
                first = terms[definition.term]
                problems.append(
                    error(
                        definition.text.path,
                        definition.text.line,
                        definition.text.column,
                        "duplicate-definition",
                        f"the term {definition.term!r} is defined twice in {document.title}",
                        f"also defined in {first.clause} ({first.text.path})",
                    )
                )
            terms[definition.term] = definition


def _load_document(
    root: Path,
    edition_file: Loaded,
    where: YamlPath,
    doc: dict[str, Any],
    problems: list[Diagnostic],
    seen: dict[str, str],
) -> DocumentSpec:
    parts: list[Part] = []
    for p_index, part in enumerate(doc["parts"]):
        folder = root / part["dir"]
        if not folder.is_dir():
            problems.append(
                edition_file.diag(
                    (*where, "parts", p_index, "dir"),
                    "missing-folder",
                    f"the folder {part['dir']!r} does not exist",
                )
            )
            continue
        clauses = _load_clauses(root, folder, doc["id"], part, problems, seen)
        prefix: str = part["prefix"]
        clauses.sort(key=lambda c: _natural(c.id, prefix))
        parts.append(
            Part(
                id=part["id"],
                title=part["title"],
                prefix=part["prefix"],
                kind=part.get("kind", "clause"),
                sub_label_format=part.get("sub_label", "{label}.{sub}"),
                clauses=tuple(clauses),
                dir=part["dir"],
                label_format=part.get("label", "{id}"),
            )
        )
    document = DocumentSpec(
        id=doc["id"],
        title=doc["title"],
        short=doc["short"],
        applies=doc["applies"],
        definitions_clause=doc.get("definitions"),
        parties=tuple(
            PartySpec(p["source"], p["role"], tuple(p.get("participation", [])))
            for p in doc.get("parties", [])
        ),
        parts=tuple(parts),
    )
    _check_definitions(document, problems)
    return document


def _load_edition(root: Path) -> Edition:
    problems: list[Diagnostic] = []
    edition_file = load_yaml(root / EDITION_FILE, _display(root / EDITION_FILE, root.parent))
    problems.extend(schema_diagnostics(edition_file, "edition"))
    if problems:
        raise AcoError(problems)
    spec = edition_file.data
    if "based_on" in spec:
        return _derived(root, edition_file)
    seen: dict[str, str] = {}
    documents = [
        _load_document(root, edition_file, ("documents", i), doc, problems, seen)
        for i, doc in enumerate(spec["documents"])
    ]
    if problems:
        raise AcoError(problems)
    return Edition(
        id=spec["edition"],
        title=spec["title"],
        published=str(spec["published"]),
        root=root,
        sha256=edition_sha256(root),
        documents=tuple(documents),
        constants=tuple(sorted(spec.get("constants", {}).items())),
        later_terms=tuple(sorted((k, str(v)) for k, v in spec.get("later_terms", {}).items())),
    )
