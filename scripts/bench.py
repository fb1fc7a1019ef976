"""Throughput, memory and parse-share figures (what `make bench` runs): French and English side by
side (articles/s, words/s, the share of time outside spaCy), then the French pipeline in depth.

Model loading is never timed: the single-process run warms up first, and pool workers load the
pipeline and the corpus in their initializer, then meet at a barrier before the timed map.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import resource
import sys
import time
from dataclasses import replace
from datetime import date
from multiprocessing.synchronize import Barrier
from pathlib import Path

from claimscope.attribution.extractor import extract as attribution_extract
from claimscope.budget import Budget, analyse_within, shared_worker
from claimscope.claims.extract import extract as extract_claims
from claimscope.claims.flags import corpus_flags, document_flags
from claimscope.claims.verdicts import verdicts
from claimscope.entities.gazetteer import gazetteer
from claimscope.entities.kb import knowledge
from claimscope.entities.resolve import resolve as entities_resolve
from claimscope.ingest import read_inputs
from claimscope.nlp import parsing
from claimscope.pipeline import analyse
from claimscope.records import AnalysedDocument, Document, Problem

GOAL_OVERHEAD_PCT = 25.0
GOAL_SPEEDUP = 1.7

_DOCS: list[Document] = []
_BARRIER: Barrier | None = None


CORPORA = {"fr": ("seed", "corpus/news-fr"), "en": ("corpus/news-en",)}  # the sample of each language


def load_documents(shared: Path, language: str = "fr") -> list[Document]:
    records = read_inputs([shared / folder for folder in CORPORA[language]])
    return [r for r in records if isinstance(r, Document) and r.language == language]


def _init_worker(shared: str, barrier: Barrier) -> None:
    global _DOCS, _BARRIER
    _DOCS = load_documents(Path(shared))
    _BARRIER = barrier
    parsing.pipeline("fr")
    analyse(_DOCS[0])


def _warm(_: int) -> int:
    assert _BARRIER is not None
    _BARRIER.wait(timeout=600)  # every worker holds one warm-up task: all are loaded and warm
    return os.getpid()


def _analyse_index(index: int) -> int:
    return len(analyse(_DOCS[index]).attributions)


def mib(kib: int) -> float:
    return kib / 1024  # ru_maxrss is in KiB on Linux


def run_single(docs: list[Document], repeat: int) -> float:
    parsing.pipeline(docs[0].language)
    analyse(docs[0])
    start = time.perf_counter()
    for _ in range(repeat):
        for doc in docs:
            analyse(doc)
    return time.perf_counter() - start


def run_pool(shared: Path, n_docs: int, processes: int, repeat: int) -> float:
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(processes)
    with ctx.Pool(processes, initializer=_init_worker, initargs=(str(shared), barrier)) as pool:
        pids = set(pool.map(_warm, range(processes), chunksize=1))
        assert len(pids) == processes, "warm-up did not reach every worker"
        start = time.perf_counter()
        pool.map(_analyse_index, list(range(n_docs)) * repeat, chunksize=2)
        elapsed = time.perf_counter() - start
        pool.close()
        pool.join()
    return elapsed


def worker_cost(docs: list[Document], rounds: int) -> list[float]:
    """The corpus through the budgeted worker (as `ingest`, `analyze` and uploads analyse) against
    the same in this process, in turn, round by round (the machine's speed drifts): each round's
    ratio of seconds, worker over in-process. The worker's start is not timed."""
    shared_worker().prestart()
    analyse(docs[0])
    analyse_within(docs[0], Budget())
    ratios = []
    for number in range(rounds):  # in turn, each first every other round
        seconds = {}
        for way in ("here", "worker") if number % 2 == 0 else ("worker", "here"):
            t0 = time.perf_counter()
            for doc in docs:
                found = analyse(doc) if way == "here" else analyse_within(doc, Budget())
                assert isinstance(found, AnalysedDocument), found
            seconds[way] = time.perf_counter() - t0
        ratios.append(seconds["worker"] / seconds["here"])
    return sorted(ratios)


def parse_share(docs: list[Document], repeat: int) -> tuple[float, float, float]:
    """Seconds in spaCy's parse (parsing.pipe, as parsing.parse calls it), in attribution + resolution,
    and in claim extraction with the document's own flags."""
    parse_s = rest_s = claims_s = 0.0
    for _ in range(repeat):
        for doc in docs:
            model = parsing.pipeline(doc.language)
            paras = parsing.paragraphs(doc)
            t0 = time.perf_counter()
            spacy_docs = list(parsing.pipe(model, [doc.text[p.span.start : p.span.end] for p in paras]))
            parse_s += time.perf_counter() - t0
            pairs = list(zip(paras, spacy_docs, strict=True))
            parsed = parsing.ParsedDocument(doc, pairs, parsing.entity_mentions(pairs))
            t1 = time.perf_counter()
            found = attribution_extract(parsed)
            resolved, mentions = entities_resolve(parsed, found)
            t2 = time.perf_counter()
            rest_s += t2 - t1
            analysed = AnalysedDocument(doc, resolved, mentions, claims=extract_claims(parsed, resolved, mentions))
            document_flags(analysed, knowledge())
            claims_s += time.perf_counter() - t2
    return parse_s, rest_s, claims_s


def by_language(shared: Path, repeat: int) -> None:
    """Each language's sample analysed in one process, warmed first: articles/s, words/s, and the
    share of the time spent outside spaCy's parse (attribution, resolution, claims, own flags)."""
    print(f"{'language':<9} {'articles':>8} {'words':>7} {'articles/s':>11} {'words/s':>8} {'outside spaCy':>14}")
    for language in CORPORA:
        docs = load_documents(shared, language)
        if not docs:
            print(f"{language:<9} no documents under {shared}: skipped")
            continue
        words = sum(len(d.text.split()) for d in docs)
        elapsed = run_single(docs, repeat)
        parse_s, rest_s, claims_s = parse_share(docs, repeat)
        outside = (rest_s + claims_s) / (parse_s + rest_s + claims_s) * 100
        print(
            f"{language:<9} {len(docs):>8} {words:>7,} {len(docs) * repeat / elapsed:>11.1f} "
            f"{words * repeat / elapsed:>8,.0f} {outside:>13.0f} %"
        )
    print()


def gazetteer_cost() -> None:
    """The offline place index: built once per process, on the first lookup."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    gazetteer().lookup("Pokrovsk")
    built = time.perf_counter() - t0
    grown = mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
    print(f"gazetteer: index built in {built:.2f} s on the first lookup; peak memory grew {grown:.0f} MiB")


def long_sentence(chars: int) -> None:
    """One sentence of ``chars`` characters full of claims: extraction must stay near linear."""
    clause = (
        "les forces russes ont pris Pokrovsk et Vovchansk, selon le ministère russe, mais Kiev dément cette prise, "
    )
    for size in (chars // 2, chars):
        text = "Le ministère a annoncé que " + clause * (size // len(clause)) + "a-t-il dit."
        doc = Document("bench", "bench", text, site="bench.example", published=date(2025, 12, 3), language="fr")
        t0 = time.perf_counter()
        found = analyse(doc)
        elapsed = time.perf_counter() - t0
        print(f"  one sentence of {len(text):>6,} characters: {elapsed:5.2f} s, {len(found.claims)} claims")


def long_blocks(sizes: list[int]) -> None:
    """A block with no full stop at all (a hostile or broken page): time and peak memory must
    grow linearly, since the pipeline parses an overlong block in pieces. Each size is timed in
    a fresh process, so that its peak memory is its own."""
    for size in sizes:
        with mp.get_context("fork").Pool(1) as pool:
            elapsed, attributions, peak = pool.apply(_long_block, (size,))
        print(
            f"  one block of {size:>7,} characters, no full stop: {elapsed:5.1f} s, {attributions} attributions, "
            f"peak RSS {peak:.0f} MiB"
        )


def _long_block(size: int) -> tuple[float, int, float]:
    clause = "« le porte-parole a déclaré que les forces tenaient la ville et que les combats continuaient selon Kiev "
    text = (clause * (size // len(clause) + 1))[:size]
    doc = Document("bench", "bench", text, site="bench.example", published=date(2025, 12, 3), language="fr")
    t0 = time.perf_counter()
    found = analyse(doc)
    return time.perf_counter() - t0, len(found.attributions), mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


QUOTE = "Le porte-parole a déclaré que les forces tenaient la ville. Les combats continuaient selon Kiev, a-t-il dit. "
HOSTILE = {
    "200,000 characters, no full stop": lambda: _no_full_stop(200_000),
    "an unclosed « over 160,000 characters": lambda: "Il a dit : « " + QUOTE * (160_000 // len(QUOTE) + 1),
    "one sentence of 17,000 characters": lambda: _one_sentence(17_000),
}


def hostile_inputs(budgets: list[Budget]) -> None:
    """The hostile inputs as `ingest` meets them: in the analysing worker, under a budget (the
    default one, then the quality bar's 5 s and 1 GiB); the time from sending the document to
    its result or its stop, and the worker's peak resident memory meanwhile (the pipeline's
    share included). The worker's start, after a stop, is not timed."""
    for budget in budgets:
        print(f"  budget {budget.seconds:g} s, {budget.memory_mib:,} MiB:")
        for name, make in HOSTILE.items():
            text = make()
            analyse_within(Document("warm", "warm", "Le ministre a dit que tout allait bien.", language="fr"), budget)
            doc = Document("bench", "bench", text, site="bench.example", published=date(2025, 12, 3), language="fr")
            t0 = time.perf_counter()
            found = analyse_within(doc, budget)
            elapsed = time.perf_counter() - t0
            outcome = (
                f"skipped: {found.reason}"
                if isinstance(found, Problem)
                else f"analysed, {len(found.attributions)} attributions"
            )
            print(
                f"    {name:<38} ({len(text):>7,}): {elapsed:5.1f} s, peak {shared_worker().last_peak_mib:5.0f} MiB  "
                f"{outcome}"
            )


def _no_full_stop(size: int) -> str:
    clause = "« le porte-parole a déclaré que les forces tenaient la ville et que les combats continuaient selon Kiev "
    return (clause * (size // len(clause) + 1))[:size]


def _one_sentence(size: int) -> str:
    clause = (
        "les forces russes ont pris Pokrovsk et Vovchansk, selon le ministère russe, mais Kiev dément cette prise, "
    )
    return "Le ministère a annoncé que " + clause * (size // len(clause)) + "a-t-il dit."


def cross_source(docs: list[Document], copies: int) -> None:
    """Verdicts and flags over the analysed corpus, then over it repeated (each repeat a new
    article with the same text, so every article is a near-duplicate of others)."""
    analysed = [analyse(d) for d in docs]
    for factor in (1, copies):
        corpus = [
            AnalysedDocument(replace(a.document, id=f"{a.document.id}-{k}", site=f"site{k}.example"), claims=a.claims)
            for k in range(factor)
            for a in analysed
        ]
        t0 = time.perf_counter()
        found = verdicts(corpus, knowledge())
        t1 = time.perf_counter()
        flags = corpus_flags(corpus, knowledge())
        t2 = time.perf_counter()
        print(
            f"  {len(corpus):>5} articles, {sum(len(a.claims) for a in corpus):>6} claims: verdicts {t1 - t0:6.2f} s "
            f"({len(found)} propositions), flags {t2 - t1:6.2f} s ({len(flags)} flags)"
        )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--repeat", type=int, default=3, help="times the corpus is processed")
    parser.add_argument("--processes", default="1,2", help="comma-separated process counts")
    parser.add_argument("--worker-rounds", type=int, default=5, help="rounds of the worker's cost, in turn")
    parser.add_argument("--copies", type=int, default=20, help="corpus copies for the cross-source timing")
    parser.add_argument("--sentence-chars", type=int, default=17_000, help="length of the long-sentence timing")
    parser.add_argument(
        "--block-chars", default="60000,200000", help="comma-separated lengths of the no-full-stop block timings"
    )
    parser.add_argument(
        "--long-only", action="store_true", help="only the long-sentence, long-block and hostile-input timings"
    )
    parser.add_argument(
        "--hostile-budgets",
        default="60:2048,5:1024",
        help="comma-separated SECONDS:MIB budgets the hostile inputs are analysed under",
    )
    args = parser.parse_args()
    blocks = [int(n) for n in args.block_chars.split(",") if n.strip()]
    budgets = [Budget(float(b.split(":")[0]), int(b.split(":")[1])) for b in args.hostile_budgets.split(",") if b]
    if args.long_only:
        analyse(Document("warm", "warm", "Le ministre a dit que tout allait bien.", language="fr"))  # load models first
        print("long sentences and blocks (single process):")
        long_sentence(args.sentence_chars)
        long_blocks(blocks)
        print("hostile inputs, in the analysing worker under a budget (as ingest analyses them):")
        hostile_inputs(budgets)
        return
    shared: Path = args.shared.resolve()
    counts = [int(n) for n in args.processes.split(",") if n.strip()]

    gazetteer_cost()  # first, before the pipeline's own use of it
    docs = load_documents(shared)
    if not docs:
        sys.exit(f"no French documents under {shared}/seed or {shared}/corpus/news-fr")
    words = sum(len(d.text.split()) for d in docs)
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()} ({platform.machine()})\n")
    print("languages, one process:")
    by_language(shared, args.repeat)
    print(f"French corpus: {len(docs)} articles, {words:,} words (x{args.repeat} repeats per run)\n")

    timings: dict[int, float] = {}
    print(f"{'processes':>9} {'seconds':>8} {'articles/s':>11} {'words/s':>9} {'speedup':>8} {'peak RSS':>16}")
    for n in counts:
        if n == 1:
            elapsed = run_single(docs, args.repeat)
            peak = f"{mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss):.0f} MiB (self)"
        else:
            elapsed = run_pool(shared, len(docs), n, args.repeat)
            peak = f"{mib(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss):.0f} MiB/worker"
        timings[n] = elapsed
        base = timings.get(1)
        ratio = f"{base / elapsed:.2f}x" if base else "-"
        print(
            f"{n:>9} {elapsed:>8.2f} {len(docs) * args.repeat / elapsed:>11.1f} "
            f"{words * args.repeat / elapsed:>9,.0f} {ratio:>8} {peak:>16}"
        )
    ratios = worker_cost(docs, args.worker_rounds)
    print(
        f"the budgeted worker (ingest, analyze), {shared_worker().started_mib:.0f} MiB loaded, against this process, "
        f"{len(ratios)} rounds in turn: {(ratios[len(ratios) // 2] - 1) * 100:+.1f} % (median; "
        f"{(ratios[0] - 1) * 100:+.1f} to {(ratios[-1] - 1) * 100:+.1f} %)"
    )

    parse_s, rest_s, claims_s = parse_share(docs, args.repeat)
    overhead = rest_s / parse_s * 100
    print(f"\nspaCy parse: {parse_s:.2f} s; attribution+resolution: {rest_s:.2f} s (single process)")
    print(f"attribution+resolution adds {overhead:.1f} % to spaCy parse time")
    print(f"claims + the document's flags: {claims_s:.2f} s, {claims_s / parse_s * 100:.1f} % of spaCy parse time\n")
    print("across sources (single process):")
    cross_source(docs, args.copies)
    print("long sentences and blocks (single process):")
    long_sentence(args.sentence_chars)
    long_blocks(blocks)
    print("hostile inputs, in the analysing worker under a budget (as ingest analyses them):")
    hostile_inputs(budgets)
    print()

    print("goals:")
    print(
        f"  attribution adds at most {GOAL_OVERHEAD_PCT:.0f} % to parse time: {overhead:.1f} %  "
        f"{verdict(overhead <= GOAL_OVERHEAD_PCT)}"
    )
    if 1 in timings and 2 in timings:
        speedup = timings[1] / timings[2]
        print(f"  2 processes give at least {GOAL_SPEEDUP}x one: {speedup:.2f}x  {verdict(speedup >= GOAL_SPEEDUP)}")
    else:
        print("  2 processes vs one: not measured (need --processes with 1 and 2)")


if __name__ == "__main__":
    main()
