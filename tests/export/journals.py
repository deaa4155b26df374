"""Journals built as a person would build them, from the programme vignettes in ../shared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli.journal_steps import journal_from_case
from tests.conftest import CASES, load_vignette

PROGRAMME_VIGNETTES = ("plateau-after-14-weeks", "rtr-ready")


def vignette_journal(stem: str, folder: Path, name: str = "journal") -> tuple[dict[str, Any], str]:
    """(the case, the database URL) of a journal made by `init --from-case`, each of the
    vignette's check-ins through `checkin`, and `status --json --as-of` its day."""
    case, _expect = load_vignette(CASES / f"{stem}.json")
    url = f"sqlite:///{folder / f'{name}.sqlite3'}"
    journal_from_case(case, folder, "--db", url)
    return case, url
