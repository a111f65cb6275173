"""Per-story work without all-pairs loops or whole-doc scans, and with the same answers.

The offset look-ups (`doc_index`) must return exactly what the whole-doc scans
they replace return, and each candidate-pair index must keep every pair that
the all-pairs test it replaces would keep.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from conftest import load_benchmark, need_shared
from storyline.analyse import nlp
from storyline.analyse.doc_index import ents_starting_between, span_ents, tokens_between
from storyline.config import Config
from storyline.context import StoryContext
from storyline.crosscheck.align import AlignConfig, sentence_units, similarity
from storyline.crosscheck.quote_match import Bags, _candidates, _same, containment, words
from storyline.crosscheck.quotecheck import _sharing_half
from storyline.ingest.readers import read_inputs


@pytest.fixture(scope="module")
def seeds_ctx(seeds_dir: Path) -> StoryContext:
    articles, _ = read_inputs([seeds_dir], Config())
    docs = nlp.annotate(articles)
    return StoryContext("s", articles, docs, {a.id: a.id for a in articles})


def test_doc_index_tokens_between_equals_the_scan(seeds_ctx: StoryContext) -> None:
    for art in seeds_ctx.articles:
        doc = seeds_ctx.docs[art.id]
        toks = list(doc)
        starts = {t.idx for t in toks[::7]} | {t.idx + 1 for t in toks[::11]}  # mid-token too
        bounds = sorted({0, len(art.text)} | starts)
        for s, e in zip(bounds, bounds[3:], strict=False):
            assert tokens_between(doc, s, e) == [t for t in doc if s <= t.idx < e]
        assert tokens_between(doc, 10, 10) == []


def test_doc_index_entities_equal_spacy(seeds_ctx: StoryContext) -> None:
    checked = 0
    for art in seeds_ctx.articles:
        doc = seeds_ctx.docs[art.id]
        for sent in doc.sents:
            assert span_ents(sent) == list(sent.ents)
            found = ents_starting_between(doc, sent.start_char, sent.end_char)
            assert list(found) == [
                e for e in doc.ents if sent.start_char <= e.start_char < sent.end_char
            ]
            checked += len(found)
    assert checked > 20  # the seeds name many people, places and organisations


def test_doc_index_per_doc_reads_equal_the_token_walks(seeds_ctx: StoryContext) -> None:
    """What doc_index keeps per doc (sentences, content stems, the entity of a token)
    equals what walking the doc's tokens gives."""
    from storyline.analyse import doc_index

    checked = 0
    for art in seeds_ctx.articles:
        doc = seeds_ctx.docs[art.id]
        spans = nlp.sentence_spans(art, doc)
        assert doc_index.sentence_spans(art, doc) == spans
        for s, e in spans:
            walked = frozenset(
                t.lemma_.lower()[:5]
                for t in doc
                if s <= t.idx < e and not t.is_stop and t.is_alpha and t.pos_ in nlp.CONTENT_POS
            )
            assert doc_index.content_stems(doc, s, e) == walked
            checked += 1
        for t in doc:
            ent = next((x for x in doc.ents if x.start <= t.i < x.end), None)
            assert doc_index.ent_of_token(doc, t.i) == ent
    assert checked > 50


def test_sharing_half_keeps_every_pair_that_shares_half() -> None:
    texts = [
        "the minister said talks would resume on monday in madrid",
        "talks would resume on monday, the minister said",
        "a deal is close",
        "we are close to a deal on tiktok",
        "nothing in common here at all",
        "monday",
        "",
    ]
    bags = [set(words(t)) for t in texts]
    kept = set(_sharing_half(bags))
    for i, j in combinations(range(len(bags)), 2):
        small = min(len(bags[i]), len(bags[j]))
        if small and len(bags[i] & bags[j]) >= 0.5 * small:
            assert (i, j) in kept
    assert len(kept) < len(texts) * (len(texts) - 1) // 2


