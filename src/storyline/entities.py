"""Stage `entities` (placeholder: returns nothing until its issue lands)."""

from __future__ import annotations

from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import Entity


def extract_entities(ctx: StoryContext, cfg: Config) -> list[Entity]:
    return []
