"""Watching a local feed server that publishes items over time, with a kill mid-run.

    python benchmarks/watch.py --items 1000 --seconds 60 --events 5
    python benchmarks/watch.py --items 60 --events 3 --analyse     # briefs and revisions too

Runs `storyline watch` (its own process) against three feeds on 127.0.0.1
(Atom with full text, RSS teasers whose pages are fetched, RSS mixed), kills
it with SIGKILL once a third of the items are marked, starts it again, stops
it with SIGTERM once every published item is marked, and checks the store:
every item stored exactly once, each event in one story of its own, nothing
left failing, and with --analyse each story's change log adding each article
once (the harness of `tests/test_watch.py`). Prints the figures as
JSON: wall seconds of the whole run and CPU seconds of the watcher processes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.test_watch import (  # noqa: E402
    check_change_log,
    check_exactly_once,
    watch_with_kill,
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--items", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=60.0, help="publishing time")
    ap.add_argument("--events", type=int, default=5, help="events (stories), at most 5")
    ap.add_argument("--analyse", action="store_true", help="watch with analysis (slow)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        got = watch_with_kill(Path(tmp), args.items, args.seconds, args.events, args.analyse)
        problem = None
        try:
            check_exactly_once(got, args.items, args.events)
            if args.analyse:
                check_change_log(got)
        except AssertionError as e:
            problem = str(e) or "check failed"
    figures = {
        "items": args.items,
        "events": args.events,
        "analyse": args.analyse,
        "published_over_s": args.seconds,
        "marked_at_kill": got["at_kill"],
        "passes_reported": len(got["stdout"].splitlines()),
        "stories": len({r[3] for r in got["rows"]}),
        "articles_stored": got["articles"][0],
        "failures_left": len(got["failures"]),
        "exactly_once_in_the_right_story": problem is None,
        "change_log_checked": args.analyse,
        "problem": problem,
        "wall_s": round(got["wall"], 1),
        "watcher_cpu_s": round(got["cpu"], 1),
    }
    print(json.dumps(figures, indent=2))
    sys.exit(0 if problem is None else 1)


if __name__ == "__main__":
    main()
