"""The one entry point: the CLI, the server and the tests all call these.

    >>> import storyline
    >>> out = storyline.brief(["articles/"], format="json")   # doctest: +SKIP
    >>> out["stories"][0]["summary"]                          # doctest: +SKIP

`brief()` returns a dict equal to the JSON that `storyline brief --format json`
writes; `Brief.from_dict()` turns it back into the data model.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline import stages
from storyline.config import Config
from storyline.context import StoryContext
from storyline.errors import StorylineError
from storyline.ingest.readers import Input, read_inputs
from storyline.model import Article, Brief, Json, Rejection, Story
from storyline.parallel import fork_map, gc_frozen
from storyline.progress import Progress
from storyline.sources import independence_key

if TYPE_CHECKING:
    from storyline.analyse.parse_pool import ParseAhead

PER_STORY_ORDER = (
    "entities",
    "quantities",
    "dates",
    "figures",
    "quotes",
    "statements",
    "conflicts",
    "per_source",
    "descriptions",
    "timeline",
    "summary",
)


def ingest(inputs: Iterable[Input], cfg: Config) -> tuple[list[Article], list[Rejection]]:
    """Read, clean and (with `cfg.db`) store the inputs; copies of one text come once.

    With a store, an article that failed to parse in an earlier run is left
    out again, with the rejection recorded then.
    """
    articles, rejected = read_local(inputs, cfg)
    if cfg.db:
        with writing(cfg):
            articles, rejected = _store_read(articles, rejected, cfg)
    return articles, rejected


def _store_read(
    articles: list[Article], rejected: list[Rejection], cfg: Config
) -> tuple[list[Article], list[Rejection]]:
    from storyline.store.sqlite import open_store

    assert cfg.db
    with open_store(cfg.db) as store:
        store.add_articles(articles)
        store.add_rejections(rejected)
        failed = store.parse_failures([a.id for a in articles])
    if failed:
        articles = [a for a in articles if a.id not in failed]
        rejected = [*rejected, *(failed[i] for i in sorted(failed))]
    return articles, rejected


def writing(cfg: Config) -> AbstractContextManager[None]:
    """The store's writer lock (`store.writer_lock`) with `cfg.db`, else nothing to hold."""
    if not cfg.db:
        return nullcontext()
    from storyline.store.sqlite import writer_lock

    def notify(message: str) -> None:
        if not cfg.quiet:
            print(f"storyline: {message}", file=sys.stderr, flush=True)

    return writer_lock(cfg.db, notify)


# the heavy steps of a brief, swappable (`scale/ray_runner.py` runs them on a Ray cluster):
# reading and cleaning the inputs; parsing articles into docs (any value the per-story
# map takes: a spaCy Doc here); and building stories from jobs (`story_of`'s arguments)
Read = Callable[[Iterable[Input], Config], tuple[list[Article], list[Rejection]]]
Parse = Callable[[list[Article], Config], tuple[dict[str, Any], dict[str, Rejection]]]
StoryJob = tuple[str, list[Article], dict[str, Any], dict[str, str]]
MapStories = Callable[[list[StoryJob], Config], list[Story]]


def read_local(inputs: Iterable[Input], cfg: Config) -> tuple[list[Article], list[Rejection]]:
    """Read and clean the inputs in this process (`readers.read_inputs`)."""
    return read_inputs(inputs, cfg, progress=Progress("reading", cfg.quiet))


def parse_local(
    articles: list[Article], cfg: Config, ahead: ParseAhead | None = None
) -> tuple[dict[str, Any], dict[str, Rejection]]:
    """Parse on this machine's cores, with `cfg.db` reusing and keeping parses (`nlp.parse`),
    taking the parses begun `ahead` of the stories."""
    from storyline.analyse import nlp

    progress = Progress("parsing", cfg.quiet)
    return nlp.parse(articles, cfg.spacy_model, db=cfg.db, progress=progress, ahead=ahead)


