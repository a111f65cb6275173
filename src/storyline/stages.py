"""Stage slots and the implementations each accepts, by name.

A slot maps names to "module:function" strings, imported on first use so that
an unused stage costs nothing. `Config` picks one name per slot; "none"
switches a per-story stage off (its list stays empty).

Signatures, by slot:
- dedup:      (articles: list[Article], cfg) -> dict[copy_id, original_id]
- cluster:    (articles: list[Article], cfg) -> list[list[article_id]]
- entities:   (ctx: StoryContext, cfg) -> list[Entity]
- quotes:     (ctx, cfg) -> list[Quote]
- quantities: (ctx, cfg) -> dict[article_id, list[Quantity]]
- dates:      (ctx, cfg) -> dict[article_id, list[DateRef]]
- figures:    (ctx, cfg) -> list[Figure]
- statements: (ctx, cfg) -> list[Statement]
- descriptions: (ctx, cfg) -> list[Statement] (kind "description", after the statements)
- conflicts:  (ctx, cfg) -> list[Conflict]
- per_source: (ctx, cfg) -> dict[article_id, SourceView]
- timeline:   (ctx, cfg) -> list[TimelineEvent]
- summary:    (ctx, cfg) -> list[BriefSentence]
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from storyline.errors import StorylineError

REGISTRY: dict[str, dict[str, str]] = {
    "dedup": {
        "minhash": "storyline.ingest.dedup:find_duplicates",
        "none": "storyline.stages:no_dedup",
    },
    "cluster": {
        "default": "storyline.stories.clustering:cluster_articles",
        "single": "storyline.stages:single_story",
    },
    "entities": {"default": "storyline.analyse.entities:extract_entities"},
    "quotes": {"default": "storyline.analyse.quotes:extract_quotes"},
    "quantities": {"default": "storyline.analyse.quantities:extract_quantities"},
    "dates": {"default": "storyline.analyse.dates:extract_dates"},
    "figures": {"default": "storyline.crosscheck.figures:find_figures"},
    "statements": {"default": "storyline.crosscheck.statements:group_statements"},
    "conflicts": {"default": "storyline.crosscheck.conflicts:find_conflicts"},
    "descriptions": {"default": "storyline.crosscheck.descriptions:describe_people"},
    "per_source": {"default": "storyline.crosscheck.statements:per_source_view"},
    "timeline": {"default": "storyline.digest.timeline:build_timeline"},
    "summary": {
        "default": "storyline.digest.summary:summarize",
        # each fact once is the default now; the name stays for commands that give it
        "fact-once": "storyline.digest.summary:summarize",
    },
}

PER_STORY_EMPTY: dict[str, Any] = {
    "entities": [],
    "quotes": [],
    "quantities": {},
    "dates": {},
    "figures": [],
    "statements": [],
    "descriptions": [],
    "conflicts": [],
    "per_source": {},
    "timeline": [],
    "summary": [],
}


def get(slot: str, name: str) -> Callable[..., Any]:
    """The implementation of stage `slot` called `name`."""
    if slot not in REGISTRY:
        raise StorylineError("E102", f"no stage slot {slot!r}; slots: {', '.join(REGISTRY)}")
    if name == "none" and slot in PER_STORY_EMPTY:
        empty = PER_STORY_EMPTY[slot]
        return lambda ctx, cfg: type(empty)()
    impls = REGISTRY[slot]
    if name not in impls:
        raise StorylineError(
            "E102",
            f"no {slot} stage called {name!r}; choose one of: {', '.join([*impls, 'none'])}",
        )
    module, func = impls[name].split(":")
    return getattr(importlib.import_module(module), func)


def no_dedup(articles: list[Any], cfg: Any) -> dict[str, str]:
    return {}


def single_story(articles: list[Any], cfg: Any) -> list[list[str]]:
    """Every article of the call in one story."""
    return [[a.id for a in articles]] if articles else []
