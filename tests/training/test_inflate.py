"""One decompression budget: the bombs of issue 12 and every limit, in this process.

Peak memory here is Python's own allocations (tracemalloc), which is where
decompressed bytes live; tests/app/test_decompression_bombs.py measures whole
process trees through the CLI and both upload routes.
"""

from __future__ import annotations

import gzip
import io
import random
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from heelraise.errors import ImportFailed, KnowledgeError, TooLarge
from heelraise.knowledge.importing import (
    INFERENCE_FILE,
    DecompressionLimits,
    import_rules,
    parse_import_rules,
)
from heelraise.training.archives import Budget, Member, Skip, iter_archive
from heelraise.training.inflate import inflate_bytes, read_file
from heelraise.training.readers import ReaderRegistry
from tests.archive_builders import VISNJAN_GPX, zip_bytes
from tests.bombs import BZIP2_BLOCK_ZEROS, MiB, bzip2_member, deflate_repeated, gzip_member

LIMITS = import_rules().decompression
PACKAGED_TEXT = (
    Path(__file__).resolve().parents[2] / "src" / "heelraise" / "knowledge" / INFERENCE_FILE
).read_text(encoding="utf-8")
BOMB = "decompression bomb"


def _budget(**changes: float) -> Budget:
    return Budget(DecompressionLimits.model_validate(LIMITS.model_dump() | changes))


