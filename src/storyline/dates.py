"""Stage `dates` (placeholder: returns nothing until its issue lands)."""

from __future__ import annotations

from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import DateRef


def extract_dates(ctx: StoryContext, cfg: Config) -> dict[str, list[DateRef]]:
    return {}
