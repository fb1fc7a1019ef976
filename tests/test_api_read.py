"""The JSON API's reads over the analysed sample: pages, filters, one item, errors, and the schema."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, get_args

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from claimscope.api.claimreview import RATINGS
from claimscope.api.claims import GroupedType, Status
from claimscope.api.flags import FlagKind
from claimscope.query.propositions import STATUSES
from claimscope.query.tables import GROUPED_TYPES
from claimscope.records import FLAG_KINDS, AnalysedDocument
from claimscope.schema import DocumentOut, document_out

SEED_ID = "2c5aa0e4e61434052343"
POKROVSK = "control|Pokrovsk|Russia"


@pytest.fixture(scope="module")
def client(sample_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(sample_app) as c:
        yield c


def get(client: TestClient, url: str, **params: Any) -> Any:
    response = client.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def walk(client: TestClient, url: str, limit: int, **params: Any) -> list[Any]:
    """Every item of a paged list, page by page."""
    items: list[Any] = []
    while True:
        page = get(client, url, offset=len(items), limit=limit, **params)
        assert page["offset"] == len(items) and page["limit"] == limit
        items += page["items"]
        if not page["items"] or len(items) >= page["total"]:
            assert len(items) == page["total"]
            return items


@pytest.mark.parametrize(
    ("url", "key", "params"),
    [
        ("/api/documents", "id", {}),
        ("/api/documents", "id", {"q": "Pokrovsk"}),
        ("/api/speakers", "name", {}),
        ("/api/claims", "pid", {}),
        ("/api/flags", "id", {}),
    ],
)
def test_pages_are_stable_and_cover_the_list(client: TestClient, url: str, key: str, params: dict[str, str]) -> None:
    whole = get(client, url, limit=200, **params)["items"]
    paged = walk(client, url, limit=3, **params)
    assert [i[key] for i in paged] == [i[key] for i in whole]
    assert len({i[key] for i in paged}) == len(paged) > 0


def test_documents_filters(client: TestClient) -> None:
    every = get(client, "/api/documents", limit=200)
    assert every["total"] == 50
    site = get(client, "/api/documents", site="samizdat2.org", limit=200)
    assert 0 < site["total"] < 50 and {d["site"] for d in site["items"]} == {"samizdat2.org"}
    assert get(client, "/api/documents", language="fr")["total"] == 50
    window = get(client, "/api/documents", since="2025-12-01", until="2025-12-03", limit=200)["items"]
    assert window and all("2025-12-01" <= d["published"] <= "2025-12-03" for d in window)
    flagged = get(client, "/api/documents", flagged="true", limit=200)
    unflagged = get(client, "/api/documents", flagged="false", limit=200)
    assert flagged["items"] and all(d["flags"] > 0 for d in flagged["items"])
    assert all(d["flags"] == 0 for d in unflagged["items"])
    assert flagged["total"] + unflagged["total"] == 50
    putin = get(client, "/api/documents", speaker="Vladimir Putin", limit=200)
    assert 0 < putin["total"] < 50


def test_documents_search_finds_a_word_of_the_text_with_its_snippet(client: TestClient) -> None:
    found = get(client, "/api/documents", q="Ouchakov")
    assert found["total"] > 0
    assert any("\ue000" in (d["snippet"] or "") for d in found["items"])
    assert get(client, "/api/documents", q="zzzqqqxx")["total"] == 0


def test_one_document_is_the_analyze_json_document(client: TestClient, seed_analysis: AnalysedDocument) -> None:
    """By a unique prefix of its id; the same fields and attributions as `analyze --json`, plus the
    flags found across sources."""
    doc = get(client, f"/api/documents/{SEED_ID[:6]}")
    assert set(doc) == set(DocumentOut.model_fields)
    assert doc["id"] == SEED_ID
    printed = document_out(seed_analysis).model_dump(mode="json", by_alias=True)
    assert len(doc["attributions"]) == 14
    assert doc["attributions"] == printed["attributions"]
    assert doc["text"] == printed["text"] and doc["entities"] == printed["entities"]
    assert [c["key"] for c in doc["claims"]] == [c["key"] for c in printed["claims"]]
    assert doc["attributions"][0]["cue"]["class"] == "assert"  # "class", by alias, as the CLI prints it
    assert any(f["kind"] == "kb-conflict" and "Kushner" in f["message"] for f in doc["flags"])


@pytest.mark.parametrize("doc_id", ["zzzz", "0", "%", "_"])
def test_unknown_or_ambiguous_document_is_a_json_404(client: TestClient, doc_id: str) -> None:
    response = client.get(f"/api/documents/{doc_id}")
    assert response.status_code == 404
    assert "no stored document" in response.json()["detail"]


def test_speakers_most_quoted_first(client: TestClient) -> None:
    items = get(client, "/api/speakers", limit=10)["items"]
    counts = [s["statements"] for s in items]
    assert counts == sorted(counts, reverse=True)
    assert items[0]["link"].startswith("/speakers/")


def test_entity_by_any_spelling_with_knowledge_and_statements(client: TestClient) -> None:
    putin = get(client, "/api/entities/Poutine", limit=2)
    assert putin["name"] == "Vladimir Putin" and "Poutine" in putin["aliases"]
    assert any(r["role"] == "Russian president" for r in putin["roles"])
    assert any(r["relation"] == "adviser of" and r["subject"] == "Yuri Ushakov" for r in putin["relations"])
    statements = putin["statements"]
    assert statements["total"] > 2 and len(statements["items"]) == 2
    first = statements["items"][0]
    assert first["link"] == f"/articles/{first['document']['id']}#a-{first['attribution']}"
    later = get(client, "/api/entities/Vladimir Putin", offset=2, limit=2)["statements"]["items"]
    assert {s["attribution"] for s in later}.isdisjoint({s["attribution"] for s in statements["items"]})


@pytest.mark.parametrize("name", ["Nobody Atall", "a/b", "%00"])
def test_unknown_entity_is_a_404(client: TestClient, name: str) -> None:
    assert client.get(f"/api/entities/{name}").status_code == 404


def test_claims_filters(client: TestClient) -> None:
    pokrovsk = get(client, "/api/claims", about="Pokrovsk")["items"]
    assert any(p["key"] == POKROVSK and p["status"] == "contested" for p in pokrovsk)
    control = get(client, "/api/claims", type="control", limit=200)["items"]
    assert control and {p["type"] for p in control} == {"control"}
    contested = get(client, "/api/claims", status="contested", limit=200)["items"]
    assert contested and {p["status"] for p in contested} == {"contested"}
    either = get(client, "/api/claims", contested="true", limit=200)["items"]
    assert {p["status"] for p in either} <= {"contested", "contradicted"} and len(either) >= len(contested)
    late = get(client, "/api/claims", since="2025-12-05", limit=200)["items"]
    assert late and all(p["last_date"] >= "2025-12-05" for p in late)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/claims", {"abut": "Pokrovsk"}),  # a misspelt filter answered with the whole board
        ("/api/documents", {"q": "Pokrovsk", "sitee": "lemonde.fr"}),
        ("/api/export/claims.csv", {"place": "Pokrovsk"}),
        ("/api/export/attributions.jsonl", {"speaker": "Vladimir Putin"}),
    ],
)
def test_a_parameter_a_route_does_not_take_is_refused(client: TestClient, url: str, params: dict[str, str]) -> None:
    response = client.get(url, params=params)
    assert response.status_code == 422, response.text
    (error,) = response.json()["detail"]
    name = next(n for n in params if n not in ("q",))
    assert error["loc"] == ["query", name] and error["type"] == "extra_forbidden"
    assert "it takes:" in error["msg"]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/claims", {"type": "statement"}),
        ("/api/claims", {"type": "nonsense"}),
        ("/api/claims", {"status": "true"}),
        ("/api/claims", {"since": "yesterday"}),
        ("/api/flags", {"kind": "bogus"}),
        ("/api/documents", {"limit": "0"}),
        ("/api/documents", {"limit": "201"}),
        ("/api/documents", {"offset": "-1"}),
        ("/api/documents", {"flagged": "maybe"}),
        ("/api/documents", {"until": "2025-13-01"}),
        ("/api/speakers", {"limit": "x"}),
    ],
)
def test_bad_parameters_are_422_not_500(client: TestClient, url: str, params: dict[str, str]) -> None:
    response = client.get(url, params=params)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


def test_a_refused_value_is_said_back_short(client: TestClient) -> None:
    """Where and why, and the start of the value: not the whole of a parameter of any size."""
    response = client.get("/api/speakers", params={"limit": "9" * 5000})
    assert response.status_code == 422 and len(response.content) < 500, response.text
    (error,) = response.json()["detail"]
    assert error["loc"] == ["query", "limit"] and error["input"].startswith("9" * 80)
    assert "5,000 in all" in error["input"]
    short = client.get("/api/speakers", params={"limit": "x"}).json()["detail"][0]
    assert short["input"] == "x"


def pokrovsk_pid(client: TestClient) -> str:
    items = get(client, "/api/claims", about="Pokrovsk", type="control")["items"]
    return str(next(p["pid"] for p in items if p["key"] == POKROVSK))


def test_proposition_stances_with_claim_ids_and_links(client: TestClient) -> None:
    pid = pokrovsk_pid(client)
    found = get(client, f"/api/claims/{pid}", limit=200)
    head, stances = found["proposition"], found["stances"]
    assert head["key"] == POKROVSK and head["status"] == "contested"
    assert stances["total"] == head["stances"] == len(stances["items"])
    sides = {(s["claim"]["stance"], s["claim"]["source"]["party"]) for s in stances["items"]}
    assert {("asserts", "russia"), ("partial", "observer"), ("denies", "ukraine")} <= sides
    for s in stances["items"]:
        assert s["link"] == f"/articles/{s['document']}#c-{s['claim_id']}"
    stance = stances["items"][0]
    article = get(client, f"/api/documents/{stance['document']}")
    assert any(c["key"] == POKROVSK and c["evidence"] == stance["claim"]["evidence"] for c in article["claims"])
    assert found["counted_as_one"] and all(len(group) > 1 for group in found["counted_as_one"])


def test_proposition_stances_paged_and_cut_at_a_day(client: TestClient) -> None:
    pid = pokrovsk_pid(client)
    every = get(client, f"/api/claims/{pid}", limit=200)["stances"]["items"]
    paged = walk_stances(client, pid)
    assert [s["claim_id"] for s in paged] == [s["claim_id"] for s in every]
    before = get(client, f"/api/claims/{pid}", until="2025-11-30", limit=200)["stances"]
    assert 0 < before["total"] < len(every)
    assert all(s["claim"]["date"] and s["claim"]["date"] <= "2025-11-30" for s in before["items"])


def test_a_proposition_s_stances_of_one_kind(client: TestClient) -> None:
    pid = pokrovsk_pid(client)
    every = get(client, f"/api/claims/{pid}", limit=200)
    denies = get(client, f"/api/claims/{pid}", stance="denies", limit=200)
    assert denies["proposition"] == every["proposition"]  # the verdict is every stance's
    listed = [s["claim_id"] for s in every["stances"]["items"] if s["claim"]["stance"] == "denies"]
    assert listed and [s["claim_id"] for s in denies["stances"]["items"]] == listed
    assert denies["stances"]["total"] == len(listed)
    assert client.get(f"/api/claims/{pid}", params={"stance": "maybe"}).status_code == 422


@pytest.mark.parametrize("day", ["2025-11-20", "2025-11-30", "2025-12-02"])
def test_a_proposition_cut_at_a_day_has_that_day_s_verdict(client: TestClient, day: str) -> None:
    """The verdict and counts are those of the stances shown (they were every date's), as the map
    says of the place that day."""
    pid = pokrovsk_pid(client)
    found = get(client, f"/api/claims/{pid}", until=day, limit=200)
    head, stances = found["proposition"], found["stances"]["items"]
    place = next(f for f in get(client, "/api/map", date=day)["features"] if f["id"] == pid)["properties"]
    assert head["status"] == place["status_as_of"] == get(client, f"/api/map/places/{pid}", date=day)["status_as_of"]
    assert head["stances"] == len(stances) == sum(place["stances"].values())
    assert head["last_date"] == max(s["claim"]["date"] for s in stances) <= day
    assert head["reason"].startswith(f"as of {day}: ") and "over every date: contested" in head["reason"]
    assert 0 < head["independent_sources"] <= len(stances)


def test_a_proposition_cut_before_its_first_day_is_unreported(client: TestClient) -> None:
    head = get(client, f"/api/claims/{pokrovsk_pid(client)}", until="2020-01-01")["proposition"]
    assert (head["status"], head["stances"], head["independent_sources"]) == ("unreported", 0, 0)


def walk_stances(client: TestClient, pid: str) -> list[Any]:
    items: list[Any] = []
    while True:
        page = get(client, f"/api/claims/{pid}", offset=len(items), limit=7)["stances"]
        items += page["items"]
        if len(items) >= page["total"]:
            return items


def test_unknown_proposition_is_a_404(client: TestClient) -> None:
    assert client.get("/api/claims/0000000000000000").status_code == 404


def test_flags_by_kind_with_evidence_and_anchor(client: TestClient) -> None:
    kb = get(client, "/api/flags", kind="kb-conflict")["items"]
    every = get(client, "/api/flags", limit=200)["items"]
    # the filter keeps every flag of that kind and nothing else: the seed's Kushner "gendre de
    # Poutine" and fr-045's "ancien dirigeant" of a fund Dmitriev still heads (a former title)
    assert [f["id"] for f in kb] == [f["id"] for f in every if f["kind"] == "kb-conflict"]
    assert sorted(f["message"].split()[1] for f in kb) == ["Jared", "Kirill"]
    (kushner,) = (f for f in kb if "Jared Kushner" in f["message"])
    assert kushner["evidence"] and kushner["evidence_total"] == len(kushner["evidence"])
    assert kushner["document"]["id"] == SEED_ID
    assert kushner["link"] == f"/articles/{SEED_ID}#f-{kushner['id']}"
    assert {f["kind"] for f in every} <= set(FLAG_KINDS)


def test_enumerations_match_the_query_layer() -> None:
    """The API lists the values the query layer knows: a new one added there must reach here."""
    assert get_args(GroupedType) == GROUPED_TYPES
    assert get_args(Status) == STATUSES
    assert get_args(FlagKind) == FLAG_KINDS
    assert set(RATINGS) == set(FLAG_KINDS)


API = {
    ("GET", "/api/documents"),
    ("POST", "/api/documents"),
    ("GET", "/api/documents/{doc_id}"),
    ("POST", "/api/analyze"),
    ("GET", "/api/speakers"),
    ("GET", "/api/entities/{name}"),
    ("GET", "/api/claims"),
    ("GET", "/api/claims/{pid}"),
    ("GET", "/api/flags"),
    ("GET", "/api/map"),
    ("GET", "/api/map/places/{pid}"),
    ("GET", "/api/export/attributions.jsonl"),
    ("GET", "/api/export/attributions.csv"),
    ("GET", "/api/export/claims.jsonl"),
    ("GET", "/api/export/claims.csv"),
    ("GET", "/api/export/map.geojson"),
    ("GET", "/api/export/flags.jsonld"),
}


def test_openapi_lists_every_api_route(client: TestClient) -> None:
    """The desk plan's API, each operation described (the pages are not part of the schema)."""
    schema = get(client, "/openapi.json")
    listed = {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}
    assert listed >= API
    for method, path in listed:
        operation = schema["paths"][path][method.lower()]
        assert operation["summary"] and "200" in operation["responses"], (method, path)
    assert schema["paths"]["/api/documents"]["post"]["security"] == [{"HTTPBearer": []}]
    assert {"401", "413", "503"} <= set(schema["paths"]["/api/documents"]["post"]["responses"])
    assert "multipart/form-data" in schema["paths"]["/api/documents"]["post"]["requestBody"]["content"]


def test_docs_page_is_offline_without_inline_script(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    assert '<script src="/static/vendor/swagger-ui-bundle.js"></script>' in html
    assert '<script src="/static/docs.js"></script>' in html
    assert html.count("<script") == 2 and "http" not in html.replace("http-equiv", "")
    for asset in ("/static/docs.js", "/static/vendor/swagger-ui-bundle.js", "/static/vendor/swagger-ui.css"):
        assert client.get(asset).status_code == 200, asset
    assert 'url: "/openapi.json"' in client.get("/static/docs.js").text
