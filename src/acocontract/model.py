"""The profile as frozen dataclasses: later stages never see raw dicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from acocontract.loader import Loaded

MODELS = ("virtual", "partially-integrated", "fully-integrated")
SERVICES = (
    "core-primary-medical",
    "extended-primary-care",
    "community",
    "mental-health",
    "acute",
    "social-care",
    "public-health",
)
SERVICE_NAMES = {
    "core-primary-medical": "core primary medical services",
    "extended-primary-care": "extended primary care services",
    "community": "community health services",
    "mental-health": "mental health services",
    "acute": "acute hospital services",
    "social-care": "adult social care services",
    "public-health": "public health services",
}
MODEL_NAMES = {
    "virtual": "virtual",
    "partially-integrated": "partially integrated",
    "fully-integrated": "fully integrated",
}
COMMISSIONER_KINDS = {
    "ccg": "clinical commissioning group",
    "local-authority": "local authority",
    "nhs-england": "NHS England",
}
ORGANISATION_KINDS = {
    "nhs-trust": "NHS trust",
    "nhs-foundation-trust": "NHS foundation trust",
    "company": "company limited by shares or guarantee",
    "llp": "limited liability partnership",
    "community-interest-company": "community interest company",
    "gp-federation": "GP federation",
    "other": "other body",
}
POOLING_NAMES = {
    "pooled-fund": "a pooled fund under section 75 of the NHS Act 2006",
    "aligned-budgets": "aligned budgets",
    "lead-commissioning": "lead commissioning under section 75 of the NHS Act 2006",
}
LEGAL_ENTITY_KINDS = {
    "partnership": "partnership",
    "company": "company",
    "individual": "individual medical practitioner",
}

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date) -> str:
    """The form dates take in the contract: 1 October 2018."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Signatory:
    name: str
    position: str


@dataclass(frozen=True)
class Organisation:
    name: str
    kind: str
    signatory: Signatory | None = None

    @property
    def kind_name(self) -> str:
        return ORGANISATION_KINDS.get(self.kind, COMMISSIONER_KINDS.get(self.kind, self.kind))


@dataclass(frozen=True)
class Commissioner(Organisation):
    coordinating: bool = False
    delegated_primary_care: bool = False


@dataclass(frozen=True)
class LegalEntity:
    """Who holds a practice's contract: a partnership, a company or an individual."""

    name: str
    kind: str


@dataclass(frozen=True)
class Practice:
    name: str
    ods: str
    contract: str
    participation: str
    dispensing: bool = False
    gp_contract: str | None = None
    list_size: int | None = None
    legal_entity: LegalEntity | None = None
    signatory: Signatory | None = None


@dataclass(frozen=True)
class LocalAuthorityPartner:
    """A local authority whose own services are integrated with the provider's."""

    name: str
    services: tuple[str, ...]
    signatory: Signatory | None = None


@dataclass(frozen=True)
class Term:
    commencement: dt.date
    years: int

    @property
    def expiry(self) -> dt.date:
        """The last day of the term."""
        return add_years(self.commencement, self.years) - dt.timedelta(days=1)

    @property
    def break_points(self) -> tuple[dt.date, ...]:
        """Every second anniversary of commencement before expiry: computed, never typed in."""
        return tuple(add_years(self.commencement, year) for year in range(2, self.years, 2))


@dataclass(frozen=True)
class Approval:
    reference: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Derogation:
    clause: str
    action: str
    status: str
    text: str = ""
    rationale: str = ""
    approval: Approval = field(default_factory=Approval)
    against: str | None = None
    index: int = 0
    text_at: tuple[int, int] = (1, 1)  # line, column of `text` in the profile

    def applies_in(self, draft: bool) -> bool:
        """Approved wording is always applied; requested wording only in a draft."""
        return self.status == "approved" or (draft and self.status == "requested")


