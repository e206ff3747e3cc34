"""Editions to and from plain JSON data, for the cache: specs, rules and programs as lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
)
from acocontract.rules import parse_rule
from acocontract.templating import Program


class _Encoder:
    def __init__(self) -> None:
        self.paths: dict[str, int] = {}

    def text(self, t: TextSpec) -> list[Any]:
        path = self.paths.setdefault(t.path, len(self.paths))
        return [t.source, path, t.line, t.column, t.program.to_json()]

    def items(self, items: tuple[ItemSpec, ...]) -> list[Any]:
        return [[self.text(i.text), self.items(i.items)] for i in items]

    def block(self, b: BlockSpec) -> list[Any]:
        rule = b.applies.to_data()
        if isinstance(b, ParagraphSpec):
            return ["p", self.text(b.text), b.line, b.n, self.items(b.items), rule]
        if isinstance(b, HeadingSpec):
            return ["h", b.text, b.line, rule]
        if isinstance(b, TableSpec):
            rows = [[self.text(c) for c in row] for row in b.rows]
            return ["t", list(b.header), rows, b.line, b.each, b.empty, rule]
        return ["d", b.line, rule]

    def clause(self, c: ClauseSpec) -> list[Any]:
        definitions = [[d.term, self.text(d.text), d.clause] for d in c.definitions]
        blocks = [self.block(b) for b in c.blocks]
        return [c.id, c.title, c.applies.to_data(), c.omitted, blocks, definitions, c.path]

    def document(self, d: DocumentSpec) -> list[Any]:
        parts = [
            [
                p.id,
                p.title,
                p.prefix,
                p.dir,
                p.label_format,
                p.sub_label_format,
                [[self.clause(c), c.part, c.label] for c in p.clauses],
            ]
            for p in d.parts
        ]
        parties = [[p.source, p.role, list(p.participation)] for p in d.parties]
        return [d.id, d.title, d.short, d.applies.to_data(), parties, parts, d.lineage]


def encode(edition: Edition) -> dict[str, Any]:
    work = _Encoder()
    documents = [work.document(d) for d in edition.documents]
    return {
        "id": edition.id,
        "title": edition.title,
        "published": edition.published,
        "sha256": edition.sha256,
        "based_on": edition.based_on,
        "constants": [list(c) for c in edition.constants],
        "later_terms": [list(t) for t in edition.later_terms],
        "providers": list(edition.providers),
        "general_words": list(edition.general_words),
        "paths": list(work.paths),
        "documents": documents,
    }


class _Decoder:
    def __init__(self, paths: list[str]) -> None:
        self.paths = paths

    def text(self, raw: list[Any]) -> TextSpec:
        source, path, line, column, program = raw
        return TextSpec(source, self.paths[path], line, column, Program.from_json(program))

    def items(self, raw: list[Any]) -> tuple[ItemSpec, ...]:
        return tuple(ItemSpec(self.text(t), self.items(sub)) for t, sub in raw)

    def block(self, raw: list[Any]) -> BlockSpec:
        kind = raw[0]
        if kind == "p":
            _, text, line, n, items, rule = raw
            return ParagraphSpec(self.text(text), line, n, self.items(items), parse_rule(rule))
        if kind == "h":
            return HeadingSpec(raw[1], raw[2], parse_rule(raw[3]))
        if kind == "t":
            _, header, rows, line, each, empty, rule = raw
            cells = tuple(tuple(self.text(c) for c in row) for row in rows)
            return TableSpec(tuple(header), cells, line, each, empty, parse_rule(rule))
        return DefinitionsSpec(raw[1], parse_rule(raw[2]))

    def clause(self, raw: list[Any], document: str, part: str, label: str) -> ClauseSpec:
        clause_id, title, applies, omitted, blocks, definitions, path = raw
        return ClauseSpec(
            id=clause_id,
            title=title,
            applies=parse_rule(applies),
            omitted=omitted,
            blocks=tuple(self.block(b) for b in blocks),
            definitions=tuple(DefinitionSpec(t, self.text(x), c) for t, x, c in definitions),
            path=path,
            document=document,
            part=part,
            label=label,
        )

    def part(self, raw: list[Any], document: str) -> PartSpec:
        part_id, title, prefix, folder, label_format, sub_label_format, clauses = raw
        return PartSpec(
            part_id,
            title,
            prefix,
            folder,
            label_format,
            sub_label_format,
            tuple(self.clause(c, document, part, label) for c, part, label in clauses),
        )

    def document(self, raw: list[Any]) -> DocumentSpec:
        doc_id, title, short, applies, parties, parts, lineage = raw
        return DocumentSpec(
            id=doc_id,
            title=title,
            short=short,
            applies=parse_rule(applies),
            parties=tuple(PartySpec(s, r, tuple(p)) for s, r, p in parties),
            parts=tuple(self.part(p, doc_id) for p in parts),
            lineage=lineage,
        )


def decode(payload: dict[str, Any], root: Path) -> Edition:
    work = _Decoder(payload["paths"])
    return Edition(
        id=payload["id"],
        title=payload["title"],
        published=payload["published"],
        root=root,
        sha256=payload["sha256"],
        documents=tuple(work.document(d) for d in payload["documents"]),
        based_on=payload["based_on"],
        constants=tuple((k, v) for k, v in payload["constants"]),
        later_terms=tuple((k, v) for k, v in payload["later_terms"]),
        providers=tuple(payload["providers"]),
        general_words=tuple(payload["general_words"]),
    )
