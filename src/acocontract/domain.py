"""Domain rules: what a schema cannot say about a local accountable care profile.

Every rule has a stable code, a message in the user's words and the reason behind it, with the
seed document it comes from (`../shared/seeds/`: 000 = NHS England, "Integrating care:
contracting for accountable models", Aug 2017; 001 = BMA GPC, "ACO and ACS"; 004 = NHS England,
"Summary of public engagement on the draft MCP Contract", Aug 2017).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from acocontract.errors import AcoError, Diagnostic, warning
from acocontract.library import Edition, available_editions, load_edition
from acocontract.loader import Loaded
from acocontract.model import MODEL_NAMES, Derogation, Profile
from acocontract.tailor import Tailored


@dataclass(frozen=True)
class RuleDoc:
    code: str
    severity: str
    summary: str
    reason: str


RULES: tuple[RuleDoc, ...] = (
    RuleDoc(
        "core-gp-needs-full",
        "error",
        "`core-primary-medical` is in scope only in the fully integrated model.",
        "A partially integrated contract covers every in-scope service except core general "
        "practice, which stays under the practices' own contracts (000 §15, §16).",
    ),
    RuleDoc(
        "fully-without-core",
        "warning",
        "A fully integrated contract without `core-primary-medical` in scope.",
        "The fully integrated model is the one that brings core general practice into the "
        "single contract (000 §16).",
    ),
    RuleDoc(
        "gp-contract-missing",
        "error",
        "A practice taking part on a fully integrated basis needs `gp_contract: suspend` or "
        "`terminate`.",
        "Practices joining a fully integrated model must be released from their GMS, PMS or "
        "APMS contract, by suspension or termination (000 §16, §22).",
    ),
    RuleDoc(
        "gp-contract-unused",
        "warning",
        "`gp_contract` is given for a practice that does not take part fully.",
        "Only fully integrated participation suspends or ends a practice contract (000 §15).",
    ),
    RuleDoc(
        "dispensing-full",
        "error",
        "A dispensing practice cannot take part on a fully integrated basis.",
        "Dispensing practices cannot join a fully integrated model and keep their dispensing "
        "rights; they may join virtual or partially integrated arrangements (004 §14).",
    ),
    RuleDoc(
        "local-authority-missing",
        "error",
        "`social-care` or `public-health` in scope needs a `local-authority` commissioner.",
        "Social care and public health are in scope only where the CCG and the local "
        "authority agree, so the authority must commission them (000 §8, §19).",
    ),
    RuleDoc(
        "coordinating-commissioner",
        "error",
        "With several commissioners, exactly one is `coordinating: true`.",
        "One co-ordinating commissioner acts for all commissioners under the contract "
        "(NHS Standard Contract Particulars, on which the ACO Contract is built; 000 §10).",
    ),
    RuleDoc(
        "provider-for-virtual",
        "error",
        "The virtual model has no `provider`.",
        "In the virtual model there is no new contract and no single provider: an Alliance "
        "Agreement overlays the existing contracts (000 §14, §18).",
    ),
    RuleDoc(
        "alliance-members-missing",
        "error",
        "The virtual model lists its providers in `alliance_members`.",
        "The Alliance Agreement is made between the commissioners and the providers in the "
        "alliance (000 §14; 001).",
    ),
    RuleDoc(
        "provider-missing",
        "error",
        "The partially and fully integrated models need a `provider`.",
        "Both integrated models award one ACO Contract to a single provider (000 §15, §16).",
    ),
    RuleDoc(
        "alliance-members-unused",
        "warning",
        "`alliance_members` are listed for a model that has no alliance.",
        "Only the virtual model has an Alliance Agreement (000 §14).",
    ),
    RuleDoc(
        "participation-model",
        "error",
        "A practice's `participation` must fit the model.",
        "Practices join an alliance only in the virtual model; in the partially integrated "
        "model they keep their contracts; a fully integrated contract may mix fully and "
        "partially integrated practices (000 §14-§17; 004 §8).",
    ),
    RuleDoc(
        "no-practices",
        "warning",
        "An integrated model with no practices listed.",
        "Accountable care models are built on primary care; the Integration Agreement and "
        "the registered lists come from the practices (000 §8, §15).",
    ),
    RuleDoc(
        "short-term",
        "warning",
        "A fully integrated contract shorter than 10 years.",
        "Fully integrated contracts are expected to run for 10 to 15 years, with a break "
        "point every two years (001; 004 Annex A iv).",
    ),
    RuleDoc(
        "small-population",
        "warning",
        "An ACO Contract for a population under 50,000.",
        "The ACO Contract is aimed at providers serving populations of at least 50,000 (001).",
    ),
    RuleDoc(
        "derogation-unknown-clause",
        "error",
        "A derogation names a clause that the edition does not have.",
        "A derogation varies a named element of the national contract (000 §25).",
    ),
    RuleDoc(
        "derogation-not-in-contract",
        "error",
        "A derogation names a clause that is not in this contract.",
        "Only wording that is in the local contract can be varied (000 §25).",
    ),
    RuleDoc(
        "derogation-rationale",
        "error",
        "A derogation needs a `rationale`.",
        "NHS England considers a derogation on the commissioner's rationale (000 §25).",
    ),
    RuleDoc(
        "derogation-approval",
        "error",
        "An approved derogation needs `approval.reference` and `approval.date`.",
        "Approved wording is signed off by NHS England; the register records on whose "
        "authority it differs (000 §25).",
    ),
    RuleDoc(
        "derogation-reapproval",
        "warning",
        "A derogation approved against another edition whose national wording has since changed.",
        "Approval covers a variation of particular national wording; when that wording changes "
        "the local wording must be agreed and signed off again (000 §25).",
    ),
    RuleDoc(
        "derogation-against-unknown",
        "error",
        "A derogation's `against` names an edition that is not bundled.",
        "The register must show which national text a derogation varies (000 §25).",
    ),
    RuleDoc(
        "derogation-text",
        "error",
        "`replace` and `insert-after` derogations need `text`.",
        "The local wording is what NHS England approves (000 §25).",
    ),
)

_SEVERITY = {rule.code: rule.severity for rule in RULES}


class _Found:
    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.items: list[Diagnostic] = []

    def add(self, path: tuple[str | int, ...], code: str, message: str, hint: str = "") -> None:
        diag = self.loaded.diag(path, code, message, hint)
        if _SEVERITY[code] == "warning":
            diag = warning(diag.path, diag.line, diag.column, code, message, hint)
        self.items.append(diag)


Check = Callable[[Profile, Loaded, _Found], None]


def _services(profile: Profile, loaded: Loaded, found: _Found) -> None:
    services = list(loaded.data.get("services", []))
    if "core-primary-medical" in profile.services and profile.model != "fully-integrated":
        found.add(
            ("services", services.index("core-primary-medical")),
            "core-gp-needs-full",
            f"core primary medical services cannot be in scope of a "
            f"{MODEL_NAMES[profile.model]} contract",
            "core general practice stays under the practices' own contracts: remove "
            "`core-primary-medical`, or use `model: fully-integrated`",
        )
    if profile.model == "fully-integrated" and "core-primary-medical" not in profile.services:
        found.add(
            ("services",),
            "fully-without-core",
            "a fully integrated contract normally includes core primary medical services",
            "add `core-primary-medical` to services, or use `model: partially-integrated`",
        )
    la_services = [s for s in ("social-care", "public-health") if s in profile.services]
    if la_services and "local-authority" not in profile.commissioner_kinds:
        found.add(
            ("services", services.index(la_services[0])),
            "local-authority-missing",
            f"{' and '.join(la_services)} in scope, but no commissioner is a local authority",
            "add the local authority to `commissioners` with `kind: local-authority`",
        )


def _commissioners(profile: Profile, loaded: Loaded, found: _Found) -> None:
    flagged = [i for i, c in enumerate(profile.commissioners) if c.coordinating]
    if len(profile.commissioners) > 1 and len(flagged) != 1:
        where: tuple[str | int, ...] = (
            ("commissioners", flagged[1], "coordinating")
            if len(flagged) > 1
            else ("commissioners",)
        )
        found.add(
            where,
            "coordinating-commissioner",
            f"{len(profile.commissioners)} commissioners, and {len(flagged)} of them "
            "co-ordinating: exactly one must be",
            "mark one commissioner `coordinating: true`",
        )


def _parties(profile: Profile, loaded: Loaded, found: _Found) -> None:
    if profile.model == "virtual":
        if profile.provider is not None:
            found.add(
                ("provider",),
                "provider-for-virtual",
                "the virtual model has no provider: the alliance members keep their own contracts",
                "list the providers under `alliance_members` and remove `provider`",
            )
        if not profile.alliance_members:
            found.add(
                ("model",),
                "alliance-members-missing",
                "a virtual model needs `alliance_members`: the providers in the alliance",
                "add `alliance_members: [{name: ..., kind: nhs-trust}]`",
            )
    else:
        if profile.provider is None:
            found.add(
                ("model",),
                "provider-missing",
                f"a {MODEL_NAMES[profile.model]} contract needs a `provider`",
                "add `provider: {name: ..., kind: company}`",
            )
        if profile.alliance_members:
            found.add(
                ("alliance_members",),
                "alliance-members-unused",
                f"`alliance_members` are ignored in a {MODEL_NAMES[profile.model]} contract",
                "remove them, or use `model: virtual`",
            )


_ALLOWED = {
    "virtual": ("alliance",),
    "partially-integrated": ("partially-integrated",),
    "fully-integrated": ("fully-integrated", "partially-integrated"),
}


def _practices(profile: Profile, loaded: Loaded, found: _Found) -> None:
    allowed = _ALLOWED[profile.model]
    if not profile.practices and profile.model != "virtual":
        found.add(
            ("model",),
            "no-practices",
            f"no practices are listed for a {MODEL_NAMES[profile.model]} contract",
            "list the GP practices under `practices`",
        )
    for i, practice in enumerate(profile.practices):
        if practice.participation not in allowed:
            found.add(
                ("practices", i, "participation"),
                "participation-model",
                f"{practice.name} takes part as {practice.participation!r}, which does not "
                f"fit a {MODEL_NAMES[profile.model]} model",
                "use " + " or ".join(repr(a) for a in allowed),
            )
        if practice.participation == "fully-integrated":
            if practice.dispensing:
                found.add(
                    ("practices", i, "dispensing"),
                    "dispensing-full",
                    f"{practice.name} is a dispensing practice and cannot take part on a "
                    "fully integrated basis",
                    "a dispensing practice may take part as 'partially-integrated'",
                )
            if practice.gp_contract is None:
                found.add(
                    ("practices", i),
                    "gp-contract-missing",
                    f"{practice.name} takes part fully, so its {practice.contract} contract "
                    "must be suspended or terminated",
                    "add `gp_contract: suspend` or `gp_contract: terminate`",
                )
        elif practice.gp_contract is not None:
            found.add(
                ("practices", i, "gp_contract"),
                "gp-contract-unused",
                f"{practice.name} keeps its {practice.contract} contract, so `gp_contract` "
                "has no effect",
                "remove `gp_contract`",
            )


def _term(profile: Profile, loaded: Loaded, found: _Found) -> None:
    if profile.model == "fully-integrated" and profile.term.years < 10:
        found.add(
            ("term", "years"),
            "short-term",
            f"a fully integrated contract of {profile.term.years} years is shorter than "
            "the 10 to 15 years expected",
            "long terms give time for investment; break points every two years give "
            "the commissioners their exits",
        )
    if profile.model != "virtual" and profile.population < 50_000:
        found.add(
            ("population",),
            "small-population",
            f"a population of {profile.population:,} is below the 50,000 the ACO "
            "Contract is aimed at",
            "smaller populations usually join a larger ACO or use an alliance",
        )


def _derogations(
    profile: Profile, found: _Found, edition: Edition, documents: list[Tailored]
) -> None:
    tailored = {d.spec.id: d for d in documents}
    for i, derogation in enumerate(profile.derogations):
        where = ("derogations", i)
        if not derogation.rationale.strip():
            found.add(
                where,
                "derogation-rationale",
                f"the derogation of {derogation.clause} gives no rationale",
                "say why the national wording does not suit local circumstances",
            )
        if derogation.status == "approved" and not (
            derogation.approval.reference and derogation.approval.date
        ):
            found.add(
                where,
                "derogation-approval",
                f"the approved derogation of {derogation.clause} has no approval "
                "reference and date",
                "add `approval: {reference: NHSE-..., date: YYYY-MM-DD}`",
            )
        if derogation.action in ("replace", "insert-after") and not derogation.text.strip():
            found.add(
                where,
                "derogation-text",
                f"a {derogation.action!r} derogation of {derogation.clause} needs `text`",
            )
        located = edition.locate(derogation.clause)
        if located is None:
            found.add(
                (*where, "clause"),
                "derogation-unknown-clause",
                f"{derogation.clause} is not a clause of edition {edition.id}",
                "name the clause or paragraph by its national number, e.g. GC14.1",
            )
            continue
        if derogation.against and derogation.against != edition.id:
            _against(derogation, where, edition, found)
        clause, block = located
        document = tailored.get(clause.document)
        if document is None:
            title = next(d.title for d in edition.documents if d.id == clause.document)
            absent: str | None = f"is in the {title}, which this profile does not produce"
        else:
            absent = document.absence(clause, block)
        if absent:
            found.add(
                (*where, "clause"),
                "derogation-not-in-contract",
                f"{derogation.clause} {absent}",
            )


def _against(
    derogation: Derogation, where: tuple[str | int, ...], edition: Edition, found: _Found
) -> None:
    against = derogation.against
    assert against is not None
    try:
        other = load_edition(against)
    except AcoError:
        found.add(
            (*where, "against"),
            "derogation-against-unknown",
            f"the derogation of {derogation.clause} was approved against {against!r}, "
            "which is not a bundled edition",
            "bundled editions: " + ", ".join(available_editions()),
        )
        return
    if other.source_of(derogation.clause) != edition.source_of(derogation.clause):
        found.add(
            (*where, "against"),
            "derogation-reapproval",
            f"the national wording of {derogation.clause} changed between {against} "
            f"and {edition.id}: the derogation needs re-approval",
            f"see `acocontract diff --from-edition {against} --to-edition {edition.id}`, "
            f"then record the new approval and set `against: {edition.id}`",
        )


CHECKS: tuple[Check, ...] = (_services, _commissioners, _parties, _practices, _term)


def check_profile(
    profile: Profile, loaded: Loaded, edition: Edition, tailored: list[Tailored]
) -> list[Diagnostic]:
    """Every domain rule over a schema-valid profile (and its tailored documents)."""
    found = _Found(loaded)
    for check in CHECKS:
        check(profile, loaded, found)
    _derogations(profile, found, edition, tailored)
    return found.items


def rule_codes() -> Iterator[str]:
    return (rule.code for rule in RULES)
