"""What the OpenAPI document says is what the API does: the error statuses listed, a
405's `Allow` header naming every method of the path, integers as integers, strict
booleans and numbers."""

from __future__ import annotations

import orjson
import pytest
from fastapi.testclient import TestClient

from tests.factories import case_document

JSON = {"content-type": "application/json"}


def test_405_allows_every_method_the_path_has(client: TestClient) -> None:
    for method, path, allowed in (
        ("PUT", "/api/people/me/checkins", "GET, HEAD, POST"),
        ("DELETE", "/api/people/me/tests", "GET, HEAD, POST"),
        ("GET", "/api/assess", "POST"),
        ("POST", "/api/health", "GET, HEAD"),
    ):
        response = client.request(method, path)
        assert response.status_code == 405, (method, path)
        assert response.headers["allow"] == allowed, (method, path)
        assert response.json()["error"]["status"] == 405


def test_the_openapi_document_lists_the_error_statuses(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    checkins = paths["/api/people/{person}/checkins"]
    assert {"400", "401", "403", "404", "409", "413", "415", "422", "503"} <= set(
        checkins["post"]["responses"]
    )
    assert {"400", "401", "403", "404", "422"} <= set(checkins["get"]["responses"])
    assert {"400", "403", "413", "415", "422"} <= set(paths["/api/assess"]["post"]["responses"])
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    score = schemas["CheckIn"]["properties"]["morning_stiffness_0_10"]
    assert score == {
        "maximum": 10,
        "minimum": 0,
        "title": "Morning Stiffness 0 10",
        "type": "integer",
    }


@pytest.mark.parametrize(
    ("training", "field", "message"),
    [
        ({"avg_hr": False}, "training[0].avg_hr", "must be a number, got False"),
        ({"distance_km": True}, "training[0].distance_km", "must be a number, got True"),
        ({"start": 0}, "training[0].start", "must be an ISO date and time, got 0"),
        ({"date": 0}, "training[0].date", "must be a date written YYYY-MM-DD, got 0"),
    ],
)
def test_api_assess_is_strict_about_kinds(
    client: TestClient, training: dict[str, object], field: str, message: str
) -> None:
    item = {"date": "2026-11-01", "sport": "run", **training}
    document = case_document(training=[item])
    response = client.post("/api/assess", content=orjson.dumps(document), headers=JSON)
    assert response.status_code == 422
    problems = {p["field"]: p["message"] for p in response.json()["error"]["problems"]}
    assert problems[field] == message


def test_api_assess_takes_3_point_0_as_3_and_refuses_3_point_5(client: TestClient) -> None:
    whole = case_document(symptoms={"pain_0_10": 3.0})
    assert client.post("/api/assess", content=orjson.dumps(whole), headers=JSON).status_code == 200
    half = case_document(symptoms={"pain_0_10": 3.5})
    response = client.post("/api/assess", content=orjson.dumps(half), headers=JSON)
    assert response.status_code == 422
    problem = response.json()["error"]["problems"][0]
    assert (problem["field"], problem["message"]) == (
        "symptoms.pain_0_10",
        "must be an integer 0..10, got 3.5",
    )
