"""The validated knowledge, kept between runs: loading it is one read, not a validation.

Parsing and validating the knowledge files costs a short command more than
what it then does with them. So the `Knowledge` that `validate_texts` returns
is pickled, validated as it is, under a key: a hash of the text of every
knowledge file (a user's `referrals.toml` included), of the modules that
validate them (`checked.py` among them), and of the Python that made the pickle. It is
used only when the key matches, and the key is checked before anything is
unpickled. Any other text, code or version, or a cache that cannot be read,
and the files are validated again (a broken file stops start-up with its
`KnowledgeError`, as always) and the cache is written anew, atomically. A
folder that cannot be written only means no cache.

The pickle lives in the user cache folder (`paths.cache_dir`): anyone who can
write there can already change what the user runs.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from importlib import resources
from pathlib import Path

from heelraise.knowledge.illustrations import FOLDER
from heelraise.knowledge.loader import Knowledge, knowledge_texts, validate_texts
from heelraise.paths import cache_dir

# The modules whose code decides what validated knowledge looks like.
VALIDATING_MODULES = (
    "loader.py",
    "checked.py",
    "schema.py",
    "programme_schema.py",
    "referrals.py",
    "illustrations.py",
    "cache.py",
)


def cached_knowledge(referrals_file: Path | None = None) -> Knowledge:
    """The packaged knowledge (with `referrals_file` when given), from the cache when it holds
    these very files validated, else validated now and cached."""
    texts = knowledge_texts(None, referrals_file)
    key = cache_key(texts)
    path = cache_file(referrals_file is not None)
    knowledge = _read(path, key)
    if knowledge is None:
        knowledge = validate_texts(texts, referrals_file)
        _write(path, key, knowledge)
    return knowledge


def cache_file(with_referrals: bool) -> Path:
    """Where the packaged knowledge is cached (with a user's referrals: its own file)."""
    return cache_dir() / ("knowledge-referrals.pickle" if with_referrals else "knowledge.pickle")


def cache_key(texts: dict[str, str]) -> bytes:
    """A hash of the files' texts, the validating code and Python (64 hex digits)."""
    digest = hashlib.sha256()
    for part in (sys.version, str(pickle.HIGHEST_PROTOCOL)):
        digest.update(part.encode() + b"\0")
    package = resources.files("heelraise.knowledge")
    for name in VALIDATING_MODULES:
        digest.update(name.encode() + b"\0" + package.joinpath(name).read_bytes() + b"\0")
    for name in sorted(texts):
        digest.update(name.encode() + b"\0" + texts[name].encode() + b"\0")
    drawings = package.joinpath(FOLDER)  # validated with the files: their bytes count too
    for item in sorted(drawings.iterdir(), key=lambda entry: entry.name):
        if item.is_file():
            digest.update(item.name.encode() + b"\0" + item.read_bytes() + b"\0")
    return digest.hexdigest().encode()


def _read(path: Path, key: bytes) -> Knowledge | None:
    try:
        with path.open("rb") as stream:
            if stream.readline().rstrip(b"\n") != key:
                return None
            found = pickle.load(stream)
    except Exception:  # a missing, partial or foreign file: validate instead
        return None
    return found if isinstance(found, Knowledge) else None


def _write(path: Path, key: bytes, knowledge: Knowledge) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".knowledge-")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(key + b"\n")
                pickle.dump(knowledge, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        pass  # no cache this time; the knowledge itself is fine
