"""Cross-checking quality on real coverage read by a person (../shared/data).

Gold: `basil-dev/crosscheck-gold/*.json` (BASIL events, NYT / Fox / HuffPost)
and `seeds-gold/seeds.json` (the five seeds). Each gold file lists every fact
stated by two or more outlets with its exact sentence or clause in each, the
real conflicts (and doubtful ones), and every named quote with its speaker.
The metrics are those of that folder's README:

- grouping: cross-outlet pairs of supporting spans of one fact. Recall: gold
  pairs that one output statement covers at both ends (a citation overlapping
  each span). Precision: output cross-outlet pairs whose two ends fall in one
  gold fact, over output pairs with at least one end in a gold fact.
- support: multi-outlet facts whose covering output statement (the one citing
  the most of its spans) has support equal to the number of outlets in the gold.
- conflicts: recall, a gold conflict whose two sides are cited on two different
  sides of one output conflict; precision, output conflicts matching a gold or
  doubtful conflict.
- contradiction as support: output statements citing both sides of a gold
  conflict (must be 0).
- speakers: gold quotes found in the output whose speaker has the gold surname.
- "leaves out" precision (ours): of the statements the per-source view says an
  article leaves out that cover a gold fact, those the gold says it does not state.
- "adds" precision (ours, `unique_precision`): of the items the per-source view
  says only an article's source states that cover a gold fact, those no other
  outlet states per the gold (low by design: the gold lists every fact of two
  or more outlets, and at most five of one).

Each event's articles form one story (`cluster="single"`, `dedup="none"`), as
the gold reads them. Gold strings are located in the cleaned text the brief
cites (whitespace and quote marks normalised), so cleaning cannot hide them.

    .venv/bin/python benchmarks/crosscheck_gold.py [--json] [--show] [--embeddings]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
BASIL = SHARED / "data" / "basil-dev"
GOLD_DIRS = {"basil": BASIL / "crosscheck-gold", "seeds": SHARED / "data" / "seeds-gold"}
OUTLETS = {"nyt": "New York Times", "fox": "Fox News", "hpo": "HuffPost"}

Json = dict[str, Any]
Loc = tuple[str, int, int]  # article id, start, end in the brief's article text


def gold_files(which: str) -> list[Path]:
    return sorted(GOLD_DIRS[which].glob("*.json"))


def articles_of(gold: Json, which: str) -> dict[str, Json]:
    """Gold letter -> the article as a brief input (text exactly as the gold reads it)."""
    out: dict[str, Json] = {}
    for letter, rel in gold["articles"].items():
        if which == "basil":
            raw = json.loads((BASIL / rel).read_text())
            text = "\n\n".join(" ".join(p) for p in raw["body-paragraphs"])
            source = OUTLETS.get(raw.get("source", ""), raw.get("source"))
            out[letter] = {"text": text, "title": raw.get("title"), "source": source,
                           "published": raw.get("date")}  # fmt: skip
        else:
            out[letter] = {"text": (SHARED / rel).read_text(), "source": letter,
                           "path": rel}  # fmt: skip
    return out


def brief_event(
    inputs: dict[str, Json], embeddings: bool = False, statements: str = "default"
) -> Json:
    import storyline

    docs = [{k: v for k, v in a.items() if k != "path"} for a in inputs.values()]
    return storyline.brief(
        docs, cluster="single", dedup="none", embeddings=embeddings, statements=statements
    )


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})


def _normalised(text: str) -> tuple[str, list[int]]:
    """Text with runs of whitespace as one space and straight quotes; index map back."""
    out: list[str] = []
    where: list[int] = []
    prev_space = False
    for i, ch in enumerate(text.translate(_QUOTES)):
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        out.append(ch)
        where.append(i)
    return "".join(out), where


class Locator:
    """Finds gold strings in the brief's articles (letter -> article id by order)."""

    def __init__(self, letters: list[str], out: Json):
        arts = out["articles"]
        if len(arts) != len(letters):
            raise ValueError(f"{len(letters)} articles given, {len(arts)} in the brief")
        self.id_of = {letter: a["id"] for letter, a in zip(letters, arts, strict=True)}
        self.norm = {a["id"]: _normalised(a["text"]) for a in arts}

    def find(self, letter: str, text: str) -> Loc | None:
        aid = self.id_of[letter]
        norm, where = self.norm[aid]
        needle, _ = _normalised(text.strip())
        pos = norm.find(needle)
        if pos < 0 or not needle:
            return None
        return aid, where[pos], where[pos + len(needle) - 1] + 1


