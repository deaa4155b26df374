"""Load and validate the knowledge files into one frozen `Knowledge` object.

Each TOML file is validated by its model in `schema.py` (checked by
`checked.py`, pydantic's rules without pydantic); then every source id
that a record cites is checked against `sources.toml`. Any failure raises
`KnowledgeError` naming the file and the key, so a broken file stops start-up.
Each exercise's illustration must exist in `illustrations/` beside the files
and be a valid, accessible SVG (`illustrations.py`). The validated result is
kept between runs (`cache.py`), keyed by the files (illustrations included)
and the code that validates them.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from heelraise.errors import KnowledgeError
from heelraise.knowledge.checked import Checked, CheckFailed
from heelraise.knowledge.illustrations import FOLDER, check_illustrations
from heelraise.knowledge.programme_schema import (
    EscalationFile,
    ExercisesFile,
    MonitoringFile,
    PathwaysFile,
    ReturnToRunFile,
    StagesFile,
)
from heelraise.knowledge.referrals import ReferralsFile
from heelraise.knowledge.schema import AdviceFile, Source, SourcesFile, SpikesFile, TriageFile

ModelT = TypeVar("ModelT", bound=Checked)

FILES: dict[str, type[Checked]] = {
    "sources.toml": SourcesFile,
    "triage.toml": TriageFile,
    "advice.toml": AdviceFile,
    "spikes.toml": SpikesFile,
    "monitoring.toml": MonitoringFile,
    "stages.toml": StagesFile,
    "exercises.toml": ExercisesFile,
    "return_to_run.toml": ReturnToRunFile,
    "escalation.toml": EscalationFile,
    "pathways.toml": PathwaysFile,
    "referrals.toml": ReferralsFile,
}


@dataclass(frozen=True, slots=True)
class Knowledge:
    """Everything the clinical engine knows, validated; `version` hashes the files."""

    version: str
    sources: Mapping[str, Source]
    triage: TriageFile
    advice: AdviceFile
    spikes: SpikesFile
    monitoring: MonitoringFile
    stages: StagesFile
    exercises: ExercisesFile
    return_to_run: ReturnToRunFile
    escalation: EscalationFile
    pathways: PathwaysFile
    referrals: ReferralsFile


def load_knowledge(directory: Path | None = None, referrals_file: Path | None = None) -> Knowledge:
    """Read every knowledge file (from `directory`, default the packaged ones) and validate it.

    `referrals_file` replaces the packaged `referrals.toml` with a user-edited copy.
    """
    return validate_texts(knowledge_texts(directory, referrals_file), referrals_file, directory)


def knowledge_texts(
    directory: Path | None = None, referrals_file: Path | None = None
) -> dict[str, str]:
    """The text of every knowledge file, by name (`referrals_file` replacing the packaged one)."""
    texts = {name: _read(directory, name) for name in FILES}
    if referrals_file is not None:
        texts["referrals.toml"] = _read_path(referrals_file)
    return texts


def validate_texts(
    texts: Mapping[str, str], referrals_file: Path | None = None, directory: Path | None = None
) -> Knowledge:
    """Validate the texts of `knowledge_texts` into one `Knowledge` (the illustrations
    read from `directory`/illustrations, default the packaged ones)."""
    parsed: dict[str, Checked] = {}
    for name, model in FILES.items():
        label = str(referrals_file) if name == "referrals.toml" and referrals_file else name
        parsed[name] = _validate(label, texts[name], model)
    sources_file = _as(parsed["sources.toml"], SourcesFile)
    sources = {source.id: source for source in sources_file.source}
    if len(sources) != len(sources_file.source):
        raise KnowledgeError("sources.toml", "source", "duplicate source id")
    for name, document in parsed.items():
        for key, source_id in _cited_sources(document.model_dump()):
            if source_id not in sources:
                raise KnowledgeError(name, key, f"cites unknown source {source_id!r}")
    exercises = _as(parsed["exercises.toml"], ExercisesFile)
    check_illustrations(exercises, lambda name: _illustration(directory, name))
    return Knowledge(
        version=knowledge_version(texts),
        sources=sources,
        triage=_as(parsed["triage.toml"], TriageFile),
        advice=_as(parsed["advice.toml"], AdviceFile),
        spikes=_as(parsed["spikes.toml"], SpikesFile),
        monitoring=_as(parsed["monitoring.toml"], MonitoringFile),
        stages=_as(parsed["stages.toml"], StagesFile),
        exercises=exercises,
        return_to_run=_as(parsed["return_to_run.toml"], ReturnToRunFile),
        escalation=_as(parsed["escalation.toml"], EscalationFile),
        pathways=_as(parsed["pathways.toml"], PathwaysFile),
        referrals=_as(parsed["referrals.toml"], ReferralsFile),
    )


def knowledge_version(texts: Mapping[str, str]) -> str:
    """The hash of the knowledge files that every assessment records."""
    digest = hashlib.sha256()
    for name in sorted(texts):
        digest.update(name.encode())
        digest.update(texts[name].encode())
    return digest.hexdigest()[:12]


@cache
def default_knowledge() -> Knowledge:
    """The packaged knowledge, loaded once per process (validated, or as validated before)."""
    from heelraise.knowledge.cache import cached_knowledge

    return cached_knowledge()


def _read(directory: Path | None, name: str) -> str:
    if directory is not None:
        return _read_path(directory / name)
    return resources.files("heelraise.knowledge").joinpath(name).read_text(encoding="utf-8")


def _illustration(directory: Path | None, name: str) -> bytes | None:
    """An illustration's bytes (from `directory`/illustrations, default the packaged ones)."""
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    folder = (
        resources.files("heelraise.knowledge").joinpath(FOLDER)
        if directory is None
        else directory / FOLDER
    )
    item = folder.joinpath(name)
    try:
        return item.read_bytes() if item.is_file() else None
    except OSError:
        return None


def _read_path(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise KnowledgeError(str(path), "", f"cannot be read ({error.strerror})") from None


def _validate(name: str, text: str, model: type[ModelT]) -> ModelT:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise KnowledgeError(name, "", f"not valid TOML ({error})") from None
    try:
        return model.model_validate(data)
    except CheckFailed as error:
        key = ".".join(
            f"[{part}]" if isinstance(part, int) else str(part) for part in error.loc
        ).replace(".[", "[")
        count = len(error.problems)
        more = f" (and {count - 1} more)" if count > 1 else ""
        raise KnowledgeError(name, key, f"{error.message}{more}") from None


def _as(model: Checked, kind: type[ModelT]) -> ModelT:
    assert isinstance(model, kind)
    return model


def _cited_sources(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """Every (key, source id) pair in a parsed file: fields named `source` or `*_source`."""
    if isinstance(value, dict):
        for name, item in value.items():
            path = f"{key}.{name}" if key else str(name)
            if (name == "source" or str(name).endswith("_source")) and isinstance(item, str):
                yield path, item
            else:
                yield from _cited_sources(item, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _cited_sources(item, f"{key}[{index}]")
