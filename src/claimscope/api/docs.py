"""The API's docs page, served offline: Swagger UI from the package's own copy (web/static/vendor,
fetched from npm's swagger-ui-dist at install), started by a script file.

FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script, which the
desk's Content-Security-Policy (``script-src 'self'``) refuses; this one needs neither.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>claimscope API</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui.css">
</head>
<body>
<p><a href="/">claimscope desk</a> · <a href="/openapi.json">/openapi.json</a></p>
<div id="swagger-ui">Loading the API's documentation… If this stays, Swagger UI's files are missing
from the installation (<code>make install</code> fetches them); the schema itself is at /openapi.json.</div>
<script src="/static/vendor/swagger-ui-bundle.js"></script>
<script src="/static/docs.js"></script>
</body>
</html>
"""


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    return HTMLResponse(PAGE)
