"""Reading points written alike: one template, the values in its holes.

A writer prints every point of a track the same way: the same tags in the same
order, the same indentation; only the values change. `template_of` takes a
point the full grammar has accepted and cuts it into its *holes* — every leaf
element's text, and the values of the point's own attributes (`lat`, `lon`) —
and the markup between them, whitespace and all. `read` splits a body with a
pattern that captures each hole with the text class the grammar gives it (a
number, a time, other text) and steps over the markup between holes by its
length (its first and last three bytes written out), without matching it: two
to three times as fast as matching it, and the columns come out by slicing.

What was stepped over is checked all at once: the body rebuilt from the split
— the text between the points, the template's markup and the captured texts —
must equal the body byte for byte. Then every point the pattern matched is the
template with texts of the grammar's classes in its holes (so a point the
grammar accepts). The text between the points comes back with the points: any
of it that is not whitespace holds points written otherwise, which the caller
(`pointshape`) reads in its turn, or declines. `fits` checks one point against
a template the same way.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from itertools import compress, count, repeat

from heelraise.training.xmlscan import NUMBER, TEXT, TIME, Run, capture

GroupFor = Callable[[tuple[bytes, ...]], "str | None"]

_XML_SPACE = b" \t\r\n"
_TAG = re.compile(rb"(<[^>]*>)")
_ATTRIBUTE_VALUE = re.compile(rb'([A-Za-z_:][-\w.:]*[ \t\r\n]*=[ \t\r\n]*)"([^"]*)"')
_CLASSES = {"time": TIME}
_STEP_OVER = b"(?s:.{%d})"  # any bytes, this many: the engine moves by the count at once
_ENDS = 3  # the markup's first and last bytes written out (shorter markup: all of it)


@dataclasses.dataclass(frozen=True, slots=True)
class Template:
    """A point cut into markup and holes: `pieces[i]` comes before hole `i` and the last
    piece after the last hole; `holes` names each hole's column (None: text the
    readers do not read) and `classes` its text class."""

    pieces: tuple[bytes, ...]
    holes: tuple[str | None, ...]
    classes: tuple[bytes, ...]


def template_of(point: bytes, group_for: GroupFor) -> Template | None:
    """The template of one point as the grammar matched it (its start tag to its end
    tag); None when a column would have two holes (the grammar decides then)."""
    tokens = _TAG.split(point)  # text, tag, text, tag, …, text: the point's own tags first and last
    start = tokens[1]
    pieces: list[bytes] = []
    holes: list[str | None] = []
    classes: list[bytes] = []
    written = 0  # how much of `start` is in the pieces so far
    for found in _ATTRIBUTE_VALUE.finditer(start):
        name = found.group(1).rstrip(b" \t\r\n=").decode("ascii")
        if not name.isidentifier():
            return None
        pieces.append(start[written : found.start(2)])
        holes.append(name)
        classes.append(NUMBER)
        written = found.end(2)
    markup = [start[written:]]
    path: list[bytes] = []  # the elements open inside the point
    inner = range(2, len(tokens) - 3, 2) if _opens(start) else range(0)
    for index in inner:
        before, text, tag = tokens[index - 1], tokens[index], tokens[index + 1]
        if path and _opens(before) and tag.startswith(b"</"):  # a leaf's text: a hole
            pieces.append(b"".join(markup))
            group = group_for(tuple(path))
            holes.append(group)
            classes.append(_CLASSES.get(group, NUMBER) if group else TEXT)
            markup = [tag]
        else:
            markup += (text, tag)
        if tag.startswith(b"</"):
            path.pop()
        elif _opens(tag):
            path.append(_local(tag))
    if _opens(start):
        markup += tokens[-3:-1]  # the whitespace before the point's end tag, and the tag
    pieces.append(b"".join(markup))
    named = [hole for hole in holes if hole is not None]
    if len(named) != len(set(named)):
        return None
    return Template(tuple(pieces), tuple(holes), tuple(classes))


def _opens(tag: bytes) -> bool:
    """True for a start tag that is not also its end (`<ele>`, not `</ele>` or `<x/>`)."""
    return not tag.startswith(b"</") and not tag.endswith(b"/>")


def _local(tag: bytes) -> bytes:
    """`<gpxtpx:hr>` → `hr` (an element's local name from its start tag)."""
    name = tag[1:].split(None, 1)[0].rstrip(b"/>")
    return name.rpartition(b":")[2]


@functools.lru_cache(maxsize=128)
def _compiled(template: Template) -> re.Pattern[bytes]:
    """The template's pattern: its first piece as written, then each hole's text class
    followed by the markup after it, stepped over by its length (its first and last
    `_ENDS` bytes written out, so that a point of another shape fails early rather
    than lines up by chance)."""
    parts = [re.escape(template.pieces[0])]
    for hole, text_class, after in zip(
        template.holes, template.classes, template.pieces[1:], strict=True
    ):
        parts.append(capture(hole, text_class) if hole else b"(" + text_class + b")")
        if len(after) <= 2 * _ENDS:
            parts.append(re.escape(after))
        else:
            middle = _STEP_OVER % (len(after) - 2 * _ENDS)
            parts.append(re.escape(after[:_ENDS]) + middle + re.escape(after[-_ENDS:]))
    return re.compile(b"".join(parts))


def fits(body: bytes, at: int, template: Template) -> bool:
    """True when the point at `at` is written as `template`."""
    found = _compiled(template).match(body, at)
    if found is None:
        return False
    rebuilt = [b""] * (2 * len(template.pieces) - 1)
    rebuilt[0::2] = template.pieces
    rebuilt[1::2] = found.groups()
    return b"".join(rebuilt) == found.group(0)


def read(body: bytes, template: Template) -> tuple[Run, list[tuple[int, bytes]]] | None:
    """The points of `body` written as `template`, and the text between them that is not
    whitespace (other points: each with the number of template points before it),
    when the body rebuilt from the template, the captured texts and that text
    equals the body byte for byte; else None."""
    pattern = _compiled(template)
    parts = pattern.split(body)  # between, the holes of a point, between, …, between
    width = len(template.pieces)  # a point's holes and the text after it
    points = (len(parts) - 1) // width
    if not points:
        return None
    rebuilt = [b""] * (2 * len(parts) - 1)
    rebuilt[0::2] = parts
    rebuilt[1::2] = template.pieces * points
    if b"".join(rebuilt) != body:
        return None
    texts = {hole: parts[1 + index :: width] for index, hole in enumerate(template.holes) if hole}
    between = parts[0::width]
    others: list[tuple[int, bytes]] = []
    if b"".join(between).strip(_XML_SPACE):
        written = map(bytes.strip, between, repeat(_XML_SPACE))
        others = [(index, between[index]) for index in compress(count(), written)]
    return Run(points, texts), others
