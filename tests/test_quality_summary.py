"""Quality gate: summary ROUGE on NeuS dev, side by side with the systems shipped in the file."""

from __future__ import annotations

import pytest
from benchmarks.summary_neus import METRICS, evaluate
from tests.conftest import need_shared
from tests.quality_gate import assert_floors


@pytest.mark.quality
@pytest.mark.slow
def test_quality_summary_rouge_floors_and_ahead_of_lexrank() -> None:
    path = need_shared("data", "neus-dev", "clusters.json")
    res = evaluate(path)
    ours, lexrank = res["scores"]["storyline"], res["scores"]["lexrank"]
    assert_floors("summary", {f"storyline_{m}": ours[m] / 100 for m in METRICS})
    assert all(ours[m] > lexrank[m] for m in METRICS), res["scores"]
    # the property, on every cluster: each summary sentence is the exact text of each citation
    assert res["storyline_bad_citations"] == 0
    assert res["storyline_over_budget"] == 0
    assert res["storyline_seconds"] < 120
