"""Shared fixtures: the ../shared folder where present, and small pipelines.

Finding ../shared is the benchmarks package's business (``storyline_benchmarks.shared``,
``$STORYLINE_SHARED`` overrides); without that package (a product-only install) the
tests that need the shared data are skipped and tests/benchmarks is not collected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

try:
    from storyline_benchmarks.shared import shared_data_dir, shared_dir
except ImportError:  # storyline-benchmarks not installed
    collect_ignore = ["benchmarks"]

    def shared_dir() -> Path | None:
        return None

    def shared_data_dir() -> Path | None:
        return None


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder; tests that need it are skipped where it is absent."""
    base = shared_dir()
    if base is None:
        pytest.skip("../shared is not present")
    return base


@pytest.fixture(scope="session")
def shared_data() -> Path:
    base = shared_data_dir()
    if base is None:
        pytest.skip("../shared/data is not present")
    return base


@pytest.fixture(scope="session")
def samples(shared: Path) -> dict[str, Path]:
    """The two sample articles by their number ("000", "004")."""
    files = sorted((shared / "samples").glob("*.txt"))
    if not files:
        pytest.skip("../shared/samples is empty")
    return {f.name[:3]: f for f in files}
