"""The map in Debian's chromium: offline borders, a marker per place, the days replayed, a place's panel.

What the map shows is read back from the DOM the script keeps up to date: each place's disc carries
its place, verdict as of the day and latest stance as data attributes, and the map element says
which day it shows and whether it is drawn. Nothing may leave the loopback: no tile server, no CDN.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect

from claimscope import query
from tests.browser import WatchedPage, new_page, screenshot, serve

POKROVSK = query.pid("control|Pokrovsk|Russia")
MARKERS = """() => Object.fromEntries([...document.querySelectorAll('#desk-map path.place-marker')]
  .map((p) => [p.dataset.place, [p.dataset.status, p.dataset.latest]]))"""


@pytest.fixture(scope="module")
def base_url(desk_app: FastAPI) -> Iterator[str]:
    with serve(desk_app) as url:
        yield url


def shown(page: Page, day: str) -> dict[str, list[str]]:
    """The places drawn once the map shows ``day``: {place: [verdict then, latest stance]}."""
    page.locator(f'#desk-map[data-state=ready][data-as-of="{day}"]').wait_for(state="attached", timeout=10_000)
    found: dict[str, list[str]] = page.evaluate(MARKERS)
    return found


def test_the_map_shows_pokrovsk_and_replays_the_days(desk_page: WatchedPage, base_url: str) -> None:
    page = desk_page.page
    page.goto(base_url + "/map?date=2025-12-05")
    december = shown(page, "2025-12-05")
    assert set(december) == {"Pokrovsk", "Vovchansk", "Myrnohrad", "Donetsk", "Kupiansk"}
    assert december["Pokrovsk"][0] == "contested"
    page.locator('#desk-map[data-borders="countries oblasts"]').wait_for(state="attached", timeout=10_000)
    assert page.locator("#desk-map .leaflet-borders-pane path").count() >= 2
    expect(page.locator(".leaflet-tooltip.place-label", has_text="Pokrovsk")).to_be_visible()
    paint = "(p) => [getComputedStyle(p).fill, getComputedStyle(p).stroke]"
    assert page.locator("path.place-marker[data-place=Pokrovsk]").evaluate(paint)[0] == "rgb(224, 161, 0)"  # contested
    assert page.locator("path.place-ring.latest-denies").first.evaluate(paint)[1] == "rgb(198, 40, 40)"  # Donetsk

    # a place's stances as of the day, newest first, each linked to its claim in its article
    page.locator("path.place-marker[data-place=Pokrovsk]").focus()
    page.keyboard.press("Enter")
    panel = page.locator(f"#place-panel[data-pid='{POKROVSK}']")
    expect(panel.locator("h2")).to_contain_text("Pokrovsk")
    items = panel.locator("ul.place-stances li")
    assert items.count() > 10
    links = panel.locator("ul.place-stances li a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert all(href.startswith("/articles/") and "#c-" in href for href in links)
    assert "place=" + POKROVSK in page.url
    screenshot(page, "map")

    # the slider back to the first day with a claim: before 1 December the map says something else
    page.locator("#map-slider").focus()
    page.keyboard.press("Home")
    november = shown(page, "2025-11-15")
    assert november == {"Pokrovsk": ["contradicted", "denies"]}
    assert page.url.endswith(f"/map?date=2025-11-15&place={POKROVSK}")
    expect(page.locator("#map-date")).to_have_value("2025-11-15")
    expect(page.locator("#places-body tr")).to_have_count(1)
    expect(panel.locator("ul.place-stances li")).to_have_count(1)

    # the date picker, on the eve of the Russian announcement
    page.fill("#map-date", "2025-11-30")
    page.locator("#map-date").dispatch_event("change")
    eve = shown(page, "2025-11-30")
    assert eve["Pokrovsk"] == ["contested", "asserts"] and "Vovchansk" not in eve
    expect(page.locator("#map-slider-day")).to_have_text("2025-11-30")
    desk_page.assert_quiet()


def test_replay_steps_through_the_days_and_a_click_opens_a_place(desk_page: WatchedPage, base_url: str) -> None:
    page = desk_page.page
    page.goto(base_url + "/map")
    every = shown(page, "")
    assert "Siversk" in every  # all dates: the undated claims too
    page.click("#map-play")
    shown(page, "2025-11-15")
    shown(page, "2025-11-24")
    page.click("#map-play")  # pause
    expect(page.locator("#map-play")).to_have_attribute("aria-pressed", "false")
    page.goto(base_url + "/map?date=2025-12-02")
    shown(page, "2025-12-02")
    page.locator("path.place-marker[data-place=Vovchansk]").click()
    expect(page.locator("#place-panel h2")).to_contain_text("Vovchansk")
    desk_page.assert_quiet()


def test_the_map_page_lists_places_without_javascript(chromium: Browser, base_url: str) -> None:
    with new_page(chromium, javascript=False) as watched:
        page = watched.page
        page.goto(base_url + "/map?date=2025-11-30")
        rows = page.locator("#places-body tr")
        expect(rows).to_have_count(3)  # Kupiansk too: fr-041's "Le 21 novembre … Koupiansk" (it had 2 December)
        expect(rows.filter(has_text="Kupiansk")).to_have_count(1)
        expect(rows.filter(has_text="Pokrovsk").locator(".badge")).to_have_text("contested")
        page.fill("#map-date", "2025-12-05")
        page.click("#map-controls button[type=submit]")
        page.wait_for_url("**/map?date=2025-12-05")
        expect(rows).to_have_count(5)
        watched.assert_quiet()


def test_a_place_opens_from_its_name_too(desk_page: WatchedPage, base_url: str) -> None:
    """Pokrovsk's disc lies under Myrnohrad's: its name on the map opens it all the same."""
    page = desk_page.page
    page.goto(base_url + "/map?date=2025-12-05")
    # the labels are drawn before the map is ready: clicking one earlier opens nothing
    page.locator('#desk-map[data-state=ready][data-as-of="2025-12-05"]').wait_for(state="attached", timeout=10_000)
    page.locator(".place-label", has_text="Pokrovsk").click()
    expect(page.locator("#place-panel h2")).to_contain_text("Pokrovsk")
    desk_page.assert_quiet()


def test_on_a_phone_a_tapped_place_scrolls_its_panel_into_view(chromium: Browser, base_url: str) -> None:
    """One column: the panel is under the map, below the screen; tapping a place brings it up."""
    with new_page(chromium, width=390, height=740) as watched:
        page = watched.page
        page.goto(base_url + "/map?date=2025-12-05")
        page.locator('#desk-map[data-state=ready][data-as-of="2025-12-05"]').wait_for(state="attached", timeout=10_000)
        assert page.evaluate("document.getElementById('place-panel').getBoundingClientRect().top") > 740
        page.locator("path.place-marker[data-place=Vovchansk]").click()
        panel = page.locator("#place-panel[data-pid]")
        expect(panel.locator("h2")).to_contain_text("Vovchansk")
        expect(panel.locator("h2")).to_be_in_viewport()
        screenshot(page, "map-phone-panel")
        watched.assert_quiet()
