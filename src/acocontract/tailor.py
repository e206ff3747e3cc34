"""Tailoring: which documents a profile needs, and which national clauses apply, with reasons."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from acocontract.library import BlockSpec, ClauseSpec, DocumentSpec, Edition, ParagraphSpec
from acocontract.model import Profile
from acocontract.rules import Facts, decide

OMITTED_REASON = "intentionally omitted in the national contract (number kept)"


class Decision(NamedTuple):
    clause: ClauseSpec
    included: bool
    reason: str


class Tailored(NamedTuple):
    """One document of one profile: every national clause, in or out, and why."""

    spec: DocumentSpec
    decisions: tuple[Decision, ...]
    facts: Facts
    by_id: Mapping[str, Decision]

    @classmethod
    def of(cls, spec: DocumentSpec, decisions: tuple[Decision, ...], facts: Facts) -> Tailored:
        return cls(spec, decisions, facts, {d.clause.id: d for d in decisions})

    def decision(self, clause_id: str) -> Decision | None:
        return self.by_id.get(clause_id)

    def block_applies(self, block: BlockSpec) -> bool:
        return block.applies.evaluate(self.facts)

    def absence(self, clause: ClauseSpec, block: ParagraphSpec | None) -> str | None:
        """Why a clause (or one of its paragraphs) of this document is not in this variant, as
        the end of a sentence ("is not in this Contract: left out: ..."); None when it is."""
        decision = self.by_id.get(clause.id)
        if decision is None:
            return f"is not in the {self.spec.title}"
        if not decision.included:
            return f"is not in this {self.spec.short}: {decision.reason}"
        if block is not None and not self.block_applies(block):
            return f"is not used in this {self.spec.short}"
        return None


def decide_clause(clause: ClauseSpec, facts: Facts) -> Decision:
    if clause.omitted:
        return Decision(clause, False, OMITTED_REASON)
    included, reason = decide(clause.applies, facts)
    return Decision(clause, included, reason)


def documents_for(profile: Profile, edition: Edition) -> list[DocumentSpec]:
    """The documents this profile's model and practices call for, in edition order."""
    facts = Facts.of(profile)
    return [d for d in edition.documents if d.applies.evaluate(facts)]


def tailor(profile: Profile, edition: Edition) -> list[Tailored]:
    facts = Facts.of(profile)
    return [
        Tailored.of(spec, tuple(decide_clause(c, facts) for c in spec.clauses), facts)
        for spec in edition.documents
        if spec.applies.evaluate(facts)
    ]
