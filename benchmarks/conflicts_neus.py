"""Conflicts raised on coverage no gold covers, to be read as an editor would.

neus-dev (../shared/data/neus-dev/clusters.json) holds 100 clusters of three
outlets' leads on one event each. Real outlets mostly agree, so every conflict
raised there is either a real difference between outlets or a false alarm; no
gold says which, so this script prints each one with the sentences it cites,
and the count. Read them before claiming conflict precision: the gold sets
(`crosscheck_gold.py`, `fakes.py`) hold few conflicts, and a rule that fires
wrongly on other wording shows here first.

Each cluster runs as one story (`cluster="single"`), each article as its own
source.

    .venv/bin/python benchmarks/conflicts_neus.py [--json] [--limit N]

Gated in CI (tests/test_quality_conflicts_neus.py, quality/conflicts_neus.json): the
share of clusters with no conflict, and the contract (schema, exact citations, no
statement citing two sides of a conflict) on every cluster's brief.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "neus-dev" / "clusters.json"

Json = dict[str, Any]


def conflicts(
    path: Path = DEFAULT, limit: int | None = None, broken: list[str] | None = None
) -> list[Json]:
    """Every conflict of every cluster: its cluster index, kind, description, and per
    side the value and the sentences cited. `broken` collects where a cluster's brief
    breaks the contract (schema, exact citations, one claim per statement)."""
    import storyline
    from storyline.validate import citation_errors, contradiction_errors, schema_errors

    clusters = json.loads(path.read_text(encoding="utf-8"))[:limit]
    out: list[Json] = []
    for n, c in enumerate(clusters):
        arts = [{"text": a, "source": f"outlet {k + 1}"} for k, a in enumerate(c["articles"])]
        result = storyline.brief(arts, cluster="single")
        if broken is not None:
            errors = schema_errors(result) + citation_errors(result)
            broken += [f"cluster {n}: {e}" for e in errors + contradiction_errors(result)]
        texts = {a["id"]: a["text"] for a in result["articles"]}
        out += [
            {"cluster": n, **read_conflict(k, texts)} for k in result["stories"][0]["conflicts"]
        ]
    return out


def read_conflict(k: Json, texts: dict[str, str]) -> Json:
    """A conflict to read: its kind, description, and per side the value and the sentences
    it cites (`texts`: article id -> text)."""
    sides = [
        {"value": s["value"],
         "cited": [texts[x["article"]][x["start"] : x["end"]] for x in s["citations"]]}
        for s in k["sides"]
    ]  # fmt: skip
    return {"kind": k["kind"], "description": k["description"], "sides": sides}


def print_sides(k: Json) -> None:
    """Each side's value and cited sentences, one line each (`read_conflict`)."""
    for s in k["sides"]:
        for text in s["cited"]:
            print(f"    {s['value'][:30]!r:34} {text[:200]}")


def evaluate(path: Path = DEFAULT, limit: int | None = None) -> Json:
    """The conflicts, and the share of clusters with none (`quiet_share`): outlets on
    one event mostly agree, so a drop in it is new alarms to read (the quality gate
    pins it; raising the floor's allowance is a deliberate edit after reading them)."""
    broken: list[str] = []
    found = conflicts(path, limit, broken)
    n = len(json.loads(path.read_text(encoding="utf-8"))[:limit])
    noisy = len({k["cluster"] for k in found})
    return {"clusters": n, "conflicts": found, "quiet_share": round(1 - noisy / n, 4),
            "contract_errors": broken}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data}: not found (neus-dev is in ../shared/data)", file=sys.stderr)
        return 2
    t0 = time.process_time()
    scores = evaluate(args.data, args.limit)
    found = scores["conflicts"]
    if args.json:
        print(json.dumps(scores, indent=1))
        return 0
    for k in found:
        print(f"[{k['cluster']}] {k['kind']}: {k['description']}")
        print_sides(k)
    print(
        f"{len(found)} conflicts; clusters with none {scores['quiet_share']:.2f}; "
        f"{time.process_time() - t0:.1f} CPU-s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
