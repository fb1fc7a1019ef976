"""The articles list and the article page over HTTP, on the analysed sample (tests/desk.py)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from claimscope import batch
from claimscope.api.models import http_url
from claimscope.evaluation.gold import GoldAttribution
from claimscope.evaluation.scoring import speaker_matches
from claimscope.ingest.normalise import normalise_text
from claimscope.query import DocumentFilter, article, documents
from claimscope.query.limits import NAME_CHARS, SEARCH_CHARS, SITE_CHARS
from claimscope.records import Attribution, Kind, Mention, Span
from claimscope.store import Store
from claimscope.web.app import create_app
from claimscope.web.views import articles as articles_view

GOLD = Path(__file__).resolve().parent / "gold" / "seed-article-fr-ukraine.jsonl"


@pytest.fixture(scope="module")
def client(desk_app: FastAPI) -> TestClient:
    return TestClient(desk_app, follow_redirects=False)


@pytest.fixture(scope="module")
def seed_id(desk_store: Store) -> str:
    return seed_document(desk_store)


def seed_document(store: Store) -> str:
    found = [d.id for d in documents(store, None, 0, 200).items if d.source.endswith("article-fr-ukraine.txt")]
    assert len(found) == 1, found
    return found[0]


def gold() -> list[GoldAttribution]:
    lines = GOLD.read_text(encoding="utf-8").splitlines()
    return [GoldAttribution(**json.loads(line)) for line in lines if line.strip()]


def said_by(name: str) -> Attribution:
    """An attribution to ``name``, as the evaluation's speaker matching takes it."""
    return Attribution(Mention(Span(0, 0), "", "", name=name), None, Span(0, 0), Kind.DIRECT, 1.0, "")


def gold_speakers_found(shown: dict[str, tuple[str, str]]) -> list[str]:
    """For each gold attribution, the problem if no shown voice over its content has its speaker.

    ``shown``: attribution id -> (content as the page shows it, resolved speaker). Matching is the
    evaluation's own (content overlap, speaker by canonical name or description words)."""
    problems = []
    for item in gold():
        needle = normalise_text(item.content)
        candidates = [
            speaker for content, speaker in shown.values() if needle in content or (content and content in needle)
        ]
        if not any(speaker_matches(item, said_by(name)) for name in candidates):
            problems.append(f"{item.content!r}: want {item.speaker}, shown {candidates}")
    return problems


