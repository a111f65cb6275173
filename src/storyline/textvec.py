"""Term counts and TF-IDF weights over lists of tokens, as sparse matrices.

The weighting is scikit-learn's `TfidfVectorizer(analyzer=..., sublinear_tf=True)`:
columns in sorted term order, smoothed idf `ln((1 + n) / (1 + df)) + 1`, term
frequency `1 + ln(tf)`, rows scaled to unit length. It is written out here
because importing scikit-learn pulls in scipy.stats (and pandas where it is
installed): 1.6 CPU-s at the start of every run, a third of a brief of a few
articles, for a formula of a few lines (`benchmarks/throughput.py`).
`tests/test_textvec.py` holds it to scikit-learn's output where that is installed.

    >>> x, idf, terms = tfidf([["tariff", "cut", "cut"], ["tariff"]])
    >>> terms
    ['cut', 'tariff']
    >>> [round(float(v), 3) for v in x.toarray()[0]]
    [0.922, 0.387]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp


def counts(
    docs: Iterable[Sequence[str]], dtype: Any = np.float64
) -> tuple[sp.csr_matrix, list[str]]:
    """Documents x terms: how often each term is in each document, and the terms,
    sorted, that name the columns."""
    rows = [Counter(doc) for doc in docs]
    terms = sorted({t for row in rows for t in row})
    column = {t: j for j, t in enumerate(terms)}
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(row) for row in rows])
    indices = np.fromiter((column[t] for row in rows for t in row), np.int32, int(indptr[-1]))
    values = np.fromiter((n for row in rows for n in row.values()), dtype, int(indptr[-1]))
    x = sp.csr_matrix((values, indices, indptr), shape=(len(rows), len(terms)), dtype=dtype)
    x.sort_indices()
    return x, terms


def tfidf(
    docs: Iterable[Sequence[str]], dtype: Any = np.float64
) -> tuple[sp.csr_matrix, np.ndarray, list[str]]:
    """Unit-length sublinear TF-IDF rows, the idf of each term, and the terms."""
    x, terms = counts(docs, dtype)
    df = np.bincount(x.indices, minlength=x.shape[1]).astype(dtype)
    df += 1
    idf = np.full_like(df, x.shape[0] + 1)
    idf /= df
    np.log(idf, out=idf)
    idf += 1
    np.log(x.data, out=x.data)
    x.data += 1
    x.data *= idf[x.indices]
    return normalize(x), idf, terms


def normalize(x: sp.csr_matrix) -> sp.csr_matrix:
    """`x` with each non-empty row scaled to unit length (in place for a CSR matrix)."""
    x = x.tocsr()
    if not x.nnz:
        return x
    lengths = np.diff(x.indptr)
    squares = np.square(x.data, dtype=np.float64)
    norms = np.zeros(x.shape[0])
    full = lengths > 0
    norms[full] = np.sqrt(np.add.reduceat(squares, x.indptr[:-1][full]))
    scale = np.repeat(np.where(norms > 0, norms, 1.0), lengths)
    x.data = (x.data / scale).astype(x.dtype, copy=False)
    return x
