"""The HTTP API (JSON under /api, exports, the OpenAPI docs page): one router per resource."""

from fastapi import APIRouter

from claimscope.api import claims, docs, documents, exports, flags, map, speakers, writes

router = APIRouter()
for module in (documents, speakers, claims, flags, map, exports, writes, docs):
    router.include_router(module.router)
