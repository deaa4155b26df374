"""API: what a person brings to their physio — the PDF report and the FHIR R4 bundle.

The person's own, and their assigned clinicians' (`PersonDep`: anyone else gets
403 and nothing is read). Each download is written to the audit log by the use
case (`report.pdf`, `fhir.export`). Both are for today.
"""

from __future__ import annotations

from urllib.parse import quote

import orjson
from fastapi import APIRouter
from fastapi.responses import Response

from heelraise.app.fhir_transfer import FHIR_MEDIA_TYPE, fhir_bundle
from heelraise.web.deps import PersonDep, SettingsDep, SignedIn, TemplatesDep
from heelraise.web.report import report_pdf

router = APIRouter(prefix="/api", tags=["exports"], dependencies=[SignedIn])


def _attachment(file_name: str) -> dict[str, str]:
    return {
        "content-disposition": f'attachment; filename="{file_name}"; '
        f"filename*=UTF-8''{quote(file_name)}",
        "cache-control": "no-store",
    }


@router.get(
    "/people/{person}/report.pdf",
    summary="The clinical report as PDF (A4, at most two pages for a typical course)",
    description="Triage and pathway with flags, the course timeline and training load, "
    "tests, the programme now, return-to-run criteria and sources, for today.",
    response_class=Response,
    responses={200: {"description": "PDF", "content": {"application/pdf": {}}}},
)
def report(person: PersonDep, settings: SettingsDep, templates: TemplatesDep) -> Response:
    file_name, pdf = report_pdf(settings.database_url, person, templates=templates)
    return Response(pdf, media_type="application/pdf", headers=_attachment(file_name))


@router.get(
    "/people/{person}/fhir",
    summary="The journal as a FHIR R4 Bundle (collection)",
    description="Patient (pseudonymous), Condition (provisional), Observations, "
    "Questionnaires and responses, CarePlan and Flags; `heelraise import` reads it back.",
    response_class=Response,
    responses={
        200: {
            "description": "A FHIR R4 Bundle",
            "content": {FHIR_MEDIA_TYPE: {"schema": {"type": "object"}}},
        }
    },
)
def fhir(person: PersonDep, settings: SettingsDep) -> Response:
    _name, bundle = fhir_bundle(settings.database_url, person)
    body = orjson.dumps(bundle, option=orjson.OPT_INDENT_2)
    headers = _attachment(f"heelraise-fhir-{bundle['timestamp'][:10]}.json")
    return Response(body, media_type=FHIR_MEDIA_TYPE, headers=headers)
