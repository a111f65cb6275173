"""Which offline paraphrase signal tells sentences stating the same fact apart, on human gold.

Gold: the BASIL dev cross-checking events (../shared/data/basil-dev/crosscheck-gold, 8 events of
3 outlets) and the seeds (../shared/data/seeds-gold/seeds.json, 5 outlets). Each gold fact names
the exact clause that states it in each outlet.

Sentences are storyline's own alignment units (`align.sentence_units` over the pipeline's cleaned
articles and spaCy docs, as `brief(..., cluster="single", dedup="none")` builds them). A pair of
sentences of different articles is positive when both overlap a supporting span of one gold fact;
"gold" pairs are those where at least one sentence overlaps some support (so unrelated
boilerplate does not dominate), "all" pairs are every cross-article pair.

Signals (each a units x units matrix; one that cannot load is reported and skipped):
- lexical: `align.similarity` as the pipeline uses it (TF-IDF cosine + weighted overlap, zeroed
  below `min_shared` shared lemmas); lexical_raw: the same without the `min_shared` gate;
- wordnet1 / wordnet3: lexical_raw over lemmas extended with the WordNet synsets of each content
  word's first 1 / 3 senses (Debian's wordnet-base, read by `storyline.crosscheck.semsim`);
- onnx: all-MiniLM-L6-v2 int8 on onnxruntime, cosine; torch: the same model in fp32 through
  sentence-transformers (the `embeddings` extra); md: mean en_core_web_md vector of content words;
- blends 0.5 * lexical_raw + 0.5 * embedding cosine (and with WordNet);
- clauses: the lexical score over clause units as well as sentences, a sentence pair scoring
  the best of its clause pairs (clauses read off the parse as `benchmarks/clause_units.py`
  does); onnx_clauses: the same best over MiniLM cosines of clauses.
- tokens: token coverage in the manner of BERTScore, over the int8 MiniLM's contextual
  wordpiece vectors: the larger of the two IDF-weighted mean best cosines of one sentence's
  content wordpieces among the other's (a clause inside a long sentence scores high).

Per signal: average precision, best F1 and its threshold, recall at precision >= 0.9 / 0.8,
CPU seconds (process_time, all threads) over all events, and the model load time.

    .venv/bin/python benchmarks/paraphrase_options.py [--json] [--signals lexical,onnx]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # clause_units
SHARED = ROOT.parent / "shared"
BASIL = SHARED / "data" / "basil-dev"
SEEDS = SHARED / "data" / "seeds-gold" / "seeds.json"

Json = dict[str, Any]


@dataclass
class Event:
    """One gold event through the pipeline: its units, spaCy docs and pair labels."""

    name: str
    corpus: str
    units: list[Any]
    docs: dict[str, Any]
    label: np.ndarray  # units x units: 1 positive, 0 negative, -1 same article
    gold_end: np.ndarray  # per unit: overlaps some gold support


def _basil_text(path: Path) -> tuple[str, str, str]:
    d = json.loads(path.read_text(encoding="utf-8"))
    text = "\n\n".join(" ".join(p) for p in d["body-paragraphs"])
    return text, d.get("source", ""), d.get("title", "")


def load_gold() -> list[tuple[str, str, dict[str, tuple[str, str, str]], list[Json]]]:
    """(name, corpus, {key: (text, source, title)}, facts) per gold event."""
    out = []
    for p in sorted((BASIL / "crosscheck-gold").glob("*.json")):
        g = json.loads(p.read_text(encoding="utf-8"))
        arts = {k: _basil_text(BASIL / v) for k, v in g["articles"].items()}
        out.append((p.stem[:8], "basil", arts, g["facts"]))
    g = json.loads(SEEDS.read_text(encoding="utf-8"))
    arts = {k: ((SHARED / v).read_text(encoding="utf-8"), k, "") for k, v in g["articles"].items()}
    out.append(("seeds", "seeds", arts, g["facts"]))
    return out


def prepare(
    name: str, corpus: str, arts: dict[str, tuple[str, str, str]], facts: list[Json]
) -> Event:
    """Run the pipeline's reading, cleaning and parsing; label every cross-article unit pair."""
    from storyline import api
    from storyline.analyse import nlp
    from storyline.config import Config
    from storyline.context import StoryContext
    from storyline.crosscheck.align import sentence_units

    cfg = Config(cluster="single", dedup="none", quiet=True)
    keys = sorted(arts)
    inputs = [{"text": arts[k][0], "source": arts[k][1], "title": arts[k][2]} for k in keys]
    articles, rejected = api.ingest(inputs, cfg)
    if rejected or len(articles) != len(keys):
        raise RuntimeError(f"{name}: {len(rejected)} rejected, {len(articles)} read")
    articles = api.mark_duplicates(articles, cfg)
    ctx = StoryContext(name, articles, nlp.annotate(articles), api.source_keys(articles))
    key_of = {a.id: k for a, k in zip(articles, keys, strict=True)}
    text_of = {k: a.text for a, k in zip(articles, keys, strict=True)}
    units = sentence_units(ctx)
    # gold spans per fact per article key, located in the cleaned text
    spans: list[dict[str, list[tuple[int, int]]]] = []
    missing = 0
    for f in facts:
        per: dict[str, list[tuple[int, int]]] = {}
        for s in f["support"]:
            pos = text_of[s["article"]].find(s["text"])
            if pos < 0:
                missing += 1
                continue
            per.setdefault(s["article"], []).append((pos, pos + len(s["text"])))
        spans.append(per)
    if missing:
        print(f"{name}: {missing} support strings not found in the cleaned text", file=sys.stderr)
    n = len(units)
    facts_of: list[set[int]] = []
    for u in units:
        k = key_of[u.article]
        facts_of.append({
            i for i, per in enumerate(spans)
            if any(s < u.end and u.start < e for s, e in per.get(k, []))
        })  # fmt: skip
    label = np.full((n, n), -1, dtype=np.int8)
    for i in range(n):
        for j in range(n):
            if units[i].article != units[j].article:
                label[i, j] = 1 if facts_of[i] & facts_of[j] else 0
    gold_end = np.array([bool(f) for f in facts_of])
    return Event(name, corpus, units, ctx.docs, label, gold_end)


