"""Assemble one document tree from a tailored document: text filled in, references resolved."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from acocontract.errors import AcoError, Diagnostic, error
from acocontract.library import BlockSpec, Clause, Definition, Edition, ItemSpec
from acocontract.library import Text as TextSpec
from acocontract.model import (
    LEGAL_ENTITY_KINDS,
    MODEL_NAMES,
    MONTHS,
    POOLING_NAMES,
    SERVICE_NAMES,
    Derogation,
    Organisation,
    Practice,
    Profile,
    long_date,
)
from acocontract.tailor import Tailored
from acocontract.templating import render_runs
from acocontract.tree import (
    Block,
    Document,
    Heading,
    Item,
    Paragraph,
    Part,
    Run,
    Table,
    Term,
    Text,
)
from acocontract.tree import Clause as ClauseNode

NOT_USED = "Not used."
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv"]


def _org(org: Organisation | None) -> dict[str, Any] | None:
    if org is None:
        return None
    return {"name": org.name, "kind": org.kind, "kind_name": org.kind_name}


def _practice(p: Practice) -> dict[str, Any]:
    entity = p.legal_entity
    return {
        "name": p.name,
        "ods": p.ods,
        "contract": p.contract,
        "participation": p.participation,
        "participation_name": MODEL_NAMES.get(p.participation, p.participation),
        "dispensing": p.dispensing,
        "gp_contract": p.gp_contract or "",
        "list_size": p.list_size,
        "list_size_text": f"{p.list_size:,}" if p.list_size is not None else "",
        "legal_entity": {
            "name": entity.name if entity else p.name,
            "kind": entity.kind if entity else "",
            "kind_name": LEGAL_ENTITY_KINDS[entity.kind] if entity else "",
        },
    }


def profile_context(profile: Profile, applied: list[Derogation] | None = None) -> dict[str, Any]:
    """What clause text may use about the profile (plain data: values are never templates)."""
    term = profile.term
    coordinating = profile.coordinating_commissioner
    return {
        "profile": {
            "name": profile.name,
            "model": profile.model,
            "model_name": MODEL_NAMES[profile.model],
            "care_model": profile.care_model,
            "population": profile.population,
            "population_text": f"{profile.population:,}",
            "services": list(profile.services),
            "service_names": [SERVICE_NAMES[s] for s in profile.services],
            "commissioners": [
                {
                    **(_org(c) or {}),
                    "coordinating": c is coordinating,
                    "delegated_primary_care": c.delegated_primary_care,
                }
                for c in profile.commissioners
            ],
            "coordinating_commissioner": _org(coordinating),
            "provider": _org(profile.provider),
            "gp_federation": _org(profile.gp_federation),
            "alliance_members": [_org(m) for m in profile.alliance_members],
            "practices": [_practice(p) for p in profile.practices],
            "local_authority_partners": [
                {
                    "name": la.name,
                    "kind": "local-authority",
                    "kind_name": "local authority",
                    "services": list(la.services),
                    "service_names": [SERVICE_NAMES[s] for s in la.services],
                }
                for la in profile.local_authority_partners
            ],
            "population_basis": profile.population_basis,
            "pooling": profile.pooling,
            "pooling_name": POOLING_NAMES[profile.pooling] if profile.pooling else "",
        },
        "dates": {
            "commencement": long_date(term.commencement),
            "expiry": long_date(term.expiry),
            "years": term.years,
            "break_points": [long_date(d) for d in term.break_points],
            "year_start": f"{term.commencement.day} {MONTHS[term.commencement.month - 1]}",
            "contract_date": long_date(profile.contract_date) if profile.contract_date else "",
        },
        "values": dict(profile.values),
        "derogations": [
            {
                "clause": d.clause,
                "action": d.action,
                "rationale": d.rationale,
                "status": d.status,
                "reference": d.approval.reference or "not yet approved (draft)",
                "date": long_date(d.approval.date) if d.approval.date else "",
            }
            for d in applied or []
        ],
    }


def parties(profile: Profile, tailored: Tailored) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for party in tailored.spec.parties:
        if party.source == "commissioners":
            coordinating = profile.coordinating_commissioner
            for c in profile.commissioners:
                role = party.role
                if c is coordinating and len(profile.commissioners) > 1:
                    role = f"Co-ordinating {party.role}"
                out.append({"name": c.name, "role": role, "kind_name": c.kind_name})
        elif party.source in ("provider", "gp_federation"):
            org = getattr(profile, party.source)
            if org is not None:
                out.append({"name": org.name, "role": party.role, "kind_name": org.kind_name})
        elif party.source == "alliance_members":
            for m in profile.alliance_members:
                out.append({"name": m.name, "role": party.role, "kind_name": m.kind_name})
        elif party.source == "local_authority_partners":
            for la in profile.local_authority_partners:
                out.append({"name": la.name, "role": party.role, "kind_name": "local authority"})
        elif party.source == "practices":
            for p in profile.practices:
                if not party.participation or p.participation in party.participation:
                    out.append(
                        {"name": p.name, "role": party.role, "kind_name": f"{p.contract} practice"}
                    )
    return out


def _lists(context: Mapping[str, Any]) -> dict[str, list[Any]]:
    prof = context["profile"]
    return {
        "commissioners": prof["commissioners"],
        "practices": prof["practices"],
        "integrating_practices": [
            p for p in prof["practices"] if p["participation"] == "partially-integrated"
        ],
        "alliance_practices": [p for p in prof["practices"] if p["participation"] == "alliance"],
        "suspended_practices": [
            p for p in prof["practices"] if p["participation"] == "fully-integrated"
        ],
        "alliance_members": prof["alliance_members"],
        "local_authority_partners": prof["local_authority_partners"],
        "break_points": [
            {"number": i + 1, "date": d} for i, d in enumerate(context["dates"]["break_points"])
        ],
        "services": [{"id": s, "name": SERVICE_NAMES[s]} for s in prof["services"]],
        "derogations": context["derogations"],
        "approved_derogations": context["approved_derogations"],
        "requested_derogations": context["requested_derogations"],
        "parties": context["parties"],
    }


@dataclass
class _Assembler:
    profile: Profile
    edition: Edition
    tailored: Tailored
    context: dict[str, Any]
    derogations: dict[str, list[Derogation]] = field(default_factory=dict)
    used_terms: dict[str, TextSpec] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)

    def local_paragraphs(self, derogation: Derogation) -> list[tuple[Run, ...]]:
        """The local wording of a derogation, one run list per paragraph (blank-line separated)."""
        line, column = derogation.text_at
        out = []
        offset = 0
        for chunk in re.split(r"(\n[ \t]*\n)", derogation.text):
            if chunk.strip():  # the separators are blank
                start = column if not offset else 1
                out.append(self.runs(TextSpec(chunk, self.profile.path, line + offset, start)))
            offset += chunk.count("\n")
        return out

    def resolve(self, target: str) -> str:
        label = self.edition.label_of(target)
        located = self.edition.locate(target)
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
        context = {**self.context, **extra} if extra else self.context
        try:
            runs = render_runs(spec, context, self.resolve)
        except AcoError as err:
            self.problems.extend(err.diagnostics)
            return ()
        for run in runs:
            if isinstance(run, Term):
                self.used_terms.setdefault(run.term, spec)
        return runs

    def items(self, specs: tuple[ItemSpec, ...], depth: int = 0) -> tuple[Item, ...]:
        out = []
        for i, item in enumerate(specs):
            marker = f"({chr(ord('a') + i)})" if depth % 2 == 0 else f"({ROMAN[i % len(ROMAN)]})"
            out.append(Item(marker, self.runs(item.text), self.items(item.items, depth + 1)))
        return tuple(out)

    def paragraph(self, clause: Clause, block: BlockSpec) -> list[Block]:
        """A numbered or plain paragraph, with any derogation of it applied."""
        assert block.text is not None
        if block.n is None:
            if not self.tailored.block_applies(block):
                return []
            return [Paragraph(self.runs(block.text), items=self.items(block.items))]
        number = self.edition.sub_label(clause, block.n)
        anchor = clause.sub_id(block.n)
        if not self.tailored.block_applies(block):
            return [Paragraph((Text(NOT_USED),), number, anchor, style="not-used")]
        out: list[Block] = [
            Paragraph(self.runs(block.text), number, anchor, self.items(block.items))
        ]
        inserted = 0
        for derogation in self.derogations.get(anchor, []):
            if derogation.action == "delete":
                out[0] = Paragraph((Text(NOT_USED),), number, anchor, style="not-used")
            elif derogation.action == "replace":
                local = self.local_paragraphs(derogation) or [()]
                out[0] = Paragraph(local[0], number, anchor)
                out[1:1] = [Paragraph(runs) for runs in local[1:]]
            else:
                for runs in self.local_paragraphs(derogation):
                    letter = chr(ord("A") + inserted)
                    out.append(Paragraph(runs, number + letter, anchor + letter))
                    inserted += 1
        return out

    def whole_clause(self, clause: Clause, blocks: list[Block | str]) -> list[Block | str]:
        """Derogations that name a whole clause (GC14 rather than GC14.1)."""
        for derogation in self.derogations.get(clause.id, []):
            local: list[Block | str] = [Paragraph(r) for r in self.local_paragraphs(derogation)]
            if derogation.action == "delete":
                blocks = [Paragraph((Text(NOT_USED),), style="not-used")]
            elif derogation.action == "replace":
                blocks = local
            else:
                blocks = blocks + local
        return blocks

    def block(self, clause: Clause, block: BlockSpec) -> Block | None:
        applies = self.tailored.block_applies(block)
        if not applies:
            return None
        if block.kind == "heading":
            return Heading(block.heading)
        if block.kind == "table":
            assert block.table is not None
            table = block.table
            if table.each is None:
                rows = tuple(tuple(self.runs(cell) for cell in row) for row in table.rows)
            else:
                rows = tuple(
                    tuple(self.runs(cell, {"item": entry, "index": i + 1}) for cell in row)
                    for i, entry in enumerate(_lists(self.context)[table.each])
                    for row in table.rows
                )
                if not rows:
                    width = max(len(table.header), 1)
                    rows = ((((Text(table.empty),),) + ((),) * (width - 1)),)
            return Table(table.header, rows)
        return None

    def definitions(self) -> list[Paragraph]:
        """Every defined term the document uses (and those its definitions use), A to Z."""
        defined: dict[str, Definition] = {
            d.term: d for clause in self.tailored.spec.clauses for d in clause.definitions
        }
        rendered: dict[str, tuple[Run, ...]] = {}
        pending = [t for t in self.used_terms if t in defined]
        while pending:
            term = pending.pop()
            if term in rendered:
                continue
            rendered[term] = self.runs(defined[term].text)
            pending.extend(t for t in self.used_terms if t in defined and t not in rendered)
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
            Paragraph((Term(term, term), Text(" "), *rendered[term]), style="definition")
            for term in sorted(rendered, key=lambda t: (t.casefold(), t))
        ]


# Names that clause text may use beyond the context: a table row (`each`) and its number.
ROW_NAMES = ("item", "index")


def document_context(
    profile: Profile, edition: Edition, tailored: Tailored, applied: list[Derogation]
) -> dict[str, Any]:
    """Everything clause text may name while one document is assembled."""
    context = profile_context(profile, applied)
    context["parties"] = parties(profile, tailored)
    context["document"] = {
        "id": tailored.spec.id,
        "title": tailored.spec.title,
        "short": tailored.spec.short,
    }
    context["edition"] = {"id": edition.id, "title": edition.title}
    context["constants"] = dict(edition.constants)
    for entry in context["derogations"]:
        entry["change"] = derogation_change(edition, entry["clause"], entry["action"])
    context["approved_derogations"] = [
        d for d in context["derogations"] if d["status"] == "approved"
    ]
    context["requested_derogations"] = [
        d for d in context["derogations"] if d["status"] == "requested"
    ]
    return context


def derogation_change(edition: Edition, target: str, action: str) -> str:
    """What a derogation changes, in the words of the register: "GC14.1 replaced"."""
    label = edition.label_of(target) or target
    whole = "." not in target
    if action == "delete":
        return f"{label} deleted" + (" in full" if whole else "")
    if action == "replace":
        return f"{label} replaced" + (" in full" if whole else "") + " by local wording"
    return f"local wording added after {label}"


DRAFT_BANNER = "DRAFT: contains local wording not yet approved by NHS England"


def applied_derogations(profile: Profile, draft: bool) -> list[Derogation]:
    return [d for d in profile.derogations if d.applies_in(draft)]


def assemble(
    profile: Profile,
    edition: Edition,
    tailored: Tailored,
    *,
    draft: bool = False,
    national: bool = False,
) -> Document:
    """The document tree for one tailored document; raises AcoError with every problem.

    Approved derogations are applied (and requested ones too in a `draft`); `national` gives
    the national wording with none applied, as the redline compares against.
    """
    applied = [] if national else applied_derogations(profile, draft)
    context = document_context(profile, edition, tailored, applied)
    work = _Assembler(profile, edition, tailored, context)
    for derogation in applied:
        work.derogations.setdefault(derogation.clause, []).append(derogation)
    staged: list[tuple[str, ClauseNode, list[Block | str]]] = []
    for decision in tailored.decisions:
        clause = decision.clause
        blocks: list[Block | str] = []
        if decision.included:
            for block in clause.blocks:
                if block.kind == "definitions":
                    blocks.append("definitions")
                elif block.kind == "paragraph":
                    blocks.extend(work.paragraph(clause, block))
                else:
                    made = work.block(clause, block)
                    if made is not None:
                        blocks.append(made)
            blocks = work.whole_clause(clause, blocks)
        elif not clause.omitted:
            blocks.append(Paragraph((Text(NOT_USED),), style="not-used"))
        node = ClauseNode(clause.id, clause.label, clause.title, decision.included, decision.reason)
        staged.append((clause.part, node, blocks))
    definitions = work.definitions()
    if work.problems:
        raise AcoError(work.problems)
    parts: list[Part] = []
    for part in tailored.spec.parts:
        clauses: list[ClauseNode] = []
        for part_id, node, blocks in staged:
            if part_id != part.id:
                continue
            final: list[Block] = []
            for b in blocks:
                if isinstance(b, str):
                    final.extend(definitions)
                else:
                    final.append(b)
            clauses.append(
                ClauseNode(
                    node.id, node.label, node.title, node.included, node.reason, tuple(final)
                )
            )
        parts.append(Part(part.id, part.title, tuple(clauses)))
    return Document(
        id=tailored.spec.id,
        title=tailored.spec.title,
        subtitle=profile.name,
        edition=edition.id,
        parts=tuple(parts),
        banner=DRAFT_BANNER if any(d.status == "requested" for d in applied) else "",
        terms=tuple(sorted(work.used_terms)),
    )
