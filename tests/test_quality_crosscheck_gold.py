"""Quality gate of cross-checking on real coverage read by a person (../shared/data).

`basil-dev/crosscheck-gold` (BASIL events) and `seeds-gold` (the five seeds),
scored by `benchmarks/crosscheck_gold.py` with the metrics of the gold's README.
Floors sit in quality/crosscheck_gold.json (BASIL) and quality/crosscheck_seeds.json;
lowering one is a visible act. A
statement citing two sides of a gold conflict fails outright, on every event.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from conftest import load_benchmark, need_shared
from quality_gate import assert_floors
from storyline.validate import citation_errors, contradiction_errors

ROOT = Path(__file__).resolve().parents[1]


def _bench() -> ModuleType:
    return load_benchmark("crosscheck_gold")


@pytest.fixture(scope="module")
def runs() -> dict[str, list[tuple[dict, dict, list[str]]]]:
    """(gold, brief, gold letters) per event, for both gold sets."""
    need_shared("data", "basil-dev", "crosscheck-gold")
    need_shared("data", "seeds-gold", "seeds.json")
    bench = _bench()
    out: dict[str, list[tuple[dict, dict, list[str]]]] = {}
    for which in ("basil", "seeds"):
        out[which] = []
        for path in bench.gold_files(which):
            gold = json.loads(path.read_text())
            inputs = bench.articles_of(gold, which)
            out[which].append((gold, bench.brief_event(inputs), list(inputs)))
    return out


def _scores(runs: dict, which: str) -> dict:
    bench = _bench()
    rows = [bench.score_event(g, which, b, letters) for g, b, letters in runs[which]]
    return bench.totals(rows)  # type: ignore[no-any-return]


@pytest.mark.quality
@pytest.mark.slow
def test_quality_crosscheck_gold_basil_floors(runs: dict) -> None:
    assert_floors("crosscheck_gold", _scores(runs, "basil"))


@pytest.mark.quality
def test_quality_crosscheck_gold_seeds_floors(runs: dict) -> None:
    assert_floors("crosscheck_seeds", _scores(runs, "seeds"))


@pytest.mark.quality
@pytest.mark.slow
@pytest.mark.parametrize("which", ["basil", "seeds"])
def test_quality_crosscheck_gold_no_contradiction_as_support(runs: dict, which: str) -> None:
    assert _scores(runs, which)["contradictions_as_support"] == 0
    for _, brief, _ in runs[which]:
        assert contradiction_errors(brief) == []
        assert citation_errors(brief) == []


@pytest.mark.quality
def test_quality_crosscheck_gold_seeds_disagreements_found(runs: dict) -> None:
    """Both seeds conflicts (tariff sides, number of extensions) are shown, and nothing else
    is raised that a careful reader did not call a conflict or a doubtful one."""
    scores = _scores(runs, "seeds")
    assert scores["conflict_recall"] == 1.0, scores["counts"]
    assert scores["conflict_precision"] >= 0.5, scores["counts"]


@pytest.mark.quality
@pytest.mark.xfail(
    strict=True,
    reason="issue 10, not met: 'nearing an agreement' / 'very close' / 'edging closer' share too "
    "few words for lexical alignment, and one outlet tells the fact over two sentences that "
    "each sit in one of the two statements (3 and 2 sources); letting two statements that "
    "hold such adjacent sentences merge costs BASIL pair precision 0.912 -> 0.889, and with "
    "--embeddings (the model judging the merge) 0.916 -> 0.878 (benchmarks/crosscheck_gold.py)",
)
def test_quality_crosscheck_gold_seeds_lead_fact_counted_with_every_outlet(runs: dict) -> None:
    """The lead fact (the two countries near a TikTok deal) is one statement of all its outlets."""
    bench = _bench()
    gold, brief, letters = runs["seeds"][0]
    lead = next(f for f in gold["facts"] if "nearing a deal" in f["fact"])
    loc = bench.Locator(letters, brief)
    spans = [loc.find(s["article"], s["text"]) for s in lead["support"]]
    outlets = {s["article"] for s in lead["support"]}
    best = max(
        brief["stories"][0]["statements"],
        key=lambda st: sum(
            any(bench._overlap(c, x) for c in bench._cites(st["citations"])) for x in spans if x
        ),
    )
    assert best["support"] == len(outlets), (lead["fact"], best["text"], best["support"])
