"""Draw the exercise illustrations: `src/heelraise/knowledge/illustrations/*.svg`.

Run once after changing a drawing (`python3 scripts/draw_exercises.py`) and
commit the SVGs; the app never runs this. Standard library only.

Every picture is a side view, the person facing right, in two panels: the
start position on the left, the end position on the right, arrows between
them with the tempo ("3 s up", "lower slowly"), and the range marked in the
panel where it matters: "heel below the step" for the off-step exercises,
"stop at neutral" for the floor-level (insertional) ones. The Achilles tendon
is drawn in blue. Colours are presentation attributes, not a <style> block,
so nothing depends on the page's stylesheet or its content security policy;
text is 13 units high in a 340-unit-wide picture, about 14 CSS px on a
390 px phone. Each file has role="img" and a <title> (checked at load by
`heelraise.knowledge.illustrations`); the page's alt text comes from
`illustration_alt` in exercises.toml.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "heelraise" / "knowledge" / "illustrations"

W, H = 340, 236
PANEL = 170  # each panel's width; the left one starts at 0, the right one at PANEL
GROUND = 150  # the floor or step top
INK = "#1b1b1b"
MUTED = "#4a4a4a"
BRAND = "#0b5394"  # arrows and the tendon
LIMIT = "#a4161a"  # the range limit line (dashed)
SURFACE = "#dcdcdc"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'

UP, HALF, BELOW = 32.0, 16.0, -24.0  # foot angles (degrees; heel up is positive)

Point = tuple[float, float]


def f(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def rotate(point: Point, degrees: float) -> Point:
    """Turn a point about the ball of the foot (the origin); positive lifts the heel.
    The toes (in front of the ball) stay where they are, flat on the surface."""
    angle = math.radians(degrees)
    x, y = point
    if x > 0:
        return point
    return (x * math.cos(angle) - y * math.sin(angle), x * math.sin(angle) + y * math.cos(angle))


def move(point: Point, by: Point) -> Point:
    return (point[0] + by[0], point[1] + by[1])


def path(points: Iterable[Point]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{f(x)},{f(y)}" for i, (x, y) in enumerate(points))


# The foot with the ball at the origin, facing +x, flat: heel, sole, toes, instep, ankle.
FOOT: list[Point] = [(-50, 0), (16, 0), (16, -5), (0, -10), (-24, -22), (-44, -24), (-53, -12)]
ANKLE: Point = (-36, -19)
HEEL: Point = (-50, -4)
SHANK, THIGH = 70.0, 42.0


@dataclass(frozen=True)
class Leg:
    """One position of the lower leg and foot."""

    angle: float  # foot angle from level
    knee_bent: bool = False
    seated: bool = False
    ghost: bool = False  # drawn dashed (the position to stop short of)


def leg_svg(leg: Leg, at: Point) -> str:
    """The leg with the ball of the foot at `at` (the surface's edge or a point on it)."""
    return leg_parts(leg, at)[0]


def leg_parts(leg: Leg, at: Point) -> tuple[str, Point, Point]:
    """The leg's drawing, its knee and its hip."""
    foot = [move(rotate(p, leg.angle), at) for p in FOOT]
    ankle = move(rotate(ANKLE, leg.angle), at)
    heel = move(rotate(HEEL, leg.angle), at)
    if leg.seated:
        knee = (ankle[0], ankle[1] - SHANK)
        hip = (knee[0] - 46, knee[1])
    elif leg.knee_bent:
        lean = math.radians(24)
        knee = (ankle[0] + SHANK * math.sin(lean), ankle[1] - SHANK * math.cos(lean))
        back = math.radians(32)
        hip = (knee[0] - THIGH * math.sin(back), knee[1] - THIGH * math.cos(back))
    else:
        knee = (ankle[0] + 2, ankle[1] - SHANK)
        hip = (knee[0] - 2, knee[1] - THIGH)
    calf = (ankle[0] - 7 + (knee[0] - ankle[0]) * 0.55, ankle[1] + (knee[1] - ankle[1]) * 0.55)
    colour = MUTED if leg.ghost else INK
    dash = ' stroke-dasharray="5 4"' if leg.ghost else ""
    fill = "none" if leg.ghost else INK
    parts = [
        f'<path d="{path([ankle, knee, hip])}" fill="none" stroke="{colour}" stroke-width="11" '
        f'stroke-linecap="round" stroke-linejoin="round"{dash}/>',
        f'<path d="{path(foot)} Z" fill="{fill}" stroke="{colour}" stroke-width="2" '
        f'stroke-linejoin="round"{dash}/>',
    ]
    if not leg.ghost:
        parts.append(
            f'<path d="{path([heel, calf])}" stroke="{BRAND}" stroke-width="3.5" '
            'stroke-linecap="round"/>'
        )
    return "".join(parts), knee, hip


def floor(x0: float, x1: float, y: float = GROUND) -> str:
    return (
        f'<rect x="{f(x0)}" y="{f(y)}" width="{f(x1 - x0)}" height="8" fill="{SURFACE}"/>'
        f'<path d="M{f(x0)},{f(y)} H{f(x1)}" stroke="{INK}" stroke-width="2"/>'
    )


def step(x0: float, x1: float, y: float = GROUND) -> str:
    """A step (or block) whose front edge is at `x0`: the heel hangs free in front of it."""
    return (
        f'<rect x="{f(x0)}" y="{f(y)}" width="{f(x1 - x0)}" height="30" fill="{SURFACE}" '
        f'stroke="{INK}" stroke-width="2"/>'
    )


def text(
    x: float,
    y: float,
    lines: list[str],
    *,
    anchor: str = "middle",
    bold: bool = False,
    colour: str = INK,
    size: int = 13,
) -> str:
    weight = ' font-weight="700"' if bold else ""
    spans = "".join(
        f'<tspan x="{f(x)}" dy="{0 if i == 0 else size + 2}">{line}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{f(x)}" y="{f(y)}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{colour}"{weight} {FONT}>{spans}</text>'
    )


def arrow(start: Point, end: Point, *, colour: str = BRAND, bend: float = 0.0) -> str:
    """A line (curved by `bend`) with a filled head at `end`."""
    (x0, y0), (x1, y1) = start, end
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    length = math.hypot(x1 - x0, y1 - y0) or 1.0
    nx, ny = -(y1 - y0) / length, (x1 - x0) / length
    cx, cy = mx + nx * bend, my + ny * bend
    tx, ty = x1 - cx, y1 - cy
    tl = math.hypot(tx, ty) or 1.0
    ux, uy = tx / tl, ty / tl
    size = 9.0
    base = (x1 - ux * size, y1 - uy * size)
    left = (base[0] - uy * size * 0.55, base[1] + ux * size * 0.55)
    right = (base[0] + uy * size * 0.55, base[1] - ux * size * 0.55)
    return (
        f'<path d="M{f(x0)},{f(y0)} Q{f(cx)},{f(cy)} {f(base[0])},{f(base[1])}" fill="none" '
        f'stroke="{colour}" stroke-width="3"/>'
        f'<path d="{path([(x1, y1), left, right])} Z" fill="{colour}"/>'
    )


def limit_line(x0: float, x1: float, y: float) -> str:
    return (
        f'<path d="M{f(x0)},{f(y)} H{f(x1)}" stroke="{LIMIT}" stroke-width="2.5" '
        'stroke-dasharray="6 4"/>'
    )


def svg(title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" '
        f'aria-labelledby="t"><title id="t">{title}</title>'
        f'<rect width="{W}" height="{H}" fill="#fff"/>' + "".join(body) + "</svg>\n"
    )


def panel_labels(left: list[str], right: list[str]) -> list[str]:
    return [text(PANEL / 2, 196, left, bold=True), text(PANEL * 1.5, 196, right, bold=True)]


def between(top: list[str], bottom: list[str] | None, low: bool = False) -> list[str]:
    """Tempo arrows between the panels: right (start → end) above, left (back) below;
    `low` moves them down, under a seated figure's thigh."""
    y = 30 if low else 0
    parts = [
        text(PANEL, 32 + y, top, colour=BRAND),
        arrow((PANEL - 40, 60 + y), (PANEL + 40, 60 + y)),
    ]
    if bottom is not None:
        parts += [
            arrow((PANEL + 40, 86 + y), (PANEL - 40, 86 + y)),
            text(PANEL, 108 + y, bottom, colour=BRAND),
        ]
    return parts


BALL_X = 104  # where the ball of the foot sits within a panel


def raise_picture(
    title: str,
    *,
    on_step: bool,
    start: float,
    end: float,
    labels: tuple[list[str], list[str]],
    tempo: tuple[list[str], list[str] | None],
    knee_bent: bool = False,
    seated: bool = False,
    neutral_mark: bool = False,
    below_mark: bool = False,
    load: bool = False,
    hold: bool = False,
) -> str:
    """Two positions of a calf raise or heel drop, standing or seated, on a step or the floor."""
    body: list[str] = []
    for index, angle in enumerate((start, end)):
        x0 = index * PANEL
        ball = (x0 + BALL_X, GROUND)
        if on_step:
            body.append(step(x0 + BALL_X - 8, x0 + PANEL - 6))
        else:
            body.append(floor(x0 + 8, x0 + PANEL - 6))
        drawn, knee, hip = leg_parts(Leg(angle, knee_bent=knee_bent, seated=seated), ball)
        body.append(drawn)
        if load and seated:  # a weight on the knees
            body.append(
                f'<rect x="{f(knee[0] - 32)}" y="{f(knee[1] - 27)}" width="30" height="21" '
                f'rx="3" fill="{BRAND}"/>'
            )
        elif load:  # a backpack
            body.append(
                f'<rect x="{f(hip[0] - 30)}" y="{f(hip[1] - 4)}" width="22" height="30" rx="5" '
                f'fill="{BRAND}"/>'
            )
        lowest = angle == min(start, end)
        if lowest and neutral_mark:
            body.append(limit_line(x0 + 14, x0 + BALL_X - 4, GROUND - 1))
        if lowest and below_mark:
            body.append(limit_line(x0 + 14, x0 + BALL_X - 10, GROUND))
    body += panel_labels(*labels)
    if hold:
        y = 50 if seated else 0
        body += [
            text(PANEL, 40 + y, tempo[0], colour=BRAND),
            arrow((PANEL - 40, 70 + y), (PANEL + 40, 70 + y)),
        ]
    else:
        body += between(*tempo, low=seated)
    return svg(title, body)


# Whole-body stick figures, hip at the origin, feet near y = +50, facing right.
RUN = {
    "head": (12, -68),
    "body": [(0, 0), (8, -50)],
    "legs": [[(0, 0), (20, 16), (14, 44), (24, 46)], [(0, 0), (-6, 24), (-28, 32)]],
    "arms": [[(7, -44), (20, -32), (30, -42)], [(7, -44), (-8, -30), (-4, -16)]],
}
WALK = {
    "head": (4, -68),
    "body": [(0, 0), (2, -50)],
    "legs": [[(0, 0), (8, 24), (14, 50), (24, 50)], [(0, 0), (-6, 24), (-12, 50), (-2, 50)]],
    "arms": [[(2, -44), (10, -22), (16, -8)], [(2, -44), (-6, -22), (-10, -8)]],
}
HOP = {  # both feet together, on the toes, ankles stiff
    "head": (2, -68),
    "body": [(0, 0), (1, -50)],
    "legs": [[(0, 0), (3, 24), (0, 46), (10, 52)], [(0, 0), (-1, 24), (-4, 46), (6, 52)]],
    "arms": [[(1, -44), (14, -30), (22, -36)], [(1, -44), (-10, -28), (-8, -16)]],
}
ONE_LEG = {  # on one leg, the other knee bent behind
    "head": (8, -68),
    "body": [(0, 0), (5, -50)],
    "legs": [[(0, 0), (6, 24), (2, 46), (12, 52)], [(0, 0), (-8, 22), (-26, 16)]],
    "arms": [[(5, -44), (18, -30), (26, -38)], [(5, -44), (-10, -28), (-14, -14)]],
}
SKIP = {  # arms out holding a rope, on the toes
    "head": (2, -68),
    "body": [(0, 0), (1, -50)],
    "legs": [[(0, 0), (4, 24), (2, 46), (12, 52)], [(0, 0), (-2, 24), (-6, 46), (4, 52)]],
    "arms": [[(1, -44), (20, -30), (28, -16)], [(1, -44), (-18, -30), (-26, -16)]],
}


def person(pose: dict[str, object], at: Point, *, scale: float = 1.0) -> str:
    def pt(p: Point) -> Point:
        return (at[0] + p[0] * scale, at[1] + p[1] * scale)

    head = pt(pose["head"])  # type: ignore[arg-type]
    lines: list[list[Point]] = [pose["body"]]  # type: ignore[list-item]
    lines += pose["legs"] + pose["arms"]  # type: ignore[operator]
    strokes = "".join(
        f'<path d="{path(pt(p) for p in line)}" fill="none" stroke="{INK}" '
        f'stroke-width="{f(7 * scale)}" stroke-linecap="round" stroke-linejoin="round"/>'
        for line in lines
    )
    return (
        strokes + f'<circle cx="{f(head[0])}" cy="{f(head[1])}" r="{f(10 * scale)}" fill="{INK}"/>'
    )


def ground(x0: float, x1: float, y: float) -> str:
    return floor(x0, x1, y)


def skipping() -> str:
    body = [ground(8, W - 8, 150)]
    for x0, rope_up in ((0, True), (PANEL, False)):
        hip = (x0 + 80, 96 if rope_up else 90)
        body.append(person(SKIP, hip))
        hands = ((hip[0] + 28, hip[1] - 16), (hip[0] - 26, hip[1] - 16))
        if rope_up:
            arc = (
                f"M{f(hands[1][0])},{f(hands[1][1])} Q{f(hip[0])},{f(hip[1] - 150)} "
                f"{f(hands[0][0])},{f(hands[0][1])}"
            )
        else:
            arc = (
                f"M{f(hands[1][0])},{f(hands[1][1])} Q{f(hip[0])},{f(hip[1] + 136)} "
                f"{f(hands[0][0])},{f(hands[0][1])}"
            )
        body.append(f'<path d="{arc}" fill="none" stroke="{BRAND}" stroke-width="2.5"/>')
    body.append(arrow((PANEL + 80, 126), (PANEL + 80, 138)))
    body.append(arrow((PANEL + 80, 138), (PANEL + 80, 126)))
    body += panel_labels(["Small, quick,", "springy contacts"], ["Heels stay off", "the ground"])
    body.append(text(PANEL, 178, ["Flat, firm ground: never off a step"], colour=MUTED, size=12))
    return svg("Skipping: small springy contacts on the balls of the feet", body)


def pogo_hops() -> str:
    body = [ground(8, W - 8, 150)]
    body.append(person(HOP, (80, 98)))
    body.append(person(HOP, (PANEL + 80, 76)))
    body.append(arrow((PANEL + 122, 120), (PANEL + 122, 76)))
    body.append(arrow((PANEL + 136, 76), (PANEL + 136, 120)))
    body += panel_labels(["Land on the", "balls of the feet"], ["Quick bounce,", "stiff ankles"])
    body.append(text(PANEL, 178, ["The heels do not sink to the floor"], colour=MUTED, size=12))
    return svg("Pogo hops: stiff-ankled small bounces on both feet", body)


def hop_progression() -> str:
    body = [ground(8, W - 8, 150)]
    body.append(person(HOP, (44, 98), scale=0.9))
    body.append(arrow((62, 60), (128, 60), bend=-22))
    body.append(person(HOP, (130, 98), scale=0.9))
    body.append(person(ONE_LEG, (PANEL + 50, 98), scale=0.9))
    body.append(arrow((PANEL + 68, 60), (PANEL + 134, 60), bend=-22))
    body.append(person(ONE_LEG, (PANEL + 136, 98), scale=0.9))
    body += panel_labels(["Two legs:", "small jumps"], ["Then one leg,", "land softly"])
    return svg("Hop progression: small jumps on two legs, then on one", body)


def runner_picture(
    title: str,
    left: tuple[dict[str, object], list[str]],
    right: tuple[dict[str, object], list[str]],
    middle: list[str],
) -> str:
    body = [ground(8, W - 8, 150)]
    body.append(person(left[0], (80, 98)))
    body.append(person(right[0], (PANEL + 80, 98)))
    body += panel_labels(left[1], right[1])
    body += [text(PANEL, 32, middle, colour=BRAND), arrow((PANEL - 30, 60), (PANEL + 30, 60))]
    body.append(text(PANEL, 178, ["Flat, even ground"], colour=MUTED, size=12))
    return svg(title, body)


def sport_drills() -> str:
    body = [ground(8, W - 8, 150)]
    body.append(person(RUN, (40, 98), scale=0.9))
    cones = [(120, 146), (190, 146), (260, 146)]
    for x, y in cones:
        body.append(
            f'<path d="M{f(x - 9)},{f(y)} L{f(x)},{f(y - 22)} L{f(x + 9)},{f(y)} Z" '
            'fill="#c05a00"/>'
        )
    body.append(
        f'<path d="M70,128 Q104,80 120,110 T190,110 T260,110" fill="none" stroke="{BRAND}" '
        'stroke-width="3"/>'
    )
    body.append(arrow((260, 110), (318, 86)))
    body.append(text(W / 2, 196, ["Accelerate, cut, jump and land:"], bold=True))
    body.append(text(W / 2, 214, ["one step at a time"], bold=True))
    return svg("Sport drills: accelerations, cutting, jumping and landing", body)


def comfortable_activity() -> str:
    body = [ground(8, W - 8, 150)]
    body.append(person(WALK, (60, 98)))
    x, y = PANEL + 70, 128
    body.append(
        f'<circle cx="{f(x - 30)}" cy="{f(y)}" r="20" fill="none" stroke="{INK}" stroke-width="4"/>'
        f'<circle cx="{f(x + 34)}" cy="{f(y)}" r="20" fill="none" stroke="{INK}" stroke-width="4"/>'
        f'<path d="M{f(x - 30)},{f(y)} L{f(x - 6)},{f(y - 30)} L{f(x + 22)},{f(y - 30)} '
        f"L{f(x + 34)},{f(y)} M{f(x - 6)},{f(y - 30)} L{f(x + 2)},{f(y)} L{f(x + 22)},{f(y - 30)} "
        f'M{f(x - 10)},{f(y - 38)} H{f(x)} M{f(x + 22)},{f(y - 30)} L{f(x + 20)},{f(y - 40)}" '
        f'fill="none" stroke="{INK}" stroke-width="4" stroke-linejoin="round"/>'
    )
    for dy in (0, 10):
        body.append(
            f'<path d="M{f(PANEL + 120)},{f(60 + dy)} q8,-6 16,0 t16,0 t16,0" fill="none" '
            f'stroke="{BRAND}" stroke-width="3"/>'
        )
    body += panel_labels(["Walk"], ["Cycle or swim"])
    body.append(text(PANEL, 178, ["Easy: pain 3/10 or less"], colour=MUTED, size=12))
    return svg("Comfortable activity: walking, cycling or swimming", body)


STEP_LABELS = (["Up on the toes"], ["Heel below", "the step"])
NEUTRAL_LABELS = (["Up on the toes"], ["Stop at neutral:", "heel on the floor"])


def pictures() -> dict[str, str]:
    slow = (["3 s up"], ["3 s down"])
    return {
        "isometric-calf-hold.svg": raise_picture(
            "Isometric calf hold: rise halfway onto the toes and hold still",
            on_step=False,
            start=0,
            end=HALF,
            labels=(["Foot flat"], ["Halfway up:", "hold still"]),
            tempo=(["rise halfway,", "then hold"], None),
            hold=True,
        ),
        "seated-isometric-hold.svg": raise_picture(
            "Seated isometric calf press: heel slightly lifted, pressing down, held",
            on_step=False,
            start=0,
            end=HALF * 0.7,
            seated=True,
            load=True,
            labels=(["Seated,", "foot flat"], ["Heel just lifted:", "hold"]),
            tempo=(["press and", "hold"], None),
            hold=True,
        ),
        "supported-calf-raise-floor.svg": raise_picture(
            "Supported calf raise on the floor, both legs, in a comfortable range",
            on_step=False,
            start=0,
            end=UP,
            labels=(["Feet flat,", "hold a wall"], ["Up on both", "forefeet"]),
            tempo=(["up slowly"], ["down slowly"]),
        ),
        "seated-calf-raise-heavy.svg": raise_picture(
            "Seated calf raise, heavy: forefoot on a block, full range, 3 s up and 3 s down",
            on_step=True,
            start=BELOW,
            end=UP,
            seated=True,
            load=True,
            below_mark=True,
            labels=(["Heel below", "the forefoot"], ["Heels up,", "load on knees"]),
            tempo=slow,
        ),
        "seated-calf-raise-heavy-neutral.svg": raise_picture(
            "Seated calf raise to neutral, heavy: lower only until the foot is flat",
            on_step=False,
            start=0,
            end=UP,
            seated=True,
            load=True,
            neutral_mark=True,
            labels=(["Stop at neutral:", "foot flat"], ["Heels up,", "load on knees"]),
            tempo=slow,
        ),
        "standing-calf-raise-step.svg": raise_picture(
            "Standing calf raise on a step, full range: heel below the step, 3 s up and 3 s down",
            on_step=True,
            start=BELOW,
            end=UP,
            load=True,
            below_mark=True,
            labels=(["Heel below", "the step"], ["Up on the toes"]),
            tempo=slow,
        ),
        "standing-calf-raise-floor.svg": raise_picture(
            "Standing calf raise on the floor: stop at neutral, heel not below the floor",
            on_step=False,
            start=0,
            end=UP,
            load=True,
            neutral_mark=True,
            labels=(["Stop at neutral:", "heel on the floor"], ["Up on the toes"]),
            tempo=slow,
        ),
        "eccentric-heel-drop-straight.svg": raise_picture(
            "Eccentric heel drop off a step, knee straight: lower slowly below the step",
            on_step=True,
            start=UP,
            end=BELOW,
            below_mark=True,
            labels=STEP_LABELS,
            tempo=(["lower slowly"], ["back up on", "both legs"]),
        ),
        "eccentric-heel-drop-bent.svg": raise_picture(
            "Eccentric heel drop off a step, knee bent: lower slowly below the step",
            on_step=True,
            start=UP,
            end=BELOW,
            knee_bent=True,
            below_mark=True,
            labels=STEP_LABELS,
            tempo=(["lower slowly"], ["back up on", "both legs"]),
        ),
        "eccentric-floor-lowering.svg": raise_picture(
            "Eccentric lowering on the floor, knee straight: stop at neutral, never below",
            on_step=False,
            start=UP,
            end=0,
            neutral_mark=True,
            labels=NEUTRAL_LABELS,
            tempo=(["lower slowly"], ["back up on", "both legs"]),
        ),
        "eccentric-floor-lowering-bent.svg": raise_picture(
            "Eccentric lowering on the floor, knee bent: stop at neutral, never below",
            on_step=False,
            start=UP,
            end=0,
            knee_bent=True,
            neutral_mark=True,
            labels=NEUTRAL_LABELS,
            tempo=(["lower slowly"], ["back up on", "both legs"]),
        ),
        "leg-press-calf-raise.svg": leg_press(short=False),
        "leg-press-calf-raise-short-range.svg": leg_press(short=True),
        "skipping.svg": skipping(),
        "pogo-hops.svg": pogo_hops(),
        "hop-progression.svg": hop_progression(),
        "walk-run.svg": runner_picture(
            "Walk-run intervals on flat ground",
            (WALK, ["Walk"]),
            (RUN, ["Run easy"]),
            ["then"],
        ),
        "continuous-run.svg": runner_picture(
            "An easy continuous run on flat ground: one change at a time",
            (RUN, ["Longer first"]),
            (RUN, ["then faster,", "then hills"]),
            ["one at", "a time"],
        ),
        "sport-drills.svg": sport_drills(),
        "comfortable-activity.svg": comfortable_activity(),
    }


def leg_press(*, short: bool) -> str:
    """The leg lying level, the foot against a plate on the right (the picture turned 90°):
    the ball of the foot on the plate's lower edge, the heel free below it."""
    body: list[str] = []
    angles = (0.0 if short else BELOW, UP)
    for index, angle in enumerate(angles):
        x0 = index * PANEL
        pivot = (x0 + 148, 70)
        group = [
            f'<rect x="-6" y="0" width="66" height="12" fill="{SURFACE}" stroke="{INK}" '
            'stroke-width="2"/>',
            leg_svg(Leg(angle), (0, 0)),
        ]
        if index == 0:
            group.append(limit_line(-56, -4 if short else -10, -1 if short else 0))
        body.append(
            f'<g transform="translate({f(pivot[0])} {f(pivot[1])}) rotate(-90)">'
            + "".join(group)
            + "</g>"
        )
        body.append(
            f'<rect x="{f(x0 + 6)}" y="{f(pivot[1] + 46)}" width="44" height="22" '
            f'fill="{SURFACE}" stroke="{INK}" stroke-width="2"/>'
        )
    left = ["Stop at neutral:", "toes not past 90°"] if short else ["Toes back", "towards the shin"]
    body += panel_labels(left, ["Push the plate", "with the ankles"])
    body.append(text(PANEL, 166, ["3 s push, 3 s back"], colour=BRAND))
    title = (
        "Leg-press calf raise, short range: stop the return at a neutral ankle"
        if short
        else "Leg-press calf raise: balls of the feet on the plate edge, 3 s push and 3 s back"
    )
    return svg(title, body)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    drawn = pictures()
    for name, content in drawn.items():
        (OUT / name).write_text(content, encoding="utf-8")
    for stale in OUT.glob("*.svg"):
        if stale.name not in drawn:
            stale.unlink()
    print(f"wrote {len(drawn)} illustrations to {OUT}")


if __name__ == "__main__":
    main()
