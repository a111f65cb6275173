"""Alignment: which sentences of different articles of one story state the same thing.

No NLI model installs offline (DESIGN.md), so "the same thing" is measured
lexically: each sentence becomes a bag of content lemmas (numbers and entity
names included), weighted by TF-IDF over the sentences of the story. Two
sentences are similar when their TF-IDF cosine is high or when most of the
weighted content of the shorter one recurs in the longer one (a paraphrase
often adds a clause; the overlap coefficient forgives that, cosine does not).

Grouping is agglomerative over cross-article pairs, strongest first, with two
guards against chaining: a group holds at most one sentence per article, and
two groups merge only when their average similarity stays above a floor and
no cross pair falls below a lower one.

Optional sentence embeddings (the `embeddings` extra) are blended in when
`cfg.embeddings` is set and the package imports; the default needs no torch.

    >>> units = sentence_units(ctx)                         # doctest: +SKIP
    >>> groups = align_units(units, AlignConfig())          # doctest: +SKIP
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from storyline.analyse.doc_index import span_ents
from storyline.analyse.nlp import sentence_spans

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

    from storyline.context import StoryContext

log = logging.getLogger(__name__)

# Rows of the similarity matrix computed at once (bounds the temporaries' memory).
BLOCK = 512

# Content words are cut to their first STEM letters after lemmatising, so that
# derivations meet ("extension" / "extend" do not, "injured" / "injuries" do).
STEM = 6
# Entity labels whose names count as content (dates and numbers are handled as values).
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"}


@dataclass(frozen=True)
class AlignConfig:
    """Knobs of alignment.

    threshold: similarity at which two sentences of different articles are
        taken to state the same thing (0.5 cosine + 0.5 overlap coefficient).
        0.28 with the floors below: with the distinctive-word discount, the best
        grouping precision and recall on BASIL crosscheck-gold (0.33 gave
        P 0.88 / R 0.34, 0.28 gives 0.90 / 0.40, 0.25 gives 0.86 / 0.41).
    group_floor: average similarity two groups must keep to merge (anti-chaining).
    link_floor: least similarity every cross pair of two merging groups must keep:
        a sentence joins a group only if it is not unrelated to any member.
    min_shared: content lemmas two sentences must share before they can align.
    secondary_threshold, secondary_floor: when a sentence already in one group
        also joins another (`attach_secondary`).
    min_distinctive, common_share, common_penalty: a pair sharing fewer than
        `min_distinctive` content lemmas that are no name and occur in at most
        `common_share` of the story's sentences has its similarity multiplied by
        `common_penalty` (sharing only the story's names and topic words is no
        shared fact: BASIL gold pair precision at the threshold 0.59 -> 0.80,
        benchmarks/crosscheck_gold.py).
    embed_weight: weight of embedding cosine when embeddings are on (0.3 ranked
        gold paraphrase pairs better than 0.5 on both the BASIL and the seeds gold:
        benchmarks/paraphrase_options.py).
    """

    threshold: float = 0.28
    group_floor: float = 0.22
    link_floor: float = 0.13
    min_shared: int = 2
    secondary_threshold: float = 0.45
    secondary_floor: float = 0.35
    min_distinctive: int = 2
    common_share: float = 0.1
    common_penalty: float = 0.5
    embed_weight: float = 0.3


@dataclass(frozen=True)
class Unit:
    """One sentence of one article: offsets into the article text and its content lemmas."""

    index: int
    article: str
    start: int
    end: int
    text: str
    lemmas: tuple[str, ...]


def content_lemmas(sent: SpacySpan) -> tuple[str, ...]:
    """Lower-cased lemmas of content words, numbers and entity names of a spaCy span."""
    out: list[str] = []
    for tok in sent:
        if tok.is_punct or tok.is_space or tok.is_stop:
            continue
        if not (tok.is_alpha or tok.like_num or tok.text in {"%", "$"}):
            continue
        lemma = tok.lemma_.lower() if tok.is_alpha else tok.text.lower().replace(",", "")
        out.append(lemma[:STEM] if tok.is_alpha else lemma)
    for ent in span_ents(sent):
        if ent.label_ in NAME_LABELS and len(ent) > 1:
            out.append("ent:" + " ".join(t.lower_ for t in ent if not t.is_stop))
    return tuple(out)


def sentence_units(ctx: StoryContext) -> list[Unit]:
    """Every body sentence of every article of the story (headings skipped), in order."""
    units: list[Unit] = []
    for art in ctx.articles:
        doc = ctx.docs[art.id]
        for s, e in sentence_spans(art, doc):
            span = doc.char_span(s, e, alignment_mode="expand")
            lemmas = content_lemmas(span) if span is not None else ()
            units.append(Unit(len(units), art.id, s, e, art.text[s:e], lemmas))
    return units


def similarity(
    units: list[Unit], cfg: AlignConfig, embeddings: bool = False, distinctive: bool = True
) -> np.ndarray:
    """Dense units x units similarity: mean of TF-IDF cosine and weighted overlap coefficient.

    `distinctive`: discount pairs that share only names and the story's common
    words (for statements; the conflicts stage compares sentences that state one
    thing with other values, which share fewer words, without the discount).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    n = len(units)
    if n == 0:
        return np.zeros((0, 0))
    docs = [list(u.lemmas) or ["<empty>"] for u in units]
    vec = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, norm="l2")
    x = vec.fit_transform(docs).tocsr()
    # a comparison sorts its operand's indices in place, which changes the order the
    # cosine sums in (and its last bit): the cosine is taken on the order as fitted
    binary = (x.copy() > 0).astype(np.float64).tocsr()
    idf = vec.idf_
    weighted = binary.multiply(idf).tocsr()
    mass = np.asarray(weighted.sum(axis=1)).ravel()
    xt, bt = x.T.tocsc(), binary.T.tocsc()
    emb = _embedding_cosine([u.text for u in units]) if embeddings else None
    sim = np.empty((n, n))
    # by blocks of rows, so that the temporaries of a block, not of the whole story,
    # are held at once; every entry is computed as the whole-matrix products would
    for lo in range(0, n, BLOCK):
        hi = min(n, lo + BLOCK)
        cos = (x[lo:hi] @ xt).toarray()
        inter = (weighted[lo:hi] @ bt).toarray()
        shared = (binary[lo:hi] @ bt).toarray()
        denom = np.minimum.outer(mass[lo:hi], mass)
        overlap = np.divide(inter, denom, out=np.zeros_like(inter), where=denom > 0)
        block = 0.5 * cos + 0.5 * overlap
        if emb is not None:
            block = (1 - cfg.embed_weight) * block + cfg.embed_weight * emb[lo:hi]
        block[shared < cfg.min_shared] = 0.0
        sim[lo:hi] = block
    np.fill_diagonal(sim, 0.0)
    return discount_common(sim, units, cfg) if distinctive else sim


