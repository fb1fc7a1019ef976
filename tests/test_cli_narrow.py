"""Every table command at 80 columns, on the analysed sample: no line wider than the terminal, no
cell cut with "…", and each stance's evidence, each quote and each flagged sentence printed whole."""

from __future__ import annotations

import json
from datetime import date

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from claimscope import query
from claimscope.cli import app as cli_app
from claimscope.cli.app import app
from claimscope.cli.claims import CLAIMS_SHOWN, FLAGS_SHOWN, STANCES_SHOWN
from claimscope.query import ClaimFilter, all_flags, all_verdicts
from claimscope.store import Store
from tests.conftest import SEED, needs_shared

runner = CliRunner()
pytestmark = needs_shared()
WIDTH = 80


@pytest.fixture(autouse=True)
def narrow_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_app.console, "width", WIDTH)


def _url(store: Store) -> str:
    return store.engine.url.render_as_string(hide_password=False)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _shown(store: Store, *args: str) -> str:
    result = runner.invoke(app, [*args, "--db", _url(store)] if args[0] != "analyze" else list(args))
    assert result.exit_code == 0, result.output
    wide = [line for line in result.output.splitlines() if cell_len(line) > WIDTH]
    assert not wide, f"{args}: {len(wide)} lines wider than {WIDTH}: {wide[:3]}"
    return result.output


@pytest.fixture(scope="module")
def ellipses_in_articles(desk_store: Store) -> set[str]:
    """Words that end in "…" in the stored articles and titles themselves (shown as they are)."""
    found: set[str] = set()
    for summary in query.every_document(desk_store):
        shown = query.article(desk_store, summary.id)
        assert shown is not None
        words = f"{shown.analysed.document.title or ''} {shown.analysed.document.text}".split()
        found |= {word for word in words if word.endswith("…")}  # titles too: some outlets cut their own
    return found


@pytest.mark.parametrize(
    "args",
    [
        ("claims", "--about", "Pokrovsk"),
        ("claims",),
        ("claims", "--type", "meeting", "--about", "Moscow"),
        ("flags",),
        ("entity", "Pokrovsk"),
        ("entity", "Jared Kushner"),
        ("documents",),
        ("speakers",),
        ("show", "SEED"),
        ("analyze", "SEED"),
    ],
    ids=" ".join,
)
def test_no_cell_is_cut_at_80_columns(desk_store: Store, ellipses_in_articles: set[str], args: tuple[str, ...]) -> None:
    seed = next(d.id for d in query.every_document(desk_store) if d.source.endswith(SEED.name))
    args = tuple({"SEED": seed if args[0] == "show" else str(SEED)}.get(arg, arg) for arg in args)
    output = _shown(desk_store, *args)
    cut = sorted({word for word in output.split() if word.endswith("…")} - ellipses_in_articles)
    assert not cut, f"{args}: {len(cut)} cells cut, e.g. {cut[:5]}"


def test_every_stance_is_shown_whole_with_its_evidence(desk_store: Store) -> None:
    output = _shown(desk_store, "claims", "--about", "Pokrovsk")
    words = {word.rstrip(",:") for word in output.split()}
    flat = _flat(output)
    verdicts = all_verdicts(desk_store, ClaimFilter(about="Pokrovsk"))
    assert verdicts and len(verdicts) <= CLAIMS_SHOWN
    if any(len(v.rows) > STANCES_SHOWN for v in verdicts):
        assert f"the first {STANCES_SHOWN} of" in flat  # the caption says how many stances there are
    for verdict in verdicts:
        for row in verdict.rows[:STANCES_SHOWN]:
            claim = row.claim
            assert _flat(claim.evidence) in flat, claim.evidence  # whole, on the lines below its row
            for word in f"{claim.source.name} ({claim.source.party}) {row.site or ''}".split():
                assert word.rstrip(",:") in words, (word, claim.source.name)  # wrapped in its column, never cut


