"""Flags: each flagged statement in its sentence, why it was flagged, and the conflicting evidence
with its sources (linked when the evidence is a stored article)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimscope.query import flag_kinds, flags, refs
from claimscope.records import FLAG_KINDS
from claimscope.store import Store
from claimscope.web.params import Asked
from claimscope.web.templating import templates

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
EVIDENCE_SHOWN = 10  # per flag here, the rest on its article's page: a claim many articles repeat has thousands


@router.get("/flags", response_class=HTMLResponse)
def flags_page(request: Request) -> HTMLResponse:
    store: Store = request.app.state.store
    asked = Asked(request)
    kind = asked.choice("kind", FLAG_KINDS)
    number = asked.page()
    found = flags(store, kind, (number - 1) * PAGE_SIZE, PAGE_SIZE, evidence_limit=EVIDENCE_SHOWN)
    evidence = [e.document for f in found.items for e in f.flag.evidence[:EVIDENCE_SHOWN]]
    return templates.TemplateResponse(
        request,
        "flags.html",
        {
            "page": found,
            "asked": number,
            "params": asked.kept,
            "errors": asked.errors,
            "kind": kind,
            "kinds": flag_kinds(store),
            "evidence_docs": refs(store, evidence),
            "shown": EVIDENCE_SHOWN,
        },
        status_code=asked.status,
    )
