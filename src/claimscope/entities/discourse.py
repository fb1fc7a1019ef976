"""Discourse entities: the people an article introduces, with the role nouns it gives them and
how salient each is at every point of the text.

A reader knows who "le ministre", "la pénaliste" or "elle" is because the article introduced
that person ("le ministre de l'Economie Antoine Armand", "Claire Vautrin, l'avocate de…") and
has been talking about them: recently, as the subject of its sentences, as the one speaking.
This module keeps those facts; `resolve.py` asks it who a description or pronoun points to.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from collections.abc import Set as AbstractSet

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from claimscope.entities.gazetteer import gazetteer
from claimscope.entities.people import OTHER, REPORTED, SPEAKER, SUBJECT, Entity, role_key
from claimscope.entities.text import introduced_as_outlet
from claimscope.entities.trades import answers_to
from claimscope.entities.unnamed import Unnamed
from claimscope.lang import load, merged
from claimscope.nlp.names import given_name_gender
from claimscope.nlp.parsing import ParsedDocument, noun_gender, sentences
from claimscope.records import Span, SpanSet
from claimscope.text import fold

DECAY = 0.5  # salience kept from one sentence to the next
UNKNOWN_GENDER = 0.5  # weight of a person of unknown gender for a gendered pronoun
LAST_SUBJECT = 1.5  # weight, for a pronoun, of the person of its gender the sentence before is about
INTRO_WINDOW = 10  # tokens before a name where the description introducing it may start
ASIDE = 4  # words of a parenthesis between a description and its name ("(AFU)")
NP_POS = {"NOUN", "ADJ", "ADP", "DET", "PROPN", "NUM", "CCONJ"}
SUBJECT_DEPS = {"nsubj", "nsubj:pass"}
NAME_LINKS = {"appos", "flat:name", "flat", "nmod"}
LINKING = frozenset(fold(w) for w in merged("grammar")["linking_words"])
TIME_NOUNS = frozenset(fold(w) for w in merged("grammar")["time_nouns"])
HONORIFIC_GENDER: dict[str, str] = merged("groups")["honorific_gender"]
GENDERS = {"Masc": "m", "Fem": "f"}
PERSON_HEADS = frozenset(fold(w) for w in merged("groups")["person"])
DEFINITE = tuple(merged("groups")["definite"])  # "the ", "le ": how a definite description starts
DEFINITE_WORDS = frozenset(fold(w).strip() for w in DEFINITE)
FOLLOWED = 0.15  # salience from which a person is the one the article is following
PROTAGONIST = 3  # mentions from which the person an article names most is its protagonist
DOMINANT = 2.0  # how much more salient than the next that person must be for a description to be theirs


def words_after(text: str, head: str) -> frozenset[str]:
    """The content words of a description after its role noun ("du président américain")."""
    words = fold(text).replace("'", " ").replace("\u2019", " ").replace(",", " ").split()
    keys = [role_key(w) for w in words]
    start = keys.index(head) + 1 if head in keys else len(words)
    return frozenset(w for w in words[start:] if w not in LINKING and len(w) > 1)


def proper_marks(text: str) -> set[str]:
    """The capitalised words of a description after its first ("de la FNSEA" -> fnsea)."""
    words = text.replace("'", " ").replace("\u2019", " ").split()[1:]
    return {fold(w.strip(",.()")) for w in words if w[:1].isupper() and len(w.strip(",.()")) > 1}


class Discourse:
    """The people of one document and their salience, built from its parse in reading order."""

    def __init__(
        self,
        parsed: ParsedDocument,
        reported: Sequence[Span],
        speakers: Sequence[Span],
        canonical: Callable[[str], str],
        gender_of: Callable[[str], str | None],
        pronouns: dict[str, tuple[str, str]],
    ):
        self.entities: dict[str, Entity] = {}
        self._text = parsed.document.text
        self._gender_of = gender_of
        self._starts: list[int] = []
        in_reported, spoken, voiced = SpanSet(reported), SpanSet(speakers), SpanSet([*reported, *speakers])
        language = parsed.document.language or ""
        grammar = load(language, "grammar") or {}
        bare_titles = bool(grammar.get("bare_titles"))
        self.unnamed = Unnamed(bool(grammar.get("follow_unnamed")))
        gendered = (load(language, "groups") or {}).get("gendered_words") or {}
        self._told_gender = _told_genders(parsed, canonical, gendered) if gendered else {}
        for _para, sent, span in sentences(parsed):
            self._starts.append(span.start)
            base = span.start - sent.start_char
            self._continued(sent, base, voiced, pronouns)
            self._narrated_roles(sent, base, voiced)
            self.unnamed.read(sent, base, len(self._starts) - 1, spoken, in_reported)
            for ent in sent.ents:
                if not _person_name(ent):
                    continue  # "président de la", "Lundi", "KTRK": the recogniser's slips, not names
                name = canonical(_addressed(ent))
                if name == ent.text and len(ent) == 1 and gazetteer().lookup(name):
                    continue  # "between Dmitrov and …": a town, unless a person the article names goes by it
                where = Span(base + ent.start_char, base + ent.end_char)
                entity = self.entity(name)
                weight = SUBJECT if _is_subject(ent) else OTHER
                if in_reported.overlaps(where):
                    weight = REPORTED  # named in someone's words: known, but not who the article follows
                entity.mentions.append((len(self._starts) - 1, weight, where.start))
                entity.gender = entity.gender or _agreed_gender(ent)
                for noun, np in _introductions(ent, bare_titles):
                    if fold(noun.lemma_) in TIME_NOUNS:
                        continue
                    entity.roles.update({role_key(noun.text), role_key(noun.lemma_)})
                    entity.described.append(frozenset(fold(np).replace("'", " ").split()) - LINKING)
                    entity.marks |= proper_marks(np)
                    entity.gender = entity.gender or noun_gender(noun)

    def _continued(self, sent: SpacySpan, base: int, voiced: SpanSet, pronouns: dict[str, tuple[str, str]]) -> None:
        """A sentence of narration whose subject is "il"/"elle" goes on about the person it
        points to ("Il a été jugé coupable…"): that person stays salient. (Pronouns inside
        reported words or designating a speaker are left to speaker resolution.)"""
        for token in sent:
            if token.dep_ not in SUBJECT_DEPS or pronouns.get(token.lower_, ("", ""))[0] != "sing":
                continue
            offset = base + token.idx
            if voiced.covers(offset):
                continue
            person = self.salient(offset, pronouns[token.lower_][1], pronoun=True)
            if person is not None:
                person.mentions.append((len(self._starts) - 1, SUBJECT, offset))

    def _narrated_roles(self, sent: SpacySpan, base: int, voiced: SpanSet) -> None:
        """ "No, the former New York mayor's debut…" right after "billionaire Michael Bloomberg": a
        definite role noun in the article's own words, with no name of its own, is the person the
        article is clearly following there, who answers to it from then on ("the former mayor
        argued…"). Reported words are left out: there the speaker may speak of someone else."""
        for token in sent:
            role = role_key(token.lemma_)
            if token.pos_ != "NOUN" or role not in PERSON_HEADS or "Plur" in token.morph.get("Number", []):
                continue
            if not any(c.dep_ == "det" and fold(c.text) in DEFINITE_WORDS for c in token.children):
                continue
            named = [t for t in (token, token.head, *token.children) if t.ent_type_ == "PER"]
            if named or voiced.covers(base + token.idx) or not _about_subject(token):
                continue  # "the president, Donald Trump": an introduction, read with the name
            if self.unnamed.last(role, base + token.idx) is not None:
                continue  # "the man" after "a man came in": the unnamed one, not the one followed
            followed = self._followed(base + token.idx)
            if followed is not None and not any(role in e.roles for e in self.entities.values() if e is not followed):
                followed.roles.add(role)  # a role someone else holds stays theirs

    def _followed(self, offset: int) -> Entity | None:
        """The person the article is clearly following at ``offset``: salient, and far more than any other."""
        ranked = sorted((self.salience(e, offset), e.name) for e in self.entities.values())
        if not ranked or ranked[-1][0] < FOLLOWED or (len(ranked) > 1 and ranked[-1][0] < DOMINANT * ranked[-2][0]):
            return None
        return self.entities[ranked[-1][1]]

    def protagonist(self, offset: int, gender: str | None = None, role: str | None = None) -> Entity | None:
        """Before the article has named anyone, the person it names most (by surname), when one
        stands out: a lede's "the owner said…" is the owner named all along further down (not
        one it introduces with another role: "Le maire" is not "la juge Marie Dupont")."""
        if any(at < offset for e in self.entities.values() for _s, _w, at in e.mentions):
            return None
        counted = sorted(
            (len(re.findall(rf"\b{re.escape(e.name.split()[-1])}\b", self._text)), e.name)
            for e in self.entities.values()
            if e.name.split()
            and not (gender and e.gender and e.gender != gender)
            and (role is None or answers_to(e, role))
        )
        if (
            not counted
            or counted[-1][0] < PROTAGONIST
            or (len(counted) > 1 and counted[-1][0] < DOMINANT * counted[-2][0])
        ):
            return None
        return self.entities[counted[-1][1]]

    def last_two(self, offset: int) -> list[Entity]:
        """The two most salient people at ``offset``, in the order the text last named them ("the
        pair", "the two leaders" after "A met B")."""
        ranked = sorted(self.entities.values(), key=lambda e: self.salience(e, offset), reverse=True)[:2]
        if len(ranked) < 2 or self.salience(ranked[1], offset) <= 0:
            return []
        return sorted(ranked, key=lambda e: max(at for _s, _w, at in e.mentions if at < offset))

    def is_role(self, noun: str) -> bool:
        """Whether the article introduced someone with this role noun."""
        return any(noun in entity.roles for entity in self.entities.values())

    def entity(self, name: str) -> Entity:
        if name not in self.entities:
            gender = self._gender_of(name) or given_name_gender(name) or self._told_gender.get(name)
            self.entities[name] = Entity(name, gender)
        return self.entities[name]

    def sentence_at(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def group_in_view(self, offset: int) -> tuple[int, str] | None:
        """The last plural subject of people in this sentence or the one before ("they")."""
        return self.unnamed.group(offset, self.sentence_at(offset) - 1)

    def spoke(
        self,
        name: str,
        offset: int,
        roles: AbstractSet[str] = frozenset(),
        marks: AbstractSet[str] = frozenset(),
        unnamed: bool = False,
    ) -> None:
        """A speaker resolved to a person (``unnamed``: to its own description, "le maire"): the one
        speaking in this stretch of text."""
        entity = self.unnamed.person(name) or self.entity(name)
        entity.unnamed = entity.unnamed or (unnamed and not entity.mentions)
        entity.mentions.append((self.sentence_at(offset), SPEAKER, offset))
        entity.roles |= roles
        entity.marks |= marks

    def salience(self, entity: Entity, offset: int, ahead: bool = False) -> float:
        """Mentions before ``offset`` (in its sentence too: "promet-il face à X" is not X), fading
        with each sentence; with ``ahead``, later ones count at half weight (a headline's "le
        ministre" named further down)."""
        here = self.sentence_at(offset)
        before = sum(w * DECAY ** (here - s) for s, w, at in entity.mentions if at < offset)
        later = sum(w * DECAY ** (s - here) for s, w, at in entity.mentions if at > offset) if ahead else 0.0
        return before + later / 2

    def salient(
        self,
        offset: int,
        gender: str | None = None,
        role: str | None = None,
        marks: AbstractSet[str] = frozenset(),
        words: frozenset[str] = frozenset(),
        among: Collection[str] | None = None,
        unlike: str | None = None,
        trade: str | None = None,
        minimum: float = 0.0,
        ahead: bool = False,
        pronoun: bool = False,
    ) -> Entity | None:
        """The most salient person at ``offset`` of a compatible gender; with ``role`` or
        ``marks``, only one the article described so ("le ministre", "le patron de la FNSEA"),
        with all of ``words`` in one of its descriptions; with ``among``, only one of those names;
        with ``unlike``, none the article described with other role nouns than that one; with
        ``trade``, none described by nouns of other trades only (`answers_to`; a named person
        already met, only if ``trade`` is an office: "l'historien" may be who it follows); for a
        ``pronoun``, a person of known gender is preferred to one of unknown gender."""
        best, best_score = None, minimum
        for entity in [*self.entities.values(), *(self.unnamed.people if pronoun else ())]:
            if among is not None and entity.name not in among:
                continue
            if unlike is not None and entity.roles and unlike not in entity.roles:
                continue  # "le Premier ministre" is not the one introduced as "premier secrétaire"
            if trade is not None:  # a named person already met: only an office rules them out
                met = not entity.unnamed and self.last_mention(entity, offset + 1) >= 0
                if not answers_to(entity, trade, offices_only=met):
                    continue  # "la juge" is not the "maire" who spoke before her, "le procureur" not "l'avocat X"
            if gender and entity.gender and entity.gender != gender:
                continue
            if (role or marks) and not (self._described_as(entity, role, words) or (marks & entity.marks)):
                continue
            score = self.salience(entity, offset, ahead)
            if pronoun and entity.gender is None:
                score *= UNKNOWN_GENDER  # "elle": someone known to be a woman before a name of no known gender
            if pronoun and entity.gender and self._subject_just_before(entity, offset):
                score *= LAST_SUBJECT  # "Meanwhile, Zelenskyy is meeting … He said": who the last sentence is about
            if score > best_score:
                best, best_score = entity, score
        return best

    @staticmethod
    def last_mention(entity: Entity, offset: int) -> int:
        """Where the article last named or spoke of this person before ``offset`` (-1: nowhere)."""
        return max((at for _s, _w, at in entity.mentions if at < offset), default=-1)

    def _subject_just_before(self, entity: Entity, offset: int) -> bool:
        """Named as the subject of the sentence before ``offset``'s, in the article's own words."""
        here = self.sentence_at(offset)
        return any(s == here - 1 and w == SUBJECT for s, w, _ in entity.mentions)

    @staticmethod
    def _described_as(entity: Entity, role: str | None, words: frozenset[str]) -> bool:
        """The article gave this person that role noun, with a complement that fits
        ("le conseiller du président américain" is not "le conseiller du président russe")."""
        if role is None or role not in entity.roles:
            return False
        return not words or any(words <= d for d in entity.described) or not entity.described


def _told_genders(parsed: ParsedDocument, canonical: Callable[[str], str], gendered: dict[str, str]) -> dict[str, str]:
    """The gender the text gives people: in a sentence that names one person, the gendered
    pronouns ("As she concluded the debate, Deonarine proposed…"), by majority over the article."""
    votes: dict[str, Counter[str]] = {}
    people = {canonical(e.text) for _para, sent, _span in sentences(parsed) for e in sent.ents if _person_name(e)}
    for _para, sent, _span in sentences(parsed):
        # a person's name the recogniser took for something else here counts ("Bloomberg" as a firm)
        named = {canonical(e.text) for e in sent.ents if e.text[:1].isupper()} & people
        if len(named) != 1:
            continue
        votes.setdefault(named.pop(), Counter()).update(gendered[t.lower_] for t in sent if t.lower_ in gendered)
    told = {}
    for name, count in votes.items():
        ranked = count.most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            told[name] = ranked[0][0]
    return told


def _addressed(ent: SpacySpan) -> str:
    """A name with the title of address before it ("Mr Anderson"), which says who of a family
    it is."""
    before = ent.doc[ent.start - 1] if ent.start > 0 else None
    return f"{before.text} {ent.text}" if before is not None and before.lower_ in HONORIFIC_GENDER else ent.text


def _about_subject(token: Token) -> bool:
    """The noun is its clause's subject or the subject's possessor ("the former mayor's debut has
    turned brutal"), not an object the subject acts on ("X met the prime minister")."""
    subjects = SUBJECT_DEPS | {"nsubjpass"}  # the English parser's passive subject
    return token.dep_ in subjects or (token.dep_ == "poss" and token.head.dep_ in subjects)


def _person_name(ent: SpacySpan) -> bool:
    """A person the recogniser found, less its slips: lowercase words, days, call signs (KTRK),
    an outlet its noun introduces ("German outlet Bild")."""
    text = ent.text
    if ent.label_ != "PER" or not text[:1].isupper() or fold(text) in TIME_NOUNS or text.isupper():
        return False
    return not introduced_as_outlet(ent.doc.text, ent.start_char)


def _is_subject(ent: SpacySpan) -> bool:
    """The name is its clause's subject, itself or as the apposition of one, or a verb follows
    it right away (French puts the subject first; the parser may hang it elsewhere)."""
    if ent.end < len(ent.doc) and ent.doc[ent.end].pos_ in {"VERB", "AUX"}:
        return True
    token: Token = ent.root
    for _ in range(3):
        if token.dep_ in SUBJECT_DEPS:
            return True
        if token.dep_ not in NAME_LINKS | {"appos"} or token.head.i == token.i:
            return False
        token = token.head
    return False


def _agreed_gender(ent: SpacySpan) -> str | None:
    """The gender a sentence gives a name it does not know: a title of address ("Mme Borne"), or
    a participle or adjective that agrees with it ("Claire Vautrin s'est efforcée")."""
    doc = ent.doc
    if ent.start > 0 and doc[ent.start - 1].lower_ in HONORIFIC_GENDER:
        return HONORIFIC_GENDER[doc[ent.start - 1].lower_]
    if ent.root.dep_ not in SUBJECT_DEPS:
        return None
    head = ent.root.head
    agrees = head.pos_ == "ADJ" or (
        "Part" in head.morph.get("VerbForm", [])
        and any(c.lemma_ == "être" and c.dep_.startswith("aux") for c in head.children)
    )
    genders = head.morph.get("Gender", []) if agrees else []
    return GENDERS.get(genders[0]) if genders else None


def _before_aside(ent: SpacySpan) -> int:
    """Where the words before a name end, past a short parenthesis right before it ("(AFU)")."""
    doc = ent.doc
    if ent.start < 3 or doc[ent.start - 1].text != ")":
        return ent.start
    opening = next((t.i for t in reversed(doc[max(0, ent.start - ASIDE - 2) : ent.start - 1]) if t.text == "("), None)
    return opening if opening is not None else ent.start


def _introductions(ent: SpacySpan, bare_titles: bool = False) -> list[tuple[Token, str]]:
    """Role nouns the text gives a name where it introduces it, with their noun phrase:
    before it ("le ministre de l'Economie Antoine Armand", "la ministre de la Culture, R. D.";
    where the language puts titles bare before a name, "Kremlin aide Yuri Ushakov", "Putin's
    aide, Yuri Ushakov") and after it ("Antoine Dupont, capitaine du XV de France", "F. L.,
    l'édile de la commune")."""
    found = []
    doc = ent.doc
    # before: walk back over one noun phrase (one comma, or a parenthesis such as an acronym,
    # allowed right before the name: "le commandant en chef des Forces armées (AFU) X")
    before = _before_aside(ent)
    i = before - 1
    comma = i >= 0 and doc[i].text == ","
    i -= 1 if comma else 0
    if comma and i >= 0 and doc[i].ent_type_ == "PER":  # "l'avocate de Paul D., Sophie L.": Sophie's
        while i >= 0 and doc[i].ent_type_ == "PER":
            i -= 1
        i = i if i >= 0 and doc[i].pos_ == "ADP" else -1
    elif i >= 0 and doc[i].pos_ == "ADP":
        i = -1  # "l'avocate de Dominique Lenoir": the name is the role's complement, not its holder
    first = None
    while i >= 0 and before - i <= INTRO_WINDOW and doc[i].pos_ in NP_POS and doc[i].ent_type_ != "PER":
        if doc[i].pos_ == "DET" and (i == 0 or doc[i - 1].pos_ != "ADP"):
            first = i
            break
        i -= 1
    if first is None and bare_titles and i + 1 < before - (1 if comma else 0):
        first = i + 1
    if first is not None:
        # a bare title is often capitalised and tagged a proper noun ("US President Donald Trump")
        nouns = [
            t for t in doc[first:before] if t.pos_ == "NOUN" or (bare_titles and t.pos_ == "PROPN" and not t.ent_type_)
        ]
        if bare_titles:  # the noun tied to the name: not "welcome" in "the gracious welcome billionaire M. B."
            nouns = [t for t in nouns if ent.start <= t.head.i < ent.end or t.i == ent.root.head.i]
        if nouns:
            found.append((nouns[0], doc[first:before].text))
    # after: ", [det] [adj] noun …"
    if ent.end + 1 < len(doc) and doc[ent.end].text == ",":
        for token in doc[ent.end + 1 : min(len(doc), ent.end + 4)]:
            if token.pos_ == "NOUN":
                end = next((t.i for t in doc[token.i : token.i + INTRO_WINDOW] if t.is_punct), token.i + 1)
                found.append((token, doc[ent.end + 1 : end].text))
                break
            if token.pos_ not in {"DET", "ADJ"}:
                break
    return found
