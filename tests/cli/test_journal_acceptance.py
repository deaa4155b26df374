"""Acceptance: the journal workflow gives exactly what `assess` gives on the same case.

For every vignette with check-ins (../shared/cases, including ones added
later): `init --from-case`, each check-in through `checkin` flags, then
`status --json --as-of` equals `assess --json` on the whole case — on SQLite
and on a real PostgreSQL server.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.cli.journal_steps import assess_case, deciding, journal_from_case, ok, run
from tests.conftest import load_vignette, vignette_paths


def _with_checkins() -> list[Path]:
    found = [path for path in vignette_paths() if load_vignette(path)[0].get("checkins")]
    assert found, "no vignette has check-ins"
    return found


WITH_CHECKINS = _with_checkins()


def _same(status: dict[str, Any], assessed: dict[str, Any]) -> None:
    assert deciding(status) == deciding(assessed)
    assert status == assessed  # and, beyond the acceptance fields, the whole document


@pytest.mark.parametrize("path", WITH_CHECKINS, ids=lambda path: path.stem)
@pytest.mark.usefixtures("journal_repository")
def test_status_equals_assess_on_sqlite(path: Path, tmp_path: Path) -> None:
    case, _ = load_vignette(path)
    status = journal_from_case(case, tmp_path)
    _same(status, assess_case(case, tmp_path))
    again = ok("status", "--json", "--as-of", case["as_of"])  # idempotent for the day
    assert again.strip() == ok("status", "--json", "--as-of", case["as_of"]).strip()


@pytest.mark.parametrize("path", WITH_CHECKINS, ids=lambda path: path.stem)
def test_status_equals_assess_on_postgres(path: Path, tmp_path: Path, postgres_url: str) -> None:
    case, _ = load_vignette(path)
    where = ("--db", postgres_url, "--person", f"{path.stem}-{uuid.uuid4().hex[:8]}")
    _same(journal_from_case(case, tmp_path, *where), assess_case(case, tmp_path))


@pytest.mark.usefixtures("journal_repository")
def test_every_vignette_sets_up_and_assesses(tmp_path: Path) -> None:
    """Vignettes without check-ins too: `init --from-case` then `status` equals `assess`."""
    for number, path in enumerate(vignette_paths()):
        case, _ = load_vignette(path)
        where = ("--person", f"v{number}")
        _same(journal_from_case(case, tmp_path, *where), assess_case(case, tmp_path))


@pytest.mark.usefixtures("journal_repository")
def test_the_person_must_be_chosen_when_there_are_several(tmp_path: Path) -> None:
    case, _ = load_vignette(WITH_CHECKINS[0])
    journal_from_case(case, tmp_path, "--person", "ann")
    journal_from_case(case, tmp_path, "--person", "bob")
    result = run("status")
    assert result.exit_code != 0
    assert "ann, bob" in str(result.exception)
