"""Clause-level alignment units, measured on the cross-checking gold (a negative result, kept).

Most gold pairs that the statements stage misses are one clause of a long sentence that says
other things ("Rep. Michael Grimm (R-N.Y.) is expected to be indicted ..." for "Grimm is a
Republican from New York"). This splits each sentence into clauses on spaCy's parse and tries
them in the statements stage, each variant registered as a `statements` stage and scored by
`crosscheck_gold.py` on the BASIL and seeds gold:

- nodes: clauses align beside sentences (a clause node's similarity times `weight`); a
  statement cites the sentences of its nodes, so a sentence of two claims can be in two;
- attach: the default groups, then a sentence joins a group where one of its clauses matches
  a member (`align.attach_secondary` over the best clause-pair score times `weight`);
- blend: the default stage over (1 - weight) * sentence score + weight * best clause-pair score;
- pairs: the default groups, plus every cross-article sentence pair scoring `weight` or more
  that no group holds as a statement of its own (a sentence in as many statements as it
  matches, clauses aside);
- threshold: the default stage at another threshold, for comparison.

A clause head is a verb coordinated with a verb (`conj`), a clausal complement or modifier
(`ccomp`, `advcl`, `relcl`, `acl`, `parataxis`) or a nominal apposition; its clause is its
subtree less the clauses nested in it, plus what it is about where the parse leaves that
outside (a coordinated verb's shared subject, the noun a relative clause or apposition
describes). A bracketed aside is a clause too. Clauses of fewer than `CLAUSE_MIN` content
lemmas are skipped (they match on a name alone). IDF and the distinctive-word discount are
counted over sentences, as the pipeline counts them.

    .venv/bin/python benchmarks/clause_units.py [--variants nodes:0.6,threshold:0.22]
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import crosscheck_gold  # noqa: E402

# Dependencies that open a clause of their own below their head.
CLAUSE_DEPS = {"conj", "ccomp", "advcl", "relcl", "acl", "parataxis", "appos"}
SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
# Content lemmas a clause needs to count as a unit.
CLAUSE_MIN = 4
DEFAULT_VARIANTS = (
    "default,nodes:1.0,nodes:0.6,nodes:0.5,attach:0.8,blend:0.2,pairs:0.28,pairs:0.35,"
    "threshold:0.22"
)


def clause_tokens(sent: Any) -> list[list[Any]]:
    """Token lists of the clauses of one spaCy sentence (main clause first); [] for one clause."""

    def opens(t: Any) -> bool:
        if t.dep_ == "appos":
            return bool(t.pos_ in {"NOUN", "PROPN"})
        if t.dep_ == "conj":
            return bool(t.pos_ in {"VERB", "AUX"} and t.head.pos_ in {"VERB", "AUX"})
        return bool(t.pos_ in {"VERB", "AUX"} or t.dep_ in {"ccomp", "parataxis"})

    def name(t: Any) -> list[Any]:
        return [c for c in t.lefts if c.dep_ in {"compound", "amod", "nmod"}] + [t]

    def about(head: Any) -> list[Any]:
        if head.dep_ == "conj" and not any(c.dep_ in SUBJECTS for c in head.children):
            first = head
            while first.dep_ == "conj":
                first = first.head
            subj = next((c for c in first.children if c.dep_ in SUBJECTS), None)
            return name(subj) if subj is not None else []
        return name(head.head) if head.dep_ in {"relcl", "appos", "acl"} else []

    heads = {t.i: t for t in sent if t.dep_ in CLAUSE_DEPS and opens(t)}
    asides: list[list[Any]] = []
    opened = None
    for t in sent:
        if t.text == "(" and opened is None:
            opened = t.i
        elif t.text == ")" and opened is not None:
            asides.append([sent.doc[k] for k in range(opened + 1, t.i)])
            opened = None
    if not heads and not asides:
        return []
    in_aside = {t.i for a in asides for t in a}
    owner: dict[int, list[Any]] = {}
    for t in sent:
        node = t
        while node.i not in heads and node.head.i != node.i:
            node = node.head
        key = node.i if node.i in heads else -1
        if t.i not in in_aside and not (t.is_punct or t.is_space):
            owner.setdefault(key, []).append(t)
    out = [toks + about(heads[k]) if k >= 0 else toks for k, toks in sorted(owner.items())]
    for a in asides:
        before = sent.doc[a[0].i - 2] if a[0].i - 2 >= sent.start else None
        lead = name(before) if before is not None and before.pos_ in {"NOUN", "PROPN"} else []
        out.append(lead + [t for t in a if not t.is_punct])
    return out if len(out) > 1 else []


def clause_units(units: list[Any], docs: dict[str, Any]) -> tuple[list[Any], list[str], np.ndarray]:
    """Every sentence, then every clause of CLAUSE_MIN lemmas: units, texts, sentence of each."""
    from storyline.crosscheck.align import NAME_LABELS, STEM

    nodes = list(units)
    texts = [u.text for u in units]
    parent = list(range(len(units)))
    for u in units:
        span = docs[u.article].char_span(u.start, u.end, alignment_mode="expand")
        for toks in clause_tokens(span) if span is not None else []:
            ids = {t.i for t in toks}
            bag = [
                (t.lemma_.lower()[:STEM] if t.is_alpha else t.text.lower().replace(",", ""))
                for t in toks
                if not (t.is_punct or t.is_space or t.is_stop)
                and (t.is_alpha or t.like_num or t.text in {"%", "$"})
            ]
            bag += [
                "ent:" + " ".join(t.lower_ for t in e if not t.is_stop)
                for e in span.ents
                if e.label_ in NAME_LABELS and len(e) > 1 and e.start in ids
            ]
            if len(bag) >= CLAUSE_MIN:
                nodes.append(replace(u, index=len(nodes), lemmas=tuple(bag)))
                texts.append(" ".join(t.text for t in sorted(toks, key=lambda t: t.i)))
                parent.append(u.index)
    return nodes, texts, np.asarray(parent)


def _identity(doc: list[str]) -> list[str]:
    """A document that is already its list of terms (the vectorizers' analyzer)."""
    return doc


def node_similarity(nodes: list[Any], n_sent: int) -> np.ndarray:
    """`align.similarity` with the discount over sentence and clause nodes.

    IDF and the words' spread are counted over the first `n_sent` nodes (the sentences).
    """
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    from storyline.crosscheck.align import AlignConfig

    cfg = AlignConfig()
    docs = [list(u.lemmas) or ["<empty>"] for u in nodes]
    vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2").fit(docs[:n_sent])
    x = vec.transform(docs)
    binary = (x > 0).astype(np.float64)
    weighted = binary.multiply(vec.idf_).tocsr()
    mass = np.asarray(weighted.sum(axis=1)).ravel()
    denom = np.minimum.outer(mass, mass)
    inter = (weighted @ binary.T).toarray()
    overlap = np.divide(inter, denom, out=np.zeros_like(inter), where=denom > 0)
    sim = 0.5 * (x @ x.T).toarray() + 0.5 * overlap
    sim[(binary @ binary.T).toarray() < cfg.min_shared] = 0.0
    cv = CountVectorizer(analyzer=_identity, binary=True).fit(docs)
    b = cv.transform(docs)
    df = np.asarray(b[:n_sent].sum(axis=0)).ravel()
    names = np.array([t.startswith("ent:") for t in cv.get_feature_names_out()])
    per_fact = 2.0 * len({u.article for u in nodes})
    keep = (df <= max(per_fact, cfg.common_share * n_sent)) & ~names
    bd = b[:, np.nonzero(keep)[0]]
    sim[(bd @ bd.T).toarray() < cfg.min_distinctive] *= cfg.common_penalty
    np.fill_diagonal(sim, 0.0)
    return np.asarray(sim)


def best_of_clauses(node_sim: np.ndarray, parent: np.ndarray, n: int) -> np.ndarray:
    """Sentence x sentence: the best score of any node pair of the two sentences."""
    out = np.zeros((n, n))
    np.maximum.at(out, (parent[:, None], parent[None, :]), node_sim)
    np.fill_diagonal(out, 0.0)
    return out


# --- the statements stage with clause units ----------------------------------------------------


def statements_with(kind: str, weight: float) -> Any:
    """A `statements` stage: the default one with clause units used as `kind` says."""
    from storyline.crosscheck import statements as st
    from storyline.crosscheck.align import (
        Similarity,
        align_units,
        attach_secondary,
        centre,
        discount_common,
        sentence_units,
        similarity,
    )

    def dense(m: np.ndarray) -> Similarity:  # the benchmark works on whole matrices
        return Similarity.from_dense(m)

    def stage(ctx: Any, cfg: Any) -> list[Any]:
        align = st.DEFAULT if kind != "threshold" else replace(st.DEFAULT, threshold=weight)
        units = sentence_units(ctx)
        if not units:
            return []
        loose = similarity(units, align, embeddings=cfg.embeddings, distinctive=False)
        sim = discount_common(loose, units, align).toarray()
        conflict_groups = align_units(units, st.CONFLICT_ALIGN, loose)
        ctx.aligned = [[st._span(units[i]) for i in g] for g in conflict_groups if len(g) > 1]
        n = len(units)
        if kind in {"nodes", "attach", "blend"}:
            nodes, _, parent = clause_units(units, ctx.docs)
            nsim = node_similarity(nodes, n)
            nsim[:n, :n] = sim
            if kind == "nodes":
                nsim[n:, :] *= weight
                nsim[:, n:] *= weight
                groups = attach_secondary(
                    align_units(nodes, align, dense(nsim)), nodes, align, dense(nsim)
                )
                aligned = [sorted({int(parent[i]) for i in g}) for g in groups]
            else:
                best = best_of_clauses(nsim, parent, n)
                if kind == "blend":
                    sim = (1 - weight) * sim + weight * best
                    aligned = attach_secondary(
                        align_units(units, align, dense(sim)), units, align, dense(sim)
                    )
                else:
                    aligned = attach_secondary(
                        align_units(units, align, dense(sim)),
                        units,
                        align,
                        dense(np.maximum(sim, weight * best)),
                    )
        else:
            aligned = attach_secondary(
                align_units(units, align, dense(sim)), units, align, dense(sim)
            )
        if kind == "pairs":
            held = {(a, b) for g in aligned for a in g for b in g}
            aligned += [
                [i, j]
                for i, j in zip(*np.nonzero(np.triu(sim >= weight, k=1)), strict=True)
                if units[i].article != units[j].article and (i, j) not in held
            ]
        ctx.units, ctx.similarity = units, dense(sim)
        values: dict[int, list[Any]] = {}
        groups = [
            p for g in aligned for p in st.split_by_values(ctx, g, units, ctx.similarity, values)
        ]
        grouped = {i for g in groups if len(g) > 1 for i in g}
        order = {a.id: i for i, a in enumerate(ctx.articles)}
        made = []
        seen: set[tuple[int, ...]] = set()
        for group in groups:
            if tuple(group) in seen or (len(group) == 1 and group[0] in grouped):
                continue
            seen.add(tuple(group))
            rep = units[centre(group, ctx.similarity)]
            in_order = sorted(group, key=lambda i: st._pos(units[i], order))
            cites = tuple(st._span(units[i]) for i in in_order)
            support = ctx.support({units[i].article for i in group})
            first = st._pos(units[group[0]], order)
            made.append((support, first, st.Statement(rep.text, support, cites)))
        made.sort(key=lambda m: (-m[0], m[1]))
        return [m[2] for m in made]

    return stage


def register(variant: str) -> str:
    """Register the stage of one variant ("nodes:0.6") under a name; return that name."""
    from storyline import stages

    if variant == "default":
        return "default"
    kind, _, w = variant.partition(":")
    name = f"clause_{kind}_{w}".replace(".", "_")
    globals()[name] = statements_with(kind, float(w))
    stages.REGISTRY["statements"][name] = f"{__name__}:{name}"
    return name


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", default=DEFAULT_VARIANTS, help="comma-separated kind:weight")
    args = ap.parse_args(argv)
    keys = ("group_precision", "group_recall", "support_exact", "conflict_precision",
            "conflict_recall", "contradictions_as_support", "omits_precision")  # fmt: skip
    print(f"{'variant':<16}{'set':<7}" + "".join(f"{k[:14]:>16}" for k in keys) + f"{'cpu_s':>8}")
    for variant in args.variants.split(","):
        name = register(variant)
        for which in ("basil", "seeds"):
            res = crosscheck_gold.evaluate(which, statements=name)
            row = "".join(f"{res[k]!s:>16}" for k in keys)
            print(f"{variant:<16}{which:<7}{row}{res['cpu_seconds']:>8}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
