"""Domain rules about the particulars: who commissions primary care, pooling, the Population's
basis, local values, the edition and who may hold its contract, and local authority partners.

Sources: 000 = NHS England, "Integrating care: contracting for accountable models" (Aug 2017);
the NHS Act 2006 (s.75 partnership arrangements; s.83 primary medical services, commissioned by
NHS England or, under delegation, a CCG); NHS England's "Who Pays?" guidance on the responsible
commissioner; the ICP Contract package (Aug 2019), for award to statutory bodies only.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from acocontract.arrangements import CORE_GP, ORGANISATION_KINDS
from acocontract.domain.base import Finding, Subject, rule
from acocontract.library import block_texts, local_keys
from acocontract.templating import local_keys as program_keys


@rule(
    "core-gp-commissioner",
    "error",
    "core primary medical services in scope need NHS England, or a CCG with "
    "`delegated_primary_care`, as a commissioner",
    "Primary medical services are commissioned by NHS England under s.83 of the NHS Act 2006, "
    "or by a CCG to which it has delegated that function; a contract for core general "
    "practice needs one of them as a party (000 §21).",
)
def _core_gp_commissioner(s: Subject) -> Iterator[Finding]:
    if CORE_GP not in s.profile.services:
        return
    if any(
        c.kind == "nhs-england" or (c.kind == "ccg" and c.delegated_primary_care)
        for c in s.profile.commissioners
    ):
        return
    yield Finding(
        ("services", s.position("services", CORE_GP)),
        "core primary medical services are in scope, but neither NHS England nor a CCG with "
        "delegated primary care commissioning is a commissioner",
        "add `{name: NHS England, kind: nhs-england}` to `commissioners`, or mark the CCG "
        "`delegated_primary_care: true`",
    )


@rule(
    "delegation-not-ccg",
    "error",
    "`delegated_primary_care` is only for a CCG",
    "NHS England delegates primary care commissioning to clinical commissioning groups "
    "(s.13Z NHS Act 2006).",
)
def _delegation_not_ccg(s: Subject) -> Iterator[Finding]:
    for i, c in enumerate(s.profile.commissioners):
        if c.delegated_primary_care and c.kind != "ccg":
            yield Finding(
                ("commissioners", i, "delegated_primary_care"),
                f"{c.name} is not a CCG, so it cannot hold delegated primary care commissioning",
                "remove `delegated_primary_care`",
            )


@rule(
    "pooling-without-local-authority",
    "error",
    "`pooling` is a choice only with a local authority commissioner",
    "Section 75 of the NHS Act 2006 lets NHS bodies and local authorities pool or align "
    "budgets, or one commission for the other; without a local authority there is nothing "
    "to pool (000 §22).",
)
def _pooling(s: Subject) -> Iterator[Finding]:
    if s.profile.pooling_choice and "local-authority" not in s.profile.commissioner_kinds:
        yield Finding(
            ("pooling",),
            f"`pooling: {s.profile.pooling_choice}` needs a local authority commissioner",
            "remove `pooling`, or add the local authority to `commissioners`",
        )


@rule(
    "population-basis-missing",
    "warning",
    "a contract without `population_basis` defines its Population by registration alone",
    "The Population covers people registered with the practices and, following NHS "
    'England\'s "Who Pays?" rules, unregistered people resident in an area; without the '
    "area the documents use registration alone.",
)
def _population_basis(s: Subject) -> Iterator[Finding]:
    if s.profile.model != "virtual" and not s.profile.population_basis:
        yield Finding(
            ("population",),
            "no `population_basis`: the Population is defined by registration with the "
            "practices alone, leaving out unregistered residents",
            "add `population_basis: the administrative area of ...`",
        )


def _known_values(s: Subject) -> list[str]:
    keys: list[str] = []
    for document in s.edition.documents:
        for clause in document.clauses:
            keys.extend(local_keys(clause))
    return sorted(set(keys))


@rule(
    "unknown-value",
    "error",
    "a `values` key that no clause of the edition uses",
    "A local particular that no clause takes would be silently dropped from the documents; "
    "it is almost always a misspelt key.",
)
def _unknown_value(s: Subject) -> Iterator[Finding]:
    known = _known_values(s)
    for key in s.profile.values:
        if key not in known:
            match = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"did you mean {match[0]!r}?" if match else "see `acocontract clauses --json`"
            yield Finding(
                ("values", key),
                f"no clause of {s.edition.id} uses the value {key!r}",
                hint,
                key=True,
            )


@rule(
    "placeholders-unfilled",
    "warning",
    "local particulars the documents ask for that `values` does not give",
    "A placeholder left in a document must be completed before it is signed.",
)
def _unfilled(s: Subject) -> Iterator[Finding]:
    missing: list[str] = []
    for tailored in s.tailored:
        for decision in tailored.decisions:
            if not decision.included:
                continue
            for block in decision.clause.blocks:
                if tailored.block_applies(block):
                    for text in block_texts(block):
                        missing.extend(program_keys(text.program.code))
    found = [k for k in dict.fromkeys(missing) if k not in s.profile.values]
    if found:
        listed = ", ".join(found[:12]) + (f" and {len(found) - 12} more" if len(found) > 12 else "")
        yield Finding(
            ("values",) if "values" in s.loaded.data else (),
            f"{len(found)} placeholder{'s' if len(found) != 1 else ''} left for local "
            f"completion: {listed}",
            "give them under `values` (`acocontract clauses --json` says what each covers)",
        )


@rule(
    "edition-unpinned",
    "warning",
    "a profile that names no edition",
    "A profile built against whichever edition is the default could change when the default "
    "does; naming the edition keeps the contract's national text fixed.",
)
def _unpinned(s: Subject) -> Iterator[Finding]:
    if s.profile.edition is None:
        yield Finding(
            ("acocontract",),
            f"no `edition`: the profile is built against {s.edition.id}, the default",
            f"add `edition: {s.edition.id}`",
        )


@rule(
    "provider-kind-edition",
    "error",
    "the edition's contract may be held only by the kinds of body it names",
    "The ICP Contract (2019) is for award to statutory bodies only: an NHS trust or NHS "
    "foundation trust holds it.",
)
def _provider_kind(s: Subject) -> Iterator[Finding]:
    provider = s.profile.provider
    allowed = s.edition.providers
    if provider is not None and allowed and provider.kind not in allowed:
        kinds = " or ".join(ORGANISATION_KINDS[k] for k in allowed)
        yield Finding(
            ("provider", "kind"),
            f"under {s.edition.id} the contract is held by an {kinds}, not a "
            f"{ORGANISATION_KINDS[provider.kind]}",
            "use `kind: " + "` or `kind: ".join(allowed) + "`, or an earlier edition",
        )


@rule(
    "partner-service-in-scope",
    "warning",
    "a local authority partner integrates a service the contract already has in scope",
    "A local authority partner's services sit beside the contract, outside its scope; a "
    "service in both would be commissioned twice.",
)
def _partner_in_scope(s: Subject) -> Iterator[Finding]:
    for i, partner in enumerate(s.profile.local_authority_partners):
        both = [x for x in partner.services if x in s.profile.services]
        if both:
            yield Finding(
                ("local_authority_partners", i, "services"),
                f"{partner.name} integrates {' and '.join(both)}, which the contract has in scope",
                "leave the service in the contract, or out of the partner's services",
            )


@rule(
    "partners-virtual",
    "error",
    "local authority partners need an integrated provider",
    "A Local Authority Integration Agreement is made with the provider that holds the "
    "contract; the virtual model has none.",
)
def _partners_virtual(s: Subject) -> Iterator[Finding]:
    if s.profile.local_authority_partners and s.profile.model == "virtual":
        yield Finding(
            ("local_authority_partners",),
            "local authority partners integrate with the provider, which a virtual model has not",
            "remove `local_authority_partners`, or use an integrated model",
        )
