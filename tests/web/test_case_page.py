"""Every vignette through the case page: the HTML shows what the assessment holds."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient

from heelraise.app.assessing import assess_data
from tests.conftest import load_vignette, vignette_paths
from tests.web.conftest import csrf_token, parse, texts


@pytest.mark.parametrize("path", vignette_paths(), ids=lambda p: p.stem)
def test_each_vignette_page_shows_its_assessment(client: TestClient, path: Path) -> None:
    document, _expect = load_vignette(path)
    assessment = assess_data(document)
    token = csrf_token(client, "/case")
    response = client.post(
        "/case",
        data={"csrf_token": token},
        files={"file": ("case.json", orjson.dumps(document), "application/json")},
    )
    assert response.status_code == 200
    page = parse(response.text)
    assert texts(page, "//aside[contains(@class, 'notice')]")
    if assessment.pathway == "urgent":  # provenance in one disclosure at the end
        flags = page.xpath("//ul[@class='provenance-list']/li[@class='provenance-flag']")
        assert len(flags) == len(page.xpath("//ul[@class='flags']/li"))
    else:
        flags = page.xpath("//ul[@class='flags']/li")
    shown = [f.xpath(".//code[@class='rule']")[0].text for f in flags]
    if assessment.pathway == "urgent":  # the urgent flags only, each text once
        urgent: dict[str, str] = {}
        for flag in assessment.flags:
            if flag.level == "urgent":
                urgent.setdefault(flag.text, flag.id)
        assert shown == list(urgent.values())
    else:
        assert shown == [flag.id for flag in assessment.flags]
    # The first day's session in full, the other days one row each.
    first = page.xpath("//section[contains(@class, 'todays-session')]")
    rows = page.xpath("//table[@class='week-strip']/tbody/tr")
    if assessment.pathway == "urgent":
        assert page.xpath("//section[contains(@class, 'urgent-page')]")
        assert first == [] and rows == [] and not page.xpath("//*[@data-exercise-id]")
    else:
        assert assessment.plan is not None
        # Days in a row with the same session share a line.
        days = sum(int(row.get("data-days")) for row in rows)
        assert len(first) == 1 and days == len(assessment.plan.sessions) - 1
        cards = first[0].xpath(".//*[@data-exercise-id]")
        assert [card.get("data-exercise-id") for card in cards] == [
            exercise.id for exercise in assessment.plan.sessions[0].exercises
        ]
        spikes = page.xpath("//section[@aria-labelledby='load-h']//li[contains(@class, 'spike')]")
        assert len(spikes) == len(assessment.load.spikes)
        bars = page.xpath("//*[local-name()='rect'][contains(@class, 'bar')]")
        assert len(bars) == len(assessment.load.weeks)
        trends = page.xpath("//*[local-name()='svg'][contains(@class, 'trend')]")
        expected = sum(1 for key in ("visa_a", "heel_rise_symmetry") if key in assessment.measures)
        assert len(trends) == expected
    cited = [li.get("id") for li in page.xpath("//ul[@class='sources']/li")]
    if assessment.pathway == "urgent":  # each item's source behind its "Why?"
        assert cited == []
        assert page.xpath("//section[contains(@class, 'urgent-page')]//code[@class='source']")
    else:
        assert cited == [f"src-{source.id}" for source in assessment.sources]


def test_a_pasted_case_works_and_a_bad_one_names_the_field(client: TestClient) -> None:
    path = vignette_paths()[0]
    document, _expect = load_vignette(path)
    token = csrf_token(client, "/case")
    ok = client.post("/case", data={"csrf_token": token, "case": orjson.dumps(document).decode()})
    assert ok.status_code == 200
    document["symptoms"]["pain_0_10"] = 14
    bad = client.post("/case", data={"csrf_token": token, "case": orjson.dumps(document).decode()})
    assert bad.status_code == 422
    page = parse(bad.text)
    assert texts(page, "//ul[@class='problems']/li") == [
        "symptoms.pain_0_10: must be a whole number from 0 to 10 (you gave 14)"
    ]
    assert '"pain_0_10":14' in page.xpath("//textarea[@name='case']")[0].text
