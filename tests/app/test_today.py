"""Check-ins through `app.today`: stored with the day's assessment; simultaneous posts
for the same day (a double click) give one row, never a server error."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson
import pytest

from heelraise.app.journal import close_kept, keep_open
from heelraise.app.onboarding import init_from_case
from heelraise.app.today import check_in, recorded, today_for
from heelraise.errors import CheckInExists
from tests.factories import case_document


def _journal(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'j.sqlite3'}"
    init_from_case(url, "p", orjson.dumps(case_document()))
    return url


@pytest.mark.usefixtures("journal_repository")
def test_a_checkin_is_stored_with_the_days_assessment(tmp_path: Path) -> None:
    url = _journal(tmp_path)
    fields = {"date": "2026-11-21", "morning_stiffness_0_10": 2, "pain_walking_0_10": 1}
    day, replaced, assessed = check_in(url, "p", fields)
    assert (day, replaced) == (dt.date(2026, 11, 21), False)
    assert assessed is not None
    assert assessed.assessment.as_of == day
    view = today_for(url, "p", day)
    assert view.checked_in_today
    assert view.next_checkin == day + dt.timedelta(days=1)


def test_simultaneous_checkins_for_one_day_give_one_row(tmp_path: Path) -> None:
    url = _journal(tmp_path)
    keep_open(url)
    try:
        fields = {"date": "2026-11-21", "morning_stiffness_0_10": 2, "pain_walking_0_10": 1}

        def post(replace: bool) -> str:
            try:
                check_in(url, "p", fields, replace=replace)
            except CheckInExists:
                return "exists"
            return "stored"

        with ThreadPoolExecutor(8) as pool:
            replacing = list(pool.map(post, [True] * 16))
            asking = list(pool.map(post, [False] * 16))
        assert replacing == ["stored"] * 16
        assert asking == ["exists"] * 16
        assert len(recorded(url, "p")[0]) == 1
    finally:
        close_kept(url)