def story_of(
    story_id: str,
    group: list[Article],
    docs: dict[str, Any],
    source_of: dict[str, str],
    cfg: Config,
) -> Story:
    """One story from its articles, their docs and their independence keys."""
    title = story_title(group)
    ctx = StoryContext(
        story_id=story_id,
        articles=group,
        docs=docs,
        source_of=source_of,
        date=story_date(group),
        title=title,
    )
    return build_story(ctx, cfg, title)


def map_stories_local(jobs: list[StoryJob], cfg: Config) -> list[Story]:
    """`story_of` over the jobs on this machine's cores (`parallel.fork_map`), in job order."""
    workers = story_workers(cfg, [(sid, group) for sid, group, _, _ in jobs])
    # a story's stages cost more than in proportion to its text (pairs of sentences)
    costs = [float(sum(len(a.text) for a in group)) ** 1.5 for _, group, _, _ in jobs]
    with gc_frozen():
        return fork_map(lambda k: story_of(*jobs[k], cfg), len(jobs), workers, costs)


def _read_and_group(
    inputs: Iterable[Input],
    cfg: Config,
    read: Read = read_local,
    then: Callable[[list[Article]], None] | None = None,
) -> tuple[list[Article], list[Rejection], list[tuple[str, list[Article]]]]:
    """Read, store, mark copies and sort into stories; with a store, as one writer at a time.

    Reading happens outside the lock; storing, clustering against the
    stored stories and writing the new assignments happen inside it, so a
    concurrent run sees all of this run's stories or none of them. `then`
    gets the articles read before the lock is taken: worker processes it
    forks would hold the lock (a file's) for as long as they run.
    """
    articles, rejected = read(inputs, cfg)
    if then:
        then(articles)
    with writing(cfg):
        if cfg.db:
            articles, rejected = _store_read(articles, rejected, cfg)
        articles = mark_duplicates(articles, cfg)
        articles, groups = group_stories(articles, cfg)
    return articles, rejected, groups


def mark_duplicates(articles: list[Article], cfg: Config) -> list[Article]:
    """Set `duplicate_of` on near-copies (the first-seen article is the original)."""
    copies: dict[str, str] = stages.get("dedup", cfg.dedup)(articles, cfg)
    return [replace(a, duplicate_of=copies.get(a.id)) for a in articles]


def source_keys(articles: Sequence[Article]) -> dict[str, str]:
    """Independence key per article: a copy counts as its original; a wire service's story
    as the wire's, whichever outlet runs it; a known outlet once (`sources`)."""
    by_id = {a.id: a for a in articles}
    keys: dict[str, str] = {}
    for a in articles:
        root = a
        seen = set()
        while root.duplicate_of and root.duplicate_of in by_id and root.id not in seen:
            seen.add(root.id)
            root = by_id[root.duplicate_of]
        keys[a.id] = independence_key(root.wire, root.source, root.id)
    return keys


def story_date(articles: Sequence[Article]) -> str | None:
    """The story's date: the most common published day among its articles."""
    days = Counter(a.published[:10] for a in articles if a.published)
    return days.most_common(1)[0][0] if days else None


def story_title(articles: Sequence[Article]) -> str:
    """The title of the story's earliest article (input order breaks ties)."""
    order = sorted(range(len(articles)), key=lambda i: (articles[i].published or "9999", i))
    for i in order:
        if articles[i].title:
            return articles[i].title  # type: ignore[return-value]
    first = articles[0].text.strip().split("\n", 1)[0]
    return first[:100] + ("\u2026" if len(first) > 100 else "")


