"""Reading a track body's points fast: by templates, else by a pattern made from the
shapes of its own points, else by the full grammar.

The full point grammars (`gpx_fast`, `tcx_fast`) accept every point shape they
know, but pay for it: alternatives to try and back-references at every
element (35–75 MB/s). Real files repeat one shape, or a few (a point without
heart rate, a first point without a position), and write every point of a
shape alike, indentation and all.

So `read_rows` first reads a body by the *template* of the point halfway
through (`pointtemplate`: the point's markup as written, its values as holes;
one remembered from an earlier body when the point fits it exactly). The text
the template's points leave between them that is not whitespace is points
written otherwise: each such stretch is read the same way in its turn, by the
template of its own middle point, down to `TEMPLATE_DEPTH` templates, else by
its shapes. A template that leaves more than one stretch in `RUN_POINTS`
points is not taken (one from a quarter or three quarters through is tried).

Otherwise the shapes: up to `SAMPLES` points spread over the body, each
checked against the full grammar, their shapes merged (the same elements in
the same order, each element optional, the union of the samples' elements)
into one plain pattern: literal markup, whitespace classes, and a captured
text class where a value sits (150–400 MB/s). That pattern accepts a subset of
what the grammar does. When the body has exactly as many tags as points of the
whole shape, the same shape with every element required (no optional groups:
about twice as fast) reads it first. Whether a pattern read the whole body is
checked by counting, not by a slow catch-all alternative: each element of the
shape captures its `<` when present (a one-byte marker), so the tags the rows
account for can be added up; the body's own tag count must equal it, every
point must give a row, and the text after each point (up to the next tag) must
be whitespace. When any of that fails, the full grammar reads the body instead
(and when even it leaves a character unread, the file goes to lxml). A body is
read `SLICE_BYTES` at a time, cut before a point.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterator

from heelraise.training import pointtemplate
from heelraise.training.xmlscan import (
    NUMBER,
    TEXT,
    TIME,
    WS,
    NotScannable,
    Rows,
    Run,
    capture,
    column,
)

SAMPLES = 16
RUN_POINTS = 16  # at most one stretch of other points in this many read by templates
TEMPLATE_DEPTH = 4  # templates tried one inside another's stretches, at most
SLICE_BYTES = 4 * 1024**2  # a body is read this much at a time: rows stay small
GroupFor = Callable[[tuple[bytes, ...]], "str | None"]
_TOKEN = re.compile(rb"(<[^>]*>)")
_VALUE_PATTERNS = {"time": TIME}


@dataclasses.dataclass
class _Element:
    """One element of a point's shape: its start tag as written, its local name, its
    children, whether it holds text, whether it is written `<x/>`, its end tag."""

    start: bytes
    local: bytes
    children: list[_Element] = dataclasses.field(default_factory=list)
    text: bool = False
    closed: bool = False
    end: bytes = b""


Key = tuple[bytes, ...]


def _key(point: bytes) -> Key:
    """A point's shape as a key: its tags as written (the point's own start tag, which
    holds values, left out), `#` where it holds text, whitespace left out."""
    tokens = [token for token in _TOKEN.split(point) if token.strip(b" \t\r\n")]
    return tuple(token if token.startswith(b"<") else b"#" for token in tokens[1:])


def _shape(key: Key) -> _Element:
    """The shape of one point (from its key)."""
    root = _Element(b"", b"")
    stack = [root]
    for token in key:
        if not token.startswith(b"<"):
            stack[-1].text = True
        elif token.startswith(b"</"):
            stack.pop().end = token
        else:
            name = token[1:].split(None, 1)[0].rstrip(b"/>")
            element = _Element(token, name.rpartition(b":")[2], closed=token.endswith(b"/>"))
            stack[-1].children.append(element)
            if not element.closed:
                stack.append(element)
    return root


def _merge(first: list[_Element], second: list[_Element]) -> list[_Element]:
    """Both sequences of children in one, order kept: the longest common run of start
    tags is shared (their children merged), the rest interleaved around it."""
    rows, cols = len(first), len(second)
    common = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            if first[i].start == second[j].start and first[i].end == second[j].end:
                common[i][j] = common[i + 1][j + 1] + 1
            else:
                common[i][j] = max(common[i + 1][j], common[i][j + 1])
    merged: list[_Element] = []
    i = j = 0
    while i < rows and j < cols:
        a, b = first[i], second[j]
        if a.start == b.start and a.end == b.end:
            children = _merge(a.children, b.children)
            merged.append(dataclasses.replace(a, children=children, text=a.text or b.text))
            i, j = i + 1, j + 1
        elif common[i + 1][j] >= common[i][j + 1]:
            merged.append(a)
            i += 1
        else:
            merged.append(b)
            j += 1
    return merged + first[i:] + second[j:]


def _pattern(
    root: _Element, start: bytes, group_for: GroupFor, *, exact: bool = False
) -> tuple[bytes, list[int]]:
    """The pattern of a merged shape (`start` for the point's start tag, every element
    optional, each with a marker group `m<k>`), and the tags each marker stands for.
    `exact`: every element required, no markers (a whole-shape body reads twice as
    fast without the optional groups)."""
    own_tags: list[int] = []
    groups: set[str] = set()

    def element(node: _Element, path: tuple[bytes, ...]) -> bytes:
        marker = b"m%d" % len(own_tags)
        own_tags.append(1 if node.closed else 2)
        opening = b"<" if exact else b"(?:(?P<" + marker + b"><)"
        out = opening + re.escape(node.start[1:]) + WS
        if not node.closed:
            out += body(node, path) + re.escape(node.end) + WS
        return out if exact else out + b")?"

    def body(node: _Element, path: tuple[bytes, ...]) -> bytes:
        out = b"".join(element(child, (*path, child.local)) for child in node.children)
        if node.text:
            group = group_for(path) if path else None
            if group is None:
                out += TEXT
            elif group in groups:  # a value twice in one shape: the grammar decides
                raise NotScannable(f"two places for {group}")
            else:
                groups.add(group)
                out += capture(group, _VALUE_PATTERNS.get(group, NUMBER))
        return out

    pattern = start + b">" + WS + body(root, ()) + re.escape(root.end)
    return pattern + WS + capture("gap", rb"[^<]*+"), own_tags


_CLOSED: Key = (b"/>",)  # the key of a point written `<trkpt … />`


@dataclasses.dataclass(frozen=True, slots=True)
class _Patterns:
    """The compiled patterns of one merged shape: `exact` (every element, the point
    having `whole` tags) and `optional` (markers `m<k>` standing for `own_tags`)."""

    exact: re.Pattern[bytes]
    optional: re.Pattern[bytes]
    own_tags: list[int]
    point_tags: int

    @property
    def whole(self) -> int:
        return self.point_tags + sum(self.own_tags)


@functools.lru_cache(maxsize=128)
def _compiled(keys: tuple[Key, ...], start: bytes, group_for: GroupFor) -> _Patterns | None:
    """The compiled patterns of the merged shapes (None when the grammar must decide)."""
    if _CLOSED in keys:
        if len(keys) > 1:
            return None  # points written both ways: the grammar decides
        closed = re.compile(start + b"/>" + WS + capture("gap", rb"[^<]*+"))
        return _Patterns(closed, closed, [], 1)
    shape = _shape(keys[0])
    for key in keys[1:]:
        found = _shape(key)
        children = _merge(shape.children, found.children)
        shape = dataclasses.replace(shape, children=children, text=shape.text or found.text)
    try:
        source, own_tags = _pattern(shape, start, group_for)
        exact, _ = _pattern(shape, start, group_for, exact=True)
    except NotScannable:
        return None
    return _Patterns(re.compile(exact), re.compile(source), own_tags, 2)


def slices(body: bytes, opening: bytes) -> Iterator[bytes]:
    """The body in pieces of about `SLICE_BYTES`, each cut just before a point, so a
    day-long track never has all its rows of texts in memory at once."""
    start = 0
    while len(body) - start > SLICE_BYTES:
        cut = body.find(opening, start + SLICE_BYTES)
        if cut < 0:
            break
        yield body[start:cut]
        start = cut
    yield body[start:] if start else body


def read_rows(
    body: bytes, opening: bytes, grammar: re.Pattern[bytes], start: bytes, group_for: GroupFor
) -> list[Run]:
    """Every point of a body (`opening` starts each) as runs of captured texts: by the
    template of the point halfway through (`pointtemplate`) when it reads all but at
    most one stretch of other points in `RUN_POINTS` points, each such stretch read
    the same way in its turn (or by its shapes); else by the pattern of the sampled
    points' shapes when it reads them all; else by `grammar` (the full grammar, whose
    `stray` group catches anything else). `start` is the pattern of a point's start
    tag up to its `>` or `/>`. Raises `NotScannable` when even the grammar leaves
    text unread."""
    first = body.find(opening)
    if body[:first].strip(b" \t\r\n"):
        raise NotScannable("text before the first point")
    reader = _Reader(opening, grammar, start, group_for)
    runs = reader.by_templates(body, first, TEMPLATE_DEPTH, RUN_POINTS)
    if runs is not None:
        return runs
    return [Run.of_rows(reader.by_shapes(body, first))]


@dataclasses.dataclass(frozen=True, slots=True)
class _Reader:
    """How the points of one kind of body are read: what starts a point, the full
    grammar, the pattern of a point's start tag, the column of each value."""

    opening: bytes
    grammar: re.Pattern[bytes]
    start: bytes
    group_for: GroupFor

    def by_templates(
        self, body: bytes, first: int, depth: int, spread: int | None
    ) -> list[Run] | None:
        """The runs of a body read by the template of its point halfway through (or a
        quarter or three quarters through, when that leaves too many stretches), each
        stretch of points written otherwise read the same way (down to `depth`
        templates) or else by its shapes; None when no template reads a point, or each
        leaves more than one stretch of other points in `spread` points."""
        tried: set[pointtemplate.Template | None] = set()
        for share in (2, 4, 4 / 3):
            at = body.find(self.opening, int(len(body) / share))
            template = _template_at(body, first if at < 0 else at, self)
            if template in tried:
                continue
            tried.add(template)
            found = None if template is None else pointtemplate.read(body, template)
            if found is not None:
                run, others = found
                if spread is None or len(others) * spread <= run.count:
                    return self._with_others(run, others, depth)
        return None

    def _with_others(self, run: Run, others: list[tuple[int, bytes]], depth: int) -> list[Run]:
        """A template's run, cut where other points lie between its points, and those
        read by `by_templates` (or their shapes) in their place."""
        runs: list[Run] = []
        done = 0
        for before, text in others:
            if before > done:
                runs.append(run.part(done, before))
            start = text.find(self.opening)
            if start < 0 or text[:start].strip(b" \t\r\n"):
                raise NotScannable("text between the points")
            inner = self.by_templates(text, start, depth - 1, None) if depth > 1 else None
            runs += inner or [Run.of_rows(self.by_shapes(text, start))]
            done = before
        if done < run.count:
            runs.append(run.part(done, run.count))
        return runs

    def by_shapes(self, body: bytes, first: int) -> Rows:
        """The rows by the pattern of the sampled points' shapes, else by the grammar."""
        return _by_shapes(body, first, self.opening, self.grammar, self.start, self.group_for)