def _overlap(a: Loc, b: Loc) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def _cites(cites: list[Json]) -> list[Loc]:
    return [(c["article"], c["start"], c["end"]) for c in cites]


def score_event(gold: Json, which: str, out: Json, letters: list[str]) -> Json:
    """Counts for one event, plus readable lists of what went wrong."""
    loc = Locator(letters, out)
    story = out["stories"][0]
    outlet_of = {a["id"]: (a.get("source") or a["id"]) for a in out["articles"]}
    text_of = {a["id"]: a["text"] for a in out["articles"]}
    missing: list[str] = []

    def find(letter: str, text: str) -> Loc | None:
        hit = loc.find(letter, text)
        if hit is None:
            missing.append(f"{letter}: {text[:60]}")
        return hit

    facts = []
    for f in gold["facts"]:
        spans = [(s["article"], find(s["article"], s["text"])) for s in f["support"]]
        facts.append({"fact": f["fact"], "spans": [(a, x) for a, x in spans if x is not None]})
    statements = [(st, _cites(st["citations"])) for st in story["statements"]]

    # grouping recall: gold cross-outlet pairs covered by one statement at both ends
    gold_pairs = 0
    covered = 0
    missed_pairs: list[str] = []
    for f in facts:
        for (la, a), (lb, b) in combinations(f["spans"], 2):
            if la == lb:
                continue
            gold_pairs += 1
            if any(any(_overlap(c, a) for c in cs) and any(_overlap(c, b) for c in cs)
                   for _, cs in statements):  # fmt: skip
                covered += 1
            else:
                missed_pairs.append(f["fact"])

    # grouping precision: output cross-outlet pairs with an end in a gold fact
    def facts_of(c: Loc) -> set[int]:
        return {n for n, f in enumerate(facts) if any(_overlap(c, x) for _, x in f["spans"])}

    out_pairs = 0
    good_pairs = 0
    no_gold_pairs = 0
    wrong: list[str] = []
    for _, cs in statements:
        for a, b in combinations(cs, 2):
            if outlet_of[a[0]] == outlet_of[b[0]]:
                continue
            fa, fb = facts_of(a), facts_of(b)
            if not fa and not fb:
                no_gold_pairs += 1
                continue
            out_pairs += 1
            if fa & fb:
                good_pairs += 1
            else:
                ends = [text_of[c[0]][c[1] : c[2]] for c in (a, b)]
                wrong.append(" || ".join(e[:110] for e in ends))

    # support: the covering statement's support equals the gold outlet count
    multi = [f for f in facts if len({a for a, _ in f["spans"]}) >= 2]
    support_ok = 0
    support_bad: list[str] = []
    for f in multi:
        best = max(
            statements,
            key=lambda sc: sum(any(_overlap(c, x) for c in sc[1]) for _, x in f["spans"]),
            default=None,
        )
        n_gold = len({a for a, _ in f["spans"]})
        if best is not None and any(any(_overlap(c, x) for c in best[1]) for _, x in f["spans"]):
            if best[0]["support"] == n_gold:
                support_ok += 1
                continue
            support_bad.append(f"{f['fact'][:70]} (gold {n_gold}, shown {best[0]['support']})")
        else:
            support_bad.append(f"{f['fact'][:70]} (gold {n_gold}, not found)")

    # conflicts
    def sides_of(c: Json) -> list[list[Loc]]:
        sides = []
        for s in c["sides"]:
            hit = find(s["article"], s["text"])
            sides.append([hit] if hit else [])
        return sides

    gold_conf = [sides_of(c) for c in gold["conflicts"]]
    doubt_conf = [sides_of(c) for c in gold.get("doubtful_conflicts", [])]
    found = story["conflicts"]

    def matches(conflict: Json, sides: list[list[Loc]]) -> bool:
        cited = [_cites(s["citations"]) for s in conflict["sides"]]
        cover = [{i for i, cs in enumerate(cited) if any(_overlap(c, x) for c in cs for x in side)}
                 for side in sides]  # fmt: skip
        return any(i != j for n, ci in enumerate(cover) for cj in cover[n + 1 :]
                   for i in ci for j in cj)  # fmt: skip

    tp_found = sum(any(matches(f, g) for g in gold_conf + doubt_conf) for f in found)
    tp_gold = sum(any(matches(f, g) for f in found) for g in gold_conf)
    contradictions = []
    for st, cs in statements:
        for g in gold_conf:
            hit = [any(_overlap(c, x) for c in cs for x in side) for side in g]
            if sum(hit) >= 2:
                contradictions.append(st["text"][:90])

    # "leaves out": statements listed as omitted by an article that, per the gold,
    # states the fact they cover (in other words)
    by_text = {st["text"]: cs for st, cs in statements}
    letter_of = {aid: letter for letter, aid in loc.id_of.items()}
    omits_checked = 0
    omits_wrong: list[str] = []
    for aid, view in story.get("per_source", {}).items():
        for item in view.get("omits", []):
            text = item["text"]
            cs = by_text.get(text, [])
            on = [f for f in facts if any(_overlap(c, x) for c in cs for _, x in f["spans"])]
            if not on:
                continue
            omits_checked += 1
            if any(letter_of.get(aid) in {a for a, _ in f["spans"]} for f in on):
                omits_wrong.append(f"{letter_of.get(aid)} said to leave out: {text[:70]}")

    # "adds": statements listed as only this article's source's that cover a gold fact
    # another outlet states too (in other words)
    unique_checked = 0
    unique_wrong: list[str] = []
    for aid, view in story.get("per_source", {}).items():
        for item in view.get("unique", []):
            mine = [c for c in _cites(item["citations"]) if c[0] == aid]
            on = [f for f in facts if any(_overlap(c, x) for c in mine for _, x in f["spans"])]
            if not on:
                continue
            unique_checked += 1
            if any({a for a, _ in f["spans"]} - {letter_of.get(aid)} for f in on):
                unique_wrong.append(f"{letter_of.get(aid)} said to add: {item['text'][:70]}")

    # speakers
    quotes = story["quotes"]
    q_found = 0
    q_right = 0
    wrong_speakers: list[str] = []
    for q in gold["quotes"]:
        locs = [x for x in (loc.find(a, t) for a, t in q["articles"].items()) if x]
        hit = next((o for o in quotes for occ in o["occurrences"]
                    if any(_overlap(_cites([occ])[0], x) for x in locs)), None)  # fmt: skip
        if hit is None:
            continue
        q_found += 1
        surname = q["speaker"].split()[-1].lower()
        if hit.get("speaker") and surname in hit["speaker"].lower():
            q_right += 1
        else:
            wrong_speakers.append(f"{q['speaker']} -> {hit.get('speaker')}: {hit['text'][:50]}")

    return {
        "event": gold.get("event", ""),
        "gold_pairs": gold_pairs,
        "covered_pairs": covered,
        "out_pairs": out_pairs,
        "good_pairs": good_pairs,
        "no_gold_pairs": no_gold_pairs,
        "multi_facts": len(multi),
        "support_ok": support_ok,
        "gold_conflicts": len(gold_conf),
        "found_conflicts": len(found),
        "tp_found": tp_found,
        "tp_gold": tp_gold,
        "contradictions": len(contradictions),
        "gold_quotes": len(gold["quotes"]),
        "quotes_found": q_found,
        "speakers_right": q_right,
        "omits_checked": omits_checked,
        "omits_wrong": len(omits_wrong),
        "unique_checked": unique_checked,
        "unique_wrong": len(unique_wrong),
        "detail": {
            "omits_wrong": omits_wrong,
            "unique_wrong": unique_wrong,
            "missed_pairs": sorted(set(missed_pairs)),
            "wrong_groupings": wrong,
            "support_wrong": support_bad,
            "conflicts_shown": [c["description"] for c in found],
            "contradictions": contradictions,
            "wrong_speakers": wrong_speakers,
            "gold_strings_not_found": missing,
        },
    }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 1.0


