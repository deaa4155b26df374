"""`heelraise serve`: the web app on uvicorn (default http://127.0.0.1:8000)."""

from __future__ import annotations

import typer

from heelraise.cli import app
from heelraise.web.settings import WebSettings

_DB_HELP = "Database URL (default: HEELRAISE_DATABASE_URL, else SQLite in the data folder)."


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    db: str | None = typer.Option(None, "--db", help=_DB_HELP),
    accounts: bool | None = typer.Option(
        None,
        "--accounts/--no-accounts",
        help="Require login (patients and clinicians). Default: on beyond 127.0.0.1.",
    ),
) -> None:
    """Start the web app: the questionnaire, training view and JSON API (/api)."""
    import uvicorn

    from heelraise.app.accounts import login_count
    from heelraise.web.app import create_app

    overrides: dict[str, object] = {"host": host, "port": port}
    if db is not None:
        overrides["database_url"] = db
    if accounts is not None:
        overrides["accounts"] = accounts
    settings = WebSettings(**overrides)  # type: ignore[arg-type]
    web_app = create_app(settings)
    if settings.accounts_on and login_count(settings.database_url) == 0:
        typer.echo(
            "heelraise: accounts are on and no one can sign in yet: "
            "add a login with `heelraise users add NAME --role clinician`",
            err=True,
        )
    typer.echo(f"heelraise on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    uvicorn.run(web_app, host=host, port=port, log_level="info", server_header=False)
