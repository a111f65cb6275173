"""How much grouping recall the statement design can reach on the cross-checking gold.

A statement cites at most one unit (a sentence, or a description cut from one) of each
article, and the statements stage puts most units in one statement. The gold
(`basil-dev/crosscheck-gold`, `seeds-gold`) pairs the spans of one fact across outlets,
and a long sentence often states several facts, each echoed by another article's
sentence: with each unit in one statement, some of those pairs can never be covered.

For each event this reads the brief's own units (every span some statement cites), puts
each gold span on the unit it overlaps most, and fills statements with the gold's facts
greedily (the facts with the most cross-outlet pairs first; a unit joins at most
`--members` facts, one unit per article per fact). The share of gold pairs so covered
is a ceiling of grouping recall (greedy, so a little under the exact one) for a perfect
judge of which units state one fact, at that number of statements per unit.

    .venv/bin/python benchmarks/crosscheck_ceiling.py [--members 1,2,3]
"""

from __future__ import annotations

import argparse
import json
import sys
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import crosscheck_gold as gold_bench  # noqa: E402

Loc = gold_bench.Loc


def units_of(out: gold_bench.Json) -> list[Loc]:
    """Every span a statement of the brief's one story cites."""
    story = out["stories"][0]
    return sorted({(c["article"], c["start"], c["end"]) for st in story["statements"]
                   for c in st["citations"]})  # fmt: skip


def unit_at(units: list[Loc], loc: Loc) -> Loc | None:
    """The unit of the span's article that overlaps it most."""
    best, most = None, 0
    for u in units:
        if u[0] == loc[0] and (over := min(u[2], loc[2]) - max(u[1], loc[1])) > most:
            best, most = u, over
    return best


def ceiling(facts: list[list[tuple[str, Loc | None]]], members: int) -> tuple[int, int]:
    """(gold pairs covered, gold pairs) when each unit serves at most `members` facts (a
    span on no unit, None, is in no statement)."""
    pairs = [[(a, b) for (la, a), (lb, b) in combinations(f, 2) if la != lb] for f in facts]
    order = sorted(range(len(facts)), key=lambda i: -len(pairs[i]))
    serves: dict[Loc, int] = {}
    statements: list[set[Loc]] = []
    for i in order:
        taken: dict[str, Loc] = {}  # article -> the fact's unit there
        for _, u in facts[i]:
            if u is not None and u[0] not in taken and serves.get(u, 0) < members:
                taken[u[0]] = u
        for u in taken.values():
            serves[u] = serves.get(u, 0) + 1
        statements.append(set(taken.values()))
    # a pair is covered by any statement holding both its units (another fact's too)
    covered = sum(
        a is not None and any(a in st and b in st for st in statements) for p in pairs for a, b in p
    )
    return covered, sum(len(p) for p in pairs)


def evaluate(which: str, members: list[int]) -> dict[int, float]:
    covered = dict.fromkeys(members, 0)
    total = 0
    for path in gold_bench.gold_files(which):
        gold = json.loads(path.read_text(encoding="utf-8"))
        inputs = gold_bench.articles_of(gold, which)
        out = gold_bench.brief_event(inputs)
        loc = gold_bench.Locator(list(inputs), out)
        units = units_of(out)
        facts = []
        for f in gold["facts"]:
            spans: list[tuple[str, Loc | None]] = []
            for s in f["support"]:
                hit = loc.find(s["article"], s["text"])
                if hit is not None:  # (the gold benchmark counts only spans it finds)
                    spans.append((s["article"], unit_at(units, hit)))
            facts.append(spans)
        for k in members:
            got, n = ceiling(facts, k)
            covered[k] += got
        total += n
    return {k: round(v / total, 4) if total else 0.0 for k, v in covered.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--members", default="1,2,3", help="statements a unit may join, listed")
    args = ap.parse_args(argv)
    members = [int(x) for x in args.members.split(",")]
    if not gold_bench.BASIL.exists():
        print(f"{gold_bench.BASIL} is absent; nothing to measure", file=sys.stderr)
        return 1
    for which in ("basil", "seeds"):
        res = evaluate(which, members)
        cells = "  ".join(f"{k} per unit: {v:.3f}" for k, v in res.items())
        print(f"{which:<6} grouping recall ceiling  {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