def totals(rows: list[Json]) -> Json:
    t = {k: sum(r[k] for r in rows) for k in rows[0] if isinstance(rows[0][k], int)}
    return {
        "group_precision": _ratio(t["good_pairs"], t["out_pairs"]),
        "group_recall": _ratio(t["covered_pairs"], t["gold_pairs"]),
        # ours: every output pair counted, those of two sentences in no gold fact as wrong
        # (the gold lists every fact two outlets state; a sentence it skips states none)
        "group_precision_all": _ratio(t["good_pairs"], t["out_pairs"] + t["no_gold_pairs"]),
        "support_exact": _ratio(t["support_ok"], t["multi_facts"]),
        "conflict_precision": _ratio(t["tp_found"], t["found_conflicts"]),
        "conflict_recall": _ratio(t["tp_gold"], t["gold_conflicts"]),
        "contradictions_as_support": t["contradictions"],
        "speaker_accuracy": _ratio(t["speakers_right"], t["quotes_found"]),
        "quotes_found": _ratio(t["quotes_found"], t["gold_quotes"]),
        # of "leaves out" items on gold facts, those the source does leave out
        "omits_precision": _ratio(t["omits_checked"] - t["omits_wrong"], t["omits_checked"]),
        "unique_precision": _ratio(t["unique_checked"] - t["unique_wrong"], t["unique_checked"]),
        "counts": t,
    }


