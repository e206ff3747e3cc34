"""Assembly: one document tree from a tailored document, text filled in, references resolved.

Everything a reader will see is decided here, once, as a node: the cover, the contents, each
clause (or "Not used."), numbered paragraphs with their lettered items, the definitions the
variant uses, tables with their column widths, the draft banner, and derogations applied.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from acocontract.context import derogation_change, document_context, lists
from acocontract.derogation_checks import orphan_problems, removed_numbers
from acocontract.errors import AcoError, Diagnostic, error
from acocontract.library import (
    ClauseSpec,
    DefinitionSpec,
    DefinitionsSpec,
    Edition,
    HeadingSpec,
    ItemSpec,
    ParagraphSpec,
    TableSpec,
    TextSpec,
)
from acocontract.memo import Memo
from acocontract.model import Derogation, Profile, long_date
from acocontract.signing import cover_parties, execution, parties
from acocontract.tailor import Tailored
from acocontract.templating import (
    EMPTY,
    Evaluator,
    TemplateProblem,
    compile_text,
    render_runs,
    template_error,
)
from acocontract.tree import (
    Banner,
    Block,
    Clause,
    Contents,
    ContentsEntry,
    Cover,
    CoverParty,
    Definition,
    Document,
    Execution,
    Heading,
    Item,
    Note,
    NotUsed,
    Paragraph,
    Part,
    Run,
    Table,
    Term,
    Text,
    split_label,
)

ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv"]
DRAFT_BANNER = "DRAFT: contains local wording not yet approved by NHS England"

_DEFINITIONS = object()  # where a clause's `definitions: all` block goes, until they are known


def part_anchor(part_id: str) -> str:
    return "part-" + part_id


def marker(index: int, depth: int) -> str:
    """(a), (b)... at even depths; (i), (ii)... at odd ones."""
    return f"({chr(ord('a') + index)})" if depth % 2 == 0 else f"({ROMAN[index % len(ROMAN)]})"


def applied_derogations(profile: Profile, draft: bool) -> list[Derogation]:
    return [d for d in profile.derogations if d.applies_in(draft)]


class _Assembler:
    def __init__(
        self, profile: Profile, edition: Edition, tailored: Tailored, context: dict[str, Any]
    ) -> None:
        self.profile = profile
        self.edition = edition
        self.tailored = tailored
        self.context = context
        self.evaluator = Evaluator(context)
        self.rows = lists(context)
        self.derogations: dict[str, list[Derogation]] = {}
        self.used_terms: dict[str, TextSpec] = {}
        self.recording: list[tuple[str, TextSpec]] | None = None  # a clause's terms, for the memo
        self.resolved: dict[str, str | LookupError] = {}
        self.problems: list[Diagnostic] = []
        self.memo: Memo | None = None  # the library lint's: see memo.py
        self.at = ""  # the clause or paragraph being assembled, for messages
        self.removed: dict[str, Derogation] = {}  # national numbers a derogation takes away
        self.orphans: dict[str, list[str]] = {}  # such a number -> where text still refers to it

    # text -----------------------------------------------------------------------------------
    def resolve(self, target: str) -> str:
        """The printed number of a reference target, or LookupError why it cannot be used
        here (remembered: a document refers to the same clauses many times)."""
        if self.removed and (target in self.removed or target.partition(".")[0] in self.removed):
            self.orphans.setdefault(target, []).append(self.at)  # reported at the derogation
        found = self.resolved.get(target)
        if found is None:
            try:
                found = self._resolve(target)
            except LookupError as err:
                found = err
            self.resolved[target] = found
        if isinstance(found, LookupError):
            raise found
        return found

    def _resolve(self, target: str) -> str:
        located = self.edition.locate(target)
        label = self.edition.label_of(target)
        if label is None or located is None:
            raise LookupError(f"the reference {target!r} names no clause in {self.edition.id}")
        clause, block = located
        if clause.document != self.tailored.spec.id:
            found = self.edition.find(clause.id)
            where = found[0].title if found else "another document"
            raise LookupError(f"{target} is in the {where}, not in this document")
        absent = self.tailored.absence(clause, block)
        if absent:
            raise LookupError(f"{target} {absent}")
        return label

    def runs(self, spec: TextSpec, extra: Mapping[str, Any] | None = None) -> tuple[Run, ...]:
        evaluator = Evaluator({**self.context, **extra}) if extra else self.evaluator
        try:
            runs, terms = render_runs(spec.program, spec, evaluator, self.resolve)
        except AcoError as err:
            self.problems.extend(err.diagnostics)
            return ()
        for term in terms:
            self.use(term, spec)
        return runs

    def use(self, term: str, spec: TextSpec) -> None:
        if term not in self.used_terms:
            self.used_terms[term] = spec
        if self.recording is not None:
            self.recording.append((term, spec))

    def local_paragraphs(self, derogation: Derogation) -> list[tuple[Run, ...]]:
        """The local wording of a derogation, one run list per paragraph (blank-line separated)."""
        line, column = derogation.text_at
        out = []
        offset = 0
        for chunk in re.split(r"(\n[ \t]*\n)", derogation.text):
            if chunk.strip():  # the separators are blank
                start = column if not offset else 1
                out.append(self.runs(self._local_text(chunk, line + offset, start)))
            offset += chunk.count("\n")
        return out

    def _local_text(self, chunk: str, line: int, column: int) -> TextSpec:
        try:
            program = compile_text(chunk)
        except TemplateProblem as err:
            spec = TextSpec(chunk, self.profile.path, line, column, EMPTY)
            self.problems.append(template_error(spec, err.lineno, err.message))
            return spec
        return TextSpec(chunk, self.profile.path, line, column, program)

    def items(self, specs: tuple[ItemSpec, ...], depth: int = 0) -> tuple[Item, ...]:
        return tuple(
            Item(marker(i, depth), self.runs(item.text), self.items(item.items, depth + 1), depth)
            for i, item in enumerate(specs)
        )

    # blocks ---------------------------------------------------------------------------------
    def paragraph(self, clause: ClauseSpec, block: ParagraphSpec) -> list[Block]:
        """A numbered or plain paragraph, with any derogation of it applied."""
        applies = self.tailored.block_applies(block)
        if block.n is None:
            return (
                [Paragraph(self.runs(block.text), items=self.items(block.items))] if applies else []
            )
        label = self.edition.sub_label(clause, block.n)
        number = split_label(label)[1]
        anchor = clause.sub_id(block.n)
        self.at = label
        if not applies:
            return [NotUsed(number, anchor)]
        derogations = self.derogations.get(anchor, [])
        actions = {d.action for d in derogations}
        out: list[Block] = []
        if "delete" in actions:
            out.append(NotUsed(number, anchor))
        elif "replace" not in actions:
            out.append(Paragraph(self.runs(block.text), number, anchor, self.items(block.items)))
        inserted = 0
        for derogation in derogations:
            note = self.requested_note(derogation)
            if derogation.action == "replace" and "delete" not in actions:
                local = self.local_paragraphs(derogation) or [()]
                out[0:0] = [*note, Paragraph(local[0], number, anchor), *map(Paragraph, local[1:])]
            elif derogation.action == "insert-after":
                out.extend(note)
                for runs in self.local_paragraphs(derogation):
                    letter = chr(ord("A") + inserted)
                    out.append(Paragraph(runs, number + letter, anchor + letter))
                    inserted += 1
            else:
                out[0:0] = note
        return out

    def requested_note(self, derogation: Derogation) -> list[Note]:
        """In a draft, a note where requested (not yet approved) wording sits."""
        if derogation.status != "requested":
            return []
        change = derogation_change(self.edition, derogation.clause, derogation.action)
        return [Note(f"Requested derogation, not yet approved by NHS England: {change}.")]

    def whole_clause(self, clause: ClauseSpec, blocks: list[Any]) -> list[Any]:
        """Derogations that name a whole clause (GC14 rather than GC14.1). Local wording that
        replaces a clause is numbered from the clause's first paragraph (GC37.1, GC37.2...)."""
        for derogation in self.derogations.get(clause.id, []):
            note: list[Any] = self.requested_note(derogation)
            local = self.local_paragraphs(derogation)
            if derogation.action == "delete":
                blocks = [*note, NotUsed()]
            elif derogation.action == "replace":
                numbered = [
                    Paragraph(runs, self.number(clause, i + 1), clause.sub_id(i + 1))
                    for i, runs in enumerate(local)
                ]
                blocks = [*note, *numbered]
            else:
                blocks = [*blocks, *note, *map(Paragraph, local)]
        return blocks

    def number(self, clause: ClauseSpec, n: int) -> str:
        return split_label(self.edition.sub_label(clause, n))[1]

    def table(self, table: TableSpec) -> Table:
        if table.each is None:
            rows = tuple(tuple(self.runs(cell) for cell in row) for row in table.rows)
        else:
            rows = tuple(
                tuple(self.runs(cell, {"item": entry, "index": i + 1}) for cell in row)
                for i, entry in enumerate(self.rows[table.each])
                for row in table.rows
            )
            if not rows:
                width = max(len(table.header), 1)
                rows = ((((Text(table.empty),),) + ((),) * (width - 1)),)
        columns = max([len(table.header)] + [len(r) for r in rows])
        return Table(table.header, rows, (1,) * columns)

    def clause_blocks(self, clause: ClauseSpec) -> list[Any]:
        """The clause's blocks, from the memo when one is kept (the library lint)."""
        if self.memo is None:
            return self.build_blocks(clause)
        return self.memo.blocks(self, clause)

    def build_blocks(self, clause: ClauseSpec) -> list[Any]:
        blocks: list[Any] = []
        for block in clause.blocks:
            self.at = clause.label or clause.title
            if isinstance(block, ParagraphSpec):
                blocks.extend(self.paragraph(clause, block))
            elif not self.tailored.block_applies(block):
                continue
            elif isinstance(block, DefinitionsSpec):
                blocks.append(_DEFINITIONS)
            elif isinstance(block, HeadingSpec):
                blocks.append(Heading(block.text))
            else:
                blocks.append(self.table(block))
        return self.whole_clause(clause, blocks)

    def definitions(self) -> list[Definition]:
        """Every defined term the document uses (and those its definitions use), A to Z."""
        defined: dict[str, DefinitionSpec] = {
            d.term: d for clause in self.tailored.spec.clauses for d in clause.definitions
        }
        rendered: dict[str, tuple[Run, ...]] = {}
        pending = [t for t in self.used_terms if t in defined]
        queued = set(pending)
        while pending:
            term = pending.pop()
            known = len(self.used_terms)
            self.at = f"the definition of {term}"
            rendered[term] = self.runs(defined[term].text)
            for new in list(self.used_terms)[known:]:  # terms its definition uses
                if new in defined and new not in queued:
                    queued.add(new)
                    pending.append(new)
        for term, spec in self.used_terms.items():
            if term not in defined:
                self.problems.append(
                    error(
                        spec.path,
                        spec.line,
                        spec.column,
                        "undefined-term",
                        f"the defined term {term!r} is used but not defined in "
                        f"the {self.tailored.spec.title}",
                        "add it to the `definitions` of the clause that introduces it",
                    )
                )
        return [
            Definition(Term(term, term), rendered[term])
            for term in sorted(rendered, key=lambda t: (t.casefold(), t))
        ]


