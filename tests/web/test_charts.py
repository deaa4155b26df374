"""The weekly load SVG: one bar per week, spikes marked by shape, the onset line placed."""

from __future__ import annotations

import datetime as dt

import lxml.etree
import pytest

from heelraise.contract import Spike, WeekLoad
from heelraise.web.charts import nice_step, trend_svg, weekly_load_svg

SVG = "{http://www.w3.org/2000/svg}"


def week(start: dt.date, km: float) -> WeekLoad:
    return WeekLoad(start, km, 3, 3, 0, km, km * 6, 0.0, km / 2)


WEEKS = [
    week(dt.date(2026, 9, 7) + dt.timedelta(weeks=i), km) for i, km in enumerate([20, 22, 35, 18])
]
SPIKE = Spike("weekly_volume", dt.date(2026, 9, 23), "up 59%", "nielsen-2014", "spike.weekly", True)


def chart(onset: dt.date | None = dt.date(2026, 9, 28)) -> lxml.etree._Element:
    return lxml.etree.fromstring(str(weekly_load_svg(WEEKS, [SPIKE], onset)).encode())


def test_one_bar_per_week_and_the_spike_week_marked() -> None:
    svg = chart()
    bars = svg.findall(f"{SVG}rect")
    assert len(bars) == 4
    classes = [bar.get("class") for bar in bars]
    assert classes == ["bar", "bar", "bar spike", "bar"]
    markers = svg.findall(f"{SVG}path[@class='spike-marker']")
    assert len(markers) == 1
    assert "weekly volume" in markers[0].findtext(f"{SVG}title", "")
    heights = [float(bar.get("height", "0")) for bar in bars]
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
    bars = svg.findall(f"{SVG}rect")
    x = float(line.get("x1", "0"))
    fourth = float(bars[3].get("x", "0"))
    assert float(bars[2].get("x", "0")) < x <= fourth + float(bars[3].get("width", "0"))


def test_no_onset_line_without_an_onset_or_outside_the_weeks() -> None:
    assert chart(None).find(f"{SVG}line[@class='onset']") is None
    assert chart(dt.date(2025, 1, 1)).find(f"{SVG}line[@class='onset']") is None


def test_text_is_escaped() -> None:
    odd = Spike("shoe_change", dt.date(2026, 9, 8), "<b>new</b> & shiny", "x", "y", False)
    text = str(weekly_load_svg(WEEKS, [odd]))
    lxml.etree.fromstring(text.encode())  # well-formed


@pytest.mark.parametrize(("top", "step"), [(0, 1), (7, 2), (35, 10), (120, 50), (0.8, 0.2)])
def test_nice_steps(top: float, step: float) -> None:
    assert nice_step(top) == pytest.approx(step)


def test_no_weeks_is_an_error() -> None:
    with pytest.raises(ValueError, match="no weeks"):
        weekly_load_svg([], [])


def test_trend_chart_has_one_point_per_result_and_a_target_line() -> None:
    points = [
        (dt.date(2026, 9, 1), 60.0),
        (dt.date(2026, 10, 1), 75.0),
        (dt.date(2026, 11, 1), 92.5),
    ]
    svg = lxml.etree.fromstring(
        str(trend_svg(points, title="Heel-rise symmetry", unit="%", y_max=100, target=90)).encode()
    )
    circles = svg.findall(f"{SVG}circle")
    assert len(circles) == 3
    ys = [float(c.get("cy", "0")) for c in circles]
    assert ys[0] > ys[1] > ys[2]  # higher values sit higher
    target = svg.find(f"{SVG}line[@class='target']")
    assert target is not None
    assert "latest 92.5%" in (svg.findtext(f"{SVG}desc") or "")


def test_a_single_point_trend_is_centred() -> None:
    svg = lxml.etree.fromstring(
        str(trend_svg([(dt.date(2026, 9, 1), 50.0)], title="VISA-A", unit="", y_max=100)).encode()
    )
    assert len(svg.findall(f"{SVG}circle")) == 1
    assert svg.find(f"{SVG}line[@class='target']") is None
