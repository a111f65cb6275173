"""Quality gate: direct quotes and speakers on PolNeAR dev, floors in quality/quotes.json."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from conftest import ROOT, need_shared

FLOORS = json.loads((ROOT / "quality" / "quotes.json").read_text())


def _bench():  # type: ignore[no-untyped-def]
    path = ROOT / "benchmarks" / "quotes_polnear.py"
    spec = importlib.util.spec_from_file_location("quotes_polnear", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up here
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def result() -> dict:
    root: Path = need_shared("data", "polnear-dev")
    return _bench().evaluate("dev", root)


@pytest.mark.quality
@pytest.mark.slow
def test_quality_quotes_f1_and_speakers(result: dict) -> None:
    ours, tol = result["storyline"], FLOORS["tolerance"]
    assert ours["f1"] >= FLOORS["quote_f1"] - tol, ours
    assert ours["precision"] >= FLOORS["quote_precision"] - tol, ours
    assert ours["recall"] >= FLOORS["quote_recall"] - tol, ours
    assert ours["speaker_accuracy"] >= FLOORS["speaker_accuracy"] - tol, ours


@pytest.mark.quality
@pytest.mark.slow
def test_quality_quotes_ahead_of_textacy(result: dict) -> None:
    theirs = result["textacy"]
    if "f1" not in theirs:
        pytest.skip(f"textacy not measured: {theirs.get('status')}")
    ours = result["storyline"]
    assert ours["f1"] > theirs["f1"]
    assert ours["speaker_accuracy"] > theirs["speaker_accuracy"]
