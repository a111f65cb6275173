"""Shared fixtures: the seeds and data sets in ../shared, and small articles written here."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
FIXTURES = ROOT / "tests" / "fixtures"


def need_shared(*parts: str) -> Path:
    """A path under ../shared; skip when it is absent, fail when STORYLINE_REQUIRE_SHARED=1."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"{path} is absent (the shared data sets sit beside the repository)"
        if os.environ.get("STORYLINE_REQUIRE_SHARED") == "1":
            pytest.fail(reason + " and STORYLINE_REQUIRE_SHARED=1")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need_shared("seeds")


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return need_shared("data")


@pytest.fixture(scope="session")
def seeds_brief(seeds_dir: Path) -> dict:
    """The brief of the five seed articles, computed once per test session."""
    import storyline

    return storyline.brief([seeds_dir])


def load_benchmark(name: str) -> ModuleType:
    """The module `benchmarks/<name>.py`, loaded once (the quality gates score with it)."""
    key = f"bench_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, ROOT / "benchmarks" / f"{name}.py")
        assert spec is not None and spec.loader is not None
        mod = importlib.util.module_from_spec(spec)
        sys.modules[key] = mod
        spec.loader.exec_module(mod)
    return sys.modules[key]
