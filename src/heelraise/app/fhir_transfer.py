"""Use cases: a person's journal out as a FHIR R4 bundle, and such a bundle back in.

The export reads every record (every triage, the stage history, check-ins,
tests, training) and the day's assessment (made, not stored: `status` stores
it), and is written to the audit log. The import turns the bundle back into
a `heelraise.export/1` document and loads it exactly as `data import` does,
so it is validated completely — every part through the contract — before
anything is written, and written in one transaction, for a person with no
records: `status --json` of the imported journal equals the original's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import orjson

from heelraise.app.engine import current_engine
from heelraise.app.journal import case_from_records, choose_person, open_journal, today
from heelraise.app.transfer import load_export_document
from heelraise.app.visa_a_items import ACTIVITY_ITEM, BRANCHES, SCALE_ITEMS
from heelraise.contract.serialise import assessment_to_json
from heelraise.errors import HeelraiseError
from heelraise.export.fhir import JournalContent, VisaItemText, person_bundle
from heelraise.export.fhir_read import bundle_to_export, looks_like_bundle
from heelraise.store.journal_interface import JournalRepository

FHIR_MEDIA_TYPE = "application/fhir+json"

__all__ = ["FHIR_MEDIA_TYPE", "fhir_bundle", "import_fhir", "is_fhir_bundle", "looks_like_bundle"]


def _visa_items() -> list[VisaItemText]:
    return [
        VisaItemText(item.key, item.text, item.options)
        for item in (*SCALE_ITEMS, ACTIVITY_ITEM, *BRANCHES)
    ]


def journal_content(journal: JournalRepository, name: str, as_of: dt.date) -> JournalContent:
    """What the bundle holds for `name`: every record, and the day's assessment."""
    records = journal.records(name)
    episodes = [
        {
            "recorded_on": episode.recorded_on.isoformat(),
            "person": episode.person,
            "symptoms": episode.symptoms,
            "history": episode.history,
        }
        for episode in journal.episodes(name)
    ]
    assessment: dict[str, Any] | None = None
    engine = current_engine()
    day_records = journal.records(name, as_of)
    if day_records.episode is not None:
        made = engine.assess(case_from_records(day_records, as_of))
        assessment = orjson.loads(assessment_to_json(made))
    return JournalContent(
        pseudonym=journal.pseudonym(name),
        as_of=as_of,
        episodes=episodes,
        stages=[row.to_json() for row in records.stages],
        checkins=records.checkins,
        tests=records.tests,
        training=records.training,
        assessment=assessment,
        visa_items=_visa_items(),
        knowledge_version=engine.knowledge.version,
    )


def fhir_bundle(
    db_url: str | None, person: str | None, as_of: dt.date | None = None
) -> tuple[str, dict[str, Any]]:
    """(whose, the bundle) for the day (default today); the read is audited."""
    day = as_of or today()
    with open_journal(db_url) as journal:
        name = choose_person(journal, person)
        content = journal_content(journal, name, day)
        journal.note_read(name, "fhir.export", day.isoformat())
    return name, person_bundle(content)


def bundle_bytes(bundle: dict[str, Any]) -> bytes:
    """The bundle as indented JSON (same bundle, same bytes)."""
    return orjson.dumps(bundle, option=orjson.OPT_INDENT_2) + b"\n"


def write_fhir(db_url: str | None, person: str | None, as_of: dt.date | None, path: Path) -> str:
    name, bundle = fhir_bundle(db_url, person, as_of)
    try:
        path.write_bytes(bundle_bytes(bundle))
    except OSError as error:
        raise HeelraiseError(f"{path}: cannot write ({error.strerror})") from None
    return name


def is_fhir_bundle(path: Path) -> bool:
    """Whether the file is a FHIR Bundle in JSON (read from its first kilobytes)."""
    try:
        with path.open("rb") as stream:
            head = stream.read(4096)
    except OSError:
        return False
    return looks_like_bundle(head)


def import_fhir(db_url: str | None, text: bytes, person: str) -> tuple[str, dict[str, int]]:
    """Load a bundle into `person`'s (empty) journal; return the name and what was read."""
    document, counts = bundle_to_export(text, person, created_at=_now())
    load_export_document(db_url, document, person)
    return person, counts


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
