"""The validated knowledge kept between runs: used only for the very same files and code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from heelraise.errors import KnowledgeError
from heelraise.knowledge import cache
from heelraise.knowledge.loader import load_knowledge

REFERRALS = """\
region = "Test"
[[destination]]
level = "clinician"
name = "Riverside club physio"
kind = "other"
how = "Ask at the club."
"""


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(cache, "cache_dir", lambda: folder)
    return folder


def _no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("validated again: the cache was not used")

    monkeypatch.setattr(cache, "validate_texts", refuse)


def test_the_cache_gives_what_validation_gives(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cache.cached_knowledge()
    assert (cache_folder / "knowledge.pickle").is_file()
    _no_validation(monkeypatch)
    again = cache.cached_knowledge()
    assert again == first == load_knowledge()
    assert again is not first


def test_other_files_are_validated_not_read_from_the_cache(
    cache_folder: Path, tmp_path: Path
) -> None:
    referrals = tmp_path / "referrals.toml"
    referrals.write_text(REFERRALS, encoding="utf-8")
    with_referrals = cache.cached_knowledge(referrals)
    assert with_referrals.referrals.destination[0].name.startswith("Riverside")
    referrals.write_text(REFERRALS.replace("Riverside", "Hillside"), encoding="utf-8")
    changed = cache.cached_knowledge(referrals)
    assert changed.referrals.destination[0].name.startswith("Hillside")
    assert changed.version != with_referrals.version
    referrals.write_text(REFERRALS.replace('"clinician"', '"soon"'), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"referrals\.toml"):
        cache.cached_knowledge(referrals)  # a broken file still stops start-up


def test_the_key_covers_the_files_and_the_validating_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = {"sources.toml": "a", "triage.toml": "b"}
    key = cache.cache_key(texts)
    assert len(key) == 64
    assert cache.cache_key({**texts, "triage.toml": "c"}) != key
    monkeypatch.setattr(cache, "VALIDATING_MODULES", ("schema.py",))
    assert cache.cache_key(texts) != key


@pytest.mark.parametrize(
    "content",
    [b"", b"not a key\n", b"0" * 64 + b"\n", None],
    ids=["empty", "foreign", "other key", "truncated pickle"],
)
def test_a_cache_that_does_not_match_is_replaced(cache_folder: Path, content: bytes | None) -> None:
    good = cache.cached_knowledge()
    path = cache_folder / "knowledge.pickle"
    written = path.read_bytes()
    path.write_bytes(written[: len(written) // 2] if content is None else content)
    assert cache.cached_knowledge() == good
    assert path.read_bytes()[:64] == written[:64]
    assert cache.cached_knowledge() == good


def test_a_folder_that_cannot_be_written_means_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setattr(cache, "cache_dir", lambda: blocked / "cache")
    assert cache.cached_knowledge() == load_knowledge()


PROBE = """\
import sys
from heelraise.knowledge.cache import cache_file
from heelraise.knowledge.loader import default_knowledge

hit = cache_file(False).is_file()
default_knowledge()
print(hit, cache_file(False).is_file(), "pydantic" in sys.modules, "pydantic_core" in sys.modules)
"""


def test_the_knowledge_loads_without_pydantic(tmp_path: Path) -> None:
    """Validated (a cache miss) or read back (a hit), the knowledge never imports pydantic:
    its models are `checked.py` dataclasses, some 30 ms of a short command's start saved."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}  # platformdirs' cache folder
    runs = [
        subprocess.run(
            [sys.executable, "-c", PROBE], capture_output=True, check=True, env=environment
        ).stdout.split()
        for _ in range(2)
    ]
    assert runs == [[b"False", b"True", b"False", b"False"], [b"True", b"True", b"False", b"False"]]
