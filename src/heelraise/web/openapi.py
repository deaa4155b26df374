"""The OpenAPI document: the case and assessment schemas come from the contract.

`POST /api/assess` reads and writes raw JSON (the exact bytes `heelraise
assess --json` gives), so its schemas are declared here from
`TypeAdapter(Case)` and `TypeAdapter(Assessment)` and put under
`components.schemas`.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import TypeAdapter

from heelraise.contract import Assessment, Case, CheckIn
from heelraise.contract.case import Test
from heelraise.web import deps
from heelraise.web.errors import ERROR_SCHEMA
from heelraise.web.route_table import _contexts

REF = "#/components/schemas/{model}"


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


@cache
def contract_schemas() -> dict[str, Any]:
    """Case, Assessment, Error and every definition they use, keyed by name."""
    schemas: dict[str, Any] = {"Error": ERROR_SCHEMA}
    kinds: tuple[tuple[str, Any], ...] = (
        ("Case", Case),
        ("Assessment", Assessment),
        ("CheckInItem", CheckIn),
        ("TestItem", Test),
    )
    for name, kind in kinds:
        schema = TypeAdapter(kind).json_schema(ref_template=REF, mode="validation")
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema
    return schemas


def json_body(name: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ref(name)}}}


ERRORS: dict[int | str, dict[str, Any]] = {
    status: json_body("Error", text)
    for status, text in (
        (403, "A cross-site request"),
        (413, "The body is over the size limit"),
        (415, "The body is not JSON"),
        (422, "The input is not valid: one problem per field"),
    )
}


def install(app: FastAPI) -> None:
    """Replace `app.openapi` with one that adds the contract's schemas."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            components = document.setdefault("components", {}).setdefault("schemas", {})
            components.update(contract_schemas())
            document_errors(document, app)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


UNSAFE = frozenset({"post", "put", "patch", "delete"})
# Routes that read no database: nothing there can give 503 (the database unavailable).
STATELESS = frozenset({"/api/assess", "/api/assess/batch", "/api/plan.ics", "/api/health"})
STATELESS_READS = frozenset({"/api/referrals"})


def _calls(route: Any) -> set[Any]:
    """Every dependency function the route runs (router dependencies included)."""
    effective = getattr(route, "_effective_route", None)
    dependant = getattr(effective, "dependant", None) or getattr(route.route, "dependant", None)
    found: set[Any] = set()
    stack = [dependant] if dependant is not None else []
    while stack:
        item = stack.pop()
        if item.call is not None:
            found.add(item.call)
        stack.extend(item.dependencies)
    return found


def _codes(path: str, method: str, calls: set[Any], operation: dict[str, Any]) -> dict[int, str]:
    """The error statuses an operation can give, from what it runs (see the module doc)."""
    codes = {400: "The Host header names a host this server does not serve"}
    if deps.current_login in calls:
        codes[401] = "Not signed in (a server with accounts)"
    if deps.person_in_path in calls or deps.own_person in calls:
        codes[403] = "This login may not see that person"
    if "{person}" in path:
        codes[404] = "No such person in the journal, or no triage recorded yet"
    if method in UNSAFE:
        codes[403] = "A cross-site request, or the CSRF token is missing or wrong"
        codes[413] = "The body is over the size limit"
    if deps.require_json in calls or any(
        getattr(c, "__name__", "") == "write_guard" for c in calls
    ):
        codes[415] = "The body is not JSON"
    if method in UNSAFE or operation.get("parameters"):
        codes[422] = "The input is not valid: one problem per field"
    if path not in STATELESS and path not in STATELESS_READS:
        codes[503] = "The database cannot be reached"
    return codes


def document_errors(document: dict[str, Any], app: FastAPI) -> None:
    """Add every error status each operation can give (one JSON shape, `Error`), and the
    `Allow`-style truths the decorators cannot state."""
    routes = {}
    for route in _contexts(app.router.routes):
        for method in getattr(route, "methods", None) or ():
            routes[(route.path, method.lower())] = route
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            route = routes.get((path, method))
            calls = _calls(route) if route is not None else set()
            responses = operation.setdefault("responses", {})
            for status, text in _codes(path, method, calls, operation).items():
                responses.setdefault(str(status), json_body("Error", text))
            for status, item in responses.items():
                if status.startswith(("4", "5")):
                    item.setdefault("content", json_body("Error", "")["content"])