# --- signals ---------------------------------------------------------------------------------


def _lexical(ev: Event) -> np.ndarray:
    from storyline.crosscheck.align import AlignConfig, similarity

    return similarity(ev.units, AlignConfig()).toarray()


def _lexical_raw(ev: Event) -> np.ndarray:
    from storyline.crosscheck.align import AlignConfig, similarity

    return similarity(ev.units, AlignConfig(min_shared=0)).toarray()


WORDNET = Path(os.environ.get("STORYLINE_WORDNET_DIR", "/usr/share/wordnet"))
# spaCy coarse tags -> WordNet index file; names (PROPN) are matched as entities, not synonyms
WN_POS = {"NOUN": "noun", "VERB": "verb", "ADJ": "adj", "ADV": "adv"}


@lru_cache(maxsize=1)
def wordnet_index() -> dict[tuple[str, str], tuple[int, ...]]:
    """(lemma, pos) -> synset offsets in WordNet's sense order, from Debian's wordnet-base.

    Read straight from the index.* files: NLTK's reader also wants a `lexnames` file
    that wordnet-base does not ship, and synset ids are all this needs.
    """
    index: dict[tuple[str, str], tuple[int, ...]] = {}
    for pos in WN_POS.values():
        with open(WORDNET / f"index.{pos}", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith(" "):  # licence header
                    continue
                parts = line.split()
                index[(parts[0], pos)] = tuple(int(x) for x in parts[-int(parts[2]) :])
    return index


def wordnet_lemmas(sent: Any, senses: int) -> tuple[str, ...]:
    """Synset ids ("wn:noun:<offset>") of the first `senses` senses of each content word."""
    index = wordnet_index()
    out = []
    for tok in sent:
        pos = WN_POS.get(tok.pos_)
        if pos is None or tok.is_stop or not tok.is_alpha:
            continue
        for offset in index.get((tok.lemma_.lower(), pos), ())[:senses]:
            out.append(f"wn:{pos}:{offset}")
    return tuple(out)


def _wordnet(senses: int) -> Callable[[Event], np.ndarray]:
    """lexical_raw over content lemmas plus the synset ids of their first senses."""

    def sig(ev: Event) -> np.ndarray:
        from storyline.crosscheck.align import AlignConfig, similarity

        units = []
        for u in ev.units:
            span = ev.docs[u.article].char_span(u.start, u.end, alignment_mode="expand")
            extra = wordnet_lemmas(span, senses) if span is not None else ()
            units.append(replace(u, lemmas=u.lemmas + extra))
        return similarity(units, AlignConfig(min_shared=0)).toarray()

    return sig


def _vectors(backend: str) -> Callable[[Event], np.ndarray]:
    def sig(ev: Event) -> np.ndarray:
        from storyline.crosscheck.semsim import sentence_vectors

        v = sentence_vectors([u.text for u in ev.units], backend)
        sim = np.asarray(v @ v.T, dtype=np.float64)
        np.fill_diagonal(sim, 0.0)
        return sim

    return sig


# --- clauses (benchmarks/clause_units.py) ---------------------------------------------------


def _clauses(ev: Event) -> np.ndarray:
    """Lexical score, best over the clause pairs of two sentences (sentences included)."""
    from clause_units import best_of_clauses, clause_units, node_similarity

    nodes, _, parent = clause_units(ev.units, ev.docs)
    return best_of_clauses(node_similarity(nodes, len(ev.units)), parent, len(ev.units))


def _onnx_clauses(ev: Event) -> np.ndarray:
    """MiniLM cosine, best over the clause pairs of two sentences (sentences included)."""
    from clause_units import best_of_clauses, clause_units
    from storyline.crosscheck.semsim import sentence_vectors

    _, texts, parent = clause_units(ev.units, ev.docs)
    v = sentence_vectors(texts, "onnx")
    return best_of_clauses(np.asarray(v @ v.T, dtype=np.float64), parent, len(ev.units))


# --- token coverage (BERTScore-like, all-MiniLM-L6-v2 int8 token vectors) -------------------

# wordpieces that carry no content: a sentence's coverage is over the others
_TOKEN_STOP = {"the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "with", "by",
               "at", "from", "is", "was", "were", "be", "been", "are", "as", "that", "this",
               "it", "he", "she", "they", "his", "her", "their", "its", "said", "says", "say",
               "but", "not"}  # fmt: skip


def _token_vectors(texts: list[str]) -> list[tuple[np.ndarray, list[str]]]:
    """Per text: its wordpieces' contextual vectors (L2-normalised) and the wordpieces."""
    from storyline.crosscheck.semsim import onnx_batches

    out: list[Any] = [None] * len(texts)
    for at, hidden, mask, enc in onnx_batches(texts):
        for b, i in enumerate(at):
            n = int(mask[b].sum())
            v = hidden[b, 1 : n - 1]
            v = v / np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-9, None)
            out[i] = (v.astype(np.float32), enc[b].tokens[1 : n - 1])
    return out