def build_story(ctx: StoryContext, cfg: Config, title: str) -> Story:
    """Run the per-story stages in order, each reading what the earlier ones found."""
    results: dict[str, Any] = {}
    for slot in PER_STORY_ORDER:
        value = stages.get(slot, getattr(cfg, slot))(ctx, cfg)
        results[slot] = value
        if hasattr(ctx, slot):
            setattr(ctx, slot, value)
        if slot == "conflicts" and value:
            # a statement is one claim: none may cite two sides of a conflict
            from storyline.crosscheck.statements import split_disputed

            results["statements"] = ctx.statements = split_disputed(ctx, value)
    if results["conflicts"]:
        # no event cited by a source that says otherwise than its text
        from storyline.digest.timeline import without_dissent

        results["timeline"] = without_dissent(results["timeline"], results["conflicts"])
    if results["summary"]:
        # the summary cites every source its statement has: the JSON and the reports agree
        from storyline.digest.summary import with_support

        results["summary"] = with_support(
            results["summary"], results["statements"], results["conflicts"]
        )
    # a sentence passing on another outlet's report says so (`crosscheck/relays.py`)
    from storyline.crosscheck.relays import reader

    relays = reader(ctx)
    results["statements"] = relays.statements(results["statements"])
    results["quotes"] = relays.quotes(results["quotes"])
    results["conflicts"] = relays.conflicts(results["conflicts"])
    results["figures"] = relays.figures(results["figures"])
    quantities = [q for a in ctx.articles for q in results["quantities"].get(a.id, [])]
    dates = [d for a in ctx.articles for d in results["dates"].get(a.id, [])]
    return Story(
        id=ctx.story_id,
        title=title,
        date=ctx.date,
        articles=tuple(a.id for a in ctx.articles),
        entities=tuple(results["entities"]),
        quotes=tuple(results["quotes"]),
        quantities=tuple(quantities),
        dates=tuple(dates),
        figures=tuple(results["figures"]),
        # what the sources say of who a person is comes after what they report
        statements=tuple(results["statements"]) + tuple(results["descriptions"]),
        conflicts=tuple(results["conflicts"]),
        timeline=tuple(results["timeline"]),
        summary=tuple(results["summary"]),
        per_source=dict(results["per_source"]),
    )


def group_stories(
    articles: list[Article], cfg: Config
) -> tuple[list[Article], list[tuple[str, list[Article]]]]:
    """Sort articles into stories: `(all articles, [(story id, its articles)])`.

    Without a store, the cluster stage groups the articles of this call, and a
    story's id is "s-" + the id of its first article. With `cfg.db` and the
    default clusterer, the articles join the stored stories or open new ones
    (`incremental.py`); the stories they touch come back whole, with the
    articles stored by earlier runs, under ids that stay the same across runs.
    """
    if not articles:
        return articles, []
    order = {a.id: i for i, a in enumerate(articles)}
    if cfg.db and cfg.cluster == "default":
        from storyline.store.sqlite import open_store

        touched = _stored_stories(articles, cfg)
        with open_store(cfg.db) as store:
            members = store.story_members(list(touched))
            extra = [i for ids in members.values() for i in ids if i not in order]
            articles = articles + store.articles(extra)
        by_id = {a.id: a for a in articles}
        named = [(sid, [by_id[i] for i in ids]) for sid, ids in members.items()]
    else:
        by_id = {a.id: a for a in articles}
        groups = stages.get("cluster", cfg.cluster)(articles, cfg)
        named = []
        for g in groups:
            if g:
                members_ = sorted((by_id[i] for i in g), key=lambda a: order[a.id])
                named.append(("s-" + members_[0].id, members_))
    first = {sid: min(order.get(a.id, len(order)) for a in g) for sid, g in named}
    return articles, sorted(named, key=lambda sg: first[sg[0]])


def _stored_stories(articles: list[Article], cfg: Config) -> dict[str, list[str]]:
    """`{story_id: [article ids of this call]}`, assigned against the store `cfg.db`."""
    from storyline.store.sqlite import open_store
    from storyline.stories.incremental import assign_stories

    assert cfg.db
    with open_store(cfg.db) as store:
        store.set_duplicates({a.id: a.duplicate_of for a in articles if a.duplicate_of})
        story_of = assign_stories(articles, cfg, store)
    groups: dict[str, list[str]] = {}
    for a in articles:
        groups.setdefault(story_of[a.id], []).append(a.id)
    return groups