def discount_common(sim: np.ndarray, units: list[Unit], cfg: AlignConfig) -> np.ndarray:
    """`sim` with pairs that share fewer than `min_distinctive` distinctive words discounted.

    Names and the story's own vocabulary ("TikTok", "talks", the protagonist)
    recur in most sentences of a story; two sentences that share only those
    are about the same story, not the same fact. A fact's own words recur once
    per article that states it (and a restatement), so words that occur in up
    to twice as many sentences as the story has articles stay distinctive.
    """
    from sklearn.feature_extraction.text import CountVectorizer

    if len(units) == 0:
        return sim
    vec = CountVectorizer(analyzer=_identity, binary=True)
    binary = vec.fit_transform([list(u.lemmas) or ["<empty>"] for u in units])
    df = np.asarray(binary.sum(axis=0)).ravel()
    per_fact = 2.0 * len({u.article for u in units})
    names = np.array([t.startswith("ent:") for t in vec.get_feature_names_out()], dtype=bool)
    keep = (df <= max(per_fact, cfg.common_share * len(units))) & ~names
    b = binary[:, np.nonzero(keep)[0]].tocsr()
    bt = b.T.tocsc()
    out = sim.copy()
    for lo in range(0, len(units), BLOCK):
        hi = min(len(units), lo + BLOCK)
        rows = out[lo:hi]
        rows[np.asarray((b[lo:hi] @ bt).toarray()) < cfg.min_distinctive] *= cfg.common_penalty
    return out


