"""Stage `conflicts` (placeholder: returns nothing until its issue lands)."""

from __future__ import annotations

from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import Conflict


def find_conflicts(ctx: StoryContext, cfg: Config) -> list[Conflict]:
    return []
