"""Death tolls cross-checked on real coverage: FA-KES event groups (../shared/data/fakes-dev).

Each group is every FA-KES article of one date and location (two outlets or
more). Where articles give different civilian tolls, a careful reader judged
each pair: `conflict` (same incident, different tolls), `update` (a later or
revised toll of the same incident) or `different` (another incident, scope or
category). Measured, as the data set's README says:

- shown: conflict + update pairs for which one output conflict holds both
  tolls among its sides' values (numbers parsed from the side values; an
  update may be shown as kind `update`);
- false alarms: `different` pairs for which one output conflict holds both;
- alarms: single-incident groups whose articles all carry one toll, with any
  `number` or `count` conflict (a proxy: other figures can truly differ);
- one story: single-incident groups whose articles the default clusterer
  keeps together.

Every group runs as one story (`cluster="single"`, `dedup="none"`) for the
first three; the default clusterer for the last.

    .venv/bin/python benchmarks/fakes.py [--json] [--show] [--half even|odd]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data" / "fakes-dev"

Json = dict[str, Any]
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[A-Za-z]+(?:-[A-Za-z]+)?")


def load(data: Path = DATA) -> tuple[list[Json], dict[str, list[Json]], set[str]]:
    """(event groups, judged toll pairs by event, ids of multi-incident events)."""
    events = json.loads((data / "events.json").read_text())
    pairs = {g["event"]: g["pairs"] for g in json.loads((data / "toll_pairs.json").read_text())}
    multi = set(json.loads((data / "multi_incident.json").read_text()))
    return events, pairs, multi


def as_inputs(group: Json) -> list[Json]:
    return [
        {"text": a["text"], "title": a["title"], "source": a["source"], "published": a["published"]}
        for a in group["articles"]
    ]


def side_numbers(value: str) -> set[float]:
    """Every number written in a conflict side's value ("at least 24", "Thirty-five")."""
    from storyline.analyse.quantities import parse_number

    out = set()
    for m in _NUMBER.finditer(value):
        n = parse_number(m.group(0))
        if n is not None:
            out.add(n)
    return out


def holds_both(conflicts: list[Json], a: float, b: float) -> Json | None:
    """The first conflict whose sides' values hold both tolls (on two different sides)."""
    for c in conflicts:
        nums = [side_numbers(s["value"]) for s in c["sides"]]
        ia = [i for i, ns in enumerate(nums) if a in ns]
        ib = [i for i, ns in enumerate(nums) if b in ns]
        if any(i != j for i in ia for j in ib):
            return c
    return None


def evaluate(data: Path = DATA, show: bool = False, half: str | None = None) -> Json:
    """The four scores over the groups of `data`, with counts and the pairs missed.

    `half`: "even" or "odd" scores only the event groups at even or odd
    positions of events.json (develop on one, check on the other).
    """
    import storyline

    events, pairs, multi = load(data)
    if half is not None:
        events = events[{"even": 0, "odd": 1}[half] :: 2]
    shown: list[bool] = []
    as_update = 0
    false_alarms: list[bool] = []
    alarms: list[str] = []
    agreeing = 0
    one_story: list[bool] = []
    missed: list[str] = []
    raised: list[str] = []
    broken: list[str] = []  # schema, citation or one-claim errors of an output
    for group in events:
        ev = group["event"]
        out = storyline.brief(as_inputs(group), cluster="single", dedup="none")
        broken += [f"{ev}: {e}" for e in contract_errors(out)]
        conflicts = [c for s in out["stories"] for c in s["conflicts"]]
        for p in pairs.get(ev, []):
            hit = holds_both(conflicts, float(p["toll_a"]), float(p["toll_b"]))
            label = f"{ev}: {p['toll_a']} vs {p['toll_b']} ({p['judgement']})"
            if p["judgement"] in {"conflict", "update"}:
                shown.append(hit is not None)
                as_update += bool(hit and p["judgement"] == "update" and hit["kind"] == "update")
                if hit is None:
                    missed.append(label)
            else:
                false_alarms.append(hit is not None)
                if hit is not None:
                    raised.append(f"{label}: {hit['description']}")
        if ev in multi:
            continue
        tolls = {a["gold"]["nb_civilians"] for a in group["articles"]}
        if len(tolls) == 1:
            agreeing += 1
            bad = [c for c in conflicts if c["kind"] in {"number", "count"}]
            if bad:
                alarms.append(f"{ev}: " + " | ".join(c["description"] for c in bad))
        grouped = storyline.brief(as_inputs(group))
        one_story.append(len(grouped["stories"]) == 1)
        if show:
            print(f"== {ev}", file=sys.stderr)
            for c in conflicts:
                print(f"   {c['kind']}: {c['description']}", file=sys.stderr)
    return {
        "shown": _ratio(shown),
        "shown_n": f"{sum(shown)}/{len(shown)}",
        "updates_as_update": as_update,
        "false_alarm_rate": _ratio(false_alarms),
        "false_alarms_n": f"{sum(false_alarms)}/{len(false_alarms)}",
        "agreeing_alarm_rate": len(alarms) / agreeing if agreeing else 0.0,
        "agreeing_alarms_n": f"{len(alarms)}/{agreeing}",
        "one_story": _ratio(one_story),
        "one_story_n": f"{sum(one_story)}/{len(one_story)}",
        "missed": missed,
        "raised": raised,
        "alarms": alarms,
        "contract_errors": broken,
    }


def contract_errors(out: Json) -> list[str]:
    """Where an output breaks the contract: schema, exact citations, one claim per statement."""
    from storyline.validate import citation_errors, contradiction_errors, schema_errors

    return schema_errors(out) + citation_errors(out) + contradiction_errors(out)


def _ratio(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--show", action="store_true", help="print every group's conflicts")
    ap.add_argument("--half", choices=["even", "odd"],
                    help="only the event groups at even or odd places in events.json")  # fmt: skip
    args = ap.parse_args()
    if not args.data.exists():
        print(f"{args.data} is absent (the shared data sets sit beside the repository)")
        sys.exit(1)
    res = evaluate(args.data, args.show, args.half)
    if args.json:
        print(json.dumps(res, indent=2))
        return
    print(f"shown (conflict + update pairs): {res['shown_n']} = {res['shown']:.3f}"
          f"  (updates shown as update: {res['updates_as_update']})")  # fmt: skip
    print(f"false alarms on `different` pairs: {res['false_alarms_n']} = "
          f"{res['false_alarm_rate']:.3f}")  # fmt: skip
    print(f"agreeing single-incident groups with a number/count conflict: "
          f"{res['agreeing_alarms_n']} = {res['agreeing_alarm_rate']:.3f}")  # fmt: skip
    print(f"single-incident groups kept as one story: {res['one_story_n']} = "
          f"{res['one_story']:.3f}")  # fmt: skip
    for key in ("missed", "raised", "alarms"):
        for line in res[key]:
            print(f"  {key}: {line}")


if __name__ == "__main__":
    main()
