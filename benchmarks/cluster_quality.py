"""Story clustering quality on neus-dev and basil-dev, beside a TF-IDF baseline.

Mixes all articles of each data set, clusters them through `storyline.cluster`
and scores the recovered events with B-cubed precision, recall and F1. The
baseline, in the same run: TF-IDF (sklearn defaults, English stop words,
sublinear tf) with AgglomerativeClustering (cosine, average link) at its best
single distance threshold over a grid, i.e. the baseline is tuned on the test
data itself and storyline is not.

    .venv/bin/python benchmarks/cluster_quality.py [--json] [--grid] [--embeddings]

Incremental rows: the same articles fed through `storyline.cluster(..., db=)`
in three batches, in a random order (seed 0) and in the hard order (batch 1
holds one article of every event, batch 2 the second, batch 3 the rest: every
event starts as a lone article), scored on the stories in the store at the
end. `kept` is the share of stored articles whose story id never changed in
a later batch (ids are never reused; revision moves an article, see
`incremental.py`).

`--grid` also prints storyline's scores over a grid of its threshold and
entity weight (how the defaults in `clustering.ClusterOptions` were chosen).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def load_neus(shared: Path = SHARED) -> tuple[list[Any], list[str]]:
    """Inputs ({"text": ...}) and the gold event of each: 100 events x 3 articles."""
    clusters = json.loads((shared / "data" / "neus-dev" / "clusters.json").read_text())
    inputs, gold = [], []
    for c in clusters:
        for text in c["articles"]:
            inputs.append({"text": text})
            gold.append(c["cluster"])
    return inputs, gold


def load_basil(shared: Path = SHARED) -> tuple[list[Any], list[str]]:
    """Inputs (paths of the article JSON files) and the gold event (`triplet-uuid`) of each."""
    paths = sorted((shared / "data" / "basil-dev" / "articles").glob("*/*.json"))
    gold = [json.loads(p.read_text())["triplet-uuid"] for p in paths]
    return [str(p) for p in paths], gold


def bcubed(pred: Sequence[Any], gold: Sequence[Any]) -> dict[str, float]:
    """B-cubed precision, recall and F1 of a labelling against the gold labelling."""
    by_pred: dict[Any, list[int]] = defaultdict(list)
    by_gold: dict[Any, list[int]] = defaultdict(list)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        by_pred[p].append(i)
        by_gold[g].append(i)
    prec = rec = 0.0
    for i in range(len(gold)):
        same_pred = by_pred[pred[i]]
        same_gold = by_gold[gold[i]]
        both = sum(1 for j in same_pred if gold[j] == gold[i])
        prec += both / len(same_pred)
        rec += both / len(same_gold)
    n = len(gold)
    p, r = prec / n, rec / n
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def storyline_labels(inputs: list[Any], **options: Any) -> tuple[list[str], int]:
    """Story id per input (inputs all read) and the number of stories."""
    import storyline

    out = storyline.cluster(inputs, **options)
    if out["rejected"] or len(out["articles"]) != len(inputs):
        raise SystemExit(f"unexpected rejections: {out['rejected']}")
    story_of = {a: s["id"] for s in out["stories"] for a in s["articles"]}
    return [story_of[a["id"]] for a in out["articles"]], len(out["stories"])


def texts_of(inputs: list[Any]) -> list[str]:
    from storyline.config import Config
    from storyline.ingest.readers import read_inputs

    articles, _ = read_inputs(inputs, Config())
    return [f"{a.title or ''}\n{a.text}" for a in articles]


def baseline(texts: list[str], gold: list[str]) -> dict[str, Any]:
    """TF-IDF + agglomerative clustering at its best single threshold (grid 0.05..0.99)."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts).toarray()
    best: dict[str, Any] = {"f1": -1.0}
    for d in np.arange(0.05, 1.0, 0.01):
        model = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=float(d)
        )
        labels = model.fit_predict(x)
        score = bcubed(list(labels), gold)
        if score["f1"] > best["f1"]:
            best = {**score, "stories": int(labels.max() + 1), "distance": round(float(d), 2)}
    return best


def evaluate(name: str, inputs: list[Any], gold: list[str], **options: Any) -> dict[str, Any]:
    t0 = time.perf_counter()
    labels, n = storyline_labels(inputs, **options)
    seconds = time.perf_counter() - t0
    return {
        "data": name,
        "articles": len(gold),
        "events": len(set(gold)),
        "storyline": {**bcubed(labels, gold), "stories": n, "seconds": round(seconds, 2)},
        "baseline": baseline(texts_of(inputs), gold),
    }


