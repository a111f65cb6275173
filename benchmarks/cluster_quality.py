"""Story clustering quality on neus-dev and basil-dev, beside a TF-IDF baseline.

Mixes all articles of each data set, clusters them through `storyline.cluster`
and scores the recovered events with B-cubed precision, recall and F1. The
baseline, in the same run: TF-IDF (sklearn defaults, English stop words,
sublinear tf) with AgglomerativeClustering (cosine, average link) at its best
single distance threshold over a grid, i.e. the baseline is tuned on the test
data itself and storyline is not.

    .venv/bin/python benchmarks/cluster_quality.py [--json] [--grid]

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
    from storyline.readers import read_inputs

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


def grid(name: str, inputs: list[Any], gold: list[str]) -> None:
    """Scores over threshold x entity weight, to show where the defaults sit."""
    from storyline import api
    from storyline.clustering import ClusterOptions, cluster_articles
    from storyline.config import Config
    from storyline.readers import read_inputs

    cfg = Config()
    articles, _ = read_inputs(inputs, cfg)
    articles = api.mark_duplicates(articles, cfg)
    print(f"\n{name}: F1 by threshold (rows) and entity weight (columns)")
    weights = [0.0, 0.1, 0.2, 0.3, 0.4]
    print("thr   " + " ".join(f"{w:>6}" for w in weights))
    for thr in [0.72, 0.76, 0.80, 0.84, 0.88, 0.92, 0.96, 1.0]:
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
    if args.json:
        print(json.dumps(rows, indent=2))
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
    if args.grid:
        for k, (i, g) in sets.items():
            grid(k, i, g)
    return 0


if __name__ == "__main__":
    sys.exit(main())
