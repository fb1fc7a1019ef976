"""Every page on a phone-sized screen (390 px): nothing makes the page scroll sideways, and the
map still draws its borders and places."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser

from claimscope import query
from claimscope.store import Store
from tests.browser import new_page, serve

PHONE = 390


@pytest.fixture(scope="module")
def base_url(desk_app: FastAPI) -> Iterator[str]:
    with serve(desk_app) as url:
        yield url


def test_no_page_scrolls_sideways_on_a_phone(chromium: Browser, base_url: str, desk_store: Store) -> None:
    seed = query.documents(desk_store, query.DocumentFilter(q="empêtrées")).items[0].id
    pokrovsk = query.pid("control|Pokrovsk|Russia")
    paths = [
        "/articles",
        f"/articles/{seed}",
        "/speakers",
        "/speakers/Vladimir%20Putin",
        "/claims",
        f"/claims/{pokrovsk}",
        f"/timeline?proposition={pokrovsk}",
        "/map?date=2025-12-05",
        "/flags",
    ]
    with new_page(chromium, width=PHONE, height=844) as watched:
        page = watched.page
        for path in paths:
            page.goto(base_url + path)
            if path.startswith("/map"):
                page.locator("#desk-map[data-state=ready]").wait_for(state="attached", timeout=10_000)
                assert page.locator("#desk-map path.place-marker").count() > 0
                assert page.locator("#desk-map path:not(.place-marker):not(.place-ring)").count() > 0  # borders
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE, f"{path} is {width} px wide"
        watched.assert_quiet()


def test_the_articles_list_shows_every_column_on_a_phone(chromium: Browser, base_url: str) -> None:
    """The list is read as cards: no column hidden behind a sideways scroll of the table."""
    with new_page(chromium, width=PHONE, height=844) as watched:
        page = watched.page
        page.goto(base_url + "/articles")
        table = page.locator("table.articles")
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth")
        first = page.locator("table.articles tbody tr").first
        for cell in range(5):
            box = first.locator("td").nth(cell).bounding_box()
            assert box is not None and box["x"] + box["width"] <= PHONE
        watched.assert_quiet()


def test_stances_and_statements_read_as_cards_on_a_phone(chromium: Browser, base_url: str) -> None:
    """A proposition's stances, a speaker's statements and a timeline's table as cards: every cell
    on screen (the trial found the Stance column behind the table's sideways scroll), the date,
    stance and source on the card's first line, above the article's title."""
    pokrovsk = query.pid("control|Pokrovsk|Russia")
    tables = {
        f"/claims/{pokrovsk}": "table.stances",
        "/speakers/Vladimir%20Putin": "table.statements",
        f"/timeline?proposition={pokrovsk}": "table.timeline-table",
    }
    with new_page(chromium, width=PHONE, height=844) as watched:
        page = watched.page
        for path, selector in tables.items():
            page.goto(base_url + path)
            table = page.locator(selector)
            assert table.evaluate("t => t.scrollWidth <= t.clientWidth"), path
            cells = table.locator("tbody tr").first.locator("td")
            classes = cells.evaluate_all("cells => cells.map(cell => cell.className)")
            boxes = [cells.nth(n).bounding_box() for n in range(len(classes))]
            assert all(b is not None and b["x"] >= 0 and b["x"] + b["width"] <= PHONE for b in boxes), path
            lead = [b["y"] for b, kind in zip(boxes, classes, strict=True) if b and "lead" in kind]
            wide = [b["y"] for b, kind in zip(boxes, classes, strict=True) if b and "wide" in kind]
            assert lead and wide and max(lead) < min(wide), path
        watched.assert_quiet()
