"""The byte-level fast path shared by the GPX and TCX readers: when it may be taken,
how a document is cut into its track bodies and the rest, and the pieces of the
point grammars.

A GPX or TCX file is mostly track points; everything a summary needs from the
rest (the root, names, sport, lap headers, the device) is a few hundred bytes.
So the fast path cuts every track body (`<trkseg>…</trkseg>`,
`<Track>…</Track>`) out of the document, reads the points of each body with
precompiled regular expressions (`gpx_fast`, `tcx_fast`, `pointshape`,
`pointtemplate`), and
hands the small rest, the *skeleton*, to the same lxml walker the full reader
uses, which takes each body's points as it meets the body's end tag. Both
readers therefore share every rule after the points are read: segments, laps,
the altitude glitch filter and the climb rule, heart rates, plausibility.

When the fast path may try (`scannable`; otherwise lxml reads the file):

- the declaration names UTF-8, ASCII or Latin-1 (or none), and there is no
  UTF-16 or UTF-32 byte-order mark;
- there is no `<!` after the prolog (a DOCTYPE, which the lxml reader
  refuses; a comment or CDATA, which could hide markup from a byte scan; only
  comments before the root element are taken, a writer's banner) and no
  processing instruction after the XML declaration.

What it accepts is well-formed by construction: the skeleton is parsed by
lxml with the reader's own settings (a DOCTYPE, an entity or a syntax error
there sends the file to lxml), and the point grammars accept only ASCII names
and text without `&`, `<` or `>`, end tags naming their start tags, attributes
only where written out, and prefixes only those the root declares. So the
fast path never reads a file the lxml reader would refuse, and never reads a
value the lxml reader would not: it raises `NotScannable` and the caller
falls back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import itertools
import math
import re
from collections.abc import Callable
from operator import attrgetter, itemgetter
from typing import Any, TypeVar, cast

from heelraise.training.common import parse_iso_time

_BOMS_NOT_READ = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00", b"\x00<", b"<\x00")
# The declaration, then whitespace and comments before the root (a writer's banner).
_DECLARATION = re.compile(
    rb"(?:\xef\xbb\xbf)?(<\?xml\s[^>]*\?>)?(?:[ \t\r\n]++|<!--(?:[^-]++|-(?!-))*+-->)*+"
)
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([^"']*)["']""")
_ENCODINGS = frozenset({b"utf-8", b"utf8", b"us-ascii", b"ascii", b"iso-8859-1", b"latin-1"})
_ROOT = re.compile(rb"<([A-Za-z_][\w.:-]*)((?:[ \t\r\n]+[^>]*)?)/?>")
_ATTRIBUTE = re.compile(
    rb"""[ \t\r\n]+([A-Za-z_][\w.:-]*)[ \t\r\n]*=[ \t\r\n]*(?:"[^"<]*"|'[^'<]*')"""
)
_TZINFO = attrgetter("tzinfo")

# Pieces of the point grammars (`gpx_fast`, `tcx_fast`). Everything they accept is
# well-formed XML by construction: ASCII names and text, no `&` or `<` in text, each
# end tag naming its start tag, attributes only where written out, prefixes only
# those the root declares. So a body they accept needs no parser to vouch for it.
WS = rb"[ \t\r\n]*+"
NUMBER = rb"[-+.0-9eE \t\r\n]{0,64}+"  # a number's text (float() reads it, or lxml must)
TIME = rb"[-+.:0-9A-Za-z \t\r\n]{0,64}+"  # a time's text


def capture(name: str, pattern: bytes) -> bytes:
    """`pattern` as the named group `name` (a column of the scan)."""
    return b"(?P<" + name.encode() + b">" + pattern + b")"


def attribute(name: bytes, group: str) -> bytes:
    """` name="number"`, the number captured as `group`."""
    return rb"[ \t\r\n]++" + name + rb'[ \t\r\n]*+=[ \t\r\n]*+"' + capture(group, NUMBER) + rb'"'


