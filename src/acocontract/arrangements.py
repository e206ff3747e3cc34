"""The domain's vocabulary and its facts about arrangements, stated once.

What a model, a service, a kind of commissioner or a way of taking part is called, and which
ways of taking part each model allows (seed 000 §14-§17; 004 §8, §14). The domain rules
(`domain.py`), the variants matrix and the library lint's synthetic profiles all read these,
so none of them re-codes which practice fits which model.
"""

from __future__ import annotations

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
STATUTORY_KINDS = ("nhs-trust", "nhs-foundation-trust")
POOLING_NAMES = {
    "pooled-fund": "a pooled fund under section 75 of the NHS Act 2006",
    "aligned-budgets": "aligned budgets",
    "lead-commissioning": "lead commissioning under section 75 of the NHS Act 2006",
}
POOLINGS = tuple(POOLING_NAMES)
LEGAL_ENTITY_KINDS = {
    "partnership": "partnership",
    "company": "company",
    "individual": "individual medical practitioner",
}

# Services that only a local authority commissions (000 §8, §19).
LOCAL_AUTHORITY_SERVICES = frozenset({"social-care", "public-health"})
# Core general practice: only in the fully integrated model (000 §15, §16).
CORE_GP = "core-primary-medical"

# How practices may take part in each model, the first being the model's own way (000 §14-§17).
PARTICIPATION = {
    "virtual": ("alliance",),
    "partially-integrated": ("partially-integrated",),
    "fully-integrated": ("fully-integrated", "partially-integrated"),
}


def participation_for(model: str, *, dispensing: bool = False, mixed: bool = False) -> str:
    """How a practice takes part in a model: the model's own way, except that a dispensing
    practice (004 §14), or one that keeps its contract in a mixed economy, takes part
    partially where the model allows that."""
    allowed = PARTICIPATION[model]
    if (dispensing or mixed) and "partially-integrated" in allowed:
        return "partially-integrated"
    return allowed[0]


def needs_local_authority(services: set[str] | frozenset[str] | tuple[str, ...]) -> bool:
    return not LOCAL_AUTHORITY_SERVICES.isdisjoint(services)
