"""One module per kind of page; each exposes `router`, listed here."""

from fastapi import APIRouter

from claimscope.web.views import home

ROUTERS: list[APIRouter] = [home.router]
