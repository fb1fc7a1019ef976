"""A request the API cannot read: FastAPI's 422 answer, each refused value cut short (its
default echoes the whole input, a body or a parameter of any size)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

ECHOED = 80  # characters of a refused value said back


def _short(value: Any) -> Any:
    if isinstance(value, (str, bytes)) and len(value) > ECHOED:
        return f"{value[:ECHOED]!s}… ({len(value):,} in all)"
    if isinstance(value, (dict, list, tuple)) and len(repr(value)) > ECHOED:
        return f"{type(value).__name__} of {len(value):,}"  # a body's whole object, not said back
    return value


async def invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """422 with FastAPI's list of errors (where, what, why), the refused values shortened."""
    assert isinstance(exc, RequestValidationError)
    errors = [{**error, "input": _short(error["input"])} if "input" in error else error for error in exc.errors()]
    return JSONResponse({"detail": jsonable_encoder(errors)}, status_code=422)
