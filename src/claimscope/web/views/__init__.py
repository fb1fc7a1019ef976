"""One module per kind of page; each exposes `router`, listed here."""

from fastapi import APIRouter

from claimscope.web.views import article, articles, flags, home, speakers

ROUTERS: list[APIRouter] = [
    home.router,
    articles.router,
    article.router,
    speakers.router,
    flags.router,
]