def _peak_mb(action: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / MiB
    finally:
        tracemalloc.stop()


def _items(path: Path, registry: ReaderRegistry, budget: Budget | None = None) -> list[object]:
    return list(iter_archive(path, registry.claims_name, budget))


def _skips(items: list[object]) -> dict[str, str]:
    return {item.source.split("!", 1)[1]: item.reason for item in items if isinstance(item, Skip)}


def test_the_issue_bombs_are_refused_within_a_few_megabytes(
    issue_bombs: dict[str, Path], fit_registry: ReaderRegistry
) -> None:
    reasons: dict[str, str] = {}

    def read_all() -> None:
        for name, path in issue_bombs.items():
            if name.endswith(".zip"):
                skips = _skips(_items(path, fit_registry))
                [(member, reason)] = skips.items()
                reasons[f"{name}!{member}"] = reason
            else:
                with pytest.raises(ImportFailed) as raised:
                    fit_registry.read_path(path)
                reasons[name] = raised.value.reason

    assert _peak_mb(read_all) < 40
    assert reasons == {
        "double-gzip.fit": f"expands more than 200 times its stored size (a {BOMB}?); not read",
        "bzip2-declares-1000.zip!run.fit": (
            "corrupt archive member (more data than the 1,000 bytes it declares)"
        ),
        "inner-zip-deflate.zip!inner.zip": (
            f"expands more than 200 times its stored size (a {BOMB}?); not read"
        ),
        "inner-zip-bzip2.zip!inner.zip": (
            f"expands more than 200 times its stored size (a {BOMB}?); not read"
        ),
        "track.gpx.gz": f"expands more than 200 times its stored size (a {BOMB}?); not read",
    }


def test_a_bzip2_member_that_declares_its_size_is_stopped_by_the_ratio(
    tmp_path: Path, fit_registry: ReaderRegistry
) -> None:
    archive = tmp_path / "honest.zip"
    size = 4 * BZIP2_BLOCK_ZEROS  # 180 MB: under the limit for one file, so read and counted
    archive.write_bytes(bzip2_member(size, declared=size))
    skips: dict[str, str] = {}
    peak = _peak_mb(lambda: skips.update(_skips(_items(archive, fit_registry))))
    assert BOMB in skips["run.fit"]
    assert peak < 20


@pytest.mark.parametrize(
    "method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
)
def test_every_method_reads_the_real_bytes(
    corpus: Path, tmp_path: Path, fit_registry: ReaderRegistry, method: int
) -> None:
    data = (corpus / VISNJAN_GPX).read_bytes()
    archive = tmp_path / "methods.zip"
    with zipfile.ZipFile(archive, "w", method) as out:
        out.writestr("ride.gpx", data)
        out.writestr("ride.gpx.gz", gzip.compress(data))
    members = [item for item in _items(archive, fit_registry) if isinstance(item, Member)]
    assert [member.data for member in members] == [data, data]


def test_a_member_holding_more_than_it_declares_is_corrupt(
    tmp_path: Path, fit_registry: ReaderRegistry
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("a.gpx", b"<gpx>" + b" " * 5000 + b"</gpx>")
    raw = buffer.getvalue()
    declared = (5011).to_bytes(4, "little")
    archive = tmp_path / "liar.zip"
    archive.write_bytes(raw.replace(declared, (11).to_bytes(4, "little")))
    assert "more data than the 11 bytes" in _skips(_items(archive, fit_registry))["a.gpx"]


def test_one_file_may_not_pass_its_limit(tmp_path: Path) -> None:
    plain = tmp_path / "big.gpx"
    plain.write_bytes(b" " * 3 * MiB)
    with pytest.raises(TooLarge, match="is larger than the 2 MB limit for one file"):
        read_file(plain, "big.gpx", _budget(max_file_bytes=2 * MiB, ratio_floor_bytes=0))
    packed = gzip.compress(bytes(3 * MiB))  # 3,000:1, but under a generous ratio
    budget = _budget(max_file_bytes=2 * MiB, max_ratio=1e6)
    with pytest.raises(TooLarge, match="expands beyond the 2 MB limit for one file"):
        inflate_bytes(packed, "big.gpx.gz", budget)


def test_the_import_total_counts_every_layer_of_every_file(tmp_path: Path) -> None:
    budget = _budget(max_total_bytes=5 * MiB // 2, max_file_bytes=2 * MiB, max_ratio=1e6)
    packed = gzip.compress(bytes(MiB))
    inflate_bytes(packed, "one.gz", budget)
    inflate_bytes(packed, "two.gz", budget)
    with pytest.raises(TooLarge, match=r"reached its limit of 2\.5 MB decompressed in all"):
        inflate_bytes(packed, "three.gz", budget)
    assert budget.produced > 5 * MiB // 2


def test_gzip_layers_are_depth_limited() -> None:
    data = b"<gpx/>"
    for _ in range(3):
        data = gzip.compress(data)
    with pytest.raises(TooLarge, match="nested deeper than 2 levels"):
        inflate_bytes(data, "three.gpx.gz")
    assert inflate_bytes(gzip.decompress(data), "two.gpx.gz") == b"<gpx/>"


def test_gzip_members_in_turn_trailing_bytes_ignored_truncation_named() -> None:
    joined = gzip.compress(b"<gpx>") + gzip.compress(b"</gpx>") + b"\0\0\0"
    assert inflate_bytes(joined, "two-members.gz") == b"<gpx></gpx>"
    cut = gzip.compress(b"<gpx>" + b"x" * 1000 + b"</gpx>")[:-12]
    with pytest.raises(ImportFailed, match="gzip data is truncated"):
        inflate_bytes(cut, "cut.gz")
    assert inflate_bytes(cut, "cut.gz", partial_ok=True).startswith(b"<gpx>")
    with pytest.raises(ImportFailed, match="not a valid gzip file"):
        inflate_bytes(b"\x1f\x8b\x08\x00" + b"\xff" * 40, "bad.gz")


def test_entries_count_across_nested_archives(
    corpus: Path, tmp_path: Path, fit_registry: ReaderRegistry
) -> None:
    inner = zip_bytes({f"{n}.gpx": b"<gpx/>" for n in range(3)})
    archive = tmp_path / "nested.zip"
    archive.write_bytes(zip_bytes({"a.zip": inner, "b.zip": inner}))
    skips = _skips(_items(archive, fit_registry, _budget(max_entries=6)))
    assert skips == {"b.zip": "has 3 entries, more than 6 in all; not read"}


def test_nested_archives_spool_within_the_temporary_disk_limit(
    tmp_path: Path, fit_registry: ReaderRegistry
) -> None:
    noise = random.Random(12).randbytes(2 * MiB)  # incompressible: no ratio to trip
    inner = zip_bytes({"a.gpx": b"<gpx>" + noise + b"</gpx>"})
    archive = tmp_path / "nested.zip"
    archive.write_bytes(zip_bytes({"a.zip": inner}))
    budget = _budget(max_temp_bytes=MiB)
    skips = _skips(_items(archive, fit_registry, budget))
    assert skips == {"a.zip": "is larger than the 1 MB limit for temporary files"}
    assert budget.temp_bytes == 0  # released
    roomy = _budget()
    assert [type(item) for item in _items(archive, fit_registry, roomy)] == [Member]
    assert roomy.peak_temp_bytes == len(inner)
    assert roomy.temp_bytes == 0


def test_lzma_with_a_huge_dictionary_is_refused(
    tmp_path: Path, fit_registry: ReaderRegistry
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_LZMA) as out:
        out.writestr("a.gpx", b"<gpx/>" * 100)
    raw = bytearray(buffer.getvalue())
    at = raw.index(b"a.gpx") + len(b"a.gpx") + 4  # after version (2) and size (2): the props
    raw[at + 1 : at + 5] = (2**31).to_bytes(4, "little")
    archive = tmp_path / "dictionary.zip"
    archive.write_bytes(bytes(raw))
    assert "LZMA dictionary of 2 GB" in _skips(_items(archive, fit_registry))["a.gpx"]


def _repeat(piece: bytes, size: int) -> bytes:
    return gzip_member(deflate_repeated(piece, size))


def test_the_bomb_builders_make_valid_files() -> None:
    """The builders' steady-state shortcut gives exactly what gzip would expand."""
    assert (
        gzip.decompress(_repeat(b"ab" * 512 * 1024, 5 * MiB + 3)) == b"ab" * (5 * MiB // 2) + b"aba"
    )


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("max_total_bytes = 8_589_934_592", "max_total_bytes = 1024", "at least max_file_bytes"),
        ("max_ratio = 200.0", "max_ratio = 0.5", "greater than 1"),
        ("ratio_floor_bytes = 1_048_576", "ratio_floor_bytes = 1e99", "integer"),
        ("max_depth = 2", "max_depth = -1", "greater than or equal to 0"),
    ],
)
def test_the_limits_are_validated_at_load(key: str, value: str, message: str) -> None:
    assert key in PACKAGED_TEXT
    with pytest.raises(KnowledgeError, match=message) as raised:
        parse_import_rules(PACKAGED_TEXT.replace(key, value, 1))
    assert "decompression" in str(raised.value)