class Voices(HTMLParser):
    """Collects each attribution's pieces (data-a) with their text and data-speaker."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str | None] = []
        self.content: dict[str, str] = {}
        self.speaker: dict[str, str] = {}
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "span":
            self.open.append(found.get("data-a"))
            if found.get("data-a"):
                self.speaker[str(found["data-a"])] = str(found.get("data-speaker"))
                self.content.setdefault(str(found["data-a"]), "")
        if found.get("id"):
            self.ids.append(str(found["id"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self.open.pop()

    def handle_data(self, data: str) -> None:
        for a in {a for a in self.open if a}:
            self.content[a] += data


def read_voices(html: str) -> Voices:
    parser = Voices()
    parser.feed(html)
    return parser


# -- the list ----------------------------------------------------------------------------


def test_articles_lists_the_sample_newest_first(client: TestClient, seed_id: str) -> None:
    response = client.get("/articles")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'Articles <span class="muted">(50)</span>' in response.text
    assert f'href="/articles/{seed_id}"' in response.text
    assert "Guerre en Ukraine : Trump affirme que Poutine souhaite y mettre fin" in response.text
    assert 'option value="blick.ch"' in response.text and 'option value="fr"' in response.text


def test_search_finds_an_article_by_a_word_of_its_text_with_a_marked_snippet(client: TestClient, seed_id: str) -> None:
    response = client.get("/articles", params={"q": "empêtrées"})
    assert response.status_code == 200
    assert f'href="/articles/{seed_id}"' in response.text
    assert re.search(r"<mark>empêtrées</mark>", response.text)
    assert 'value="empêtrées"' in response.text  # the form keeps the query, so the page is a shareable link


def test_filters_are_get_parameters(client: TestClient, desk_store: Store) -> None:
    blick = client.get("/articles", params={"site": "blick.ch"}).text
    rows = re.findall(r"<td>([^<]*)</td>\s*<td class=\"nowrap\">", blick)
    assert rows and set(rows) == {"blick.ch"}
    flagged = client.get("/articles", params={"flagged": "1"}).text
    assert (
        flagged.count('class="badge contradicted" href="/articles/')
        == documents(desk_store, DocumentFilter(flagged=True)).total
    )
    putin = client.get("/articles", params={"speaker": "Poutine", "since": "2025-12-01", "until": "2025-12-31"})
    assert putin.status_code == 200
    assert 'Speaker read as <a href="/speakers/Vladimir%20Putin">Vladimir Putin</a>' in putin.text
    total = documents(desk_store, DocumentFilter(speaker="Vladimir Putin", since=None)).total
    dated = re.search(r"Articles <span class=\"muted\">\((\d+)\)", putin.text)
    assert dated and 0 < int(dated.group(1)) <= total


def test_pages_link_to_each_other(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(articles_view, "PAGE_SIZE", 20)
    first = client.get("/articles", params={"language": "fr"}).text
    assert "page 1 of 3 (50)" in first and 'rel="next" href="?language=fr&amp;page=2"' in first
    second = client.get("/articles", params={"language": "fr", "page": "2"}).text
    assert 'rel="prev" href="?language=fr&amp;page=1"' in second
    ids = [set(re.findall(r'class="doc-title" href="/articles/(\w+)"', page)) for page in (first, second)]
    assert len(ids[0]) == len(ids[1]) == 20 and not ids[0] & ids[1]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "yesterday"}, "since: &#39;yesterday&#39; is not a date (YYYY-MM-DD)"),
        ({"page": "0"}, "page: &#39;0&#39; is not a whole number from 1 to 100000"),
        ({"page": "9" * 40}, "is not a whole number from 1 to 100000"),
        ({"page": "-3"}, "page: &#39;-3&#39; is not a whole number"),
        ({"flagged": "yes"}, "flagged: &#39;yes&#39; is not one of 1, 0"),
        ({"since": "2025-12-09", "until": "2025-12-01"}, "since (2025-12-09) is after until (2025-12-01)"),
    ],
)
def test_bad_parameters_give_the_page_back_with_a_message(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    response = client.get("/articles", params=params)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert message in response.text
    assert '<form class="filters"' in response.text


def test_a_page_past_the_end_says_so(client: TestClient) -> None:
    response = client.get("/articles", params={"page": "99999"})
    assert response.status_code == 200
    assert "Page 99999 is past the last page (1)" in response.text and 'href="?page=1"' in response.text


def test_hostile_parameters_are_escaped(client: TestClient) -> None:
    hostile = '"><img src=x onerror=alert(1)><script>alert(2)</script>{{7*7}}'
    response = client.get("/articles", params={"q": hostile, "speaker": hostile, "site": hostile})
    assert response.status_code == 200
    assert "<img src=x" not in response.text and "<script>alert" not in response.text
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in response.text
    assert "{{7*7}}" in response.text  # shown as typed, never evaluated


# -- one article -------------------------------------------------------------------------


def test_the_seed_article_shows_its_14_voices_with_the_gold_speakers(
    client: TestClient, desk_store: Store, seed_id: str
) -> None:
    response = client.get(f"/articles/{seed_id}")
    assert response.status_code == 200
    voices = read_voices(response.text)
    found = article(desk_store, seed_id)
    assert found is not None
    assert sorted(voices.content, key=int) == [str(i) for i in found.attribution_ids]
    assert len(voices.content) == 14
    shown = {a: (voices.content[a], voices.speaker[a]) for a in voices.content}
    assert gold_speakers_found(shown) == []
    speakers = [voices.speaker[str(i)] for i in found.attribution_ids]
    assert speakers.count("Donald Trump") == 6 and speakers.count("Volodymyr Zelensky") == 2
    assert {"Yuri Ushakov", "Russian government", "Ukrainian government"} <= set(speakers)
    for i in found.attribution_ids:
        assert voices.ids.count(f"a-{i}") == 1 and f'id="v-{i}"' in response.text
    assert 'class="attr sp-' in response.text and "k-direct" in response.text and "k-indirect" in response.text
    assert 'class="cue"' in response.text and 'class="speaker sp-' in response.text


def test_claims_and_flags_are_anchored_on_their_spans_and_linked(
    client: TestClient, desk_store: Store, seed_id: str
) -> None:
    found = article(desk_store, seed_id)
    assert found is not None and found.claims and found.flags
    html = client.get(f"/articles/{seed_id}").text
    ids = read_voices(html).ids
    for c in found.claims:
        assert ids.count(f"c-{c.id}") == 1 and f'href="#c-{c.id}"' in html
        if c.pid:
            assert f'href="/claims/{c.pid}"' in html
    kushner = found.flags[0]
    assert ids.count(f"f-{kushner.id}") == 1 and f'href="#f-{kushner.id}"' in html
    assert "calls Jared Kushner son-in-law of Vladimir Putin" in html
    assert "claimscope knowledge base" in html
    linked = [e.document for e in kushner.flag.evidence if e.document != "knowledge base"]
    assert linked and all(f'href="/articles/{doc}"' in html for doc in linked)  # every one, some behind <details>
    assert f'<div class="flag-item" id="fl-{kushner.id}">' in html and '<details class="more-evidence">' in html


def test_metadata_links_copies_and_shows_no_javascript_url(client: TestClient, desk_store: Store) -> None:
    listed = documents(desk_store, None, 0, 200).items
    copied = next((found for d in listed if (found := article(desk_store, d.id)) is not None and found.copies), None)
    assert copied is not None, "the sample has dispatch copies"
    html = client.get(f"/articles/{copied.analysed.document.id}").text
    assert "Copies of the same dispatch" in html
    assert all(f'href="/articles/{r.id}"' in html for r in copied.copies + copied.same_source)
    if set(copied.same_source) - set(copied.copies):
        assert "Also counted with it as one source" in html
    assert copied.url and f'href="{copied.url}"' in html


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        (" http://example.org ", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("  javascript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("https:javascript:alert(1)", None),
        ("//example.org", None),
        (None, None),
    ],
)
def test_only_http_urls_become_links(url: str | None, link: str | None) -> None:
    assert http_url(url) == link


def test_a_page_the_desk_does_not_have_is_a_404_page_and_the_api_answers_json(client: TestClient) -> None:
    missing = client.get("/no-such-page/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "No such page" in missing.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in missing.text
    assert "<script>alert" not in missing.text and 'href="/articles"' in missing.text
    for path in ("/api/no-such-resource", "/api", "/static/no-such-file.css"):
        answer = client.get(path)
        assert answer.status_code == 404 and answer.json() == {"detail": "Not Found"}


def test_an_id_prefix_redirects_and_an_unknown_id_is_a_404_page(client: TestClient, seed_id: str) -> None:
    redirect = client.get(f"/articles/{seed_id[:8]}")
    assert redirect.status_code == 307 and redirect.headers["location"] == f"/articles/{seed_id}"
    missing = client.get("/articles/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert missing.status_code == 404
    assert "No such article" in missing.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in missing.text
    assert "<script>alert" not in missing.text


def test_a_document_not_analysed_shows_its_note(tmp_path: Path) -> None:
    (tmp_path / "german.txt").write_text(
        "Die Gespräche in Moskau endeten ohne Einigung, erklärte der Kreml am Mittwoch. " * 4, encoding="utf-8"
    )
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    batch.ingest([tmp_path / "german.txt"], store)
    doc = documents(store).items[0]
    assert not doc.analysed
    html = TestClient(create_app(store)).get(f"/articles/{doc.id}").text
    assert "Not analysed: language &#39;de&#39; is not analysed" in html
    assert "Die Gespräche in Moskau endeten ohne Einigung" in html and 'class="attr' not in html


@pytest.mark.parametrize(("name", "most"), [("q", SEARCH_CHARS), ("site", SITE_CHARS), ("speaker", NAME_CHARS)])
def test_the_desk_and_the_api_take_searches_of_the_same_length(client: TestClient, name: str, most: int) -> None:
    """/articles refused a search of 201 characters that /api/documents took."""
    longest, over = {name: "x" * most}, {name: "x" * (most + 1)}
    assert (
        client.get("/articles", params=longest).status_code
        == client.get("/api/documents", params=longest).status_code
        == 200
    )
    page = client.get("/articles", params=over)
    assert page.status_code == 422 and f"{name}: longer than {most} characters" in page.text
    assert client.get("/api/documents", params=over).status_code == 422
