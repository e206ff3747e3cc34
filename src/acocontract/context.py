"""What clause text may read: the profile, its dates, the edition and the document, as plain
data (mappings, lists, text and numbers). Profile values are data here, never templates."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from acocontract import signing
from acocontract.arrangements import LEGAL_ENTITY_KINDS, MODEL_NAMES, POOLING_NAMES, SERVICE_NAMES
from acocontract.library import Edition
from acocontract.model import (
    MONTHS,
    Commissioner,
    Derogation,
    Organisation,
    Practice,
    Profile,
    long_date,
)
from acocontract.tailor import Tailored

# Names that clause text may use beyond the context: a table row (`each`) and its number.
ROW_NAMES = ("item", "index")


def _org(org: Organisation | Commissioner | None) -> dict[str, Any] | None:
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


def _profile(profile: Profile) -> dict[str, Any]:
    coordinating = profile.coordinating_commissioner
    return {
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
                "budgets": la.budgets,
                "budgets_name": POOLING_NAMES[la.budgets],
            }
            for la in profile.local_authority_partners
        ],
        "population_basis": profile.population_basis,
        "pooling": profile.pooling,
        "pooling_name": POOLING_NAMES[profile.pooling] if profile.pooling else "",
    }


def profile_context(profile: Profile, applied: list[Derogation] | None = None) -> dict[str, Any]:
    """What clause text may use about the profile."""
    term = profile.term
    return {
        "profile": _profile(profile),
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
    """Who signs one document (see `acocontract.signing`), as clause text reads them."""
    return [
        {"name": p.described, "role": p.role, "kind_name": p.kind_name}
        for p in signing.parties(profile, tailored)
    ]


def derogation_change(edition: Edition, target: str, action: str) -> str:
    """What a derogation changes, in the words of the register: "GC14.1 replaced"."""
    label = edition.label_of(target) or target
    whole = "." not in target
    if action == "delete":
        return f"{label} deleted" + (" in full" if whole else "")
    if action == "replace":
        return f"{label} replaced" + (" in full" if whole else "") + " by local wording"
    return f"local wording added after {label}"


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
    by_status = {
        status: [d for d in context["derogations"] if d["status"] == status]
        for status in ("approved", "requested")
    }
    context["approved_derogations"] = by_status["approved"]
    context["requested_derogations"] = by_status["requested"]
    return context


def lists(context: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The lists a table can repeat its rows for (`each:`)."""
    prof = context["profile"]

    def practices(way: str) -> list[Any]:
        return [p for p in prof["practices"] if p["participation"] == way]

    return {
        "commissioners": prof["commissioners"],
        "practices": prof["practices"],
        "integrating_practices": practices("partially-integrated"),
        "alliance_practices": practices("alliance"),
        "suspended_practices": practices("fully-integrated"),
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