def run(inputs: Iterable[Input], cfg: Config) -> Brief:
    """The whole pipeline over the inputs, as the data model.

    An article the parser cannot take is rejected and left out of its story
    (a story left empty goes); with a store, it is recorded so that later
    runs skip it (`Store.record_parse_failures`).
    """
    if cfg.ray is not None:  # the same stages, spread over a Ray cluster
        from storyline.scale import ray_runner

        return ray_runner.run(inputs, cfg)
    from storyline.analyse.parse_pool import ParseAhead

    # the articles are parsed while copies are marked and stories formed (`ParseAhead`)
    with ParseAhead(cfg.spacy_model, cfg.db, Progress("parsing", cfg.quiet)) as ahead:
        articles, rejected, groups = _read_and_group(inputs, cfg, then=ahead.start)
        return build_stories(
            articles, rejected, groups, cfg, parse=lambda todo, c: parse_local(todo, c, ahead)
        )


def build_stories(
    articles: list[Article],
    rejected: list[Rejection],
    groups: list[tuple[str, list[Article]]],
    cfg: Config,
    parse: Parse = parse_local,
    map_stories: MapStories = map_stories_local,
) -> Brief:
    """Parse and build the stories of articles read and grouped; with a store, keep them.

    With `cfg.db`, an unchanged story is read back (`stories/reuse.py`) and
    every story whose content changed is saved as its next revision. The
    store is read and written here, in this process; `parse` and
    `map_stories` do the heavy work wherever they run it.
    """
    kept = _stored_builds(groups, cfg)  # unchanged stories, read back instead of rebuilt
    todo = [a for sid, group in groups if sid not in kept for a in group]
    docs, failed = parse(todo, cfg) if todo else ({}, {})
    if failed:
        articles, groups = _without(failed, articles, groups, cfg)
        rejected = [*rejected, *(failed[a] for a in sorted(failed))]
    keys = source_keys(articles)
    build = [i for i, (sid, _) in enumerate(groups) if sid not in kept]
    jobs: list[StoryJob] = [
        (sid, group, {a.id: docs[a.id] for a in group}, {a.id: keys[a.id] for a in group})
        for sid, group in (groups[i] for i in build)
    ]
    built = map_stories(jobs, cfg)
    made = dict(zip(build, built, strict=True))
    stories = [made[i] if i in made else kept[sid] for i, (sid, _) in enumerate(groups)]
    result = Brief(tuple(articles), tuple(rejected), tuple(stories))
    if cfg.db and cfg.cluster == "default":
        _save_revisions(result, keys, cfg, built, groups)
    return result


def _stored_builds(groups: list[tuple[str, list[Article]]], cfg: Config) -> dict[str, Story]:
    """Stories of a store whose articles, options and code are those of a remembered build."""
    if not cfg.db or cfg.cluster != "default":
        return {}
    from storyline.store.sqlite import open_store
    from storyline.stories.reuse import stored

    with open_store(cfg.db) as store:
        return stored(store, groups, cfg)


def _save_revisions(
    result: Brief,
    source_of: dict[str, str],
    cfg: Config,
    built: list[Story],
    groups: list[tuple[str, list[Article]]],
) -> None:
    """Keep each built story whose content changed as a new revision (`stories/changes.py`),
    and remember the builds of this run for the next to reuse (`stories/reuse.py`)."""
    from storyline.store.sqlite import open_store
    from storyline.stories.changes import record_revisions
    from storyline.stories.reuse import remember

    assert cfg.db
    with writing(cfg), open_store(cfg.db) as store:
        _, outdated = record_revisions(store, result, source_of)
        remember(store, built, groups, cfg)
    if outdated and not cfg.quiet:
        print(
            f"storyline: {len(outdated)} story/stories gained articles from another run while"
            " this one worked; their revision is that run's: " + ", ".join(outdated),
            file=sys.stderr,
        )


STORY_POOL_FROM = 24  # articles in a run before a second process for the stories pays


