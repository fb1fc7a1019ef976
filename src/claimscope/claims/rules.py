"""The claim rules of ``data/claims.yaml``, folded once for matching."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from claimscope.data import load
from claimscope.nlp.french import er_forms
from claimscope.text import fold


def _folded(words: list[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


def _with_forms(words: dict[str, str]) -> dict[str, str]:
    """Trigger verbs with their inflected forms, for tokens the tagger left unlemmatised."""
    forms = {fold(form): words[verb] for form, verb in er_forms(words).items()}
    return {**forms, **words}


@dataclass(frozen=True)
class ClaimRules:
    control_triggers: dict[str, str]  # folded word -> captor | loser
    partial: frozenset[str]
    contested: frozenset[str]
    place_anaphors: frozenset[str]
    region_words: frozenset[str]
    taker_markers: frozenset[str]
    settlements: frozenset[str]
    theatres: dict[str, tuple[str, str]]  # country -> (defender, attacker)
    actors: dict[str, str]  # folded adjective -> actor
    actor_names: dict[str, str]  # folded country or capital -> actor, as subject or agent only
    meeting_triggers: frozenset[str]
    planned: frozenset[str]
    outcomes: frozenset[str]
    venues: dict[str, str]
    relations: dict[str, str]
    roles: dict[str, str]
    institutions: dict[str, str]  # folded institution -> role whose holder it stands for
    head_of_state_roles: frozenset[str]
    former: frozenset[str]
    nations: dict[str, tuple[str, str]]  # folded adjective -> (country, head-of-state role)
    organisations: dict[str, str]
    ministers: frozenset[str]
    portfolios: dict[str, str]  # folded portfolio -> English
    national_roles: frozenset[str]
    country_words: frozenset[str]
    clause_words: frozenset[str]
    negators: frozenset[str]
    wholly: frozenset[str]
    own_side: frozenset[str]
    own_side_reported: frozenset[str]
    locatives: frozenset[str]
    genitives: frozenset[str]
    denial_words: frozenset[str]
    hedges: frozenset[str]
    anaphoric_contents: frozenset[str]
    party_names: dict[str, str]
    observers: frozenset[str]
    party_words: dict[str, str]

    @property
    def title_nouns(self) -> frozenset[str]:
        """Nouns that describe someone by another person or body: relations and roles."""
        return frozenset({*self.relations, *self.roles})

    def phrases_in(self, words: frozenset[str], folded_text: str) -> list[str]:
        """Which of ``words`` (single words or phrases) occur in a folded text, as whole words."""
        padded = f" {folded_text} "
        return [w for w in words if f" {w} " in padded]


@cache
def rules() -> ClaimRules:
    data = load("claims")
    control, meeting, stance, parties = data["control"], data["meeting"], data["stance"], data["parties"]
    return ClaimRules(
        control_triggers=_with_forms({fold(k): v for k, v in control["triggers"].items()}),
        partial=_folded(control["partial"]),
        contested=_folded(control["contested"]),
        place_anaphors=_folded(control["anaphors"]),
        region_words=_folded(control["regions"]),
        taker_markers=_folded(control["taker_markers"]),
        settlements=_folded(control["settlements"]),
        theatres={k: (v["defender"], v["attacker"]) for k, v in control["theatres"].items()},
        actors={fold(w): actor for actor, words in data["actors"].items() for w in words},
        actor_names={fold(w): actor for actor, words in data["actor_names"].items() for w in words},
        meeting_triggers=frozenset(_with_forms({fold(w): w for w in meeting["triggers"]})),
        planned=_folded(meeting["planned"]),
        outcomes=_folded(meeting["outcome"]),
        venues={fold(k): v for k, v in meeting["venues"].items()},
        relations={fold(k): v for k, v in data["relations"].items()},
        roles={fold(k): v for k, v in data["roles"].items()},
        institutions={fold(k): v for k, v in data["institutions"].items()},
        head_of_state_roles=frozenset(data["head_of_state_roles"]),
        former=_folded(data["former"]),
        nations={fold(k): (v["country"], v["head"]) for k, v in data["nations"].items()},
        organisations={fold(k): v for k, v in data["organisations"].items()},
        ministers=_folded(data["ministers"]),
        portfolios={fold(k): v for k, v in data["portfolios"].items()},
        national_roles=frozenset(data["national_roles"]),
        country_words=_folded(data["country_words"]),
        clause_words=_folded(data["clause_words"]),
        negators=_folded(stance["negators"]),
        wholly=_folded(stance["wholly"]),
        own_side=_folded(stance["own_side"]),
        own_side_reported=_folded(stance["own_side_reported"]),
        locatives=_folded(meeting["locatives"]),
        genitives=_folded(meeting["genitives"]),
        denial_words=_folded(stance["denial_words"]),
        hedges=_folded(stance["hedges"]),
        anaphoric_contents=_folded(stance["anaphoric_contents"]),
        party_names=dict(parties["names"]),
        observers=_folded(parties["observers"]),
        party_words={fold(w): party for party, words in parties["words"].items() for w in words},
    )
