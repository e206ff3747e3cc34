"""Domain rules: what a schema cannot say about a local accountable care profile.

Each rule is a `DomainRule` (code, severity, summary, reason with its source, check),
registered by the modules below in the order the README lists them.
"""

from __future__ import annotations

from acocontract.domain import arrangement, derogations, particulars
from acocontract.domain.base import RULES, DomainRule, check_profile, rules_table

__all__ = [
    "RULES",
    "DomainRule",
    "arrangement",
    "check_profile",
    "derogations",
    "particulars",
    "rules_table",
]
