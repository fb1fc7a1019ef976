"""Speakers: the most quoted, and one speaker's page (aliases, roles, relations, what they said
and what others said about them)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimscope.query import speaker, speakers
from claimscope.store import Store
from claimscope.web.params import Asked
from claimscope.web.templating import query_string, templates

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50


@router.get("/speakers", response_class=HTMLResponse)
def speakers_page(request: Request) -> HTMLResponse:
    store: Store = request.app.state.store
    asked = Asked(request)
    number = asked.page()
    found = speakers(store, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    return templates.TemplateResponse(
        request,
        "speakers.html",
        {"page": found, "asked": number, "params": asked.kept, "errors": asked.errors},
        status_code=asked.status,
    )


@router.get("/speakers/{name:path}", response_class=HTMLResponse)
def speaker_page(request: Request, name: str) -> Response:
    """``{name:path}``: a resolved name may hold a slash, which its link encodes but the path decodes."""
    store: Store = request.app.state.store
    asked = Asked(request)
    number = asked.page()
    found = speaker(store, name, (number - 1) * PAGE_SIZE, PAGE_SIZE)
    if found is None:
        return templates.TemplateResponse(request, "speaker_missing.html", {"name": name}, status_code=404)
    if found.name != name:  # another spelling ("Poutine"): send the reader to the one shareable page
        kept = query_string({"page": number if number > 1 else None})
        return RedirectResponse(f"/speakers/{quote(found.name, safe='')}" + (f"?{kept}" if kept else ""), 307)
    return templates.TemplateResponse(
        request,
        "speaker.html",
        {
            "s": found,
            "page": found.statements,
            "asked": number,
            "params": asked.kept,
            "errors": asked.errors,
        },
        status_code=asked.status,
    )
