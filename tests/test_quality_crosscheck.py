"""Quality gate of cross-checking: grouping and conflict precision / recall on tests/crosscheck_set.

The set is the project's own (short articles written for it, with planted
agreements, disagreements of every kind, and differences that are not
conflicts). Floors sit in quality/crosscheck.json; lowering one is a visible act.
The seeds run checks what only real text shows: every citation exact, and speed.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from conftest import load_benchmark

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "quality" / "crosscheck.json").read_text())


def _bench() -> ModuleType:
    return load_benchmark("crosscheck")


@pytest.fixture(scope="module")
def scores() -> dict:
    return _bench().evaluate()  # type: ignore[no-any-return]


@pytest.mark.quality
@pytest.mark.parametrize(
    "metric", ["group_precision", "group_recall", "conflict_precision", "conflict_recall"]
)
def test_quality_crosscheck_floor(scores: dict, metric: str) -> None:
    assert scores[metric] >= FLOORS[metric] - FLOORS["tolerance"], (metric, scores[metric])


@pytest.mark.quality
def test_quality_crosscheck_set_is_complete() -> None:
    stories = _bench().load_set()
    kinds = {c["kind"] for s in stories for c in s["conflicts"]}
    assert kinds == {"number", "direction", "date", "ordinal", "count", "quote_speaker",
                     "quote_wording"}  # fmt: skip
    assert sum(len(s["non_conflicts"]) for s in stories) >= 10
    assert all(3 <= len(s["articles"]) <= 5 for s in stories)


@pytest.mark.quality
def test_quality_crosscheck_seeds_citations_exact_and_fast(seeds_brief: dict) -> None:
    texts = {a["id"]: a["text"] for a in seeds_brief["articles"]}
    story = seeds_brief["stories"][0]
    assert any(s["support"] >= 3 for s in story["statements"])
    for st in story["statements"]:
        cited = [texts[c["article"]][c["start"] : c["end"]] for c in st["citations"]]
        assert st["text"] in cited
    for c in story["conflicts"]:
        assert len(c["sides"]) >= 2 and c["description"]
        for side in c["sides"]:
            assert all(texts[x["article"]][x["start"] : x["end"]] for x in side["citations"])
    n, secs = _bench().time_one_story()
    assert secs < 5.0, f"statements + conflicts took {secs:.1f}s on {n} articles"
