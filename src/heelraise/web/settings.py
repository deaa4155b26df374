"""The web app's settings: one pydantic-settings model, `HEELRAISE_*` environment variables.

The database is the CLI's: `HEELRAISE_DATABASE_URL`, else the SQLite file in
the data folder (`heelraise.store.database.resolve_url`).
"""

from __future__ import annotations

import ipaddress

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

MIB = 1024 * 1024
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
ANY_ADDRESS = frozenset({"0.0.0.0", "::", ""})


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: only this machine can connect."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class WebSettings(BaseSettings):
    """Everything `heelraise serve` can be told; tests build one directly."""

    model_config = SettingsConfigDict(env_prefix="HEELRAISE_", extra="ignore", frozen=True)

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    database_url: str | None = None
    person: str = Field("me", min_length=1, max_length=100)
    max_body_bytes: int = Field(1 * MIB, ge=1024)
    max_upload_bytes: int = Field(256 * MIB, ge=1024)
    # Secure cookies need HTTPS; on a loopback address the browser talks plain HTTP.
    secure_cookies: bool | None = None
    # Logins (patients and clinicians): on by default off loopback, or when set.
    accounts: bool | None = None
    # The clinician's list flags a patient with no check-in for this many days.
    checkin_gap_days: int = Field(3, ge=1, le=60)
    # Host names (the `Host` header, without the port) the app answers to, besides the
    # loopback ones; "*" for any. Empty: loopback only without accounts (DNS rebinding),
    # any name with accounts (a login protects every person's data).
    allowed_hosts: tuple[str, ...] = ()
    # How browsers reach the app: HTTPS by uvicorn (`--certfile/--keyfile`), or a
    # TLS-terminating proxy in front (`--behind-proxy`). Either way cookies are Secure.
    tls: bool = False
    behind_proxy: bool = False

    @property
    def accounts_on(self) -> bool:
        """Login required: set explicitly, else whenever the app listens beyond loopback."""
        return (not is_loopback(self.host)) if self.accounts is None else self.accounts

    @property
    def single_user(self) -> bool:
        """No accounts: one person on this machine, no login."""
        return not self.accounts_on

    @property
    def cookies_secure(self) -> bool:
        if self.secure_cookies is not None:
            return self.secure_cookies
        return self.tls or self.behind_proxy or not is_loopback(self.host)

    @property
    def accepted_hosts(self) -> frozenset[str] | None:
        """The host names served (None: any). Loopback names are always served."""
        named = {normal_host(name) for name in self.allowed_hosts}
        if "*" in named:
            return None
        if not named and self.accounts_on:
            return None
        if named and self.host not in ANY_ADDRESS and not is_loopback(self.host):
            named.add(normal_host(self.host))
        return frozenset(named)

    def serves_host(self, header: str | None) -> bool:
        """Whether a request with this `Host` header is answered (else 400)."""
        accepted = self.accepted_hosts
        if accepted is None:
            return True
        if header is None:
            return False
        name = host_name(header)
        return is_loopback(name) or name in accepted or _wildcard(name, accepted)

    def transport_problem(self) -> str | None:
        """Why browsers could not sign in to this server as set up, or None.

        Off loopback the cookies are Secure, and a browser drops a Secure cookie sent
        over plain HTTP: the CSRF token and the session would never come back."""
        if is_loopback(self.host) or self.tls or self.behind_proxy:
            return None
        return (
            f"serving {self.host} over plain HTTP: browsers drop the Secure sign-in cookies "
            "there, so no one could sign in. Give --certfile CERT.pem --keyfile KEY.pem "
            "(HTTPS by heelraise), or put a TLS proxy in front and add --behind-proxy "
            "(with --forwarded-allow-ips PROXY_ADDRESS)"
        )


def host_name(header: str) -> str:
    """The name in a `Host` header: no port, no brackets, lower case, no final dot."""
    value = header.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    return normal_host(value)


def normal_host(name: str) -> str:
    return name.strip().strip("[]").lower().rstrip(".")


def _wildcard(name: str, accepted: frozenset[str]) -> bool:
    """`*.clinic.example` accepts any name below clinic.example."""
    return any(pattern.startswith("*.") and name.endswith(pattern[1:]) for pattern in accepted)
