"""`heelraise serve`: the web app on uvicorn (default http://127.0.0.1:8000).

On this machine (loopback) it speaks plain HTTP. Anywhere else browsers get
Secure cookies, which they only send back over HTTPS, so `serve` refuses to
start off loopback unless it speaks HTTPS itself (`--certfile/--keyfile`) or
sits behind a TLS proxy (`--behind-proxy`, trusting `X-Forwarded-*` headers
only from `--forwarded-allow-ips`). `--workers N` runs N processes; they share
sessions, CSRF and the sign-in limit through the database, which must then be
PostgreSQL (SQLite has one writer, and heelraise takes turns on it with a lock
inside one process).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from heelraise.cli import app
from heelraise.cli.options import db_option
from heelraise.errors import HeelraiseError

if TYPE_CHECKING:
    from heelraise.web.settings import WebSettings


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    db: str | None = db_option(),
    accounts: bool | None = typer.Option(
        None,
        "--accounts/--no-accounts",
        help="Require login (patients and clinicians). Default: on beyond 127.0.0.1.",
    ),
    allowed_host: list[str] = typer.Option(
        [],
        "--allowed-host",
        help="A host name browsers use to reach the server (repeat; '*.example' for a "
        "domain, '*' for any). Default: loopback names only without accounts, any with.",
    ),
    certfile: Path | None = typer.Option(
        None, "--certfile", help="TLS certificate (PEM): serve HTTPS.", dir_okay=False
    ),
    keyfile: Path | None = typer.Option(
        None, "--keyfile", help="TLS private key (PEM) for --certfile.", dir_okay=False
    ),
    behind_proxy: bool = typer.Option(
        False,
        "--behind-proxy",
        help="A TLS-terminating proxy forwards to this server: trust its X-Forwarded-For "
        "and X-Forwarded-Proto headers (from --forwarded-allow-ips only).",
    ),
    forwarded_allow_ips: str = typer.Option(
        "127.0.0.1",
        "--forwarded-allow-ips",
        help="With --behind-proxy: the proxy's addresses, comma-separated.",
    ),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Server processes (more than 1 needs PostgreSQL)."
    ),
) -> None:
    """Start the web app: the questionnaire, training view and JSON API (/api)."""
    import uvicorn

    from heelraise.app.accounts import login_count
    from heelraise.app.journal import close_kept, on_sqlite
    from heelraise.web.app import create_app
    from heelraise.web.settings import WebSettings

    if keyfile is not None and certfile is None:
        raise HeelraiseError("--keyfile needs --certfile (the certificate it belongs to)")
    overrides: dict[str, object] = {
        "host": host,
        "port": port,
        "allowed_hosts": tuple(allowed_host),
        "tls": certfile is not None,
        "behind_proxy": behind_proxy,
    }
    if db is not None:
        overrides["database_url"] = db
    if accounts is not None:
        overrides["accounts"] = accounts
    settings = WebSettings(**overrides)  # type: ignore[arg-type]
    if workers > 1 and on_sqlite(settings.database_url):
        raise HeelraiseError(
            f"--workers {workers} needs PostgreSQL (--db postgresql+psycopg://...): SQLite "
            "takes one writer at a time, and heelraise queues writes inside one process. "
            "One worker serves a person or a small clinic on SQLite"
        )
    web_app = create_app(settings)  # refuses bad settings, and brings the schema up to date
    problem = settings.transport_problem()
    if problem is not None:
        close_kept(settings.database_url)
        raise HeelraiseError(problem)
    if settings.accounts_on and login_count(settings.database_url) == 0:
        typer.echo(
            "heelraise: accounts are on and no one can sign in yet: "
            "add a login with `heelraise users add NAME --role clinician`",
            err=True,
        )
    scheme = "https" if certfile is not None else "http"
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"heelraise on {scheme}://{shown}:{port}/ (Ctrl+C to stop)", err=True)
    options: dict[str, object] = {
        "host": host,
        "port": port,
        "log_level": "info",
        "server_header": False,
        "proxy_headers": behind_proxy,
        "forwarded_allow_ips": forwarded_allow_ips if behind_proxy else None,
        "ssl_certfile": None if certfile is None else str(certfile),
        "ssl_keyfile": None if keyfile is None else str(keyfile),
    }
    if workers == 1:
        uvicorn.run(web_app, **options)  # type: ignore[arg-type]
        return
    close_kept(settings.database_url)  # each worker opens its own
    _export(settings)
    uvicorn.run(
        "heelraise.web.app:app_from_environment",
        factory=True,
        workers=workers,
        **options,  # type: ignore[arg-type]
    )


def _export(settings: WebSettings) -> None:
    """Put the settings in the environment, where each worker's `WebSettings()` reads them."""
    for name, value in settings.model_dump().items():
        key = f"HEELRAISE_{name.upper()}"
        if value is None:
            os.environ.pop(key, None)
        elif isinstance(value, bool):
            os.environ[key] = "true" if value else "false"
        elif isinstance(value, tuple | list):
            os.environ[key] = json.dumps(list(value))
        else:
            os.environ[key] = str(value)
