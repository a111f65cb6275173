"""How far can a verbatim, sentence-extractive summary go on NeuS? Oracle ceilings.

The summary stage shows only whole source sentences, verbatim, so a reader can
check every line. This benchmark measures what that constraint allows on
neus-dev, by choosing with the reference in hand (an oracle; no real system
can do this), under the same budget and metric as `summary_neus.py`:

- oracle sentence: the one candidate sentence with the best ROUGE-2 F1;
- oracle lead: the one article whose opening (cut to the budget) scores best;
- oracle summary: the best set of up to `--max-sentences` candidate sentences
  that fits the budget (the stage's own hard budget), by exhaustive search;

beside storyline's own summary and the two published outputs. The gap between
storyline and the oracle summary is what better *selection* could still win;
the oracle sentence is roughly what "pick the one right lead sentence" gives.

    .venv/bin/python benchmarks/summary_ceiling.py [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from summary_neus import DEFAULT, METRICS, cut  # noqa: E402


def story(texts: list[str], budget: int) -> tuple[Any, str]:
    """One cluster through the pipeline: its filled StoryContext and storyline's summary."""
    from storyline import api
    from storyline.analyse import nlp
    from storyline.config import Config
    from storyline.context import StoryContext

    cfg = Config(cluster="single", summary_words=budget)
    articles, _ = api.ingest([{"text": t} for t in texts], cfg)
    articles = api.mark_duplicates(articles, cfg)
    ctx = StoryContext(
        "s", articles, nlp.annotate(articles), api.source_keys(articles), api.story_date(articles)
    )
    built = api.build_story(ctx, cfg, title="")  # fills ctx stage by stage
    return ctx, " ".join(s.text for s in built.summary)


def evaluate(path: Path = DEFAULT, limit: int | None = None, max_sentences: int = 4) -> dict:
    from rouge_score import rouge_scorer

    from storyline.digest import summary

    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    clusters = json.loads(path.read_text(encoding="utf-8"))[:limit]
    systems = (
        "storyline",
        "oracle_sentence",
        "oracle_lead",
        "oracle_summary",
        "lexrank",
        "llama_event_graph",
    )
    totals = {s: dict.fromkeys(METRICS, 0.0) for s in systems}
    for c in clusters:
        ref, budget = c["reference"], len(c["reference"].split())

        def f1(text: str, ref: str = ref, budget: int = budget) -> float:
            return scorer.score(ref, cut(text, budget))["rouge2"].fmeasure

        ctx, ours = story(c["articles"], budget)
        cands = summary.candidates(ctx, summary.SummaryOptions())
        texts = {"storyline": ours, "lexrank": c["lexrank"]}
        texts["llama_event_graph"] = c["llama_event_graph"]
        texts["oracle_sentence"] = max((x.text for x in cands), key=f1, default="")
        texts["oracle_lead"] = max((a.text for a in ctx.articles), key=f1)
        fits = [x for x in cands if x.words <= budget] or cands[:1]
        best, best_f = "", -1.0
        for k in range(1, max_sentences + 1):
            for chosen in itertools.combinations(fits, k):
                if k > 1 and sum(x.words for x in chosen) > budget:
                    continue
                ordered = sorted(chosen, key=lambda x: (x.rank, x.order))
                text = " ".join(x.text for x in ordered)
                score = f1(text)
                if score > best_f:
                    best, best_f = text, score
        texts["oracle_summary"] = best
        for s in systems:
            scores = scorer.score(ref, cut(texts[s], budget))
            for m in METRICS:
                totals[s][m] += scores[m].fmeasure
    n = max(1, len(clusters))
    return {
        "clusters": len(clusters),
        "scores": {s: {m: round(100 * v / n, 2) for m, v in t.items()} for s, t in totals.items()},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT, help="path of clusters.json")
    ap.add_argument("--limit", type=int, default=None, help="only the first N clusters")
    ap.add_argument("--max-sentences", type=int, default=4, help="oracle summary size limit")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"{args.data} is absent (the shared data sets sit beside the repository)")
        return 2
    res = evaluate(args.data, args.limit, args.max_sentences)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    print(f"NeuS dev, {res['clusters']} clusters, ROUGE F1 x100 (stemmed), budget = reference")
    print(f"{'system':<20}{'R-1':>8}{'R-2':>8}{'R-L':>8}")
    for s, sc in res["scores"].items():
        print(f"{s:<20}{sc['rouge1']:>8.2f}{sc['rouge2']:>8.2f}{sc['rougeL']:>8.2f}")
    print("oracle_* choose with the reference in hand: ceilings, not systems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
