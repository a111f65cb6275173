"""A brief on a Ray cluster: the same stages as `api.run`, spread over the cluster's CPUs.

    >>> import storyline
    >>> storyline.brief(["articles/"], ray="local")           # doctest: +SKIP
    >>> storyline.brief(["articles/"], ray="10.0.0.5:6379")   # doctest: +SKIP

Three rounds, each over the whole cluster:

1. reading and cleaning: Ray Data `map_batches` over the input files (each
   worker reads, decodes, extracts and cleans its files with `readers.read_one`);
2. spaCy annotation: Ray Data `map_batches` through a pool of actors, one
   loaded model per actor, over jobs of `PARSE_JOB` articles, each parsed in
   batches of `nlp.BATCH` (a doc does not depend on its batch: the parses are
   those of a local run);
3. the per-story stages: one Ray task per story.

The rounds are the `read`, `parse` and `map_stories` that
`api._read_and_group` and `api.build_stories` take; everything else is their
own code, run in the driver as in a local run: near-copies and stories, and
with a store (`db`) every step of the store, under its writer lock where a
local run takes it: the articles stored and assigned to stories, unchanged stories read
back instead of rebuilt (`stories/reuse.py`), revisions and the change log
saved. Parses go through the store as locally: the driver reads the stored
parses of the articles to build and writes the cluster's new ones, so a
later run, on Ray or not, reuses them. Docs travel as spaCy DocBin bytes, as
the store keeps them. Results come back in input order, so the JSON is byte
for byte the one a local run writes, and the store holds what it would hold.

Paths are read by the workers: on a cluster of several machines they must
be readable at the same path on every node (a shared folder), as for Ray
Data's own readers. Dict inputs travel with the job.

Nothing reaches beyond the cluster: a local runtime listens on 127.0.0.1
only, without the dashboard, and Ray's usage statistics are switched off.
"""

from __future__ import annotations

import os
import pickle
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyline import api
from storyline.config import Config
from storyline.errors import StorylineError
from storyline.ingest.readers import Input, gather, list_sources, read_one
from storyline.model import Article, Brief, Rejection, Story
from storyline.progress import Progress

if TYPE_CHECKING:
    import numpy as np

LOCAL = "local"  # start a Ray runtime on this machine for the run
ADDRESS = re.compile(r"(?:ray://)?[A-Za-z0-9.\-\[\]:]+:\d{1,5}|auto|local")
READ_BATCH = 8  # input files per reading task
# Articles per annotation job (an actor parses them in batches of `nlp.BATCH`): fewer,
# bigger jobs than a local run's tasks, each a Ray Data batch of its own.
PARSE_JOB = 32


def run(inputs: Iterable[Input], cfg: Config) -> Brief:
    """`api.run` on the Ray cluster `cfg.ray` ("local": a runtime started for the run)."""
    assert cfg.ray is not None
    check_address(cfg.ray)
    with connected(cfg.ray, cfg.quiet) as cpus:
        articles, rejected, groups = api._read_and_group(inputs, cfg, read=read)
        on_cluster = partial(parse, actors=cpus)
        return api.build_stories(
            articles, rejected, groups, cfg, parse=on_cluster, map_stories=map_stories
        )


def check_address(address: str) -> None:
    """Refuse, before any work, an address that is no Ray address (a path taken for one)."""
    if ADDRESS.fullmatch(address) and not Path(address).exists():
        return
    hint = (
        " (it is a path: `--ray` takes the word after it as the address; put --ray after"
        " the paths, or write --ray=local)"
        if Path(address).exists()
        else ""
    )
    raise StorylineError(
        "E103",
        f"--ray {address!r} is not a Ray address{hint}; give HOST:PORT of the cluster's head"
        " (`ray start --head` prints it), ray://HOST:PORT, auto, or nothing for a local runtime",
    )