def _tokens(ev: Event) -> np.ndarray:
    """Token coverage: for a pair, the larger of the two IDF-weighted mean best cosines of
    one sentence's content wordpieces among the other's (the shorter sentence inside a
    longer one scores high: a clause of a long sentence)."""
    import math

    te = _token_vectors([u.text for u in ev.units])
    n = len(te)
    df: dict[str, int] = {}
    for _, toks in te:
        for t in set(toks):
            df[t] = df.get(t, 0) + 1
    weights = [
        np.array(
            [
                0.0
                if t in _TOKEN_STOP or not any(c.isalnum() for c in t)
                else math.log((n + 1) / (df[t] + 1)) + 1.0
                for t in toks
            ]
        )  # fmt: skip
        for _, toks in te
    ]
    cover = np.zeros((n, n))
    for i in range(n):
        vi, wi = te[i][0], weights[i]
        if not len(vi) or wi.sum() == 0:
            continue
        for j in range(n):
            if i != j and len(te[j][0]):
                cover[i, j] = float((vi @ te[j][0].T).max(axis=1) @ wi / wi.sum())
    sim = np.maximum(cover, cover.T)
    np.fill_diagonal(sim, 0.0)
    return sim


def _load(backend: str) -> Callable[[], None]:
    def load() -> None:
        if backend == "wordnet":
            wordnet_index()
        else:
            from storyline.crosscheck.semsim import sentence_vectors

            sentence_vectors(["warm up"], backend)

    return load


