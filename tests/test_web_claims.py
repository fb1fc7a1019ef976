"""The claims board, a proposition's page and the timelines, on the analysed sample (no browser).

The pages are read as HTML: the data attributes the templates put on rows and marks say which
proposition, verdict, stance and side each one shows, so these tests check what a reader sees
without depending on the layout.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from claimscope import query
from claimscope.query.records import TimelinePoint
from claimscope.store import Store
from claimscope.store.models import PropositionStanceRow
from claimscope.web.views import claims as claims_view
from claimscope.web.views import proposition as proposition_view
from claimscope.web.views import timeline as timeline_view

POKROVSK = query.pid("control|Pokrovsk|Russia")
UNDATED = query.pid("role|Andriy Yermak|chief of staff of|Volodymyr Zelensky")  # told only by undated articles


@pytest.fixture(scope="module")
def client(desk_app: FastAPI) -> TestClient:
    return TestClient(desk_app)


def sections(html: str) -> list[str]:
    return re.findall(r'<section class="verdict-group" id="([a-z-]+)"', html)


def board_pids(html: str) -> list[str]:
    return re.findall(r'<li class="proposition" data-pid="([0-9a-f]{16})"', html)


def test_board_groups_propositions_by_verdict_contested_first(client: TestClient, desk_store: Store) -> None:
    page = client.get("/claims")
    assert page.status_code == 200
    assert sections(page.text) == ["contested", "contradicted", "corroborated", "single-source"]
    contested = page.text.split('id="contradicted"')[0]
    assert f'href="/claims/{POKROVSK}">Russia controls Pokrovsk</a>' in contested
    assert board_pids(page.text)[0] == POKROVSK  # the most reported disputed place heads the board
    assert len(board_pids(page.text)) == query.propositions(desk_store).total


@pytest.mark.parametrize("spelling", ["Pokrovsk", "pokrovsk", "Pokrowsk", "Krasnoarmeïsk"])
def test_board_filters_by_place_in_any_spelling(client: TestClient, spelling: str) -> None:
    for name in ("about", "place"):
        page = client.get("/claims", params={name: spelling})
        assert page.status_code == 200
        assert board_pids(page.text) == [POKROVSK]
    assert f'value="{spelling}"' in client.get("/claims", params={"about": spelling}).text  # the form keeps it


def test_board_filters_by_person_type_verdict_and_dates(client: TestClient, desk_store: Store) -> None:
    store = desk_store
    putin = board_pids(client.get("/claims", params={"person": "Poutine"}).text)
    assert putin == [p.pid for p in query.propositions(store, query.ClaimFilter(about="Vladimir Putin")).items]
    assert query.pid("relation|Jared Kushner|son-in-law of|Vladimir Putin") in putin
    control = client.get("/claims", params={"type": "control"}).text
    assert set(re.findall(r'data-type="([a-z]+)"', control)) == {"control"}
    corroborated = client.get("/claims", params={"status": "corroborated"}).text
    assert sections(corroborated) == ["corroborated"]
    disputed = client.get("/claims", params={"contested": "1"}).text
    assert sections(disputed) == ["contested", "contradicted"]
    early = client.get("/claims", params={"until": "2025-11-20"}).text  # only Pokrovsk was reported by then
    assert board_pids(early) == [POKROVSK]
    late = board_pids(client.get("/claims", params={"since": "2025-12-09"}).text)
    assert POKROVSK in late and query.pid("control|Kupiansk|Russia") not in late


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "bogus"}, "type: &#39;bogus&#39; is not one of control, meeting, relation, role"),
        ({"status": "true"}, "status: &#39;true&#39; is not one of"),
        ({"since": "2025-13-01"}, "since: &#39;2025-13-01&#39; is not a date"),
        ({"until": "yesterday"}, "until: &#39;yesterday&#39; is not a date"),
        ({"since": "2025-12-05", "until": "2025-12-01"}, "since (2025-12-05) is after until (2025-12-01)"),
        ({"page": "0"}, "page: &#39;0&#39; is not a whole number"),
        ({"page": "²"}, "page: &#39;²&#39; is not a whole number"),
        ({"page": "99999999999999999999"}, "is not a whole number"),
        ({"about": "x" * 500}, "about: longer than"),
        ({"place": "Pokrovsk", "person": "Poutine"}, "give one of them"),
        ({"contested": "yes"}, "contested: &#39;yes&#39; is not one of 1"),
    ],
)
def test_bad_board_parameters_are_explained_not_fatal(client: TestClient, params: dict[str, str], message: str) -> None:
    page = client.get("/claims", params=params)
    assert page.status_code == 422
    assert 'role="alert"' in page.text and message in page.text
    assert board_pids(page.text)  # the board is still there, without the filter it did not understand


def test_board_pages_keep_the_filters(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(claims_view, "PAGE_SIZE", 5)
    first = client.get("/claims", params={"type": "role"})
    pages = re.search(r"page 1 of (\d+) \((\d+)\)", first.text)
    assert pages is not None and len(board_pids(first.text)) == 5
    total = int(pages.group(2))  # the sample's role propositions, more than two pages of them
    assert total > 10 and int(pages.group(1)) == -(-total // 5)
    assert 'rel="next" href="?type=role&amp;page=2"' in first.text
    second = client.get("/claims", params={"type": "role", "page": "2"})
    assert len(set(board_pids(second.text)) | set(board_pids(first.text))) == 10
    assert 'rel="prev" href="?type=role&amp;page=1"' in second.text
    beyond = client.get("/claims", params={"type": "role", "page": "9"})
    assert beyond.status_code == 200 and not board_pids(beyond.text)
    assert 'on this page: <a href="?type=role&amp;page=1">back to the first page</a>' in beyond.text


def test_the_board_links_its_claims_as_a_download_with_its_filters(client: TestClient) -> None:
    page = client.get("/claims", params={"place": "Pokrovsk", "type": "control", "contested": "1"})
    links = [h.replace("&amp;", "&") for h in re.findall(r'href="(/api/export/claims\.[a-z]+[^"]*)"', page.text)]
    assert [link.split("?")[0] for link in links] == ["/api/export/claims.csv", "/api/export/claims.jsonl"]
    assert links[1].endswith("?about=Pokrovsk&type=control&contested=true")
    rows = client.get(links[1]).text.splitlines()
    board = client.get("/api/claims", params={"about": "Pokrovsk", "type": "control", "contested": "true"}).json()
    assert rows and len(rows) == sum(p["stances"] for p in board["items"])


def stance_rows(html: str) -> list[tuple[str, str, str]]:
    """(side, stance, source) of each row of a proposition's table."""
    return re.findall(r'<tr class="stance-row" data-party="([^"]*)" data-stance="([^"]*)" data-source="([^"]*)">', html)