def test_quote_candidates_keep_every_pair_same_joins(seeds_ctx: StoryContext) -> None:
    """Every pair of quoted passages of the seeds that `_same` joins is a candidate."""
    import re

    passages = [
        m.group(1)
        for a in seeds_ctx.articles
        for m in re.finditer(r"[“\"]([^”\"]{10,})[”\"]", a.text)
    ]
    # each passage alone, and in pieces as a split quotation would be
    pieces = [[words(p)] for p in passages] + [
        [words(p)[: len(words(p)) // 2], words(p)[len(words(p)) // 2 :]] for p in passages
    ]
    units = [[w for piece in ps for w in piece] for ps in pieces]
    kept = set(_candidates(units, pieces, 0.8))
    joined = 0
    for i, j in combinations(range(len(units)), 2):
        if _same(units[i], units[j], pieces[i], pieces[j], 0.8, Bags()):
            joined += 1
            assert (i, j) in kept
    assert joined >= len(passages)  # a passage and its split copy always join
    assert containment(units[0], units[0]) == 1.0


def test_bags_tell_every_pair_over_a_share_as_containment_does(seeds_ctx: StoryContext) -> None:
    """`Bags.containment` skips the sequence matching only for pairs under the share:
    over every pair of the seeds' sentences (and a few made to meet), at several
    shares, it is the plain `containment` wherever that reaches the share."""
    texts = [seeds_ctx.by_id[u.article].text[u.start : u.end] for u in sentence_units(seeds_ctx)]
    seqs = [words(t) for t in texts[:60]]
    seqs += [s[2:] + s[:2] for s in seqs[:10]]  # the same words in another order
    seqs += [s + s[:3] for s in seqs[:10]]  # a repeat: counted with repeats
    bags = Bags()
    skipped = 0
    for a, b in combinations(seqs, 2):
        plain = containment(a, b)
        for share in (0.5, 0.7, 0.8, 1.0):
            fast = bags.containment(a, b, share)
            assert (fast >= share) == (plain >= share), (a, b, share)
            assert bags.may_reach(a, b, share) or plain < share
            if plain >= share:
                assert fast == plain
            elif fast != plain:
                skipped += 1
    assert skipped > 0  # the bound does skip pairs


def test_similarity_by_blocks_equals_one_block(seeds_ctx: StoryContext, monkeypatch) -> None:
    from storyline.crosscheck import align

    units = sentence_units(seeds_ctx)
    whole = similarity(units, AlignConfig())
    monkeypatch.setattr(align, "BLOCK", 7)
    by_blocks = similarity(units, AlignConfig())
    assert (by_blocks.kept != whole.kept).nnz == 0
    exact = whole.toarray()
    # what is kept is every pair at FLOOR or more, with the exact value
    assert np.array_equal(whole.kept.toarray(), np.where(exact >= align.FLOOR, exact, 0.0))
    # a group's exact block, computed again for a few rows, is bit for bit the whole one's
    some = [3, 0, 17, 9]
    assert np.array_equal(whole.block(some, some), exact[np.ix_(some, some)])


@pytest.mark.slow
def test_story_scale_benchmark_runs_on_three_articles(tmp_path: Path) -> None:
    need_shared("data", "polnear-dev")
    bench = load_benchmark("story_scale")
    row = bench.measure(3, tmp_path / "cache")
    assert row["articles"] == 3 and row["stories"] == 1
    assert row["story_cpu_s"] > 0 and "statements" in row["stages_cpu_s"]
    again = bench.measure(3, tmp_path / "cache")  # parses read back from the cache
    assert again["digest"] == row["digest"]
    assert json.loads(json.dumps(row)) == row


def test_story_stages_benchmark_runs_on_many_small_stories(tmp_path: Path) -> None:
    need_shared("data", "polnear-dev")
    bench = load_benchmark("story_stages")
    row = bench.measure(12, tmp_path / "cache")
    assert row["articles"] == 12 and row["stories"] > 1  # clustered as a plain run does
    assert 0 < row["story_cpu_s"] <= row["cpu_s"]
    assert {"statements", "summary"} <= set(row["stages_cpu_s"])
    assert bench.measure(12, tmp_path / "cache")["digest"] == row["digest"]


def test_kept_block_is_the_block_where_every_pair_is_kept() -> None:
    """`Similarity.kept_block`: the exact a x b values where every pair of two different
    units is kept (at FLOOR or more), a unit against itself 0; None where one pair is not."""
    from storyline.crosscheck.align import FLOOR, Similarity

    rng = np.random.default_rng(7)
    m = rng.uniform(0.0, 0.6, size=(12, 12))
    m = (m + m.T) / 2
    np.fill_diagonal(m, 0.5)  # a diagonal the stage never keeps is still read as 0
    sim = Similarity.from_dense(m)
    for _ in range(300):
        a = rng.choice(12, size=int(rng.integers(1, 4)), replace=False).tolist()
        b = rng.choice(12, size=int(rng.integers(1, 4)), replace=False).tolist()
        want = m[np.ix_(a, b)].copy()
        want[np.equal.outer(a, b)] = 0.0
        off = ~np.equal.outer(a, b)
        got = sim.kept_block(a, b)
        if (want[off] >= FLOOR).all():
            assert got is not None and np.array_equal(got, want)
        else:
            assert got is None
    assert np.array_equal(Similarity.from_dense(np.zeros((3, 3))).kept_block([1], [1]), [[0.0]])
    assert Similarity.from_dense(np.zeros((3, 3))).kept_block([0], [1]) is None
