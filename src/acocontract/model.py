"""The profile as frozen dataclasses: later stages never see raw dicts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from acocontract.arrangements import COMMISSIONER_KINDS, ORGANISATION_KINDS, SERVICES
from acocontract.loader import Loaded

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
    """The anniversary `years` after `day`, as the law counts years: from 29 February, a year
    runs to the end of 28 February, so the anniversary in a year without 29 February is
    1 March (and the period ends the day before, 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return dt.date(day.year + years, 3, 1)


class Signatory(NamedTuple):
    name: str
    position: str


class Organisation(NamedTuple):
    name: str
    kind: str
    signatory: Signatory | None = None

    @property
    def kind_name(self) -> str:
        return ORGANISATION_KINDS.get(self.kind, COMMISSIONER_KINDS.get(self.kind, self.kind))


class Commissioner(NamedTuple):
    name: str
    kind: str
    signatory: Signatory | None = None
    coordinating: bool = False
    delegated_primary_care: bool = False

    @property
    def kind_name(self) -> str:
        return COMMISSIONER_KINDS.get(self.kind, self.kind)


class LegalEntity(NamedTuple):
    """Who holds a practice's contract: a partnership, a company or an individual."""

    name: str
    kind: str


class Practice(NamedTuple):
    name: str
    ods: str
    contract: str
    participation: str
    dispensing: bool = False
    gp_contract: str | None = None
    list_size: int | None = None
    legal_entity: LegalEntity | None = None
    signatory: Signatory | None = None


class LocalAuthorityPartner(NamedTuple):
    """A local authority whose own services are integrated with the provider's."""

    name: str
    services: tuple[str, ...]
    signatory: Signatory | None = None
    budgets: str = "aligned-budgets"  # or pooled-fund: with the provider, under section 75


class ContractTerm(NamedTuple):
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


class Approval(NamedTuple):
    reference: str | None = None
    date: dt.date | None = None


class Derogation(NamedTuple):
    clause: str
    action: str
    status: str
    text: str = ""
    rationale: str = ""
    approval: Approval = Approval()
    against: str | None = None
    entry: int = 0  # its place in the profile's list of derogations
    text_at: tuple[int, int] = (1, 1)  # line, column of `text` in the profile
    clause_at: tuple[int, int] = (1, 1)  # line, column of `clause` in the profile
    requested: dt.date | None = None  # when the commissioner asked NHS England to approve it

    def applies_in(self, draft: bool) -> bool:
        """Approved wording is always applied; requested wording only in a draft."""
        return self.status == "approved" or (draft and self.status == "requested")


class Profile(NamedTuple):
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
    term: ContractTerm
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


def _signatory(item: dict[str, Any]) -> Signatory | None:
    found = item.get("signatory")
    return Signatory(found["name"].strip(), found["position"].strip()) if found else None


def _organisation(item: dict[str, Any] | None) -> Organisation | None:
    if not item:
        return None
    return Organisation(item["name"].strip(), item["kind"], _signatory(item))


def _commissioner(item: dict[str, Any]) -> Commissioner:
    return Commissioner(
        name=item["name"].strip(),
        kind=item["kind"],
        signatory=_signatory(item),
        coordinating=bool(item.get("coordinating")),
        delegated_primary_care=bool(item.get("delegated_primary_care")),
    )


def _practice(item: dict[str, Any]) -> Practice:
    entity = item.get("legal_entity")
    return Practice(
        name=item["name"].strip(),
        ods=item["ods"],
        contract=item["contract"],
        participation=item["participation"],
        dispensing=bool(item.get("dispensing", False)),
        gp_contract=item.get("gp_contract"),
        list_size=item.get("list_size"),
        legal_entity=LegalEntity(entity["name"].strip(), entity["kind"]) if entity else None,
        signatory=_signatory(item),
    )


def _partner(item: dict[str, Any]) -> LocalAuthorityPartner:
    return LocalAuthorityPartner(
        name=item["name"].strip(),
        services=tuple(s for s in SERVICES if s in item["services"]),
        signatory=_signatory(item),
        budgets=item.get("budgets", "aligned-budgets"),
    )


def _derogation(loaded: Loaded, index: int, item: dict[str, Any]) -> Derogation:
    approval = item.get("approval") or {}
    return Derogation(
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
        entry=index,
        text_at=_text_position(loaded, ("derogations", index, "text")),
        clause_at=loaded.where(("derogations", index, "clause")),
        requested=_date(item["requested"]["date"]) if item.get("requested") else None,
    )


def build_profile(loaded: Loaded) -> Profile:
    """A schema-valid profile as a frozen model (call only after validation)."""
    data = loaded.data
    basis = data.get("population_basis")
    return Profile(
        path=loaded.path,
        name=data["name"].strip(),
        edition=data.get("edition"),
        model=data["model"],
        care_model=data["care_model"],
        population=data["population"],
        services=tuple(s for s in SERVICES if s in data["services"]),
        commissioners=tuple(_commissioner(c) for c in data["commissioners"]),
        provider=_organisation(data.get("provider")),
        gp_federation=_organisation(data.get("gp_federation")),
        alliance_members=tuple(
            org for m in data.get("alliance_members") or [] if (org := _organisation(m))
        ),
        practices=tuple(_practice(p) for p in data.get("practices") or []),
        term=ContractTerm(_date(data["term"]["commencement"]), data["term"]["years"]),
        values=MappingProxyType(dict(data.get("values") or {})),
        derogations=tuple(
            _derogation(loaded, i, item) for i, item in enumerate(data.get("derogations") or [])
        ),
        population_basis=basis.strip() if basis else None,
        pooling_choice=data.get("pooling"),
        contract_date=_date(data["contract_date"]) if data.get("contract_date") else None,
        local_authority_partners=tuple(
            _partner(la) for la in data.get("local_authority_partners") or []
        ),
    )
