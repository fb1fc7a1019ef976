"""A person's name inside the words that designate a speaker ("le conseiller de Poutine, Iouri
Ouchakov"): which run of name words is the speaker's, in both languages' mentions."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from claimscope.lang import languages, load

NAME_HYPHENS = {"-", "\u2010"}  # inside a compound name ("Villas-Boas", "Jean-Pierre")
# "et", "and": what joins people speaking together (not "ou", "mais"), unless "et non", "and not"
JOINING = frozenset(str(load(code, "groups")["coordinator"]) for code in languages())
NOT_JOINING = frozenset(w for code in languages() for w in load(code, "groups").get("not_coordinated", ()))


def proper_noun(head: Token) -> bool:
    """A proper noun, capitalised: the tagger's PROPN on a lower-case word is a common noun's
    ("L’état-major des forces armées", after a curly apostrophe)."""
    return head.pos_ == "PROPN" and head.text[:1].isupper()


def proper_name(span: SpacySpan) -> str | None:
    """The run of person-name tokens inside the mention that holds its head, else the longest
    ("Antoine Dupont, capitaine du XV de France" is Antoine Dupont); not a name a preposition
    ties to the head ("le conseiller de Poutine" is not Putin)."""

    def in_name(token: Token, run: list[Token]) -> bool:
        glued = bool(run) and run[-1].whitespace_ == "" and run[-1].text.endswith(("'", "\u2019"))
        if _complement_name(token, span.root):
            return False
        return (
            (glued and token.text[:1].isupper())  # "O'" + "Brien", not "L’" + "état-major"
            or token.ent_type_ == "PER"
            or (
                proper_noun(token)
                and token.dep_ in {"flat:name", "appos", "nsubj"}
                and token.ent_type_ not in {"LOC", "ORG", "MISC"}
                and not token.text.isupper()  # an acronym (AERES, OTAN) names an organisation
            )
        )

    return name_run(span, span.root, in_name)


def _complement_name(token: Token, root: Token) -> bool:
    """A name, or a word of one, that a preposition ties to the mention's head: someone else
    (whose adviser, whose spokesman), not who speaks."""
    name = token.head if token.dep_.startswith("flat") and token.head.i != token.i else token
    return name.i != root.i and name.dep_ == "nmod" and any(c.dep_ == "case" for c in name.children)


def name_run(tokens: Iterable[Token], head: Token, in_name: Callable[[Token, list[Token]], bool]) -> str | None:
    """The text of the run of tokens ``in_name`` keeps (given the run so far) that holds ``head``,
    else of the longest run; None when no token is kept: a person's name inside a mention."""
    runs: list[list[Token]] = []
    run: list[Token] = []
    for token in tokens:
        if in_name(token, run) or _joins(token, run):  # "André Villas-Boas": one name across its hyphen
            run.append(token)
        else:
            if run:
                runs.append(run[: -1 if _joins(run[-1], run[:-1]) else None])
            run = []
    if run:
        runs.append(run[: -1 if _joins(run[-1], run[:-1]) else None])
    if not runs:
        return None
    best = next((r for r in runs if head in r), max(runs, key=len))
    return head.doc[best[0].i : best[-1].i + 1].text


def _joins(token: Token, run: list[Token]) -> bool:
    """A hyphen written tight between a name's words ("Villas-Boas")."""
    return bool(run) and token.text in NAME_HYPHENS and not token.whitespace_ and not run[-1].whitespace_


def coordinated_people(head: Token, lo: int, hi: int) -> tuple[str, ...]:
    """The people a coordinated subject names ("Oleg Marchenko and Anna Kovalchuk said", "President
    A and Prime Minister B", "Emmanuel Macron et Olaf Scholz ont affirmé", "le président X et le
    chancelier Y"), each by the run of name tokens around its head; none unless every conjunct is
    a person's name. Only those within the mention's tokens (``lo`` to ``hi``): "met Witkoff and
    Kushner, Presidential Aide Yuri Ushakov announced" is Ushakov's alone, whatever the parser
    coordinated."""
    heads = [t for t in _people(head) if lo <= t.i <= hi]
    if len(heads) < 2 or not all(_person(t) for t in heads):
        return ()
    doc = head.doc
    names = []
    for token in sorted(heads, key=lambda t: t.i):
        lo = hi = token.i
        while lo > 0 and _person(doc[lo - 1]):
            lo -= 1
        while hi + 1 < len(doc) and _person(doc[hi + 1]):
            hi += 1
        names.append(doc[lo : hi + 1].text)
    names = list(dict.fromkeys(names))  # "Keir" and "Starmer" both hung on "ministre": one name
    return tuple(names) if len(names) > 1 else ()


