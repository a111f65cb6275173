"""Near-duplicate detection (placeholder until the stories issue lands)."""

from __future__ import annotations

from storyline.config import Config
from storyline.model import Article


def find_duplicates(articles: list[Article], cfg: Config) -> dict[str, str]:
    return {}
