"""Quality gate: death tolls cross-checked on FA-KES event groups, floors in quality/fakes.json.

Rates that should stay low (false alarms on `different` pairs, alarms on agreeing
groups) are pinned as floors of one minus the rate.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from conftest import load_benchmark, need_shared
from quality_gate import assert_floors


def _bench() -> ModuleType:
    return load_benchmark("fakes")


@pytest.fixture(scope="module")
def scores() -> dict:
    data: Path = need_shared("data", "fakes-dev")
    return _bench().evaluate(data)  # type: ignore[no-any-return]


@pytest.mark.quality
@pytest.mark.slow
def test_quality_fakes_floors(scores: dict) -> None:
    measured = {
        "shown": scores["shown"],
        "no_false_alarm": 1 - scores["false_alarm_rate"],
        "no_agreeing_alarm": 1 - scores["agreeing_alarm_rate"],
        "one_story": scores["one_story"],
    }
    assert_floors("fakes", measured)


@pytest.mark.quality
@pytest.mark.slow
def test_quality_fakes_no_figure_false_alarm(scores: dict) -> None:
    """No conflict holds the tolls of two different incidents."""
    assert scores["raised"] == [], scores["raised"]


@pytest.mark.quality
@pytest.mark.slow
def test_quality_fakes_every_output_keeps_the_contract(scores: dict) -> None:
    """Schema, exact citations, and no statement citing two sides of a conflict, on every
    FA-KES group's brief."""
    assert scores["contract_errors"] == [], scores["contract_errors"][:5]