def coordinated_roles(head: Token) -> tuple[str, ...]:
    """The role phrases a coordinated subject joins when it names nobody ("Le président français et
    le chancelier allemand ont assuré": "Le président français", "le chancelier allemand"), each
    without the others; none unless the verb is in the plural and "et"/"and" joins common nouns
    (entity resolution makes them a group only if each is someone's known role)."""
    if head.pos_ != "NOUN" or _verb_number(head) != "Plur":
        return ()
    nouns = [head, *(c for c in head.conjuncts if c.pos_ == "NOUN" and c.i > head.i)]
    if len(nouns) < 2 or not _joined(head.doc, head.i, nouns[-1].i, None):
        return ()
    phrases = []
    for noun in nouns:
        others = {t.i for c in nouns if c is not noun and c.i > noun.i for t in c.subtree}
        words = [t for t in noun.subtree if t.i not in others and t.dep_ != "cc" and not t.is_punct]
        phrases.append(" ".join(t.text for t in words).replace("' ", "'"))
    return tuple(phrases)


def coordinated_end(head: Token, hi: int) -> int:
    """Where a subject's coordinated people end ("Emmanuel Macron et Olaf Scholz ont affirmé":
    both speak), when every one of them is a person's name; ``hi`` otherwise (a description's
    conjuncts stay out: "le ministre et ses conseillers")."""
    people = _people(head)
    if len(people) < 2 or not all(_person(t) for t in people) or max(t.i for t in people) <= hi:
        return hi
    last = max(people, key=lambda t: t.i)
    end = last.i
    while end + 1 < len(head.doc) and head.doc[end + 1].ent_iob_ == "I" and head.doc[end + 1].ent_type_ == "PER":
        end += 1  # to the end of the recogniser's name: "Bruno Le Maire", "Le" a determiner to the parser
    return end


def _people(head: Token) -> list[Token]:
    """The head and the names coordinated with it, also those the parser hung on its surname
    ("Emmanuel Macron et Olaf Scholz": "Olaf" a conjunct of "Macron"), a conjunction before the
    last; for a role noun, the names in apposition to it or to the role nouns coordinated with it
    that "et" joins ("le président X et le chancelier Y", "… et la Première ministre Y"); names a
    role noun put in apposition to the first ("X et le chancelier Y")."""
    doc, number = head.doc, _verb_number(head)
    if number == "Sing":
        return [head]  # "a déclaré le Premier ministre, X, et la porte-parole, Y, l'a confirmé"
    if not _person(head):
        apposed = (c for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN")  # "X, le chancelier Y et …"
        nouns = [head, *(c for c in head.conjuncts if c.pos_ == "NOUN"), *apposed]
        named = sorted((c for t in nouns for c in t.children if c.dep_ == "appos" and _person(c)), key=lambda t: t.i)
        if len(named) < 2 or not _joined(doc, named[0].i, named[-1].i, number) or _source_ends(head, named[1].i):
            return [head]
        return named
    own = [head, *(c for c in head.children if c.dep_ == "flat:name")]
    joined_to = [c for t in own for c in t.conjuncts] + [c for c in head.children if c.dep_ == "appos"]
    others = sorted({c.i: c for c in joined_to if c not in own and _person(c)}.values(), key=lambda t: t.i)
    if not others or not _joined(doc, head.i, others[-1].i, number) or _source_ends(head, others[0].i):
        return [head]  # "Selon Emmanuel Macron, Olaf Scholz partage …": a comma alone joins nobody
    return [head, *others]


def _joined(doc: Doc, start: int, end: int, number: str | None) -> bool:
    """A conjunction between two names: any before a verb in the plural ("X, ainsi que Y, ont
    déclaré", "X, puis Y, ont indiqué"), else "et", "and" (not "et non", nor "ou")."""
    return any(
        t.dep_ == "cc"
        if number == "Plur"
        else t.lower_ in JOINING and (t.i + 1 >= len(doc) or doc[t.i + 1].lower_ not in NOT_JOINING)
        for t in doc[start:end]
    )


def _source_ends(head: Token, nxt: int) -> bool:
    """ "Selon Axios, Steve Witkoff et Jared Kushner souhaitent …": an according-to source ends
    at its comma (the names after it are what it says)."""
    return any(c.dep_ == "case" for c in head.children) and "," in head.doc[head.i : nxt].text


def _verb_number(head: Token) -> str | None:
    """The number of the finite verb ``head`` is the subject of ("Sing": "a déclaré X, et Y l'a
    confirmé" has one speaker whatever the parser coordinated), None where it shows none."""
    if not head.dep_.startswith("nsubj"):
        return None
    verbs = [head.head, *(c for c in head.head.children if c.dep_.startswith("aux"))]
    numbers = {n for t in verbs if "Fin" in t.morph.get("VerbForm", []) for n in t.morph.get("Number", [])}
    return numbers.pop() if len(numbers) == 1 else None


def _person(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.ent_type_ == "PER"
