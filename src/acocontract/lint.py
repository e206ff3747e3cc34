"""Library lint: assemble every variant the rules allow and report what would break a contract.

Every variant (model x services x mixed economy x pooling) is assembled exactly as `build`
assembles it, so a broken reference, an undefined term or a text that cannot be filled in shows
up with the variant's clause file and line. Across all variants it then reports definitions no
variant uses, clauses and paragraphs no variant includes, and numbering gaps; and, on the text
itself, placeholders no profile can supply (`lint_text.py`).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field

from acocontract.assemble import assemble
from acocontract.errors import AcoError, Diagnostic, error, sort_diagnostics
from acocontract.library import Edition, ParagraphSpec, load_edition
from acocontract.lint_text import era_problems, text_problems, unmarked_problems
from acocontract.memo import Memo
from acocontract.rules import Always, Facts, rule_keys
from acocontract.tailor import tailor
from acocontract.tree import (
    Definition,
    Document,
    Heading,
    Item,
    NotUsed,
    Paragraph,
    Table,
    plain,
    walk,
)
from acocontract.variants_space import Variant, all_variants, variant_profile

_WORD = re.compile(r"[A-Za-z0-9£%][A-Za-z0-9'’£%.,-]*")


def word_count(document: Document, seen: dict[object, int] | None = None) -> int:
    """Words a reader reads in the clauses: headings, paragraphs, items, definitions, tables.

    `seen` remembers each block's count across documents (blocks are immutable values, and
    most variants build most blocks alike)."""
    words = 0
    for clause in document.clauses():
        words += _count(clause.heading)
        for block in clause.blocks:
            if seen is None:
                words += _block_words(block)
                continue
            hit = seen.get(block)
            if hit is None:
                hit = seen[block] = _block_words(block)
            words += hit
    return words


def _count(text: str) -> int:
    return len(_WORD.findall(text))


def _block_words(block: object) -> int:
    words = 0
    for node in walk(block):
        if isinstance(node, Paragraph | Item):
            words += _count(plain(node.runs))
        elif isinstance(node, Definition):
            words += _count(f"{node.term.text} {plain(node.runs)}")
        elif isinstance(node, NotUsed | Heading):
            words += _count(node.text)
        elif isinstance(node, Table):
            words += sum(_count(plain(cell)) for row in node.rows for cell in row)
    return words


@dataclass
class LintResult:
    edition: str
    variants: int = 0
    documents: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    most_words: dict[str, int] = field(default_factory=dict)


@dataclass
class _Share:
    """What one share of the variants found (the shares run in parallel processes)."""

    variants: int = 0
    documents: int = 0
    problems: list[Diagnostic] = field(default_factory=list)
    used: Counter[tuple[str, str]] = field(default_factory=Counter)
    included: set[str] = field(default_factory=set)
    facts: list[Facts] = field(default_factory=list)
    most_words: dict[str, int] = field(default_factory=dict)


def _lint_share(edition_id: str, variants: list[Variant]) -> _Share:
    """Assemble each variant of a share, one memo for them all (neighbours share clauses)."""
    edition = load_edition(edition_id)
    share = _Share()
    memo = Memo()
    seen: dict[object, int] = {}
    for variant in variants:
        profile = variant_profile(variant)
        share.facts.append(Facts.of(profile))
        share.variants += 1
        for tailored in tailor(profile, edition):
            share.documents += 1
            share.included.update(d.clause.id for d in tailored.decisions if d.included)
            try:
                document = assemble(profile, edition, tailored, memo=memo)
            except AcoError as err:
                share.problems.extend(err.diagnostics)
                continue
            for term in document.terms:
                share.used[(document.id, term)] += 1
            share.problems.extend(_empty_clauses(edition, document))
            words = word_count(document, seen)
            share.most_words[document.id] = max(share.most_words.get(document.id, 0), words)
    return share


def has_partner_documents(edition: Edition) -> bool:
    """Whether some document of the edition is made with local authority partners, so the
    variants must include them."""
    return any(
        "la_partners" in rule_keys(d.applies)
        or any(p.source == "local_authority_partners" for p in d.parties)
        for d in edition.documents
    )


def edition_variants(edition: Edition) -> list[Variant]:
    return list(all_variants(partners=has_partner_documents(edition)))


def _shares(edition: Edition, jobs: int) -> list[_Share]:
    edition_id = edition.id
    variants = edition_variants(edition)
    if jobs <= 1:
        return [_lint_share(edition_id, variants)]
    import concurrent.futures

    size = -(-len(variants) // jobs)
    chunks = [variants[i : i + size] for i in range(0, len(variants), size)]
    with concurrent.futures.ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(_lint_share, [edition_id] * len(chunks), chunks))


def lint_library(edition_id: str | None = None, *, jobs: int | None = None) -> LintResult:
    """Every variant assembled (in parallel, one process per core by default); every problem
    found once, located in the clause files."""
    edition = load_edition(edition_id)
    result = LintResult(edition.id)
    shares = _shares(edition, jobs if jobs is not None else (os.cpu_count() or 1))
    problems = [d for share in shares for d in share.problems]
    used: Counter[tuple[str, str]] = sum((share.used for share in shares), Counter())
    for share in shares:
        result.variants += share.variants
        result.documents += share.documents
        for document, words in share.most_words.items():
            result.most_words[document] = max(result.most_words.get(document, 0), words)
    included = set().union(*(share.included for share in shares))
    facts = [f for share in shares for f in share.facts]
    problems.extend(_never_applies(edition, included, facts))
    problems.extend(text_problems(edition))
    problems.extend(era_problems(edition))
    problems.extend(unmarked_problems(edition))
    problems.extend(_unused_definitions(edition, used))
    problems.extend(_numbering(edition))
    result.diagnostics = sort_diagnostics(problems)
    return result


def _empty_clauses(edition: Edition, document: Document) -> list[Diagnostic]:
    """Every included clause has text in every variant."""
    out = []
    for node in document.clauses():
        if node.included and not any(
            isinstance(b, Paragraph) and plain(b.runs).strip() for b in node.blocks
        ):
            found = edition.find(node.id)
            path = found[1].path if found else document.id
            out.append(
                error(
                    path,
                    1,
                    1,
                    "empty-clause",
                    f"{node.id} is included but has no text in some variant",
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
                if isinstance(block.applies, Always):
                    continue
                if not any(block.applies.evaluate(f) for f in facts):
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
                subs = sorted(
                    b.n for b in clause.blocks if isinstance(b, ParagraphSpec) and b.n is not None
                )
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