def story_workers(cfg: Config, groups: Sequence[tuple[str, list[Article]]]) -> int:
    """Processes for the per-story stages: both cores once the run is big enough.

    `cfg.workers` 1 keeps one process; 0 chooses. Sentence embeddings stay in
    one process (a model loaded before a fork is not safe to use after it).
    """
    from storyline.analyse import nlp

    if cfg.workers:
        return cfg.workers
    if cfg.embeddings or len(groups) < 2 or sum(len(g) for _, g in groups) < STORY_POOL_FROM:
        return 1
    return nlp.n_process()


def _without(
    failed: dict[str, Rejection],
    articles: list[Article],
    groups: list[tuple[str, list[Article]]],
    cfg: Config,
) -> tuple[list[Article], list[tuple[str, list[Article]]]]:
    """Articles and stories without the articles that failed to parse (recorded in the store)."""
    if cfg.db:
        from storyline.store.sqlite import open_store

        with writing(cfg), open_store(cfg.db) as store:
            store.record_parse_failures(failed)
    stored_ids = bool(cfg.db) and cfg.cluster == "default"
    kept = []
    for sid, group in groups:
        left = [a for a in group if a.id not in failed]
        if left:  # without a store a story is named after its first article
            kept.append((sid if stored_ids else "s-" + left[0].id, left))
    return [a for a in articles if a.id not in failed], kept


def brief(inputs: Iterable[Input] | Input, **options: Any) -> Json:
    """Turn articles into one cross-checked brief per story; returns the JSON dict.

    `inputs`: paths (files or directories) and/or dicts with `text` (or `body`)
    and optional `title`, `url`, `source`, `published`. Options are the fields
    of `Config` (`db`, `summary_sentences`, `cluster`, ...).
    """
    cfg = Config.from_options(**options)
    return run(_as_list(inputs), cfg).to_dict()


def cluster(inputs: Iterable[Input] | Input, **options: Any) -> Json:
    """Sort articles into stories without the per-story analysis.

    With `db`, the stories are those of the store that the inputs belong to,
    with every stored article of theirs and ids that stay the same across runs.
    """
    cfg = Config.from_options(**options)
    articles, rejected, groups = _read_and_group(_as_list(inputs), cfg)
    return {
        "articles": [
            {
                "id": a.id,
                "path": a.path,
                "title": a.title,
                "duplicate_of": a.duplicate_of,
                "wire": a.wire,
            }
            for a in articles
        ],
        "rejected": [r.to_dict() for r in rejected],
        "stories": [
            {"id": sid, "title": story_title(g), "articles": [a.id for a in g]} for sid, g in groups
        ],
    }


def store_remove(db: str, refs: Sequence[str], quiet: bool = True) -> Json:
    """Remove stored articles, named by id or by the path they were read from.

    Their parses, key terms and story membership go with them, and a story
    left without articles is gone. Returns what was removed and what no
    stored article matched.
    """
    from storyline.store.sqlite import open_store

    cfg = Config(db=_existing(db), quiet=quiet)
    with writing(cfg), open_store(db) as store:
        found = store.resolve(refs)
        ids = list(dict.fromkeys(i for ref in refs for i in found[ref]))
        touched = sorted(set(store.stories_of(ids).values()))
        briefed = store.story_heads(touched)  # a store only clustered keeps no brief to redo
        emptied = store.remove_articles(ids)
        members = store.story_members([s for s in touched if s in briefed and s not in emptied])
        stored = {a.id: a for a in store.articles([i for m in members.values() for i in m])}
    # a briefed story that lost articles is built again from those it keeps, so that its
    # latest revision (what `stories`, `changes` and the web app show) cites no
    # article that is gone, and its change log says which went
    groups = [(sid, [stored[i] for i in m if i in stored]) for sid, m in members.items() if m]
    if groups:
        build_stories([a for _, g in groups for a in g], [], groups, cfg)
    return {
        "removed": ids,
        "not_found": [r for r in refs if not found[r]],
        "stories_removed": emptied,
        "stories_rebuilt": [sid for sid, _ in groups],
    }


