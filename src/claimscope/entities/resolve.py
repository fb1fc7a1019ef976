"""Speaker resolution inside one document: names, pronouns, roles, metonyms, groups.

Speakers are resolved in reading order against the article's discourse entities
(`discourse.py`): a pronoun goes to the most salient person of its gender, a role noun ("le
ministre", "la pénaliste") to the person the article introduced with it, or else to the person
the article is following; the knowledge base is one source among others.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import partial

from claimscope.attribution.audience import news_medium
from claimscope.entities.acronyms import acronyms, spelled_out
from claimscope.entities.discourse import DEFINITE, Discourse, Entity, proper_marks, role_key
from claimscope.entities.gazetteer import gazetteer
from claimscope.entities.kb import KnowledgeBase, knowledge
from claimscope.entities.mentions import describing_words, first_person_speaker, name_entities, outlet_names
from claimscope.entities.organisations import fuller_names, named_organisation
from claimscope.entities.places import DEMONSTRATIVES, home_government, is_place, someone_of
from claimscope.entities.pronouns import Resolved, pronoun_speaker
from claimscope.entities.roles import described, informant_of, known_role
from claimscope.entities.text import (
    addressed,
    description,
    fullness,
    group_name,
    honorific_gender,
    not_voices,
    outlet_named,
    titled,
    untitled,
    within,
    without_honorific,
)
from claimscope.lang import load, merged
from claimscope.nlp.names import given_name_gender
from claimscope.nlp.parsing import ParsedDocument
from claimscope.records import Attribution, EntityMention, Mention, Span, SpeakerType
from claimscope.text import fold

GROUPS = merged("groups")
OWN_GOVERNMENT = frozenset(fold(w) for w in GROUPS["own_government"])
ANAPHORIC_HEADS = frozenset(fold(w) for w in GROUPS["anaphoric_heads"])
POSSESSIVES = frozenset(GROUPS["possessives"])
ISSUED_DETERMINERS = frozenset(fold(w) for w in GROUPS.get("issued_determiners", ()))
_OTHER = {"m": "f", "f": "m"}


class DocumentResolver:
    def __init__(
        self,
        parsed: ParsedDocument,
        kb: KnowledgeBase,
        reported: Sequence[Span] = (),
        speakers: Sequence[Mention] = (),
    ):
        self.kb = kb
        self.when: date | None = parsed.document.published
        self.history: list[Resolved] = []
        self.person_names = [e for e in parsed.entities if e.label == "PER"]
        # every name the article gives a person, in reading order, without its title: the names
        # the recogniser found and those inside speakers' designations ("Minister … Brian Manning")
        named = [(e.span.start, e.text) for e in self.person_names]
        named += [(m.span.start, m.proper_name) for m in speakers if m.proper_name]
        self.names = [untitled(text) for _, text in sorted(named)]
        self._canonical: dict[str, str] = {}
        self.text = parsed.document.text
        self.parsed = parsed
        # names the recogniser reads as organisations in this article, never as places ("Massy said"
        # of a grocery chain, whatever town of that name the gazetteer knows)
        labelled = [(fold(e.text), e.label) for e in parsed.entities]
        self.firms = {t for t, label in labelled if label == "ORG"} - {t for t, label in labelled if label == "LOC"}
        self.organisations = sorted((e.span.start, description(e.text)) for e in parsed.entities if e.label == "ORG")
        self.acronyms = acronyms(self.text)
        self.outlets = outlet_names(parsed, kb)  # "German outlet Bild", taken for a person
        self.not_voices: set[int] = set()  # ids of mentions that name a place or a thing, not a voice
        self.home_government = home_government(parsed.entities, kb)
        words = load(parsed.document.language or "", "groups") or {}
        self.refer_back = frozenset(fold(w) for w in words.get("refer_back", ()))
        self.issued = frozenset(fold(w) for w in words.get("issued", ()))
        self.epithets = frozenset(fold(w) for w in words.get("epithets", ()))  # "the company", "the grocery giant"
        self.informants = frozenset(fold(w) for w in words.get("informants", ()))
        self.coordinator = str(words.get("coordinator", "and"))  # "X and Y": a group named by both
        self.pairs = frozenset(fold(w) for w in words.get("pairs", ()))  # "the pair": the last two people
        self.both = frozenset(fold(w) for w in words.get("both", ()))  # "the two leaders", "both men"
        self.discourse = Discourse(
            parsed, reported, [m.span for m in speakers], self.canonical_person, kb.gender_of, kb.pronouns
        )

    # -- names -------------------------------------------------------------------------
    def canonical_person(self, name: str) -> str:
        """KB name for a known spelling; else the fullest form of the name in this document."""
        if name not in self._canonical:
            self._canonical[name] = self._canonical_person(name)
        return self._canonical[name]

    def _canonical_person(self, name: str) -> str:
        """A bare surname is the person the article first named with it ("Meadows" after "Rep.
        Mark Meadows", not "Debbie Meadows" further down), in the fullest form it gives them."""
        person = self.kb.person(name)
        if person:
            return person.name
        words = name.split()
        addressed = honorific_gender().get(fold(words[0])) if len(words) > 1 else None  # "Mr Anderson": a man
        name = untitled(without_honorific(name))
        clean = [
            n for n in self.names if not titled(n) and (addressed is None or given_name_gender(n) != _OTHER[addressed])
        ]
        if titled(name):  # "Minister in the Ministry of Trade Gerald Pruett", taken whole for a name
            name = max((n for n in clean if within(n, name)), key=len, default=name)
        first = next((n for n in clean if within(name, n) and not within(n, name)), name)
        best = max((n for n in clean if within(first, n)), key=fullness, default=first)
        person = self.kb.person(best)
        return person.name if person else " ".join(best.split())

    # -- mentions ----------------------------------------------------------------------
    def resolve(self, mention: Mention) -> None:
        if mention.name is not None:
            return
        name, type_, heads = self._resolve(mention)
        around = partial(describing_words, self.parsed, mention.span)
        body = self.kb.organisation(name, around) if name is not None and type_ is not SpeakerType.PERSON else None
        if body is not None:  # "le ministère russe de la Défense", "Russia's Defence Ministry": one body
            name, type_ = body, SpeakerType.ORGANISATION
        mention.name, mention.type = name, type_
        if name is None:
            return
        gender = self.kb.gender_of(name) if type_ is SpeakerType.PERSON else None
        number = "plur" if type_ is SpeakerType.GROUP else mention.number
        self.history.append(Resolved(name, type_, gender or mention.gender, number, heads, mention.span.start))
        if type_ is SpeakerType.PERSON:
            described = mention.form == "noun" or someone_of(mention)  # "la préfète … Hélène Marchal", "un Libanais"
            roles = {*heads, role_key(mention.head_lemma)} if described else set(heads)
            marks = proper_marks(mention.text) if described else set()
            unnamed = described and name == description(mention.text)  # "le maire", no one named
            self.discourse.spoke(name, mention.span.start, roles, marks, unnamed)

    def _resolve(self, mention: Mention) -> tuple[str | None, SpeakerType, frozenset[str]]:
        text = mention.text
        if mention.form == "pronoun":
            return pronoun_speaker(fold(text), mention.span.start, self.kb, self.discourse, self.history)
        if len(mention.members) > 1:  # "Oleg Marchenko and Anna Kovalchuk said": both of them
            return self._together([self.canonical_person(m) for m in mention.members], mention.span.start)
        holders = self._holders(mention)
        if holders:  # "le président français et le chancelier allemand": both of them
            return self._together(holders, mention.span.start)
        if self._pair(mention):  # "the pair", "the two leaders" after "A met B"
            pair = self.discourse.last_two(mention.span.start)
            if pair:
                return self._together([e.name for e in pair], mention.span.start)
        if named := outlet_named(text):  # "le quotidien Le Monde", "la chaîne Sky News"
            return news_medium(named) or named, SpeakerType.ORGANISATION, frozenset()
        if (medium := news_medium(text)) and not self._document_person(text):  # "le Washington Post"
            return medium, SpeakerType.ORGANISATION, frozenset()
        government = self.kb.government(text) or (
            self.kb.government(mention.head_lemma) if mention.form == "name" else None
        )
        if government and not (mention.proper_name and self.kb.person(mention.proper_name)):
            return government, SpeakerType.GOVERNMENT, frozenset()
        if mention.form != "pronoun" and not mention.proper_name and self._document_person(text):
            return self.canonical_person(text), SpeakerType.PERSON, frozenset()
        if fold(description(text)) in OWN_GOVERNMENT and self.home_government:
            return self.home_government, SpeakerType.GOVERNMENT, frozenset()
        issuer = self._issuer(mention)
        if issuer is not None:
            return issuer.name, issuer.type, frozenset()
        if mention.form == "noun" and self._thing(mention, role_key(mention.head_lemma)):
            owner = self._owner(mention)
            if owner:
                return owner.name, SpeakerType.PERSON, frozenset()
            self.not_voices.add(id(mention))  # "cette annonce souligne…", "les chiffres montrent…"
            return None, SpeakerType.UNKNOWN, frozenset()
        if mention.number == "plur" and not self.kb.person(mention.proper_name or text):
            return description(text), SpeakerType.GROUP, frozenset()
        if fold(text) in self.outlets:
            return text, SpeakerType.ORGANISATION, frozenset()  # "according to Bild" after "German outlet Bild"
        if mention.proper_name:
            role = self.kb.role_holder(text, self.when)
            heads = frozenset({role[1].split()[0]}) if role else frozenset()
            return self.canonical_person(addressed(text, mention.proper_name)), SpeakerType.PERSON, heads
        spelled = self._spelled_out(description(text))
        if spelled:  # "l'OMM", defined earlier in the article; "the IMF" after "the International Monetary Fund"
            return spelled, SpeakerType.ORGANISATION, frozenset()
        if someone_of(mention):  # "a expliqué un Libanais", "un Russe" (tagged a common noun)
            return description(text), SpeakerType.PERSON, frozenset()
        if mention.form == "name":
            if self.kb.person(text) or mention.proper_name:
                return self.canonical_person(text), SpeakerType.PERSON, frozenset()
            if is_place(description(text)) and fold(description(text)) not in self.firms:
                self.not_voices.add(id(mention))  # "la Gironde a affirmé": no metonym known
                return None, SpeakerType.UNKNOWN, frozenset()
            return description(text), SpeakerType.ORGANISATION, frozenset()
        known = known_role(self.kb, self.discourse, mention, self.when)
        if known:
            return known
        desc = description(text)
        head = role_key(mention.head_lemma)
        if head not in self.kb.person_heads:
            desc = desc.split(",")[0].strip()
        if fold(desc) == head or fold(desc).split() == [head]:
            found = self._titled(head, mention.span.start)
            if found:
                return found.name, found.type, found.title_heads
        if head in self.kb.anyone_heads and mention.number == "sing":
            return desc, SpeakerType.PERSON, frozenset()  # "le patient", "cet homme": whoever it is
        if head in self.kb.person_heads or self.discourse.is_role(head):
            person = described(self.kb, self.discourse, mention, head)
            return (person or desc), SpeakerType.PERSON, frozenset({head})
        informant = informant_of(self.discourse, self.informants, mention, head)
        if informant is not None:
            return informant, SpeakerType.PERSON, frozenset({head})
        if head in self.kb.group_heads or mention.number == "plur":
            return desc, SpeakerType.GROUP, frozenset()
        if head in self.kb.organisation_heads or head in self.epithets:
            named = self._named_organisation(mention, head)
            if named is not None:  # "the ministry" after "the Defence Ministry of Ukraine", "the company"
                return named, SpeakerType.ORGANISATION, frozenset()
            earlier = self._referred(mention, head)
            if earlier is not None:
                return earlier.name, earlier.type, earlier.title_heads
            return self._owned(mention, desc), SpeakerType.ORGANISATION, frozenset()
        return desc, SpeakerType.UNKNOWN, frozenset()

    def _pair(self, mention: Mention) -> bool:
        """A definite noun for two people: "the pair", "the couple", "the two leaders", "both men"."""
        words = fold(mention.text).split()
        head = role_key(mention.head_lemma)
        if mention.form != "noun" or not words or len(words) > 3:
            return False
        if head in self.pairs and mention.number == "sing":
            return words[0] in self.both or fold(mention.text).startswith(DEFINITE)
        persons = head in self.kb.person_heads or head in self.kb.group_heads
        return persons and mention.number == "plur" and bool(self.both & set(words[:2]))

    def _holders(self, mention: Mention) -> list[str]:
        """The holders of the roles a coordination joins, if each is a known role's (else none:
        "le ministre et ses conseillers" stays the minister's)."""
        found = [
            known_role(self.kb, self.discourse, replace(mention, text=role, roles=()), self.when)
            for role in mention.roles
        ]
        holders = [f[0] for f in found if f is not None and f[1] is SpeakerType.PERSON]
        return holders if len(holders) == len(mention.roles) > 1 and len(set(holders)) > 1 else []

    def _together(self, names: list[str], offset: int) -> tuple[str, SpeakerType, frozenset[str]]:
        """People who speak together, each of whom has spoken: a group named by all of them."""
        for name in names:
            self.discourse.spoke(name, offset)
        return group_name(names, self.coordinator), SpeakerType.GROUP, frozenset()

    def _spelled_out(self, short: str) -> str | None:
        if short not in self.acronyms:
            self.acronyms[short] = spelled_out(short, self.text) or ""
        return self.acronyms[short] or None

    def _thing(self, mention: Mention, head: str) -> bool:
        """A noun phrase that names a thing, not a voice: a head noun of things, or a head that
        names no person, group or organisation after a demonstrative ("ce geste symbolique")."""
        if head in self.kb.person_heads | self.kb.anyone_heads | self.kb.group_heads | self.kb.organisation_heads:
            return False
        if self.discourse.is_role(head) or head in ANAPHORIC_HEADS:
            return False
        if head in not_voices():
            return True
        first = fold(mention.text).split()[0] if mention.text.split() else ""  # "ce Français": a person
        return first in DEMONSTRATIVES and mention.number == "sing" and not gazetteer().is_nationality(head)

    def _named_organisation(self, mention: Mention, head: str) -> str | None:
        """The body "the ministry" points back to; a known body that spoke before under a name
        the one found is part of ("Defense Ministry" of "Ukraine's Defense Ministry") is that body."""
        spoken = [(c.offset, c.name) for c in self.history if c.type is SpeakerType.ORGANISATION]
        found = named_organisation(mention, head, self.organisations, spoken, self.names, self.epithets)
        if found is None or self.kb.organisation(found):
            return found
        known = (name for at, name in reversed(spoken) if at < mention.span.start and self.kb.organisation(name))
        return next((n for n in known if any(within(found, a) for a in self.kb.spellings.get(n, []))), found)

    def _referred(self, mention: Mention, head: str) -> Resolved | None:
        """ "the think tank", "the agency" in a language that refers back so: the latest
        organisation that spoke, when the noun is bare (no proper word of its own)."""
        if head not in self.refer_back or not fold(mention.text).startswith(DEFINITE) or proper_marks(mention.text):
            return None
        for candidate in reversed(self.history):
            if candidate.offset < mention.span.start and candidate.type is SpeakerType.ORGANISATION:
                return candidate
        return None

    def _issuer(self, mention: Mention) -> Resolved | None:
        """ "Another release confirmed…", "the statement said": a document speaks for whoever
        issued it, the last speaker, when nobody is named in the phrase."""
        if mention.form != "noun" or role_key(mention.head_lemma) not in self.issued or proper_marks(mention.text):
            return None
        words = fold(mention.text).split()  # "the statement", "a social media post": a determiner, words, the noun
        if not words or (words[1:] and words[0] not in ISSUED_DETERMINERS) or any(q in mention.text for q in "'\u2019"):
            return None  # "his statement", "the ministry's post": the phrase says whose
        if role_key(words[-1]) != role_key(mention.head_lemma):
            return None  # "a statement by the ministry"
        return next((c for c in reversed(self.history) if c.offset < mention.span.start), None)

    def _owner(self, mention: Mention) -> Entity | None:
        """The person whose thing it is: "son objectif" after "Antoine Armand a pris la parole"."""
        words = fold(mention.text).split()
        if not words or words[0] not in POSSESSIVES or words[0].startswith("leur"):
            return None
        return self.discourse.salient(mention.span.start)

    def _owned(self, mention: Mention, desc: str) -> str:
        """A possessed organisation ("son cabinet") is that of the person the article follows."""
        owner = self._owner(mention)
        return f"{' '.join(desc.split()[1:])} de {owner.name}" if owner else desc

    def _document_person(self, text: str) -> bool:
        """A capitalised word or two that a person named in this document goes by ("Kovalenko"),
        or that the knowledge base knows a person by ("Zelenskyy", which the tagger may take for
        a common noun)."""
        words = text.split()
        if not words or len(words) > 3 or not all(w[:1].isupper() for w in words):
            return False
        if self.kb.person(text):
            return True
        folded = set(fold(text).split())
        return any(folded <= set(fold(e.text).split()) for e in self.person_names)

    def _titled(self, head: str, offset: int) -> Resolved | None:
        """The last speaker called by this noun: a title ("le président") or the head of a
        description ("cette source" after "une source proche de l'enquête")."""
        for candidate in reversed(self.history):
            if candidate.offset >= offset:
                continue
            words = fold(candidate.name).split()
            ends = {words[0], words[-1]} if words else set()  # "cette source", "the ministry"
            if head in candidate.title_heads or (candidate.type is not SpeakerType.PERSON and head in ends):
                return candidate
        return None


def resolve(parsed: ParsedDocument, attributions: list[Attribution]) -> tuple[list[Attribution], list[EntityMention]]:
    """Fill in canonical speaker names and types, and canonical names of entity mentions."""
    entities = parsed.entities
    reported = [a.content for a in attributions]
    speakers = sorted(
        {id(a.speaker): a.speaker for a in attributions if a.speaker is not None}.values(),
        key=lambda m: m.span.start,
    )
    kb = knowledge()
    resolver = DocumentResolver(parsed, kb, reported, speakers)
    voices = [a for a in attributions if a.speaker is not None and fold(a.speaker.text) not in kb.first_person]
    paragraphs = {id(a.speaker): a.paragraph for a in attributions if a.speaker is not None}
    for mention in speakers:
        outer = first_person_speaker(mention, voices, kb, paragraphs.get(id(mention)))
        if outer is None:
            resolver.resolve(mention)
            continue
        resolver.resolve(outer)  # "Iouri Ouchakov : … Je tiens à réaffirmer que …": Ushakov's "je"
        mention.name, mention.type = outer.name, outer.type
    # a body of the knowledge base keeps its one name ("Armed Forces of Ukraine" is no part of
    # "General Staff of the Armed Forces of Ukraine")
    renamed = {short: full for short, full in fuller_names(speakers).items() if kb.organisation(short) != short}
    for mention in speakers:
        mention.name = renamed.get(mention.name or "", mention.name)
    # a speaker is a person, an organisation, a government or a group, never a bare place
    attributions = [a for a in attributions if id(a.speaker) not in resolver.not_voices]
    name_entities(parsed, kb, resolver.canonical_person, resolver.outlets)
    return attributions, entities
