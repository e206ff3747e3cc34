"""Who is a party to each document, and how each signs it.

One list of parties per document, in the order the edition gives, feeds the cover ("between"),
the clause text (`parties`) and the execution page. How a party signs follows what it is: a
company signs by a director, a limited liability partnership by a member, an NHS body or a local
authority by an authorised signatory (a council may instead use its common seal), a practice
through the holder of its contract: a partnership by a partner, a company by a director, an
individual contractor in person.
"""

from __future__ import annotations

from typing import NamedTuple

from acocontract.model import Profile, Signatory
from acocontract.tailor import Tailored
from acocontract.tree import CoverParty, Execution, SignatureBlock

_DIRECTOR = ("company", "community-interest-company", "gp-federation")
_STATUTORY = ("nhs-trust", "nhs-foundation-trust", "ccg", "nhs-england", "other")


class Party(NamedTuple):
    name: str  # the name it contracts under
    role: str
    kind: str  # an organisation, commissioner or legal-entity kind; "practice" when unknown
    kind_name: str
    signatory: Signatory | None = None
    trading_as: str = ""  # a practice's own name, where its contract holder's differs

    @property
    def described(self) -> str:
        """The party as named in a signature block: "A and B trading as Elm Surgery"."""
        return f"{self.name} trading as {self.trading_as}" if self.trading_as else self.name


def _role(role: str, coordinating: bool) -> str:
    return f"Co-ordinating {role}" if coordinating else role


def parties(profile: Profile, tailored: Tailored) -> list[Party]:
    """Who signs one document, in the edition's order, with the role each signs in."""
    out: list[Party] = []
    for spec in tailored.spec.parties:
        if spec.source == "commissioners":
            lead = profile.coordinating_commissioner
            several = len(profile.commissioners) > 1
            for c in profile.commissioners:
                role = _role(spec.role, c is lead and several)
                out.append(Party(c.name, role, c.kind, c.kind_name, c.signatory))
        elif spec.source in ("provider", "gp_federation"):
            org = getattr(profile, spec.source)
            if org is not None:
                out.append(Party(org.name, spec.role, org.kind, org.kind_name, org.signatory))
        elif spec.source == "alliance_members":
            for m in profile.alliance_members:
                out.append(Party(m.name, spec.role, m.kind, m.kind_name, m.signatory))
        elif spec.source == "local_authority_partners":
            for la in profile.local_authority_partners:
                kind = "local-authority"
                out.append(Party(la.name, spec.role, kind, "local authority", la.signatory))
        elif spec.source == "practices":
            for p in profile.practices:
                if spec.participation and p.participation not in spec.participation:
                    continue
                entity = p.legal_entity
                kind_name = f"{p.contract} practice"
                if entity is None:
                    out.append(Party(p.name, spec.role, "practice", kind_name, p.signatory))
                else:
                    trading = p.name if entity.name != p.name else ""
                    party = Party(entity.name, spec.role, entity.kind, kind_name, p.signatory)
                    out.append(party._replace(trading_as=trading))
    return out


def signing_form(party: Party) -> str:
    """How the party signs, as its signature block says it."""
    who = party.described
    if party.kind in _DIRECTOR:
        return f"Signed for and on behalf of {who} by a director"
    if party.kind == "llp":
        return f"Signed for and on behalf of {who} by a member"
    if party.kind == "local-authority":
        return (
            f"Signed for and on behalf of {who} by its authorised signatory (or executed under "
            "its common seal where its constitution requires)"
        )
    if party.kind == "partnership":
        return f"Signed for and on behalf of {who} by a partner, with the authority of all partners"
    if party.kind == "individual":
        return f"Signed by {who}, the holder of the practice's contract, in person"
    if party.kind == "practice":
        return (
            f"Signed for and on behalf of {who} by the holder of its contract: a partner for a "
            "partnership, a director for a company, or the contractor in person"
        )
    return f"Signed for and on behalf of {who} by its authorised signatory"


def execution(short: str, signing: list[Party]) -> Execution:
    """The execution page: one block per party, filled in where the profile names a signatory."""
    blocks = tuple(
        SignatureBlock(
            p.described,
            p.role,
            signing_form(p),
            p.signatory.name if p.signatory else "",
            p.signatory.position if p.signatory else "",
        )
        for p in signing
    )
    text = (
        f"The parties sign this {short} on the dates written below. Each person signing for a "
        "party confirms that they are authorised to do so. The parties may sign separate "
        f"counterparts, which together form one {short}."
    )
    return Execution("execution", "Execution", text, blocks)


def cover_parties(signing: list[Party]) -> tuple[CoverParty, ...]:
    return tuple(CoverParty(p.described, p.role) for p in signing)
