"""The engine the interfaces use: packaged knowledge plus the user's referral file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from heelraise.clinical.assess import Engine, default_engine
from heelraise.knowledge.cache import cached_knowledge
from heelraise.paths import referrals_path


@cache
def _engine_for(referrals: Path | None) -> Engine:
    if referrals is None:
        return default_engine()
    return Engine(cached_knowledge(referrals))


def current_engine() -> Engine:
    """The packaged knowledge, with the user's `referrals.toml` when they have one."""
    path = referrals_path()
    return _engine_for(path if path.is_file() else None)
