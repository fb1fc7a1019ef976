"""The map of territorial-control claims: GeoJSON of every place as of a day, and one place's stances.

The desk's map page draws from these two and nothing else, so what it shows is what a GIS tool or
a script gets from the same URLs.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Query, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from claimscope.api.deps import Limit, StoreDep
from claimscope.api.models import NOT_FOUND
from claimscope.query import control_map, proposition

router = APIRouter(prefix="/api/map", tags=["map"])

Day = Annotated[
    dt.date | None,
    Query(description="Keep the stances dated on or before this day (YYYY-MM-DD); without it, all (undated too)."),
]
Pid = Annotated[str, Path(description="The place's control proposition id (16 hex digits).", pattern="^[0-9a-f]{16}$")]


class GeoJSONResponse(JSONResponse):
    media_type = "application/geo+json"


FEATURE_COLLECTION: dict[str, Any] = {
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": "string"},
                    "geometry": {
                        "type": "object",
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
                        },
                    },
                    "properties": {"type": "object"},
                },
            },
        },
        "properties": {"type": "object"},
    },
}


class PlaceStance(BaseModel):
    """One source's stance on who controls the place, with where to read it."""

    date: dt.date | None = Field(description="When the event happened, as the article dates it.")
    date_text: str | None = Field(description="How it was dated (the words of the article, or how it was inferred).")
    stance: str = Field(description="asserts | denies | partial | hedged")
    extent: str | None
    source: str
    source_type: str
    side: str
    document: str
    title: str | None
    site: str | None
    published: dt.date | None
    evidence: str
    url: str = Field(description="The claim in its article: /articles/{document}#c-{claim id}.")


class PlaceStances(BaseModel):
    pid: str
    place: str | None
    actor: str | None
    status: str = Field(description="The verdict over every stance.")
    status_as_of: str = Field(description="The verdict of the stances dated on or before as_of.")
    as_of: dt.date | None
    total: int = Field(description="Stances dated on or before as_of (all of them without it).")
    stances: list[PlaceStance] = Field(description="The latest `limit` of them, newest first (undated last).")


@router.get(
    "",
    response_class=GeoJSONResponse,
    responses={200: {"content": {"application/geo+json": {"schema": FEATURE_COLLECTION}}}},
    summary="Places with control claims, as of a day (GeoJSON)",
)
def map_geojson(store: StoreDep, date: Day = None) -> GeoJSONResponse:
    """Each place at its geocoded position ([longitude, latitude]): the verdict as of the day
    (`status_as_of`), the latest stance by then, and how many stances of each kind. The
    collection's `properties.unplaced` lists the control claims (of any day) whose place has no
    known coordinates, which the map cannot draw."""
    return GeoJSONResponse(control_map(store, date))


@router.get("/places/{pid}", responses=NOT_FOUND, summary="One place's stances as of a day")
def place_stances(store: StoreDep, pid: Pid, date: Day = None, limit: Limit = 50) -> PlaceStances:
    """The stances a map's side panel shows: as of the day, the latest first."""
    found = proposition(store, pid, limit=limit, until=date, newest_first=True)
    if found is None or found.summary.type != "control":
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"no place with control claims has the id {pid}")
    stances = [
        PlaceStance(
            date=row.claim.date,
            date_text=row.claim.date_text,
            stance=row.claim.stance.value,
            extent=row.claim.extent,
            source=row.claim.source.name,
            source_type=row.claim.source.type,
            side=row.claim.source.party,
            document=row.document,
            title=found.titles.get(row.document),
            site=row.site,
            published=row.published,
            evidence=row.claim.evidence,
            url=f"/articles/{quote(row.document, safe='')}#c-{claim_id}",
        )
        for row, claim_id in zip(found.verdict.rows, found.claim_ids, strict=True)
    ]
    head = found.summary
    return PlaceStances(
        pid=head.pid,
        place=head.place,
        actor=head.args.get("actor"),
        status=found.overall,
        status_as_of=head.status,
        as_of=date,
        total=found.total,
        stances=stances,
    )
