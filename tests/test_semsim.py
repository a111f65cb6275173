"""Sentence vectors of storyline.crosscheck.semsim: each installed backend is run.

Absent ones are skipped.
"""

from __future__ import annotations

import numpy as np
import pytest

from storyline.crosscheck import semsim
from storyline.errors import StorylineError

PARAPHRASE = (
    "US and Chinese negotiators said they were nearing an agreement on TikTok.",
    "Officials from both countries are very close to reaching a deal over the app.",
)
UNRELATED = "Heavy rain flooded the low-lying streets of the old harbour town on Sunday."


def _need(backend: str) -> None:
    if not semsim.available(backend):
        pytest.skip(f"{backend!r} backend not installed: {semsim.INSTALL[backend]}")


@pytest.mark.parametrize("backend", semsim.BACKENDS)
def test_semsim_vectors_normalised_and_ordered(backend: str) -> None:
    _need(backend)
    texts = [*PARAPHRASE, UNRELATED]
    v = semsim.sentence_vectors(texts, backend)
    assert v.shape == (3, semsim.DIM[backend])
    assert v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    # the batch is sorted by length inside; each row must still belong to its own text
    alone = semsim.sentence_vectors([UNRELATED], backend)
    assert float(alone[0] @ v[2]) > 0.99


MD_WEAK = pytest.mark.xfail(
    reason="mean word vectors rank topic over meaning (AP 0.26 on BASIL gold, paraphrase_options)",
    strict=False,
)


@pytest.mark.parametrize("backend", ["onnx", "torch", pytest.param("md", marks=MD_WEAK)])
def test_semsim_paraphrase_closer_than_unrelated(backend: str) -> None:
    _need(backend)
    sim = semsim.cosine_matrix([*PARAPHRASE, UNRELATED], backend)
    assert sim[0, 1] > sim[0, 2]
    assert sim[0, 1] > sim[1, 2]


def test_semsim_onnx_matches_torch_model() -> None:
    """The int8 ONNX export stays close to the fp32 sentence-transformers model."""
    _need("onnx")
    _need("torch")
    texts = [*PARAPHRASE, UNRELATED]
    a = semsim.sentence_vectors(texts, "onnx")
    b = semsim.sentence_vectors(texts, "torch")
    assert np.all(np.sum(a * b, axis=1) > 0.97)


@pytest.mark.parametrize("backend", semsim.BACKENDS)
def test_semsim_empty_input(backend: str) -> None:
    # no model is loaded for an empty batch, so this runs whether or not the backend is installed
    assert semsim.sentence_vectors([], backend).shape == (0, semsim.DIM[backend])


def test_semsim_unknown_backend_names_the_choices() -> None:
    with pytest.raises(StorylineError, match="E102.*onnx, torch, md"):
        semsim.sentence_vectors(["x"], "bert")


def test_semsim_missing_package_error_names_install_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_onnxruntime(name: str, *args: object, **kwargs: object) -> object:
        if name == "onnxruntime":
            raise ImportError("blocked by test", name="onnxruntime")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    semsim._onnx.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_onnxruntime)
    try:
        with pytest.raises(StorylineError, match=r"E401.*onnxruntime.*pip install onnxruntime"):
            semsim.sentence_vectors(["x"], "onnx")
    finally:
        monkeypatch.undo()
        semsim._onnx.cache_clear()


# Two outlets tell one settlement in other words: the two sentences share "union" and
# "night-shift", which the story's other sentences use too, too little to align on words.
GATE_A = (
    "Harbour workers in Port Ellis walked off the job on Monday. "
    "The port authority and the union are close to a deal on night-shift pay. "
    "Ships waited outside the breakwater. The union has spoken for night-shift crews since "
    "1990. The strike closed the container terminal."
)
GATE_B = (
    "Dock staff in Port Ellis began a strike on Monday. "
    "The union and the harbour's managers have almost settled their dispute over night-shift "
    "wages. Night-shift crews joined the union walkout. Traffic on the coast road was light."
)


def test_semsim_embeddings_join_a_paraphrase_the_words_alone_miss() -> None:
    """`--embeddings` in a whole brief: the model admits a pair the words leave under the
    threshold (`AlignConfig.embed_gate`), and nothing else of the story changes."""
    import storyline

    if not semsim.available("onnx"):  # (the int8 export where installed, else torch)
        _need("torch")
    inputs = [
        {"text": GATE_A, "source": "Ellis Gazette"},
        {"text": GATE_B, "source": "Coast Radio"},
    ]

    def shared(embeddings: bool) -> list[set[str]]:
        out = storyline.brief(inputs, cluster="single", quiet=True, embeddings=embeddings)
        texts = {a["id"]: a["text"] for a in out["articles"]}
        return [
            {texts[c["article"]][c["start"] : c["end"]] for c in st["citations"]}
            for st in out["stories"][0]["statements"]
            if st["support"] > 1
        ]

    deal = {
        "The port authority and the union are close to a deal on night-shift pay.",
        "The union and the harbour's managers have almost settled their dispute over "
        "night-shift wages.",
    }
    without, with_model = shared(False), shared(True)
    assert deal not in without
    assert deal in with_model
    assert [s for s in with_model if s != deal] == without
