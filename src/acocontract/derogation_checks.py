"""Derogations that leave the contract incoherent, found while a local document is assembled.

A derogation that deletes wording other text still refers to leaves a reference to nothing
(review #12: GC14.2's "that notice" after GC14.1 was replaced): each such reference is an error
at the derogation, naming where the references are. Local wording that writes a defined term's
words without marking the term (or in lower case) is reported at the derogation's text too.
"""

from __future__ import annotations

import re

from acocontract.errors import Diagnostic, error
from acocontract.library import Edition, ParagraphSpec
from acocontract.model import Derogation, Profile
from acocontract.tailor import Tailored


def removed_numbers(
    edition: Edition, tailored: Tailored, applied: list[Derogation]
) -> dict[str, Derogation]:
    """The national numbers that applied derogations take out of this document: a deleted
    paragraph, every paragraph of a deleted clause, and the paragraphs of a clause replaced
    whole beyond those its local wording provides."""
    removed: dict[str, Derogation] = {}
    for derogation in applied:
        located = edition.locate(derogation.clause)
        if located is None or tailored.decision(located[0].id) is None:
            continue
        clause, block = located
        if block is not None:
            if derogation.action == "delete":
                removed[derogation.clause] = derogation
            continue
        numbers = [b.n for b in clause.blocks if isinstance(b, ParagraphSpec) and b.n]
        if derogation.action == "delete":
            removed[clause.id] = derogation
            kept = 0
        elif derogation.action == "replace":
            kept = len([c for c in re.split(r"\n[ \t]*\n", derogation.text) if c.strip()])
        else:
            continue
        for n in numbers[kept:]:
            removed[clause.sub_id(n)] = derogation
    return removed


def orphan_problems(
    profile: Profile,
    edition: Edition,
    removed: dict[str, Derogation],
    orphans: dict[str, list[str]],
) -> list[Diagnostic]:
    out = []
    for target, referrers in sorted(orphans.items()):
        derogation = removed.get(target) or removed.get(target.partition(".")[0])
        if derogation is None:
            continue
        label = edition.label_of(target) or target
        places = sorted(dict.fromkeys(r for r in referrers if r))
        line, column = derogation.clause_at
        out.append(
            error(
                profile.path,
                line,
                column,
                "derogation-orphans-reference",
                f"this derogation {derogation.action}s {label}, but "
                + " and ".join(places)
                + (" still refers" if len(places) == 1 else " still refer")
                + " to it",
                "derogate the referring wording too, so that the contract still reads "
                "coherently, or keep the national wording",
            )
        )
    return out
