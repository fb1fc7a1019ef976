"""One proposition: every source's stance side by side, the verdict and why, and which articles
were counted as one source.

Stances come a page at a time, so a proposition reported by thousands of articles still opens fast.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimscope.query import counted_as_one, proposition
from claimscope.query.geo import STANCES  # the kinds a page may list alone ("who denies it?")
from claimscope.query.records import Page
from claimscope.store import Store
from claimscope.web.params import Asked
from claimscope.web.templating import templates

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
GROUPS_SHOWN = 20  # groups counted as one source, and articles of each, listed (the page stays small)


@router.get("/claims/{pid}", response_class=HTMLResponse)
def proposition_page(request: Request, pid: str) -> HTMLResponse:
    store: Store = request.app.state.store
    asked = Asked(request)
    page, stance = asked.page(), asked.choice("stance", STANCES)
    found = proposition(store, pid, (page - 1) * PAGE_SIZE, PAGE_SIZE, stance=stance)
    if found is None:
        return templates.TemplateResponse(
            request, "claims_missing.html", {"what": "proposition", "name": pid}, status_code=404
        )
    rows = Page(list(zip(found.verdict.rows, found.claim_ids, strict=True)), found.total, found.offset, PAGE_SIZE)
    return templates.TemplateResponse(
        request,
        "proposition.html",
        {
            "p": found,
            "summary": found.summary,
            "page": rows,
            "errors": asked.errors,
            "params": {"stance": stance} if stance else {},
            "only": stance,
            "kinds": STANCES,
            "asked": page,
            "counted": counted_as_one(store, pid, GROUPS_SHOWN),
        },
        status_code=asked.status,
    )
