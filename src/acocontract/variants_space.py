"""Every kind of contract the rules allow: model x services x mixed economy x how budgets are
brought together (x which local authority services are integrated alongside, for an edition
that has an agreement with such authorities), as profiles.

Used by the library lint (which assembles every variant) and edition diffs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from types import MappingProxyType

from acocontract.arrangements import (
    CORE_GP,
    LOCAL_AUTHORITY_SERVICES,
    MODELS,
    POOLINGS,
    SERVICES,
    needs_local_authority,
    participation_for,
)
from acocontract.model import (
    Commissioner,
    ContractTerm,
    LocalAuthorityPartner,
    Organisation,
    Practice,
    Profile,
)

OPTIONAL_SERVICES = tuple(s for s in SERVICES if s != CORE_GP)
# A partner's budgets alternate with the size of the service set, so that both ways appear
# with every model and most service sets without doubling the variants.
PARTNER_BUDGETS = ("aligned-budgets", "pooled-fund")


@dataclass(frozen=True)
class Variant:
    model: str
    services: tuple[str, ...]
    mixed: bool
    pooling: str | None = None
    partners: tuple[str, ...] = ()  # services a local authority partner integrates

    @property
    def name(self) -> str:
        mixed = "+mixed" if self.mixed else ""
        pooling = f"+{self.pooling}" if self.pooling else ""
        partners = f"+la:{','.join(self.partners)}" if self.partners else ""
        return f"{self.model}{mixed}{pooling}{partners}:{','.join(self.services)}"


def _partner_sets(model: str, services: tuple[str, ...]) -> list[tuple[str, ...]]:
    """What a local authority partner may integrate alongside the contract: the authority
    services the contract does not have in scope (none in the virtual model)."""
    if model == "virtual":
        return [()]
    spare = [s for s in SERVICES if s in LOCAL_AUTHORITY_SERVICES and s not in services]
    return [
        combo for size in range(len(spare) + 1) for combo in itertools.combinations(spare, size)
    ]


def all_variants(*, partners: bool = False) -> Iterator[Variant]:
    """Every model x every allowed set of services x mixed economy or not x pooling (with a
    local authority commissioner); with `partners`, x each set of local authority services
    that a partner may integrate alongside."""
    for model in MODELS:
        cores = [(), (CORE_GP,)] if model == "fully-integrated" else [()]
        for size in range(1, len(OPTIONAL_SERVICES) + 1):
            for chosen in itertools.combinations(OPTIONAL_SERVICES, size):
                for core in cores:
                    services = tuple(s for s in SERVICES if s in (*core, *chosen))
                    poolings = POOLINGS if needs_local_authority(services) else (None,)
                    shared = _partner_sets(model, services) if partners else [()]
                    for mixed in (False, True) if model == "fully-integrated" else (False,):
                        for pooling in poolings:
                            for partner in shared:
                                yield Variant(model, services, mixed, pooling, partner)


def _commissioners(services: set[str]) -> tuple[Commissioner, ...]:
    ccg = Commissioner(
        "NHS Sampleton CCG", "ccg", coordinating=True, delegated_primary_care=CORE_GP in services
    )
    if needs_local_authority(services):
        return (ccg, Commissioner("Sampleton Council", "local-authority"))
    return (ccg,)


def _practices(variant: Variant) -> tuple[Practice, ...]:
    ways = [
        participation_for(variant.model),
        participation_for(variant.model, mixed=variant.mixed),
    ]
    return tuple(
        Practice(
            name=f"Sample Practice {i + 1}",
            ods=f"A0000{i + 1}",
            contract="GMS",
            participation=way,
            gp_contract="suspend" if way == "fully-integrated" else None,
        )
        for i, way in enumerate(ways)
    )


def _partners(variant: Variant) -> tuple[LocalAuthorityPartner, ...]:
    if not variant.partners:
        return ()
    budgets = PARTNER_BUDGETS[len(variant.services) % 2]
    return (LocalAuthorityPartner("Sampleton Partner Council", variant.partners, None, budgets),)


def variant_profile(variant: Variant) -> Profile:
    """A complete, valid profile for a variant (names are placeholders). The provider is an
    NHS foundation trust, which every edition allows."""
    services = set(variant.services)
    virtual = variant.model == "virtual"
    return Profile(
        path=f"<variant {variant.name}>",
        name=f"Sampleton {variant.name}",
        edition=None,
        model=variant.model,
        care_model="PACS" if "acute" in services else "MCP",
        population=80_000,
        services=variant.services,
        commissioners=_commissioners(services),
        provider=None
        if virtual
        else Organisation("Sampleton Health NHS Foundation Trust", "nhs-foundation-trust"),
        gp_federation=Organisation("Sampleton GP Federation", "gp-federation")
        if variant.mixed
        else None,
        alliance_members=(
            (Organisation("Sampleton Community Trust", "nhs-trust"),) if virtual else ()
        ),
        practices=_practices(variant),
        term=ContractTerm(dt.date(2018, 4, 1), 10),
        values=MappingProxyType({}),
        derogations=(),
        population_basis="the area of Sampleton Council",
        pooling_choice=variant.pooling,
        local_authority_partners=_partners(variant),
    )


# The fullest contracts: every service, a mixed economy (so both agreements have parties).
REFERENCE_VARIANTS = (
    Variant("fully-integrated", SERVICES, mixed=True, pooling="pooled-fund"),
    Variant(
        "fully-integrated",
        tuple(s for s in SERVICES if s not in LOCAL_AUTHORITY_SERVICES),
        mixed=True,
        partners=tuple(s for s in SERVICES if s in LOCAL_AUTHORITY_SERVICES),
    ),
    Variant("virtual", OPTIONAL_SERVICES, mixed=False),
)