def test_proposition_shows_every_side(client: TestClient) -> None:
    page = client.get(f"/claims/{POKROVSK}")
    assert page.status_code == 200
    rows = stance_rows(page.text)
    assert ("russia", "asserts", "Russian government") in rows
    assert ("observer", "partial", "observateurs militaires affiliés au projet DeepState") in rows
    assert ("ukraine", "denies", "Armed Forces of Ukraine") in rows
    assert ("ukraine", "denies", "Ukrainian government") in rows
    assert '<span class="badge contested" data-status="contested">contested</span>' in page.text
    # 10, not 11: enderi.fr's rewrite of AFP's capture story (fr-037) counts with blick.ch's copy (fr-035);
    # 5 denies: a video's "qu'une grande ville comme cela soit prise" (fr-036) is about no town in particular
    assert "Why contested:</strong> independent sources: 10 asserts, 5 denies" in page.text
    assert f'href="/timeline?proposition={POKROVSK}"' in page.text
    assert "15 novembre" in page.text  # how the stance was dated


def test_a_proposition_lists_the_stances_of_one_kind(client: TestClient) -> None:
    """ "Who denies it?" (the web desk trial on 0398d22: 55 stances in date order to read through,
    a denial on page 2, and "?stance=denies" ignored): a link for each kind, with its count, lists
    those alone; the verdict is still every stance's."""
    page = client.get(f"/claims/{POKROVSK}").text
    counts = dict(re.findall(r'\?stance=(\w+)">\w+</a>\s*\((\d+)\)', page))
    assert "denies" in counts and "asserts" in counts and set(counts) <= {"asserts", "denies", "partial", "hedged"}
    denies = client.get(f"/claims/{POKROVSK}", params={"stance": "denies"})
    assert denies.status_code == 200 and "<strong>denies</strong>" in denies.text
    rows = stance_rows(denies.text)
    assert len(rows) == int(counts["denies"]) and {s for _, s, _ in rows} == {"denies"}
    assert "Why contested:</strong> independent sources: 10 asserts, 5 denies" in denies.text
    total = sum(int(n) for n in counts.values())
    assert f"<strong>all</strong>\n  ({total})" in page
    assert client.get(f"/claims/{POKROVSK}", params={"stance": "maybe"}).status_code == 422


