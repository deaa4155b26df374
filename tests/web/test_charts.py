"""The SVG charts read at a glance on a phone: round ticks with distinct labels, every label
inside the frame and legible at 390 px, years where a range crosses one, stages drawn as
bands, the week's rehab sessions beside runs and sports."""

from __future__ import annotations

import datetime as dt
import itertools

import lxml.etree
import pytest
from hypothesis import given
from hypothesis import strategies as st

from heelraise.app import timeline as course_timeline
from heelraise.app.timeline import StageSpan, Timeline
from heelraise.contract import Spike, WeekLoad
from heelraise.web.chart_axes import (
    CHAR_WIDTH,
    date_labels,
    inside,
    nice_step,
    nice_ticks,
    text_width,
)
from heelraise.web.charts import trend_svg, weekly_load_svg
from heelraise.web.timeline_chart import month_ticks, timeline_svg

SVG = "{http://www.w3.org/2000/svg}"
PHONE_CHART_PX = 390 - 2 * 16  # a 390 px screen less the page's side padding


def week(start: dt.date, km: float, other: int = 0) -> WeekLoad:
    runs = 3 if km else 0
    return WeekLoad(start, km, runs + other, runs, other, km, km * 6, 0.0, km / 3)


WEEKS = [
    week(dt.date(2026, 9, 7) + dt.timedelta(weeks=i), km) for i, km in enumerate([20, 22, 35, 18])
]
SPIKE = Spike("weekly_volume", dt.date(2026, 9, 23), "up 59%", "nielsen-2014", "spike.weekly", True)


def parse(markup: object) -> lxml.etree._Element:
    return lxml.etree.fromstring(str(markup).encode())


def chart(onset: dt.date | None = dt.date(2026, 9, 28)) -> lxml.etree._Element:
    return parse(weekly_load_svg(WEEKS, [SPIKE], onset))


def bars(svg: lxml.etree._Element) -> list[lxml.etree._Element]:
    return [rect for rect in svg.iter(f"{SVG}rect") if rect.get("class", "").startswith("bar")]


def texts(svg: lxml.etree._Element) -> list[lxml.etree._Element]:
    return list(svg.iter(f"{SVG}text"))


def view_width(svg: lxml.etree._Element) -> float:
    return float((svg.get("viewBox") or "").split()[2])


def assert_readable_and_inside(svg: lxml.etree._Element) -> None:
    """Every label is at least 12 CSS px on a phone and lies wholly inside the viewBox."""
    width = view_width(svg)
    scale = PHONE_CHART_PX / width
    for element in texts(svg):
        size = float(element.get("font-size", "0"))
        assert size * scale >= 12, (element.text, size * scale)
        extent = len(element.text or "") * size * CHAR_WIDTH
        x = float(element.get("x", "0"))
        anchor = element.get("text-anchor", "start")
        left = {"start": x, "middle": x - extent / 2, "end": x - extent}[anchor]
        assert left >= 0 and left + extent <= width, (element.text, left, left + extent)
    assert svg.get("preserveAspectRatio")


# -- ticks --------------------------------------------------------------------------------


@pytest.mark.parametrize(("top", "step"), [(0, 1), (7, 2), (35, 10), (120, 50), (0.8, 0.2)])
def test_nice_steps(top: float, step: float) -> None:
    assert nice_step(top) == pytest.approx(step)


@pytest.mark.parametrize(
    ("low", "high", "labels"),
    [
        (0, 0.3, ["0", "0.1", "0.2", "0.3"]),
        (0, 0.17, ["0", "0.05", "0.10", "0.15", "0.20"]),
        (0, 35, ["0", "10", "20", "30", "40"]),
        (0, 10, ["0", "5", "10"]),
        (0, 0, ["0", "0.5", "1.0"]),
        (-3, 7, ["-5", "0", "5", "10"]),
        (2.5, 2.5, ["2.2", "2.4", "2.6", "2.8"]),
    ],
)
def test_ticks_are_round_and_labelled_once(low: float, high: float, labels: list[str]) -> None:
    assert nice_ticks(low, high).labels == labels


finite = st.floats(min_value=-1e5, max_value=1e5, allow_nan=False, allow_infinity=False)


@given(low=finite, high=finite, count=st.integers(min_value=2, max_value=8))
def test_ticks_increase_have_distinct_labels_and_cover_the_data(
    low: float, high: float, count: int
) -> None:
    ticks = nice_ticks(low, high, count)
    values = ticks.values
    assert all(a < b for a, b in itertools.pairwise(values))
    assert len(set(ticks.labels)) == len(ticks.labels)
    assert [float(label) for label in ticks.labels] == sorted(float(x) for x in ticks.labels)
    assert values[0] <= min(low, high) and values[-1] >= max(low, high)
    assert 2 <= len(values) <= count + 3


