"""Every kind of contract the rules allow: model x services x mixed economy, as profiles.

Used by the library lint (which assembles every variant) and the tests.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from types import MappingProxyType

from acocontract.arrangements import (
    CORE_GP,
    MODELS,
    POOLINGS,
    SERVICES,
    needs_local_authority,
    participation_for,
)
from acocontract.model import Commissioner, ContractTerm, Organisation, Practice, Profile

OPTIONAL_SERVICES = tuple(s for s in SERVICES if s != CORE_GP)


@dataclass(frozen=True)
class Variant:
    model: str
    services: tuple[str, ...]
    mixed: bool
    pooling: str | None = None

    @property
    def name(self) -> str:
        mixed = "+mixed" if self.mixed else ""
        pooling = f"+{self.pooling}" if self.pooling else ""
        return f"{self.model}{mixed}{pooling}:{','.join(self.services)}"


def all_variants() -> Iterator[Variant]:
    """Every model x every allowed set of services x mixed economy or not."""
    for model in MODELS:
        cores = [(), (CORE_GP,)] if model == "fully-integrated" else [()]
        for size in range(1, len(OPTIONAL_SERVICES) + 1):
            for chosen in itertools.combinations(OPTIONAL_SERVICES, size):
                for core in cores:
                    services = tuple(s for s in SERVICES if s in (*core, *chosen))
                    poolings = POOLINGS if needs_local_authority(services) else (None,)
                    for mixed in (False, True) if model == "fully-integrated" else (False,):
                        for pooling in poolings:
                            yield Variant(model, services, mixed, pooling)


def variant_profile(variant: Variant) -> Profile:
    """A complete, valid profile for a variant (names are placeholders)."""
    services = set(variant.services)
    commissioners = [Commissioner("NHS Sampleton CCG", "ccg", coordinating=True)]
    if needs_local_authority(services):
        commissioners.append(Commissioner("Sampleton Council", "local-authority"))
    participations = [
        participation_for(variant.model),
        participation_for(variant.model, mixed=variant.mixed),
    ]
    practices = tuple(
        Practice(
            name=f"Sample Practice {i + 1}",
            ods=f"A0000{i + 1}",
            contract="GMS",
            participation=p,
            gp_contract="suspend" if p == "fully-integrated" else None,
        )
        for i, p in enumerate(participations)
    )
    virtual = variant.model == "virtual"
    return Profile(
        path=f"<variant {variant.name}>",
        name=f"Sampleton {variant.name}",
        edition=None,
        model=variant.model,
        care_model="PACS" if "acute" in services else "MCP",
        population=80_000,
        services=variant.services,
        commissioners=tuple(commissioners),
        provider=None if virtual else Organisation("Sampleton Care Ltd", "company"),
        gp_federation=Organisation("Sampleton GP Federation", "gp-federation")
        if variant.mixed
        else None,
        alliance_members=(
            (Organisation("Sampleton Community Trust", "nhs-trust"),) if virtual else ()
        ),
        practices=practices,
        term=ContractTerm(dt.date(2018, 4, 1), 10),
        values=MappingProxyType({}),
        derogations=(),
        population_basis="the area of Sampleton Council",
        pooling_choice=variant.pooling,
    )


# The fullest contracts: every service, a mixed economy (so both agreements have parties).
REFERENCE_VARIANTS = (
    Variant("fully-integrated", SERVICES, mixed=True, pooling="pooled-fund"),
    Variant("virtual", OPTIONAL_SERVICES, mixed=False),
)
