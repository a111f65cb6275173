"""Quote speakers on BASIL (basil-dev): a small check against human annotations.

    .venv/bin/python benchmarks/quotes_basil.py [--json] [--errors]

BASIL marks biased spans of each article; a span inside a quotation carries
`quote: yes` and its `speaker` ("Rick_Perry", or "other_anti" and the like).
Only spans whose speaker is a named person (two or more name parts, not
"other_*", not a group such as "Obama_campaign") are used. A span is found in
the article by its text; it is covered when a quote of ours overlaps it, and
correct when the speaker we give (canonical entity name, its aliases, or the
mention in the attribution) shares the surname of the annotated speaker.

Report only, not a gate: the spans are few (about a hundred), many are a few
words of a longer quote, and BASIL annotates biased wording, not every quote.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "basil-dev"
GROUPS = {"campaign", "lawmakers", "officials", "democrats", "republicans", "companies",
          "protestors", "plaintiffs", "catholics", "party", "now", "naacp"}  # fmt: skip


def gold_spans(root: Path = DATA) -> dict[str, list[tuple[str, str]]]:
    """Article path -> [(span text, speaker name)] for quote spans with a named person."""
    arts: dict[str, Path] = {}
    for p in sorted((root / "articles").glob("*/*.json")):
        arts[json.loads(p.read_text())["uuid"]] = p
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for p in sorted((root / "annotations").glob("*/*.json")):
        ann = json.loads(p.read_text())
        path = arts.get(ann.get("uuid", ""))
        if path is None:
            continue
        for a in ann.get("phrase-level-annotations", []):
            who = a.get("speaker", "")
            parts = who.split("_")
            if a.get("quote") != "yes" or who.startswith("other") or len(parts) < 2:
                continue
            if {x.lower() for x in parts} & GROUPS or not all(x[:1].isupper() for x in parts):
                continue
            out[str(path)].append((a["txt"].strip("“”\"' "), " ".join(parts)))
    return out


def evaluate(root: Path = DATA) -> dict[str, Any]:
    from storyline import api
    from storyline.analyse import nlp
    from storyline.analyse.entities import extract_entities
    from storyline.analyse.quotes import article_quotes
    from storyline.config import Config
    from storyline.context import StoryContext

    gold = gold_spans(root)
    cfg = Config.from_options(quiet=True)
    articles, _ = api.ingest(sorted(gold), cfg)
    docs = nlp.annotate(articles, cfg.spacy_model)
    by_event: dict[str, list[Any]] = defaultdict(list)
    for a in articles:
        by_event[Path(a.path or "").name.rsplit("_", 1)[0]].append(a)
    n = covered = correct = 0
    errors = []
    for group in by_event.values():
        ctx = StoryContext("s", group, {a.id: docs[a.id] for a in group}, {})
        ents = extract_entities(ctx, cfg)
        for a in group:
            hits = article_quotes(a, docs[a.id], ents)
            for span_text, who in gold.get(a.path or "", []):
                at = a.text.find(span_text)
                if at < 0:
                    continue
                n += 1
                over = [h for h in hits if h.start < at + len(span_text) and at < h.end]
                if not over:
                    continue
                covered += 1
                surname = who.split()[-1].lower()
                given = " ".join(filter(None, (over[0].speaker, over[0].speaker_text)))
                aliases = [al for e in ents if e.name == over[0].speaker for al in e.aliases]
                if surname in re.findall(r"\w+", (given + " " + " ".join(aliases)).lower()):
                    correct += 1
                else:
                    errors.append((who, over[0].speaker, over[0].speaker_text, span_text[:60]))
    return {
        "spans": n,
        "covered": covered,
        "speaker_accuracy": round(correct / covered, 4) if covered else 0.0,
        "errors": errors,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", action="store_true", help="list the wrong speakers")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"no data at {DATA}", file=sys.stderr)
        return 1
    res = evaluate()
    if args.json:
        print(json.dumps(res if args.errors else {k: v for k, v in res.items() if k != "errors"}))
        return 0
    print(f"BASIL dev: {res['spans']} quote spans with a named speaker")
    print(f"covered by a quote of ours: {res['covered']}")
    print(f"speaker accuracy on covered: {res['speaker_accuracy']:.3f}")
    if args.errors:
        for who, sp, mention, txt in res["errors"]:
            print(f"  gold {who:20} ours {sp!s:20} ({mention}) | {txt}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
