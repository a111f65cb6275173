"""Stage `timeline` (placeholder: returns nothing until its issue lands)."""

from __future__ import annotations

from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import TimelineEvent


def build_timeline(ctx: StoryContext, cfg: Config) -> list[TimelineEvent]:
    return []
