"""Jinja2 pages: one environment, autoescaped, with what every page needs.

Every page gets the intended-purpose notice (base.html shows it in full on
the pages of first use and on reports, `notice_full`, and as a one-line
disclosure elsewhere), the CSRF token for its forms, whether the app runs in
single-user mode, the emergency number for the footer and what the last
action did (`flash`, from the query: `web/flash.py`).
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Any

import jinja2
from starlette.requests import Request

from heelraise.app.reading import (
    call_words,
    citation_of,
    emergency_phone,
    first_sentence,
    next_step_words,
    phone_of,
    plain_date,
    plain_inputs,
    plain_label,
    plain_problem,
    plain_text,
)
from heelraise.app.reading import plain_value as plain
from heelraise.knowledge.loader import default_knowledge
from heelraise.web.flash import flash_message
from heelraise.web.presenting import (
    day_words,
    dose,
    dose_line,
    exercise_picture,
    level_label,
    pathway_label,
    tempo_words,
)

HTMX_VERSION = "2.0.11"


class Templates:
    """Renders the package's templates with the shared page context."""

    def __init__(self, *, single_user: bool) -> None:
        folder = resources.files("heelraise.web").joinpath("templates")
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(folder)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["dose"] = dose
        self.env.filters["dose_line"] = dose_line
        self.env.filters["level_label"] = level_label
        self.env.filters["pathway_label"] = pathway_label
        self.env.filters["tempo_words"] = tempo_words
        self.env.globals["exercise_picture"] = exercise_picture
        # Values in words, never a Python repr (app/reading.py).
        for name, words in (
            ("plain", plain),
            ("plain_date", plain_date),
            ("plain_label", plain_label),
            ("plain_text", plain_text),
            ("plain_inputs", plain_inputs),
            ("call_words", call_words),
            ("phone", phone_of),
            ("citation", citation_of),
            ("plain_problem", plain_problem),
            ("day_words", day_words),
            ("next_step_words", next_step_words),
            ("first_sentence", first_sentence),
        ):
            self.env.filters[name] = words
        self.single_user = single_user
        self.notice = default_knowledge().advice.notice.text

    def context(self, request: Request, **values: Any) -> dict[str, Any]:
        return {
            "request": request,
            "csrf_token": request.state.csrf_token,
            "notice": self.notice,
            "single_user": self.single_user,
            "login": getattr(request.state, "login", None),
            "path": request.url.path,
            "htmx_version": HTMX_VERSION,
            "notice_full": False,
            "max_day": dt.date.today().isoformat(),  # no date after today in a form
            "emergency": emergency_phone(),
            "flash": flash_message(request.query_params),
            **values,
        }

    def page(self, request: Request, name: str, **values: Any) -> str:
        """Render one template (a whole page, or an htmx fragment named `_thing.html`)."""
        return self.env.get_template(name).render(self.context(request, **values))


def is_htmx(request: Request) -> bool:
    """True when htmx made the request (it wants a fragment, not a whole page)."""
    return request.headers.get("hx-request") == "true"