# The templates last made with each grammar (by its id: hashing a pattern hashes its
# text), the grammar kept beside them so that a new one with an old id starts afresh.
_RECENT: dict[int, tuple[re.Pattern[bytes], list[pointtemplate.Template]]] = {}
RECENT_TEMPLATES = 8  # templates remembered per grammar
RECENT_GRAMMARS = 64  # grammars remembered (all forgotten at once past this)


def _template_at(body: bytes, at: int, reader: _Reader) -> pointtemplate.Template | None:
    """The template of the point at `at`, or None when the grammar does not accept it:
    one of the last templates made with the same grammar when the point is written
    as it is (so the grammar accepts it), else made from the point."""
    grammar, recent = _RECENT.get(id(reader.grammar), (None, []))
    if grammar is not reader.grammar:
        if len(_RECENT) >= RECENT_GRAMMARS:
            _RECENT.clear()
        recent = []
        _RECENT[id(reader.grammar)] = reader.grammar, recent
    for index, template in enumerate(recent):
        if pointtemplate.fits(body, at, template):
            if index:
                recent.insert(0, recent.pop(index))
            return template
    sample = reader.grammar.match(body, at)
    if sample is None or sample.group("stray") is not None:
        return None
    made = pointtemplate.template_of(sample.group(0), reader.group_for)
    if made is not None:
        recent.insert(0, made)
        del recent[RECENT_TEMPLATES:]
    return made