def store_check(db: str, fix: bool = False, quiet: bool = True) -> Json:
    """Check a store: SQLite's integrity check, orphaned rows, articles in no story.

    With `fix`, orphaned rows are deleted and articles in no story are
    clustered into the stored stories, as a run would have done. Returns the
    problems found, what was fixed and the problems left (`ok` when none).
    """
    from storyline.store.sqlite import open_store
    from storyline.stories.incremental import assign_stories

    cfg = Config(db=_existing(db), quiet=quiet)
    with writing(cfg), open_store(db) as store:
        found = store.check()
        fixed: dict[str, int] = {}
        if fix and found:
            if any(kind == "integrity" for kind, _, _ in found):
                raise StorylineError(
                    "E104",
                    f"database {db!r} fails SQLite's integrity check; restore it from a"
                    " backup or rebuild it from the articles (it cannot be fixed in place)",
                )
            fixed = store.fix()
            loose = store.articles(store.unassigned())
            if loose:
                assign_stories(loose, cfg, store)
                fixed["unassigned"] = len(loose)
        left = store.check() if fixed else found

    def listed(rows: list[tuple[str, int, str]]) -> list[Json]:
        return [{"kind": k, "count": n, "what": w} for k, n, w in rows]

    return {
        "db": db,
        "problems": listed(found),
        "fixed": fixed,
        "left": listed(left),
        "ok": not left,
    }


def store_version(db: str) -> tuple[object, ...]:
    """Something that changes whenever a run changes the store's stories: cheap to ask
    (two counts and a time), for readers that cache what they read."""
    from storyline.store.sqlite import read_store

    with read_store(db) as store:
        return store.version()


def stored_stories(db: str) -> list[Json]:
    """The stored stories, newest-updated first: the latest revision of each, counted.

    Each `{"id", "title", "date", "updated_at", "revision", "articles",
    "sources", "conflicts", "statements", "entities"}` (counts; entities: the
    names mentioned most). Reads without the writer lock, also while a run writes.
    """
    from storyline.store.sqlite import read_store

    with read_store(db) as store:
        return store.latest_stories()


def stored_story(db: str, story_id: str, revision: int | None = None) -> Json | None:
    """One stored story (its latest revision, or `revision`), or None when there is none.

    `{"id", "revision", "updated_at", "story": <the brief's story JSON>,
    "articles": [<article JSON of its articles>]}`.
    """
    from storyline.store.sqlite import read_store

    with read_store(db) as store:
        rev = store.story_revision(story_id, revision)
        if rev is None:
            return None
        arts = [a.to_dict() for a in store.articles(rev["article_ids"])]
    keys = ("id", "revision", "updated_at", "story")
    return {**{k: rev[k] for k in keys}, "articles": arts}


def stored_article(db: str, article_id: str) -> Json | None:
    """One stored article's JSON (as in the brief's `articles`) with `story`, the id of the
    story it is in (None when it is in none), or None when no such article is stored."""
    from storyline.store.sqlite import read_store

    with read_store(db) as store:
        found = store.articles([article_id])
        story = store.stories_of([article_id]).get(article_id)
    return {**found[0].to_dict(), "story": story} if found else None


def changes(db: str, story_id: str, since: str | datetime | None = None) -> Json:
    """What changed in a stored story, revision by revision, after `since`.

    `since`: an ISO date or date-time (UTC unless it says otherwise), an
    age ("2h", "3d") or a `datetime`; None gives every revision. The JSON is
    described by `schema/changes.schema.json`. An unknown story or a bad time
    is an error (E109, E108).
    """
    from storyline.store.postgres import shown
    from storyline.store.sqlite import read_store
    from storyline.stories.changes import parse_since

    after = parse_since(since) if since is not None and since != "" else None
    with read_store(db) as store:
        head = store.story_head(story_id)
        if head is None:
            where = shown(db)  # a server URL without its password
            raise StorylineError(
                "E109",
                f"no stored story {story_id!r} in {where!r}; `storyline stories --db {where}`"
                " lists the stored ones",
            )
        revisions = store.story_revisions(story_id, after)
    return {
        "id": story_id,
        "title": head["title"],
        "revision": head["revision"],
        "updated_at": head["updated_at"],
        "since": after,
        "revisions": revisions,
    }