def test_stances_says_how_many_of_each_proposition_to_show(desk_store: Store) -> None:
    """--limit counts propositions; a fact-checker reading every source on one needs --stances
    (0: every one) in the table, not only in --json."""
    verdict = max(all_verdicts(desk_store, ClaimFilter(about="Pokrovsk")), key=lambda v: len(v.rows))
    assert len(verdict.rows) > STANCES_SHOWN
    few = _flat(_shown(desk_store, "claims", "--about", "Pokrovsk", "--limit", "1", "--stances", "2"))
    assert f"the first 2 of {len(verdict.rows)} stances: --stances 0 or --json lists them all" in few
    every = _flat(_shown(desk_store, "claims", "--about", "Pokrovsk", "--limit", "1", "--stances", "0"))
    assert "stances: --stances 0" not in every
    assert all(_flat(row.claim.evidence) in every for row in verdict.rows)


def test_every_flag_is_shown_whole(desk_store: Store) -> None:
    output = _shown(desk_store, "flags")
    flat = _flat(output)
    flags = all_flags(desk_store)
    assert flags and len(flags) <= FLAGS_SHOWN
    for flag in flags:
        assert _flat(flag.sentence) in flat and _flat(flag.message) in flat
        for evidence in flag.evidence[:3]:
            assert _flat(evidence.text) in flat, evidence.text


def test_every_quote_is_shown_whole(desk_store: Store) -> None:
    seed = next(d.id for d in query.every_document(desk_store) if d.source.endswith(SEED.name))
    shown = query.article(desk_store, seed)
    assert shown is not None and shown.analysed.attributions
    flat = _flat(_shown(desk_store, "show", seed[:8]))
    text = shown.analysed.document.text
    for attribution in shown.analysed.attributions:
        assert _flat(text[attribution.content.start : attribution.content.end]) in flat
        if attribution.speaker and attribution.speaker.name:
            assert all(word in flat.split() for word in attribution.speaker.name.split())


def test_a_long_evidence_is_counted_not_cut_silently() -> None:
    from claimscope.cli.layout import clipped

    text = "mot " * 1000
    shown = clipped(text, 100)
    assert len(shown) < 200 and shown.endswith("characters: --json has them all]")
    assert f"+{len(text.strip()) - shown.index(' [+'):,} characters" in shown
    assert clipped("  deux   mots ") == "deux mots"


def test_evidence_from_a_reference_names_it_whole() -> None:
    """The gazetteer, the calendar and the knowledge base are no article: no id is cut from them."""
    from rich.console import Console

    from claimscope.cli.claims import flag_table
    from claimscope.records import CALENDAR, GAZETTEER, KNOWLEDGE_BASE, Evidence, Flag, Span

    evidence = [
        Evidence("0123456789abcdef", "example.org", "an article"),
        Evidence(GAZETTEER, "claimscope gazetteer", "Pokrovsk is in Donetsk Oblast"),
        Evidence(CALENDAR, "calendar", "no 31 November"),
        Evidence(KNOWLEDGE_BASE, "claimscope knowledge base", "Jared Kushner is son-in-law of Donald Trump"),
    ]
    flag = Flag("kb-conflict", "fedcba9876543210", Span(0, 4), "a sentence", "why", evidence)
    console = Console(width=WIDTH, record=True)
    console.print(flag_table([(flag, len(evidence))]))
    flat = _flat(console.export_text())
    assert "against claimscope gazetteer: Pokrovsk" in flat and "gazett:" not in flat
    assert "against calendar: no 31" in flat
    assert "against example.org 012345: an article" in flat


def test_documents_lists_the_newest_first_and_says_how_many_are_left_out(desk_store: Store) -> None:
    newest = [summary.id[:12] for summary in query.every_document(desk_store)]
    shown = _shown(desk_store, "documents", "--limit", "3")
    assert [line.split()[0] for line in shown.splitlines() if line[:12] in newest] == newest[:3]
    assert f"the newest 3 of {len(newest)} documents: --limit 0 lists them all" in shown
    every = _shown(desk_store, "documents", "--limit", "0")
    assert sum(line[:12] in newest for line in every.splitlines()) == len(newest) and "the newest" not in every


@pytest.mark.parametrize(
    "command", ["documents", "claims", "flags", "speakers", "entity", "show", "ingest", "watch", "serve", "eval"]
)
def test_help_is_whole_at_80_columns(command: str) -> None:
    """Rich cuts a word longer than its help column with "…" (the --db URL, the flag kinds)."""
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": str(WIDTH)})
    assert result.exit_code == 0, result.output
    assert "…" not in result.output and all(cell_len(line) <= WIDTH for line in result.output.splitlines())


