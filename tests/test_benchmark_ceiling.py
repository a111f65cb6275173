"""`benchmarks/crosscheck_ceiling.py`: the grouping recall the statement design can reach."""

from __future__ import annotations

from conftest import load_benchmark


def test_ceiling_a_sentence_of_two_facts_needs_two_statements() -> None:
    """A sentence of article a that states two facts, one echoed by b and one by c: with
    each sentence in one statement one of the two pairs stays apart; with two, both meet.
    A span on no unit of the brief is in no statement."""
    ceiling = load_benchmark("crosscheck_ceiling").ceiling
    a1, b1, c1 = ("a", 0, 40), ("b", 0, 30), ("c", 0, 30)
    facts = [[("a", a1), ("b", b1)], [("a", a1), ("c", c1)], [("b", None), ("c", c1)]]
    assert ceiling(facts, 1) == (1, 3)
    assert ceiling(facts, 2) == (2, 3)
