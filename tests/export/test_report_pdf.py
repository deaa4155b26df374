"""The clinical report as PDF: from a programme vignette's journal it starts with %PDF, holds
the latest VISA-A score, the heel-rise symmetry, the stage and the pathway, fits two A4 pages,
and two renders differ in nothing but their creation and modification dates."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from heelraise.web.report import report_pdf
from tests.cli.journal_steps import ok
from tests.export.journals import PROGRAMME_VIGNETTES, vignette_journal


def _text(pdf: bytes) -> tuple[str, int, PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages), reader


@pytest.mark.parametrize("stem", PROGRAMME_VIGNETTES)
def test_the_report_holds_what_the_physio_needs_on_two_pages(stem: str, tmp_path: Path) -> None:
    case, url = vignette_journal(stem, tmp_path)
    target = tmp_path / "report.pdf"
    ok("report", "--pdf", str(target), "--as-of", case["as_of"], "--db", url)
    pdf = target.read_bytes()
    assert pdf.startswith(b"%PDF")
    text, pages, reader = _text(pdf)
    assert pages <= 2
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (595.3, 841.9)
    tests = case["tests"]
    visa = [t for t in tests if t["kind"] == "visa_a"]
    if visa:
        assert f"{visa[-1]['score']}/100" in text
    rise = [t for t in tests if t["kind"] == "heel_rise"][-1]
    symmetry = round(100 * rise["affected_reps"] / rise["other_reps"], 1)
    assert f"{symmetry:g}% symmetry" in text
    status = json.loads(ok("status", "--json", "--as-of", case["as_of"], "--db", url))
    assert f"Stage {status['stage']}" in text
    pathway = {"specialist": "Specialist review", "self_manage": "Self-management"}
    assert pathway[status["pathway"]] in text
    assert "Return to running" in text and "Sources" in text
    assert "doi:10." in text
    assert "information and self-management support, not a diagnosis" in text


def test_two_renders_differ_only_in_their_dates(tmp_path: Path) -> None:
    """Same creation date: the same bytes. Another date: the same pages (their content
    streams and text) and the same metadata but for /CreationDate and /ModDate (the PDF
    keeps them in a compressed object stream, so the bytes around them differ too)."""
    case, url = vignette_journal("plateau-after-14-weeks", tmp_path)
    day = dt.date.fromisoformat(case["as_of"])
    monday = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    first = report_pdf(url, None, day, created=monday)[1]
    assert report_pdf(url, None, day, created=monday)[1] == first
    again = report_pdf(url, None, day, created=dt.datetime(2026, 12, 2, 17, 30, tzinfo=dt.UTC))[1]
    assert first != again
    one, other = PdfReader(io.BytesIO(first)), PdfReader(io.BytesIO(again))
    assert len(one.pages) == len(other.pages)
    for page, same in zip(one.pages, other.pages, strict=True):
        assert page.get_contents().get_data() == same.get_contents().get_data()  # type: ignore[union-attr]
        assert page.extract_text() == same.extract_text()
    assert one.metadata is not None and other.metadata is not None
    dates = {"/CreationDate", "/ModDate"}
    assert {k: v for k, v in one.metadata.items() if k not in dates} == {
        k: v for k, v in other.metadata.items() if k not in dates
    }
    assert str(one.metadata["/CreationDate"]).startswith("D:20261201090000")
    assert str(other.metadata["/ModDate"]).startswith("D:20261202173000")
    assert str(one.metadata.title).startswith("heelraise report: Reference ")


def test_pseudonymous_unless_a_name_is_added(tmp_path: Path) -> None:
    case, url = vignette_journal("rtr-ready", tmp_path, name="anna")
    day = dt.date.fromisoformat(case["as_of"])
    text, _pages, _reader = _text(report_pdf(url, None, day)[1])
    assert "Reference " in text and "pseudonymous" in text
    named, _pages, _reader = _text(report_pdf(url, None, day, name="Anna Smith")[1])
    assert "Anna Smith" in named and "pseudonymous" not in named
    assert "Return to running: criteria met" in text
