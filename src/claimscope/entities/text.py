"""Names and descriptions as speakers are compared: without determiners or honorifics."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from claimscope.lang import merged
from claimscope.text import fold

# "la même source", "the same source" is the source already met: "même" says which, not what
LAST_WORD = re.compile(r"(\w+)\s+$")  # the word a name follows
DETERMINERS = re.compile(
    r"^(?:(?:les|le|la|un|une|des|du|de la|ce|cet|cette|ces|the|an|a|this|these|those)\s+(?:mêmes?\s+|same\s+)?"
    r"|(?:l|de l|d)['’])",
    re.IGNORECASE,
)


HONORIFICS = re.compile(
    r"^(?:M\.|MM\.|Mme|Mmes|Mlle|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Pr\.?|le colonel|le général|le maréchal)\s+",
    re.IGNORECASE,
)


@cache
def honorific_gender() -> dict[str, str]:
    """Folded title of address -> the gender it gives ("Mr" -> m), read when first needed: a
    read-only command imports this module without loading the data files."""
    return {fold(k): v for k, v in merged("groups")["honorific_gender"].items()}


def without_honorific(name: str) -> str:
    """`M. Ouchakov` is Ouchakov: titles of address are not part of a name."""
    return HONORIFICS.sub("", name.strip(), count=1)


@cache
def name_titles() -> frozenset[str]:
    """Words that title a person right before the name, folded without their full stop: function
    nouns ("President", "Spokesman", "Congressman") and words of address ("Sen.", "Dr")."""
    return frozenset(fold(w).rstrip(".") for w in [*merged("groups")["person"], *merged("titles")["honorifics"]])


def is_title(word: str) -> bool:
    return fold(word).rstrip(".") in name_titles()


def titled(name: str) -> bool:
    """A name that still holds a title before its last word: no clean form of a person's name."""
    return any(is_title(w) for w in name.split()[:-1])


def untitled(name: str) -> str:
    """A person's name without the title glued before it ("Kremlin Spokesman Dmitry Peskov",
    "Congressman Meadows", "Sen. Elizabeth Warren"): the capitalised words after the last title."""
    words = name.split()
    titles = [i for i, w in enumerate(words[:-1]) if is_title(w)]
    rest = words[titles[-1] + 1 :] if titles else words
    return " ".join(rest) if all(w[:1].isupper() for w in rest) else name


def description(text: str) -> str:
    """A speaker description without its leading determiner or trailing punctuation."""
    text = " ".join(text.split()).strip(" ,;:.")
    return DETERMINERS.sub("", text, count=1)


def title_case(text: str) -> bool:
    """Every word capitalised: a title used as a name ("Defence Secretary", "General Staff Chief")."""
    words = text.split()
    return bool(words) and all(w[:1].isupper() for w in words)


def within(name: str, fuller: str) -> bool:
    """Every word of ``name`` is in ``fuller`` ("Bloomberg" in "Michael R. Bloomberg")."""
    words = set(fold(name).split())
    return bool(words) and words <= set(fold(fuller).split())


def one_edit_apart(a: str, b: str) -> bool:
    """Two different words one letter added, dropped, changed or swapped with its neighbour apart
    ("Rashida" and "Rachida", "Vladmir" and "Vladimir", "Zelesnky" and "Zelensky")."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    if len(a) != len(b):
        longer, shorter = (a, b) if len(a) > len(b) else (b, a)
        return longer[start + 1 :] == shorter[start:]
    if a[start + 1 :] == b[start + 1 :]:
        return True  # one letter changed
    return a[start : start + 2] == b[start : start + 2][::-1] and a[start + 2 :] == b[start + 2 :]


def addressed(text: str, name: str) -> str:
    """The name with the title of address the mention gives it ("Mr Anderson" for "Anderson")."""
    before = text[: text.find(name)].split() if name in text else []
    return f"{before[-1]} {name}" if before and fold(before[-1]) in honorific_gender() else name


def fullness(name: str) -> tuple[int, int]:
    """How full a spelling of a name is: its length, then its accented letters (a caption or a
    byline in plain ASCII writes "Francois" for the "François" of the text, never the reverse)."""
    return len(name), sum(not c.isascii() for c in name)


@cache
def outlet_nouns() -> frozenset[str]:
    """Folded nouns that introduce a news outlet by its name (lang/*/groups.yaml's outlets):
    "German outlet Bild", "le quotidien Bild"."""
    return frozenset(fold(word) for word in merged("groups")["outlets"])


OUTLET_WORDS = 2  # words before an outlet noun in a speaker's words: an article ("le quotidien", "The daily")
ELISIONS = re.compile(r"^([ldLD]['\u2019])(?=\w)")  # "l'agence", "d'investigation"
KINDS = frozenset({"de", "d'"})  # before a bare noun of what kind ("de presse", "d'investigation")
# words of a phrase saying whose the outlet is or what it is about ("du Kremlin", "de la Défense",
# "pour les réfugiés"): after them a capitalised word is no outlet's name
OWNERS = frozenset(
    {"de", "d'", "du", "des", "la", "le", "les", "l'", "au", "aux", "à", "pour", "sur", "of", "the", "for"}
)


def outlet_named(words: str) -> str | None:
    """The name of the outlet a speaker's words introduce with a lowercase outlet noun, its
    adjectives and kind aside: "le quotidien Le Monde" is "Le Monde", "la chaîne britannique Sky
    News" "Sky News", "le média d'investigation Bellingcat" "Bellingcat", "the daily Kommersant"
    "Kommersant". None for words without one ("le ministre"), for a medium's own name ("Radio
    France", "The Daily Telegraph") and for a noun of someone's ("le site du Kremlin", "la chaîne
    Telegram du ministère", "l'agence de presse d'État Tass": whose it is, not its name)."""
    split = [part for word in words.split() for part in ELISIONS.split(word) if part]
    noun = next(
        (n for n, word in enumerate(split[:OUTLET_WORDS]) if word[:1].islower() and fold(word) in outlet_nouns()),
        None,
    )
    if noun is None:
        return None
    rest = split[noun + 1 :]
    while rest and rest[0][:1].islower():
        word = fold(rest[0])
        if word in KINDS and len(rest) > 1 and rest[1][:1].islower() and fold(rest[1]) not in OWNERS:
            rest = rest[2:]  # "de presse", "d'investigation"
        elif word in OWNERS:
            return None  # "du Kremlin", "de la Défense", "d'État": whose it is, not its name
        else:
            rest = rest[1:]  # "britannique", "russe"
    if not rest or any(word[:1].islower() for word in rest):
        return None  # "Telegram du ministère russe de la Défense"
    return " ".join(rest)


def introduced_as_outlet(text: str, start: int) -> bool:
    """The word just before ``start`` introduces a news outlet ("German outlet Bild"): the name
    there is the outlet's, whatever the recogniser took it for."""
    before = LAST_WORD.search(text, max(0, start - 40), start)
    return before is not None and fold(before.group(1)) in outlet_nouns()


@cache
def not_voices() -> frozenset[str]:
    """Folded nouns of things and events that never speak (lang/*/groups.yaml's not_voices):
    "cette annonce souligne", "intense fighting characterized …" have no speaker."""
    return frozenset(fold(word) for word in merged("groups")["not_voices"])


def group_name(names: Sequence[str], coordinator: str) -> str:
    """People speaking together, in one order whatever the text's ("Scholz et Macron" is the
    source "Macron et Scholz" is): their letters' ("Édouard" among the Es)."""
    *first, last = sorted(names, key=fold)
    return ", ".join(first) + f" {coordinator} {last}"
