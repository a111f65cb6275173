"""Stages `statements` and `per_source`: what the sources say, and how many say it.

`group_statements` aligns the sentences of all articles of a story (see
`align.py`) and turns each group into a `Statement`: one representative source
sentence verbatim as `text`, a citation for every supporting sentence, and
`support` = the number of independent sources (`ctx.support`: near-copies and
articles of one outlet count once). Sentences no other article echoes become
single-source statements, so that `per_source_view` can list what each article
alone says and which well-supported statements it leaves out.
"""

from __future__ import annotations

from storyline.align import AlignConfig, Unit, align_units, centre, sentence_units, similarity
from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import SourceView, Span, Statement

DEFAULT = AlignConfig()


def group_statements(ctx: StoryContext, cfg: Config) -> list[Statement]:
    """Statements of the story: the best supported first, then in order of appearance."""
    units = sentence_units(ctx)
    if not units:
        return []
    sim = similarity(units, DEFAULT, embeddings=cfg.embeddings)
    groups = align_units(units, DEFAULT, sim)
    order = {a.id: i for i, a in enumerate(ctx.articles)}
    made: list[tuple[int, tuple[int, int], Statement]] = []
    for group in groups:
        rep = units[centre(group, sim)]
        cites = tuple(_span(units[i]) for i in sorted(group, key=lambda i: _pos(units[i], order)))
        support = ctx.support({units[i].article for i in group})
        made.append((support, _pos(units[group[0]], order), Statement(rep.text, support, cites)))
    made.sort(key=lambda m: (-m[0], m[1]))
    return [m[2] for m in made]


def per_source_view(ctx: StoryContext, cfg: Config) -> dict[str, SourceView]:
    """For each article: statements only its source makes, and supported ones it omits.

    "Unique" is by source (a copy of the article says the same, and is no other
    source); "omits" is by article: what this text leaves out.
    """
    statements = ctx.statements or group_statements(ctx, cfg)
    out: dict[str, SourceView] = {}
    for art in ctx.articles:
        key = ctx.source_of.get(art.id, art.id)
        unique: list[str] = []
        omits: list[str] = []
        for st in statements:
            keys = {ctx.source_of.get(c.article, c.article) for c in st.citations}
            cited = {c.article for c in st.citations}
            if st.support <= 1 and keys == {key} and art.id in cited:
                unique.append(st.text)
            elif st.support >= 2 and art.id not in cited:
                omits.append(st.text)
        out[art.id] = SourceView(tuple(unique), tuple(omits))
    return out


def _span(u: Unit) -> Span:
    return Span(u.article, u.start, u.end)


def _pos(u: Unit, order: dict[str, int]) -> tuple[int, int]:
    return (order.get(u.article, 0), u.start)
