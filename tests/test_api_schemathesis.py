"""Property-based tests of the API from its own OpenAPI schema (schemathesis): requests generated
for every operation, within the schema and outside it, and not one server error; every response
as the schema describes it.

The app runs over the analysed sample without a token, so the write operations are exercised too,
and refused (403) before they read a body: nothing is stored in the shared sample. Each operation
is driven through its Hypothesis strategy (schemathesis' pytest plugin does not run under this
pytest: its lazy loader sets a node attribute pytest 9 no longer has).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from claimscope.store import Store
from claimscope.web.app import create_app

# no 5xx; and what is answered is what the schema says (status, body and media type)
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]
EXAMPLES = 40  # per operation and mode: about a minute for the whole schema on this machine


def operations() -> list[tuple[str, str, GenerationMode]]:
    """Every operation of the schema (which does not depend on the data: an empty store will do),
    with valid requests, and invalid ones where it takes any input to make invalid."""
    schema = create_app(Store("sqlite://")).openapi()
    found = []
    for path, ops in sorted(schema["paths"].items()):
        for method, op in sorted(ops.items()):
            found.append((method.upper(), path, GenerationMode.POSITIVE))
            if op.get("parameters") or op.get("requestBody"):
                found.append((method.upper(), path, GenerationMode.NEGATIVE))
    return found


@pytest.fixture(scope="module")
def api_schema(desk_store: Store) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(desk_store, token=None))


@pytest.mark.parametrize(("method", "path", "mode"), operations())
def test_no_request_makes_a_server_error(
    api_schema: schemathesis.BaseSchema, method: str, path: str, mode: GenerationMode
) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def no_server_error(case: schemathesis.Case) -> None:
        case.call_and_validate(checks=CHECKS)

    no_server_error()
