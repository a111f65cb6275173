"""spaCy annotation speed and peak memory on the PolNeAR articles.

    .venv/bin/python benchmarks/nlp_speed.py [--split dev] [--json]

Two configurations, each in a fresh subprocess so that peak memory is its own:
- baseline: the full default pipeline as spaCy ships it (`nlp.load(stock=True)`), one
  `nlp(text)` call per article, one process;
- storyline: `storyline.analyse.nlp.annotate` (nlp.pipe, batches of `nlp.BATCH`, both cores on
  batches of `nlp.POOL_FROM` articles or more).
Peak memory is the maximum resident set size (getrusage) of the process plus
its worker processes. The table gives articles/s and the ratios.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "polnear-dev"


def _texts(split: str) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((DATA / split / "text").glob("*.txt"))]


def _worker(mode: str, split: str) -> dict[str, float]:
    from storyline.analyse import nlp
    from storyline.model import Article, article_id

    texts = _texts(split)
    model = nlp.load(stock=mode == "baseline")
    t0 = time.perf_counter()
    if mode == "baseline":
        docs = [model(t) for t in texts]
    else:
        arts = [Article(id=article_id(t), text=t) for t in texts]
        docs = list(nlp.annotate(arts).values())
    secs = time.perf_counter() - t0
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "articles": len(docs),
        "seconds": round(secs, 2),
        "articles_per_s": round(len(docs) / secs, 2),
        "peak_rss_mb": round((self_kb + child_kb) / 1024, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--worker", choices=["baseline", "storyline"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        print(json.dumps(_worker(args.worker, args.split)))
        return 0
    if not DATA.exists():
        print(f"{DATA} is absent; nothing to measure", file=sys.stderr)
        return 1
    res = {}
    for mode in ("baseline", "storyline"):
        out = subprocess.run(
            [sys.executable, __file__, "--worker", mode, "--split", args.split],
            capture_output=True,
            text=True,
            check=True,
        )
        res[mode] = json.loads(out.stdout.strip().splitlines()[-1])
    b, s = res["baseline"], res["storyline"]
    res["speedup"] = round(s["articles_per_s"] / b["articles_per_s"], 2)
    res["memory_ratio"] = round(s["peak_rss_mb"] / b["peak_rss_mb"], 2)
    if args.json:
        print(json.dumps(res, indent=1))
        return 0
    print(f"spaCy annotation, PolNeAR {args.split} ({b['articles']} articles)")
    print(f"{'configuration':<14}{'seconds':>9}{'articles/s':>12}{'peak MB':>9}")
    for mode in ("baseline", "storyline"):
        m = res[mode]
        print(f"{mode:<14}{m['seconds']:>9}{m['articles_per_s']:>12}{m['peak_rss_mb']:>9}")
    print(f"speed-up x{res['speedup']}, memory x{res['memory_ratio']} (storyline / baseline)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
