"""Story clustering (placeholder: one story per call until the stories issue lands)."""

from __future__ import annotations

from storyline.config import Config
from storyline.model import Article


def cluster_articles(articles: list[Article], cfg: Config) -> list[list[str]]:
    return [[a.id for a in articles]] if articles else []
