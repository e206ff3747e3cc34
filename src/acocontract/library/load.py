"""Reading an edition's folder into specs: the edition file, then one YAML file per clause.

Every file is checked against its JSON Schema and every clause text is compiled (checked
against what clause text may contain); every problem in every file is collected and reported
at once, located in the file that has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from acocontract.errors import AcoError, Diagnostic, error
from acocontract.library.spec import (
    BlockSpec,
    ClauseSpec,
    DefinitionSpec,
    DefinitionsSpec,
    DocumentSpec,
    HeadingSpec,
    ItemSpec,
    ParagraphSpec,
    PartSpec,
    PartySpec,
    TableSpec,
    TextSpec,
)
from acocontract.loader import Loaded, YamlPath, load_yaml
from acocontract.rules import parse_rule
from acocontract.templating import EMPTY, TemplateProblem, compile_text, template_error
from acocontract.validate import schema_diagnostics

EDITION_FILE = "edition.yaml"


def natural(clause_id: str, prefix: str) -> tuple[int, str, str]:
    """Clauses in number order: SC2 before SC10, Sch2A before Sch2B."""
    rest = clause_id[len(prefix) :]
    match = re.fullmatch(r"(\d+)([A-Z]*)", rest)
    if match:
        return (int(match.group(1)), match.group(2), clause_id)
    return (-1, "", clause_id)


def display(path: Path, root: Path) -> str:
    """A file as messages name it: from the library's folder (aco-2017-08/...), whatever the
    current directory, so that cached editions name files the same way."""
    return (
        (root.name / path.relative_to(root)).as_posix() if path.is_relative_to(root) else str(path)
    )


class _Builder:
    """Specs from one loaded clause file, collecting every problem."""

    def __init__(self, loaded: Loaded, problems: list[Diagnostic]) -> None:
        self.loaded = loaded
        self.problems = problems

    def text(self, path: YamlPath, value: str) -> TextSpec:
        line, column = self.loaded.where(path)
        if path in self.loaded.block_scalars:
            line, column = line + 1, 1
        try:
            program = compile_text(value)
        except TemplateProblem as err:
            spec = TextSpec(value, self.loaded.path, line, column, EMPTY)
            self.problems.append(template_error(spec, err.lineno, err.message))
            return spec
        return TextSpec(value, self.loaded.path, line, column, program)

    def items(self, path: YamlPath, raw: list[Any]) -> tuple[ItemSpec, ...]:
        out = []
        for i, item in enumerate(raw):
            if isinstance(item, str):
                out.append(ItemSpec(self.text((*path, i), item)))
            else:
                out.append(
                    ItemSpec(
                        self.text((*path, i, "text"), item["text"]),
                        self.items((*path, i, "items"), item.get("items", [])),
                    )
                )
        return tuple(out)

    def block(self, index: int, raw: dict[str, Any], numbers: dict[int, int]) -> BlockSpec:
        where: YamlPath = ("paragraphs", index)
        line = self.loaded.where(where)[0]
        rule = parse_rule(raw.get("applies", "always"))
        if "table" in raw:
            table = raw["table"]
            rows = tuple(
                tuple(
                    self.text((*where, "table", "rows", r, c), cell) for c, cell in enumerate(row)
                )
                for r, row in enumerate(table["rows"])
            )
            header = tuple(table.get("header", []))
            return TableSpec(
                header, rows, line, table.get("each"), table.get("empty", "None."), rule
            )
        if "heading" in raw:
            return HeadingSpec(raw["heading"], line, rule)
        if "definitions" in raw:
            return DefinitionsSpec(line, rule)
        n = raw.get("n")
        if n is not None:
            if n in numbers:
                self.problems.append(
                    self.loaded.diag(
                        (*where, "n"),
                        "duplicate-number",
                        f"{self.loaded.data['id']}.{n} is numbered twice",
                        f"first used on line {numbers[n]}",
                    )
                )
            numbers[n] = line
        return ParagraphSpec(
            self.text((*where, "text"), raw["text"]),
            line,
            n,
            self.items((*where, "items"), raw.get("items", [])),
            rule,
        )

    def clause(self, document: str, part: dict[str, Any]) -> ClauseSpec:
        data = self.loaded.data
        numbers: dict[int, int] = {}
        blocks = tuple(
            self.block(i, raw, numbers) for i, raw in enumerate(data.get("paragraphs", []))
        )
        definitions = tuple(
            DefinitionSpec(d["term"], self.text(("definitions", i, "text"), d["text"]), data["id"])
            for i, d in enumerate(data.get("definitions", []))
        )
        prefix = part["prefix"]
        label = part.get("label", "{id}").format(
            id=data["id"], n=data["id"][len(prefix) :], title=data["title"]
        )
        return ClauseSpec(
            id=data["id"],
            title=data["title"],
            applies=parse_rule(data.get("applies", "always")),
            omitted=bool(data.get("omitted", False)),
            blocks=blocks,
            definitions=definitions,
            path=self.loaded.path,
            document=document,
            part=part["id"],
            label=label,
        )


def _clause_files(folder: Path, library: Path, problems: list[Diagnostic]) -> Iterator[Loaded]:
    for file in sorted(folder.glob("*.yaml")):
        try:
            loaded = load_yaml(file, display(file, library))
        except AcoError as err:
            problems.extend(err.diagnostics)
            continue
        found = schema_diagnostics(loaded, "clause")
        if found:
            problems.extend(found)
            continue
        if loaded.data["id"] != file.stem:
            problems.append(
                loaded.diag(
                    ("id",),
                    "id-mismatch",
                    f"the clause id {loaded.data['id']!r} differs from its file name {file.name!r}",
                    f"rename the file to {loaded.data['id']}.yaml",
                )
            )
        yield loaded


def load_clauses(
    folder: Path,
    library: Path,
    document: str,
    part: dict[str, Any],
    problems: list[Diagnostic],
    seen: dict[str, str],
) -> list[ClauseSpec]:
    """The clause files of one part's folder, checked; `seen` maps clause ids to their files."""
    clauses: list[ClauseSpec] = []
    for loaded in _clause_files(folder, library, problems):
        clause_id = loaded.data["id"]
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
        seen[clause_id] = loaded.path
        clauses.append(_Builder(loaded, problems).clause(document, part))
    clauses.sort(key=lambda c: natural(c.id, part["prefix"]))
    return clauses


