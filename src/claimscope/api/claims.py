"""Propositions across sources: the claims board, and one proposition with its stances."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, status
from pydantic import BaseModel, Field

from claimscope.api.deps import Limit, Offset, StoreDep
from claimscope.api.models import (
    NOT_FOUND,
    DocumentRefOut,
    PageOut,
    article_link,
    page_out,
    proposition_link,
    ref_out,
)
from claimscope.query import ClaimFilter, counted_as_one, proposition, propositions
from claimscope.query.limits import ABOUT_CHARS
from claimscope.query.records import PropositionSummary
from claimscope.schema import ClaimOut, claim_out

router = APIRouter(prefix="/api/claims", tags=["claims"])

# the values of claimscope.query.tables' GROUPED_TYPES and query.propositions' STATUSES (a test keeps them equal),
# as literals so that a wrong value is a 422 and the schema lists the right ones
GroupedType = Literal["control", "meeting", "relation", "role"]
Status = Literal["contested", "contradicted", "corroborated", "single-source"]


class PropositionSummaryOut(BaseModel):
    pid: str = Field(description="The proposition's stable id (16 hex digits of a hash of its key).")
    key: str
    type: str
    args: dict[str, str]
    status: str = Field(
        description="contested | contradicted | corroborated | single-source (as of a day before any"
        " stance dated by then: unreported)"
    )
    independent_sources: int
    stances: int
    first_date: date | None
    last_date: date | None
    reason: str = Field(description="Why the verdict is what it is, in words.")
    place: str | None
    link: str


class StanceOut(BaseModel):
    """One source's stance, in one article."""

    claim_id: int = Field(description="The claim's anchor #c-ID in its article's page.")
    document: str
    title: str | None
    site: str | None
    published: date | None
    dispatch: str = Field(description="Copies of one dispatch share it (they count as one source).")
    link: str = Field(description="The claim in its article: /articles/{document}#c-{claim_id}.")
    claim: ClaimOut


class PropositionOut(BaseModel):
    proposition: PropositionSummaryOut
    stances: PageOut[StanceOut] = Field(description="A page of its stances, in date order.")
    counted_as_one: list[list[DocumentRefOut]] = Field(description="Articles counted as one source.")


def summary_out(p: PropositionSummary) -> PropositionSummaryOut:
    return PropositionSummaryOut(**asdict(p), link=proposition_link(p.pid))


def claim_filter(
    about: Annotated[
        str | None, Query(max_length=ABOUT_CHARS, description="A place or person, in any spelling.")
    ] = None,
    kind: Annotated[GroupedType | None, Query(alias="type", description="The kind of proposition.")] = None,
    verdict: Annotated[Status | None, Query(alias="status", description="The verdict.")] = None,
    contested: Annotated[bool, Query(description="Only contested or contradicted ones.")] = False,
    since: Annotated[date | None, Query(description="Last dated on or after this day.")] = None,
    until: Annotated[date | None, Query(description="First dated on or before this day.")] = None,
) -> ClaimFilter:
    """The board's filters (the claims export takes the same)."""
    return ClaimFilter(kind, verdict, about, contested, since, until)


ClaimFilterDep = Annotated[ClaimFilter, Depends(claim_filter)]


@router.get("", summary="The claims board: propositions across sources")
def list_claims(
    store: StoreDep, claim_filter: ClaimFilterDep, offset: Offset = 0, limit: Limit = 50
) -> PageOut[PropositionSummaryOut]:
    """Contested first, then the most reported (a stable rank kept with the verdicts)."""
    found = propositions(store, claim_filter, offset, limit)
    return page_out(found, [summary_out(p) for p in found.items])


@router.get("/{pid}", responses=NOT_FOUND, summary="One proposition with a page of its stances")
def get_claim(
    store: StoreDep,
    pid: Annotated[str, Path(max_length=64, description="The proposition's id (from /api/claims).")],
    until: Annotated[
        date | None,
        Query(description="Only the stances dated on or before this day; the verdict and counts are theirs."),
    ] = None,
    stance: Annotated[
        Literal["asserts", "denies", "partial", "hedged"] | None,
        Query(description="Only the stances of this kind (who denies it?); the verdict is every stance's."),
    ] = None,
    offset: Offset = 0,
    limit: Limit = 100,
) -> PropositionOut:
    """Every source's stance in date order (``offset``/``limit`` page them), each with the claim's
    id and a link to it in its article, and the articles that were counted as one source."""
    found = proposition(store, pid, offset, limit, until, stance=stance)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no proposition has that id")
    stances = [
        StanceOut(
            claim_id=claim_id,
            document=row.document,
            title=found.titles.get(row.document),
            site=row.site,
            published=row.published,
            dispatch=row.dispatch,
            link=article_link(row.document, f"c-{claim_id}"),
            claim=claim_out(row.claim),
        )
        for row, claim_id in zip(found.verdict.rows, found.claim_ids, strict=True)
    ]
    page = PageOut[StanceOut](total=found.total, offset=found.offset, limit=limit, items=stances)
    return PropositionOut(
        proposition=summary_out(found.summary),
        stances=page,
        counted_as_one=[[ref_out(r) for r in group] for group in counted_as_one(store, pid).groups],
    )
