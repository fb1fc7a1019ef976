"""Exports for the tools analysts use: attributions and claims as JSON Lines and CSV, the map as
GeoJSON (QGIS, geojson.io), flags as schema.org ClaimReview JSON-LD.

Streamed: rows are read from the store in batches as the client downloads, so an export of a
large store needs neither its memory nor a long transaction. Links are absolute (a spreadsheet or
a GIS has no desk to resolve a relative one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from claimscope.api.claimreview import claim_review
from claimscope.api.claims import ClaimFilterDep
from claimscope.api.deps import StoreDep
from claimscope.api.flags import FlagKind
from claimscope.api.map import FEATURE_COLLECTION, Day, GeoJSONResponse
from claimscope.api.tabular import Row, csv_lines, json_array, json_lines
from claimscope.query import ClaimFilter, control_map
from claimscope.query.exports import AttributionExport, ClaimExport, attributions, claims, flag_reviews
from claimscope.store import Store

router = APIRouter(prefix="/api/export", tags=["exports"])

ARTICLE_COLUMNS = ["document", "title", "site", "url", "published"]
ATTRIBUTION_COLUMNS = [
    "attribution_id",  # not "id": a CSV starting with "ID" opens in Excel as a SYLK file
    *ARTICLE_COLUMNS,
    "speaker",
    "speaker_name",
    "speaker_type",
    "cue",
    "cue_lemma",
    "cue_class",
    "kind",
    "confidence",
    "start",
    "end",
    "content",
    "link",
]
CLAIM_COLUMNS = [
    "claim_id",
    *ARTICLE_COLUMNS,
    "pid",
    "status",
    "type",
    "key",
    "args",
    "stance",
    "source",
    "source_type",
    "party",
    "evidence",
    "date",
    "date_text",
    "extent",
    "hedges",
    "place",
    "latitude",
    "longitude",
    "start",
    "end",
    "link",
]

JSONL = "application/x-ndjson"
CSV = "text/csv; charset=utf-8"
JSONLD = "application/ld+json"
CLAIM_REVIEWS: dict[str, Any] = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["@context", "@type", "url", "claimReviewed", "reviewRating", "itemReviewed", "author"],
        "properties": {
            "@context": {"const": "https://schema.org"},
            "@type": {"const": "ClaimReview"},
            "claimReviewed": {"type": "string"},
            "reviewRating": {"type": "object"},
            "itemReviewed": {"type": "object"},
        },
    },
}


def _described(media_type: str, what: str, schema: dict[str, Any] | None = None) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": what, "content": {media_type.split(";")[0]: {"schema": schema or {"type": "string"}}}}}


def _download(body: Iterator[bytes], media_type: str, filename: str) -> StreamingResponse:
    return StreamingResponse(
        body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


def _base(request: Request) -> str:
    return str(request.base_url)


def _article(a: AttributionExport | ClaimExport) -> dict[str, object]:
    return {
        "document": a.article.document,
        "title": a.article.title,
        "site": a.article.site,
        "url": a.article.url,
        "published": a.article.published,
    }


def attribution_rows(store: Store, base: str) -> Iterator[Row]:
    for a in attributions(store):
        yield {
            "attribution_id": a.id,
            **_article(a),
            "speaker": a.speaker,
            "speaker_name": a.speaker_name,
            "speaker_type": a.speaker_type,
            "cue": a.cue,
            "cue_lemma": a.cue_lemma,
            "cue_class": a.cue_class,
            "kind": a.kind,
            "confidence": round(a.confidence, 3),
            "start": a.start,
            "end": a.end,
            "content": a.content,
            "link": f"{base}articles/{a.article.document}#a-{a.id}",
        }


def claim_rows(store: Store, base: str, claim_filter: ClaimFilter | None = None) -> Iterator[Row]:
    for c in claims(store, claim_filter):
        yield {
            "claim_id": c.id,
            **_article(c),
            "pid": c.pid,
            "status": c.status,
            "type": c.type,
            "key": c.key,
            "args": c.args,
            "stance": c.stance,
            "source": c.source,
            "source_type": c.source_type,
            "party": c.party,
            "evidence": c.evidence,
            "date": c.date,
            "date_text": c.date_text,
            "extent": c.extent,
            "hedges": c.hedges,
            "place": c.place,
            "latitude": c.latitude,
            "longitude": c.longitude,
            "start": c.start,
            "end": c.end,
            "link": f"{base}articles/{c.article.document}#c-{c.id}",
        }


@router.get(
    "/attributions.jsonl",
    response_class=StreamingResponse,
    responses=_described(JSONL, "One attribution a line."),
    summary="Every attribution (JSON Lines)",
)
def attributions_jsonl(request: Request, store: StoreDep) -> StreamingResponse:
    """Who said what, where: speaker as written and resolved, cue, kind, the reported words."""
    rows = attribution_rows(store, _base(request))
    return _download(json_lines(rows), JSONL, "claimscope-attributions.jsonl")


@router.get(
    "/attributions.csv",
    response_class=StreamingResponse,
    responses=_described(CSV, "A header row, then one attribution a row."),
    summary="Every attribution (CSV)",
)
def attributions_csv(request: Request, store: StoreDep) -> StreamingResponse:
    rows = attribution_rows(store, _base(request))
    return _download(csv_lines(ATTRIBUTION_COLUMNS, rows), CSV, "claimscope-attributions.csv")


@router.get(
    "/claims.jsonl",
    response_class=StreamingResponse,
    responses=_described(JSONL, "One claim a line."),
    summary="Every claim with its proposition and verdict (JSON Lines)",
)
def claims_jsonl(request: Request, store: StoreDep, claim_filter: ClaimFilterDep) -> StreamingResponse:
    """One row per claim: its source and stance, and the proposition (``pid``) and verdict
    (``status``) it counts towards; statements are not grouped (no pid). The board's filters
    (/api/claims) keep the claims of the propositions they match (statements then drop out)."""
    rows = claim_rows(store, _base(request), claim_filter)
    return _download(json_lines(rows), JSONL, "claimscope-claims.jsonl")


@router.get(
    "/claims.csv",
    response_class=StreamingResponse,
    responses=_described(CSV, "A header row, then one claim a row."),
    summary="Every claim with its proposition and verdict (CSV)",
)
def claims_csv(request: Request, store: StoreDep, claim_filter: ClaimFilterDep) -> StreamingResponse:
    """As claims.jsonl, one claim a row."""
    rows = claim_rows(store, _base(request), claim_filter)
    return _download(csv_lines(CLAIM_COLUMNS, rows), CSV, "claimscope-claims.csv")


@router.get(
    "/map.geojson",
    response_class=GeoJSONResponse,
    responses=_described(GeoJSONResponse.media_type, "An RFC 7946 FeatureCollection.", FEATURE_COLLECTION),
    summary="The map of control claims (GeoJSON file)",
)
def map_geojson(
    request: Request,
    store: StoreDep,
    date: Day = None,
) -> GeoJSONResponse:
    """The same FeatureCollection as /api/map, as a file, with absolute links: points at
    [longitude, latitude] (WGS 84), one per place, with the verdict and stance counts."""
    collection = control_map(store, date)
    for feature in collection["features"]:
        feature["properties"]["url"] = _base(request) + feature["properties"]["url"].lstrip("/")
    return GeoJSONResponse(collection, headers={"Content-Disposition": 'attachment; filename="claimscope-map.geojson"'})


@router.get(
    "/flags.jsonld",
    response_class=StreamingResponse,
    responses=_described(JSONLD, "A JSON array of schema.org ClaimReview objects.", CLAIM_REVIEWS),
    summary="Flags as schema.org ClaimReview (JSON-LD)",
)
def flags_jsonld(
    request: Request,
    store: StoreDep,
    kind: Annotated[FlagKind | None, Query(description="Only flags of this kind.")] = None,
) -> StreamingResponse:
    """Each flag as a ClaimReview: the flagged sentence (claimReviewed), the kind of conflict and
    its explanation (reviewRating), the article and speaker (itemReviewed), the evidence (citation)."""
    base, today = _base(request), dt.datetime.now(dt.UTC).date()
    reviews = (claim_review(r, base, today) for r in flag_reviews(store, kind))
    return _download(json_array(reviews), JSONLD, "claimscope-flags.jsonld")
