"""Stage `summary` (placeholder: returns nothing until its issue lands)."""

from __future__ import annotations

from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import BriefSentence


def summarize(ctx: StoryContext, cfg: Config) -> list[BriefSentence]:
    return []