@contextmanager
def connected(address: str, quiet: bool = True) -> Iterator[int]:
    """Connected to the cluster for the block; yields its CPU count.

    A runtime this call starts (`address` "local") stops with the block; a
    cluster it connects to goes on. A Ray connection the caller already holds
    is used as it is and left open.
    """
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"  # no report to Ray's servers, ever
    with _loopback(address == LOCAL):
        try:
            import ray
        except ImportError as e:
            raise StorylineError(
                "E401", "--ray needs the 'ray' extra: pip install 'storyline[ray]'"
            ) from e
        import logging

        ours = not ray.is_initialized()
        if ours:
            level = logging.ERROR if quiet else logging.INFO
            common: dict[str, Any] = {"log_to_driver": False, "logging_level": level}
            try:
                if address == LOCAL:
                    ray.init(
                        address=LOCAL,
                        num_cpus=os.cpu_count() or 1,
                        include_dashboard=False,
                        **common,
                    )
                else:
                    ray.init(address=address, **common)
            except (ConnectionError, RuntimeError, ValueError) as e:
                raise StorylineError(
                    "E103",
                    f"could not connect to the Ray cluster at {address!r}: {e}; start one"
                    " with `ray start --head` and give the address it prints (a cluster with"
                    " token authentication also needs RAY_AUTH_MODE=token and its token here:"
                    " `ray get-auth-token` on the head)",
                ) from e
        _quiet_data(quiet)
        try:
            yield max(1, int(ray.cluster_resources().get("CPU", 1)))
        finally:
            if ours:
                ray.shutdown()


# Ray's switch for clusters of one machine: "0" keeps every Ray process on 127.0.0.1
# (listening and connecting); otherwise Ray uses the machine's network address even
# for a runtime of its own (and rewrites 127.0.0.1 in an address to it)
LOOPBACK_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"


@contextmanager
def _loopback(on: bool) -> Iterator[None]:
    """Ray on 127.0.0.1 alone for the block (when `on`); as it was after."""
    if not on:
        yield
        return
    saved = os.environ.get(LOOPBACK_ENV)
    os.environ[LOOPBACK_ENV] = "0"  # read by the Ray processes started in the block
    constants: Any = sys.modules.get("ray._private.ray_constants")
    before = getattr(constants, "ENABLE_RAY_CLUSTER", None)
    if constants is not None:  # Ray was imported before the variable was set
        constants.ENABLE_RAY_CLUSTER = False
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(LOOPBACK_ENV, None)
        else:
            os.environ[LOOPBACK_ENV] = saved
        if constants is not None:
            constants.ENABLE_RAY_CLUSTER = before


def _quiet_data(quiet: bool) -> None:
    """Ray Data without its progress bars and plans on stderr: storyline reports progress."""
    import logging

    from ray.data import DataContext

    if quiet:  # Ray Data logs through a logger of its own
        logging.getLogger("ray.data").setLevel(logging.ERROR)
    ctx = DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    ctx.enable_auto_log_stats = False


# -- 1. reading and cleaning --------------------------------------------------------------------


def read(inputs: Iterable[Input], cfg: Config) -> tuple[list[Article], list[Rejection]]:
    """`readers.read_inputs` with the files read and cleaned on the cluster.

    Paths are expanded here (directories listed); each file is read by a
    worker; articles and rejections come back in input order, and the same
    text twice is kept once, as a local run does.
    """
    progress = Progress("reading", cfg.quiet)
    sources, rejected = list_sources(inputs)
    progress.start(len(sources))
    jobs = [pickle.dumps((origin, item)) for origin, item in sources]
    results = _map(
        _read_batch, jobs, READ_BATCH, lambda i: progress.advance(), fn_kwargs={"cfg": cfg}
    )
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for batch in results:
        articles += gather(pickle.loads(batch), rejected, seen)
    progress.finish()
    return articles, rejected


def _read_batch(batch: dict[str, np.ndarray], cfg: Config) -> dict[str, list[Any]]:
    """Read and clean the batch's files (a Ray Data batch: job index and pickled job)."""
    out = []
    for job in batch["job"]:
        origin, item = pickle.loads(job)
        out.append(pickle.dumps(list(read_one(item, origin, cfg))))
    return {"i": list(batch["i"]), "out": out}


def _map(
    fn: Any,
    jobs: list[bytes],
    batch_size: int,
    done: Callable[[int], None],
    **options: Any,
) -> list[bytes]:
    """`[fn(job) for job in jobs]` as Ray Data `map_batches`; results in job order.

    Each job is one row (its index and its pickled value), so a batch holds
    whole jobs whatever the blocks; `fn` maps a batch to the same rows'
    pickled results. `done(i)` is called as job `i`'s result arrives.
    """
    if not jobs:
        return []
    import ray.data

    rows = ray.data.from_items([{"i": i, "job": j} for i, j in enumerate(jobs)])
    ds = rows.map_batches(fn, batch_size=batch_size, batch_format="numpy", **options)
    out: list[bytes | None] = [None] * len(jobs)
    for row in ds.iter_rows():
        i = int(row["i"])
        out[i] = row["out"]
        done(i)
    missing = [i for i, o in enumerate(out) if o is None]
    if missing:
        raise RuntimeError(f"Ray Data returned no result for jobs {missing[:5]}")
    return out  # type: ignore[return-value]


