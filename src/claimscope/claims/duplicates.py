"""Copies and rewrites of one wire dispatch, so that an agency story reprinted or retold by ten
sites counts as one source.

Copies: texts are folded (case, accents, punctuation), lines too short to be prose (site furniture)
are dropped, and the rest is cut into overlapping word shingles. A MinHash signature per text feeds
an LSH banding index, which proposes candidate pairs without comparing every pair; each candidate
is then checked exactly by containment (shared shingles over the smaller set: `same_dispatch`), because texts are
excerpts: two copies of one dispatch may cover different windows of it, which Jaccard punishes.
Rewrites, which share too few shingles, are found among the copy groups by
claimscope.claims.rewrites (the reporter's narration told in the same order, quotes not counted), and
translations, which share no shingle at all, among the groups of different languages by
claimscope.claims.crosslang (the same narration in language-neutral tokens). Groups are transitive.
Measured figures: see claimscope.evaluation.duplicates.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import combinations

import numpy as np

from claimscope.claims.crosslang import facts, translations
from claimscope.claims.rewrites import Profile, Sentence, Story, Versions, profile, prose_lines, rewrites

SHINGLE_WORDS = 3  # widest flat F1 on news-fr (containment 0.44-0.60); 2 or 4 words peak the same, narrower
MIN_CONTAINMENT = 0.5  # at least half of the smaller text is copied (news-fr plateau: 0.44 to 0.60)
MIN_SHINGLES = 20  # below about a sentence and a half, containment says nothing
NUM_HASHES = 128
BAND_ROWS = 2  # 64 bands of 2: a pair with Jaccard 0.15 becomes a candidate with probability 0.77
SEED = 20251201
READ_AGAIN = 256  # stories whose versions are kept once read again for an alignment

WORD = re.compile(r"[^\W_]+")
HASH_MASK = (1 << 64) - 1


def _coefficients() -> tuple[np.ndarray, np.ndarray]:
    """Fixed odd multipliers and offsets: signatures must agree across runs and processes."""
    rng = np.random.default_rng(SEED)
    high = np.iinfo(np.uint64).max
    multipliers = rng.integers(1, high, size=NUM_HASHES, dtype=np.uint64, endpoint=True) | np.uint64(1)
    offsets = rng.integers(0, high, size=NUM_HASHES, dtype=np.uint64, endpoint=True)
    return multipliers, offsets


MULTIPLIERS, OFFSETS = _coefficients()


def prose_words(text: str) -> list[str]:
    """Folded words of the lines long enough to be prose, in order."""
    return _words(prose_lines(text))


def _words(folded_lines: Iterable[str]) -> list[str]:
    return [word for line in folded_lines for word in WORD.findall(line)]


def _stable_hash(shingle: str) -> int:
    """Python's own str hash is salted per process; signatures must be comparable across runs."""
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "little")


def shingles(text: str) -> frozenset[int]:
    """Hashed word shingles of a text's prose (empty when the text is shorter than one shingle)."""
    return _shingles(prose_words(text))


