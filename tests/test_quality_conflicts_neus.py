"""Quality gate: conflicts raised on neus-dev, where no gold judges them (floor in
quality/conflicts_neus.json): the share of clusters without one, and the contract on
every cluster's brief."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import load_benchmark, need_shared
from quality_gate import assert_floors


@pytest.fixture(scope="module")
def scores() -> dict:
    path: Path = need_shared("data", "neus-dev", "clusters.json")
    return load_benchmark("conflicts_neus").evaluate(path)  # type: ignore[no-any-return]


@pytest.mark.quality
@pytest.mark.slow
def test_quality_conflicts_neus_floor(scores: dict) -> None:
    assert scores["clusters"] == 100
    assert_floors("conflicts_neus", {"quiet_share": scores["quiet_share"]})


@pytest.mark.quality
@pytest.mark.slow
def test_quality_conflicts_neus_every_output_keeps_the_contract(scores: dict) -> None:
    assert scores["contract_errors"] == [], scores["contract_errors"][:5]
