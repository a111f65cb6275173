"""HTML ingestion on the article-extraction benchmark: body-text F1 and pages/s.

Runs storyline's HTML reader (trafilatura + our cleaning) and, as the
baseline in the same run, trafilatura's `extract()` called directly, over the
181 pages of ../shared/data/article-extraction, and scores both with the
benchmark's own metric: word 4-gram shingles (tokens are `\\w+` runs), true
positives / false positives / false negatives counted per page and
normalised per page, precision and recall averaged over pages, F1 of the two
averages. Published on the same data: trafilatura 2.0 0.958.

    python benchmarks/html_extraction.py [--data DIR] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from storyline.config import Config
from storyline.ingest.readers import Rejected, record_from_html, to_article

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "article-extraction"
PUBLISHED = {"trafilatura 2.0": 0.958, "newspaper4k": 0.949, "readability.js": 0.947}
TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
    return Counter(
        tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n]
    )


def page_counts(true: str, pred: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over shingles, normalised so every page weighs the same."""
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def score(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    def prec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def rec(tp: float, fp: float, fn: float) -> float:
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    p = statistics.mean(prec(*c) for c in counts if c[0] + c[1] > 0)
    r = statistics.mean(rec(*c) for c in counts if c[0] + c[2] > 0)
    return {"f1": 2 * p * r / (p + r), "precision": p, "recall": r}


def trafilatura_direct(html: bytes) -> str:
    import trafilatura

    return trafilatura.extract(html.decode("utf-8", errors="replace")) or ""


def storyline_reader(html: bytes) -> str:
    try:
        return to_article(record_from_html(html, "<page>")).text
    except Rejected:
        return ""


def run(data: Path, systems: dict[str, Callable[[bytes], str]]) -> dict[str, dict[str, float]]:
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = {
        k: gzip.decompress((data / "html" / f"{k}.html.gz").read_bytes()) for k in sorted(truth)
    }
    results: dict[str, dict[str, float]] = {}
    for name, extract in systems.items():
        counts = []
        start = time.perf_counter()
        for key, html in pages.items():
            counts.append(page_counts(truth[key].get("articleBody", ""), extract(html)))
        elapsed = time.perf_counter() - start
        results[name] = {**score(counts), "pages": len(pages), "pages_per_s": len(pages) / elapsed}
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    if not (args.data / "ground-truth.json").exists():
        print(f"no benchmark data at {args.data}", file=sys.stderr)
        return 2
    Config()  # fail early on a broken install
    # baseline first so that caches warmed by it favour, if anything, our reader's rival
    res = run(
        args.data,
        {
            "trafilatura.extract (baseline)": trafilatura_direct,
            "storyline reader": storyline_reader,
        },
    )
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    base = res["trafilatura.extract (baseline)"]
    head = ("system", "F1", "prec", "recall", "pages/s", "speed vs baseline")
    print("{:<32} {:>6} {:>6} {:>6} {:>8} {:>18}".format(*head))
    for name, r in res.items():
        ratio = r["pages_per_s"] / base["pages_per_s"]
        scores = f"{r['f1']:6.3f} {r['precision']:6.3f} {r['recall']:6.3f}"
        print(f"{name:<32} {scores} {r['pages_per_s']:8.1f} {ratio:17.2f}x")
    for name, f1 in PUBLISHED.items():
        print(f"{name + ' (published)':<32} {f1:6.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
