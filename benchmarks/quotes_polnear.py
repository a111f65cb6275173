"""Direct quotes and their speakers on PolNeAR, side by side with textacy.

    .venv/bin/python benchmarks/quotes_polnear.py [--split dev] [--json]

Gold (PolNeAR brat standoff, one annotator file per article): a direct quote
is a `Content` span whose text starts or ends in a quotation mark; its speaker
is the `Source` span of the same attribution. A predicted quote matches a gold
quote when their spans overlap. Precision counts predicted quotes that overlap
a gold direct quote, recall gold direct quotes overlapped by a prediction.
Speaker accuracy is over matched gold quotes that have a Source: correct when
the predicted speaker span (the mention in the attribution, or the named
mention it resolves to) overlaps the gold Source, or when both resolve to the
same named entity of the article.

textacy's `textacy.extract.triples.direct_quotations` runs on the same spaCy
docs and is scored the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "polnear-dev"
MARKS = '"“”„«»'


@dataclass
class GoldArticle:
    name: str
    text: str
    quotes: list[tuple[list[tuple[int, int]], list[tuple[int, int]]]] = field(default_factory=list)


@dataclass
class Pred:
    start: int
    end: int
    speakers: list[tuple[int, int]]
    speaker_name: str | None = None
    direct: bool = True


def _ranges(spec: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (p.split() for p in spec.split(";"))]


def load_split(root: Path = DATA, split: str = "dev") -> list[GoldArticle]:
    """Articles of one split with their gold direct quotes and Source spans."""
    out = []
    ann_dir = root / split / "attributions"
    anns = sorted(ann_dir.glob("*.ann"))
    seen: set[str] = set()
    for ann in anns:
        name = ann.stem.rsplit("_", 1)[0]
        if name in seen:
            continue  # several annotators: the first one
        seen.add(name)
        text = (root / split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        spans: dict[str, tuple[str, list[tuple[int, int]]]] = {}
        rels = []
        for line in ann.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("T") and len(parts) >= 2:
                label, _, spec = parts[1].partition(" ")
                spans[parts[0]] = (label, _ranges(spec))
            elif line.startswith("E") and len(parts) >= 2:
                rels.append(dict(p.split(":", 1) for p in parts[1].split()))
        g = GoldArticle(name, text)
        for rel in rels:
            content = spans.get(rel.get("Content", ""))
            if content is None:
                continue
            rng = content[1]
            body = text[rng[0][0] : rng[-1][1]].strip()
            if not body or (body[0] not in MARKS and body[-1] not in MARKS):
                continue
            source = spans.get(rel.get("Source", ""), ("", []))[1]
            g.quotes.append((rng, source))
        out.append(g)
    return out


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _entity_name(entities: list[Any], spans: list[tuple[int, int]]) -> str | None:
    for e in entities:
        if e.label != "PERSON" and e.label != "ORG":
            continue
        for m in e.mentions:
            if _overlap([(m.start, m.end)], spans):
                return str(e.name)
    return None


def score(
    golds: list[GoldArticle], preds: list[list[Pred]], entities: list[list[Any]]
) -> dict[str, float]:
    tp_pred = n_pred = tp_gold = n_gold = sp_ok = sp_n = 0
    for g, ps, ents in zip(golds, preds, entities, strict=False):
        n_pred += len(ps)
        n_gold += len(g.quotes)
        tp_pred += sum(any(_overlap([(p.start, p.end)], q[0]) for q in g.quotes) for p in ps)
        for rng, source in g.quotes:
            hits = [p for p in ps if _overlap([(p.start, p.end)], rng)]
            if not hits:
                continue
            tp_gold += 1
            if not source:
                continue
            sp_n += 1
            gold_name = _entity_name(ents, source)
            ok = any(
                _overlap(p.speakers, source)
                or (gold_name is not None and p.speaker_name == gold_name)
                for p in hits
            )
            sp_ok += ok
    p = tp_pred / n_pred if n_pred else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "speaker_accuracy": round(sp_ok / sp_n, 4) if sp_n else 0.0,
        "gold_quotes": n_gold,
        "predicted": n_pred,
    }


def run_ours(
    golds: list[GoldArticle],
) -> tuple[list[Any], list[list[Pred]], list[list[Any]], float]:
    """Parse with storyline.analyse.nlp, then entities and quotes per article."""
    from storyline.analyse import nlp
    from storyline.analyse.entities import extract_entities
    from storyline.analyse.quotes import article_quotes
    from storyline.config import Config
    from storyline.context import StoryContext
    from storyline.model import Article

    articles = [Article(id=g.name, text=g.text) for g in golds]
    t0 = time.perf_counter()
    docs = nlp.annotate(articles)
    parse_s = time.perf_counter() - t0
    cfg = Config()
    preds, ents_all = [], []
    for a in articles:
        ctx = StoryContext(a.id, [a], {a.id: docs[a.id]}, {a.id: a.id})
        ents = extract_entities(ctx, cfg)
        ents_all.append([_Flat(e) for e in ents])
        ps = []
        for h in article_quotes(a, docs[a.id], ents):
            spk = [
                (s, e)
                for s, e in ((h.speaker_start, h.speaker_end), (h.name_start, h.name_end))
                if s is not None and e is not None
            ]
            ps.append(Pred(h.start, h.end, spk, h.speaker, h.direct))
        preds.append(ps)
    return [docs[a.id] for a in articles], preds, ents_all, parse_s


class _Flat:
    """An entity with its mentions as plain (start, end) of its one article."""

    def __init__(self, e: Any) -> None:
        self.name, self.label = e.name, e.label
        self.mentions = [type("M", (), {"start": m.start, "end": m.end}) for m in e.mentions]


def run_textacy(docs: list[Any], entities: list[list[Any]]) -> tuple[list[list[Pred]] | None, str]:
    try:
        from textacy.extract.triples import direct_quotations
    except Exception as exc:  # pragma: no cover - depends on the environment
        return None, f"textacy not importable: {exc}"
    preds = []
    bailed = 0
    for doc, ents in zip(docs, entities, strict=False):
        ps: list[Pred] = []
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # textacy bails out on an odd number of quotation marks
            bailed += 1
            triples = []
        for t in triples:
            spk = [(tok.idx, tok.idx + len(tok.text)) for tok in t.speaker]
            p = Pred(t.content.start_char, t.content.end_char, spk)
            p.speaker_name = _entity_name(ents, spk) if spk else None
            ps.append(p)
        preds.append(ps)
    return preds, f"bailed out (no quotes) on {bailed} of {len(docs)} articles"


def evaluate(split: str = "dev", root: Path = DATA) -> dict[str, Any]:
    golds = load_split(root, split)
    docs, preds, ents, parse_s = run_ours(golds)
    result: dict[str, Any] = {"split": split, "articles": len(golds), "parse_s": round(parse_s, 1)}
    result["storyline"] = score(golds, [[p for p in ps if p.direct] for ps in preds], ents)
    result["storyline_all"] = score(golds, preds, ents)
    tx, status = run_textacy(docs, ents)
    result["textacy"] = score(golds, tx, ents) if tx is not None else {"status": status}
    result["textacy_note"] = status
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="dev", choices=["dev", "train"])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not DATA.exists():
        print(f"{DATA} is absent; nothing to measure", file=sys.stderr)
        return 1
    res = evaluate(args.split)
    if args.json:
        print(json.dumps(res, indent=1))
        return 0
    print(f"PolNeAR {res['split']}: {res['articles']} articles, spaCy parse {res['parse_s']} s")
    print(f"{'system':<12}{'P':>8}{'R':>8}{'F1':>8}{'speaker':>9}{'gold':>6}{'pred':>6}")
    for name in ("storyline", "storyline_all", "textacy"):
        m = res[name]
        if "f1" not in m:
            print(f"{name:<12} {m['status']}")
            continue
        print(
            f"{name:<12}{m['precision']:>8.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}"
            f"{m['speaker_accuracy']:>9.3f}{m['gold_quotes']:>6}{m['predicted']:>6}"
        )
    print("storyline: direct quotes (fragments inside a sentence left out, as in the gold)")
    print("storyline_all: every quote, fragments included")
    print(f"textacy: {res['textacy_note']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
