"""Statement grouping (placeholder until the cross-checking issue lands)."""

from __future__ import annotations

from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import SourceView, Statement


def group_statements(ctx: StoryContext, cfg: Config) -> list[Statement]:
    return []


def per_source_view(ctx: StoryContext, cfg: Config) -> dict[str, SourceView]:
    return {}