def test_proposition_links_each_stance_to_its_claim_in_the_article(client: TestClient, desk_store: Store) -> None:
    store = desk_store
    found = query.proposition(store, POKROVSK, 0, 50)
    assert found is not None
    html = client.get(f"/claims/{POKROVSK}").text
    links = re.findall(r'<td class="article[^"]*">\s*<a href="/articles/([0-9a-f]+)#c-(\d+)">', html)
    assert links == [(row.document, str(cid)) for row, cid in zip(found.verdict.rows, found.claim_ids, strict=True)]
    stored = {c.id: c.claim for c in query.article(store, links[0][0]).claims}  # type: ignore[union-attr]
    assert int(links[0][1]) in stored and stored[int(links[0][1])].key == "control|Pokrovsk|Russia"


def test_proposition_says_which_articles_counted_as_one_and_pages_its_stances(
    client: TestClient, desk_store: Store
) -> None:
    first = client.get(f"/claims/{POKROVSK}").text
    counted = first.split("<h2>Counted as one source</h2>")[1]
    # two boursorama.com, two samizdat2.org, two actualites24.fr, two europesays.com, AFP's
    assert counted.count("<li>") == 5
    assert all(site in counted for site in ("boursorama.com", "samizdat2.org", "actualites24.fr", "europesays.com"))
    assert "blick.ch" in counted and "enderi.fr" in counted  # capture story (fr-035) and its rewrite (fr-037)
    assert len(stance_rows(first)) == 50 and 'rel="next" href="?page=2"' in first
    second = client.get(f"/claims/{POKROVSK}", params={"page": "2"}).text
    total = query.proposition_summary(desk_store, POKROVSK)
    assert total is not None and len(stance_rows(second)) == total.stances - 50


def test_the_groups_counted_as_one_are_read_only_as_far_as_a_page_shows_them(sample_store: Store) -> None:
    """The first groups' first articles, as the whole list has them, and every group's size; the
    whole list as the stance rows give it (groups and their articles by code point)."""
    whole = query.counted_as_one(sample_store, POKROVSK)
    with sample_store.sessions() as session:
        rows = session.execute(
            select(PropositionStanceRow.source_group, PropositionStanceRow.document_id).where(
                PropositionStanceRow.pid == POKROVSK
            )
        ).all()
    by_group: dict[str, set[str]] = {}
    for source, doc in rows:
        by_group.setdefault(source, set()).add(doc)
    expected = [sorted(docs) for _, docs in sorted(by_group.items()) if len(docs) > 1]
    assert [[ref.id for ref in group] for group in whole.groups] == expected and len(expected) == 5
    assert whole.sizes == [len(group) for group in expected]
    for shown in (1, 2, 4):
        first = query.counted_as_one(sample_store, POKROVSK, shown)
        assert first.groups == [group[:shown] for group in whole.groups[:shown]] and first.sizes == whole.sizes


