"""Shared fixtures: the seeds and data sets in ../shared, and small articles written here."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

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


def story_context(articles: list[dict], story_id: str = "s-test") -> Any:
    """A StoryContext of the given article dicts, read and parsed as one story."""
    from storyline import api
    from storyline.analyse import nlp
    from storyline.config import Config
    from storyline.context import StoryContext
    from storyline.ingest.readers import read_inputs

    arts, _ = read_inputs(articles, Config(cluster="single"))
    return StoryContext(story_id, arts, nlp.annotate(arts), api.source_keys(arts))


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


# --- stores: SQLite (a file) and PostgreSQL (a fresh database on a running server) ---------

PG_SERVER = os.environ.get("STORYLINE_TEST_PG", "postgresql:///postgres?host=/var/run/postgresql")


def _pg_admin() -> object:
    """A connection to the test server, or a skip (a fail with STORYLINE_REQUIRE_PG=1)."""
    try:
        import psycopg

        return psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=5)
    except Exception as e:  # no psycopg, no server: say which
        reason = f"no PostgreSQL server at {PG_SERVER} ({type(e).__name__}: {str(e).strip()})"
        if os.environ.get("STORYLINE_REQUIRE_PG") == "1":
            pytest.fail(reason + " and STORYLINE_REQUIRE_PG=1")
        pytest.skip(reason + "; set STORYLINE_TEST_PG to a server URL")


def pg_database(name: str) -> str:
    """A new empty database on the test server; its URL."""
    import re

    admin = _pg_admin()
    db = "storyline_test_" + re.sub(r"\W", "_", name.lower())[-40:] + f"_{os.getpid()}"
    admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')  # type: ignore[attr-defined]
    admin.execute(f'CREATE DATABASE "{db}"')  # type: ignore[attr-defined]
    admin.close()  # type: ignore[attr-defined]
    return re.sub(r"(://[^/?]*/)[^?]*", rf"\g<1>{db}", PG_SERVER, count=1)


def drop_pg_database(url: str) -> None:
    import re

    name = re.search(r"://[^/?]*/([^?]*)", url).group(1)  # type: ignore[union-attr]
    admin = _pg_admin()
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[attr-defined]
    admin.close()  # type: ignore[attr-defined]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_db(request: pytest.FixtureRequest, tmp_path: Path) -> object:
    """Where a test's store goes, once per backend: a SQLite file, then a PostgreSQL URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "news.db")
        return
    url = pg_database(request.node.name)
    yield url
    drop_pg_database(url)
