"""Quantities: values, kinds, units and what they measure, with exact spans."""

from __future__ import annotations

import pytest

from storyline.analyse.quantities import QuantityConfig, article_quantities, parse_number
from storyline.model import Article

TEXT = (
    "The government raised tariffs to 30% on imported steel and to 25 percent on cars. "
    "It set aside $1.5 billion for farmers and €200 million for ports. "
    "Talks lasted six hours; this was the fourth round in 4 months, after a 90-day pause. "
    "The deadline has been extended three times, and 12 ministers attended."
)


@pytest.fixture(scope="module")
def quantities() -> dict[str, tuple]:
    art = Article(id="q", text=TEXT)
    qs = article_quantities(art, None, QuantityConfig())
    for q in qs:
        assert TEXT[q.span.start : q.span.end] == q.text
    return {q.text: (q.value, q.kind, q.unit, q.measures) for q in qs}


@pytest.mark.parametrize(
    "text, value, kind, unit",
    [
        ("30%", 30, "percent", "%"),
        ("25 percent", 25, "percent", "%"),
        ("$1.5 billion", 1.5e9, "money", "USD"),
        ("€200 million", 2e8, "money", "EUR"),
        ("six hours", 6, "duration", "hour"),
        ("4 months", 4, "duration", "month"),
        ("90-day", 90, "duration", "day"),
        ("fourth", 4, "ordinal", None),
        ("three times", 3, "count", "times"),
        ("12", 12, "count", None),
    ],
)
def test_quantities_values_and_kinds(
    quantities: dict, text: str, value: float, kind: str, unit: str | None
) -> None:
    assert text in quantities
    v, k, u, _ = quantities[text]
    assert (v, k, u) == (value, kind, unit)


def test_quantities_measures(quantities: dict) -> None:
    assert quantities["30%"][3] == "on imported steel"
    assert quantities["fourth"][3] == "round"
    assert quantities["12"][3] == "ministers"


def test_quantities_parse_number() -> None:
    assert parse_number("1,200") == 1200
    assert parse_number("twenty-five") == 25
    assert parse_number("banana") is None
