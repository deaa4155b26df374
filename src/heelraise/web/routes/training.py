"""The training view: upload activity files or exports, see weekly load and spikes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse

from heelraise.app.imports import ImportReport, import_paths
from heelraise.app.questionnaire import today
from heelraise.app.training_load import training_load
from heelraise.errors import InvalidInput, Problem
from heelraise.web.charts import training_chart
from heelraise.web.deps import CsrfChecked, OwnPersonDep, SettingsDep, SignedIn, TemplatesDep
from heelraise.web.settings import WebSettings
from heelraise.web.templating import Templates, is_htmx

router = APIRouter(
    prefix="/training",
    tags=["pages"],
    include_in_schema=False,
    dependencies=[SignedIn, CsrfChecked],
)
UPLOAD_PATH = "/training/upload"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _onset(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        problem = Problem("onset", f"must be a date written YYYY-MM-DD, got {value!r}")
        raise InvalidInput([problem]) from None
    if day > today():
        raise InvalidInput([Problem("onset", f"{day} is in the future")])
    return day


def _page(
    request: Request,
    templates: Templates,
    settings: WebSettings,
    person: str,
    onset: dt.date | None,
    report: ImportReport | None = None,
) -> str:
    load = training_load(settings.database_url, person, today(), onset)
    chart = training_chart(load)
    name = "_training.html" if is_htmx(request) else "training.html"
    return templates.page(
        request, name, title="Training load", load=load, chart=chart, report=report, onset=onset
    )


@router.get("", response_class=HTMLResponse)
def training(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    person: OwnPersonDep,
    onset: Annotated[str | None, Query(description="When the pain began (YYYY-MM-DD)")] = None,
) -> str:
    return _page(request, templates, settings, person, _onset(onset))


@router.post("/upload", response_class=HTMLResponse)
def upload(
    request: Request,
    templates: TemplatesDep,
    settings: SettingsDep,
    person: OwnPersonDep,
    files: Annotated[list[UploadFile], File(description="FIT, GPX, TCX, CSV or zip exports")],
    onset: Annotated[str | None, Form()] = None,
) -> str:
    with tempfile.TemporaryDirectory(prefix="heelraise-upload-") as folder:
        root = Path(folder)
        for index, item in enumerate(files):
            with (root / f"{index:04d}-{safe_upload_name(item.filename)}").open("wb") as out:
                shutil.copyfileobj(item.file, out, length=1024 * 1024)
        report = import_paths([root], settings.database_url, person)
    page = _page(request, templates, settings, person, _onset(onset), _relative(report, root))
    return page


def safe_upload_name(filename: str | None) -> str:
    """A browser-given file name reduced to safe characters (never a path)."""
    base = _UNSAFE_NAME.sub("_", Path(filename or "upload").name).lstrip(".")
    return base or "upload"


def _relative(report: ImportReport, root: Path) -> ImportReport:
    """The report with the temporary folder taken out of each file name."""
    prefix = str(root) + "/"
    for index, item in enumerate(report.skipped):
        report.skipped[index] = item._replace(source=item.source.replace(prefix, ""))
    return report