def test_the_page_says_how_many_more_articles_and_groups_count_as_one(
    client: TestClient, desk_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(proposition_view, "GROUPS_SHOWN", 1)
    counted = client.get(f"/claims/{POKROVSK}").text.split("<h2>Counted as one source</h2>")[1]
    first = query.counted_as_one(desk_store, POKROVSK).sizes[0]
    assert counted.count("<li>") == 1 and counted.count("/articles/") == 1
    assert f"+ {first - 1} more</span>" in counted and "… and 4 more groups." in counted


def test_unknown_proposition_and_bad_page(client: TestClient) -> None:
    missing = client.get("/claims/0000000000000000")
    assert missing.status_code == 404 and "No such proposition" in missing.text
    assert client.get("/claims/<script>").status_code == 404
    bad = client.get(f"/claims/{POKROVSK}", params={"page": "-1"})
    assert bad.status_code == 422 and "page:" in bad.text and stance_rows(bad.text)


def marks(html: str) -> list[tuple[str, str, str]]:
    """(href, lane, date) of each mark of the timeline chart."""
    return re.findall(
        r'<a class="mark-link" href="([^"]+)">\s*<title>[^<]+</title>\s*<circle class="mark [^"]+" '
        r'cx="[\d.]+" cy="[\d.]+" r="[\d.]+" data-lane="([a-z]+)" data-date="([\d-]+)">',
        html,
    )


def test_proposition_timeline_is_an_svg_chart_and_a_table(client: TestClient, desk_store: Store) -> None:
    store = desk_store
    points = query.timeline(store, POKROVSK)
    page = client.get("/timeline", params={"proposition": POKROVSK})
    assert page.status_code == 200
    assert '<svg id="timeline-chart"' in page.text
    found = marks(page.text)
    assert sorted(found) == sorted((f"/articles/{p.document}#{p.anchor}", p.lane, p.when.isoformat()) for p in points)
    # the hedged stances come from undated articles: counted below as undated, not drawn
    assert {lane for _, lane, _ in found} == {"asserts", "denies", "partial"}
    assert "Valery Gerasimov (russia), 2025-11-30: asserts — La Russie revendique" in page.text  # a tooltip
    assert page.text.count("<tr>") == len(points) + 1  # the table under it: a header and one row a point
    total = query.proposition_summary(store, POKROVSK)
    assert total is not None and f"{total.stances - len(points)} undated stances not shown" in page.text


def test_person_timeline_in_any_spelling(client: TestClient, desk_store: Store) -> None:
    page = client.get("/timeline", params={"person": "Poutine"})
    assert page.status_code == 200
    assert "<h1>Vladimir Putin: statements over time</h1>" in page.text
    points = query.person_timeline(desk_store, "Vladimir Putin")
    assert len(marks(page.text)) == len(points) > 0
    assert all(href.startswith("/articles/") and "#a-" in href for href, _, _ in marks(page.text))


def test_timeline_without_a_subject_or_with_a_wrong_one(client: TestClient) -> None:
    empty = client.get("/timeline")
    assert empty.status_code == 200 and 'name="person"' in empty.text
    both = client.get("/timeline", params={"person": "Poutine", "proposition": POKROVSK})
    assert both.status_code == 422 and "not both" in both.text
    assert client.get("/timeline", params={"proposition": "0000000000000000"}).status_code == 404
    assert client.get("/timeline", params={"person": "Nobody Atall"}).status_code == 404
    undated = client.get("/timeline", params={"proposition": UNDATED})
    assert undated.status_code == 200 and "nothing to draw" in undated.text and "<svg" not in undated.text


def test_a_speaker_quoted_only_in_undated_articles_has_no_broken_timeline_link(
    client: TestClient, desk_store: Store
) -> None:
    """The speakers page links every speaker to a timeline: one whose articles carry no
    publication date gets a page that says so and sends them to the speaker's page."""
    listed = query.speakers(desk_store, 0, 1000).items
    undated = [s for s in listed if not query.person_timeline(desk_store, s.name)]
    assert undated, "the sample quotes someone only in undated articles"
    for who in undated[:5]:
        page = client.get("/timeline", params={"person": who.name})
        assert page.status_code == 200, who.name
        assert f"None of their {who.statements} statement" in page.text and "<svg" not in page.text
        assert f'href="/speakers/{quote(who.name, safe="")}"' in page.text


def point(day: int, lane: str, n: int = 0) -> TimelinePoint:
    return TimelinePoint(date(2025, 12, day), lane, f"source {n}", f"doc{n}", f"c-{n}")


def test_same_day_marks_are_stacked_apart() -> None:
    points = [point(1, "asserts", n) for n in range(12)] + [point(3, "denies")]
    chart = timeline_view.layout(points, ["asserts", "denies"])
    places = {(m.x, m.y) for m in chart.marks}
    assert len(places) == len(chart.marks) == 13
    assert not chart.grouped
    single = timeline_view.layout([point(2, "denies")], ["asserts", "denies"])
    assert single.marks[0].x == pytest.approx((single.left + single.right) / 2, abs=1)  # one day: in the middle


def test_very_many_marks_become_one_a_day_and_lane(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeline_view, "MAX_MARKS", 10)
    chart = timeline_view.layout([point(1 + n % 3, "asserts", n) for n in range(30)], ["asserts"])
    assert chart.grouped and len(chart.marks) == 3
    assert chart.marks[0].title.startswith("10 on 2025-12-01: asserts, by source 0, source 12, source 15 …")
    assert chart.marks[0].radius > timeline_view.RADIUS
