"""Speed and memory of dedup + story clustering at 1k, 10k and 100k articles.

The corpora are real text recombined: each synthetic event takes the articles
of one real event (neus-dev, basil-dev), gives its proper nouns and half its
other words invented names of its own (so that 100k articles make ~50k
distinct events, as a day of real news has many stories with their own names
rather than 150 giant ones), and
writes one article per real article of the event (1 to 3, each keeping ~80% of
its sentences), dated within a month; about 5% get a copy with a new headline.
Only dedup and clustering are timed (no reading, no spaCy). Each size runs
in its own process, so the peak resident memory is that size's own.

    .venv/bin/python benchmarks/cluster_scale.py [--sizes 1000,10000] [--json]

Also printed: B-cubed F1 against the synthetic events, a check that speed
was not bought with quality.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
import zlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ren",
    "to",
    "vash",
    "qu",
    "el",
    "dar",
    "in",
    "sa",
    "bor",
    "ne",
    "th",
]
WORD = re.compile(r"\b[A-Za-z][a-z]{2,}\b")
SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def base_events() -> list[list[str]]:
    """Real events as lists of article texts (title first where there is one)."""
    from cluster_quality import load_basil, load_neus
    from storyline.config import Config
    from storyline.ingest.readers import read_inputs

    events: dict[str, list[str]] = {}
    for inputs, gold in (load_neus(), load_basil()):
        articles, _ = read_inputs(inputs, Config())
        for a, g in zip(articles, gold, strict=True):
            events.setdefault(g, []).append(a.text)
    return list(events.values())


def pseudo_name(event: int, word: str) -> str:
    h = zlib.crc32(f"{event}:{word}".encode())
    parts = [SYLLABLES[(h >> (4 * k)) % len(SYLLABLES)] for k in range(3)]
    return "".join(parts).capitalize()


def build_corpus(n: int, seed: int = 7) -> tuple[list[Any], list[int]]:
    """`n` Articles and the synthetic event of each."""
    from storyline.model import Article, article_id
    from storyline.stories.clustering import STOP

    rng = random.Random(seed)
    bases = [[SENT.split(t) for t in ev] for ev in base_events()]
    start = date(2025, 1, 1)
    articles: list[Article] = []
    gold: list[int] = []
    event = 0
    while len(articles) < n:
        base = bases[rng.randrange(len(bases))]
        names: dict[str, str] = {}

        def rename(m: re.Match[str], ev: int = event, names: dict[str, str] = names) -> str:
            w = m.group(0)
            if w.lower() in STOP:
                return w
            if w not in names:  # all names, half the other words, consistently per event
                keep = w[0].islower() and zlib.crc32(f"{ev}/{w}".encode()) % 2 == 0
                names[w] = w if keep else pseudo_name(ev, w)
                if w[0].islower():
                    names[w] = names[w].lower()
            return names[w]

        day = start + timedelta(days=rng.randrange(30))
        for sentences in rng.sample(base, min(rng.randint(1, len(base)), n - len(articles))):
            keep = [s for s in sentences if rng.random() < 0.8] or sentences
            text = WORD.sub(rename, " ".join(keep))
            published = (day + timedelta(days=rng.randint(0, 1))).isoformat()
            articles.append(Article(id=article_id(text), text=text, published=published))
            gold.append(event)
            if rng.random() < 0.05 and len(articles) < n:  # a syndicated copy, new headline
                text = "Headline of a syndicated copy\n\n" + text
                articles.append(Article(id=article_id(text), text=text, published=published))
                gold.append(event)
        event += 1
    return articles, gold


def run_one(n: int) -> dict[str, Any]:
    """Dedup + clustering of an `n`-article corpus, in this process."""
    from dataclasses import replace

    from cluster_quality import bcubed
    from storyline.config import Config
    from storyline.ingest.dedup import find_duplicates
    from storyline.stories.clustering import cluster_articles

    articles, gold = build_corpus(n)
    cfg = Config()
    words = sum(len(a.text.split()) for a in articles)
    t0 = time.perf_counter()
    copies = find_duplicates(articles, cfg)
    t1 = time.perf_counter()
    marked = [replace(a, duplicate_of=copies.get(a.id)) for a in articles]
    stories = cluster_articles(marked, cfg)
    t2 = time.perf_counter()
    story = {a: k for k, s in enumerate(stories) for a in s}
    score = bcubed([story[a.id] for a in articles], gold)
    return {
        "articles": n,
        "words": words,
        "events": len(set(gold)),
        "stories": len(stories),
        "copies": len(copies),
        "dedup_s": round(t1 - t0, 2),
        "cluster_s": round(t2 - t1, 2),
        "total_s": round(t2 - t0, 2),
        "articles_per_s": round(n / (t2 - t0), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "bcubed_f1": round(score["f1"], 3),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a single size, in-process
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    rows = []
    for n in [int(s) for s in args.sizes.split(",") if s]:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        if not args.json:
            r = rows[-1]
            ratio = ""
            if len(rows) > 1:
                prev = rows[-2]
                ratio = f"{r['total_s'] / prev['total_s']:.1f}x time for "
                ratio += f"{r['articles'] / prev['articles']:.0f}x articles"
            print(
                f"{r['articles']:>7} articles  dedup {r['dedup_s']:>7.1f}s  cluster "
                f"{r['cluster_s']:>7.1f}s  {r['articles_per_s']:>7.0f} art/s  "
                f"peak {r['peak_rss_mb']:>6.0f} MB  F1 {r['bcubed_f1']:.3f} "
                f"({r['stories']} stories / {r['events']} events, {r['copies']} copies)  {ratio}",
                flush=True,
            )
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
