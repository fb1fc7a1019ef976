"""Flagged statements: what conflicts with the knowledge base, other sources or its own article."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from claimscope.api.deps import Limit, Offset, StoreDep
from claimscope.api.models import DocumentRefOut, PageOut, article_link, page_out, ref_out
from claimscope.query import flags
from claimscope.query.records import DocumentRef, StoredFlag
from claimscope.query.tables import EVIDENCE_KEPT
from claimscope.schema import EvidenceOut

router = APIRouter(prefix="/api/flags", tags=["flags"])

# claimscope.records.FLAG_KINDS as a literal (a test keeps them equal): a wrong kind is a 422
FlagKind = Literal["kb-conflict", "role-conflict", "source-conflict", "self-contradiction", "quote-conflict"]


class FlagItemOut(BaseModel):
    id: str = Field(description="The flag's stable id: its anchor #f-ID in its article's page.")
    kind: str
    document: DocumentRefOut
    start: int
    end: int
    sentence: str = Field(description="The flagged sentence.")
    message: str = Field(description="What conflicts, in words.")
    evidence: list[EvidenceOut] = Field(description="What says otherwise: the knowledge base or other articles.")
    evidence_total: int = Field(
        description="How much evidence there is; `evidence` holds the first pieces (`evidence` parameter)."
    )
    link: str


def flag_item_out(f: StoredFlag) -> FlagItemOut:
    return FlagItemOut(
        id=f.id,
        kind=f.flag.kind,
        document=ref_out(f.document or DocumentRef(f.flag.document, None, None, None)),
        start=f.flag.span.start,
        end=f.flag.span.end,
        sentence=f.flag.sentence,
        message=f.flag.message,
        evidence=[EvidenceOut(document=e.document, source=e.source, text=e.text) for e in f.flag.evidence],
        evidence_total=f.evidence_total,
        link=article_link(f.flag.document, f"f-{f.id}"),
    )


@router.get("", summary="Flagged statements")
def list_flags(
    store: StoreDep,
    kind: Annotated[FlagKind | None, Query(description="Only flags of this kind.")] = None,
    offset: Offset = 0,
    limit: Limit = 50,
    evidence: Annotated[
        int, Query(ge=0, le=EVIDENCE_KEPT, description="Pieces of evidence per flag (the first ones).")
    ] = 20,
) -> PageOut[FlagItemOut]:
    """By kind, then article and position in it: stable across pages."""
    found = flags(store, kind, offset, limit, evidence_limit=evidence)
    return page_out(found, [flag_item_out(f) for f in found.items])
