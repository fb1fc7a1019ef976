"""Streaming import of knowledge files: claimscope JSON lines or a Wikidata JSON dump.

Both formats are read one line at a time from a plain, gzip or bzip2 file (recognised from its
first bytes, whatever its name), so a full Wikidata dump (over 100 GB once decompressed) is never
held in memory. Given ``wanted`` names, only the matching entities and the ones their facts point
to are kept: they are found in two streaming passes over the file (a third, narrower one only when
a spouse's parent is still unknown). See docs/knowledge.md.
"""

from __future__ import annotations

import bz2
import gzip
import json
import re
import zlib
from collections.abc import Callable, Collection, Generator, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import IO, Any, cast

from claimscope.records import KbEntity, KbFact
from claimscope.text import fold

# -- formats ----------------------------------------------------------------------------------

CLAIMSCOPE = "claimscope"
WIKIDATA = "wikidata"

FORMATS: dict[str, str] = {
    CLAIMSCOPE: 'claimscope JSON lines, one entity per line: {"name": "Jared Kushner", "type": "person", '
    '"aliases": [...], "gender": "m", "wikidata": "Q...", "facts": [{"relation": ..., "object": ..., '
    '"from": "2009-10-25", "to": null}]}',
    WIKIDATA: 'a Wikidata JSON dump like latest-all.json: a "[" line, one entity object per line followed '
    'by ",", then a "]" line',
}

# First bytes of a compressed file -> how to open it as a stream of decompressed bytes.
COMPRESSIONS: dict[bytes, Callable[..., Any]] = {b"\x1f\x8b": gzip.open, b"BZh": bz2.open}

DETECT_LINES = 50  # non-blank lines looked at to recognise the format (bad ones are passed over)
ARRAY_LINES = frozenset({b"[", b"]"})  # the lines around the entities of a Wikidata dump
BOM = b"\xef\xbb\xbf"

# -- Wikidata: what claimscope keeps ---------------------------------------------------------

# Entity type -> the P31 ("instance of") classes that give it. First match wins.
TYPE_CLASSES: dict[str, frozenset[str]] = {
    "person": frozenset({"Q5"}),  # human
    "organisation": frozenset(
        {
            "Q43229",  # organization
            "Q4830453",  # business
            "Q783794",  # company
            "Q891723",  # public company
            "Q7210356",  # political organization
            "Q7278",  # political party
            "Q327333",  # government agency
            "Q2659904",  # government organization
            "Q484652",  # international organization
            "Q245065",  # intergovernmental organization
            "Q163740",  # nonprofit organization
            "Q1331793",  # media company
        }
    ),
    "place": frozenset(
        {
            "Q515",  # city
            "Q486972",  # human settlement
            "Q3957",  # town
            "Q532",  # village
            "Q1549591",  # big city
            "Q7930989",  # city/town
            "Q1637706",  # city with millions of inhabitants
            "Q200250",  # metropolis
            "Q5119",  # capital
        }
    ),
}
# Entity type -> properties it must also have a value for (a place is only useful with coordinates).
TYPE_REQUIRES: dict[str, tuple[str, ...]] = {"place": ("P625",)}

INSTANCE_OF = "P31"
GENDER = "P21"
GENDERS: dict[str, str] = {
    "Q6581097": "m",  # male
    "Q6581072": "f",  # female
    "Q2449503": "m",  # trans man
    "Q1052281": "f",  # trans woman
}

# Name: English, else "mul" (the multilingual default label Wikidata now uses for names in place of
# an English one), else French, else the first label in LANGUAGES, else any label at all.
NAME_LANGUAGES = ("en", "mul", "fr")
LANGUAGES = ("en", "mul", "fr", "de", "uk", "ru")

# Property -> (claimscope relation, entity types it is read for). Objects are Q ids, given by label.
FACT_PROPERTIES: dict[str, tuple[str, frozenset[str]]] = {
    "P26": ("spouse of", frozenset({"person"})),
    "P22": ("child of", frozenset({"person"})),  # father
    "P25": ("child of", frozenset({"person"})),  # mother
    "P40": ("parent of", frozenset({"person"})),  # child
    "P39": ("holds role", frozenset({"person"})),  # position held (a P642 "of" qualifier is ignored)
    "P463": ("member of", frozenset({"person", "organisation"})),
    "P102": ("member of", frozenset({"person"})),  # political party
    "P108": ("works for", frozenset({"person"})),  # employer
    "P17": ("country", frozenset({"place"})),
}
START_TIME = "P580"
END_TIME = "P582"