_LOCAL = rb"[A-Za-z_][A-Za-z0-9_.-]{0,63}+"
# Printable ASCII but `<` and `&`, and `>` (so never `]]>`, which XML forbids in text).
TEXT = rb"[\t\n\r\x20-\x25\x27-\x3b\x3d\x3f-\x7e]{0,1024}+"
# A namespace name libxml2 takes as a URI for certain (`http://host/path`); any other
# (a `%` escape, a `>`, no scheme) goes to lxml, which may refuse it.
_URI = rb"https?://[A-Za-z0-9.-]{1,253}+(?:/[A-Za-z0-9._~-]{0,255}+){0,32}+"
_DEFAULT_NAMESPACE = rb'(?:[ \t\r\n]++xmlns[ \t\r\n]*+=[ \t\r\n]*+"' + _URI + rb'")?'


class Grammar:
    """Element patterns for one set of declared prefixes. `read` names the local names
    a reader reads anywhere in a point (or that would change what it reads): no leaf
    or container may carry one, so each can appear only where its pattern says."""

    def __init__(self, declared: frozenset[bytes], read: bytes) -> None:
        self.prefix = prefix_pattern(declared)
        self._not_read = rb"(?!" + self.prefix + rb"(?:" + read + rb")(?![A-Za-z0-9_.:-]))"
        self._groups = itertools.count()

    def _name(self) -> tuple[bytes, bytes]:
        """A fresh named group for an element name, and its back-reference."""
        group = b"n%d" % next(self._groups)
        pattern = rb"(?P<" + group + rb">" + self.prefix + _LOCAL + rb")"
        return pattern, rb"(?P=" + group + rb")"

    def leaf(self) -> bytes:
        """One element holding text only (or empty), not one the reader reads."""
        name, same = self._name()
        return (
            rb"<"
            + self._not_read
            + name
            + WS
            + rb"(?:/>|>"
            + TEXT
            + rb"</"
            + same
            + WS
            + rb">)"
            + WS
        )

    def container(self, inner: bytes = b"") -> bytes:
        """One element holding leaves (optionally one `inner` among them), not one the
        reader reads; it may declare a default namespace (`<TPX xmlns="…">`)."""
        name, same = self._name()
        content = rb"(?:" + self.leaf() + rb")*+"
        if inner:
            content += inner + rb"(?:" + self.leaf() + rb")*+"
        return (
            rb"<"
            + self._not_read
            + name
            + _DEFAULT_NAMESPACE
            + WS
            + rb">"
            + WS
            + content
            + rb"</"
            + same
            + WS
            + rb">"
            + WS
        )


class NotScannable(Exception):
    """The fast path cannot vouch for this document: read it with lxml instead."""


def scannable(data: bytes) -> bool:
    """True when the fast path may try these bytes (see the module docstring)."""
    if data[:2] in _BOMS_NOT_READ:
        return False
    prolog = _DECLARATION.match(data)
    declaration = prolog.group(1) if prolog else None
    if declaration:
        encoding = _ENCODING.search(declaration)
        if encoding and encoding.group(1).lower() not in _ENCODINGS:
            return False
    start = prolog.end() if prolog else 0
    # `!` and `?` are rare in activity files: memchr finds them at GB/s.
    if data.find(b"!", start) >= 0 and data.find(b"<!", start) >= 0:
        return False
    return data.find(b"?", start) < 0 or data.find(b"<?", start) < 0


def declared_prefixes(data: bytes) -> frozenset[bytes]:
    """The namespace prefixes the root element declares, as `xmlns:p="…"` attributes
    (a root tag it cannot read declares none: the body then errs to lxml)."""
    root = _ROOT.search(data)
    if root is None:
        return frozenset()
    names = _ATTRIBUTE.findall(root.group(2) or b"")
    return frozenset(name[6:] for name in names if name.startswith(b"xmlns:"))


def prefix_pattern(declared: frozenset[bytes]) -> bytes:
    """A regular expression for an optional declared prefix (`(?:(?:ns3|xsi):)?`)."""
    if not declared:
        return b""
    known = b"|".join(re.escape(prefix) for prefix in sorted(declared))
    return rb"(?:(?:" + known + rb"):)?"


@functools.lru_cache(maxsize=8)
def _closing(tag: bytes) -> re.Pattern[bytes]:
    """The end tag's pattern (the engine finds it faster than `bytes.find` does)."""
    return re.compile(b"</" + re.escape(tag) + b">")


