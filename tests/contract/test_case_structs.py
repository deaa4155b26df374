"""The fast decoder's Structs are current, read instants as pydantic does, and need no pydantic.

`contract/case_structs.py` is written from `contract/case.py` by
`case_structs_source.py`; a change to the case document that is not written
through would let the two readings drift apart, so the file is compared with
what the writer makes of today's `case.py`.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

import heelraise.contract
from heelraise.contract import case_structs_source
from heelraise.contract.fast_case import decode_case

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "first-visit.json"
INSTANT = TypeAdapter(dt.datetime)


def test_the_structs_are_written_from_todays_case_document() -> None:
    written = case_structs_source.TARGET.read_text(encoding="utf-8")
    assert written == case_structs_source.source(), (
        "contract/case_structs.py is out of date: run "
        "`python -m heelraise.contract.case_structs_source`"
    )


def test_every_name_the_contract_exports_is_found() -> None:
    assert sorted(heelraise.contract.__all__) == sorted(heelraise.contract._HOME)
    for name in heelraise.contract.__all__:
        assert getattr(heelraise.contract, name) is not None, name


def _case_with_start(start: str) -> bytes:
    return (
        '{"as_of": "2026-11-20", "symptoms": {}, "training": [{"date": "2026-11-12",'
        f' "sport": "running", "distance_km": 5, "start": "{start}"}}]}}'
    ).encode()


offsets = st.one_of(
    st.just(""),
    st.just("Z"),
    st.builds(
        lambda sign, hours, minutes: f"{sign}{hours:02d}:{minutes:02d}",
        st.sampled_from("+-"),
        st.integers(0, 23),
        st.integers(0, 59),
    ),
)
fractions = st.one_of(
    st.just(""),
    st.text("0123456789", min_size=1, max_size=6).map(lambda digits: f".{digits}"),
)


@given(
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2999, 12, 31)),
    fractions,
    offsets,
)
def test_a_plain_instant_is_read_as_pydantic_reads_it(
    when: dt.datetime, fraction: str, offset: str
) -> None:
    text = when.strftime("%Y-%m-%dT%H:%M:%S") + fraction + offset
    fast = decode_case(_case_with_start(text))
    assert fast is not None
    start = fast.training[0].start
    expected = INSTANT.validate_python(text)
    assert start == expected
    assert start is not None and expected.utcoffset() == start.utcoffset()


def test_an_instant_written_another_way_is_left_to_pydantic() -> None:
    for text in ("2026-11-12 07:30:00", "2026-11-12T07:30", "2026-11-12T25:00:00", "1731400000"):
        assert decode_case(_case_with_start(text)) is None, text


def test_a_valid_case_is_read_without_pydantic_or_the_case_dataclasses() -> None:
    probe = (
        "import sys\n"
        "from heelraise.contract.parsing import parse_case_line\n"
        f"case = parse_case_line(open({str(EXAMPLE)!r}, 'rb').read())\n"
        "heavy = ('pydantic', 'heelraise.contract.case')\n"
        "loaded = [m for m in sys.modules if m.startswith(heavy)]\n"
        "print(sorted(set(loaded) - {'heelraise.contract.case_common',"
        " 'heelraise.contract.case_structs'}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True)
    assert done.stdout.decode().strip() == "[]"
