"""API resource: health."""

from __future__ import annotations

from fastapi import APIRouter

from heelraise import __version__

router = APIRouter(prefix="/api", tags=["health"])


@router.get("/health", summary="Whether the app is up")
async def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}
