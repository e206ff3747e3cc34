"""Declarative applicability rules: parsed from data, evaluated against a profile, read in words.

A rule is data in a clause file (validated by clause.schema.json), never code:

    always
    {model: [fully-integrated]}             the model is one of these
    {care_model: [PACS]}                    the care model is one of these
    {services: [acute]}                     any of these services is in scope
    {services_all: [social-care, acute]}    all of these services are in scope
    {commissioners: [local-authority]}      a commissioner of one of these kinds takes part
    {participation: [partially-integrated]} a practice participates in one of these ways
    {pooling: [pooled-fund]}                budgets come together in one of these ways
    {la_partners: [social-care]}            a local authority partner integrates one of these
    {la_budgets: [pooled-fund]}             a local authority partner's budget comes together so
    {all: [rule, ...]}  {any: [rule, ...]}  {not: rule}

`parse_rule` turns the data into one small immutable class per kind of rule, each with
`evaluate` (does it hold for these facts?), `describe` (the rule as part of an English
sentence) and `to_data` (the rule as the data it was read from).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from acocontract.arrangements import (
    COMMISSIONER_KINDS,
    MODEL_NAMES,
    POOLING_NAMES,
    SERVICE_NAMES,
)
from acocontract.model import Profile


class Facts(NamedTuple):
    """What a rule can look at."""

    model: str
    care_model: str
    services: frozenset[str]
    commissioner_kinds: frozenset[str]
    participations: frozenset[str]
    pooling: str | None = None
    la_partner_services: frozenset[str] = frozenset()
    la_partner_budgets: frozenset[str] = frozenset()

    @classmethod
    def of(cls, profile: Profile) -> Facts:
        return cls(
            model=profile.model,
            care_model=profile.care_model,
            services=frozenset(profile.services),
            commissioner_kinds=profile.commissioner_kinds,
            participations=profile.participations,
            pooling=profile.pooling,
            la_partner_services=frozenset(
                s for la in profile.local_authority_partners for s in la.services
            ),
            la_partner_budgets=frozenset(la.budgets for la in profile.local_authority_partners),
        )


def either(words: Iterable[str], joiner: str = "or") -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {joiner} " + items[-1]


class Always(NamedTuple):
    def evaluate(self, facts: Facts) -> bool:
        return True

    def describe(self, *, negate: bool = False) -> str:
        return "never" if negate else "always"

    def to_data(self) -> Any:
        return "always"


class ModelIs(NamedTuple):
    values: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool:
        return facts.model in self.values

    def describe(self, *, negate: bool = False) -> str:
        return f"the model {'is not' if negate else 'is'} " + either(
            MODEL_NAMES[m] for m in self.values
        )

    def to_data(self) -> Any:
        return {"model": list(self.values)}


class CareModelIs(NamedTuple):
    values: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool:
        return facts.care_model in self.values

    def describe(self, *, negate: bool = False) -> str:
        return f"the care model {'is not' if negate else 'is'} " + either(self.values)

    def to_data(self) -> Any:
        return {"care_model": list(self.values)}


class AnyService(NamedTuple):
    values: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool:
        return not facts.services.isdisjoint(self.values)

    def describe(self, *, negate: bool = False) -> str:
        names = [SERVICE_NAMES[s] for s in self.values]
        if len(names) > 1:
            if negate:
                return "neither " + " nor ".join(names) + " is in scope"
            return either(names) + " are in scope"
        return f"no {names[0]} are in scope" if negate else f"{names[0]} are in scope"

    def to_data(self) -> Any:
        return {"services": list(self.values)}


class AllServices(NamedTuple):
    values: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool:
        return facts.services.issuperset(self.values)

    def describe(self, *, negate: bool = False) -> str:
        names = either((SERVICE_NAMES[s] for s in self.values), "and")
        return f"not all of {names} are in scope" if negate else f"{names} are in scope"

    def to_data(self) -> Any:
        return {"services_all": list(self.values)}


class CommissionerKind(NamedTuple):
    values: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool:
        return not facts.commissioner_kinds.isdisjoint(self.values)

    def describe(self, *, negate: bool = False) -> str:
        kinds = either(COMMISSIONER_KINDS[k] for k in self.values)
        return f"no {kinds} is a commissioner" if negate else f"a {kinds} is a commissioner"

    def to_data(self) -> Any:
        return {"commissioners": list(self.values)}


def _way(word: str) -> str:
    return "the alliance" if word == "alliance" else f"a {MODEL_NAMES.get(word, word)} basis"


class Participation(NamedTuple):
    values: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool:
        return not facts.participations.isdisjoint(self.values)

    def describe(self, *, negate: bool = False) -> str:
        ways = either(_way(p) for p in self.values)
        return f"no practice takes part on {ways}" if negate else f"a practice takes part on {ways}"

    def to_data(self) -> Any:
        return {"participation": list(self.values)}


class Pooling(NamedTuple):
    values: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool:
        return facts.pooling in self.values

    def describe(self, *, negate: bool = False) -> str:
        ways = either(POOLING_NAMES[p] for p in self.values)
        return f"the budgets are {'not ' if negate else ''}brought together by {ways}"

    def to_data(self) -> Any:
        return {"pooling": list(self.values)}


class LocalAuthorityPartner(NamedTuple):
    values: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool:
        return not facts.la_partner_services.isdisjoint(self.values)

    def describe(self, *, negate: bool = False) -> str:
        services = either(SERVICE_NAMES[s] for s in self.values)
        who = "no local authority partner" if negate else "a local authority partner"
        return f"{who} integrates its {services}"

    def to_data(self) -> Any:
        return {"la_partners": list(self.values)}


class LocalAuthorityBudgets(NamedTuple):
    values: tuple[str, ...]

    def evaluate(self, facts: Facts) -> bool:
        return not facts.la_partner_budgets.isdisjoint(self.values)

    def describe(self, *, negate: bool = False) -> str:
        ways = either(POOLING_NAMES[p] for p in self.values)
        who = "no local authority partner" if negate else "a local authority partner"
        return f"{who} brings its budget together with the provider's by {ways}"

    def to_data(self) -> Any:
        return {"la_budgets": list(self.values)}


class AllOf(NamedTuple):
    rules: tuple[Rule, ...]

    def evaluate(self, facts: Facts) -> bool:
        return all(r.evaluate(facts) for r in self.rules)

    def describe(self, *, negate: bool = False) -> str:
        return either((r.describe(negate=negate) for r in self.rules), "or" if negate else "and")

    def to_data(self) -> Any:
        return {"all": [r.to_data() for r in self.rules]}


class AnyOf(NamedTuple):
    rules: tuple[Rule, ...]

    def evaluate(self, facts: Facts) -> bool:
        return any(r.evaluate(facts) for r in self.rules)

    def describe(self, *, negate: bool = False) -> str:
        return either((r.describe(negate=negate) for r in self.rules), "and" if negate else "or")

    def to_data(self) -> Any:
        return {"any": [r.to_data() for r in self.rules]}


class Not(NamedTuple):
    rule: Rule

    def evaluate(self, facts: Facts) -> bool:
        return not self.rule.evaluate(facts)

    def describe(self, *, negate: bool = False) -> str:
        return self.rule.describe(negate=not negate)

    def to_data(self) -> Any:
        return {"not": self.rule.to_data()}


Leaf = (
    ModelIs
    | CareModelIs
    | AnyService
    | AllServices
    | CommissionerKind
    | Participation
    | Pooling
    | LocalAuthorityPartner
    | LocalAuthorityBudgets
)
Rule = Always | Leaf | AllOf | AnyOf | Not


ALWAYS = Always()
LEAVES: dict[str, Any] = {
    "model": ModelIs,
    "care_model": CareModelIs,
    "services": AnyService,
    "services_all": AllServices,
    "commissioners": CommissionerKind,
    "participation": Participation,
    "pooling": Pooling,
    "la_partners": LocalAuthorityPartner,
    "la_budgets": LocalAuthorityBudgets,
}


def parse_rule(data: Any) -> Rule:
    """A schema-valid rule (clause.schema.json#/$defs/rule) as a Rule."""
    if data is None or data == "always":
        return ALWAYS
    ((key, arg),) = data.items()
    if key == "all":
        return AllOf(tuple(parse_rule(r) for r in arg))
    if key == "any":
        return AnyOf(tuple(parse_rule(r) for r in arg))
    if key == "not":
        return Not(parse_rule(arg))
    leaf: Rule = LEAVES[key](tuple(arg))
    return leaf


def rule_keys(rule: Rule) -> set[str]:
    """The kinds of fact a rule looks at: {"services", "pooling"}."""
    if isinstance(rule, Always):
        return set()
    if isinstance(rule, AllOf | AnyOf):
        return set().union(*(rule_keys(r) for r in rule.rules))
    if isinstance(rule, Not):
        return rule_keys(rule.rule)
    return set(rule.to_data())


def applicability(rule: Rule) -> str:
    """When a clause applies, in words (for `acocontract clauses`)."""
    if isinstance(rule, Always):
        return "applies to every model"
    return "applies only when " + rule.describe()


def decide(rule: Rule, facts: Facts) -> tuple[bool, str]:
    """Whether the rule holds, with the reason a user reads in the manifest."""
    if isinstance(rule, Always):
        return True, "applies to every model"
    if rule.evaluate(facts):
        return True, "applies: " + rule.describe()
    return False, "left out: " + applicability(rule)
