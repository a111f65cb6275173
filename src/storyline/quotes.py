"""Stage `quotes` (placeholder: returns nothing until its issue lands)."""

from __future__ import annotations

from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import Quote


def extract_quotes(ctx: StoryContext, cfg: Config) -> list[Quote]:
    return []
