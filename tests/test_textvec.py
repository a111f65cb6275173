"""TF-IDF and term counts without scikit-learn at run time, held to scikit-learn's output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from storyline.stories.clustering import names, words
from storyline.textvec import counts, normalize, tfidf

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-strike"
DOCS = [["strike", "port", "port", "pay"], ["port", "closed"], [], ["pay", "rise", "pay", "pay"]]


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.iterdir()) if p.is_file()]
    assert len(texts) >= 3
    return texts


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("analyzer", [words, names])
def test_textvec_tfidf_is_scikit_learns(dtype: type, analyzer: object) -> None:
    text = pytest.importorskip("sklearn.feature_extraction.text")
    texts = _texts()
    vec = text.TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, dtype=dtype)
    want = vec.fit_transform(texts)
    want.sort_indices()
    got, idf, terms = tfidf([analyzer(t) for t in texts], dtype)  # type: ignore[operator]
    assert got.dtype == dtype and idf.dtype == dtype
    assert terms == list(vec.get_feature_names_out())
    assert np.array_equal(idf, vec.idf_)
    assert np.array_equal(got.indptr, want.indptr) and np.array_equal(got.indices, want.indices)
    assert np.allclose(got.data, want.data, rtol=1e-6, atol=0)


def test_textvec_counts_are_scikit_learns() -> None:
    text = pytest.importorskip("sklearn.feature_extraction.text")
    vec = text.CountVectorizer(analyzer=lambda d: d)
    want = vec.fit_transform(DOCS)
    got, terms = counts(DOCS, np.int64)
    assert terms == list(vec.get_feature_names_out())
    assert np.array_equal(got.toarray(), want.toarray())


def test_textvec_rows_unit_length_empty_rows_left_empty() -> None:
    x, idf, terms = tfidf(DOCS)
    assert terms == ["closed", "pay", "port", "rise", "strike"]
    lengths = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    assert np.allclose(lengths, [1, 1, 0, 1])
    # a term in fewer documents weighs more: "closed" (1 of 4) over "port" (2 of 4)
    assert idf[terms.index("closed")] > idf[terms.index("port")]
    assert tfidf([])[0].shape == (0, 0)
    assert normalize(counts([[], []])[0]).nnz == 0


def test_textvec_run_never_imports_scikit_learn() -> None:
    """A brief does not pay for importing scikit-learn (scipy.stats, pandas): 1.6 CPU-s."""
    code = (
        "import sys, storyline\n"
        f"storyline.brief([{str(EXAMPLE)!r}], quiet=True)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'pandas')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
