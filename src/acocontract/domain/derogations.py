"""Domain rules about derogations: local wording that departs from the national text needs a
rationale, NHS England's approval, a clause to vary, and re-approval when the national wording
under it changes (seed 000 §25)."""

from __future__ import annotations

from collections.abc import Iterator

from acocontract.domain.base import Finding, Subject, rule
from acocontract.errors import AcoError
from acocontract.library import Edition, available_editions, load_edition
from acocontract.lint_text import term_patterns, unmarked_in
from acocontract.model import Derogation


def _where(index: int, *rest: str) -> tuple[str | int, ...]:
    return ("derogations", index, *rest)


@rule(
    "derogation-unknown-clause",
    "error",
    "a derogation names a clause the edition does not have",
    "A derogation varies a named element of the national contract (000 §25).",
)
def _unknown_clause(s: Subject) -> Iterator[Finding]:
    for i, d in enumerate(s.profile.derogations):
        if s.edition.locate(d.clause) is None:
            yield Finding(
                _where(i, "clause"),
                f"{d.clause} is not a clause of edition {s.edition.id}",
                "name the clause or paragraph by its national number, e.g. GC14.1",
            )


@rule(
    "derogation-not-in-contract",
    "error",
    "a derogation names a clause that is not in this contract",
    "Only wording that is in the local contract can be varied (000 §25).",
)
def _not_in_contract(s: Subject) -> Iterator[Finding]:
    documents = {t.spec.id: t for t in s.tailored}
    for i, d in enumerate(s.profile.derogations):
        located = s.edition.locate(d.clause)
        if located is None:
            continue
        clause, block = located
        document = documents.get(clause.document)
        if document is None:
            spec = s.edition.document(clause.document)
            title = spec.title if spec else clause.document
            absent: str | None = f"is in the {title}, which this profile does not produce"
        else:
            absent = document.absence(clause, block)
        if absent:
            yield Finding(_where(i, "clause"), f"{d.clause} {absent}")


@rule(
    "derogation-rationale",
    "error",
    "a derogation needs a rationale",
    "NHS England considers a derogation on the commissioner's rationale (000 §25).",
)
def _rationale(s: Subject) -> Iterator[Finding]:
    for i, d in enumerate(s.profile.derogations):
        if not d.rationale.strip():
            yield Finding(
                _where(i),
                f"the derogation of {d.clause} gives no rationale",
                "say why the national wording does not suit local circumstances",
            )


@rule(
    "derogation-approval",
    "error",
    "an approved derogation needs an approval reference and date",
    "Approved wording is signed off by NHS England; the register records on whose "
    "authority it differs (000 §25).",
)
def _approval(s: Subject) -> Iterator[Finding]:
    for i, d in enumerate(s.profile.derogations):
        if d.status == "approved" and not (d.approval.reference and d.approval.date):
            yield Finding(
                _where(i),
                f"the approved derogation of {d.clause} has no approval reference and date",
                "add `approval: {reference: NHSE-..., date: YYYY-MM-DD}`",
            )


def _against(s: Subject, d: Derogation) -> Edition | None:
    if not d.against or d.against == s.edition.id or s.edition.locate(d.clause) is None:
        return None
    try:
        return load_edition(d.against)
    except AcoError:
        return None


@rule(
    "derogation-reapproval",
    "warning",
    "the national wording under a derogation changed since the edition it was approved against",
    "Approval covers a variation of particular national wording; when that wording changes "
    "the local wording must be agreed and signed off again (000 §25).",
)
def _reapproval(s: Subject) -> Iterator[Finding]:
    for i, d in enumerate(s.profile.derogations):
        other = _against(s, d)
        if other is not None and other.source_of(d.clause) != s.edition.source_of(d.clause):
            yield Finding(
                _where(i, "against"),
                f"the national wording of {d.clause} changed between {d.against} "
                f"and {s.edition.id}: the derogation needs re-approval",
                f"see `acocontract diff --from-edition {d.against} --to-edition "
                f"{s.edition.id}`, then record the new approval and set `against: "
                f"{s.edition.id}`",
            )


@rule(
    "derogation-against-unknown",
    "error",
    "`against` names an edition that is not available",
    "The register must show which national text a derogation varies (000 §25).",
)
def _against_unknown(s: Subject) -> Iterator[Finding]:
    editions = available_editions()
    for i, d in enumerate(s.profile.derogations):
        if d.against and d.against != s.edition.id and d.against not in editions:
            yield Finding(
                _where(i, "against"),
                f"the derogation of {d.clause} was approved against {d.against!r}, "
                "which is not a bundled edition",
                "bundled editions: " + ", ".join(editions),
            )


@rule(
    "derogation-text",
    "error",
    "`replace` and `insert-after` need text",
    "The local wording is what NHS England approves (000 §25).",
)
def _text(s: Subject) -> Iterator[Finding]:
    for i, d in enumerate(s.profile.derogations):
        if d.action in ("replace", "insert-after") and not d.text.strip():
            yield Finding(_where(i), f"a {d.action!r} derogation of {d.clause} needs `text`")


@rule(
    "derogation-unmarked-term",
    "warning",
    "local wording writes a defined term's words without marking the term",
    "Local wording is read with the contract's definitions, so a defined term written as plain "
    "words leaves open whether the defined meaning is meant.",
)
def _unmarked_term(s: Subject) -> Iterator[Finding]:
    documents = {t.spec.id: t for t in s.tailored}
    general = {w.casefold() for w in s.edition.general_words}
    for i, d in enumerate(s.profile.derogations):
        located = s.edition.locate(d.clause)
        if d.status not in ("approved", "requested") or not d.text.strip() or located is None:
            continue
        document = documents.get(located[0].document)
        if document is None:
            continue
        seen = set()
        for said, term, how in unmarked_in(d.text, term_patterns(document.spec, words=1), general):
            if (said, term, how) in seen:
                continue
            seen.add((said, term, how))
            yield Finding(
                _where(i, "text"),
                f"the local wording of {d.clause} writes {said!r}, the defined term {term!r}, "
                f"{how}",
                f"write [[{term}]] where the defined meaning is meant, or other words",
            )
