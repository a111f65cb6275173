"""Incremental story clustering against a store: new articles join stories or open new ones.

With `--db FILE`, each run clusters only its new articles together with the
stored articles they could belong with, never the whole store again:

1. every stored article has a few key terms (its names, then its title
   words) in the `article_keys` table;
2. a new article fetches the stored articles sharing at least `min_shared`
   of its key terms (only the most recent `per_term` per term, so the cost
   of a common name stays bounded as the store grows);
3. the stage's own `link()` re-examines new + fetched articles jointly, as a
   batch run would: a new article can join a story, new articles can open
   one together, and an early decision taken with too little evidence (two
   lone articles of different events merged, one event split in two) is
   revised once later articles show how the stories really fall;
4. ids stay stable: each resulting group takes the id of the stored story it
   holds most of (greedily, each id to one group), so a story keeps its id
   as long as most of its fetched members stay together; other groups open
   a story named "s-" + their first article's id, the same rule as `api.py`
   uses without a store, and never reuse an id. Stored articles whose group
   took another id are moved (`Store.move_story_members`).

Why revise rather than freeze stored stories: with frozen stories every
decision of an early run is final, and an early run sees each event through
one or two articles. Feeding neus-dev in three batches, the first holding one
article per event, scored B-cubed F1 0.75 frozen against 0.95 revised (batch
clustering: 0.95); see `benchmarks/cluster_quality.py --incremental`.
`IncrementalOptions.revise=False` keeps the frozen behaviour.

Copies are folded within a run (`duplicate_of`); a copy of an article stored
in an earlier run is usually fetched as a candidate and joins its story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.config import Config
from storyline.model import Article
from storyline.store.sqlite import Store
from storyline.stories.clustering import ClusterOptions, _day, features, link, names, words


@dataclass(frozen=True)
class IncrementalOptions:
    """`keys`: key terms stored per article; `per_term`: stored articles fetched per term;
    `min_shared`: key terms a stored article must share to be fetched; `revise`: let stored
    articles change story when the joint re-examination says so (ids stay stable)."""

    keys: int = 16
    per_term: int = 50
    min_shared: int = 2
    revise: bool = True


def key_terms(a: Article, k: int) -> list[str]:
    """The terms a later article is looked up by: most frequent names, then title words."""
    counts = Counter(names(f"{a.title or ''}\n{a.text}"))
    out = [t for t, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:k]]
    for w in words(a.title or ""):
        if len(out) >= k:
            break
        if w not in out:
            out.append(w)
    return out


def story_id(first: Article) -> str:
    return "s-" + first.id


def assign_stories(
    articles: Sequence[Article],
    cfg: Config,
    store: Store,
    opts: IncrementalOptions | None = None,
    copts: ClusterOptions | None = None,
) -> dict[str, str]:
    """`{article_id: story_id}` for every article, storing the new assignments."""
    opts = opts or IncrementalOptions()
    copts = copts or ClusterOptions()
    known = store.stories_of([a.id for a in articles])
    new = [a for a in articles if a.id not in known]
    if not new:
        return known
    new_ids = {a.id for a in new}
    keys = {a.id: key_terms(a, opts.keys) for a in new}
    shared = store.articles_with_keys([t for ks in keys.values() for t in ks], opts.per_term)
    wanted = [i for i, c in shared.items() if c >= opts.min_shared and i not in new_ids]
    stored_story = store.stories_of(wanted)
    fetched = store.articles([i for i in wanted if i in stored_story])
    pool = [*fetched, *new]
    index = {a.id: n for n, a in enumerate(pool)}
    must = [(index[a.duplicate_of], index[a.id]) for a in new if a.duplicate_of in index]
    frozen: list[str | None] = [None] * len(pool)
    if not opts.revise:  # stored stories start whole and never merge
        frozen = [stored_story[a.id] for a in fetched] + [None] * len(new)
        first_of: dict[str, int] = {}
        for n, a in enumerate(fetched):
            first_of.setdefault(stored_story[a.id], n)
            if first_of[stored_story[a.id]] != n:
                must.append((first_of[stored_story[a.id]], n))
    labels = link(features(pool, cfg, copts), [_day(a) for a in pool], copts, must, frozen)
    groups: dict[int, list[Article]] = {}
    for a, lab in zip(pool, labels, strict=True):
        groups.setdefault(lab, []).append(a)
    names = name_groups(list(groups.values()), stored_story)
    final = {a.id: sid for g, sid in zip(groups.values(), names, strict=True) for a in g}
    moved = {i: s for i, s in final.items() if i in stored_story and stored_story[i] != s}
    assigned = {a.id: final[a.id] for a in new}
    store.add_story_members(assigned, keys)
    if moved:
        store.move_story_members(moved)
    return {**known, **{i: final[i] for i in known if i in final}, **assigned}


def name_groups(groups: list[list[Article]], stored_story: dict[str, str]) -> list[str]:
    """A story id per group: the stored story it holds most of, else a fresh one.

    Stored stories are handed out greedily by overlap (most shared members
    first; on a tie, to the group holding the article the story is named
    after), each to one group, so a story keeps its id as long as most of it
    stays together. A group holding no stored story that is still free opens
    one named "s-" + its first article's id (the rule `api.py` uses without a
    store), skipping ids that are taken: no id ever names two stories.
    """
    overlap: Counter[tuple[int, str]] = Counter(
        (g, stored_story[a.id]) for g, grp in enumerate(groups) for a in grp if a.id in stored_story
    )
    founder = {(g, story_id(a)) for g, grp in enumerate(groups) for a in grp}
    out: list[str | None] = [None] * len(groups)
    used: set[str] = set()
    ranked = sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0] not in founder, kv[0][::-1]))
    for (g, sid), _ in ranked:
        if out[g] is None and sid not in used:
            out[g] = sid
            used.add(sid)
    used |= set(stored_story.values())  # a story left without its pooled members keeps its id
    for g, grp in enumerate(groups):
        if out[g] is None:
            out[g] = fresh_id(grp, used)
            used.add(out[g])  # type: ignore[arg-type]
    return [s for s in out if s is not None]


def fresh_id(group: Sequence[Article], used: set[str]) -> str:
    """ "s-" + the first member's id that is not taken (a numbered suffix when all are)."""
    for a in group:
        if story_id(a) not in used:
            return story_id(a)
    n = 2
    while f"{story_id(group[0])}-{n}" in used:
        n += 1
    return f"{story_id(group[0])}-{n}"
