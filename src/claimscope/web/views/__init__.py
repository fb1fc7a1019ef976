"""One module per kind of page; each exposes `router`, listed here."""

from fastapi import APIRouter

from claimscope.web.views import article, articles, claims, flags, home, map, proposition, speakers, timeline

ROUTERS: list[APIRouter] = [
    home.router,
    articles.router,
    article.router,
    speakers.router,
    flags.router,
    claims.router,
    proposition.router,
    timeline.router,
    map.router,
]
