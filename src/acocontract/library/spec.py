"""What the clause library says, as specs: an edition's documents, parts, clauses and texts.

A *spec* is what a YAML file says (a clause with its paragraphs and the rule for when it
applies); a *node* (`acocontract.tree`) is what one built document holds. Specs are made once
per library content (parsed, or read back from the cache) and never change.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from acocontract.rules import ALWAYS, Rule
from acocontract.templating import Program


class TextSpec(NamedTuple):
    """A clause text: its source, where it was written, and its checked program."""

    source: str
    path: str
    line: int
    column: int
    program: Program


class ItemSpec(NamedTuple):
    text: TextSpec
    items: tuple[ItemSpec, ...] = ()


class ParagraphSpec(NamedTuple):
    """A paragraph: numbered (`n`, the national number) or plain, with lettered items."""

    text: TextSpec
    line: int
    n: int | None = None
    items: tuple[ItemSpec, ...] = ()
    applies: Rule = ALWAYS


class HeadingSpec(NamedTuple):
    text: str
    line: int
    applies: Rule = ALWAYS


class TableSpec(NamedTuple):
    header: tuple[str, ...]
    rows: tuple[tuple[TextSpec, ...], ...]
    line: int
    each: str | None = None  # a list from the profile: the rows repeat for every entry
    empty: str = "None."
    applies: Rule = ALWAYS


class DefinitionsSpec(NamedTuple):
    """`definitions: all`: where the document's definitions list goes."""

    line: int
    applies: Rule = ALWAYS


BlockSpec = ParagraphSpec | HeadingSpec | TableSpec | DefinitionsSpec


class DefinitionSpec(NamedTuple):
    term: str
    text: TextSpec
    clause: str


class ClauseSpec(NamedTuple):
    id: str
    title: str
    applies: Rule
    omitted: bool
    blocks: tuple[BlockSpec, ...]
    definitions: tuple[DefinitionSpec, ...]
    path: str
    document: str
    part: str
    label: str

    def sub_id(self, n: int) -> str:
        return f"{self.id}.{n}"

    def paragraph(self, n: int) -> ParagraphSpec | None:
        return next((b for b in self.blocks if isinstance(b, ParagraphSpec) and b.n == n), None)

    def texts(self) -> Iterator[TextSpec]:
        """Every text template: definitions, paragraphs, list items, table cells."""
        for definition in self.definitions:
            yield definition.text
        for block in self.blocks:
            yield from block_texts(block)


def block_texts(block: BlockSpec) -> Iterator[TextSpec]:
    if isinstance(block, ParagraphSpec):
        yield block.text
        stack = list(block.items)
        while stack:
            item = stack.pop(0)
            yield item.text
            stack[0:0] = list(item.items)
    elif isinstance(block, TableSpec):
        for row in block.rows:
            yield from row


class PartSpec(NamedTuple):
    id: str
    title: str
    prefix: str
    dir: str
    label_format: str  # how a clause is named: "Schedule {n}", "SC{n}", "{title}"
    sub_label_format: str  # how a numbered paragraph is named: "{label}.{sub}"
    clauses: tuple[ClauseSpec, ...]


class PartySpec(NamedTuple):
    source: str  # where the parties come from in the profile: commissioners, provider...
    role: str
    participation: tuple[str, ...] = ()


class DocumentSpec(NamedTuple):
    id: str
    title: str
    short: str
    applies: Rule
    parties: tuple[PartySpec, ...]
    parts: tuple[PartSpec, ...]
    lineage: str = ""  # the id it had where it first appeared (editions may re-identify it)

    @property
    def clauses(self) -> tuple[ClauseSpec, ...]:
        return tuple(c for part in self.parts for c in part.clauses)


@dataclass(frozen=True)
class Edition:
    id: str
    title: str
    published: str  # ISO date
    root: Path
    sha256: str  # of every file the edition is made from
    documents: tuple[DocumentSpec, ...]
    based_on: str | None = None
    constants: tuple[tuple[str, str | int], ...] = ()
    later_terms: tuple[tuple[str, str], ...] = ()  # name -> the date it came in
    providers: tuple[str, ...] = ()  # the kinds of body that may hold the contract; () any
    general_words: tuple[str, ...] = ()  # defined terms' words also used in their plain sense

    @functools.cached_property
    def _index(self) -> dict[str, tuple[DocumentSpec, PartSpec, ClauseSpec]]:
        return {c.id: (d, p, c) for d in self.documents for p in d.parts for c in p.clauses}

    def document(self, document_id: str) -> DocumentSpec | None:
        return next((d for d in self.documents if d.id == document_id), None)

    def find(self, clause_id: str) -> tuple[DocumentSpec, ClauseSpec] | None:
        found = self._index.get(clause_id)
        return (found[0], found[2]) if found else None

    def part_of(self, clause: ClauseSpec) -> PartSpec:
        return self._index[clause.id][1]

    @functools.cached_property
    def _sub_labels(self) -> dict[tuple[str, int], str]:
        return {}

    def sub_label(self, clause: ClauseSpec, n: int) -> str:
        """The printed number of a numbered paragraph: GC14.2, Schedule 2A paragraph 3."""
        key = (clause.id, n)
        label = self._sub_labels.get(key)
        if label is None:
            part = self.part_of(clause)
            label = self._sub_labels[key] = part.sub_label_format.format(
                label=clause.label, n=clause.id[len(part.prefix) :], sub=n, id=clause.id
            )
        return label

    def locate(self, target: str) -> tuple[ClauseSpec, ParagraphSpec | None] | None:
        """A clause id (GC14), or a paragraph id (GC14.2) and its paragraph; None when unknown."""
        clause_id, _, sub = target.partition(".")
        found = self._index.get(clause_id)
        if found is None:
            return None
        clause = found[2]
        if not sub:
            return clause, None
        block = clause.paragraph(int(sub)) if sub.isdigit() else None
        return (clause, block) if block is not None else None

    def source_of(self, target: str) -> str | None:
        """The national wording (template text) of a clause or paragraph, to compare editions."""
        located = self.locate(target)
        if located is None:
            return None
        clause, block = located
        if block is not None:
            return "\n".join(t.source for t in block_texts(block))
        texts = [clause.title] + [t.source for b in clause.blocks for t in block_texts(b)]
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

    def texts(self) -> Iterator[TextSpec]:
        for document in self.documents:
            for clause in document.clauses:
                yield from clause.texts()
