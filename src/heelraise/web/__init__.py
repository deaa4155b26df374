"""The web app: server-rendered pages (Jinja2 + htmx) and the JSON API under /api.

    app.py        create_app(settings): the FastAPI application factory
    settings.py   WebSettings (pydantic-settings; HEELRAISE_* environment variables)
    deps.py       Annotated dependencies the routes declare (settings, CSRF, templates)
    security.py   ASGI middleware: security headers, CSRF cookie, body size limits
    errors.py     the one exception handler: JSON for /api, an error page otherwise
    presenting.py how an assessment reads on a page (phrases from the knowledge)
    forms.py      the triage form's fields and how answers become a case document
    charts.py     server-rendered SVG charts (weekly load, trends)
    openapi.py    the contract's schemas in /openapi.json
    route_table.py the flattened route table (the authorisation matrix reads it)
    routes/       one APIRouter per resource; every route calls `heelraise.app`

Accounts come with the journal: until then the app serves one person on
localhost with no login (see `settings.WebSettings.single_user`).
"""
