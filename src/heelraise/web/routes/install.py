"""`GET /manifest.webmanifest`: what a phone needs to install heelraise to its home screen.

The icons are PNGs drawn once by `scripts/make_icons.py` (192 and 512 px, a
maskable 512 px one with the mark in the safe zone, and a 180 px
apple-touch-icon that base.html links); the theme colour is the brand blue
of the stylesheet. Installed, it opens on Today, full screen without the
browser's bar.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

router = APIRouter(tags=["pages"], include_in_schema=False)

THEME_COLOUR = "#0b5394"  # --brand in heelraise.css
ICONS = "/static/icons"
MANIFEST: dict[str, Any] = {
    "name": "heelraise: Achilles pain, loading and return to running",
    "short_name": "heelraise",
    "description": (
        "Achilles pain: is this consistent with tendinopathy, and what to do now; "
        "then a symptom-guided loading programme. Information, not a diagnosis."
    ),
    "lang": "en-GB",
    "start_url": "/today",
    "scope": "/",
    "display": "standalone",
    "background_color": "#ffffff",
    "theme_color": THEME_COLOUR,
    "icons": [
        {"src": f"{ICONS}/icon-192.png", "sizes": "192x192", "type": "image/png"},
        {"src": f"{ICONS}/icon-512.png", "sizes": "512x512", "type": "image/png"},
        {
            "src": f"{ICONS}/icon-maskable-512.png",
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ],
}


@router.get("/manifest.webmanifest")
async def manifest() -> JSONResponse:
    return JSONResponse(MANIFEST, media_type="application/manifest+json")
