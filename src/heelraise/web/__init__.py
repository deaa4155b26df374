"""The web app: server-rendered pages (Jinja2 + htmx) and the JSON API under /api.

    app.py        create_app(settings): the FastAPI application factory
    settings.py   WebSettings (pydantic-settings; HEELRAISE_* environment variables)
    deps.py       Annotated dependencies the routes declare (settings, CSRF, login, person)
    security.py   ASGI middleware: security headers, CSRF token, session cookie, body limits
    errors.py     the one exception handler: JSON for /api, an error page otherwise
    presenting.py how an assessment reads on a page (phrases from the knowledge)
    forms.py      the triage form's fields and how answers become a case document
    charts.py     server-rendered SVG charts (weekly load, trends)
    timeline_chart.py the clinician's timeline: stages, load, symptoms and tests in one SVG
    journal_forms.py form strings to contract values for the journal's own forms
    openapi.py    the contract's schemas in /openapi.json
    route_table.py the flattened route table (the authorisation matrix reads it)
    routes/       one APIRouter per resource; every route calls `heelraise.app`

On 127.0.0.1 or localhost the app serves one person with no login; elsewhere
(or with `accounts=true`) login is required, patients see their own record and
clinicians their assigned patients (`settings.WebSettings.accounts_on`,
`heelraise.app.accounts`).
"""
