"""The HTTP API (JSON under /api, exports, the OpenAPI docs page): one router per resource."""

from fastapi import APIRouter

router = APIRouter()
