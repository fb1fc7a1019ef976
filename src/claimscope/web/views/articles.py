"""The articles list: full-text search with snippets, filters and pages, all as GET parameters."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimscope.query import DocumentFilter, documents, languages, sites, speaker_name
from claimscope.query.limits import LANGUAGE_CHARS, NAME_CHARS, SEARCH_CHARS, SITE_CHARS
from claimscope.store import Store
from claimscope.web.params import Asked
from claimscope.web.templating import templates

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
FLAGGED = {"1": True, "0": False}


@router.get("/articles", response_class=HTMLResponse)
def articles(request: Request) -> HTMLResponse:
    store: Store = request.app.state.store
    asked = Asked(request)
    typed = asked.text("speaker", NAME_CHARS)
    flagged = asked.choice("flagged", tuple(FLAGGED))
    since, until = asked.day("since"), asked.day("until")
    if since and until and since > until:
        asked.errors.append(f"since ({since}) is after until ({until})")
    found_filter = DocumentFilter(
        q=asked.text("q", SEARCH_CHARS),
        site=asked.text("site", SITE_CHARS),
        language=asked.text("language", LANGUAGE_CHARS),
        since=since,
        until=until,
        speaker=speaker_name(store, typed) if typed else None,
        flagged=FLAGGED[flagged] if flagged else None,
    )
    number = asked.page()
    found = documents(store, found_filter, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    return templates.TemplateResponse(
        request,
        "articles.html",
        {
            "page": found,
            "asked": number,
            "params": asked.kept,
            "errors": asked.errors,
            "filter": found_filter,
            "sites": sites(store),
            "languages": languages(store),
        },
        status_code=asked.status,
    )
