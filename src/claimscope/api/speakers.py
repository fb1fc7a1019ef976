"""Speakers: the most quoted, and one speaker or entity with knowledge and statements."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, status
from pydantic import BaseModel, Field

from claimscope.api.deps import Limit, Offset, StoreDep
from claimscope.api.models import NOT_FOUND, DocumentRefOut, PageOut, article_link, page_out, ref_out, speaker_link
from claimscope.query import speaker, speakers
from claimscope.query.limits import NAME_CHARS
from claimscope.query.records import Statement
from claimscope.schema import ClaimOut, claim_out

router = APIRouter(tags=["speakers"])


class SpeakerSummaryOut(BaseModel):
    name: str
    type: str = Field(description="person | organisation | government | group | unknown")
    side: str | None = Field(description="The side their claims are most often given (russia, ukraine, us …).")
    statements: int
    documents: int
    link: str


class RoleOut(BaseModel):
    role: str
    start: date | None
    end: date | None


class RelationOut(BaseModel):
    subject: str
    relation: str
    object: str
    start: date | None
    end: date | None


class StatementOut(BaseModel):
    """Something the speaker said, in one article."""

    document: DocumentRefOut
    attribution: int = Field(description="The attribution's id: its anchor #a-ID in the article's page.")
    text: str = Field(description="The reported words (the first 400 characters).")
    written: str | None = Field(description="The speaker as the article names them.")
    kind: str
    cue: str | None
    link: str


class AboutOut(BaseModel):
    """A claim of another source that names the speaker."""

    document: DocumentRefOut
    claim_id: int
    claim: ClaimOut
    link: str


class EntityDetailOut(BaseModel):
    name: str
    type: str
    side: str | None
    aliases: list[str]
    roles: list[RoleOut] = Field(description="From the knowledge base, with their validity.")
    relations: list[RelationOut]
    statements: PageOut[StatementOut] = Field(description="By them, newest first.")
    about: list[AboutOut] = Field(description="Claims of other sources about them (the first 200).")


@router.get("/api/speakers", summary="Resolved speakers, most quoted first")
def list_speakers(store: StoreDep, offset: Offset = 0, limit: Limit = 50) -> PageOut[SpeakerSummaryOut]:
    """Ordered by statements, then by name and type: stable across pages."""
    found = speakers(store, offset, limit)
    items = [
        SpeakerSummaryOut(
            name=s.name,
            type=s.type,
            side=s.side,
            statements=s.statements,
            documents=s.documents,
            link=speaker_link(s.name),
        )
        for s in found.items
    ]
    return page_out(found, items)


def statement_out(s: Statement) -> StatementOut:
    return StatementOut(
        document=ref_out(s.document),
        attribution=s.attribution,
        text=s.text,
        written=s.written,
        kind=s.kind,
        cue=s.cue,
        link=article_link(s.document.id, f"a-{s.attribution}"),
    )


@router.get("/api/entities/{name:path}", responses=NOT_FOUND, summary="A speaker or known entity")
def get_entity(
    store: StoreDep,
    name: Annotated[
        str, Path(max_length=NAME_CHARS, description="The resolved name, or any spelling the knowledge base knows.")
    ],
    offset: Offset = 0,
    limit: Limit = 50,
) -> EntityDetailOut:
    """Aliases, roles and relations from the knowledge base, a page of statements by them
    (``offset``/``limit``), and the claims of other sources about them."""
    found = speaker(store, name, offset, limit)
    if found is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "no speaker or known entity by that name")
    return EntityDetailOut(
        name=found.name,
        type=found.type,
        side=found.side,
        aliases=found.aliases,
        roles=[RoleOut(role=r, start=s, end=e) for r, s, e in found.roles],
        relations=[RelationOut(subject=a, relation=r, object=b, start=s, end=e) for a, r, b, s, e in found.relations],
        statements=page_out(found.statements, [statement_out(s) for s in found.statements.items]),
        about=[
            AboutOut(
                document=ref_out(ref),
                claim_id=c.id,
                claim=claim_out(c.claim),
                link=article_link(ref.id, f"c-{c.id}"),
            )
            for ref, c in found.about
        ],
    )
