"""Which articles count as one source: a dispatch printed by several outlets, else the site — not
closed transitively (sites that print one dispatch keep their own reporting apart)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from claimscope.claims.independence import independence, site_source
from claimscope.claims.verdicts import verdicts
from claimscope.entities.kb import knowledge
from claimscope.query import materialise
from claimscope.records import AnalysedDocument, Claim, ClaimType, Document, Source, Span, Stance
from claimscope.store import Store
from claimscope.store.models import DocumentGroupRow, PropositionRow, StateRow

DISPATCH = (
    "Le ministère russe de la Défense a affirmé lundi que ses troupes avaient pris le contrôle de la ville "
    "de Pokrovsk, dans la région de Donetsk, après plusieurs semaines de combats acharnés dans les faubourgs "
    "et sur les routes d'approvisionnement, une affirmation aussitôt contestée par l'état-major ukrainien."
)
OWN = {
    "a.example": (
        "Notre envoyé spécial a rencontré des soldats qui affirment que la ville de Pokrovsk est désormais aux "
        "mains des forces russes ; des habitants évacués vers Dnipro décrivent des rues vides."
    ),
    "b.example": (
        "Selon un officier joint par téléphone, la garnison a quitté les derniers quartiers du centre dans la nuit, "
        "sous le feu des drones, et l'armée russe tient à présent la gare et la place principale de Pokrovsk."
    ),
}
KEY = "control|Pokrovsk|Russia"


def _article(doc_id: str, site: str, text: str) -> AnalysedDocument:
    claim = Claim(
        ClaimType.CONTROL,
        KEY,
        {"place": "Pokrovsk", "actor": "Russia"},
        Stance.ASSERTS,
        Source("outlet", "outlet", "journalist"),
        Span(0, 40),
        text[:40],
        date=date(2025, 12, 1),
    )
    return AnalysedDocument(
        Document(doc_id, f"{doc_id}.txt", text, site=site, published=date(2025, 12, 2)), claims=[claim]
    )


def _sample() -> list[AnalysedDocument]:
    """Two outlets printing one dispatch, and each with its own report."""
    return [
        _article("a1", "a.example", DISPATCH),
        _article("b1", "b.example", DISPATCH + " (AFP)"),
        _article("a2", "a.example", OWN["a.example"]),
        _article("b2", "b.example", OWN["b.example"]),
    ]


def test_a_dispatch_two_sites_print_is_one_source_and_their_own_reports_are_theirs() -> None:
    known = independence(_sample())
    assert known.source["a1"] == known.source["b1"] == known.dispatch["a1"] == "a1"
    assert known.source["a2"] == site_source("a.example") != known.source["b2"] == site_source("b.example")
    (verdict,) = verdicts(_sample(), knowledge(), known)
    assert verdict.independent_sources == 3  # the agency, a.example, b.example (one source when closed transitively)


def test_a_corroboration_drawn_from_one_side_s_claim_says_so() -> None:
    """Independent outlets relaying one side's claim corroborate it as outlets, not as witnesses:
    the reason says so; an outlet's own narration among them makes it more than that side's word."""
    relayed = _sample()[2:]
    for analysed in relayed:
        analysed.claims[0].source = Source("Russian Defence Ministry", "organisation", "russia")
    (verdict,) = verdicts(relayed, knowledge())
    assert verdict.status == "corroborated"
    assert "every assertion is one side's own claim (russia;" in verdict.reason
    (verdict,) = verdicts([relayed[0], _sample()[3]], knowledge())
    assert verdict.status == "corroborated" and "one side" not in verdict.reason
    for analysed in relayed:  # a side conceding the other's capture is no claim of its own (a review)
        analysed.claims[0].source = Source("Ukrainian General Staff", "organisation", "ukraine")
    (verdict,) = verdicts(relayed, knowledge())
    assert verdict.status == "corroborated" and "one side" not in verdict.reason


def test_a_dispatch_only_one_site_prints_is_that_site() -> None:
    docs = [_article("a1", "a.example", DISPATCH), _article("a3", "a.example", DISPATCH + " (AFP)"), _sample()[2]]
    known = independence(docs)
    assert {known.source[d] for d in ("a1", "a3", "a2")} == {site_source("a.example")}
    assert known.dispatch["a3"] == "a1"


def test_a_copy_on_a_second_site_makes_the_first_copies_count_as_the_dispatch(fresh_db: Callable[[], str]) -> None:
    """Incrementally, copy by copy: a dispatch's copies count as their site while one site prints
    it, as the dispatch once another site does, and each step counts what a full refresh counts."""
    store = Store(fresh_db())
    first, second, *own = _sample()
    for analysed in (first, *own):
        store.save(analysed)
    materialise.refresh(store, full=True)

    def tables() -> tuple[list[tuple[str, str, str]], int]:
        with store.sessions() as session:
            groups = session.execute(
                select(DocumentGroupRow.document_id, DocumentGroupRow.dispatch, DocumentGroupRow.source_group)
            )
            count = session.scalar(select(PropositionRow.independent_sources).where(PropositionRow.key == KEY))
            return sorted(tuple(g) for g in groups), int(count or 0)

    again = _article("a3", "a.example", DISPATCH + " Mis à jour.")  # the same site prints it again
    counted = {}
    for copy in (again, second):
        store.save(copy)
        materialise.refresh(store, full=False)
        counted[copy.document.id] = tables()
        materialise.refresh(store, full=True)
        assert counted[copy.document.id] == tables()
    assert ("a3", "a1", site_source("a.example")) in counted["a3"][0] and counted["a3"][1] == 2
    assert ("a3", "a1", "a1") in counted["b1"][0] and counted["b1"][1] == 3
    # the article that named the group, replaced by one that is no copy: what is left is named and counted anew
    store.save(_article("a1", "a.example", OWN["b.example"].replace("officier", "colonel")), replace=True)
    materialise.refresh(store, full=False)
    replaced = tables()
    materialise.refresh(store, full=True)
    assert replaced == tables()
    assert ("b1", "a3", "a3") in replaced[0]
    store.engine.dispose()


def test_tables_computed_with_older_rules_are_recomputed_once(fresh_db: Callable[[], str]) -> None:
    """A store whose sources were counted the older way is stale until one whole refresh."""
    store = Store(fresh_db())
    for analysed in _sample():
        store.save(analysed)
    materialise.refresh(store)
    assert not materialise.is_stale(store)
    with store.session() as session:
        session.get(StateRow, materialise.RULES).value = materialise.RULES_VERSION - 1  # 2: what the month rule wrote
    assert materialise.is_stale(store)
    assert materialise.refresh(store, full=False) == materialise.Refreshed(0, True)  # never piecemeal
    assert not materialise.is_stale(store)
    store.engine.dispose()


def test_an_undated_article_s_own_day_takes_only_its_year_from_the_others() -> None:
    """ "ce mardi 2 décembre" in an undated article names its day; the other sources give only the
    year: the date says so ("inferred from other sources" read as a guessed day), and a bare
    weekday is still inferred."""
    dated = [_article(f"d{n}", f"{n}.example", OWN["a.example"]) for n in range(2)]
    for text, said in (("mardi 2 décembre", "year from other sources"), ("mardi", "inferred from other sources")):
        undated = _article("u", "u.example", OWN["b.example"])
        undated.document.published = None
        undated.claims[0].date, undated.claims[0].date_text = None, text
        (verdict,) = verdicts([*dated, undated], knowledge())
        (row,) = [r for r in verdict.rows if r.document == "u"]
        assert row.claim.date_text == f"{text} ({said})", row.claim.date_text
