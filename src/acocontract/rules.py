"""Declarative applicability rules: evaluated against a profile and explained in words.

A rule is data (validated by clause.schema.json), never code:

    always
    {model: [fully-integrated]}             the model is one of these
    {care_model: [PACS]}                    the care model is one of these
    {services: [acute]}                     any of these services is in scope
    {services_all: [social-care, acute]}    all of these services are in scope
    {commissioners: [local-authority]}      a commissioner of one of these kinds takes part
    {participation: [partially-integrated]} a practice participates in one of these ways
    {pooling: [pooled-fund]}                 budgets come together in one of these ways
    {la_partners: [social-care]}             a local authority partner integrates one of these
    {all: [rule, ...]}  {any: [rule, ...]}  {not: rule}
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from acocontract.model import (
    COMMISSIONER_KINDS,
    MODEL_NAMES,
    POOLING_NAMES,
    SERVICE_NAMES,
    Profile,
)

Rule = Any  # "always" or a one-key mapping, as validated by clause.schema.json


@dataclass(frozen=True)
class Facts:
    """What a rule can look at."""

    model: str
    care_model: str
    services: frozenset[str]
    commissioner_kinds: frozenset[str]
    participations: frozenset[str]
    pooling: str | None = None
    la_partner_services: frozenset[str] = frozenset()

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
        )


def evaluate(rule: Rule, facts: Facts) -> bool:
    if rule is None or rule == "always":
        return True
    ((key, arg),) = rule.items()
    if key == "model":
        return facts.model in arg
    if key == "care_model":
        return facts.care_model in arg
    if key == "services":
        return bool(facts.services & set(arg))
    if key == "services_all":
        return set(arg) <= facts.services
    if key == "commissioners":
        return bool(facts.commissioner_kinds & set(arg))
    if key == "participation":
        return bool(facts.participations & set(arg))
    if key == "pooling":
        return facts.pooling in arg
    if key == "la_partners":
        return bool(facts.la_partner_services & set(arg))
    if key == "all":
        return all(evaluate(r, facts) for r in arg)
    if key == "any":
        return any(evaluate(r, facts) for r in arg)
    if key == "not":
        return not evaluate(arg, facts)
    raise ValueError(f"unknown rule key {key!r}")


def _either(words: Iterable[str], joiner: str = "or") -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {joiner} " + items[-1]


def _participation(word: str) -> str:
    return "the alliance" if word == "alliance" else f"a {MODEL_NAMES.get(word, word)} basis"


def describe(rule: Rule, *, negate: bool = False) -> str:
    """The rule as a clause of an English sentence ("acute hospital services are in scope")."""
    if rule is None or rule == "always":
        return "never" if negate else "always"
    ((key, arg),) = rule.items()
    is_ = "is not" if negate else "is"
    if key == "model":
        return f"the model {is_} " + _either(MODEL_NAMES[m] for m in arg)
    if key == "care_model":
        return f"the care model {is_} " + _either(arg)
    if key == "services":
        names = [SERVICE_NAMES[s] for s in arg]
        if negate:
            return ("neither " + " nor ".join(names) if len(names) > 1 else f"no {names[0]}") + (
                " is in scope" if len(names) > 1 else " are in scope"
            )
        return _either(names) + " are in scope" if len(names) > 1 else f"{names[0]} are in scope"
    if key == "services_all":
        names = [SERVICE_NAMES[s] for s in arg]
        if negate:
            return "not all of " + _either(names, "and") + " are in scope"
        return _either(names, "and") + " are in scope"
    if key == "commissioners":
        kinds = _either(COMMISSIONER_KINDS[k] for k in arg)
        return f"no {kinds} is a commissioner" if negate else f"a {kinds} is a commissioner"
    if key == "participation":
        ways = _either(_participation(p) for p in arg)
        return f"no practice takes part on {ways}" if negate else f"a practice takes part on {ways}"
    if key == "pooling":
        ways = _either(POOLING_NAMES[p] for p in arg)
        return f"the budgets are {'not ' if negate else ''}brought together by {ways}"
    if key == "la_partners":
        services = _either(SERVICE_NAMES[s] for s in arg)
        if negate:
            return f"no local authority partner integrates its {services}"
        return f"a local authority partner integrates its {services}"
    if key == "all":
        if negate:
            return _either((describe(r, negate=True) for r in arg), "or")
        return _either((describe(r) for r in arg), "and")
    if key == "any":
        if negate:
            return _either((describe(r, negate=True) for r in arg), "and")
        return _either((describe(r) for r in arg), "or")
    if key == "not":
        return describe(arg, negate=not negate)
    raise ValueError(f"unknown rule key {key!r}")


def applicability(rule: Rule) -> str:
    """When a clause applies, in words (for `acocontract clauses`)."""
    if rule is None or rule == "always":
        return "applies to every model"
    return "applies only when " + describe(rule)


def decide(rule: Rule, facts: Facts) -> tuple[bool, str]:
    """Whether the rule holds, with the reason a user reads in the manifest."""
    if rule is None or rule == "always":
        return True, "applies to every model"
    if evaluate(rule, facts):
        return True, "applies: " + describe(rule)
    return False, "left out: " + applicability(rule)
