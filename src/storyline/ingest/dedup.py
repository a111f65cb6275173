"""Near-duplicate detection: which articles are copies of an earlier one.

A copy is the same text published twice: a wire story run by several outlets,
one article under two URLs, a copy under another headline or with an extra
paragraph. A paraphrased rewrite is *not* a copy: it tells the same story in
other words, and counts as a source of its own.

How: every article becomes the set of its word 5-grams ("shingles"). A pair
is a copy when most of the shorter text's shingles are in the longer one: the
containment `|A ∩ B| / min(|A|, |B|)` is at least `cfg.dedup_threshold`. Up to
`EXACT_UP_TO` articles the containment of every pair is counted exactly, in
one sparse product (articles x shingles, scipy); above that, each set is
sketched with a datasketch `MinHash`, a `MinHashLSH` index finds candidate
pairs without comparing all pairs, and the containment is estimated. The
exact count is also the cheaper start: importing datasketch imports
`scipy.integrate` (0.8 s of a four-article brief's 3.4 CPU-s). Containment,
rather than Jaccard, is what keeps "the same text plus a paragraph" a copy.
Rewrites share almost no 5-grams (containment below 0.2 on the seeds), so the
line between the two is wide; 0.7 sits in the middle of it.

Copies are grouped transitively (union-find), and every copy names the
first-seen article of its group as `duplicate_of`. Shingles are hashed with
CRC-32 (content-only, no per-process salt) and the MinHash seed and `num_perm`
are passed explicitly, so which pairs are copies does not depend on the input
order or on the run; only which member is called the original does.

    >>> copies = find_duplicates(articles, Config())      # doctest: +SKIP
    >>> copies                                              # doctest: +SKIP
    {'b1f0...': '03ac...'}
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from storyline.config import Config
from storyline.model import Article
from storyline.unionfind import UnionFind

if TYPE_CHECKING:
    from datasketch import MinHash

# Up to this many articles, every pair's containment is counted exactly (`exact_pairs`):
# the sparse product stays small (1,000 news articles: well under a second, tens of MB).
EXACT_UP_TO = 1000

WORD = re.compile(r"\w+", re.UNICODE)
_MASK32 = np.uint64(0xFFFFFFFF)
# odd 32-bit multipliers mixing the words of one shingle (fixed: hashes must not change)
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1], dtype=np.uint64)


@dataclass(frozen=True)
class DedupOptions:
    """Knobs of the MinHash stage (the copy threshold itself is `Config.dedup_threshold`).

    `shingle`: words per shingle; 5 is long enough that two articles on the
    same event rarely share one by chance. `lsh_threshold`: the Jaccard level
    the LSH index is tuned to find; low, because a copy with an extra
    paragraph (containment 1.0, half the length) has a Jaccard near 0.5 and a
    heavily trimmed one lower still. `min_shingles`: texts shorter than this
    are never called copies (too little evidence).
    """

    num_perm: int = 128
    seed: int = 1
    shingle: int = 5
    lsh_threshold: float = 0.3
    min_shingles: int = 8


def shingle_hashes(text: str, k: int = 5) -> np.ndarray:
    """The distinct 32-bit hashes of the lower-cased word k-grams of `text`."""
    words = WORD.findall(text.lower())
    if not words:
        return np.zeros(0, dtype=np.uint64)
    h = np.fromiter((zlib.crc32(w.encode("utf-8")) for w in words), np.uint64, len(words))
    if len(words) < k:
        k = len(words)
    n = len(words) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        acc = (acc * np.uint64(31) + h[j : j + n] * _MIX[j]) & _MASK32
    return np.unique(acc)


def _identity(x: int) -> int:
    return x


def sketches(articles: Sequence[Article], opts: DedupOptions) -> Iterator[tuple[MinHash, int]]:
    """One MinHash and the shingle count per article, in order."""
    from datasketch import MinHash

    base = MinHash(num_perm=opts.num_perm, seed=opts.seed, hashfunc=_identity)
    for a in articles:
        hashes = shingle_hashes(a.text, opts.shingle)
        m = MinHash(
            num_perm=opts.num_perm,
            seed=opts.seed,
            hashfunc=_identity,
            permutations=base.permutations,
            scheme=base.scheme,
        )
        if len(hashes):
            m.update_batch(hashes.tolist())
        yield m, len(hashes)


def containment(m1: MinHash, n1: int, m2: MinHash, n2: int) -> float:
    """Estimated share of the smaller shingle set found in the larger one.

    From the Jaccard estimate J and the set sizes: |A ∩ B| = J (|A| + |B|) / (1 + J).
    """
    j = m1.jaccard(m2)
    inter = j * (n1 + n2) / (1.0 + j)
    return min(1.0, inter / max(1, min(n1, n2)))


def copy_pairs(
    articles: Sequence[Article], threshold: float, opts: DedupOptions | None = None
) -> set[frozenset[str]]:
    """Every pair of distinct article ids that are copies of each other (order-free)."""
    opts = opts or DedupOptions()
    if len(articles) <= EXACT_UP_TO:
        return exact_pairs(articles, threshold, opts)
    return sketched_pairs(articles, threshold, opts)


def exact_pairs(
    articles: Sequence[Article], threshold: float, opts: DedupOptions
) -> set[frozenset[str]]:
    """`copy_pairs` with every pair's containment counted exactly: the shared shingles
    of all pairs at once, as the product of the articles x shingles matrix with itself."""
    from scipy import sparse

    hashes = [shingle_hashes(a.text, opts.shingle) for a in articles]
    keep = [i for i, h in enumerate(hashes) if len(h) >= opts.min_shingles]
    pairs: set[frozenset[str]] = set()
    if len(keep) < 2:
        return pairs
    every = np.concatenate([hashes[i] for i in keep])
    _, column = np.unique(every, return_inverse=True)
    sizes = np.array([len(hashes[i]) for i in keep], dtype=np.int64)
    indptr = np.concatenate([[0], np.cumsum(sizes)])
    m = sparse.csr_matrix(
        (np.ones(len(every), dtype=np.int32), column.ravel(), indptr),
        shape=(len(keep), int(column.max()) + 1),
    )
    shared = sparse.triu(m @ m.T, k=1, format="coo")
    share = shared.data / np.minimum(sizes[shared.row], sizes[shared.col])
    copy = share >= threshold
    for r, c in zip(shared.row[copy].tolist(), shared.col[copy].tolist(), strict=True):
        a, b = articles[keep[r]].id, articles[keep[c]].id
        if a != b:
            pairs.add(frozenset((a, b)))
    return pairs


def sketched_pairs(
    articles: Sequence[Article], threshold: float, opts: DedupOptions
) -> set[frozenset[str]]:
    """`copy_pairs` over many articles: LSH candidates, containment estimated by MinHash."""
    from datasketch import MinHashLSH

    sk = list(sketches(articles, opts))
    lsh = MinHashLSH(threshold=opts.lsh_threshold, num_perm=opts.num_perm)
    for i, (m, n) in enumerate(sk):
        if n >= opts.min_shingles:
            lsh.insert(i, m, check_duplication=False)
    pairs: set[frozenset[str]] = set()
    for i, (m, n) in enumerate(sk):
        if n < opts.min_shingles:
            continue
        for j in lsh.query(m):
            if j <= i or articles[i].id == articles[j].id:
                continue
            m2, n2 = sk[j]
            if containment(m, n, m2, n2) >= threshold:
                pairs.add(frozenset((articles[i].id, articles[j].id)))
    return pairs


def find_duplicates(
    articles: list[Article], cfg: Config, opts: DedupOptions | None = None
) -> dict[str, str]:
    """`{copy_id: original_id}`: each copy names the first-seen article of its copy group."""
    if len(articles) < 2:
        return {}
    index = {a.id: i for i, a in reversed(list(enumerate(articles)))}
    uf = UnionFind(len(articles))
    for pair in copy_pairs(articles, cfg.dedup_threshold, opts):
        first, second = sorted(pair)
        uf.union(index[first], index[second])
    copies: dict[str, str] = {}
    for art in articles:
        root = uf.find(index[art.id])
        if root != index[art.id]:
            copies[art.id] = articles[root].id
    return copies
