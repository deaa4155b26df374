"""Exercise illustrations: the SVG each exercise names, kept beside the knowledge files.

The drawings live in `knowledge/illustrations/` rather than in the web app's
static folder because their range marks are clinical content, reviewed with
the exercise's words: "heel below the step" for the off-step exercises, "stop
at neutral" for the floor-level (insertional) ones. Keeping them here lets
the loader check them without importing `web/` (the layers in DESIGN.md);
the web app serves this folder at `/static/exercises/`.

At load every exercise's file must exist and be a small, safe, accessible
SVG: an `<svg>` root in the SVG namespace with `role="img"`, a non-empty
`<title>` and a `viewBox`, no scripts, no foreign objects and no external
references and no DTD, at most `MAX_BYTES` (parsed by lxml with entities,
DTDs and the network off, as `training/xmlsafe.py` does). `scripts/draw_exercises.py` draws them.
"""

from __future__ import annotations

from collections.abc import Callable

from heelraise.errors import KnowledgeError
from heelraise.knowledge.programme_schema import ExercisesFile

FOLDER = "illustrations"
MAX_BYTES = 8 * 1024
SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
FORBIDDEN = frozenset({"script", "foreignObject", "iframe", "image", "use"})


def svg_problem(data: bytes) -> str | None:
    """Why `data` is not an acceptable illustration, or None when it is."""
    if len(data) > MAX_BYTES:
        return f"is {len(data)} bytes; keep an illustration under {MAX_BYTES}"
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return "is not valid SVG here (it declares a DTD or entities)"
    # Imported here: the drawings are checked only when the knowledge is validated, not
    # when a command reads it from the cache (`knowledge/cache.py`), as nearly every one does.
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        return f"is not valid SVG ({error})"
    if root.tag != f"{SVG_NS}svg":
        return "is not valid SVG (the root element is not <svg> in the SVG namespace)"
    if root.get("role") != "img":
        return 'needs role="img" on its <svg> element'
    if not root.get("viewBox"):
        return "needs a viewBox, so it scales to the screen"
    title = root.find(f"{SVG_NS}title")
    if title is None or not (title.text or "").strip():
        return "needs a <title> with words in it"
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments and processing instructions
            continue
        name = element.tag.removeprefix(SVG_NS)
        if name in FORBIDDEN:
            return f"must not hold <{name}>"
        if element.get("href") or element.get(XLINK_HREF):
            return "must not refer to other files"
        if any(str(attribute).startswith("on") for attribute in element.attrib):
            return "must not hold event handlers"
    return None


def check_illustrations(exercises: ExercisesFile, read: Callable[[str], bytes | None]) -> None:
    """Raise `KnowledgeError` for the first exercise whose illustration is missing or bad.

    `read(name)` gives a file's bytes from the illustrations folder, or None when
    there is no such file.
    """
    for index, exercise in enumerate(exercises.exercise):
        key = f"exercise[{index}].illustration"
        data = read(exercise.illustration)
        if data is None:
            raise KnowledgeError(
                "exercises.toml", key, f"{FOLDER}/{exercise.illustration} does not exist"
            )
        problem = svg_problem(data)
        if problem is not None:
            raise KnowledgeError(
                "exercises.toml", key, f"{FOLDER}/{exercise.illustration} {problem}"
            )