def cut_bodies(data: bytes, tag: bytes) -> tuple[bytes, list[bytes]]:
    """(skeleton, bodies): every `<tag>…</tag>` body taken out, in document order.

    The skeleton keeps each element as `<tag></tag>`, so a walker meets its end
    tag where the body was; an empty `<tag/>` gives an empty body. Raises
    `NotScannable` for a form it does not know (attributes, nesting).
    """
    opening = b"<" + tag
    closing = _closing(tag)
    width = len(opening)
    pieces: list[bytes] = []
    bodies: list[bytes] = []
    position = 0
    while (found := data.find(opening, position)) >= 0:
        after = data[found + width : found + width + 2]
        if after[:1] == b">":
            body_start = found + width + 1
            closed = closing.search(data, body_start)
            if closed is None:  # a nested start tag ends up in a body, which fails its grammar
                raise NotScannable(f"<{tag.decode()}> not closed")
            end = closed.start()
            pieces.append(data[position:body_start])
            bodies.append(data[body_start:end])
            position = end
        elif after == b"/>":
            pieces.append(data[position : found + width + 2])
            bodies.append(b"")
            position = found + width + 2
        else:
            raise NotScannable(f"<{tag.decode()}…> in a form the fast path does not read")
    pieces.append(data[position:])
    return b"".join(pieces), bodies


def numbers(column: list[bytes]) -> list[float | None]:
    """Captured number texts → floats; an empty or blank text is no value (as in the
    lxml reader). Raises `NotScannable` for text `float` refuses (the lxml reader
    then names the line)."""
    try:
        if b"" not in column:
            return list(map(float, column))
        return _with_gaps(column, list(map(float, filter(None, column))))
    except ValueError:
        pass
    values: list[float | None] = []
    for text in column:
        stripped = text.strip()
        if not stripped:
            values.append(None)
            continue
        try:
            values.append(float(stripped))
        except ValueError:
            raise NotScannable("a number the fast path cannot read") from None
    return values


# A text of `NUMBER` that `float` reads, or blank: then many, NUL between them.
_NUMBER_TEXT = (
    rb"[ \t\r\n]*+(?:[-+]?+(?:[0-9]++(?:\.[0-9]*+)?+|\.[0-9]++)(?:[eE][-+]?+[0-9]++)?+"
    rb"[ \t\r\n]*+)?+"
)
_NUMBER_TEXTS = re.compile(_NUMBER_TEXT + rb"(?:\x00" + _NUMBER_TEXT + rb")*+")
# The usual texts (`-12.345` or empty), half as fast again to check.
_DECIMAL_TEXTS = re.compile(rb"(?:-?[0-9]++\.[0-9]++\x00|\x00)*+(?:-?[0-9]++\.[0-9]++)?+")


def check_numbers(column: list[bytes]) -> None:
    """Raise `NotScannable` unless every captured text is blank or a number `float`
    reads, without reading them (`numbers` reads them when they are needed)."""
    if not column:
        return
    texts = b"\x00".join(column)
    if _DECIMAL_TEXTS.fullmatch(texts) is None and _NUMBER_TEXTS.fullmatch(texts) is None:
        raise NotScannable("a number the fast path cannot read")


def moments(column: list[bytes]) -> list[dt.datetime | None]:
    """Captured time texts → aware datetimes (`common.parse_iso_time`, naive as UTC);
    an empty or blank text is no time. Raises `NotScannable` for a bad time."""
    given = list(filter(None, column))
    try:
        texts = b"\x00".join(given).decode("ascii").split("\x00") if given else []
    except UnicodeDecodeError:
        raise NotScannable("a time that is not ASCII") from None
    try:
        parsed: list[dt.datetime] = list(map(dt.datetime.fromisoformat, texts))
    except ValueError:
        pass
    else:
        if None not in map(_TZINFO, parsed):
            return _with_gaps(column, parsed)
    values: list[dt.datetime | None] = []
    for text in column:
        stripped = text.strip().decode("ascii")
        if not stripped:
            values.append(None)
            continue
        try:
            values.append(parse_iso_time(stripped))
        except ValueError:
            raise NotScannable("a time the fast path cannot read") from None
    return values


ValueT = TypeVar("ValueT")


