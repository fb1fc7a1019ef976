"""The HTTP API (JSON under /api, exports, the OpenAPI docs page): one router per resource."""

from fastapi import APIRouter

from claimscope.api import claims, documents, flags, map, speakers

router = APIRouter()
for module in (documents, speakers, claims, flags, map):
    router.include_router(module.router)
