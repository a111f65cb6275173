"""What the per-story stages share: the articles of one story, their spaCy docs,
and what earlier stages found. Later stages read earlier results from here
instead of recomputing them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.model import Article, DateRef, Entity, Figure, Quantity, Quote, Span, Statement

if TYPE_CHECKING:
    import numpy as np
    from spacy.tokens import Doc

    from storyline.align import Unit


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
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: dict[str, list[Quantity]] = field(default_factory=dict)
    dates: dict[str, list[DateRef]] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    # sentences aligned as stating one thing, values aside (before statements split
    # on disagreeing values): what the conflicts stage compares; None until the
    # statements stage ran
    aligned: list[list[Span]] | None = None
    # the sentences the statements stage aligned and their similarity (units x units)
    units: list[Unit] = field(default_factory=list)
    similarity: np.ndarray | None = None

    @property
    def by_id(self) -> dict[str, Article]:
        return {a.id: a for a in self.articles}

    def support(self, article_ids: set[str] | list[str]) -> int:
        """Number of independent sources among these articles."""
        return len({self.source_of.get(a, a) for a in article_ids})