# Kinship derived from the facts: X spouse of Y, Y child of Z => X <relation by X's gender> Z.
SPOUSE = "P26"
PARENT_PROPERTIES = frozenset({"P22", "P25"})
CHILD = "P40"
IN_LAW: dict[str, str] = {"m": "son-in-law of", "f": "daughter-in-law of"}

# Wikidata time precision: 9 year, 10 month, 11 day. Anything vaguer than a year is not a date.
PRECISION_YEAR, PRECISION_MONTH, PRECISION_DAY = 9, 10, 11
WIKIDATA_TIME = re.compile(r"([+-])(\d+)-(\d\d)-(\d\d)T")
PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")  # claimscope: 2009, 2009-10, 2009-10-25
QUOTED_QID = re.compile(rb'"(Q\d+)"')
QID = re.compile(r"Q\d+")


class BadLine(ValueError):
    """A line that is valid JSON but not shaped like an entry of its format."""


# What one malformed line can raise while it is read: that line is skipped and counted.
LINE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, RecursionError)


# -- reading lines ----------------------------------------------------------------------------


def _open(path: Path) -> IO[bytes]:
    """The file's decompressed bytes, chosen by its first bytes rather than its suffix."""
    with path.open("rb") as probe:
        magic = probe.read(4)
    for prefix, opener in COMPRESSIONS.items():
        if magic.startswith(prefix):
            return cast(IO[bytes], opener(path, "rb"))
    return path.open("rb")


def _lines(path: Path) -> Generator[bytes, None, None]:
    """Non-blank lines, stripped of spaces and of the trailing comma of a dump's array syntax.

    Lines stay bytes: json.loads decodes them, so one badly encoded line is one bad line.
    """
    stream = _open(path)
    number = 0
    with stream:
        try:
            for number, raw in enumerate(stream, 1):
                line = raw.strip()
                if number == 1:
                    line = line.removeprefix(BOM).strip()
                if line.endswith(b","):
                    line = line[:-1].rstrip()
                if line:
                    yield line
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"{path}: cannot read past line {number}: {exc} (truncated or corrupt archive?)") from exc


def _mentions(line: bytes, ids: frozenset[bytes]) -> bool:
    """Whether a dump line names one of these Q ids anywhere, checked before paying for json.loads."""
    return not ids.isdisjoint(QUOTED_QID.findall(line))


def _shape(obj: Any) -> str | None:
    """The format one parsed line belongs to, if it tells."""
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("name"), str):
        return CLAIMSCOPE
    if isinstance(obj.get("id"), str) and ("claims" in obj or "labels" in obj):
        return WIKIDATA
    return None


def detect_format(path: Path) -> str:
    """The format ("claimscope" or "wikidata") the first lines show; ValueError naming both otherwise."""
    lines = _lines(path)
    seen = 0
    try:
        for seen, line in enumerate(islice(lines, DETECT_LINES), 1):  # noqa: B007 - seen tells an empty file
            if line in ARRAY_LINES:
                return WIKIDATA
            try:
                kind = _shape(json.loads(line))
            except LINE_ERRORS:
                continue
            if kind:
                return kind
    finally:
        lines.close()
    accepted = "; or ".join(FORMATS.values())
    problem = "is empty" if not seen else "is not a knowledge file claimscope can read"
    raise ValueError(f"{path} {problem}. Accepted formats (plain, .gz or .bz2): {accepted}.")


# -- claimscope JSON lines --------------------------------------------------------------------


