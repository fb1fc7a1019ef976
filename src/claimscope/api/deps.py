"""What every route needs: the store, paging bounds, and the bearer token for writes."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Query, Request, status
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from claimscope.store import Store

bearer = HTTPBearer(auto_error=False, description="The token the server was started with (--token-file).")


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def require_token(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> None:
    """Writes need the server's token; a server started without one accepts no writes."""
    expected: str | None = request.app.state.token
    if expected is None:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, "writing is disabled: start the server with --token-file FILE to allow it"
        )
    if credentials is None or not hmac.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing or wrong token: send Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )


def _query_names(dependant: Dependant) -> set[str]:
    """The query parameters a route and its dependencies take, by the name a client sends."""
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def known_parameters(request: Request) -> None:
    """A query parameter the route does not take is refused (422), not ignored: a misspelt or
    unsupported filter would otherwise answer with everything, and look like the filtered answer."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    taken = _query_names(route.dependant)
    unknown = [name for name in dict.fromkeys(request.query_params) if name not in taken]
    if unknown:
        accepted = ", ".join(sorted(taken)) or "none"
        raise RequestValidationError(
            [
                {
                    "type": "extra_forbidden",
                    "loc": ("query", name),
                    "msg": f"this endpoint takes no parameter {name!r} (it takes: {accepted})",
                    "input": request.query_params[name],
                }
                for name in unknown
            ]
        )


StoreDep = Annotated[Store, Depends(get_store)]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip.")]
Limit = Annotated[int, Query(ge=1, le=200, description="Items per page.")]
