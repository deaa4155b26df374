"""The app's route table, flattened: one (method, path) per endpoint.

FastAPI may keep included routers as nested route objects; `iter_route_contexts`
(FastAPI ≥ 0.160) flattens them, and older versions list routes flat already.
The authorisation matrix test is generated from this table.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from starlette.routing import BaseRoute, Mount, compile_path


def _contexts(routes: Sequence[BaseRoute]) -> Iterator[Any]:
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # pragma: no cover - older FastAPI lists routes flat
        yield from routes
        return
    yield from iter_route_contexts(routes)


@dataclass(frozen=True, slots=True, order=True)
class RouteEntry:
    method: str
    path: str


def route_table(routes: Sequence[BaseRoute]) -> list[RouteEntry]:
    """Every method and path the app answers; a mount is one `GET path/{path}` entry."""
    entries: set[RouteEntry] = set()
    for route in _contexts(routes):
        original = getattr(route, "original_route", route)
        if isinstance(original, Mount):
            entries.add(RouteEntry("GET", f"{original.path}/{{path}}"))
            continue
        path = route.path
        if path is None:  # pragma: no cover - every route we add has a path
            continue
        for method in route.methods or ():
            if method != "HEAD":
                entries.add(RouteEntry(method, path))
    return sorted(entries)


def allowed_methods(routes: Sequence[BaseRoute], path: str) -> list[str]:
    """Every method some route answers at `path` (the `Allow` header of a 405): a path
    served by several routes (GET and POST apart) allows all of their methods."""
    methods: set[str] = set()
    for route in _contexts(routes):
        original = getattr(route, "original_route", route)
        if isinstance(original, Mount) or route.path is None:
            continue
        if _pattern(route.path).match(path):
            methods |= set(route.methods or ())
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


@cache
def _pattern(path: str) -> Any:
    regex, _format, _convertors = compile_path(path)
    return regex
