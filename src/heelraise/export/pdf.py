"""HTML to PDF with WeasyPrint: the report's one drawing path (its charts are the pages' SVG).

The metadata is set explicitly — title, author, subject, keywords, generator,
creation and modification dates — so two renders of the same report differ
only in those two dates. WeasyPrint needs Pango and HarfBuzz from the system
(the README says which packages; `scripts/services.sh` installs them); when
they cannot be loaded the error says so instead of a traceback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from heelraise.errors import HeelraiseError

GENERATOR = "heelraise (WeasyPrint)"


@dataclass(frozen=True, slots=True)
class PdfMetadata:
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    created: dt.datetime  # timezone-aware


class PdfUnavailable(HeelraiseError):
    """WeasyPrint or the system libraries it loads (Pango, HarfBuzz) are missing."""


def html_to_pdf(html: str, metadata: PdfMetadata) -> bytes:
    """The HTML document printed as PDF bytes (A4 pages come from its `@page` rules)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: a shared library is missing
        raise PdfUnavailable(
            "the PDF report needs WeasyPrint and the Pango and HarfBuzz libraries "
            f"(on Debian: libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0): {error}"
        ) from None
    document = HTML(string=html, base_url=None).render()
    stamp = metadata.created.isoformat(timespec="seconds")
    info = document.metadata
    info.title = metadata.title
    info.authors = [metadata.author]
    info.description = metadata.subject
    info.keywords = list(metadata.keywords)
    info.generator = GENERATOR
    info.created = stamp
    info.modified = stamp
    pdf: bytes = document.write_pdf()
    return pdf
