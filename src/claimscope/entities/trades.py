"""Role nouns by trade (lang/*/groups.yaml `trades`, `generic_roles`): whether a bare role noun
may name a person the article described with other nouns. "La pénaliste" may be "l'avocate" (one
trade), "la juge" is not "le maire"; an office ("le procureur") is nobody the article follows
with another trade, while a description ("l'historien") or a role put in the past ("l'ancien
ministre") may be a second name for them."""

from __future__ import annotations

from claimscope.entities.people import Entity, role_key
from claimscope.lang import merged
from claimscope.text import fold

GENERIC_ROLES = frozenset(role_key(w) for w in merged("groups")["generic_roles"])
_TRADES = merged("groups")["trades"]
KINDS = ("offices", "descriptions", "situations")
TRADES = tuple(frozenset(role_key(w) for w in trade) for kind in KINDS for trade in _TRADES.get(kind, ()))
TRADE_WORDS = frozenset().union(*TRADES)
PROFESSIONS = frozenset(role_key(w) for kind in KINDS[:2] for trade in _TRADES[kind] for w in trade)
OFFICES = frozenset(role_key(w) for trade in _TRADES["offices"] for w in trade)
FORMER = frozenset(fold(w) for w in merged("claims")["former"])  # "l'ancien ministre", "the former mayor"


def answers_to(entity: Entity, role: str, offices_only: bool = False) -> bool:
    """The article gave this person no role noun of another trade than ``role``'s (lang/*/groups.yaml
    `trades`): "la pénaliste" may be "l'avocate", "la juge" is not "le maire"; a noun of no trade
    ("le candidat", "le fils") rules nobody out. ``offices_only``: only an office rules out ("le
    procureur" is not "l'avocat Jean Dupont"; "l'historien" may be "le colonel Michel Goya"). Someone
    the article left unnamed with a noun of no trade ("un Libanais", "une femme") plies no trade it
    did not give them ("le porte-parole"), though may be "la victime" (`situations`)."""
    theirs = entity.roles & TRADE_WORDS
    if entity.unnamed and not theirs and role in PROFESSIONS:
        return role in entity.roles  # "le porte-parole" is not the "Libanais" a vox pop quoted
    if not theirs or role not in TRADE_WORDS or (offices_only and role not in OFFICES):
        return True
    return bool(theirs & frozenset().union(*(trade for trade in TRADES if role in trade)))


def past_role(description: str) -> bool:
    """A role put in the past ("l'ancien ministre", "l'ex-ministre"): anyone may have held it."""
    return bool(FORMER & set(fold(description).replace("'", " ").replace("-", " ").split()))
