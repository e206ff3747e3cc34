"""An edition defined as changes against another (`based_on`).

Changes, all optional: clauses or paragraphs it does not have (`remove`), words it uses instead
of the base's (`rename`, whole words, throughout titles, terms, roles and text), documents under
other ids or titles (`reid`, `retitle`), national figures (`constants`), clause files in its own
folders that replace or add clauses (the same folder path as the base part), and documents of
its own (`add_documents`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from acocontract.errors import AcoError, Diagnostic
from acocontract.library.load import check_definitions, load_clauses, load_document, natural
from acocontract.library.spec import (
    ClauseSpec,
    DefinitionSpec,
    DocumentSpec,
    Edition,
    HeadingSpec,
    ItemSpec,
    ParagraphSpec,
    PartSpec,
    TableSpec,
    TextSpec,
)
from acocontract.loader import Loaded
from acocontract.templating import compile_text

Rename = Callable[[str], str]


def renamer(words: dict[str, str]) -> Rename:
    """Whole words and phrases replaced, longest first ("ACO Contract" before "ACO")."""
    if not words:
        return lambda text: text
    keys = sorted(words, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(k) for k in keys) + r")(?![\w-])")
    return lambda text: pattern.sub(lambda m: words[m.group(1)], text)


def _text(text: TextSpec, rename: Rename) -> TextSpec:
    source = rename(text.source)
    if source == text.source:
        return text
    return text._replace(source=source, program=compile_text(source))


def _items(items: tuple[ItemSpec, ...], rename: Rename) -> tuple[ItemSpec, ...]:
    return tuple(ItemSpec(_text(i.text, rename), _items(i.items, rename)) for i in items)


def _block(block: Any, rename: Rename) -> Any:
    if isinstance(block, ParagraphSpec):
        return block._replace(text=_text(block.text, rename), items=_items(block.items, rename))
    if isinstance(block, HeadingSpec):
        return block._replace(text=rename(block.text))
    if isinstance(block, TableSpec):
        return block._replace(
            header=tuple(rename(h) for h in block.header),
            rows=tuple(tuple(_text(c, rename) for c in row) for row in block.rows),
            empty=rename(block.empty),
        )
    return block


def _clause(clause: ClauseSpec, rename: Rename, document: str, drop: set[int]) -> ClauseSpec:
    blocks = tuple(
        _block(b, rename)
        for b in clause.blocks
        if not (isinstance(b, ParagraphSpec) and b.n in drop)
    )
    definitions = tuple(
        DefinitionSpec(rename(d.term), _text(d.text, rename), d.clause) for d in clause.definitions
    )
    title = rename(clause.title)
    return clause._replace(
        title=title,
        label=title if clause.label == clause.title else clause.label,
        blocks=blocks,
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


def _known_documents(
    spec: dict[str, Any], base: Edition, edition_file: Loaded, problems: list[Diagnostic]
) -> None:
    ids = {d.id for d in base.documents}
    for key in ("retitle", "reid"):
        for document_id in spec.get(key, {}):
            if document_id not in ids:
                problems.append(
                    edition_file.diag(
                        (key, document_id),
                        "unknown-document",
                        f"{base.id} has no document {document_id!r}",
                        key=True,
                    )
                )


class _Deriving:
    def __init__(self, root: Path, spec: dict[str, Any], base: Edition) -> None:
        self.root = root
        self.spec = spec
        self.base = base
        self.rename = renamer(dict(spec.get("rename", {})))
        self.problems: list[Diagnostic] = []
        self.own: dict[str, str] = {}  # this edition's clause files: id -> file

    def part(
        self, part: PartSpec, document: str, whole: set[str], paragraphs: dict[str, set[int]]
    ) -> PartSpec:
        kept = {
            c.id: _clause(c, self.rename, document, paragraphs.get(c.id, set()))
            for c in part.clauses
            if c.id not in whole
        }
        folder = self.root / part.dir
        if folder.is_dir():
            raw = {
                "id": part.id,
                "prefix": part.prefix,
                "title": part.title,
                "label": part.label_format,
            }
            for clause in load_clauses(
                folder, self.root.parent, document, raw, self.problems, self.own
            ):
                kept[clause.id] = clause
        ordered = sorted(kept.values(), key=lambda c: natural(c.id, part.prefix))
        return part._replace(clauses=tuple(ordered))

    def document(
        self, document: DocumentSpec, whole: set[str], paragraphs: dict[str, set[int]]
    ) -> DocumentSpec:
        new_id = self.spec.get("reid", {}).get(document.id, document.id)
        titles = self.spec.get("retitle", {})
        return document._replace(
            id=new_id,
            title=titles.get(document.id, self.rename(document.title)),
            short=self.rename(document.short),
            parties=tuple(p._replace(role=self.rename(p.role)) for p in document.parties),
            parts=tuple(self.part(p, new_id, whole, paragraphs) for p in document.parts),
        )


def derive(root: Path, edition_file: Loaded, base: Edition, sha256: str) -> Edition:
    """The edition `edition_file` describes, made from `base` and this edition's own files."""
    spec = edition_file.data
    work = _Deriving(root, spec, base)
    whole, paragraphs = _removals(spec, base, edition_file, work.problems)
    _known_documents(spec, base, edition_file, work.problems)
    documents = [work.document(d, whole, paragraphs) for d in base.documents]
    seen = {c.id: c.path for d in documents for c in d.clauses}
    for index, doc in enumerate(spec.get("add_documents", [])):
        documents.append(
            load_document(root, edition_file, ("add_documents", index), doc, work.problems, seen)
        )
    for document in documents[: len(base.documents)]:
        check_definitions(document, work.problems)
    if work.problems:
        raise AcoError(work.problems)
    constants = {**dict(base.constants), **spec.get("constants", {})}
    return Edition(
        id=spec["edition"],
        title=spec["title"],
        published=str(spec["published"]),
        root=root,
        sha256=sha256,
        documents=tuple(documents),
        based_on=base.id,
        constants=tuple(sorted(constants.items())),
        later_terms=tuple(sorted((k, str(v)) for k, v in spec.get("later_terms", {}).items())),
        providers=tuple(spec.get("providers", base.providers)),
        general_words=tuple(dict.fromkeys((*base.general_words, *spec.get("general_words", ())))),
    )