def align_units(
    units: list[Unit], cfg: AlignConfig, sim: np.ndarray | None = None, embeddings: bool = False
) -> list[list[int]]:
    """Groups of unit indices stating the same thing (singletons included), in text order."""
    if sim is None:
        sim = similarity(units, cfg, embeddings)
    n = len(units)
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    arts: dict[int, set[str]] = {i: {units[i].article} for i in range(n)}
    # pairs above the threshold in row-major order (row by row: no n x n mask), strongest first
    above = [
        (i, i + 1 + j) for i in range(n) for j in np.nonzero(sim[i, i + 1 :] >= cfg.threshold)[0]
    ]
    pairs = sorted(((int(i), int(j)) for i, j in above), key=lambda p: -sim[p[0], p[1]])
    for i, j in pairs:
        gi, gj = group_of[i], group_of[j]
        if gi == gj or arts[gi] & arts[gj]:
            continue
        a, b = members[gi], members[gj]
        cross = sim[np.ix_(a, b)]
        if float(cross.mean()) < cfg.group_floor or float(cross.min()) < cfg.link_floor:
            continue
        members[gi] = a + b
        arts[gi] |= arts.pop(gj)
        for k in b:
            group_of[k] = gi
        del members[gj]
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def attach_secondary(
    groups: list[list[int]], units: list[Unit], cfg: AlignConfig, sim: np.ndarray
) -> list[list[int]]:
    """Groups where a sentence that states two things is also in its second claim's group.

    `align_units` puts each sentence in one group, but a sentence often carries
    two claims ("Rep. X, a Democrat, apologized on Monday"), each echoed by a
    sentence of another article. A sentence of an article that a group lacks
    joins it too when it is close to some member (`secondary_threshold`) and
    to the group as a whole (`secondary_floor`, mean similarity); the best such
    sentence per article.
    """
    out: list[list[int]] = []
    for group in groups:
        have = {units[i].article for i in group}
        extra: dict[str, tuple[float, int]] = {}
        for j in np.nonzero(sim[group].max(axis=0) >= cfg.secondary_threshold)[0].tolist():
            art = units[j].article
            if art in have:
                continue
            cross = sim[j, group]
            score = float(cross.mean())
            if score < cfg.secondary_floor or float(cross.min()) < cfg.link_floor:
                continue
            if art not in extra or score > extra[art][0]:
                extra[art] = (score, j)
        out.append(sorted(group + [j for _, j in extra.values()]))
    return out


def centre(group: list[int], sim: np.ndarray) -> int:
    """The member most similar to the rest of its group (ties: the earliest)."""
    if len(group) == 1:
        return group[0]
    scores = [float(sim[i, group].sum()) for i in group]
    return group[int(np.argmax(scores))]


def _identity(x: Any) -> Any:
    return x


def _embedding_cosine(texts: list[str]) -> np.ndarray:
    """Cosine of sentence embeddings (the optional extra; a clear error when it is absent).

    The int8 ONNX MiniLM where it is installed (no torch, the same rankings on the
    gold, a tenth of the load time), else the torch MiniLM of the `embeddings` extra.
    """
    from storyline.crosscheck import semsim

    emb = semsim.sentence_vectors(texts, "onnx" if semsim.available("onnx") else "torch")
    return np.asarray(emb @ emb.T)
