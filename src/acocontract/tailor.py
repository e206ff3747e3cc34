"""Tailoring: which documents a profile needs, and which national clauses apply, with reasons."""

from __future__ import annotations

from dataclasses import dataclass

from acocontract.library import BlockSpec, Clause, DocumentSpec, Edition
from acocontract.model import Profile
from acocontract.rules import Facts, decide, evaluate


@dataclass(frozen=True)
class Decision:
    clause: Clause
    included: bool
    reason: str


@dataclass(frozen=True)
class Tailored:
    """One document of one profile: every national clause, in or out, and why."""

    spec: DocumentSpec
    decisions: tuple[Decision, ...]
    facts: Facts

    def decision(self, clause_id: str) -> Decision | None:
        for decision in self.decisions:
            if decision.clause.id == clause_id:
                return decision
        return None

    def block_applies(self, block: BlockSpec) -> bool:
        return evaluate(block.applies, self.facts)

    def absence(self, clause: Clause, block: BlockSpec | None) -> str | None:
        """Why a clause (or one of its paragraphs) of this document is not in this variant, as
        the end of a sentence ("is not in this Contract: left out: ..."); None when it is."""
        decision = self.decision(clause.id)
        if decision is None:
            return f"is not in the {self.spec.title}"
        if not decision.included:
            return f"is not in this {self.spec.short}: {decision.reason}"
        if block is not None and not self.block_applies(block):
            return f"is not used in this {self.spec.short}"
        return None


OMITTED_REASON = "intentionally omitted in the national contract (number kept)"


def decide_clause(clause: Clause, facts: Facts) -> Decision:
    if clause.omitted:
        return Decision(clause, False, OMITTED_REASON)
    included, reason = decide(clause.applies, facts)
    return Decision(clause, included, reason)


def documents_for(profile: Profile, edition: Edition) -> list[DocumentSpec]:
    """The documents this profile's model and practices call for, in edition order."""
    facts = Facts.of(profile)
    return [d for d in edition.documents if evaluate(d.applies, facts)]


def tailor(profile: Profile, edition: Edition) -> list[Tailored]:
    facts = Facts.of(profile)
    return [
        Tailored(spec, tuple(decide_clause(c, facts) for c in spec.clauses), facts)
        for spec in documents_for(profile, edition)
    ]