@dataclass(frozen=True)
class Profile:
    path: str
    name: str
    edition: str | None
    model: str
    care_model: str
    population: int
    services: tuple[str, ...]
    commissioners: tuple[Commissioner, ...]
    provider: Organisation | None
    gp_federation: Organisation | None
    alliance_members: tuple[Organisation, ...]
    practices: tuple[Practice, ...]
    term: Term
    values: Mapping[str, Any]
    derogations: tuple[Derogation, ...]
    population_basis: str | None = None
    pooling_choice: str | None = None  # as given; see `pooling`
    contract_date: dt.date | None = None
    local_authority_partners: tuple[LocalAuthorityPartner, ...] = ()

    @property
    def coordinating_commissioner(self) -> Commissioner:
        for commissioner in self.commissioners:
            if commissioner.coordinating:
                return commissioner
        return self.commissioners[0]

    @property
    def commissioner_kinds(self) -> frozenset[str]:
        return frozenset(c.kind for c in self.commissioners)

    @property
    def participations(self) -> frozenset[str]:
        return frozenset(p.participation for p in self.practices)

    @property
    def pooling(self) -> str | None:
        """How NHS and local authority budgets come together: as given, or aligned budgets
        by default when a local authority commissions; None without a local authority."""
        if self.pooling_choice is not None:
            return self.pooling_choice
        return "aligned-budgets" if "local-authority" in self.commissioner_kinds else None


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _text_position(loaded: Loaded, path: tuple[str | int, ...]) -> tuple[int, int]:
    line, column = loaded.where(path)
    return (line + 1, 1) if path in loaded.block_scalars else (line, column)


def build_profile(loaded: Loaded) -> Profile:
    """A schema-valid profile as a frozen model (call only after validation)."""
    data = loaded.data

    def signatory(item: dict[str, Any]) -> Signatory | None:
        found = item.get("signatory")
        return Signatory(found["name"].strip(), found["position"].strip()) if found else None

    def org(item: dict[str, Any]) -> Organisation:
        return Organisation(name=item["name"].strip(), kind=item["kind"], signatory=signatory(item))

    def entity(item: dict[str, Any]) -> LegalEntity | None:
        found = item.get("legal_entity")
        return LegalEntity(found["name"].strip(), found["kind"]) if found else None

    derogations = []
    for index, item in enumerate(data.get("derogations") or []):
        approval = item.get("approval") or {}
        derogations.append(
            Derogation(
                clause=item["clause"],
                action=item["action"],
                status=item["status"],
                text=item.get("text", ""),
                rationale=item.get("rationale", ""),
                approval=Approval(
                    reference=approval.get("reference"),
                    date=_date(approval["date"]) if approval.get("date") else None,
                ),
                against=item.get("against"),
                index=index,
                text_at=_text_position(loaded, ("derogations", index, "text")),
            )
        )
    return Profile(
        path=loaded.path,
        name=data["name"].strip(),
        edition=data.get("edition"),
        model=data["model"],
        care_model=data["care_model"],
        population=data["population"],
        services=tuple(s for s in SERVICES if s in data["services"]),
        commissioners=tuple(
            Commissioner(
                name=c["name"].strip(),
                kind=c["kind"],
                signatory=signatory(c),
                coordinating=bool(c.get("coordinating")),
                delegated_primary_care=bool(c.get("delegated_primary_care")),
            )
            for c in data["commissioners"]
        ),
        provider=org(data["provider"]) if data.get("provider") else None,
        gp_federation=org(data["gp_federation"]) if data.get("gp_federation") else None,
        alliance_members=tuple(org(m) for m in data.get("alliance_members") or []),
        practices=tuple(
            Practice(
                name=p["name"].strip(),
                ods=p["ods"],
                contract=p["contract"],
                participation=p["participation"],
                dispensing=bool(p.get("dispensing", False)),
                gp_contract=p.get("gp_contract"),
                list_size=p.get("list_size"),
                legal_entity=entity(p),
                signatory=signatory(p),
            )
            for p in data.get("practices") or []
        ),
        term=Term(commencement=_date(data["term"]["commencement"]), years=data["term"]["years"]),
        values=MappingProxyType(dict(data.get("values") or {})),
        derogations=tuple(derogations),
        population_basis=data["population_basis"].strip() if data.get("population_basis") else None,
        pooling_choice=data.get("pooling"),
        contract_date=_date(data["contract_date"]) if data.get("contract_date") else None,
        local_authority_partners=tuple(
            LocalAuthorityPartner(
                name=la["name"].strip(),
                services=tuple(s for s in SERVICES if s in la["services"]),
                signatory=signatory(la),
            )
            for la in data.get("local_authority_partners") or []
        ),
    )
