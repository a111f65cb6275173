"""Summary quality on NeuS (neus-dev): ROUGE-1/2/L F1 against the human references.

Side by side, in the same run and under the same length budget (the
reference's length in words; every system is cut to it), with the two
summaries that ship in the same file: LexRank and the best published system
(Llama-2 + event relation graph, Lei & Huang, ACL 2025).

Storyline is scored on what a reader meets: the story's title, then its
summary. The references are a headline and a summary, and so is the published
system's output; storyline's summary does not say again what its title says
(`summary.SummaryOptions.title_share`), so the summary alone is not the whole
account. The title's words count against the budget.

    .venv/bin/python benchmarks/summary_neus.py          # table
    .venv/bin/python benchmarks/summary_neus.py --json   # machine-readable
    .venv/bin/python benchmarks/summary_neus.py --half even   # clusters 0, 2, 4, ...
    .venv/bin/python benchmarks/summary_neus.py --summary fact-once   # another summary stage

`--half even|odd` scores one fixed half of the clusters (by index): tune on
one half, and read the other, untouched, to see whether a change carries
over before pinning floors from the whole set.

Each cluster's three articles go to `storyline.brief` as dicts with
`cluster="single"`, so one story results, and `summary_words` = the budget.
`--summary NAME` measures another summary stage by its name in
`stages.REGISTRY` (`fact-once`: each fact told once, `summary.summarize_once`).
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
SYSTEMS = ("storyline", "lexrank", "llama_event_graph")
METRICS = ("rouge1", "rouge2", "rougeL")


def cut(text: str, n_words: int) -> str:
    """The first `n_words` words of `text` (the usual ROUGE length limit)."""
    return " ".join(text.split()[:n_words])


def storyline_summary(
    articles: list[str], n_words: int, stage: str = "default"
) -> tuple[str, int, bool]:
    """Storyline's title and summary under the budget, as a reader meets them (the title
    above the summary, which does not say it again); how many verbatim citations miss
    their text; whether the summary broke its budget (the title's words count against
    it; only a first sentence longer than all the budget left may pass it)."""
    import storyline

    docs = [{"text": a} for a in articles]
    title = storyline.cluster(docs, cluster="single")["stories"][0]["title"]
    left = n_words - len(title.split())  # what the title leaves of the budget
    result = storyline.brief(docs, cluster="single", summary_words=max(1, left), summary=stage)
    texts = {a["id"]: a["text"] for a in result["articles"]}
    story = result["stories"][0]
    bad = sum(
        texts[c["article"]][c["start"] : c["end"]] != s["text"] or not s["citations"]
        for s in story["summary"]
        for c in s["citations"][: s.get("verbatim")]
        or [{"article": story["articles"][0], "start": 0, "end": 0}]
    )
    assert story["title"] == title
    shown = [s["text"] for s in story["summary"]]
    over = len(shown) > 1 and sum(len(t.split()) for t in shown) > left
    return " ".join([title.rstrip(".") + ".", *shown]), bad, over


def evaluate(
    path: Path = DEFAULT, limit: int | None = None, half: str | None = None, stage: str = "default"
) -> dict[str, Any]:
    """Mean ROUGE F1 (x100) per system, and storyline's run time.

    `half`: "even" or "odd" keeps only the clusters with an even or odd index.
    `stage`: the summary stage storyline runs (its name in `stages.REGISTRY`).
    """
    from rouge_score import rouge_scorer

    clusters = json.loads(path.read_text(encoding="utf-8"))
    if half is not None:
        clusters = clusters[("even", "odd").index(half) :: 2]
    clusters = clusters[:limit]
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    totals = {s: dict.fromkeys(METRICS, 0.0) for s in SYSTEMS}
    words = dict.fromkeys(SYSTEMS, 0)
    seconds = 0.0
    bad = over = 0
    for c in clusters:
        budget = len(c["reference"].split())
        t0 = time.perf_counter()
        ours, wrong, broke = storyline_summary(c["articles"], budget, stage)
        bad += wrong
        over += broke
        seconds += time.perf_counter() - t0
        for system, text in (("storyline", ours), *((s, c[s]) for s in SYSTEMS[1:])):
            text = cut(text, budget)
            words[system] += len(text.split())
            scores = scorer.score(c["reference"], text)
            for m in METRICS:
                totals[system][m] += scores[m].fmeasure
    n = max(1, len(clusters))
    return {
        "clusters": len(clusters),
        "half": half or "all",
        "summary_stage": stage,
        "scores": {s: {m: round(100 * v / n, 2) for m, v in t.items()} for s, t in totals.items()},
        "mean_words": {s: round(w / n, 1) for s, w in words.items()},
        "storyline_seconds": round(seconds, 1),
        "storyline_bad_citations": bad,
        "storyline_over_budget": over,
    }


def table(res: dict[str, Any]) -> str:
    lines = [
        f"NeuS dev ({res['half']}), {res['clusters']} clusters, ROUGE F1 x100 (stemmed), "
        f"budget = reference length, summary stage {res['summary_stage']}",
        f"{'system':<20}{'R-1':>8}{'R-2':>8}{'R-L':>8}{'words':>8}",
    ]
    for s in SYSTEMS:
        sc = res["scores"][s]
        lines.append(
            f"{s:<20}{sc['rouge1']:>8.2f}{sc['rouge2']:>8.2f}{sc['rougeL']:>8.2f}"
            f"{res['mean_words'][s]:>8.1f}"
        )
    lines.append(
        f"storyline: {res['storyline_seconds']} s; citations not carrying their sentence: "
        f"{res['storyline_bad_citations']}; summaries over budget: {res['storyline_over_budget']}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT, help="path of clusters.json")
    ap.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    ap.add_argument("--half", choices=("even", "odd"), help="only clusters of even/odd index")
    ap.add_argument("--summary", default="default", help="summary stage to measure, by name")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data} is absent (the shared data sets sit beside the repository)")
        return 2
    res = evaluate(args.data, args.limit, args.half, args.summary)
    print(json.dumps(res, indent=2) if args.json else table(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
