"""Cross-checking quality on the project's own test set (tests/crosscheck_set/).

Each story file holds 3-5 short articles written for this project, the
statement groups planted in them (substrings naming the sentences that state
the same thing; every other sentence stands alone), the conflicts planted
(kind + substrings of the sentences of each side) and differences that are
not conflicts (rounding, units, date granularity, more detail, another event
on another date, a figure for another thing in a similar sentence). Stories
marked `held_out` were written after the first round of tuning; their totals
are also printed on their own.

Measured:
- grouping: pairwise precision / recall over pairs of sentences of different
  articles put in one statement;
- conflicts: a found conflict matches a planted one when the kinds agree and
  two of its sides cite sentences of the two planted sides; precision and
  recall over all stories (also without the kind, as `*_any_kind`);
- seconds for the statements + conflicts stages on all articles as one story.

    .venv/bin/python benchmarks/crosscheck.py [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SET_DIR = ROOT / "tests" / "crosscheck_set"

Json = dict[str, Any]
Sentence = tuple[str, int, int]


def load_set(folder: Path = SET_DIR) -> list[Json]:
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]


def brief_story(story: Json, embeddings: bool = False) -> Json:
    """The brief of one test story, all its articles as one story."""
    import storyline

    return storyline.brief(story["articles"], cluster="single", dedup="none", embeddings=embeddings)


def _locate(story: Json, out: Json) -> tuple[dict[str, Sentence], list[Sentence]]:
    """Gold substring -> the sentence (article, start, end) of the brief that contains it."""
    st = out["stories"][0]
    sentences = sorted({(c["article"], c["start"], c["end"]) for s in st["statements"]
                        for c in s["citations"]})  # fmt: skip
    texts = {a["id"]: a["text"] for a in out["articles"]}
    where: dict[str, Sentence] = {}
    subs = {x for g in story["groups"] for x in g}
    subs |= {x for c in story["conflicts"] for side in c["sides"] for x in side}
    for sub in subs:
        hits = [(aid, t.find(sub)) for aid, t in texts.items() if sub in t]
        if len(hits) != 1:
            raise ValueError(f"{story['name']}: {sub!r} occurs {len(hits)} times; make it unique")
        aid, pos = hits[0]
        sent = next((s for s in sentences if s[0] == aid and s[1] <= pos < s[2]), None)
        if sent is None:
            raise ValueError(f"{story['name']}: {sub!r} is in no sentence of the brief")
        where[sub] = sent
    return where, sentences


def _pairs(groups: list[list[Sentence]]) -> set[frozenset[Sentence]]:
    return {frozenset((a, b)) for g in groups for a, b in combinations(g, 2) if a[0] != b[0]}


def score_story(story: Json, out: Json) -> Json:
    """Counts for one story: grouping pairs and conflict matches."""
    where, _ = _locate(story, out)
    st = out["stories"][0]
    # a statement is one claim: sentences on two sides of a planted conflict state
    # the same thing with other values and must not support one statement
    apart = {
        frozenset((where[a], where[b]))
        for c in story["conflicts"]
        for n, side in enumerate(c["sides"])
        for other in c["sides"][n + 1 :]
        for a in side
        for b in other
    }
    gold = _pairs([[where[x] for x in g] for g in story["groups"]]) - apart
    pred = _pairs([[(c["article"], c["start"], c["end"]) for c in s["citations"]]
                   for s in st["statements"]])  # fmt: skip
    found = st["conflicts"]
    planted = [[{where[x] for x in side} for side in c["sides"]] for c in story["conflicts"]]

    def hits(conflict: Json, sides: list[set[Sentence]]) -> bool:
        cited = [{(c["article"], c["start"], c["end"]) for c in s["citations"]}
                 for s in conflict["sides"]]  # fmt: skip
        cover = [{i for i, c in enumerate(cited) if _overlaps(c, side)} for side in sides]
        return any(i != j for i in cover[0] for j in cover[1])

    def matched(strict: bool) -> tuple[int, int]:
        tp_found = sum(
            any(hits(f, p) and (not strict or f["kind"] == g["kind"])
                for p, g in zip(planted, story["conflicts"], strict=False))
            for f in found
        )  # fmt: skip
        tp_planted = sum(
            any(hits(f, p) and (not strict or f["kind"] == g["kind"]) for f in found)
            for p, g in zip(planted, story["conflicts"], strict=False)
        )
        return tp_found, tp_planted

    strict, loose = matched(True), matched(False)
    return {
        "story": story["name"],
        "pairs_pred": len(pred),
        "pairs_gold": len(gold),
        "pairs_tp": len(pred & gold),
        "found": len(found),
        "planted": len(planted),
        "tp_found": strict[0],
        "tp_planted": strict[1],
        "tp_found_any": loose[0],
        "tp_planted_any": loose[1],
        "false_alarms": [f["description"] for f in found if not any(hits(f, p) for p in planted)],
        "missed": [
            g["kind"] + ": " + " / ".join(s[0] for s in g["sides"])
            for p, g in zip(planted, story["conflicts"], strict=False)
            if not any(hits(f, p) and f["kind"] == g["kind"] for f in found)
        ],
    }


def _overlaps(cited: set[Sentence], side: set[Sentence]) -> bool:
    return any(
        a == x and s < y_end and x_start < e for a, s, e in cited for x, x_start, y_end in side
    )


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 1.0


def evaluate(folder: Path = SET_DIR, embeddings: bool = False) -> Json:
    """Per-story counts and the totals: grouping and conflict precision / recall."""
    stories = load_set(folder)
    rows = [score_story(s, brief_story(s, embeddings)) for s in stories]
    out: Json = {"stories": rows, **_totals(rows)}
    held = [r for r, s in zip(rows, stories, strict=True) if s.get("held_out")]
    if held:
        out["held_out"] = {"stories": [r["story"] for r in held], **_totals(held)}
    return out


def _totals(rows: list[Json]) -> Json:
    tot = {k: sum(r[k] for r in rows) for k in rows[0] if isinstance(rows[0][k], int)}
    return {
        "group_precision": _ratio(tot["pairs_tp"], tot["pairs_pred"]),
        "group_recall": _ratio(tot["pairs_tp"], tot["pairs_gold"]),
        "conflict_precision": _ratio(tot["tp_found"], tot["found"]),
        "conflict_recall": _ratio(tot["tp_planted"], tot["planted"]),
        "conflict_precision_any_kind": _ratio(tot["tp_found_any"], tot["found"]),
        "conflict_recall_any_kind": _ratio(tot["tp_planted_any"], tot["planted"]),
    }


def time_one_story(folder: Path = SET_DIR) -> tuple[int, float]:
    """Articles and seconds of the statements + conflicts stages, all articles as one story."""
    from storyline import api
    from storyline.analyse import nlp
    from storyline.config import Config
    from storyline.context import StoryContext
    from storyline.crosscheck.conflicts import find_conflicts
    from storyline.crosscheck.statements import group_statements
    from storyline.ingest.readers import read_inputs

    cfg = Config(cluster="single", dedup="none")
    arts = [a for s in load_set(folder) for a in s["articles"]]
    articles, _ = read_inputs(arts, cfg)
    docs = nlp.annotate(articles, cfg.spacy_model)
    ctx = StoryContext("s", articles, docs, api.source_keys(articles))
    t0 = time.perf_counter()
    ctx.statements = group_statements(ctx, cfg)
    find_conflicts(ctx, cfg)
    return len(articles), time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument(
        "--embeddings", action="store_true", help="align with sentence embeddings (optional extra)"
    )
    args = ap.parse_args(argv)
    res = evaluate(embeddings=args.embeddings)
    n, secs = time_one_story()
    res["one_story_articles"], res["one_story_seconds"] = n, round(secs, 3)
    if args.json:
        print(json.dumps(res, indent=1, ensure_ascii=False))
        return 0
    print(f"{'story':<14} {'pairs P':>8} {'pairs R':>8} {'found':>6} {'planted':>8} {'tp':>4}")
    for r in res["stories"]:
        p = _ratio(r["pairs_tp"], r["pairs_pred"])
        rc = _ratio(r["pairs_tp"], r["pairs_gold"])
        print(f"{r['story']:<14} {p:>8.2f} {rc:>8.2f} {r['found']:>6} {r['planted']:>8} "
              f"{r['tp_planted']:>4}")  # fmt: skip
        for fa in r["false_alarms"]:
            print(f"   false alarm: {fa}")
        for m in r["missed"]:
            print(f"   missed: {m}")
    keys = ("group_precision", "group_recall", "conflict_precision", "conflict_recall",
            "conflict_precision_any_kind", "conflict_recall_any_kind")  # fmt: skip
    held = res.get("held_out")
    print(f"{'':<28} {'all':>6}" + (f" {'held-out':>9}" if held else ""))
    for k in keys:
        print(f"{k:<28} {res[k]:>6.3f}" + (f" {held[k]:>9.3f}" if held else ""))
    if held:
        print(f"held-out stories (written after tuning, scored before changes for them): "
              f"{', '.join(held['stories'])}")  # fmt: skip
    print(f"statements+conflicts on {n} articles as one story: {secs:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
