"""`acocontract clauses` and `explain`: the same decisions and reasons the manifest records."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from acocontract.arrangements import MODEL_NAMES
from acocontract.check import check_file, require
from acocontract.errors import AcoError, error
from acocontract.library import Edition, ParagraphSpec, load_edition, local_keys
from acocontract.model import Profile
from acocontract.rules import applicability, decide
from acocontract.tailor import OMITTED_REASON, Tailored


def _checked(path: Path) -> tuple[Profile, Edition, dict[str, Tailored]]:
    """A usable profile, its edition, and its documents' decisions (those the manifest records):
    checked, never assembled."""
    ready = require(check_file(path))
    return ready.profile, ready.edition, {t.spec.id: t for t in ready.tailored}


def _not_produced(title: str, profile: Profile) -> str:
    return f"left out: no {title} is made for a {MODEL_NAMES[profile.model]} arrangement"


def clause_table(profile_path: Path | None, edition_id: str | None) -> list[dict[str, Any]]:
    profile: Profile | None = None
    tailored: dict[str, Tailored] = {}
    if profile_path is not None:
        profile, edition, tailored = _checked(profile_path)
    else:
        edition = load_edition(edition_id)
    rows: list[dict[str, Any]] = []
    for document in edition.documents:
        for clause in document.clauses:
            row: dict[str, Any] = {
                "document": document.id,
                "id": clause.id,
                "number": clause.label,
                "title": clause.title,
                "applies": OMITTED_REASON if clause.omitted else applicability(clause.applies),
                "values": local_keys(clause),
            }
            if profile is not None:
                doc = tailored.get(document.id)
                decision = doc.decision(clause.id) if doc else None
                if decision is None:
                    row["included"], row["reason"] = False, _not_produced(document.title, profile)
                else:
                    row["included"], row["reason"] = decision.included, decision.reason
            rows.append(row)
    return rows


def explain_clause(profile_path: Path, target: str) -> str:
    profile, edition, tailored = _checked(profile_path)
    clause_id, _, sub = target.partition(".")
    found = edition.find(clause_id)
    label = edition.label_of(target)
    if found is None or label is None:
        raise AcoError(
            [
                error(
                    profile_path.as_posix(),
                    1,
                    1,
                    "unknown-clause",
                    f"{target} is not a clause of edition {edition.id}",
                    "run `acocontract clauses` to list them",
                )
            ]
        )
    spec, clause = found
    doc = tailored.get(spec.id)
    lines = [f"{clause.label} {clause.title} ({spec.title}, edition {edition.id})"]
    if doc is None:
        lines.append(_not_produced(spec.title, profile))
        return "\n".join(lines)
    decision = doc.decision(clause.id)
    assert decision is not None
    lines.append(("included: " if decision.included else "not included: ") + decision.reason)
    for block in clause.blocks:
        if not isinstance(block, ParagraphSpec) or block.n is None:
            continue
        if sub and str(block.n) != sub:
            continue
        included, reason = decide(block.applies, doc.facts)
        if sub or block.applies.to_data() != "always":
            state = "included" if included and decision.included else "not used"
            lines.append(f"  {edition.sub_label(clause, block.n)}: {state}: {reason}")
    return "\n".join(lines)