# -- labels -------------------------------------------------------------------------------


def test_date_labels_carry_the_year_where_the_range_crosses_one() -> None:
    days = [dt.date(2025, 12, 15), dt.date(2025, 12, 29), dt.date(2026, 1, 12)]
    assert date_labels(days) == ["15 Dec 2025", "29 Dec", "12 Jan 2026"]


def test_a_label_at_the_edge_moves_inside_the_frame() -> None:
    label = "5 Dec 2026"
    centre = inside(358, label)
    assert centre + text_width(label) / 2 <= 360
    assert inside(180, label) == 180


# -- the weekly load chart ---------------------------------------------------------------


def test_one_bar_per_week_and_the_spike_week_marked() -> None:
    svg = chart()
    found = bars(svg)
    assert [bar.get("class") for bar in found] == ["bar", "bar", "bar spike", "bar"]
    markers = svg.findall(f"{SVG}path[@class='spike-marker']")
    assert len(markers) == 1
    assert "weekly volume" in markers[0].findtext(f"{SVG}title", "")
    heights = [float(bar.get("height", "0")) for bar in found]
    assert heights.index(max(heights)) == 2


def test_title_and_description_make_it_accessible() -> None:
    svg = chart()
    assert svg.get("role") == "img"
    title_id, desc_id = (svg.get("aria-labelledby") or "").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    description = svg.find(f"{SVG}desc")
    assert description.get("id") == desc_id
    assert "1 week(s) hold a load spike" in description.text
    assert "28 Sep 2026" in description.text


def test_the_onset_line_sits_in_its_week() -> None:
    svg = chart()
    line = svg.find(f"{SVG}line[@class='onset']")
    assert line is not None
    found = bars(svg)
    x = float(line.get("x1", "0"))
    fourth = float(found[3].get("x", "0"))
    assert float(found[2].get("x", "0")) < x <= fourth + float(found[3].get("width", "0"))


def test_no_onset_line_without_an_onset_or_outside_the_weeks() -> None:
    assert chart(None).find(f"{SVG}line[@class='onset']") is None
    assert chart(dt.date(2025, 1, 1)).find(f"{SVG}line[@class='onset']") is None


def test_text_is_escaped() -> None:
    odd = Spike("shoe_change", dt.date(2026, 9, 8), "<b>new</b> & shiny", "x", "y", False)
    parse(weekly_load_svg(WEEKS, [odd]))  # well-formed


def test_no_weeks_is_an_error() -> None:
    with pytest.raises(ValueError, match="no weeks"):
        weekly_load_svg([], [])


def test_a_small_load_has_distinct_axis_labels() -> None:
    tiny = [week(dt.date(2026, 9, 7), 0.3), week(dt.date(2026, 9, 14), 0.1)]
    svg = parse(weekly_load_svg(tiny, []))
    for axis in svg.iter(f"{SVG}g"):
        labels = [t.text for t in axis.iter(f"{SVG}text")]
        assert len(labels) == len(set(labels)) >= 2, labels


@pytest.mark.parametrize("count", [1, 4, 13, 26, 52])
def test_labels_fit_and_read_at_390_px_with_any_number_of_weeks(count: int) -> None:
    start = dt.date(2025, 11, 3)
    weeks = [week(start + dt.timedelta(weeks=i), 10 + i % 7) for i in range(count)]
    onset = weeks[-1].week_start + dt.timedelta(days=6)  # the right edge
    svg = parse(weekly_load_svg(weeks, [], onset))
    assert_readable_and_inside(svg)
    bottom = [t.text or "" for t in texts(svg) if t.get("text-anchor") == "middle"]
    dates = [label for label in bottom if label[:1].isdigit()]
    assert dates and "2025" in dates[0]
    if count >= 13:  # crosses into 2026
        assert any("2026" in label for label in dates[1:])


def test_the_weeks_rehab_sessions_stand_beside_runs_and_sports() -> None:
    weeks = [week(dt.date(2026, 9, 7), 20, other=2), week(dt.date(2026, 9, 14), 0)]
    rehab = {dt.date(2026, 9, 7): 3, dt.date(2026, 9, 14): 5}
    svg = parse(weekly_load_svg(weeks, [], rehab=rehab))
    found = {
        rect.get("class"): rect.findtext(f"{SVG}title")
        for rect in svg.iter(f"{SVG}rect")
        if rect.get("class", "").startswith("count-")
    }
    assert set(found) == {"count-run", "count-other", "count-rehab"}
    titles = [
        rect.findtext(f"{SVG}title") or ""
        for rect in svg.iter(f"{SVG}rect")
        if rect.get("class") == "count-rehab"
    ]
    assert titles == [
        "Week of 07 Sep 2026: 3 rehab session(s) done",
        "Week of 14 Sep 2026: 5 rehab session(s) done",
    ]
    assert "8 rehab session(s) done" in (svg.findtext(f"{SVG}desc") or "")