def _shingles(words: list[str]) -> frozenset[int]:
    spans = (" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))
    return frozenset(_stable_hash(s) for s in spans)


def minhash(hashed: Iterable[int]) -> tuple[int, ...]:
    """One minimum per hash function; (a*x + b) mod 2**64 with odd a permutes 64-bit values."""
    values = np.fromiter(hashed, dtype=np.uint64)
    if values.size == 0:
        return (int(HASH_MASK),) * NUM_HASHES
    permuted = values[:, None] * MULTIPLIERS[None, :] + OFFSETS[None, :]
    return tuple(int(v) for v in permuted.min(axis=0))


def signature(text: str) -> tuple[int, ...]:
    """MinHash signature of a text's normalised word shingles."""
    return minhash(shingles(text))


def resemblance(first: tuple[int, ...], second: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity: the share of hash functions whose minima agree."""
    return sum(a == b for a, b in zip(first, second, strict=True)) / len(first)


class BandIndex:
    """LSH banding: texts whose signatures agree on a whole band become candidate pairs. The bands
    are kept in arrays (a dictionary of buckets took some 1.3 GB at 100,000 texts) and sorted to
    find the texts that share one."""

    def __init__(self, rows: int = BAND_ROWS) -> None:
        self.rows = rows
        self.ids: list[str] = []
        self.bands: list[np.ndarray] = []  # a text's bands, one row each

    def add(self, doc_id: str, sig: tuple[int, ...]) -> None:
        count = len(sig) // self.rows
        self.ids.append(doc_id)
        self.bands.append(np.array(sig[: count * self.rows], dtype=np.uint64).reshape(count, self.rows))

    def candidates(self) -> set[tuple[str, str]]:
        """Each pair sharing at least one bucket (a band's number and values), once, ordered."""
        if not self.ids:
            return set()
        sizes = [len(bands) for bands in self.bands]
        keys = np.column_stack(
            [np.concatenate([np.arange(size, dtype=np.uint64) for size in sizes]), np.concatenate(self.bands)]
        )
        owner = np.repeat(np.arange(len(self.ids)), sizes)
        order = np.lexsort(keys.T[::-1])
        keys, owner = keys[order], owner[order]
        starts = np.flatnonzero(np.r_[True, np.any(keys[1:] != keys[:-1], axis=1)])
        ends = np.r_[starts[1:], len(keys)]
        pairs: set[tuple[str, str]] = set()
        for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1], strict=True):
            members = [self.ids[i] for i in owner[start:end]]
            pairs.update((a, b) if a < b else (b, a) for a, b in combinations(members, 2))
        return pairs


def band_buckets(sig: tuple[int, ...], rows: int = BAND_ROWS) -> set[int]:
    """A signature's bands as signed 63-bit keys (the band's number hashed with its values), for
    an indexed column: two texts share a key when they agree on a whole band, as in BandIndex."""
    keys = set()
    for start in range(0, len(sig) - rows + 1, rows):
        band = f"{start}:" + ",".join(str(v) for v in sig[start : start + rows])
        keys.add(_stable_hash(band) >> 1)
    return keys


class UnionFind:
    """Groups are transitive: a copy of a copy is a copy."""

    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, first: str, second: str) -> None:
        a, b = self.find(first), self.find(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)  # the root stays the smallest id of its group


def packed(hashed: frozenset[int]) -> bytes:
    """Shingles stored once, sorted 64-bit values: a stored copy is checked without its text."""
    return np.array(sorted(hashed), dtype="<u8").tobytes()


def same_dispatch_packed(first: bytes, second: bytes) -> bool:
    """``same_dispatch`` on two packed shingle sets."""
    return same_dispatch(np.frombuffer(first, dtype="<u8"), np.frombuffer(second, dtype="<u8"))


