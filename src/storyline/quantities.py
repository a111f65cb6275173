"""Stage `quantities` (placeholder: returns nothing until its issue lands)."""

from __future__ import annotations

from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import Quantity


def extract_quantities(ctx: StoryContext, cfg: Config) -> dict[str, list[Quantity]]:
    return {}
