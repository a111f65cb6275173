"""Incremental story clustering against a store: new articles join stories or open new ones.

With `--db FILE`, each run clusters only its new articles together with the
stored articles they could belong with, never the whole store again:

1. every stored article has a few key terms (its names, then its title
   words) in the `article_keys` table;
2. a new article fetches the stored articles sharing at least `min_shared`
   of its key terms (only the most recent `per_term` per term, so the cost
   of a common name stays bounded as the store grows);
3. the stage's own `link()` runs over new + fetched articles, with the stored
   assignments frozen: fetched articles of one story start joined, and two
   stored stories never merge, so a story id, once given, never changes;
4. a group holding a stored story keeps its id; a group of new articles only
   opens a story named "s-" + its first article's id, the same rule as
   `api.py` uses without a store.

Copies are folded within a run (`duplicate_of`); a copy of an article stored
in an earlier run is usually fetched as a candidate and joins its story.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from storyline.clustering import ClusterOptions, _day, features, link, names, words
from storyline.config import Config
from storyline.model import Article
from storyline.store import Store


@dataclass(frozen=True)
class IncrementalOptions:
    """`keys`: key terms stored per article; `per_term`: stored articles fetched per term."""

    keys: int = 16
    per_term: int = 50
    min_shared: int = 2


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
    frozen: list[str | None] = [stored_story[a.id] for a in fetched] + [None] * len(new)
    must: list[tuple[int, int]] = []
    first_of: dict[str, int] = {}
    for n, a in enumerate(fetched):
        sid = stored_story[a.id]
        if sid in first_of:
            must.append((first_of[sid], n))
        else:
            first_of[sid] = n
    for a in new:
        if a.duplicate_of in index:
            must.append((index[a.duplicate_of], index[a.id]))
    labels = link(features(pool, cfg, copts), [_day(a) for a in pool], copts, must, frozen)
    group_story: dict[int, str] = {}
    for n, lab in enumerate(labels):
        if frozen[n] is not None:
            group_story[lab] = frozen[n]  # type: ignore[assignment]
    assigned: dict[str, str] = {}
    for a in new:  # input order: the first new article of a new group names it
        lab = labels[index[a.id]]
        if lab not in group_story:
            group_story[lab] = story_id(a)
        assigned[a.id] = group_story[lab]
    store.add_story_members(assigned, keys)
    return {**known, **assigned}
