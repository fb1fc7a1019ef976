"""Shared fixtures: the real French spaCy pipeline, the team's shared data folder, a real browser (tests/browser.py)."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import func, select

from claimscope.ingest import read_inputs
from claimscope.pipeline import analyse
from claimscope.query.rebuild import with_claims
from claimscope.query.tables import Identity, identity
from claimscope.records import AnalysedDocument, Document
from claimscope.store import Store
from claimscope.store.convert import analysed_documents
from claimscope.store.models import (
    ClaimRow,
    DocumentRow,
    FlagRow,
    MapDayRow,
    ObjectDayRow,
    ObjectEvidenceRow,
    ObjectSourceRow,
    PropositionStanceRow,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser
    from sqlalchemy.orm import Session

    from tests.browser import WatchedPage

pytest_plugins = ["tests.pg", "tests.desk"]  # the analysed sample store and the desk app, for every module

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CLAIMSCOPE_SHARED", ROOT.parent / "shared"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = SHARED / "seed" / "article-fr-ukraine.txt"


def needs_shared() -> pytest.MarkDecorator:
    return pytest.mark.skipif(not SEED.exists(), reason="../shared is not beside the checkout")


def read_one(path: Path) -> Document:
    items = list(read_inputs([path]))
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


@pytest.fixture(scope="session")
def seed_analysis() -> AnalysedDocument:
    if not SEED.exists():
        pytest.skip("../shared is not beside the checkout")
    return analyse(read_one(SEED))


def statement_files(tmp_path: Path, count: int = 3) -> Path:
    """A folder of ``count`` one-statement articles, each with its own text (its own id)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(count):
        (folder / f"{n}.txt").write_text(f"« Nous tenons la ville {n} », a déclaré le porte-parole.", encoding="utf-8")
    return folder


def stored_whole(session: Session) -> tuple[list[AnalysedDocument], dict[Identity, list[int]]]:
    """Every stored document with claims, whole, in storing order, and the row ids of its claims
    by what identifies them: what an in-memory computation over the store reads."""
    documents, claim_ids = [], defaultdict(list)
    for analysed, row_ids in analysed_documents(session, with_claims(session)):
        documents.append(analysed)
        for row_id, claim in zip(row_ids, analysed.claims, strict=True):
            claim_ids[identity(analysed.document.id, claim)].append(row_id)
    return documents, claim_ids


def stance_ranks(session: Session) -> dict[int, int]:
    """Each stance row's rank in its proposition's order, by row id: what an incremental refresh
    writes as a full one does (not their positions: new stances are written in the gaps between
    the stored ones, `query.tables.GAP`); no two stances of a proposition share a position."""
    rows = session.execute(
        select(PropositionStanceRow.id, PropositionStanceRow.pid, PropositionStanceRow.position).order_by(
            PropositionStanceRow.pid, PropositionStanceRow.position
        )
    ).all()
    assert len({(key_id, position) for _, key_id, position in rows}) == len(rows), "two stances share a position"
    ranks: dict[int, int] = {}
    for at, (row_id, key_id, _) in enumerate(rows):
        ranks[row_id] = 0 if at == 0 or rows[at - 1][1] != key_id else ranks[rows[at - 1][0]] + 1
    return ranks


MAP_DAY = (MapDayRow.pid, MapDayRow.stance, MapDayRow.day, MapDayRow.stances, MapDayRow.sources)


def kept_counts(store: Store) -> dict[str, Any]:
    """The counts the refresh keeps: the relations' objects (`query.object_counts`), claims named
    by what they are (their ids differ between stores), and the map's days (`query.map_days`);
    each article's kept flag count (`query.tables.count_flags`) must be that of the flags table
    (the flags of stored articles are not revisited by an incremental refresh: not compared)."""
    with store.sessions() as session:
        claims = {c.id: (c.document_id, c.key, c.start) for c in session.scalars(select(ClaimRow))}
        flag_counts = dict(
            session.execute(select(DocumentRow.id, DocumentRow.flag_count).where(DocumentRow.flag_count != 0)).all()
        )
        flagged = select(FlagRow.document_id, func.count()).group_by(FlagRow.document_id)
        assert flag_counts == dict(session.execute(flagged).all()), "a kept flag count is not the flags'"
        return {
            "object sources": sorted(
                (o.relation, o.object, o.source, o.statements) for o in session.scalars(select(ObjectSourceRow))
            ),
            "object days": sorted(
                (d.relation, d.object, d.type, d.day, d.statements) for d in session.scalars(select(ObjectDayRow))
            ),
            "object evidence": sorted(
                (e.relation, e.object, e.agreeing, e.site, claims[e.claim_id])
                for e in session.scalars(select(ObjectEvidenceRow))
            ),
            "map days": sorted(
                (tuple(row) for row in session.execute(select(*MAP_DAY))),
                key=lambda row: (row[0], row[1], row[2] or date.min),
            ),
        }


def analyse_text(tmp_path: Path, text: str, name: str = "sample.txt") -> AnalysedDocument:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return analyse(read_one(path))


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's chromium under Playwright, one for the whole run; skips when it is not installed."""
    from tests.browser import launch_chromium

    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def desk_page(chromium: Browser) -> Iterator[WatchedPage]:
    """A fresh watched page (console errors, page errors, dialogs, off-loopback requests), JavaScript on."""
    from tests.browser import new_page

    with new_page(chromium) as watched:
        yield watched
