"""One default person: the journal names it without importing the importer, and they agree."""

from __future__ import annotations

from heelraise.app import imports, journal


def test_the_journal_and_the_importer_default_to_the_same_person() -> None:
    assert journal.DEFAULT_PERSON == imports.DEFAULT_PERSON
