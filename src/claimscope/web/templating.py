"""Jinja2 with autoescaping on, and the few filters pages share.

Stored text is hostile: templates never mark it safe. The filters below escape first and only
then add their own markup.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from urllib.parse import quote, urlencode

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup, escape

from claimscope.query.search import MARK_END, MARK_START

TEMPLATES = str(resources.files("claimscope.web") / "templates")
STATIC = str(resources.files("claimscope.web") / "static")

environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)  # every template, whatever its name
templates = Jinja2Templates(env=environment)


def marked(snippet: str | None) -> Markup:
    """A search snippet: escaped, then its matched words wrapped in <mark>."""
    text = str(escape(snippet or ""))
    return Markup(text.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def path_part(value: object) -> str:
    """A value as one URL path segment (names with slashes, spaces, quotes)."""
    return quote(str(value), safe="")


def query_string(params: dict[str, object]) -> str:
    """Non-empty parameters as a query string (for pagination and filter links)."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "", False)})


def day(value: date | None) -> str:
    return value.isoformat() if value else "—"


templates.env.filters.update(marked=marked, path_part=path_part, day=day)
templates.env.globals.update(query_string=query_string)
