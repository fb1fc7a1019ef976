"""The flags page over HTTP, on the analysed sample (tests/desk.py)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from claimscope.query import flag_kinds, flags
from claimscope.store import Store
from claimscope.web.views.flags import EVIDENCE_SHOWN


@pytest.fixture(scope="module")
def client(desk_app: FastAPI) -> TestClient:
    return TestClient(desk_app, follow_redirects=False)


def test_every_flag_with_its_sentence_kind_message_and_evidence(client: TestClient, desk_store: Store) -> None:
    response = client.get("/flags")
    assert response.status_code == 200
    html = response.text
    found = flags(desk_store)
    assert found.total == len(found.items) > 0
    for f in found.items:
        assert f'href="/articles/{f.flag.document}#f-{f.id}"' in html
        assert f.flag.kind in html
    for kind, count in flag_kinds(desk_store):
        assert f'href="/flags?kind={kind}"' in html and f"{kind} ({count})" in html


def test_the_kushner_flag_shows_the_knowledge_base_and_the_articles_that_say_trump_s_son_in_law(
    client: TestClient, desk_store: Store
) -> None:
    html = client.get("/flags", params={"kind": "kb-conflict"}).text
    card = html.split("calls Jared Kushner son-in-law of Vladimir Putin")[1].split("</article>")[0]
    assert "gendre de Poutine, Jared Kushner" in card  # the sentence
    assert "claimscope knowledge base" in card and "Jared Kushner is son-in-law of Donald Trump" in card
    kushner = next(f for f in flags(desk_store, "kb-conflict").items if "Kushner" in f.flag.message)
    shown = kushner.flag.evidence[:EVIDENCE_SHOWN]
    articles = [e for e in shown if e.document != "knowledge base"]
    assert len(articles) >= 5
    for e in articles:
        assert f'href="/articles/{e.document}">{e.source}</a>' in card
    assert "gendre de Donald Trump, Jared Kushner" in card
    more = len(kushner.flag.evidence) - EVIDENCE_SHOWN
    assert more > 0, "the sample's Kushner flag has more evidence than one card shows"
    assert f'and {more} more: <a href="/articles/{kushner.flag.document}#fl-{kushner.id}">' in card


def test_an_unknown_kind_or_page_gives_the_page_back_with_a_message(client: TestClient) -> None:
    response = client.get("/flags", params={"kind": "<script>alert(1)</script>", "page": "0"})
    assert response.status_code == 422
    assert "kind: &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39; is not one of kb-conflict" in response.text
    assert "<script>alert" not in response.text
    assert "page: &#39;0&#39; is not a whole number" in response.text
