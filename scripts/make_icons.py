"""Draw the app icons once: `src/heelraise/web/static/icons/*.png` from the SVGs below.

Run after changing the drawing and commit the PNGs (the app never runs this):

    pip install cairosvg   # needs the system's libcairo2
    python3 scripts/make_icons.py

The mark is the favicon's (a foot on the toes, white on the brand blue):
`icon-192.png` and `icon-512.png` with rounded corners, `icon-maskable-512.png`
full-bleed with the mark inside the central 80 % safe zone (a launcher may
crop it to a circle), and `apple-touch-icon.png` (180 px, square: iOS rounds
the corners itself). `icon.svg` is kept beside them as the source.
"""

from __future__ import annotations

from pathlib import Path

import cairosvg

OUT = Path(__file__).resolve().parents[1] / "src" / "heelraise" / "web" / "static" / "icons"
BRAND = "#0b5394"
MARK = "M10 26 L14 6 L18 6 L16 18 L24 22 L22 26 Z"  # favicon.svg's, on a 32-unit grid


def icon(*, corner: float, scale: float) -> str:
    """The mark on a 32-unit square, shrunk by `scale` about the centre."""
    offset = 16 * (1 - scale)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="{corner}" fill="{BRAND}"/>'
        f'<path transform="translate({offset:.2f} {offset:.2f}) scale({scale})" d="{MARK}" '
        'fill="#fff"/></svg>\n'
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    plain = icon(corner=6, scale=0.85)
    (OUT / "icon.svg").write_text(plain, encoding="utf-8")
    for name, source, size in (
        ("icon-192.png", plain, 192),
        ("icon-512.png", plain, 512),
        ("icon-maskable-512.png", icon(corner=0, scale=0.6), 512),
        ("apple-touch-icon.png", icon(corner=0, scale=0.75), 180),
    ):
        cairosvg.svg2png(
            bytestring=source.encode(),
            write_to=str(OUT / name),
            output_width=size,
            output_height=size,
        )
    print(f"wrote the icons to {OUT}")


if __name__ == "__main__":
    main()