def _text(value: Any) -> str:
    """A non-empty string, stripped; anything else makes the line bad."""
    if not isinstance(value, str) or not value.strip():
        raise BadLine(f"expected a non-empty string, got {value!r}")
    return value.strip()


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def _list(value: Any) -> list[Any]:
    """A JSON list, None read as empty."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadLine(f"expected a list, got {type(value).__name__}")
    return value


def _mapping(value: Any) -> dict[str, Any]:
    """A JSON object; None and [] read as empty (Wikidata writes an empty object as [])."""
    if value is None or value == []:
        return {}
    if not isinstance(value, dict):
        raise BadLine(f"expected an object, got {type(value).__name__}")
    return value


def _partial_date(value: Any) -> date | None:
    """An ISO date, or a year or year-month read as its first day (like Wikidata's vaguer dates)."""
    if value is None:
        return None
    match = PARTIAL_DATE.fullmatch(_text(value))
    if not match:
        raise BadLine(f"not a date: {value!r}")
    return date(int(match[1]), int(match[2] or 1), int(match[3] or 1))


def _claimscope_entry(obj: Any, origin: str) -> tuple[KbEntity, list[KbFact]]:
    """One claimscope line as its entity and facts, checked whole before anything is yielded."""
    name = _text(obj["name"])
    gender = obj.get("gender")
    if gender not in (None, *IN_LAW):
        raise BadLine(f"unknown gender {gender!r}")
    aliases = tuple(alias for alias in dict.fromkeys(_text(a) for a in _list(obj.get("aliases"))) if alias != name)
    entity = KbEntity(name, _text(obj["type"]), aliases, gender, _optional_text(obj.get("wikidata")), origin)
    facts = [_claimscope_fact(name, _mapping(fact), origin) for fact in _list(obj.get("facts"))]
    return entity, facts


def _claimscope_fact(subject: str, fact: dict[str, Any], origin: str) -> KbFact:
    relation, obj = _text(fact["relation"]), _text(fact["object"])
    return KbFact(subject, relation, obj, _partial_date(fact.get("from")), _partial_date(fact.get("to")), origin)


def _names_match(names: Iterable[str], wanted: Collection[str]) -> bool:
    """Whether any spelling folds to a wanted one (case and accents ignored)."""
    return any(fold(name) in wanted for name in names)


# -- Wikidata dump ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Claim:
    """One kept statement: property, target Q id and its validity period."""

    property: str
    target: str
    start: date | None
    end: date | None


@dataclass(frozen=True)
class _Item:
    """What claimscope keeps of one dump entity; type None when only its label is of use."""

    id: str
    name: str
    type: str | None
    aliases: tuple[str, ...] = ()
    gender: str | None = None
    claims: tuple[_Claim, ...] = ()


def _wikidata_date(value: Any) -> date | None:
    """A Wikidata time value as a date, a month or year as its first day; None when vaguer or BCE."""
    match = WIKIDATA_TIME.match(value["time"])
    precision = value.get("precision", PRECISION_DAY)
    if not match or match[1] == "-" or not isinstance(precision, int) or precision < PRECISION_YEAR:
        return None
    year, month, day = int(match[2]), int(match[3]), int(match[4])
    month = month if precision >= PRECISION_MONTH and month else 1
    day = day if precision >= PRECISION_DAY and day else 1
    try:
        return date(year, month, day)
    except ValueError:  # year 0 or past 9999
        return None


def _statements(claims: dict[str, Any], prop: str) -> Iterator[dict[str, Any]]:
    """Statements of one property that have a value, deprecated ones left out."""
    for statement in _list(claims.get(prop)):
        if (
            _mapping(statement).get("rank") != "deprecated"
            and _mapping(statement["mainsnak"]).get("snaktype") == "value"
        ):
            yield statement


def _item_id(snak: dict[str, Any]) -> str | None:
    """The Q id a value snak points to (older dumps give only the numeric id)."""
    value = _mapping(snak["datavalue"]["value"])
    if "id" in value:
        item = value["id"]
    elif value.get("entity-type", "item") == "item" and isinstance(value.get("numeric-id"), int):
        item = f"Q{value['numeric-id']}"
    else:
        return None
    return item if isinstance(item, str) and QID.fullmatch(item) else None


def _targets(claims: dict[str, Any], prop: str) -> list[str]:
    return [target for s in _statements(claims, prop) if (target := _item_id(s["mainsnak"]))]


def _qualifier_date(statement: dict[str, Any], prop: str) -> date | None:
    for snak in _list(_mapping(statement.get("qualifiers")).get(prop)):
        if _mapping(snak).get("snaktype") == "value":
            return _wikidata_date(_mapping(snak["datavalue"]["value"]))
    return None


def _entity_type(claims: dict[str, Any]) -> str | None:
    """person, organisation or place from P31, or None for everything claimscope has no use for."""
    classes = set(_targets(claims, INSTANCE_OF))
    for kind, wanted in TYPE_CLASSES.items():
        if classes & wanted and all(any(_statements(claims, p)) for p in TYPE_REQUIRES.get(kind, ())):
            return kind
    return None


def _names(labels: dict[str, Any], aliases: dict[str, Any]) -> list[str]:
    """The name first, then the other labels and aliases in the kept languages, each once."""

    def value(label: Any) -> str:
        return _text(_mapping(label)["value"])

    names = [value(labels[lang]) for lang in (*NAME_LANGUAGES, *LANGUAGES) if lang in labels]
    names += [value(alias) for lang in LANGUAGES for alias in _list(aliases.get(lang))]
    if not names and labels:
        names = [value(next(iter(labels.values())))]
    return list(dict.fromkeys(names))


def _claims(claims: dict[str, Any], kind: str) -> tuple[_Claim, ...]:
    """The statements that become facts for this type of entity, with their periods."""
    kept = []
    for prop, (_, types) in FACT_PROPERTIES.items():
        if kind not in types:
            continue
        for statement in _statements(claims, prop):
            target = _item_id(statement["mainsnak"])
            if target:
                start, end = _qualifier_date(statement, START_TIME), _qualifier_date(statement, END_TIME)
                kept.append(_Claim(prop, target, start, end))
    return tuple(kept)


def _wikidata_item(obj: Any, label_only: bool, wanted: Callable[[list[str]], bool] | None = None) -> _Item | None:
    """The kept parts of one dump entity, or None: not an item, unlabelled, untyped (unless label_only)
    or not ``wanted`` by its names. Statements are read last, for the few entities that get that far."""
    if not isinstance(obj, dict):
        raise BadLine("not a JSON object")
    entity_id = obj["id"]
    if obj.get("type", "item") != "item":
        return None
    if not isinstance(entity_id, str) or not QID.fullmatch(entity_id):
        raise BadLine(f"bad item id {entity_id!r}")
    claims = _mapping(obj.get("claims"))
    kind = _entity_type(claims)
    if kind is None and not label_only:
        return None
    names = _names(_mapping(obj.get("labels")), _mapping(obj.get("aliases")))
    if not names or (wanted is not None and not wanted(names)):
        return None
    if kind is None:
        return _Item(entity_id, names[0], None)
    gender = next((GENDERS[g] for g in _targets(claims, GENDER) if g in GENDERS), None) if kind == "person" else None
    return _Item(entity_id, names[0], kind, tuple(names[1:]), gender, _claims(claims, kind))


def _referenced(items: Iterable[_Item], props: Collection[str] | None = None) -> set[str]:
    """Q ids these items' claims point to (of some properties only, if given)."""
    return {c.target for item in items for c in item.claims if props is None or c.property in props}


def _facts(item: _Item, known: dict[str, _Item], origin: str) -> list[KbFact]:
    """The item's own facts whose object has a label; a bare Q id is never emitted."""
    facts = [
        KbFact(item.name, FACT_PROPERTIES[c.property][0], known[c.target].name, c.start, c.end, origin)
        for c in item.claims
        if c.target in known
    ]
    return list(dict.fromkeys(facts))


@dataclass
class _Kinship:
    """Marriages and parents among the known items, read both ways (P26 either side; P22/P25 or P40)."""

    marriages: dict[str, dict[str, _Claim]]
    parents: dict[str, dict[str, None]]

    @classmethod
    def of(cls, items: Iterable[_Item]) -> _Kinship:
        marriages: dict[str, dict[str, _Claim]] = {}
        parents: dict[str, dict[str, None]] = {}
        reverse: list[tuple[str, _Claim]] = []
        for item in items:
            for claim in item.claims:
                if claim.property == SPOUSE:
                    marriages.setdefault(item.id, {})[claim.target] = claim
                    reverse.append((item.id, claim))
                elif claim.property in PARENT_PROPERTIES:
                    parents.setdefault(item.id, {})[claim.target] = None
                elif claim.property == CHILD:
                    parents.setdefault(claim.target, {})[item.id] = None
        for spouse, claim in reverse:  # a marriage stated only on the other side, with its dates
            marriages.setdefault(claim.target, {}).setdefault(spouse, claim)
        return cls(marriages, parents)

    def in_laws(self, item: _Item, known: dict[str, _Item], origin: str) -> list[KbFact]:
        """X son-/daughter-in-law of Z for each spouse's known parent Z, over the marriage's period."""
        relation = IN_LAW.get(item.gender or "")
        if relation is None:
            return []
        facts = [
            KbFact(item.name, relation, known[parent].name, marriage.start, marriage.end, origin)
            for spouse, marriage in self.marriages.get(item.id, {}).items()
            for parent in self.parents.get(spouse, {})
            if parent in known and parent != item.id
        ]
        return list(dict.fromkeys(facts))


# -- the reader -------------------------------------------------------------------------------


class KnowledgeReader:
    """Reads one knowledge file as KbEntity and KbFact records, counting the lines it had to skip.

    ``format`` is known (and a file in neither format refused) as soon as it is built; ``skipped``
    (malformed lines), ``kept`` (entities yielded) and ``passes`` (reads of the file) are counted
    afresh by each iteration.
    """

    def __init__(self, path: Path, wanted: Collection[str] | None = None) -> None:
        self.path = Path(path)
        if isinstance(wanted, str):  # one name, not a collection of characters
            wanted = [wanted]
        self.wanted: frozenset[str] | None = None if wanted is None else frozenset(fold(w) for w in wanted)
        self.origin = self.path.name
        self.format = detect_format(self.path)
        self.skipped = 0
        self.kept = 0
        self.passes = 0

    def __iter__(self) -> Iterator[KbEntity | KbFact]:
        self.skipped = self.kept = self.passes = 0
        if self.wanted is not None and not self.wanted:
            return
        records = self._claimscope() if self.format == CLAIMSCOPE else self._wikidata()
        for record in records:
            if isinstance(record, KbEntity):
                self.kept += 1
            yield record

    def _wanted(self, names: Iterable[str]) -> bool:
        return self.wanted is None or _names_match(names, self.wanted)

    # claimscope: the file's lines are already records; a second pass fetches referenced entities.

    def _entries(self, first: bool) -> Iterator[tuple[int, KbEntity, list[KbFact]]]:
        """(line number, entity, facts) of each good line; bad ones counted on the first pass only."""
        self.passes += 1
        for number, line in enumerate(_lines(self.path)):
            try:
                entity, facts = _claimscope_entry(json.loads(line), self.origin)
            except LINE_ERRORS:
                self.skipped += first
                continue
            yield number, entity, facts

    def _claimscope(self) -> Iterator[KbEntity | KbFact]:
        """Wanted entries as they come, then (second pass) the entries their facts' objects name."""
        done: set[int] = set()
        found: set[str] = set()
        objects: set[str] = set()
        for number, entity, facts in self._entries(first=True):
            if self._wanted((entity.name, *entity.aliases)):
                done.add(number)
                found.update(fold(name) for name in (entity.name, *entity.aliases))
                objects.update(fold(fact.object) for fact in facts)
                yield entity
                yield from facts
        if self.wanted is None or objects <= found:
            return
        for number, entity, facts in self._entries(first=False):
            if number not in done and _names_match((entity.name, *entity.aliases), objects):
                yield entity
                yield from facts

    # Wikidata: facts need their objects' labels, which may lie anywhere in the dump.

    def _items(
        self,
        label_only: bool,
        mentioning: Collection[str] | None = None,
        wanted: Callable[[list[str]], bool] | None = None,
    ) -> Iterator[_Item]:
        """Items of one pass; with ``mentioning``, only lines naming one of those Q ids are parsed."""
        first = self.passes == 0
        self.passes += 1
        needles = None if mentioning is None else frozenset(q.encode() for q in mentioning)
        for line in _lines(self.path):
            if line in ARRAY_LINES or (needles is not None and not _mentions(line, needles)):
                continue
            try:
                item = _wikidata_item(json.loads(line), label_only, wanted)
            except LINE_ERRORS:
                self.skipped += first
                continue
            if item is not None:
                yield item

    def _collect(self, known: dict[str, _Item], ids: set[str], spouses: Collection[str] = ()) -> None:
        """One pass adding the items with these ids, and people who name one of ``spouses`` as child."""
        spouses = frozenset(spouses)
        for item in self._items(label_only=True, mentioning=ids | spouses):
            in_law = any(c.property == CHILD and c.target in spouses for c in item.claims)
            if item.id not in known and (item.id in ids or in_law):
                known[item.id] = item

    def _wikidata(self) -> Iterator[KbEntity | KbFact]:
        """Pass 1 picks the entities; pass 2 their facts' objects and spouses' parents; then records."""
        known: dict[str, _Item] = {}
        for item in self._items(label_only=False, wanted=self._wanted):
            known.setdefault(item.id, item)
        selected = list(known.values())
        spouses = _referenced(selected, {SPOUSE}) if self.wanted is not None else set()
        missing = _referenced(selected) - known.keys()
        if missing:
            self._collect(known, missing, spouses)
        parents = _referenced([known[s] for s in spouses if s in known], PARENT_PROPERTIES) - known.keys()
        if parents:  # a spouse's parent who does not name the spouse as child: one narrow pass more
            self._collect(known, parents)
        kinship = _Kinship.of(known.values())
        for item in known.values():
            if item.type is None:
                continue
            yield KbEntity(item.name, item.type, item.aliases, item.gender, item.id, self.origin)
            yield from _facts(item, known, self.origin)
            yield from kinship.in_laws(item, known, self.origin)


def read_knowledge(path: Path, wanted: Collection[str] | None = None) -> Iterator[KbEntity | KbFact]:
    """The entities and facts of a knowledge file; use KnowledgeReader to see what was skipped."""
    return iter(KnowledgeReader(path, wanted))