def batches_of(gold: list[str], order: str, n: int = 3, seed: int = 0) -> list[list[int]]:
    """Input positions per batch: a random split, or "hard" (k-th article of each event)."""
    import random

    idx = list(range(len(gold)))
    if order == "random":
        random.Random(seed).shuffle(idx)
        return [sorted(idx[k::n]) for k in range(n)]
    seen: dict[str, int] = defaultdict(int)
    out: list[list[int]] = [[] for _ in range(n)]
    for i in idx:
        out[min(seen[gold[i]], n - 1)].append(i)
        seen[gold[i]] += 1
    return out


def incremental(
    name: str, inputs: list[Any], gold: list[str], order: str, **options: Any
) -> dict[str, Any]:
    """B-cubed of the stored stories after feeding the inputs in three batches."""
    import tempfile

    import storyline
    from storyline.store.sqlite import open_store

    t0 = time.perf_counter()
    ids: list[str | None] = [None] * len(inputs)
    story: dict[str, str] = {}
    changed: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "stories.db")
        for batch in batches_of(gold, order):
            out = storyline.cluster([inputs[i] for i in batch], db=db, **options)
            for i, a in zip(batch, out["articles"], strict=False):
                ids[i] = a["id"]
            with open_store(db) as store:
                now = store.stories_of([i for i in ids if i])
            changed |= {a for a, s in story.items() if now.get(a) != s}
            story = now
    labels = [story[i] for i in ids if i]
    kept = 1 - len(changed) / max(1, len(ids) - len(batches_of(gold, order)[-1]))
    return {
        "data": name,
        "order": order,
        **bcubed(labels, gold),
        "stories": len(set(labels)),
        "kept": kept,
        "seconds": round(time.perf_counter() - t0, 2),
    }


def grid(name: str, inputs: list[Any], gold: list[str]) -> None:
    """Scores over threshold x entity weight, to show where the defaults sit."""
    from storyline import api
    from storyline.config import Config
    from storyline.ingest.readers import read_inputs
    from storyline.stories.clustering import ClusterOptions, cluster_articles

    cfg = Config()
    articles, _ = read_inputs(inputs, cfg)
    articles = api.mark_duplicates(articles, cfg)
    print(f"\n{name}: F1 by threshold (rows) and entity weight (columns)")
    weights = [0.0, 0.1, 0.2, 0.3, 0.4]
    print("thr   " + " ".join(f"{w:>6}" for w in weights))
    for thr in [0.72, 0.76, 0.80, 0.85, 0.90, 0.95, 1.0, 1.05]:
        row = []
        for w in weights:
            opts = replace(ClusterOptions(), threshold=thr, entity_weight=w)
            story = {a: n for n, g in enumerate(cluster_articles(articles, cfg, opts)) for a in g}
            row.append(bcubed([story[a.id] for a in articles], gold)["f1"])
        print(f"{thr:<5} " + " ".join(f"{f:6.3f}" for f in row))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ap.add_argument("--grid", action="store_true", help="also print storyline's parameter grid")
    ap.add_argument("--embeddings", action="store_true", help="use sentence embeddings too")
    args = ap.parse_args(argv)
    sets = {"neus-dev": load_neus(), "basil-dev": load_basil()}
    rows = [evaluate(k, i, g, embeddings=args.embeddings) for k, (i, g) in sets.items()]
    incr = [
        incremental(k, i, g, order, embeddings=args.embeddings)
        for k, (i, g) in sets.items()
        for order in ("random", "hard")
    ]
    if args.json:
        print(json.dumps({"batch": rows, "incremental": incr}, indent=2))
    else:
        print(f"{'data':<10} {'system':<10} {'P':>6} {'R':>6} {'F1':>6} {'stories':>8} events")
        for r in rows:
            for system in ("storyline", "baseline"):
                s = r[system]
                extra = f" (distance {s['distance']})" if system == "baseline" else ""
                print(
                    f"{r['data']:<10} {system:<10} {s['precision']:6.3f} {s['recall']:6.3f}"
                    f" {s['f1']:6.3f} {s['stories']:>8} {r['events']}{extra}"
                )
        print(f"\nincremental, 3 batches{'':<6} {'P':>6} {'R':>6} {'F1':>6} {'stories':>8}  kept")
        for r in incr:
            label = f"{r['data']} {r['order']}"
            print(
                f"{label:<28} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}"
                f" {r['stories']:>8}  {r['kept']:.3f}"
            )
    if args.grid:
        for k, (i, g) in sets.items():
            grid(k, i, g)
    return 0


if __name__ == "__main__":
    sys.exit(main())