BASE: dict[str, tuple[Callable[[Event], np.ndarray], Callable[[], None] | None]] = {
    "lexical": (_lexical, None),
    "lexical_raw": (_lexical_raw, None),
    "wordnet1": (_wordnet(1), _load("wordnet")),
    "wordnet3": (_wordnet(3), _load("wordnet")),
    "onnx": (_vectors("onnx"), _load("onnx")),
    "md": (_vectors("md"), _load("md")),
    "torch": (_vectors("torch"), _load("torch")),
    "clauses": (_clauses, None),
    "onnx_clauses": (_onnx_clauses, _load("onnx")),
    "tokens": (_tokens, _load("onnx")),
}
# name -> (signal a, signal b, weight of b)
BLENDS = {
    "lexical+.5onnx": ("lexical", "onnx", 0.5),
    "lexical+.3onnx": ("lexical", "onnx", 0.3),
    "lexical_raw+.5onnx": ("lexical_raw", "onnx", 0.5),
    "lexical_raw+.3onnx": ("lexical_raw", "onnx", 0.3),
    "lexical+.3torch": ("lexical", "torch", 0.3),
    "lexical_raw+.5md": ("lexical_raw", "md", 0.5),
    "lexical+.3md": ("lexical", "md", 0.3),
    "wordnet1+.5onnx": ("wordnet1", "onnx", 0.5),
    "lexical+.2clauses": ("lexical", "clauses", 0.2),
    "lexical+.35clauses": ("lexical", "clauses", 0.35),
    "lexical+.3onnx_clauses": ("lexical", "onnx_clauses", 0.3),
    "lexical+.3tokens": ("lexical", "tokens", 0.3),
    "lexical+.5tokens": ("lexical", "tokens", 0.5),
}


# --- metrics ---------------------------------------------------------------------------------


def scores(y: np.ndarray, s: np.ndarray) -> Json:
    """Average precision, best F1 (and threshold), recall at precision >= 0.9 / 0.8."""
    from sklearn.metrics import average_precision_score, precision_recall_curve

    if y.sum() == 0:
        return {}
    p, r, t = precision_recall_curve(y, s)
    f1 = np.divide(2 * p * r, p + r, out=np.zeros_like(p), where=(p + r) > 0)
    best = int(np.argmax(f1[:-1])) if len(t) else 0

    def r_at(level: float) -> float:
        ok = r[p >= level]
        return float(ok.max()) if ok.size else 0.0

    return {
        "ap": round(float(average_precision_score(y, s)), 3),
        "best_f1": round(float(f1[best]), 3),
        "at": round(float(t[best]), 3) if len(t) else None,
        "r@p90": round(r_at(0.9), 3),
        "r@p80": round(r_at(0.8), 3),
        "pos": int(y.sum()),
        "pairs": int(y.size),
    }


def pairs(ev: Event, sim: np.ndarray, gold_only: bool) -> tuple[np.ndarray, np.ndarray]:
    """Labels and scores of the unordered cross-article pairs of one event."""
    iu = np.triu_indices(len(ev.units), k=1)
    lab = ev.label[iu]
    keep = lab >= 0
    if gold_only:
        keep &= ev.gold_end[iu[0]] | ev.gold_end[iu[1]]
    return lab[keep].astype(int), sim[iu][keep]


