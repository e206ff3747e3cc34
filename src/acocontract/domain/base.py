"""What a domain rule is, the registry of rules, and running them over a profile.

Every rule is one object: a stable code, a severity, a one-line summary (the README's rule
table is generated from these), the reason behind it with the seed document it comes from
(`../shared/seeds/`: 000 = NHS England, "Integrating care: contracting for accountable models",
Aug 2017; 001 = BMA GPC, "ACO and ACS"; 004 = NHS England, "Summary of public engagement on the
draft MCP Contract", Aug 2017), and its check. A check yields findings (where in the profile,
what, and a hint); `check_profile` turns them into located diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from acocontract.errors import Diagnostic, warning
from acocontract.library import Edition
from acocontract.loader import Loaded, YamlPath
from acocontract.model import Profile
from acocontract.tailor import Tailored


class Finding(NamedTuple):
    path: YamlPath
    message: str
    hint: str = ""
    key: bool = False  # located at the key rather than its value


class Subject(NamedTuple):
    """What a rule looks at: the profile, where its values are, its edition and documents."""

    profile: Profile
    loaded: Loaded
    edition: Edition
    tailored: list[Tailored]

    def position(self, key: str, value: str) -> int:
        items = list(self.loaded.data.get(key) or [])
        return items.index(value) if value in items else 0


Check = Callable[[Subject], Iterator[Finding]]


class DomainRule(NamedTuple):
    code: str
    severity: str  # "error" | "warning"
    summary: str
    reason: str
    check: Check


RULES: list[DomainRule] = []


def rule(code: str, severity: str, summary: str, reason: str) -> Callable[[Check], Check]:
    """Register a rule's check under its code."""

    def register(check: Check) -> Check:
        RULES.append(DomainRule(code, severity, summary, reason, check))
        return check

    return register


def check_profile(
    profile: Profile, loaded: Loaded, edition: Edition, tailored: list[Tailored]
) -> list[Diagnostic]:
    """Every domain rule over a schema-valid profile (and its tailored documents)."""
    subject = Subject(profile, loaded, edition, tailored)
    out = []
    for domain_rule in RULES:
        for found in domain_rule.check(subject):
            diag = loaded.diag(
                found.path, domain_rule.code, found.message, found.hint, key=found.key
            )
            if domain_rule.severity == "warning":
                diag = warning(*_fields(diag))
            out.append(diag)
    return out


def _fields(d: Diagnostic) -> tuple[str, int, int, str, str, str]:
    return (d.path, d.line, d.column, d.code, d.message, d.hint)


def rules_table() -> str:
    """The README's table of domain rules, from the rules themselves."""
    lines = ["| code | severity | rule |", "|---|---|---|"]
    lines += [f"| `{r.code}` | {r.severity} | {r.summary} |" for r in RULES]
    return "\n".join(lines)
