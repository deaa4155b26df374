"""`checked.py` judges and words a knowledge table as pydantic does, without pydantic.

The knowledge files' models are `Checked` dataclasses (no pydantic at start-up).
Here one `Checked` class and its pydantic twin, with every kind of field the
knowledge files use, judge the same generated tables: both accept with equal
values, or both refuse with the same problems (place and words), in the same
order. The one difference made on purpose is left out: a quoted number
(`"7"`), which pydantic reads as 7 and `checked.py` refuses.
"""

from __future__ import annotations

from typing import Any, Literal

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from heelraise.knowledge.checked import Checked, CheckFailed, limit, whole

Level = Literal["urgent", "clinician", "caution"]


class Inner(Checked):
    id: str
    sets: int = limit(ge=1, le=10)


class Table(Checked):
    level: Level
    when_unknown: Level | None = None
    weeks: int = limit(gt=0)
    factor: float = limit(ge=0, le=2)
    settled: bool
    text: str = limit(min_length=5)
    names: list[str] = limit(min_length=1)
    phrases: dict[Level, str]
    inner: Inner
    steps: list[Inner] = limit(default_factory=list)
    note: str | None = None
    either: Literal["a"] | Literal["b"] = "a"

    @whole
    def _unknown_not_above(self) -> None:
        if self.when_unknown == "urgent" and self.level != "urgent":
            raise ValueError("when_unknown may not be above level")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Twin:
    """The same models in pydantic (named alike: pydantic's words name the class)."""

    class Inner(_Model):
        id: str
        sets: int = Field(ge=1, le=10)

    class Table(_Model):
        level: Level
        when_unknown: Level | None = None
        weeks: int = Field(gt=0)
        factor: float = Field(ge=0, le=2, allow_inf_nan=False)
        settled: bool
        text: str = Field(min_length=5)
        names: list[str] = Field(min_length=1)
        phrases: dict[Level, str]
        inner: Twin.Inner
        steps: list[Twin.Inner] = Field(default_factory=list)
        note: str | None = None
        either: Literal["a"] | Literal["b"] = "a"

        @model_validator(mode="after")
        def _unknown_not_above(self) -> Twin.Table:
            if self.when_unknown == "urgent" and self.level != "urgent":
                raise ValueError("when_unknown may not be above level")
            return self


Twin.Table.model_rebuild()


VALID: dict[str, Any] = {
    "level": "clinician",
    "weeks": 6,
    "factor": 1.5,
    "settled": True,
    "text": "Rest a day.",
    "names": ["hop"],
    "phrases": {"urgent": "Go now."},
    "inner": {"id": "a", "sets": 3},
}

# Values of every kind a hand-edited TOML file can hold (no quoted numbers).
values = st.sampled_from(
    [
        None, True, False, 0, 1, 2, 11, -1, 0.5, 2.0, 3.5, 1e300, float("inf"), float("nan"),
        "", "abc", "yes", "off", "urgent", "caution", "midportion", "a", "b",
        "Rest a day.", [], ["hop"], ["hop", 3], {}, {"id": "b", "sets": 2},
        {"id": "c", "sets": 0}, {"urgent": "x"}, {"often": "x"}, [{"id": "d", "sets": 4}],
    ]
)  # fmt: skip
places = st.sampled_from([*VALID, "when_unknown", "steps", "note", "either", "extra"])


def _pydantic(data: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "ok", Twin.Table.model_validate(data).model_dump()
    except ValidationError as error:
        return "refused", [(tuple(e["loc"]), e["msg"]) for e in error.errors()]


def _checked(data: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "ok", Table.model_validate(data).model_dump()
    except CheckFailed as failed:
        return "refused", [(tuple(loc), message) for loc, message in failed.problems]


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(places, values, max_size=3), st.sets(st.sampled_from(list(VALID))))
def test_checked_judges_and_words_a_table_as_pydantic(
    changes: dict[str, Any], removed: set[str]
) -> None:
    data = {key: value for key, value in VALID.items() if key not in removed} | changes
    expected = _pydantic(data)
    found = _checked(data)
    assert found[0] == expected[0], (data, found, expected)
    if found[0] == "ok":
        assert found[1] == expected[1]
        assert [type(value) for value in found[1].values()] == [
            type(value) for value in expected[1].values()
        ]
    else:
        assert found[1] == expected[1], data


def test_a_whole_table_check_is_worded_at_the_table() -> None:
    data = VALID | {"when_unknown": "urgent"}
    assert _checked(data) == _pydantic(data)
    assert _checked(data)[1] == [((), "Value error, when_unknown may not be above level")]


def test_a_quoted_number_is_refused_on_purpose() -> None:
    """The one difference: pydantic would read "6" as 6; a knowledge file must say 6."""
    data = VALID | {"weeks": "6"}
    assert _pydantic(data)[0] == "ok"
    kind, problems = _checked(data)
    assert kind == "refused"
    assert problems[0][0] == ("weeks",)