def fetch(
    sources: Sequence[str],
    db: str,
    analyse: bool = True,
    feed_options: Any = None,
    stop: Any = None,
    **options: Any,
) -> Json:
    """Read feeds, feed files and URL lists once into the store `db`; returns the pass's report.

    Each new item becomes an article ingested as files are (`run` with the store,
    or only stored and clustered with `analyse=False`). The report counts items
    new, already seen, failed (with reasons and when they are retried) and
    rejected, and lists the articles stored with their stories
    (`ingest/feeds.py`). `feed_options`: an `ingest.feeds.FeedOptions`.
    """
    from storyline.ingest.feeds import fetch_pass

    cfg = Config.from_options(db=db, **options)
    opts = feed_options or _feed_options(cfg)
    return fetch_pass(
        list(sources), db, _feed_ingest(cfg, analyse), opts, lock=lambda: writing(cfg), stop=stop
    )


def watch(
    sources: Sequence[str],
    db: str,
    every: float,
    on_pass: Callable[[Json], None],
    analyse: bool = True,
    feed_options: Any = None,
    stop: Any = None,
    passes: int | None = None,
    **options: Any,
) -> int:
    """`fetch` every `every` seconds until `stop` (a `threading.Event`) is set; each pass's
    report goes to `on_pass`. Returns the number of passes."""
    from storyline.ingest import feeds

    cfg = Config.from_options(db=db, **options)
    opts = feed_options or _feed_options(cfg)
    ingest = _feed_ingest(cfg, analyse)
    return feeds.watch(
        list(sources), db, ingest, every, on_pass, opts, lambda: writing(cfg), stop, passes
    )


def feed_state(db: str) -> Json:
    """What `fetch`/`watch` keep in a store: feeds read, item counts, failures to retry."""
    from storyline.store.feeds import open_feed_state

    with open_feed_state(_existing(db)) as state:
        counts: Counter[str] = Counter(i["status"] for i in state.items())
        return {"feeds": state.feeds(), "items": dict(counts), "failures": state.failures()}


def _feed_options(cfg: Config) -> Any:
    from storyline.ingest.feeds import FeedOptions, FetchOptions

    return FeedOptions(max_chars=cfg.max_chars, fetch=FetchOptions(max_bytes=cfg.max_bytes))


def _feed_ingest(cfg: Config, analyse: bool) -> Callable[[list[Json]], Any]:
    """Feed items in, as files are: the whole run, or store and cluster only."""

    def ingest(items: list[Json]) -> tuple[list[Article], list[Rejection], dict[str, str]]:
        inputs: list[Input] = list(items)
        if analyse:
            result = run(inputs, cfg)
            story_of = {aid: s.id for s in result.stories for aid in s.articles}
            return list(result.articles), list(result.rejected), story_of
        articles, rejected, groups = _read_and_group(inputs, cfg)
        return articles, rejected, {a.id: sid for sid, g in groups for a in g}

    return ingest


def _existing(db: str) -> str:
    from storyline.store.postgres import is_url

    if not is_url(db) and not Path(db).is_file():
        raise StorylineError("E104", f"no database at {db!r}; give the --db file a run wrote")
    return db


def _as_list(inputs: Iterable[Input] | Input) -> list[Input]:
    if isinstance(inputs, (str, Path, dict)):
        return [inputs]
    return list(inputs)


Renderer = Callable[[Json], str]


def render(result: Json, fmt: str) -> str:
    """The brief as text in one of the output formats: json, md, html."""
    from storyline.report import render as rendering

    return rendering.render(result, fmt)
