"""Quality gate: story clustering recovers the events of neus-dev and basil-dev.

Floors in quality/cluster.json; lowering one is a deliberate, visible act.
"""

from __future__ import annotations

import json
import sys

import pytest

from conftest import ROOT, need_shared

sys.path.insert(0, str(ROOT / "benchmarks"))

FLOORS = json.loads((ROOT / "quality" / "cluster.json").read_text())
TOL = FLOORS["tolerance"]


@pytest.mark.quality
@pytest.mark.parametrize("name", ["neus", "basil"])
def test_quality_cluster_bcubed_floor_and_ahead_of_baseline(name: str) -> None:
    import cluster_quality as cq

    shared = need_shared("data").parent
    inputs, gold = cq.load_neus(shared) if name == "neus" else cq.load_basil(shared)
    row = cq.evaluate(name, inputs, gold)
    ours, base = row["storyline"], row["baseline"]
    assert ours["f1"] >= FLOORS[f"{name}_bcubed_f1"] - TOL, row
    assert ours["f1"] - base["f1"] >= FLOORS[f"{name}_margin_over_baseline"] - TOL, row
    assert abs(ours["stories"] - row["events"]) <= 0.15 * row["events"], row


@pytest.mark.quality
@pytest.mark.parametrize("name", ["neus", "basil"])
@pytest.mark.parametrize("order", ["random", "hard"])
def test_quality_cluster_incremental_batches_match_floor(name: str, order: str) -> None:
    """Three batches through a store (random order, or every event starting alone)."""
    import cluster_quality as cq

    shared = need_shared("data").parent
    inputs, gold = cq.load_neus(shared) if name == "neus" else cq.load_basil(shared)
    row = cq.incremental(name, inputs, gold, order)
    assert row["f1"] >= FLOORS[f"{name}_incremental_{order}_f1"] - TOL, row
    assert abs(row["stories"] - len(set(gold))) <= 0.15 * len(set(gold)), row