def evaluate(which: str = "basil", embeddings: bool = False, statements: str = "default") -> Json:
    """Per-event rows and totals for one gold set ("basil" or "seeds").

    `statements`: the statements stage by name (`stages.REGISTRY`; a variant under trial
    registers itself there, as `clause_units.py` does).
    """
    rows = []
    t0 = time.process_time()
    for path in gold_files(which):
        gold = json.loads(path.read_text())
        inputs = articles_of(gold, which)
        out = brief_event(inputs, embeddings, statements)
        rows.append(score_event(gold, which, out, list(inputs)))
    res = {"events": rows, **totals(rows)}
    res["cpu_seconds"] = round(time.process_time() - t0, 2)
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print everything as JSON")
    ap.add_argument("--show", action="store_true", help="list what went wrong, per event")
    ap.add_argument("--set", choices=["basil", "seeds", "both"], default="both")
    ap.add_argument("--embeddings", action="store_true", help="align with sentence embeddings")
    args = ap.parse_args(argv)
    sets = ["basil", "seeds"] if args.set == "both" else [args.set]
    results = {w: evaluate(w, args.embeddings) for w in sets}
    if args.json:
        print(json.dumps(results, indent=1, ensure_ascii=False))
        return 0
    keys = ("group_precision", "group_precision_all", "group_recall", "support_exact",
            "conflict_precision", "conflict_recall", "contradictions_as_support",
            "speaker_accuracy", "quotes_found", "omits_precision", "unique_precision",
            "cpu_seconds")  # fmt: skip
    for w, res in results.items():
        if args.show:
            for r in res["events"]:
                print(f"== {w} {r['event']}")
                for k, v in r["detail"].items():
                    for line in v:
                        print(f"   {k}: {line}")
        print(f"-- {w}: {len(res['events'])} events")
        # the ratios' own counts where a change moves a few items: "leaves out" and "adds"
        right = {
            "omits_precision": ("omits_checked", "omits_wrong"),
            "unique_precision": ("unique_checked", "unique_wrong"),
        }
        for k in keys:
            counts = ""
            if k in right:
                checked, wrong = (res["counts"].get(c, 0) for c in right[k])
                counts = f"  ({checked - wrong} right of {checked})"
            print(f"   {k:<26} {res[k]}{counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
