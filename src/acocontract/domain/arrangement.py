"""Domain rules about the arrangement itself: services, commissioners, parties, practices, term.

Seeds: 000 = NHS England, "Integrating care: contracting for accountable models", Aug 2017;
001 = BMA GPC, "ACO and ACS"; 004 = NHS England, "Summary of public engagement on the draft MCP
Contract", Aug 2017 (`../shared/seeds/`).
"""

from __future__ import annotations

from collections.abc import Iterator

from acocontract.arrangements import CORE_GP, LOCAL_AUTHORITY_SERVICES, MODEL_NAMES, PARTICIPATION
from acocontract.domain.base import Finding, Subject, rule
from acocontract.loader import YamlPath


# Services and commissioners -----------------------------------------------------------------
@rule(
    "core-gp-needs-full",
    "error",
    "`core-primary-medical` is in scope only in the fully integrated model",
    "A partially integrated contract covers every in-scope service except core general "
    "practice, which stays under the practices' own contracts (000 §15, §16).",
)
def _core_gp_needs_full(s: Subject) -> Iterator[Finding]:
    if CORE_GP in s.profile.services and s.profile.model != "fully-integrated":
        yield Finding(
            ("services", s.position("services", CORE_GP)),
            f"core primary medical services cannot be in scope of a "
            f"{MODEL_NAMES[s.profile.model]} contract",
            "core general practice stays under the practices' own contracts: remove "
            "`core-primary-medical`, or use `model: fully-integrated`",
        )


@rule(
    "fully-without-core",
    "warning",
    "a fully integrated contract without core primary medical services",
    "The fully integrated model is the one that brings core general practice into the "
    "single contract (000 §16).",
)
def _fully_without_core(s: Subject) -> Iterator[Finding]:
    if s.profile.model == "fully-integrated" and CORE_GP not in s.profile.services:
        yield Finding(
            ("services",),
            "a fully integrated contract normally includes core primary medical services",
            "add `core-primary-medical` to services, or use `model: partially-integrated`",
        )


@rule(
    "local-authority-missing",
    "error",
    "social care or public health in scope needs a local authority commissioner",
    "Social care and public health are in scope only where the CCG and the local "
    "authority agree, so the authority must commission them (000 §8, §19).",
)
def _local_authority_missing(s: Subject) -> Iterator[Finding]:
    wanted = [x for x in s.profile.services if x in LOCAL_AUTHORITY_SERVICES]
    if wanted and "local-authority" not in s.profile.commissioner_kinds:
        yield Finding(
            ("services", s.position("services", wanted[0])),
            f"{' and '.join(wanted)} in scope, but no commissioner is a local authority",
            "add the local authority to `commissioners` with `kind: local-authority`",
        )


@rule(
    "coordinating-commissioner",
    "error",
    "with several commissioners, exactly one is co-ordinating",
    "One co-ordinating commissioner acts for all commissioners under the contract "
    "(NHS Standard Contract Particulars, on which the ACO Contract is built; 000 §10).",
)
def _coordinating(s: Subject) -> Iterator[Finding]:
    commissioners = s.profile.commissioners
    flagged = [i for i, c in enumerate(commissioners) if c.coordinating]
    if len(commissioners) > 1 and len(flagged) != 1:
        where: YamlPath = (
            ("commissioners", flagged[1], "coordinating")
            if len(flagged) > 1
            else ("commissioners",)
        )
        yield Finding(
            where,
            f"{len(commissioners)} commissioners, and {len(flagged)} of them "
            "co-ordinating: exactly one must be",
            "mark one commissioner `coordinating: true`",
        )


# Parties ------------------------------------------------------------------------------------
@rule(
    "provider-for-virtual",
    "error",
    "the virtual model has no provider",
    "In the virtual model there is no new contract and no single provider: an Alliance "
    "Agreement overlays the existing contracts (000 §14, §18).",
)
def _provider_for_virtual(s: Subject) -> Iterator[Finding]:
    if s.profile.model == "virtual" and s.profile.provider is not None:
        yield Finding(
            ("provider",),
            "the virtual model has no provider: the alliance members keep their own contracts",
            "list the providers under `alliance_members` and remove `provider`",
        )


@rule(
    "alliance-members-missing",
    "error",
    "the virtual model lists its `alliance_members`",
    "The Alliance Agreement is made between the commissioners and the providers in the "
    "alliance (000 §14; 001).",
)
def _alliance_members_missing(s: Subject) -> Iterator[Finding]:
    if s.profile.model == "virtual" and not s.profile.alliance_members:
        yield Finding(
            ("model",),
            "a virtual model needs `alliance_members`: the providers in the alliance",
            "add `alliance_members: [{name: ..., kind: nhs-trust}]`",
        )


@rule(
    "provider-missing",
    "error",
    "the integrated models need a provider",
    "Both integrated models award one ACO Contract to a single provider (000 §15, §16).",
)
def _provider_missing(s: Subject) -> Iterator[Finding]:
    if s.profile.model != "virtual" and s.profile.provider is None:
        yield Finding(
            ("model",),
            f"a {MODEL_NAMES[s.profile.model]} contract needs a `provider`",
            "add `provider: {name: ..., kind: company}`",
        )