def _parts(
    work: _Assembler, staged: list[tuple[str, Clause, list[Any]]], banner: Banner | None
) -> tuple[Part, ...]:
    definitions = work.definitions()
    by_part: dict[str, list[Clause]] = {part.id: [] for part in work.tailored.spec.parts}
    for part_id, node, blocks in staged:
        if _DEFINITIONS in blocks:
            at = blocks.index(_DEFINITIONS)
            blocks = [*blocks[:at], *definitions, *blocks[at + 1 :]]
        by_part[part_id].append(node._replace(blocks=tuple(blocks)))
    return tuple(
        Part(part.id, part.title, tuple(by_part[part.id]), banner)
        for part in work.tailored.spec.parts
    )


def _contents(parts: tuple[Part, ...], execution: Execution | None) -> Contents:
    entries: list[ContentsEntry] = []
    for part in parts:
        entries.append(ContentsEntry(1, part_anchor(part.id), part.title))
        entries.extend(ContentsEntry(2, c.id, c.heading, c.included) for c in part.clauses)
    if execution is not None:
        entries.append(ContentsEntry(1, execution.anchor, execution.title))
    return Contents("Contents", tuple(entries))


def assemble(
    profile: Profile,
    edition: Edition,
    tailored: Tailored,
    *,
    draft: bool = False,
    national: bool = False,
    memo: Memo | None = None,
) -> Document:
    """The document tree for one tailored document; raises AcoError with every problem.

    Approved derogations are applied (and requested ones too in a `draft`); `national` gives
    the national wording with none applied, as the redline compares against.
    """
    applied = [] if national else applied_derogations(profile, draft)
    work = _Assembler(
        profile, edition, tailored, document_context(profile, edition, tailored, applied)
    )
    work.memo = memo if not applied else None  # derogations are never memoised
    for derogation in applied:
        work.derogations.setdefault(derogation.clause, []).append(derogation)
    work.removed = removed_numbers(edition, tailored, applied)
    staged: list[tuple[str, Clause, list[Any]]] = []
    for decision in tailored.decisions:
        clause = decision.clause
        blocks: list[Any] = []
        if decision.included:
            blocks = work.clause_blocks(clause)
        elif not clause.omitted:
            blocks = [NotUsed()]
        node = Clause(clause.id, clause.label, clause.title, decision.included, decision.reason)
        staged.append((clause.part, node, blocks))
    banner = Banner(DRAFT_BANNER) if any(d.status == "requested" for d in applied) else None
    parts = _parts(work, staged, banner)
    work.problems.extend(orphan_problems(profile, edition, work.removed, work.orphans))
    if work.problems:
        raise AcoError(work.problems)
    signing = parties(profile, tailored)
    return frame(
        tailored.spec.id,
        tailored.spec.title,
        profile.name,
        edition,
        parts,
        banner,
        tuple(sorted(work.used_terms)),
        execution=execution(tailored.spec.short, signing),
        parties=cover_parties(signing),
        dated=long_date(profile.contract_date) if profile.contract_date else "",
    )


def frame(
    document_id: str,
    title: str,
    subtitle: str,
    edition: Edition,
    parts: tuple[Part, ...],
    banner: Banner | None = None,
    terms: tuple[str, ...] = (),
    *,
    execution: Execution | None = None,
    parties: tuple[CoverParty, ...] = (),
    dated: str = "",
) -> Document:
    """A document around its parts: the cover, the contents, and for a document the parties
    sign, their names on the cover and the execution page."""
    note = f"National clause library edition {edition.id}"
    return Document(
        id=document_id,
        title=title,
        subtitle=subtitle,
        edition=edition.id,
        cover=Cover(title, subtitle, note, parties, dated),
        contents=_contents(parts, execution),
        parts=parts,
        banner=banner,
        terms=terms,
        date=edition.published,
        execution=execution,
    )
