"""The HTTP API (JSON under /api, exports, the OpenAPI docs page): one router per resource."""

from fastapi import APIRouter, Depends

from claimscope.api import claims, docs, documents, exports, flags, map, speakers, writes
from claimscope.api.deps import known_parameters

router = APIRouter()
for module in (documents, speakers, claims, flags, map, exports, writes):
    router.include_router(module.router, dependencies=[Depends(known_parameters)])
router.include_router(docs.router)  # a page for browsers: what it is asked besides is ignored