def _with_gaps(column: list[bytes], values: list[ValueT]) -> list[ValueT | None]:
    """`values`, read from the column's non-empty texts, with None where a text is empty:
    by stretches of values when empty texts are few, else value by value."""
    size = len(column)
    if len(values) == size:
        return cast(list[ValueT | None], values)
    out: list[ValueT | None] = [None] * size
    if size - len(values) > size // 8:  # many empty texts: each value to its place
        placed = itertools.compress(itertools.count(), column)
        for index, value in zip(placed, values, strict=True):
            out[index] = value
        return out
    taken = 0  # values placed so far
    start = 0  # where the next stretch of non-empty texts begins
    while start < size:
        try:
            gap = column.index(b"", start)
        except ValueError:
            gap = size
        out[start:gap] = values[taken : taken + gap - start]
        taken += gap - start
        # The next non-empty text after the gap (C walks the empty ones).
        after = map(column.__getitem__, range(gap, size))
        start = next(itertools.compress(itertools.count(gap), after), size)
    return out


Rows = tuple[re.Pattern[bytes], list[tuple[bytes, ...]]]


def column(found: Rows, name: str) -> list[bytes]:
    """One named column of the rows (empty texts for a group the pattern lacks)."""
    pattern, rows = found
    index = pattern.groupindex.get(name)
    if index is None:
        return [b""] * len(rows)
    return list(map(itemgetter(index - 1), rows))


@dataclasses.dataclass(frozen=True, slots=True)
class Run:
    """The texts captured from a run of consecutive points, by column name: as columns
    already (`texts`), or as the rows of a pattern's matches (`rows`)."""

    count: int
    texts: dict[str, list[bytes]] = dataclasses.field(default_factory=dict)
    rows: Rows | None = None

    @classmethod
    def of_rows(cls, found: Rows) -> Run:
        return cls(len(found[1]), rows=found)

    def column(self, name: str) -> list[bytes]:
        """One named column (empty texts for a column the run lacks)."""
        if self.rows is not None:
            return column(self.rows, name)
        found = self.texts.get(name)
        return [b""] * self.count if found is None else found

    def named(self, name: str) -> bool:
        """True when the run has a column of this name."""
        return name in (self.rows[0].groupindex if self.rows is not None else self.texts)

    def part(self, start: int, end: int) -> Run:
        """Points `start` to `end` of a run of columns."""
        texts = {name: found[start:end] for name, found in self.texts.items()}
        return Run(end - start, texts)


def columns(runs: list[Run], *names: str) -> list[list[bytes]]:
    """The named columns of runs of points, run after run (empty texts for a column a
    run lacks)."""
    if len(runs) == 1:
        return [runs[0].column(name) for name in names]
    chain = itertools.chain.from_iterable
    return [list(chain(run.column(name) for run in runs)) for name in names]


def amounts(values: list[float | None]) -> list[float | None]:
    """Times or distances as the readers take them: finite and zero or more, else None
    (the whole list at once when every one is: the usual case, checked in C)."""
    if None not in values:
        found = cast(list[float], values)
        if not found or (math.isfinite(sum(found)) and min(found) >= 0.0):
            return values
    return [value if value is not None and 0.0 <= value < math.inf else None for value in values]


ColumnsT = TypeVar("ColumnsT", bound=tuple[list[Any], ...])


def scan_tracks(
    data: bytes, tag: bytes, read_body: Callable[[bytes, frozenset[bytes]], ColumnsT]
) -> tuple[bytes, list[ColumnsT]] | None:
    """(skeleton, each `<tag>` body's points) when the fast path can read the file, else
    None: the bodies are cut out and each read by `read_body` (with the namespace
    prefixes the root declares), which raises `NotScannable` for anything it can't."""
    if not scannable(data):
        return None
    try:
        skeleton, bodies = cut_bodies(data, tag)
        declared = declared_prefixes(data)
        return skeleton, [read_body(body, declared) for body in bodies]
    except NotScannable:
        return None


def join_columns(pieces: list[ColumnsT]) -> ColumnsT:
    """The columns of a body read a slice at a time, put back together."""
    if len(pieces) == 1:
        return pieces[0]
    width = len(pieces[0])
    return cast(
        ColumnsT, tuple([value for piece in pieces for value in piece[i]] for i in range(width))
    )