@rule(
    "alliance-members-unused",
    "warning",
    "`alliance_members` outside the virtual model",
    "Only the virtual model has an Alliance Agreement (000 §14).",
)
def _alliance_members_unused(s: Subject) -> Iterator[Finding]:
    if s.profile.model != "virtual" and s.profile.alliance_members:
        yield Finding(
            ("alliance_members",),
            f"`alliance_members` are ignored in a {MODEL_NAMES[s.profile.model]} contract",
            "remove them, or use `model: virtual`",
        )


# Practices ----------------------------------------------------------------------------------
@rule(
    "participation-model",
    "error",
    "a practice's participation must fit the model",
    "Practices join an alliance only in the virtual model; in the partially integrated "
    "model they keep their contracts; a fully integrated contract may mix fully and "
    "partially integrated practices (000 §14-§17; 004 §8).",
)
def _participation_model(s: Subject) -> Iterator[Finding]:
    allowed = PARTICIPATION[s.profile.model]
    for i, practice in enumerate(s.profile.practices):
        if practice.participation not in allowed:
            yield Finding(
                ("practices", i, "participation"),
                f"{practice.name} takes part as {practice.participation!r}, which does not "
                f"fit a {MODEL_NAMES[s.profile.model]} model",
                "use " + " or ".join(repr(a) for a in allowed),
            )


@rule(
    "no-practices",
    "warning",
    "an integrated model with no practices",
    "Accountable care models are built on primary care; the Integration Agreement and "
    "the registered lists come from the practices (000 §8, §15).",
)
def _no_practices(s: Subject) -> Iterator[Finding]:
    if not s.profile.practices and s.profile.model != "virtual":
        yield Finding(
            ("model",),
            f"no practices are listed for a {MODEL_NAMES[s.profile.model]} contract",
            "list the GP practices under `practices`",
        )


@rule(
    "dispensing-full",
    "error",
    "a dispensing practice cannot take part on a fully integrated basis",
    "Dispensing practices cannot join a fully integrated model and keep their dispensing "
    "rights; they may join virtual or partially integrated arrangements (004 §14).",
)
def _dispensing_full(s: Subject) -> Iterator[Finding]:
    for i, practice in enumerate(s.profile.practices):
        if practice.participation == "fully-integrated" and practice.dispensing:
            yield Finding(
                ("practices", i, "dispensing"),
                f"{practice.name} is a dispensing practice and cannot take part on a "
                "fully integrated basis",
                "a dispensing practice may take part as 'partially-integrated'",
            )


@rule(
    "gp-contract-missing",
    "error",
    "a fully integrated practice needs `gp_contract: suspend` or `terminate`",
    "Practices joining a fully integrated model must be released from their GMS, PMS or "
    "APMS contract, by suspension or termination (000 §16, §22).",
)
def _gp_contract_missing(s: Subject) -> Iterator[Finding]:
    for i, practice in enumerate(s.profile.practices):
        if practice.participation == "fully-integrated" and practice.gp_contract is None:
            yield Finding(
                ("practices", i),
                f"{practice.name} takes part fully, so its {practice.contract} contract "
                "must be suspended or terminated",
                "add `gp_contract: suspend` or `gp_contract: terminate`",
            )


@rule(
    "gp-contract-unused",
    "warning",
    "`gp_contract` given for a practice that keeps its contract",
    "Only fully integrated participation suspends or ends a practice contract (000 §15).",
)
def _gp_contract_unused(s: Subject) -> Iterator[Finding]:
    for i, practice in enumerate(s.profile.practices):
        if practice.participation != "fully-integrated" and practice.gp_contract is not None:
            yield Finding(
                ("practices", i, "gp_contract"),
                f"{practice.name} keeps its {practice.contract} contract, so `gp_contract` "
                "has no effect",
                "remove `gp_contract`",
            )


# Term and size ------------------------------------------------------------------------------
@rule(
    "short-term",
    "warning",
    "a fully integrated contract shorter than 10 years",
    "Fully integrated contracts are expected to run for 10 to 15 years, with a break "
    "point every two years (001; 004 Annex A iv).",
)
def _short_term(s: Subject) -> Iterator[Finding]:
    if s.profile.model == "fully-integrated" and s.profile.term.years < 10:
        yield Finding(
            ("term", "years"),
            f"a fully integrated contract of {s.profile.term.years} years is shorter than "
            "the 10 to 15 years expected",
            "long terms give time for investment; break points every two years give "
            "the commissioners their exits",
        )


@rule(
    "small-population",
    "warning",
    "an ACO Contract for fewer than 50,000 people",
    "The ACO Contract is aimed at providers serving populations of at least 50,000 (001).",
)
def _small_population(s: Subject) -> Iterator[Finding]:
    if s.profile.model != "virtual" and s.profile.population < 50_000:
        yield Finding(
            ("population",),
            f"a population of {s.profile.population:,} is below the 50,000 the ACO "
            "Contract is aimed at",
            "smaller populations usually join a larger ACO or use an alliance",
        )