def copies_packed(mine: bytes, others: Sequence[bytes]) -> list[bool]:
    """``same_dispatch_packed(mine, other)`` for each of ``others``, at once: the shingles they share
    with ``mine`` counted in one binary search of all of them (a new document is checked against
    hundreds of stored candidates; a call each cost 27 µs, mostly numpy's own)."""
    own = np.frombuffer(mine, dtype="<u8")
    sizes = np.array([len(other) // 8 for other in others], dtype=np.int64)
    every = np.frombuffer(b"".join(others), dtype="<u8")
    if own.size == 0 or every.size == 0:
        return [False] * len(others)
    at = np.searchsorted(own, every)
    at[at == own.size] = 0
    ends = np.cumsum(sizes)
    found = np.concatenate([[0], np.cumsum(own[at] == every)])
    shared = found[ends] - found[ends - sizes]
    smaller = np.minimum(sizes, own.size)
    kept = (smaller >= MIN_SHINGLES) & (shared / np.maximum(smaller, 1) >= MIN_CONTAINMENT)
    return [bool(copy) for copy in kept]


def same_dispatch(first: np.ndarray, second: np.ndarray) -> bool:
    """Enough text on both sides, and most of the smaller one found in the other (containment;
    sorted arrays of distinct shingles, as ``packed`` writes them)."""
    if first.size > second.size:
        first, second = second, first
    if first.size < MIN_SHINGLES:
        return False
    # where each of the smaller's shingles would sit in the other: a binary search, not the sort of
    # both that `np.intersect1d` does (a new copy is checked against hundreds of stored candidates)
    at = np.searchsorted(second, first)
    at[at == second.size] = 0
    return int(np.count_nonzero(second[at] == first)) / first.size >= MIN_CONTAINMENT


def copy_groups(texts: Mapping[str, str]) -> dict[str, str]:
    """Document id -> the smallest id of its group of copies (a text alone maps to itself)."""
    return _copy_groups((doc_id, shingles(text)) for doc_id, text in texts.items())


def _copy_groups(sets: Iterable[tuple[str, frozenset[int]]]) -> dict[str, str]:
    """Each text's shingles are kept packed (8 bytes a shingle; a set of Python ints took ten
    times that: 3.6 GB at 100,000 articles), as they come."""
    index = BandIndex()
    held: dict[str, np.ndarray] = {}
    for doc_id, hashed in sets:
        held[doc_id] = np.frombuffer(packed(hashed), dtype="<u8")
        if len(hashed) >= MIN_SHINGLES:
            index.add(doc_id, minhash(hashed))
    groups = UnionFind(held)
    for a, b in sorted(index.candidates()):
        if groups.find(a) != groups.find(b) and same_dispatch(held[a], held[b]):  # big groups: skip known pairs
            groups.union(a, b)
    return {doc_id: groups.find(doc_id) for doc_id in held}


def dispatch_groups(texts: Mapping[str, str], languages: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """Document id -> the smallest id of its group of copies, rewrites and, where ``languages``
    (document id -> language) tell two apart, translations (a text alone maps to itself)."""
    lines = {doc_id: prose_lines(text) for doc_id, text in texts.items()}  # folded once, read twice
    copies = _copy_groups((doc_id, _shingles(_words(folded))) for doc_id, folded in lines.items())
    groups = UnionFind(texts)
    for doc_id, group in copies.items():
        groups.union(doc_id, group)
    _join_rewrites(groups, copies, lines, languages)
    if languages:
        _join_translations(groups, lines, languages)
    return {doc_id: groups.find(doc_id) for doc_id in texts}


def _join_rewrites(
    groups: UnionFind,
    copies: Mapping[str, str],
    lines: Mapping[str, list[str]],
    languages: Mapping[str, str | None] | None,
) -> None:
    """Union the groups of copies that retell one dispatch, among those of one language (stems of
    one language weigh nothing in another's texts)."""
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id, group in copies.items():
        members[group].append(doc_id)
    stories, versions = _stories(members, lines, profile)
    by_language: dict[str | None, dict[str, Story]] = defaultdict(dict)
    for group, story in stories.items():
        by_language[languages.get(group) if languages else None][group] = story
    for same_language in by_language.values():
        for first, second in rewrites(same_language, versions):
            groups.union(first, second)


def _join_translations(groups: UnionFind, lines: Mapping[str, list[str]], languages: Mapping[str, str | None]) -> None:
    """Union the groups of copies and rewrites that translate one another (a group's language is its
    smallest id's)."""
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id in lines:
        members[groups.find(doc_id)].append(doc_id)
    stories, versions = _stories(members, lines, facts)
    spoken = {group: language for group in members if (language := languages.get(group))}
    for first, second in translations(stories, spoken, versions):
        groups.union(first, second)


def _stories(
    members: Mapping[str, list[str]], lines: Mapping[str, list[str]], profiler: Callable[[list[str]], Profile]
) -> tuple[dict[str, Story], Versions]:
    """Each group's story as its stems alone, and its versions read again from its members' lines
    when a pair is aligned (the last READ_AGAIN kept: pairs come sorted, a story's together)."""
    stories = {group: Story((), Story.of(profiler(lines[i]) for i in ids).stems) for group, ids in members.items()}

    @lru_cache(maxsize=READ_AGAIN)
    def versions(group: str) -> tuple[tuple[Sentence, ...], ...]:
        return Story.of(profiler(lines[i]) for i in members[group]).versions

    return stories, versions
