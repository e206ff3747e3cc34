"""Library lint: assemble every variant the rules allow and report what would break a contract."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from acocontract.assemble import ROW_NAMES, assemble, document_context
from acocontract.errors import AcoError, Diagnostic, error, sort_diagnostics
from acocontract.library import Edition, clause_texts, load_edition
from acocontract.rules import Facts, evaluate
from acocontract.tailor import tailor
from acocontract.templating import unknown_name
from acocontract.tree import Document, Paragraph, Table, plain
from acocontract.variants_space import REFERENCE_VARIANTS, all_variants, variant_profile

_WORD = re.compile(r"[A-Za-z0-9£%][A-Za-z0-9'’£%.,-]*")


def word_count(document: Document) -> int:
    words = 0
    for clause in document.clauses():
        words += len(_WORD.findall(clause.heading))
        for block in clause.blocks:
            if isinstance(block, Paragraph):
                words += len(_WORD.findall(plain(block.runs)))
                stack = list(block.items)
                while stack:
                    item = stack.pop()
                    words += len(_WORD.findall(plain(item.runs)))
                    stack.extend(item.items)
            elif isinstance(block, Table):
                for row in block.rows:
                    for cell in row:
                        words += len(_WORD.findall(plain(cell)))
    return words


@dataclass
class LintResult:
    edition: str
    variants: int = 0
    documents: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    most_words: dict[str, int] = field(default_factory=dict)


def lint_library(edition_id: str | None = None) -> LintResult:
    """Every variant assembled; every problem found once, located in the clause files."""
    edition = load_edition(edition_id)
    result = LintResult(edition.id)
    problems: list[Diagnostic] = []
    used: Counter[tuple[str, str]] = Counter()
    ever_included: set[str] = set()
    facts: list[Facts] = []
    for variant in all_variants():
        profile = variant_profile(variant)
        facts.append(Facts.of(profile))
        result.variants += 1
        for tailored in tailor(profile, edition):
            result.documents += 1
            ever_included.update(d.clause.id for d in tailored.decisions if d.included)
            try:
                document = assemble(profile, edition, tailored)
            except AcoError as err:
                problems.extend(err.diagnostics)
                continue
            for term in document.terms:
                used[(document.id, term)] += 1
            problems.extend(_text_and_numbering(edition, tailored.spec.id, document))
            words = word_count(document)
            result.most_words[document.id] = max(result.most_words.get(document.id, 0), words)
    problems.extend(_never_applies(edition, ever_included, facts))
    problems.extend(_template_names(edition))
    problems.extend(_unused_definitions(edition, used))
    problems.extend(_numbering(edition))
    result.diagnostics = sort_diagnostics(problems)
    return result


def _text_and_numbering(edition: Edition, document_id: str, document: Document) -> list[Diagnostic]:
    """Every included clause has text; every variant numbers every clause as the edition does."""
    spec = next(d for d in edition.documents if d.id == document_id)
    out = []
    labels = [c.label for c in document.clauses()]
    if labels != [c.label for c in spec.clauses]:
        out.append(
            error(
                spec.clauses[0].path,
                1,
                1,
                "unstable-numbering",
                f"a variant of the {spec.title} numbers its clauses differently",
            )
        )
    for node, clause in zip(document.clauses(), spec.clauses, strict=False):
        if node.included and not any(
            isinstance(b, Paragraph) and plain(b.runs).strip() for b in node.blocks
        ):
            out.append(
                error(
                    clause.path,
                    1,
                    1,
                    "empty-clause",
                    f"{clause.id} is included but has no text in some variant",
                )
            )
    return out


def _sample_contexts(edition: Edition) -> dict[str, dict[str, Any]]:
    """What clause text is given, per document, taken from the fullest variants; `values` and
    table rows are open-ended, so only their names count."""
    contexts: dict[str, dict[str, Any]] = {}
    for variant in REFERENCE_VARIANTS:
        profile = variant_profile(variant)
        for tailored in tailor(profile, edition):
            context = document_context(profile, edition, tailored, [])
            context.update(dict.fromkeys(("values", *ROW_NAMES)))
            contexts.setdefault(tailored.spec.id, context)
    return contexts


def _template_names(edition: Edition) -> list[Diagnostic]:
    """Placeholders that no profile can supply (checked on the text, whatever the variant)."""
    out = []
    contexts = _sample_contexts(edition)
    texts = [
        (spec, contexts.get(document.id, {}))
        for document in edition.documents
        for clause in document.clauses
        for spec in clause_texts(clause)
    ]
    for spec, context in texts:
        try:
            problem = unknown_name(spec, context)
        except AcoError as err:
            out.extend(err.diagnostics)
            continue
        if problem:
            out.append(
                error(
                    spec.path,
                    spec.line,
                    spec.column,
                    "unknown-placeholder",
                    problem,
                    "see the table of placeholders in clauses/README.md",
                )
            )
    return out


def _never_applies(
    edition: Edition, ever_included: set[str], facts: list[Facts]
) -> list[Diagnostic]:
    out = []
    for document in edition.documents:
        for clause in document.clauses:
            if clause.omitted:
                continue
            if clause.id not in ever_included:
                out.append(
                    error(
                        clause.path,
                        1,
                        1,
                        "never-applies",
                        f"{clause.id} is left out of every variant the rules allow",
                        "check its `applies` rule and the document's own rule",
                    )
                )
                continue
            for block in clause.blocks:
                if block.applies != "always" and not any(evaluate(block.applies, f) for f in facts):
                    out.append(
                        error(
                            clause.path,
                            block.line,
                            1,
                            "never-applies",
                            f"a paragraph of {clause.id} applies in no variant",
                        )
                    )
    return out


def _unused_definitions(edition: Edition, used: Counter[tuple[str, str]]) -> list[Diagnostic]:
    out = []
    for document in edition.documents:
        for clause in document.clauses:
            for definition in clause.definitions:
                if not used[(document.id, definition.term)]:
                    spec = definition.text
                    out.append(
                        error(
                            spec.path,
                            spec.line,
                            spec.column,
                            "unused-definition",
                            f"{definition.term!r} is defined but no variant of the "
                            f"{document.title} uses it",
                            "use it as [[" + definition.term + "]] or remove the definition",
                        )
                    )
    return out


def _numbering(edition: Edition) -> list[Diagnostic]:
    """Numbers run 1, 2, 3... in a library's own clauses. An edition defined as changes against
    another keeps that edition's numbers, gaps where it lacks a paragraph included."""
    if edition.based_on is not None:
        return []
    out = []
    for document in edition.documents:
        for part in document.parts:
            numbers = []
            for clause in part.clauses:
                match = re.fullmatch(r"(\d+)([A-Z]?)", clause.id[len(part.prefix) :])
                if match and not match.group(2):
                    numbers.append(int(match.group(1)))
                subs = sorted(b.n for b in clause.blocks if b.n is not None)
                if subs and subs != list(range(1, len(subs) + 1)):
                    out.append(
                        error(
                            clause.path,
                            1,
                            1,
                            "numbering-gap",
                            f"{clause.id}'s paragraphs are numbered {subs}",
                            "number paragraphs 1, 2, 3... with no gaps",
                        )
                    )
            if numbers and sorted(numbers) != list(
                range(min(numbers), min(numbers) + len(numbers))
            ):
                out.append(
                    error(
                        part.clauses[0].path,
                        1,
                        1,
                        "numbering-gap",
                        f"{part.title} of the {document.title} skips a number: {sorted(numbers)}",
                    )
                )
    return out
