"""What the per-story stages share: the articles of one story, their spaCy docs,
and what earlier stages found. Later stages read earlier results from here
instead of recomputing them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.model import (
    Article,
    Conflict,
    DateRef,
    Entity,
    Figure,
    Quantity,
    Quote,
    Span,
    Statement,
)

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Doc

    from storyline.analyse.quotes import QuoteHit
    from storyline.crosscheck.align import Similarity, Unit
    from storyline.crosscheck.descriptions import Description
    from storyline.crosscheck.facts import Value


@dataclass
class StoryContext:
    """Articles of one story with their annotations.

    `articles` holds every article of the story, copies included; `source_of`
    maps each article id to its independence key: near-copies share the key of
    the article they copy, and articles of the same known outlet share the
    outlet. Corroboration counts distinct keys.
    """

    story_id: str
    articles: list[Article]
    docs: dict[str, Doc]
    source_of: dict[str, str]
    date: str | None = None
    # the story's title, shown above its summary (`api.story_title`): the summary does
    # not say again what it says
    title: str | None = None
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: dict[str, list[Quantity]] = field(default_factory=dict)
    dates: dict[str, list[DateRef]] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    # the conflicts stage's conflicts, for the stages after it (`descriptions`)
    conflicts: list[Conflict] = field(default_factory=list)
    # sentences aligned as stating one thing, values aside (before statements split
    # on disagreeing values): what the conflicts stage compares; None until the
    # statements stage ran
    aligned: list[list[Span]] | None = None
    # the sentences the statements stage aligned and their similarity (units x units)
    units: list[Unit] = field(default_factory=list)
    similarity: Similarity | None = None
    # the units' sentence embeddings (L2-normalised rows), where the run asked for them
    # (`--embeddings`); None otherwise
    vectors: np.ndarray | None = None
    # the units' lexical similarity without the discount of common words (what the
    # conflicts stage compares on); None until the statements stage ran
    lexical: Similarity | None = None
    # every quote the quotes stage found in the story's articles, in article order (the
    # conflicts stage reads speakers and attributions from them); None until it ran
    quote_hits: list[QuoteHit] | None = None
    # the values of a sentence (article id, start, end), found once for every stage that
    # compares them (`facts.story_values`)
    values: dict[tuple[str, int, int], list[Value]] = field(default_factory=dict)
    # each person's and organisation's descriptions ("Sen. Chuck Grassley (R-Iowa)"), by
    # the index of the entity in `entities`, read once (`descriptions.described`)
    described: dict[int, list[Description]] | None = None
    _by_id: tuple[list[Article], int, dict[str, Article]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @property
    def by_id(self) -> dict[str, Article]:
        """Articles by id; built once while `articles` stays the same list of the same length
        (stages ask for it per sentence, and rebuilding it made a story's cost quadratic)."""
        cached = self._by_id
        if cached is None or cached[0] is not self.articles or cached[1] != len(self.articles):
            cached = (self.articles, len(self.articles), {a.id: a for a in self.articles})
            self._by_id = cached
        return cached[2]

    def support(self, article_ids: set[str] | list[str]) -> int:
        """Number of independent sources among these articles."""
        return len({self.source_of.get(a, a) for a in article_ids})
