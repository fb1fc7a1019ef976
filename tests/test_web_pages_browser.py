"""The articles, article, speakers and flags pages in Debian's chromium, walked as an analyst would.

The sample (seed + French news corpus) is served by uvicorn; each test opens pages, clicks and hovers,
asserts that nothing failed in the console, and saves the README's screenshots (docs/screenshots/).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page

from claimscope.query import article, documents
from claimscope.store import Store
from tests.browser import WatchedPage, new_page, screenshot, serve
from tests.test_web_articles import gold_speakers_found

VOICES = """() => {
  const found = {};
  for (const el of document.querySelectorAll('.doc-text [data-a]')) {
    const a = el.dataset.a;
    found[a] = found[a] || {speaker: el.dataset.speaker, content: ''};
    found[a].content += el.textContent;
  }
  return found;
}"""
STYLE = "(id) => ((s) => [s.backgroundColor, s.borderBottomStyle])(getComputedStyle(document.getElementById(id)))"
POPOVER = "(id) => getComputedStyle(document.getElementById(id), '::after').content"


@pytest.fixture(scope="module")
def base_url(desk_app: FastAPI) -> Iterator[str]:
    with serve(desk_app) as url:
        yield url


@pytest.fixture(scope="module")
def seed_id(desk_store: Store) -> str:
    found = [d.id for d in documents(desk_store, None, 0, 200).items if d.source.endswith("article-fr-ukraine.txt")]
    assert len(found) == 1
    return found[0]


def popover(page: Page, element_id: str) -> str:
    """The CSS popover's text (the ::after content), or 'none' when it is not shown."""
    return str(page.evaluate(POPOVER, element_id))


def test_search_finds_the_seed_by_a_word_of_its_text(desk_page: WatchedPage, base_url: str) -> None:
    page = desk_page.page
    page.goto(base_url + "/articles")
    assert page.locator("table.articles tbody tr").count() == 50
    screenshot(page, "articles")
    page.fill("form.filters input[name=q]", "empêtrées")
    page.press("form.filters input[name=q]", "Enter")
    page.wait_for_url("**/articles?q=*")
    assert page.locator("table.articles tbody tr").count() == 1
    assert page.locator(".snippet mark").first.inner_text() == "empêtrées"
    page.click("a.doc-title")
    page.wait_for_url("**/articles/*")
    assert page.locator("h1").inner_text() == "Guerre en Ukraine : Trump affirme que Poutine souhaite y mettre fin"
    desk_page.assert_quiet()


def test_the_seed_article_shows_its_voices_and_reveals_who_spoke(
    desk_page: WatchedPage, base_url: str, seed_id: str, desk_store: Store
) -> None:
    found = article(desk_store, seed_id)
    assert found is not None
    page = desk_page.page
    page.goto(f"{base_url}/articles/{seed_id}")
    shown = {a: (v["content"], v["speaker"]) for a, v in page.evaluate(VOICES).items()}
    assert sorted(shown, key=int) == [str(i) for i in found.attribution_ids]
    assert len(shown) == 14
    assert gold_speakers_found(shown) == []

    # highlighted: shaded and underlined in the speaker's colour, solid for direct speech, dashed for indirect
    first, direct = (f"a-{found.attribution_ids[i]}" for i in (0, 3))
    assert page.evaluate(STYLE, first)[0] not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.evaluate(STYLE, first)[1] == "dashed" and page.evaluate(STYLE, direct)[1] == "solid"

    # hovering a voice shows the speaker as written and resolved; clicking one keeps it shown
    assert popover(page, first) == "none"
    page.hover(f"#{first}")
    assert "Trump → Donald Trump" in popover(page, first)
    ushakov = f"a-{found.attribution_ids[7]}"
    page.click(f"#{ushakov}")
    page.mouse.move(0, 0)
    assert page.evaluate("document.activeElement.id") == ushakov
    shown_info = popover(page, ushakov)
    assert "Iouri Ouchakov → Yuri Ushakov" in shown_info and "estimate" in shown_info and "0.75" in shown_info

    # the side list says the same, in a <details> that opens on click
    details = page.locator(f"#v-{found.attribution_ids[7]}")
    assert not details.locator("dl").is_visible()
    details.locator("summary").click()
    assert details.locator("dl").is_visible() and "Yuri Ushakov (person)" in details.inner_text()

    page.click(f"#a-{found.attribution_ids[1]}")
    page.mouse.move(0, 0)
    screenshot(page, "article")
    desk_page.assert_quiet()


def test_the_article_works_without_javascript(chromium: Browser, base_url: str, seed_id: str) -> None:
    with new_page(chromium, javascript=False) as watched:
        page = watched.page
        page.goto(f"{base_url}/articles/{seed_id}#a-1")
        assert page.locator(".doc-text .attr[id^='a-']").count() == 14
        assert "Trump → Donald Trump" in popover(page, "a-1")  # :target shows it
        page.locator("details.voice summary").first.click()
        assert page.locator("details.voice").first.locator("dl").is_visible()
        watched.assert_quiet()


def test_speakers_and_a_speaker_s_statements_lead_into_the_articles(desk_page: WatchedPage, base_url: str) -> None:
    page = desk_page.page
    page.goto(base_url + "/speakers")
    assert page.locator("table.speakers tbody tr").first.locator("td").nth(1).inner_text() == "Yuri Ushakov"
    screenshot(page, "speakers")
    page.click("table.speakers a[href='/speakers/Donald%20Trump']")
    page.wait_for_url("**/speakers/Donald%20Trump")
    assert "Donald Trump" in page.locator("h1").inner_text()
    assert page.locator("#roles").inner_text().count("US president") == 1
    assert page.locator("a[href='/timeline?person=Donald+Trump']").count() >= 1
    screenshot(page, "speaker")
    statement = page.locator("#statements table a[href*='#a-']").first
    href = statement.get_attribute("href") or ""
    statement.click()
    page.wait_for_url("**/articles/**")
    target = page.evaluate(
        "(() => { const t = document.querySelector(':target'); return [t.id, t.dataset.speaker]; })()"
    )
    assert target == [href.split("#")[1], "Donald Trump"]
    desk_page.assert_quiet()


def test_the_kushner_flag_shows_its_evidence_and_leads_to_the_sentence(desk_page: WatchedPage, base_url: str) -> None:
    page = desk_page.page
    page.goto(base_url + "/flags")
    card = page.locator("article.flag-card", has_text="calls Jared Kushner son-in-law of Vladimir Putin")
    assert card.count() == 1
    evidence = card.locator("ul.evidence li")
    assert (
        evidence.filter(has_text="claimscope knowledge base").filter(has_text="son-in-law of Donald Trump").count() == 1
    )
    saying = evidence.filter(has_text="gendre de Donald Trump").locator("a[href^='/articles/']")
    assert saying.count() >= 5
    screenshot(page, "flags")
    evidence_href = saying.first.get_attribute("href") or ""
    card.locator("blockquote a").click()
    page.wait_for_url("**/articles/**#f-*")
    assert "gendre de Poutine, Jared Kushner" in page.locator(".flag:target").inner_text()
    page.goto(base_url + evidence_href)
    assert "gendre de Donald Trump" in page.locator(".doc-text .text").inner_text().replace("\u00a0", " ")
    desk_page.assert_quiet()
