"""The claims board, a proposition and its timeline in Debian's chromium, walked as an analyst would.

The sample is served by uvicorn; each walk asserts that nothing failed in the console and nothing left
the loopback, and saves the README's screenshots (docs/screenshots/).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, expect

from claimscope import query
from claimscope.store import Store
from tests.browser import WatchedPage, new_page, screenshot, serve

POKROVSK = query.pid("control|Pokrovsk|Russia")


@pytest.fixture(scope="module")
def base_url(desk_app: FastAPI) -> Iterator[str]:
    with serve(desk_app) as url:
        yield url


def test_pokrovsk_is_contested_on_the_board_with_every_side(desk_page: WatchedPage, base_url: str) -> None:
    page = desk_page.page
    page.goto(base_url + "/claims")
    headings = page.locator("section.verdict-group").evaluate_all("(sections) => sections.map((s) => s.id)")
    assert headings[0] == "contested"
    link = page.locator("section#contested").get_by_role("link", name="Russia controls Pokrovsk")
    expect(link).to_be_visible()
    screenshot(page, "claims")
    link.click()
    page.wait_for_url(f"**/claims/{POKROVSK}")
    expect(page.locator("h1 .badge")).to_have_text("contested")
    rows = page.locator("tr.stance-row")
    russia = rows.filter(has_text="Russian government").locator("[data-stance=asserts]")
    expect(russia.first).to_be_visible()
    deepstate = page.locator("tr.stance-row[data-party=observer]", has_text="DeepState")
    expect(deepstate.locator(".stance")).to_have_text("partial")
    ukraine = page.locator("tr.stance-row[data-party=ukraine][data-stance=denies]")
    assert ukraine.count() >= 2
    expect(ukraine.filter(has_text="Armed Forces of Ukraine").first).to_be_visible()
    colours = {
        stance: page.locator(f"tr.stance-row .stance-{stance}").first.evaluate("(e) => getComputedStyle(e).color")
        for stance in ("asserts", "denies", "partial")
    }
    assert len(set(colours.values())) == 3  # each stance in its own colour
    expect(page.get_by_role("heading", name="Counted as one source")).to_be_visible()
    screenshot(page, "proposition")
    desk_page.assert_quiet()


def test_the_board_filters_by_a_place_in_another_spelling(desk_page: WatchedPage, base_url: str) -> None:
    page = desk_page.page
    page.goto(base_url + "/claims")
    page.fill("form.filters input[name=about]", "Krasnoarmeïsk")  # Pokrovsk's Soviet name
    page.select_option("form.filters select[name=type]", "control")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/claims?*about=*")
    assert page.locator("li.proposition").evaluate_all("(items) => items.map((i) => i.dataset.pid)") == [POKROVSK]
    desk_page.assert_quiet()
    page.goto(base_url + "/claims?since=not-a-date")
    expect(page.locator(".errors")).to_contain_text("since: 'not-a-date' is not a date")
    assert [e for e in desk_page.console_errors if "status of 422" not in e] == []  # the page itself is the 422


def test_the_timeline_draws_one_mark_per_stance(desk_page: WatchedPage, base_url: str, desk_store: Store) -> None:
    points = query.timeline(desk_store, POKROVSK)
    page = desk_page.page
    page.goto(f"{base_url}/claims/{POKROVSK}")
    page.get_by_role("link", name="Timeline of the stances").click()
    page.wait_for_url(f"**/timeline?proposition={POKROVSK}")
    chart = page.locator("svg#timeline-chart")
    expect(chart).to_be_visible()
    marks = chart.locator("a.mark-link circle.mark")
    assert marks.count() == len(points)
    boxes = [marks.nth(i).bounding_box() for i in range(marks.count())]
    assert all(box and box["width"] > 4 for box in boxes)
    assert len({(round(b["x"]), round(b["y"])) for b in boxes if b}) == len(points)  # none hidden under another
    lanes = chart.locator("text.lane-name").all_text_contents()
    assert lanes == ["asserts", "denies", "partial", "hedged"]
    screenshot(page, "timeline")
    first = chart.locator("a.mark-link").first
    href = first.get_attribute("href")
    assert href is not None and href.startswith("/articles/") and "#c-" in href
    first.click()
    page.wait_for_url("**/articles/**")
    desk_page.assert_quiet()


def test_claims_pages_work_without_javascript(chromium: Browser, base_url: str, desk_store: Store) -> None:
    contested = query.propositions(desk_store, query.ClaimFilter(type="control", status="contested")).total
    assert contested >= 3  # Pokrovsk, Myrnohrad, Vovchansk at least
    with new_page(chromium, javascript=False) as watched:
        page = watched.page
        page.goto(base_url + "/claims?type=control")
        assert page.locator("section#contested li.proposition").count() == contested
        page.goto(f"{base_url}/timeline?proposition={POKROVSK}")
        assert page.locator("svg#timeline-chart circle.mark").count() > 0
        page.goto(base_url + "/timeline?person=Poutine")
        expect(page.locator("h1")).to_have_text("Vladimir Putin: statements over time")
        watched.assert_quiet()
