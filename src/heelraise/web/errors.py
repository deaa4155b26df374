"""The one exception handler (datasette's `handle_exception`): every error, one shape.

Under /api the body is `{"error": {"status", "message", "problems": [{"field",
"message"}]}}`; elsewhere an error page with the same content. Unexpected
exceptions give 500 without details (they are logged, not shown). A name
locked by failed sign-ins gives 429 with `Retry-After` (seconds).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.exceptions import HTTPException
from starlette.responses import Response

from heelraise.errors import (
    CheckInExists,
    HeelraiseError,
    ImportFailed,
    InvalidInput,
    KnowledgeError,
    NotAllowed,
    NoTriage,
    NotSignedIn,
    Problem,
    SignInLocked,
    StoreError,
    UnknownActivity,
    UnknownLogin,
    UnknownPerson,
    UserExists,
)
from heelraise.web.route_table import allowed_methods
from heelraise.web.templating import Templates

log = logging.getLogger("heelraise.web")
API_PREFIX = "/api"


@dataclass(frozen=True, slots=True)
class ErrorReport:
    """What went wrong, independent of how it is shown."""

    status: int
    message: str
    problems: list[Problem] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    def document(self) -> dict[str, Any]:
        return {
            "error": {
                "status": self.status,
                "message": self.message,
                "problems": [{"field": p.field, "message": p.message} for p in self.problems],
            }
        }


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "message", "problems"],
            "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "problems": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["field", "message"],
                        "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                    },
                },
            },
        }
    },
}


def report_for(error: Exception) -> ErrorReport:
    """Classify any exception; the message is fit to show a user."""
    if isinstance(error, InvalidInput):
        return ErrorReport(422, "the input is not valid", list(error.problems))
    if isinstance(error, RequestValidationError):
        return ErrorReport(422, "the request is not valid", _request_problems(error))
    if isinstance(error, HTTPException):
        phrase = _phrase(error.status_code)
        detail = error.detail if isinstance(error.detail, str) else phrase
        return ErrorReport(error.status_code, phrase if detail.lower() == phrase else detail)
    if isinstance(error, SignInLocked):
        return ErrorReport(429, error.message, headers={"Retry-After": str(error.retry_after)})
    if isinstance(error, NotSignedIn):
        return ErrorReport(401, error.message)
    if isinstance(error, NotAllowed):
        return ErrorReport(403, error.message)
    if isinstance(error, UnknownPerson | UnknownLogin | NoTriage | UnknownActivity):
        return ErrorReport(404, error.message)
    if isinstance(error, CheckInExists | UserExists):
        return ErrorReport(409, error.message)
    if isinstance(error, ImportFailed):
        return ErrorReport(400, error.message)
    if isinstance(error, StoreError):
        return ErrorReport(503, error.message)
    if isinstance(error, KnowledgeError):
        return ErrorReport(500, error.message)
    if isinstance(error, HeelraiseError):
        return ErrorReport(400, error.message)
    return ErrorReport(500, "something went wrong on our side; the details are in the log")


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower()
    except ValueError:
        return "error"


def _request_problems(error: RequestValidationError) -> list[Problem]:
    problems = []
    for detail in error.errors():
        loc = [str(part) for part in detail.get("loc", ()) if part not in ("body", "query", "path")]
        problems.append(Problem(".".join(loc), str(detail.get("msg", "not valid")).lower()))
    return problems


def wants_json(request: Request) -> bool:
    return request.url.path == API_PREFIX or request.url.path.startswith(API_PREFIX + "/")


async def handle_exception(request: Request, error: Exception) -> Response:
    """The handler registered for every exception class the app can meet."""
    report = report_for(error)
    if report.status >= 500:
        log.error("error on %s %s", request.method, request.url.path, exc_info=error)
    headers = {**report.headers, **(getattr(error, "headers", None) or {})}
    if report.status == 405:
        # Starlette names only the first route's methods; GET and POST are separate routes.
        headers["Allow"] = ", ".join(allowed_methods(request.app.router.routes, request.url.path))
    if wants_json(request):
        return Response(
            orjson.dumps(report.document()),
            status_code=report.status,
            headers=headers,
            media_type="application/json",
        )
    if report.status == 401 and request.method == "GET":
        # A page that needs a login: to the sign-in form, and back here afterwards.
        target = quote(request.url.path, safe="/")
        return RedirectResponse(f"/login?next={target}", status_code=303)
    templates: Templates = request.app.state.templates
    page = templates.page(request, "error.html", title=f"Error {report.status}", error=report)
    return HTMLResponse(page, status_code=report.status, headers=headers)


def register(app: FastAPI) -> None:
    for kind in (HTTPException, RequestValidationError, HeelraiseError, Exception):
        app.add_exception_handler(kind, handle_exception)
