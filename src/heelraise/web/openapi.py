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

from heelraise.contract import Assessment, Case
from heelraise.web.errors import ERROR_SCHEMA

REF = "#/components/schemas/{model}"


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF.format(model=name)}


@cache
def contract_schemas() -> dict[str, Any]:
    """Case, Assessment, Error and every definition they use, keyed by name."""
    schemas: dict[str, Any] = {"Error": ERROR_SCHEMA}
    for name, kind in (("Case", Case), ("Assessment", Assessment)):
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
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