def test_every_speaker_is_listed_a_page_at_a_time(desk_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_app, "MAX_SPEAKERS", 2)  # the query layer's page, made small
    monkeypatch.setattr(cli_app.console, "width", 400)  # a row a line: names whole
    every = runner.invoke(app, ["speakers", "--limit", "0", "--db", _url(desk_store)]).output
    names = [s.name for s in query.speakers(desk_store, 0, 500).items]
    assert len(names) > 2 and all(name in every for name in names) and "--limit 0 lists" not in every
    first = runner.invoke(app, ["speakers", "--limit", "3", "--db", _url(desk_store)]).output
    assert sum(name in first for name in names) == 3
    assert f"the first 3 of {len(names)} speakers: --limit 0 lists them all" in first


def test_the_speakers_table_says_which_side_each_speaks_for(desk_store: Store) -> None:
    """A fact-checker filtering voices by side needs it beside each name (the desk's speakers page
    shows it; the table did not): the side the query layer gives, or "—" where none is known."""
    output = _shown(desk_store, "speakers", "--limit", "0")
    assert "side" in output.splitlines()[1].split()
    rows = {line.split("  ")[0].strip(): line for line in output.splitlines()[3:]}
    listed = query.speakers(desk_store, 0, 10).items
    checked = [s for s in listed if s.name in rows]  # a long name wraps: its first line is not the name
    assert len(checked) >= 5 and any(s.side for s in checked)
    for speaker in checked:
        assert f" {speaker.side or '—'} " in rows[speaker.name]


def test_nothing_about_a_place_under_a_filter_says_what_the_filter_hid(desk_store: Store) -> None:
    """ "claims --about Pokrovsk --type role" finds nothing, yet Pokrovsk has propositions: the
    message names the filter and how many there are without it, not "try another spelling"."""
    about = len(all_verdicts(desk_store, ClaimFilter(about="Pokrovsk")))
    assert about and not all_verdicts(desk_store, ClaimFilter(about="Pokrovsk", type="role"))
    flat = _flat(_shown(desk_store, "claims", "--about", "Pokrovsk", "--type", "role"))
    noun = "proposition" if about == 1 else "propositions"
    assert f"nothing about 'Pokrovsk' with these filters (--type role): {about} {noun} about it without them" in flat
    unknown = _flat(_shown(desk_store, "claims", "--about", "Nowhereville", "--type", "role"))
    assert "nothing about 'Nowhereville': try another spelling" in unknown


def _listed_ids(output: str) -> list[str]:
    return [line.split()[0] for line in output.splitlines() if line[:12].isalnum() and len(line.split()[0]) == 12]


def test_documents_are_searched_and_filtered_as_the_desk_does(desk_store: Store) -> None:
    """The terminal's list had no search nor filter: the desk's full-text search and filters."""
    found = query.documents(desk_store, query.DocumentFilter(q="Guérassimov"), limit=200)
    assert 0 < found.total < query.documents(desk_store, limit=1).total
    output = _shown(desk_store, "documents", "--search", "Guérassimov", "--limit", "0")
    assert _listed_ids(output) == [d.id[:12] for d in found.items]
    site = next(d.site for d in query.every_document(desk_store) if d.site)
    by_site = _listed_ids(_shown(desk_store, "documents", "--site", site, "--limit", "0"))
    assert by_site == [d.id[:12] for d in query.every_document(desk_store) if d.site == site]
    late = _shown(desk_store, "documents", "--since", "2025-12-05", "--speaker", "Poutine", "--limit", "0")
    kept = query.every_document(desk_store, query.DocumentFilter(since=date(2025, 12, 5), speaker="Poutine"))
    assert _listed_ids(late) == [d.id[:12] for d in kept]
    assert "no document matches these filters" in _shown(desk_store, "documents", "--search", "zzqxw")


def test_show_prints_a_stored_document_as_analyze_does(desk_store: Store) -> None:
    seed = next(d.id for d in query.every_document(desk_store) if d.source.endswith(SEED.name))
    printed = json.loads(runner.invoke(app, ["show", seed[:8], "--db", _url(desk_store), "--json"]).output)
    (document,) = printed["documents"]
    assert document["id"] == seed and document["claims"] and document["attributions"]
