"""Floors for the quality gates: measured scores pinned in quality/<area>.json.

Lowering a floor is a deliberate, visible edit of that file.
"""

from __future__ import annotations

import json
from pathlib import Path

QUALITY = Path(__file__).resolve().parents[1] / "quality"


def floors(area: str) -> dict[str, float]:
    data = json.loads((QUALITY / f"{area}.json").read_text())
    return {k: v for k, v in data.items() if not k.startswith("_")}


def assert_floors(area: str, measured: dict[str, float]) -> None:
    """Every pinned metric is measured and at least its floor minus the tolerance."""
    pinned = floors(area)
    tol = pinned.pop("tolerance", 0.0)
    low = {
        k: (round(measured.get(k, float("nan")), 4), floor)
        for k, floor in pinned.items()
        if not measured.get(k, float("-inf")) >= floor - tol
    }
    assert not low, f"{area}: below the floors in quality/{area}.json (measured, floor): {low}"