def evaluate(names: list[str] | None = None) -> Json:
    """Every signal on every event: scores per corpus and pair set, CPU seconds, load seconds."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: F401  (import not timed)

    events = [prepare(*g) for g in load_gold()]
    wanted = names or list(BASE) + list(BLENDS)
    sims: dict[str, list[np.ndarray]] = {}
    result: Json = {"signals": {}, "failed": {}, "events": len(events)}
    result["units"] = sum(len(e.units) for e in events)
    for name, (fn, load) in BASE.items():
        needed = name in wanted or any(name in BLENDS[b] for b in wanted if b in BLENDS)
        if not needed:
            continue
        info: Json = {}
        try:
            if load is not None:
                t0, w0 = time.process_time(), time.perf_counter()
                load()
                info["load_cpu_s"] = round(time.process_time() - t0, 2)
                info["load_wall_s"] = round(time.perf_counter() - w0, 2)
            t0, w0 = time.process_time(), time.perf_counter()
            sims[name] = [fn(e) for e in events]
            info["cpu_s"] = round(time.process_time() - t0, 2)
            info["wall_s"] = round(time.perf_counter() - w0, 2)
        except Exception as e:  # a backend that is not installed is a result, not a crash
            result["failed"][name] = f"{type(e).__name__}: {e}"
            continue
        result["signals"][name] = info
    for name, (a, b, w) in BLENDS.items():
        if name in wanted and a in sims and b in sims:
            sims[name] = [(1 - w) * x + w * y for x, y in zip(sims[a], sims[b], strict=True)]
            result["signals"][name] = {"cpu_s": None}
    for name in list(result["signals"]):
        if name not in wanted:
            del result["signals"][name]
            continue
        result["signals"][name]["event_ap"] = {
            e.name: scores(*pairs(e, sim, True)).get("ap")
            for e, sim in zip(events, sims[name], strict=True)
        }
        for corpus in ("basil", "seeds"):
            for gold_only in (True, False):
                ys, ss = [], []
                for e, sim in zip(events, sims[name], strict=True):
                    if e.corpus == corpus:
                        y, s = pairs(e, sim, gold_only)
                        ys.append(y)
                        ss.append(s)
                key = f"{corpus}_{'gold' if gold_only else 'all'}"
                result["signals"][name][key] = scores(np.concatenate(ys), np.concatenate(ss))
    return result


def table(result: Json) -> str:
    cols = ["ap", "best_f1", "at", "r@p90", "r@p80"]
    lines = [f"{result['events']} events, {result['units']} sentences"]
    for key in ("basil_gold", "seeds_gold", "basil_all", "seeds_all"):
        first = next(iter(result["signals"].values()))[key]
        lines.append(f"\n{key}  ({first['pos']} positive of {first['pairs']} pairs)")
        lines.append(f"{'signal':<20}" + "".join(f"{c:>9}" for c in cols) + f"{'cpu_s':>8}")
        for name, info in result["signals"].items():
            m = info[key]
            cpu = "" if info.get("cpu_s") is None else f"{info['cpu_s']:.2f}"
            lines.append(f"{name:<20}" + "".join(f"{m[c]!s:>9}" for c in cols) + f"{cpu:>8}")
    base = result["signals"].get("lexical", {}).get("event_ap")
    if base:
        lines.append(f"\nevents (of {len(base)}) where AP on gold pairs beats lexical:")
        for name, info in result["signals"].items():
            wins = sum(info["event_ap"][k] > v for k, v in base.items())
            lines.append(f"  {name:<18} {wins}")
    lines.append("\nload seconds (cpu / wall):")
    for name, info in result["signals"].items():
        if "load_cpu_s" in info:
            lines.append(f"  {name:<18} {info['load_cpu_s']:>6} / {info['load_wall_s']}")
    for name, why in result["failed"].items():
        lines.append(f"failed {name}: {why}")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--signals", help="comma-separated signal names (default: all)")
    args = ap.parse_args()
    result = evaluate(args.signals.split(",") if args.signals else None)
    print(json.dumps(result, indent=1) if args.json else table(result))


if __name__ == "__main__":
    main()
