"""The knowledge base in data files: people and their spellings, roles over time, metonyms.

Knowledge is one whatever the language; the words that name a role, a government or a group
in each language (``claimscope/lang``) all lead to it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from claimscope.data import load
from claimscope.entities.text import description, one_edit_apart, without_honorific
from claimscope.lang import merged
from claimscope.records import KbEntity, KbFact
from claimscope.text import fold

RESPELLED_MIN_LETTERS = 5  # a given name this long may be misspelt by a letter ("Rashida"), not a shorter one
INITIAL = re.compile(r"(?P<initial>[A-Z][a-z]?\.)\s*(?P<rest>[A-Z]\S+(?: [A-Z]\S+)?)$")  # "Y. Ushakov", "Yu.Ushakov"


@dataclass(frozen=True)
class Person:
    name: str
    gender: str | None


@dataclass(frozen=True)
class Holder:
    name: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Role:
    role: str
    phrases: tuple[str, ...]  # folded
    holders: tuple[Holder, ...]

    def holder_on(self, when: date | None) -> str | None:
        if when is None:
            current = [h for h in self.holders if h.end is None]
            return current[-1].name if current else None
        for holder in self.holders:
            if holder.start <= when and (holder.end is None or when < holder.end):
                return holder.name
        return None


@dataclass
class KnowledgeBase:
    people: dict[str, Person] = field(default_factory=dict)  # folded alias -> person
    roles: list[Role] = field(default_factory=list)
    metonyms: dict[str, str] = field(default_factory=dict)  # folded alias -> government
    organisations: dict[str, str] = field(default_factory=dict)  # folded alias -> the body's one name
    # folded name that alone means something else -> (the body's one name, words that say it is the body)
    described: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    group_heads: frozenset[str] = frozenset()
    organisation_heads: frozenset[str] = frozenset()
    person_heads: frozenset[str] = frozenset()
    anyone_heads: frozenset[str] = frozenset()  # people of the street: persons, but no one's role
    pronouns: dict[str, tuple[str, str]] = field(default_factory=dict)  # -> (number, gender)
    first_person: frozenset[str] = frozenset()  # "je", "nous": the voice of the words they are in
    facts: list[KbFact] = field(default_factory=list)
    _by_subject: dict[str, list[KbFact]] = field(default_factory=dict, repr=False)
    _known: set[KbFact] = field(default_factory=set, repr=False)
    spellings: dict[str, list[str]] = field(default_factory=dict)  # canonical name -> names as written

    def person(self, name: str) -> Person | None:
        return (
            self.people.get(fold(name))
            or self.people.get(fold(without_honorific(name)))
            or self._initialled(name)
            or self._respelled(name)
        )

    def _respelled(self, name: str) -> Person | None:
        """ "Rashida Dati" for "Rachida Dati": a given name one letter off the knowledge base's, before
        a surname it knows (another press's spelling, a typo), is that person."""
        words = fold(name).split()
        person = self.people.get(" ".join(words[1:])) if len(words) > 1 else None
        known = fold(person.name).split() if person else []
        if person is None or len(known) != len(words) or len(words[0]) < RESPELLED_MIN_LETTERS:
            return None
        return person if one_edit_apart(words[0], known[0]) and words[1:] == known[1:] else None

    def _initialled(self, name: str) -> Person | None:
        """ "Y. Ushakov", "V. Zelenskyy": an initial before a surname the knowledge base knows, the
        person of that surname whose given name starts with it."""
        found = INITIAL.match(name.strip())
        person = self.people.get(fold(found["rest"])) if found else None
        if found is None or person is None or " " not in person.name:
            return None
        return person if fold(person.name).startswith(fold(found["initial"]).rstrip(".")) else None

    def government(self, text: str) -> str | None:
        """The government a capital or a seat of power stands for ("Moscow", "the Kremlin")."""
        return _named_in(self.metonyms, text)

    def organisation(self, text: str, around: Callable[[], str] = str) -> str | None:
        """A body's one name for any of its spellings ("le ministère russe de la Défense"), or for
        a name that is the body's only where one of the words ``around()`` gives says what it is
        ("le site ukrainien Deep State"; "the deep state" alone is a phrase of US politics): read
        only for such a name."""
        found = _named_in(self.organisations, text)
        if found is not None:
            return found
        body, words = self.described.get(fold(description(text)), (None, frozenset()))
        return body if body is not None and words & set(fold(around()).replace("'", " ").split()) else None

    def role_of(self, text: str) -> tuple[Role, str] | None:
        """The known role a description starts with, and the phrase that matched."""
        folded = fold(description(text))
        best: tuple[int, Role, str] | None = None
        for role in self.roles:
            for phrase in role.phrases:
                if (folded == phrase or folded.startswith(phrase + " ") or folded.startswith(phrase + ",")) and (
                    best is None or len(phrase) > best[0]
                ):
                    best = (len(phrase), role, phrase)
        return (best[1], best[2]) if best else None

    def role_holder(self, text: str, when: date | None) -> tuple[str, str] | None:
        """(holder, matched phrase) for a description that starts with a known role."""
        found = self.role_of(text)
        holder = found[0].holder_on(when) if found else None
        return (holder, found[1]) if found and holder else None

    def holder_of(self, role: str, when: date | None) -> str | None:
        """Who held a role (by its name, e.g. "US president") on a date."""
        for entry in self.roles:
            if entry.role == role:
                return entry.holder_on(when)
        return None

    def facts_about(self, subject: str, relation: str, when: date | None = None) -> list[KbFact]:
        """Facts on a subject's relation, valid on ``when`` when it is given."""
        return [
            f
            for f in self._by_subject.get(subject, ())
            if f.relation == relation
            and (when is None or ((f.start is None or f.start <= when) and (f.end is None or when < f.end)))
        ]

    def facts_of(self, subject: str) -> list[KbFact]:
        return list(self._by_subject.get(subject, ()))

    def add(self, item: KbEntity | KbFact) -> None:
        """Knowledge imported at run time (``kb import``) joins the packaged data."""
        if isinstance(item, KbFact):
            same = (item.subject, item.relation, item.object, item.start, item.end)
            if item not in self._known and not any(
                (f.subject, f.relation, f.object, f.start, f.end) == same
                for f in self._by_subject.get(item.subject, ())
            ):  # the same fact from another source (relations.yaml and Wikidata) is one fact
                self._known.add(item)
                self.facts.append(item)
                self._by_subject.setdefault(item.subject, []).append(item)
            return
        if item.type != "person":
            return
        person = self.person(item.name) or Person(item.name, item.gender)
        for alias in (item.name, *item.aliases):
            self.people.setdefault(fold(alias), person)
            self._spelling(person.name, alias)

    def _spelling(self, name: str, alias: str) -> None:
        known = self.spellings.setdefault(name, [])
        if alias not in known:
            known.append(alias)

    def gender_of(self, name: str) -> str | None:
        person = self.person(name)
        return person.gender if person else None


def _named_in(names: dict[str, str], text: str) -> str | None:
    """The entry ``text`` names, as written or without its article and description."""
    return names.get(fold(text)) or names.get(fold(description(text)))


@cache
def knowledge() -> KnowledgeBase:
    kb = KnowledgeBase()
    for entry in load("people"):
        person = Person(entry["name"], entry.get("gender"))
        for alias in [entry["name"], *entry.get("aliases", [])]:
            kb.people[fold(alias)] = person
            kb._spelling(person.name, alias)
    phrases = merged("roles")  # the words of every language for each role
    for entry in load("roles"):
        holders = tuple(Holder(h["name"], h["from"], h.get("to")) for h in entry["holders"])
        kb.roles.append(Role(entry["role"], tuple(fold(p) for p in phrases.get(entry["role"], [])), holders))
    for entry in load("organisations"):
        for alias in [entry["name"], *entry.get("aliases", [])]:
            kb.organisations[fold(alias)] = entry["name"]
            kb._spelling(entry["name"], alias)
        described = entry.get("described", {})
        for name in described.get("names", []):
            kb.described[fold(name)] = (entry["name"], frozenset(fold(w) for w in described["by"]))
    for government, aliases in merged("metonyms").items():
        for alias in aliases:
            kb.metonyms[fold(alias)] = government
    groups = merged("groups")
    kb.group_heads = frozenset(fold(w) for w in groups["group"])
    kb.organisation_heads = frozenset(fold(w) for w in groups["organisation"])
    kb.person_heads = frozenset(fold(w) for w in groups["person"])
    kb.anyone_heads = frozenset(fold(w) for w in groups.get("anyone", []))
    kb.pronouns = {p: (v["number"], v["gender"]) for p, v in groups["pronouns"].items()}
    kb.first_person = frozenset(fold(w) for w in groups.get("first_person", []))
    for f in load("relations"):
        kb.add(KbFact(f["subject"], f["relation"], f["object"], f.get("from"), f.get("to"), "relations.yaml"))
    return kb
