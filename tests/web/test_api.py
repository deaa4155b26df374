"""The JSON API: `POST /api/assess` gives `heelraise assess --json`'s assessment, byte for
byte the compact document; invalid cases give 422 naming each field; one error shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from fastapi.testclient import TestClient

from heelraise.app.assessing import assess_data, assessment_json
from tests.conftest import load_vignette, vignette_paths
from tests.factories import case_document


def post_case(client: TestClient, document: object) -> tuple[int, bytes]:
    response = client.post(
        "/api/assess", content=orjson.dumps(document), headers={"content-type": "application/json"}
    )
    return response.status_code, response.content


@pytest.mark.parametrize("path", vignette_paths(), ids=lambda p: p.stem)
def test_api_assessment_equals_the_cli_for_every_vignette(
    client: TestClient, path: Path, tmp_path: Path
) -> None:
    document, _expect = load_vignette(path)
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(document), encoding="utf-8")
    cli = subprocess.run(
        [sys.executable, "-m", "heelraise", "assess", "--json", str(case_file)],
        capture_output=True,
        check=True,
    )
    status, body = post_case(client, document)
    assert status == 200
    assert orjson.loads(body) == orjson.loads(cli.stdout)
    assert body == assessment_json(assess_data(document))  # the exact compact bytes


def test_invalid_case_gives_422_naming_each_field(client: TestClient) -> None:
    document = case_document()
    document["symptoms"]["pain_0_10"] = 14
    document["symptoms"]["popp"] = True
    status, body = post_case(client, document)
    assert status == 422
    error = orjson.loads(body)["error"]
    assert error["status"] == 422
    fields = {problem["field"]: problem["message"] for problem in error["problems"]}
    assert fields["symptoms.pain_0_10"] == "must be an integer 0..10, got 14"
    assert "unknown field" in fields["symptoms.popp"]


def test_bad_json_and_wrong_types_use_the_error_shape(client: TestClient) -> None:
    response = client.post(
        "/api/assess", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert set(response.json()["error"]) == {"status", "message", "problems"}
    status, body = post_case(client, [1, 2])
    assert status == 422
    assert orjson.loads(body)["error"]["problems"][0]["message"].startswith("a case must be")


def test_only_json_is_accepted(client: TestClient) -> None:
    response = client.post("/api/assess", content=b"{}", headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert response.json()["error"]["message"] == "send the body as application/json"


def test_unknown_api_path_is_a_json_404(client: TestClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"error": {"status": 404, "message": "not found", "problems": []}}


def test_health(client: TestClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"


def test_openapi_documents_assess_with_the_contract_schemas(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    operation = document["paths"]["/api/assess"]["post"]
    body_schema = operation["requestBody"]["content"]["application/json"]["schema"]
    ok_schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert body_schema == {"$ref": "#/components/schemas/Case"}
    assert ok_schema == {"$ref": "#/components/schemas/Assessment"}
    schemas = document["components"]["schemas"]
    assert {"Case", "Assessment", "Error", "Symptoms", "Flag"} <= set(schemas)
    assert "422" in operation["responses"]
    # Every $ref in the document resolves.
    text = json.dumps(document)
    for name in {part.split('"')[0] for part in text.split("#/components/schemas/")[1:]}:
        assert name in schemas, name
    # The HTML pages are not part of the API document.
    assert all(path.startswith("/api/") for path in document["paths"])


def test_batch_is_assess_batch_over_http(client: TestClient) -> None:
    good = orjson.dumps(case_document())
    bad = orjson.dumps(case_document(symptoms={"pain_0_10": 14}))
    body = b"\n".join([good, b"", bad, good]) + b"\n"
    response = client.post(
        "/api/assess/batch", content=body, headers={"content-type": "application/x-ndjson"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = response.content.splitlines()
    assert len(lines) == 3
    assert lines[0] == lines[2] == assessment_json(assess_data(case_document()))
    error = orjson.loads(lines[1])
    assert error["line"] == 3
    assert error["problems"] == [
        {"field": "symptoms.pain_0_10", "message": "must be an integer 0..10, got 14"}
    ]


def test_plan_ics_gives_the_week_as_events(client: TestClient) -> None:
    response = client.post(
        "/api/plan.ics",
        content=orjson.dumps(case_document()),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.text.count("BEGIN:VEVENT") >= 3


def test_referrals_and_activities(client: TestClient) -> None:
    referrals = client.get("/api/referrals").json()
    assert referrals["own_file"] is False
    assert {d["level"] for d in referrals["destinations"]} == {"urgent", "clinician", "specialist"}
    assert client.get("/api/activities").json() == []
    bad = client.get("/api/activities?since=yesterday")
    assert bad.status_code == 422
    assert bad.json()["error"]["problems"][0]["field"] == "since"