def check_definitions(document: DocumentSpec, problems: list[Diagnostic]) -> None:
    """A term is defined once in a document."""
    terms: dict[str, DefinitionSpec] = {}
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


def part_spec(part: dict[str, Any], clauses: list[ClauseSpec]) -> PartSpec:
    return PartSpec(
        id=part["id"],
        title=part["title"],
        prefix=part["prefix"],
        dir=part["dir"],
        label_format=part.get("label", "{id}"),
        sub_label_format=part.get("sub_label", "{label}.{sub}"),
        clauses=tuple(clauses),
    )


def load_document(
    root: Path,
    edition_file: Loaded,
    where: YamlPath,
    doc: dict[str, Any],
    problems: list[Diagnostic],
    seen: dict[str, str],
) -> DocumentSpec:
    """One document of an edition file, its parts' clause files read from `root`."""
    parts: list[PartSpec] = []
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
        clauses = load_clauses(folder, root.parent, doc["id"], part, problems, seen)
        parts.append(part_spec(part, clauses))
    document = DocumentSpec(
        id=doc["id"],
        title=doc["title"],
        short=doc["short"],
        applies=parse_rule(doc["applies"]),
        parties=tuple(
            PartySpec(p["source"], p["role"], tuple(p.get("participation", [])))
            for p in doc.get("parties", [])
        ),
        parts=tuple(parts),
        lineage=doc["id"],
    )
    check_definitions(document, problems)
    return document


def read_edition_file(root: Path) -> Loaded:
    """An edition's `edition.yaml`, schema-checked."""
    edition_file = load_yaml(
        root / EDITION_FILE, display(root / EDITION_FILE, root.parent), cached=True
    )
    problems = schema_diagnostics(edition_file, "edition")
    if problems:
        raise AcoError(problems)
    return edition_file
