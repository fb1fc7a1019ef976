"""The claims board: propositions grouped by verdict, contested first, with shareable filters.

Every filter is a plain GET parameter (read by `web.params.Asked`), so a filtered board is a link
an analyst can send; a mistyped one gives the board back with a readable message (status 422).
"""

from __future__ import annotations

from itertools import groupby

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimscope.query import ClaimFilter, propositions
from claimscope.query.limits import ABOUT_CHARS
from claimscope.query.records import STATUS_ORDER, PropositionSummary
from claimscope.query.tables import GROUPED_TYPES
from claimscope.store import Store
from claimscope.web.params import Asked
from claimscope.web.templating import query_string, templates

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
# what each verdict means, as the section headings explain it
STATUS_HELP = {
    "contested": "asserted by some sources and denied or only partly confirmed by others",
    "contradicted": "only denied, or the knowledge base says otherwise",
    "corroborated": "asserted by two or more independent sources, none denying",
    "single-source": "reported by one independent source only",
}
ABOUT = ("about", "place", "person")  # one filter: links from speaker and map pages say which they mean


def claim_filter(asked: Asked) -> ClaimFilter:
    """The board's filter from the GET parameters (bad values reported in ``asked.errors``)."""
    kind = asked.choice("type", GROUPED_TYPES)
    status = asked.choice("status", STATUS_ORDER)
    named = [value for value in (asked.text(name, ABOUT_CHARS) for name in ABOUT) if value]
    if len(set(named)) > 1:
        asked.errors.append("about, place and person name the same filter: give one of them")
    since, until = asked.day("since"), asked.day("until")
    if since and until and since > until:
        asked.errors.append(f"since ({since}) is after until ({until})")
    contested = asked.choice("contested", ("1",)) == "1"
    return ClaimFilter(kind, status, named[0] if named else None, contested, since, until)


def export_query(f: ClaimFilter) -> str:
    """The claims export's query for the board's filter (/api/export/claims.csv takes the same)."""
    contested = "true" if f.contested else None
    return query_string(
        {
            "about": f.about,
            "type": f.type,
            "status": f.status,
            "contested": contested,
            "since": f.since,
            "until": f.until,
        }
    )


def sections(items: list[PropositionSummary]) -> list[tuple[str, list[PropositionSummary]]]:
    """The page's propositions under one heading per verdict, in the board's order (the query
    already ranks them contested first; grouping keeps that order within each verdict)."""
    order = {status: i for i, status in enumerate(STATUS_ORDER)}
    ranked = sorted(items, key=lambda p: order.get(p.status, len(order)))
    return [(status, list(group)) for status, group in groupby(ranked, key=lambda p: p.status)]


@router.get("/claims", response_class=HTMLResponse)
def board(request: Request) -> HTMLResponse:
    store: Store = request.app.state.store
    asked = Asked(request)
    found_filter, page = claim_filter(asked), asked.page()
    found = propositions(store, found_filter, (page - 1) * PAGE_SIZE, PAGE_SIZE)
    return templates.TemplateResponse(
        request,
        "claims.html",
        {
            "page": found,
            "sections": sections(found.items),
            "params": asked.kept,
            "export": export_query(found_filter),
            "errors": asked.errors,
            "types": GROUPED_TYPES,
            "statuses": STATUS_ORDER,
            "status_help": STATUS_HELP,
        },
        status_code=asked.status,
    )