# -- trends -------------------------------------------------------------------------------


def test_trend_chart_has_one_point_per_result_and_a_target_line() -> None:
    points = [
        (dt.date(2026, 9, 1), 60.0),
        (dt.date(2026, 10, 1), 75.0),
        (dt.date(2026, 11, 1), 92.5),
    ]
    svg = parse(trend_svg(points, title="Heel-rise symmetry", unit="%", y_max=100, target=90))
    circles = svg.findall(f"{SVG}circle")
    assert len(circles) == 3
    ys = [float(c.get("cy", "0")) for c in circles]
    assert ys[0] > ys[1] > ys[2]  # higher values sit higher
    assert svg.find(f"{SVG}line[@class='target']") is not None
    assert "latest 92.5%" in (svg.findtext(f"{SVG}desc") or "")
    assert_readable_and_inside(svg)


def test_a_single_point_trend_is_centred() -> None:
    svg = parse(trend_svg([(dt.date(2026, 9, 1), 50.0)], title="VISA-A", unit="", y_max=100))
    assert len(svg.findall(f"{SVG}circle")) == 1
    assert svg.find(f"{SVG}line[@class='target']") is None


def test_trend_dates_stay_inside_the_frame() -> None:
    points = [(dt.date(2026, 11, 28), 4.0), (dt.date(2026, 12, 5), 5.0)]
    svg = parse(trend_svg(points, title="Pain walking", unit="", y_max=10))
    assert_readable_and_inside(svg)
    dates = [t.text for t in texts(svg) if (t.text or "")[:1].isdigit() and " " in (t.text or "")]
    assert dates == ["28 Nov 2026", "5 Dec"]  # the last one whole, not "05 De"


# -- the timeline -------------------------------------------------------------------------


def course(stages: list[StageSpan]) -> Timeline:
    start = dt.date(2025, 11, 24)
    return Timeline(
        person="anna",
        as_of=dt.date(2026, 2, 20),
        onset=dt.date(2025, 11, 20),
        weekly_km=[(start + dt.timedelta(weeks=i), 10.0 + i) for i in range(12)],
        stiffness=[(dt.date(2026, 1, 5), 4.0), (dt.date(2026, 2, 2), 2.0)],
        pain_walking=[(dt.date(2026, 1, 5), 3.0), (dt.date(2026, 2, 2), 1.0)],
        tests=[course_timeline.TestPoint(dt.date(2026, 1, 20), "visa_a", 60, "VISA-A 60")],
        stages=stages,
    )


def test_stages_are_bands_behind_the_whole_plot() -> None:
    stages = [
        StageSpan("1", dt.date(2025, 12, 1), dt.date(2025, 12, 4)),  # three days: narrow
        StageSpan("2", dt.date(2025, 12, 4), dt.date(2026, 2, 21)),
    ]
    svg = parse(timeline_svg(course(stages)))
    bands = [r for r in svg.iter(f"{SVG}rect") if "stage-band" in r.get("class", "")]
    assert len(bands) == 2
    grid = [
        float(line.get("y1", "0")) for line in svg.iter(f"{SVG}line") if line.get("class") == "grid"
    ]
    for band in bands:
        top, height = float(band.get("y", "0")), float(band.get("height", "0"))
        assert top <= min(grid) and top + height >= max(grid)  # the full height of the plot
    assert float(bands[0].get("height", "0")) > 10 * float(bands[0].get("width", "0"))
    labels = [t.text for t in texts(svg) if t.get("class") == "stage-label"]
    assert labels == ["Stage 2"]  # stage 1 is too narrow to label: the table lists it
    assert_readable_and_inside(svg)


def test_the_timeline_axis_names_both_years() -> None:
    svg = parse(timeline_svg(course([])))
    dates = [
        t.text or "" for t in texts(svg) if (t.text or "")[:1].isdigit() and " " in (t.text or "")
    ]
    assert any("2025" in label for label in dates) and any("2026" in label for label in dates)


def test_month_ticks() -> None:
    assert month_ticks(dt.date(2025, 11, 24), dt.date(2026, 2, 20)) == [
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]
    assert month_ticks(dt.date(2026, 3, 2), dt.date(2026, 3, 20)) == [dt.date(2026, 3, 2)]
