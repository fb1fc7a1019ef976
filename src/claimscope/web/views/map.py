"""The map page: Leaflet over offline borders, fed by /api/map, replaying the days with a slider.

The page itself also lists the places and their verdict as of the chosen day, server-rendered,
so it is usable (and the date picker works, as a plain form) with JavaScript off; the script
redraws that list whenever it redraws the markers.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimscope.query import control_days, control_map
from claimscope.store import Store
from claimscope.web.params import Asked
from claimscope.web.templating import templates
from claimscope.web.views.claims import STATUS_HELP

router = APIRouter(include_in_schema=False)


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    store: Store = request.app.state.store
    asked = Asked(request)
    as_of = asked.day("date")
    found = control_map(store, as_of)
    return templates.TemplateResponse(
        request,
        "map.html",
        {
            "as_of": as_of,
            "days": control_days(store),
            "places": [f["properties"] for f in found["features"]],
            "unplaced": found["properties"]["unplaced"],
            "errors": asked.errors,
            "status_help": STATUS_HELP,
        },
        status_code=asked.status,
    )
