"""Safe, streaming XML for activity files (GPX, TCX).

We use lxml's `iterparse` directly with `resolve_entities=False`,
`no_network=True`, `load_dtd=False` and `huge_tree=False`, and refuse any file
whose document declares a DOCTYPE (internal subset, entities or an external DTD),
wherever it sits in the prolog: the parsed document's `docinfo` is checked at the
first event, so no amount of comment padding before the DOCTYPE hides it (a
byte scan of the first few kilobytes did not). `defusedxml.lxml` is deprecated and offers no
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

_REFUSAL = "declares a DTD or entities, which activity files never need"


def iter_elements(
    data: bytes, source: str, events: tuple[str, ...] = ("end",)
) -> Iterator[tuple[str, etree._Element]]:
    """Yield `(event, element)` pairs; raise `ImportFailed` for unsafe or broken XML.

    Callers clear elements they are done with (see `release`).
    """
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
        checked = False
        for event, element in parser:
            if not checked:
                # A DOCTYPE can only come before the root element, so by the first event
                # the parser has seen any there is; nothing was loaded or resolved.
                if _declares_dtd(element):
                    raise ImportFailed(source, _REFUSAL)
                checked = True
            yield event, element
    except etree.XMLSyntaxError as error:
        message = str(error.msg or error).splitlines()[0] if str(error) else "syntax error"
        raise ImportFailed(source, f"not well-formed XML ({message})") from error


def _declares_dtd(element: etree._Element) -> bool:
    """True when the element's document has a DOCTYPE: internal subset or external DTD."""
    info = element.getroottree().docinfo
    dtds: list[object | None] = [info.internalDTD, info.externalDTD]  # None when absent
    return any(dtd is not None for dtd in dtds) or bool(info.public_id)


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
