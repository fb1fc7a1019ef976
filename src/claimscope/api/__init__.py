"""The HTTP API (JSON under /api, exports, the OpenAPI docs page): one router per resource."""

from fastapi import APIRouter

from claimscope.api import map

router = APIRouter()
router.include_router(map.router)