# -- 2. spaCy annotation ------------------------------------------------------------------------


class Annotator:
    """A Ray actor's spaCy: parses batches of texts into DocBin bytes.

    The model (named in each job) loads on the first batch and stays loaded
    for the actor's life (`nlp.load` keeps it): one model per actor.
    """

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, list[Any]]:
        from storyline.analyse import nlp

        out = []
        for job in batch["job"]:
            model, texts = pickle.loads(job)
            parsed = nlp._parse_chunk(nlp.load(model), texts)
            out.append(pickle.dumps([d if isinstance(d, str) else nlp.pack(d) for d in parsed]))
        return {"i": list(batch["i"]), "out": out}


def parse(
    articles: list[Article], cfg: Config, actors: int
) -> tuple[dict[str, Any], dict[str, Rejection]]:
    """`nlp.parse` with the parsing on the cluster: DocBin bytes and rejections by article id.

    With `cfg.db` the driver takes the stored parses of the articles from the
    store and keeps the cluster's new ones there, as `nlp.parse` does, so a
    later run (on Ray or not) parses none of them again. The store keeps each
    parse as the cluster sends it (one DocBin without user data), so the driver
    passes the bytes through without unpacking them.
    """
    from storyline.store.sqlite import open_store

    stored: dict[str, bytes] = {}
    if cfg.db:
        with open_store(cfg.db) as store:
            stored = store.get_doc_bytes([a.id for a in articles], cfg.spacy_model)
    fresh, rejected = annotate([a for a in articles if a.id not in stored], cfg, actors)
    if cfg.db and fresh:
        with open_store(cfg.db) as store:
            store.put_doc_bytes(fresh, cfg.spacy_model)
    return {**stored, **fresh}, rejected


def annotate(
    articles: Sequence[Article], cfg: Config, actors: int
) -> tuple[dict[str, bytes], dict[str, Rejection]]:
    """`nlp.parse` on the cluster: `(DocBin bytes by article id, rejections by article id)`.

    The texts go in jobs of `PARSE_JOB` articles in order to `actors` actors.
    """
    from storyline.analyse import nlp

    if not articles:
        return {}, {}
    model = nlp.load(cfg.spacy_model)
    todo, rejected = nlp.within_limit(articles, model.max_length)
    chunks = [todo[i : i + PARSE_JOB] for i in range(0, len(todo), PARSE_JOB)]
    progress = Progress("parsing", cfg.quiet)
    progress.start(len(todo))
    import ray.data

    results = _map(
        Annotator,
        [pickle.dumps((cfg.spacy_model, [a.text for a in c])) for c in chunks],
        1,
        lambda i: progress.advance(len(chunks[i])),
        compute=ray.data.ActorPoolStrategy(size=max(1, min(actors, len(chunks)))),
        num_cpus=1,
    )
    out: dict[str, bytes] = {}
    for chunk, found in zip(chunks, results, strict=True):
        for a, d in zip(chunk, pickle.loads(found), strict=True):
            if isinstance(d, str):
                reason = f"article {a.id} could not be parsed: {d}"
                rejected[a.id] = Rejection(a.path or a.id, reason, "E201", "parse")
            else:
                out[a.id] = d
    progress.finish()
    return out, rejected


# -- 3. the per-story stages ---------------------------------------------------------------------


def map_stories(jobs: list[api.StoryJob], cfg: Config) -> list[Story]:
    """`api.story_of` over the jobs, one Ray task per story; the stories in job order."""
    if not jobs:
        return []
    import ray

    task = ray.remote(num_cpus=1)(story_task)
    progress = Progress("stories", cfg.quiet)
    progress.start(len(jobs))
    refs = [task.remote(job, cfg) for job in jobs]
    stories: list[Story] = []
    for ref in refs:
        stories.append(ray.get(ref))
        progress.advance()
    progress.finish()
    return stories


def story_task(job: api.StoryJob, cfg: Config) -> Story:
    """`api.story_of` in a Ray worker, the job's docs (DocBin bytes) unpacked there."""
    from storyline.analyse import nlp

    story_id, group, docs, source_of = job
    vocab = nlp.load(cfg.spacy_model).vocab
    parsed = {i: nlp.unpack(d, vocab) for i, d in docs.items()}
    return api.story_of(story_id, group, parsed, source_of, cfg)
