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
        return not is_loopback(self.host)
