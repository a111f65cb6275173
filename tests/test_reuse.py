"""With --db, a story whose articles, options and code did not change is read back, not rebuilt:
the same JSON, no parse and no per-story stage for it; anything that changes it rebuilds it."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.test_store import AIRLINE, HARBOUR

import storyline
from storyline import api
from storyline.analyse import nlp


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> dict[str, list]:
    """The stories built and the articles parsed by each run (the real functions run)."""
    seen: dict[str, list] = {"built": [], "parsed": []}
    real_build, real_parse = api.build_story, nlp.parse

    def build(ctx, cfg, title):  # type: ignore[no-untyped-def]
        seen["built"].append(title)
        return real_build(ctx, cfg, title)

    def parse(articles, *args, **kw):  # type: ignore[no-untyped-def]
        seen["parsed"].extend(a.id for a in articles)
        return real_parse(articles, *args, **kw)

    monkeypatch.setattr(api, "build_story", build)
    monkeypatch.setattr(nlp, "parse", parse)
    return seen


def _docs(texts: list[str]) -> list[dict]:
    """Articles of one outlet each (the outlet named after the text: stable across runs)."""
    return [{"text": t, "source": f"outlet-{t[:12]}"} for t in texts]


def test_reuse_unchanged_stories_come_back_identical_without_parsing(
    tmp_path: Path, counted: dict[str, list]
) -> None:
    db = str(tmp_path / "news.db")
    docs = _docs([*HARBOUR, *AIRLINE])
    cold = storyline.brief(docs, db=db, workers=1)
    assert len(counted["built"]) == 2 and len(counted["parsed"]) == 5
    counted["built"].clear()
    counted["parsed"].clear()
    warm = storyline.brief(docs, db=db, workers=1)
    assert warm == cold
    assert counted["built"] == [] and counted["parsed"] == []


def test_reuse_a_changed_story_is_rebuilt_and_the_others_are_not(
    tmp_path: Path, counted: dict[str, list]
) -> None:
    db = str(tmp_path / "news.db")
    storyline.brief(_docs([*HARBOUR[:2], *AIRLINE]), db=db, workers=1)
    counted["built"].clear()
    both = storyline.brief(_docs([*HARBOUR, *AIRLINE]), db=db, workers=1)
    (harbour,) = [s for s in both["stories"] if len(s["articles"]) == 3]
    assert counted["built"] == [harbour["title"]]  # the airline story came from the store
    fresh = storyline.brief(_docs([*HARBOUR, *AIRLINE]), workers=1)  # no store: all rebuilt
    assert [s["statements"] for s in both["stories"]] == [s["statements"] for s in fresh["stories"]]


def test_reuse_other_options_rebuild(tmp_path: Path, counted: dict[str, list]) -> None:
    db = str(tmp_path / "news.db")
    docs = _docs(HARBOUR)
    storyline.brief(docs, db=db)
    counted["built"].clear()
    shorter = storyline.brief(docs, db=db, summary_sentences=1)
    assert len(counted["built"]) == 1
    assert len(shorter["stories"][0]["summary"]) == 1


def test_reuse_remembers_the_latest_build_only(tmp_path: Path, counted: dict[str, list]) -> None:
    db = str(tmp_path / "news.db")
    docs = _docs(HARBOUR)
    storyline.brief(docs, db=db)
    storyline.brief(docs, db=db, summary="none")  # the latest revision is another build
    counted["built"].clear()
    again = storyline.brief(docs, db=db)
    assert len(counted["built"]) == 1  # the first build is no longer the story's head
    assert again["stories"][0]["summary"]  # and this build's summary is back
