"""CPU of the per-story stages over many small stories: the first N PolNeAR texts, clustered.

The texts are clustered as a plain run clusters them (many stories of a few
articles each, unlike `story_scale.py`, which puts N articles in one story),
and every story is built in this one process (`workers=1`), so that the CPU of
the per-story stages is measured whole. spaCy parses are cached as in
`story_scale.py` (`--cache`), so a second run spends its time on the stories.
Reported: CPU seconds of the brief without parsing (`story_cpu_s`), per stage,
the number of stories, and a digest of the whole JSON (to check that two
versions of the code give identical output).

    .venv/bin/python benchmarks/story_stages.py [--n 300] [--repeat 1] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from story_scale import DATA, add_text_options, texts, texts_found, timed_stages  # noqa: E402

Json = dict[str, Any]


def measure(n: int, cache: Path | None, data: Path = DATA) -> Json:
    """The first `n` texts through `storyline.brief` in one process, timed per per-story stage."""
    import storyline

    cpu: dict[str, float] = {}
    with timed_stages(cache, cpu):
        paths = [str(p) for p in texts(n, data)]
        t0 = time.process_time()
        out = storyline.brief(paths, workers=1, quiet=True)
        total = time.process_time() - t0
    story_slots = {k: v for k, v in cpu.items() if k not in ("parse", "dedup", "cluster")}
    digest = hashlib.sha256(json.dumps(out, sort_keys=True).encode()).hexdigest()[:16]
    return {
        "articles": n,
        "stories": len(out["stories"]),
        "cpu_s": round(total, 2),
        "story_cpu_s": round(sum(story_slots.values()), 2),
        "stages_cpu_s": {k: round(v, 2) for k, v in sorted(cpu.items(), key=lambda kv: -kv[1])},
        "digest": digest,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300, help="number of PolNeAR texts")
    add_text_options(ap)
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    if not texts_found(args.data):
        return 2
    cache = None if str(args.cache) == "none" else args.cache
    r = measure(args.n, cache, args.data)
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    top = ", ".join(f"{k} {v:.2f}" for k, v in r["stages_cpu_s"].items())
    print(
        f"N={r['articles']} stories {r['stories']}  CPU {r['cpu_s']:.1f} s "
        f"(per-story stages {r['story_cpu_s']:.2f} s)  digest {r['digest']}\n  {top}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
