"""The map's data and its page without a browser: /api/map (GeoJSON as of a day), one place's
stances, and the server-rendered list that keeps /map usable with JavaScript off."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from claimscope import query
from claimscope.records import Document
from claimscope.store import Store

POKROVSK = query.pid("control|Pokrovsk|Russia")
KUSHNER = query.pid("relation|Jared Kushner|son-in-law of|Vladimir Putin")
UKRAINE = (22.1, 44.3, 40.3, 52.4)  # lon, lat, lon, lat


@pytest.fixture(scope="module")
def client(desk_app: FastAPI) -> TestClient:
    return TestClient(desk_app)


def places(collection: dict[str, Any]) -> dict[str, Any]:
    """Features by place name."""
    return {f["properties"]["place"]: f for f in collection["features"]}


def test_map_is_geojson_with_every_place_at_its_position(client: TestClient) -> None:
    answer = client.get("/api/map", params={"date": "2025-12-05"})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/geo+json"
    collection = answer.json()
    assert collection["type"] == "FeatureCollection"
    found = places(collection)
    pokrovsk = found["Pokrovsk"]
    assert pokrovsk["type"] == "Feature" and pokrovsk["geometry"]["type"] == "Point"
    lon, lat = pokrovsk["geometry"]["coordinates"]
    assert UKRAINE[0] < lon < UKRAINE[2] and UKRAINE[1] < lat < UKRAINE[3]
    assert (round(lon, 1), round(lat, 1)) == (37.2, 48.3)  # [longitude, latitude], as GeoJSON orders them
    props = pokrovsk["properties"]
    assert props["pid"] == POKROVSK and props["url"] == f"/claims/{POKROVSK}"
    assert props["status_as_of"] == "contested" and props["latest_stance"] in ("asserts", "denies", "partial", "hedged")
    assert all(isinstance(n, int) for n in props["stances"].values())
    for feature in collection["features"]:
        x, y = feature["geometry"]["coordinates"]
        assert UKRAINE[0] < x < UKRAINE[2] and UKRAINE[1] < y < UKRAINE[3], feature["properties"]["place"]


def test_an_earlier_day_shows_fewer_places_and_other_verdicts(client: TestClient) -> None:
    early = places(client.get("/api/map", params={"date": "2025-11-20"}).json())
    late = places(client.get("/api/map", params={"date": "2025-12-05"}).json())
    assert set(early) < set(late)
    assert "Pokrovsk" in early and "Vovchansk" not in early
    before, after = early["Pokrovsk"]["properties"], late["Pokrovsk"]["properties"]
    assert sum(before["stances"].values()) < sum(after["stances"].values())
    assert (before["status_as_of"], before["latest_stance"]) != (after["status_as_of"], after["latest_stance"])
    every = places(client.get("/api/map").json())  # no day: every claim, undated ones too
    assert set(late) <= set(every) and "Siversk" in every and "Siversk" not in late


@pytest.mark.parametrize("day", ["2025-13-01", "yesterday", "2025-11-31", "20251120", "'; drop table"])
def test_bad_dates_are_refused(client: TestClient, day: str) -> None:
    answer = client.get("/api/map", params={"date": day})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", "date"]


def test_place_stances_as_of_a_day_latest_first(client: TestClient, desk_store: Store) -> None:
    answer = client.get(f"/api/map/places/{POKROVSK}", params={"date": "2025-12-01", "limit": 10})
    assert answer.status_code == 200
    body = answer.json()
    assert body["place"] == "Pokrovsk" and body["as_of"] == "2025-12-01" and body["status"] == "contested"
    assert len(body["stances"]) == 10 < body["total"]
    dates = [s["date"] for s in body["stances"]]
    assert dates == sorted(dates, reverse=True) and max(dates) <= "2025-12-01"
    every = query.proposition(desk_store, POKROVSK, limit=None, until=None)
    assert every is not None
    ids = {f"/articles/{row.document}#c-{cid}" for row, cid in zip(every.verdict.rows, every.claim_ids, strict=True)}
    assert {s["url"] for s in body["stances"]} <= ids
    first = body["stances"][0]
    assert {"source", "side", "stance", "evidence", "title", "site", "date_text"} <= set(first)


def test_place_stances_refuse_what_is_not_a_mapped_place(client: TestClient) -> None:
    assert client.get(f"/api/map/places/{KUSHNER}").status_code == 404
    assert client.get("/api/map/places/0000000000000000").status_code == 404
    assert client.get("/api/map/places/Pokrovsk").status_code == 422
    assert client.get(f"/api/map/places/{POKROVSK}", params={"date": "soon"}).status_code == 422
    assert client.get(f"/api/map/places/{POKROVSK}", params={"limit": 0}).status_code == 422


def test_map_page_lists_the_places_as_of_the_day_without_javascript(client: TestClient) -> None:
    page = client.get("/map", params={"date": "2025-11-20"})
    assert page.status_code == 200
    rows = re.findall(r'<tr data-pid="([0-9a-f]{16})" data-place="([^"]+)" data-status="([a-z-]+)">', page.text)
    assert rows == [(POKROVSK, "Pokrovsk", "contradicted")]  # by 20 November only a denial was dated
    assert '<form id="map-controls"' in page.text and 'name="date" value="2025-11-20"' in page.text
    days = re.search(r'data-days="([^"]*)"', page.text)
    assert days is not None and days.group(1).split()[0] == "2025-11-15" and "2025-12-01" in days.group(1).split()
    assert '<script src="/static/vendor/leaflet.js"></script>' in page.text
    later = client.get("/map", params={"date": "2025-12-05"}).text
    assert later.count("<tr data-pid=") == 5


def test_map_page_explains_a_bad_date(client: TestClient) -> None:
    page = client.get("/map", params={"date": "2025-02-30"})
    assert page.status_code == 422
    assert "date: &#39;2025-02-30&#39; is not a date" in page.text and "Showing every date instead" in page.text


def test_a_place_the_map_cannot_draw_is_named_under_it(tmp_path: Path) -> None:
    """A control claim on a village the gazetteer does not know has no point on the map: the
    collection and the page name it rather than leave it out silently (a trial's finding)."""
    from claimscope.pipeline import analyse
    from claimscope.query import refresh
    from claimscope.web.app import create_app

    store = Store(f"sqlite:///{tmp_path / 'map.db'}")
    text = "L'armée russe a annoncé mardi la prise du village de Zolotarivka. Les combats se poursuivent à Pokrovsk."
    store.save(analyse(Document("m-1", "m.txt", text, language="fr", published=date(2025, 12, 3))))
    refresh(store)
    collection = query.control_map(store)
    assert "Zolotarivka" not in places(collection)
    unplaced = collection["properties"]["unplaced"]
    assert [(u["place"], u["actor"]) for u in unplaced] == [("Zolotarivka", "Russia")]
    page = TestClient(create_app(store)).get("/map")
    note = re.search(r'<p id="unplaced".*?</p>', page.text, re.S)
    assert note is not None and "Zolotarivka" in note.group() and unplaced[0]["url"] in note.group()
    store.engine.dispose()
