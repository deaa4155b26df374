"""Use case: show and initialise the user's editable referral destinations."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from heelraise.app.engine import current_engine
from heelraise.errors import HeelraiseError
from heelraise.knowledge.referrals import Destination
from heelraise.paths import referrals_path


def referral_destinations() -> tuple[Path, bool, list[Destination]]:
    """(the user's file path, whether it exists, the destinations in force)."""
    path = referrals_path()
    return path, path.is_file(), list(current_engine().knowledge.referrals.destination)


def init_referrals() -> Path:
    """Copy the packaged examples to the user's file, to edit; never overwrite."""
    path = referrals_path()
    if path.exists():
        raise HeelraiseError(f"{path} already exists: edit it, or remove it to start again")
    packaged = resources.files("heelraise.knowledge").joinpath("referrals.toml")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with resources.as_file(packaged) as source:
            shutil.copyfile(source, path)
    except OSError as error:
        raise HeelraiseError(f"{path}: cannot write ({error.strerror})") from None
    return path
