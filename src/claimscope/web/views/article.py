"""One article: its stored text with every voice highlighted, its claims, flags and metadata.

The highlighted text is built in Python (``web.highlight``: every piece escaped, spans nested)
and handed to the template as markup; everything else the template escapes itself.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimscope.api.models import http_url
from claimscope.query import article, refs, resolve_id
from claimscope.store import Store
from claimscope.web.highlight import highlight
from claimscope.web.templating import templates
from claimscope.web.views.flags import EVIDENCE_SHOWN
from claimscope.web.voices import claim_label, marks, voices

router = APIRouter(include_in_schema=False)

EVIDENCE_LISTED = 200  # per flag; the first EVIDENCE_SHOWN open, the others behind a <details>


@router.get("/articles/{doc_id:path}", response_class=HTMLResponse)
def article_page(request: Request, doc_id: str) -> Response:
    """``{doc_id:path}``: an id holding an encoded slash still reaches this page (and its 404)."""
    store: Store = request.app.state.store
    found = article(store, doc_id)
    if found is None:
        full = resolve_id(store, doc_id)  # a unique prefix, as the CLI accepts
        if full is not None and full != doc_id:
            return RedirectResponse(f"/articles/{quote(full, safe='')}", status_code=307)
        return templates.TemplateResponse(request, "article_missing.html", {"doc_id": doc_id}, status_code=404)
    copies = set(found.copies)
    evidence = [e.document for f in found.flags for e in f.flag.evidence[:EVIDENCE_LISTED]]
    return templates.TemplateResponse(
        request,
        "article.html",
        {
            "a": found,
            "doc": found.analysed.document,
            "body": highlight(found.analysed.document.text, marks(found)),
            "voices": voices(found),
            "claims": sorted(found.claims, key=lambda c: (c.claim.span.start, c.id)),
            "claim_label": claim_label,
            "evidence_docs": refs(store, evidence),
            "shown": EVIDENCE_SHOWN,
            "listed": EVIDENCE_LISTED,
            "link": http_url(found.url),
            "same_source": [r for r in found.same_source if r not in copies],  # copies are listed on their own
        },
    )
