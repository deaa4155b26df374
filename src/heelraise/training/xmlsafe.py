"""Safe, streaming XML for activity files (GPX, TCX).

We use lxml's `iterparse` directly with `resolve_entities=False`,
`no_network=True`, `load_dtd=False` and `huge_tree=False`, and refuse any file
that declares a DOCTYPE or ENTITY. `defusedxml.lxml` is deprecated and offers no
`iterparse`, and we need iterparse so a large track is read point by point and
cleared as we go. Together these block entity expansion (billion laughs),
external entities and DTDs (XXE, network access) and pathological depth or
text sizes (libxml2's own limits stay on with `huge_tree=False`). Activity
files never need a DTD, so refusing one loses nothing.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from lxml import etree

from heelraise.errors import ImportFailed

_PROLOG_SCAN_BYTES = 64 * 1024


def iter_elements(
    data: bytes, source: str, events: tuple[str, ...] = ("end",)
) -> Iterator[tuple[str, etree._Element]]:
    """Yield `(event, element)` pairs; raise `ImportFailed` for unsafe or broken XML.

    Callers clear elements they are done with (see `release`).
    """
    prolog = data[:_PROLOG_SCAN_BYTES]
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise ImportFailed(source, "declares a DTD or entities, which activity files never need")
    parser = etree.iterparse(
        io.BytesIO(data),
        events=events,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        yield from parser
    except etree.XMLSyntaxError as error:
        message = str(error.msg or error).splitlines()[0] if str(error) else "syntax error"
        raise ImportFailed(source, f"not well-formed XML ({message})") from error


def release(element: etree._Element) -> None:
    """Free a processed element and its already-processed earlier siblings."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def text_of(element: etree._Element) -> str | None:
    """An element's stripped text, or None when empty."""
    text = element.text
    if text is None:
        return None
    text = text.strip()
    return text or None
