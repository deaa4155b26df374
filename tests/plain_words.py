"""What no reader should meet: Python reprs anywhere, raw keys in what a patient reads.

`repr_problems` finds `['`, `{'`, `None`, `True`/`False` standing alone and
`datetime.date(`; `raw_key_problems` finds identifiers such as `over_limits`
(a field path or rule id written into the text). For a page,
`page_problems` checks the whole of `<main>` for reprs and raw keys (rule
ids and source keys may sit in `<code>`), and on a patient's page keeps
`<code>` out of the first reading (everything outside the disclosures).
"""

from __future__ import annotations

import re

import lxml.html

REPR = re.compile(r"\['|\{'|\bNone\b|\bTrue\b|\bFalse\b|datetime\.date\(")
RAW_KEY = re.compile(r"\b[a-z]+_[a-z_]+\b")


def repr_problems(text: str) -> list[str]:
    return [_around(text, match) for match in REPR.finditer(text)]


def raw_key_problems(text: str) -> list[str]:
    return [_around(text, match) for match in RAW_KEY.finditer(text)]


def _around(text: str, match: re.Match[str]) -> str:
    start, end = max(0, match.start() - 40), min(len(text), match.end() + 40)
    return " ".join(text[start:end].split())


def _words(element: lxml.html.HtmlElement) -> str:
    """The element's text, each piece apart (so `<dt>` and `<dd>` never run together)."""
    return " ".join(" ".join(element.itertext()).split())


def page_problems(html: str, *, patient: bool) -> list[str]:
    """Reprs anywhere in `<main>`; raw keys anywhere but in `<code>` (rule ids, source
    keys) and charts; for a patient's page, no `<code>` and no raw key in the first
    reading (outside disclosures, their summaries excepted)."""
    main = lxml.html.fromstring(html).xpath("//main")[0]
    for hidden in main.xpath(".//script | .//style"):
        hidden.drop_tree()
    problems = [f"repr: {found}" for found in repr_problems(_words(main))]
    for chart in main.xpath(".//*[local-name()='svg']"):
        chart.drop_tree()
    if patient:
        first = _copy(main)
        for details in first.xpath(".//details"):
            for child in details:
                if child.tag != "summary":
                    child.drop_tree()
        problems += [f"code in the first reading: {_words(c)}" for c in first.xpath(".//code")]
    words = _copy(main)
    for code in words.xpath(".//code"):
        code.drop_tree()
    problems += [f"raw key: {found}" for found in raw_key_problems(_words(words))]
    return problems


def _copy(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    copied: lxml.html.HtmlElement = lxml.html.fromstring(lxml.html.tostring(element))
    return copied


# What a person must never read on their own pages (issue 13): a rule id or field path
# (`decision.start`, `triage.severe_pain`, `symptoms.onset`) or a snake_case identifier.
# File names (`runs.csv`), web addresses (`111.nhs.uk`) and "e.g." are words, not ids.
RULE_ID = re.compile(r"\b[a-z_]+\.[a-z_.]+\b")
SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")
_FILE_NAME = re.compile(r"[\w.-]+\.(?:fit|gpx|tcx|csv|zip|gz|txt|json|xml)\b", re.IGNORECASE)
_WEB_ADDRESS = re.compile(r"(?:https?://)?[\w.-]+\.(?:uk|com|org|net|io)\b(?:/\S*)?")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e)\.")


def identifier_problems(text: str) -> list[str]:
    """Rule ids, field paths and snake_case identifiers in text a person reads."""
    words = _ABBREVIATIONS.sub(" ", _WEB_ADDRESS.sub(" ", _FILE_NAME.sub(" ", text)))
    found = [f"rule id or field path: {_around(words, m)}" for m in RULE_ID.finditer(words)]
    found += [f"identifier: {_around(words, m)}" for m in SNAKE_CASE.finditer(words)]
    return found


def first_reading(html: str) -> str:
    """The text of a page's body as it first reads: no scripts, styles or drawings, and
    of a closed disclosure only its summary (what `innerText` gives in a browser)."""
    body = lxml.html.fromstring(html)
    found = body.xpath("//body")
    root = _copy(found[0]) if found else _copy(body)
    for hidden in root.xpath(
        ".//script | .//style | .//template | .//*[local-name()='svg'] | .//*[@hidden]"
    ):
        hidden.drop_tree()
    for details in root.xpath(".//details[not(@open)]"):
        for child in details:
            if child.tag != "summary":
                child.drop_tree()
    return _words(root)


def patient_page_problems(html: str) -> list[str]:
    """Python reprs, rule ids and identifiers in the first reading of a patient's page."""
    text = first_reading(html)
    return [f"repr: {found}" for found in repr_problems(text)] + identifier_problems(text)
