"""Where a sentence occurs word for word in the articles of a story.

The summary and the timeline cite a sentence in every article that carries
it verbatim. Searching each sentence in every article costs the square of the
story; an index of the articles' whitespace-separated words finds the few
articles that can hold it first. A sentence's inner words (all but its first
and last, which may be parts of longer words where it occurs) are whole words
of every article that contains it, so only the articles holding its rarest
inner word are searched: the same spans as searching all, found faster.

    >>> index = verbatim_index(ctx.articles)                     # doctest: +SKIP
    >>> index.spans("The talks resumed on Monday.")           # doctest: +SKIP
    [Span(article='a1', start=120, end=148), ...]
"""

from __future__ import annotations

from storyline.memo import LastBuilt
from storyline.model import Article, Span


class Verbatim:
    """An index of the words of a list of articles."""

    def __init__(self, articles: list[Article]) -> None:
        self.articles = articles
        self.holders: dict[str, list[int]] = {}  # word -> positions of the articles with it
        for k, art in enumerate(articles):
            for word in set(art.text.split()):
                self.holders.setdefault(word, []).append(k)

    def candidates(self, text: str) -> list[Article]:
        """The articles that may contain `text`, in their order (a superset of those that do)."""
        inner = set(text.split()[1:-1])
        if not inner:
            return self.articles
        rarest = min((self.holders.get(w, []) for w in inner), key=len)
        return [self.articles[k] for k in rarest]

    def spans(self, text: str, skip: set[str] | frozenset[str] = frozenset()) -> list[Span]:
        """The first occurrence of `text`, exactly, in each article that has it (in article
        order), articles in `skip` left out."""
        out = []
        for art in self.candidates(text):
            if art.id in skip:
                continue
            at = art.text.find(text)
            if at >= 0:
                out.append(Span(art.id, at, at + len(text)))
        return out


# the index of the story at hand (the summary and the timeline both ask for it)
verbatim_index: LastBuilt[Article, Verbatim] = LastBuilt(Verbatim)
