"""`acocontract diff`: national wording against local wording, and edition against edition."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from acocontract.assemble import applied_derogations, assemble
from acocontract.check import check_file, require
from acocontract.library import Edition, load_edition
from acocontract.model import Derogation, Profile
from acocontract.redline import (
    Revision,
    clause_text,
    entries,
    find_clause,
    redline_clause,
    redline_document,
    summary_table,
)
from acocontract.tailor import tailor
from acocontract.tree import Clause, Document
from acocontract.variants_space import REFERENCE_VARIANTS, variant_profile


def _revision(derogation: Derogation, profile: Profile, edition: Edition) -> Revision:
    if derogation.status == "approved" and derogation.approval.date:
        return Revision(
            f"{profile.coordinating_commissioner.name} (approved {derogation.approval.reference})",
            derogation.approval.date.isoformat(),
        )
    # a requested change is dated when it was asked for, or not at all (never a wrong date)
    date = derogation.requested.isoformat() if derogation.requested else ""
    return Revision(f"{profile.coordinating_commissioner.name} (requested)", date)


def derogation_redline(path: Path, *, draft: bool = False) -> Document:
    """Every derogated clause, national wording against the local wording, after a summary."""
    ready = require(check_file(path, draft=draft))
    profile, edition = ready.profile, ready.edition
    documents = ready.assemble()
    applied = applied_derogations(profile, draft)
    rows = [
        (
            d.clause,
            d.action,
            d.status + ("" if d in applied else " (not applied)"),
            d.approval.reference or "",
        )
        for d in profile.derogations
    ]
    clauses: list[Clause] = []
    local_by_id = {tree.id: tree for tree in documents}
    for tailored in ready.tailored:
        national = assemble(profile, edition, tailored, national=True)
        local = local_by_id[tailored.spec.id]
        wanted: dict[str, Derogation] = {}
        for derogation in applied:
            clause_id = derogation.clause.partition(".")[0]
            if tailored.decision(clause_id) is not None:
                wanted[clause_id] = derogation
        for node in national.clauses():
            if node.id in wanted:
                revision = _revision(wanted[node.id], profile, edition)
                clauses.append(redline_clause(node, find_clause(local, node.id), revision))
    banner = next((tree.banner for tree in documents if tree.banner), None)
    return redline_document(
        "Derogations from the national wording",
        profile.name,
        edition,
        summary_table(("Clause", "Action", "Status", "Approval reference"), rows),
        clauses,
        banner,
    )


def reference_documents(edition: Edition) -> dict[str, Document]:
    """Every document of an edition, assembled for the fullest profiles that call for it, by
    lineage (a document keeps its lineage when a later edition gives it another id)."""
    trees: dict[str, Document] = {}
    for variant in REFERENCE_VARIANTS:
        profile = variant_profile(variant)
        for tailored in tailor(profile, edition):
            if tailored.spec.lineage not in trees:
                trees[tailored.spec.lineage] = assemble(profile, edition, tailored)
    return trees


def _paragraph_changes(before: Clause, after: Clause, label: Callable[[str], str | None]) -> str:
    """Which numbered paragraphs appeared or went: ": SC3.5, SC3.6 added"."""

    def numbers(clause: Clause) -> list[str]:
        return [
            label(e.key) or e.number
            for e in entries(clause)
            if e.number and not e.number.startswith("(")
        ]

    old, new = set(numbers(before)), set(numbers(after))
    order = numbers(after) + numbers(before)
    notes = []
    for how, found in (("added", new - old), ("removed", old - new)):
        if found:
            listed = sorted(found, key=order.index)
            notes.append(f"{', '.join(listed)} {how}")
    return (": " + "; ".join(notes)) if notes else ""


def _change(
    before: Clause | None, after: Clause | None, label: Callable[[str], str | None]
) -> str | None:
    if before is None:
        return "added"
    if after is None:
        return "removed"
    if clause_text(before) != clause_text(after) or before.title != after.title:
        return "changed" + _paragraph_changes(before, after, label)
    return None


def _document_row(old_doc: Document | None, new_doc: Document | None) -> tuple[str, ...] | None:
    """A summary row for a document that was added, removed, re-identified or retitled."""
    shown = new_doc or old_doc
    assert shown is not None
    if old_doc is None or new_doc is None:
        return (
            shown.id,
            "",
            shown.title,
            "document added" if old_doc is None else "document removed",
        )
    if (old_doc.id, old_doc.title) == (new_doc.id, new_doc.title):
        return None
    return (
        new_doc.id,
        "",
        new_doc.title,
        f"document renamed (formerly {old_doc.id}: {old_doc.title})",
    )


def _compare(
    old_doc: Document | None,
    new_doc: Document | None,
    revision: Revision,
    label: Callable[[str], str | None],
) -> tuple[list[tuple[str, ...]], list[Clause]]:
    rows: list[tuple[str, ...]] = []
    clauses: list[Clause] = []
    row = _document_row(old_doc, new_doc)
    if row is not None:
        rows.append(row)
    shown = new_doc or old_doc
    assert shown is not None
    ids = [c.id for c in shown.clauses()]
    if old_doc and new_doc:
        ids += [c.id for c in old_doc.clauses() if c.id not in ids]
    for clause_id in ids:
        before = find_clause(old_doc, clause_id) if old_doc else None
        after = find_clause(new_doc, clause_id) if new_doc else None
        change = _change(before, after, label)
        if change is None:
            continue
        clause = after or before
        assert clause is not None
        rows.append((shown.id, clause.label, clause.title, change))
        clauses.append(redline_clause(before, after, revision))
    return rows, clauses


def edition_redline(from_id: str, to_id: str) -> Document:
    """What changed between two national editions, clause by clause (full-scope contracts)."""
    old_edition, new_edition = load_edition(from_id), load_edition(to_id)
    old, new = reference_documents(old_edition), reference_documents(new_edition)
    revision = Revision(f"NHS England ({new_edition.id})", new_edition.published)

    def label(anchor: str) -> str | None:
        return new_edition.label_of(anchor) or old_edition.label_of(anchor)

    rows: list[tuple[str, ...]] = []
    clauses: list[Clause] = []
    for lineage in list(new) + [d for d in old if d not in new]:
        more_rows, more_clauses = _compare(old.get(lineage), new.get(lineage), revision, label)
        rows += more_rows
        clauses += more_clauses
    return redline_document(
        f"Changes from {old_edition.id} to {new_edition.id}",
        f"{old_edition.title} against {new_edition.title}",
        new_edition,
        summary_table(("Document", "Clause", "Title", "Change"), rows),
        clauses,
    )