def _by_shapes(
    body: bytes,
    first: int,
    opening: bytes,
    grammar: re.Pattern[bytes],
    start: bytes,
    group_for: GroupFor,
) -> Rows:
    """The rows by the pattern of the sampled points' shapes, else by the grammar."""
    keys: dict[Key, None] = {}  # in order of first appearance
    for sample in _samples(body, first, opening, grammar):
        point = sample.group(0)
        keys[_CLOSED if point.endswith(b"/>") else _key(point)] = None
    count = body.count(opening)
    found = _compiled(tuple(keys), start, group_for) if keys else None
    if found is not None:
        tags = body.count(b"<")
        if tags == found.whole * count:  # as many tags as points of the whole shape
            rows = found.exact.findall(body)
            if len(rows) == count and _between(found.exact, rows):
                return found.exact, rows
        rows = found.optional.findall(body)
        if len(rows) == count and _all_read(tags, found, rows):
            return found.optional, rows
    rows = grammar.findall(body)
    if len(rows) != count:
        raise NotScannable("a track holds something besides the points the scan knows")
    return grammar, rows


def _samples(
    body: bytes, first: int, opening: bytes, grammar: re.Pattern[bytes]
) -> list[re.Match[bytes]]:
    """Up to `SAMPLES` points spread over the body, each matched by the full grammar;
    raises `NotScannable` when one is not a point it knows."""
    step = max(1, len(body) // SAMPLES)
    samples = []
    for offset in range(first, len(body), step):
        at = body.find(opening, offset)
        if at < 0:
            break
        sample = grammar.match(body, at)
        if sample is None or sample.group("stray") is not None:
            raise NotScannable("a point has a shape the scan does not know")
        samples.append(sample)
    return samples


def _between(pattern: re.Pattern[bytes], rows: list[tuple[bytes, ...]]) -> bool:
    """True when nothing but whitespace follows each point (up to the next tag)."""
    gaps = column((pattern, rows), "gap")  # the text after a point's whitespace
    return gaps.count(b"") == len(gaps)


def _all_read(tags: int, found: _Patterns, rows: list[tuple[bytes, ...]]) -> bool:
    """True when the rows of the optional pattern account for every one of the body's
    `tags` and nothing but whitespace lies between the points."""
    pattern = found.optional
    if not _between(pattern, rows):
        return False
    # Counted always: a row that holds less can hide a point no row matched (one whose
    # start tag is not `opening`), its tags making up the difference.
    counted = found.point_tags * len(rows)  # each point's own tags
    for number, own in enumerate(found.own_tags):
        counted += own * column((pattern, rows), f"m{number}").count(b"<")
    return counted == tags
