"""Real pages of many topics briefed together, to be read as an editor would.

The 181 pages of ../shared/data/article-extraction (mostly one week of November
2019, on everything from tariffs to hockey; 162 in English) carry no event
gold. Briefed all at once, as a user briefs a folder of saved pages, they test
what the curated sets cannot: articles with no story-mates among many others
(clustering), and the conflicts raised between sources that tell other events
or other measures. This prints every story of several articles with its titles,
every conflict with the sentences it cites, and the counts. No gold says which
are right and nothing is gated: read them before and after a change (2026-12-07:
31 stories of several articles, about half of them of unrelated events, and 11
conflicts, 4 of them real, before the rules of that day; 25 and 8 after).

    .venv/bin/python benchmarks/pages_day.py [--data DIR] [--json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from conflicts_neus import print_sides, read_conflict  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "article-extraction"

Json = dict[str, Any]


def brief_pages(data: Path = DATA) -> Json:
    """Every page of `data`/html (gzipped HTML) briefed in one run."""
    import storyline

    pages = sorted((data / "html").glob("*.html.gz"))
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for p in pages:
            out = Path(tmp) / p.name[: -len(".gz")]
            out.write_bytes(gzip.decompress(p.read_bytes()))
            paths.append(str(out))
        return storyline.brief(paths, quiet=True)


def evaluate(data: Path = DATA) -> Json:
    """The stories of several articles (their titles) and every conflict (its sides'
    values and cited sentences)."""
    t0 = time.process_time()
    result = brief_pages(data)
    cpu = time.process_time() - t0
    arts = {a["id"]: a for a in result["articles"]}
    groups = [
        [arts[i]["title"] or arts[i]["text"][:80] for i in s["articles"]]
        for s in result["stories"]
        if len(s["articles"]) > 1
    ]
    texts = {i: a["text"] for i, a in arts.items()}
    conflicts = [
        {"story": s["title"], **read_conflict(k, texts)}
        for s in result["stories"]
        for k in s["conflicts"]
    ]
    return {
        "pages": len(result["articles"]) + len(result["rejected"]),
        "articles": len(result["articles"]),
        "rejected": len(result["rejected"]),
        "stories": len(result["stories"]),
        "stories_of_several": groups,
        "conflicts": conflicts,
        "cpu_seconds": round(cpu, 1),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not (args.data / "html").is_dir():
        print(f"{args.data}: not found (article-extraction is in ../shared/data)", file=sys.stderr)
        return 2
    scores = evaluate(args.data)
    if args.json:
        print(json.dumps(scores, indent=1))
        return 0
    for titles in scores["stories_of_several"]:
        print(f"story of {len(titles)}:")
        for t in titles:
            print(f"    {t[:100]}")
    for k in scores["conflicts"]:
        print(f"[{k['story'][:60]}] {k['kind']}: {k['description']}")
        print_sides(k)
    print(
        f"{scores['pages']} pages, {scores['articles']} briefed ({scores['rejected']} rejected); "
        f"{scores['stories']} stories, {len(scores['stories_of_several'])} of several "
        f"articles; {len(scores['conflicts'])} conflicts; {scores['cpu_seconds']} CPU-s "
        "(this process; parsing runs in worker processes)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
