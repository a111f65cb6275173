"""Parsing in forked worker processes: a pool of parsers, and parsing begun ahead.

`Pool` hands batches of texts to forked workers (the loaded pipeline is
shared, not loaded again) and collects their docs; `ParseAhead` starts one
before the stories are known, so that the workers parse while the parent
marks copies and clusters. Workers ignore Ctrl-C, die with their parent and
are stopped by it on any exception (`die_with_parent`).
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from storyline.analyse import nlp as _nlp  # read at call time: tests and tuning set them
from storyline.model import Article
from storyline.progress import Progress

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class ParseAhead:
    """Parsing begun before the stories are known, while this process does other work.

    `start(articles)` (after reading) has worker processes parse the articles
    with no stored parse while this process marks copies and clusters; `parse`
    then takes their docs (`take`) instead of parsing them again. A run parses
    every article it reads, copies too (each is in some story), unless its story
    is read back unchanged (`stories/reuse.py`), whose articles have stored
    parses; one taken by no one was parsed for nothing. The docs are those a
    parse after clustering gives (a doc does not depend on the batch it is
    parsed in: 300 PolNeAR texts in input and in shuffled order, the same bytes).
    Starts nothing on one usable core or under `nlp.POOL_FROM` articles to parse
    (the run parses as before); `close()` stops the workers however the run ends.

    Measured, a cold brief of 300 PolNeAR texts without a store, two runs each
    alternated with the code before, on a shared machine (load 2-3): wall
    26.0-26.3 s -> 24.1-25.5 s, CPU the same (47.8-48.6 -> 45.8-47.8 CPU-s).
    Loading the model (0.75 s), marking copies and clustering (1.4 s alone,
    2.4 s beside the workers) no longer hold the parsing back.
    """

    def __init__(
        self, model: str = "en_core_web_sm", db: str | None = None, progress: Progress | None = None
    ) -> None:
        self.model, self.db, self.progress = model, db, progress
        self.ids: list[str] = []
        self.pool: Pool | None = None
        self.thread: threading.Thread | None = None
        self.results: list[Doc | str] = []
        self.packed_at: dict[int, bytes] = {}  # with a store: the docs as the workers packed them
        self._frozen: Any = None

    def __enter__(self) -> ParseAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, articles: Sequence[Article]) -> None:
        """Begin parsing those of `articles` a run would parse, on worker processes."""
        if (
            self.pool
            or _nlp.n_process() < 2
            or len(articles) < _nlp.POOL_FROM
            or not hasattr(os, "fork")
        ):
            return
        todo = self._unparsed(articles)
        if len(todo) < _nlp.POOL_FROM:
            return
        from storyline.parallel import gc_frozen

        nlp = _nlp.load(self.model)
        todo, _ = _nlp.within_limit(todo, nlp.max_length)  # `parse` rejects the others
        texts = [a.text for a in todo]
        chunks = _nlp.tasks(texts, _nlp.n_process())
        self._frozen = gc_frozen()
        self._frozen.__enter__()  # before the fork, as `parse_texts` does
        if self.progress:
            self.progress.start(len(texts))
        self.pool = Pool(nlp, texts, chunks, _nlp.n_process(), self.progress, bool(self.db))
        self.ids = [a.id for a in todo]
        self.thread = threading.Thread(target=self._run, name="parse-ahead", daemon=True)
        self.thread.start()

    def _unparsed(self, articles: Sequence[Article]) -> list[Article]:
        if not self.db:
            return list(articles)
        from storyline.store.sqlite import open_store

        with open_store(self.db) as store:
            stored = store.parsed([a.id for a in articles], self.model)
        return [a for a in articles if a.id not in stored]

    def _run(self) -> None:
        assert self.pool is not None
        try:
            self.results = self.pool.run()
            self.packed_at = self.pool.packed
        except Exception:  # nothing taken from here: `parse` parses them all again, and
            self.results = []  # its own error, if the same, is the one the run reports

    def take(self, ids: Sequence[str]) -> dict[str, Doc | str]:
        """The parses (a doc, or why it failed) of those of `ids` begun here, once finished."""
        self._finish()
        got = dict(zip(self.ids, self.results, strict=True)) if self.results else {}
        return {i: got[i] for i in ids if i in got}

    def packed(self, ids: Sequence[str]) -> dict[str, bytes]:
        """Those of `take(ids)`'s docs as the workers packed them for the store (with a store)."""
        self._finish()
        wanted = set(ids)
        return {
            i: self.packed_at[k]
            for k, i in enumerate(self.ids)
            if i in wanted and k in self.packed_at
        }

    def _finish(self) -> None:
        if self.thread is not None:
            self.thread.join()
            self.thread = None
            if self.progress:
                self.progress.finish()
        if self._frozen is not None:
            self._frozen.__exit__(None, None, None)
            self._frozen = None

    def close(self) -> None:
        """Stop the workers if they still run (the run failed or was interrupted)."""
        if self.pool is not None:
            self.pool.stop()
            self._finish()
            self.pool.end(kill=True)


class Pool:
    """Batches of texts parsed by forked worker processes; `run()` gives a result per text.

    The workers are forked when the pool is made, by the thread that makes it,
    and `run()` may then go on in another thread while this one does other
    work (`ParseAhead`); `stop()`, from any thread, kills the workers at once.
    """

    def __init__(
        self,
        nlp: Language,
        texts: Sequence[str],
        chunks: list[list[int]],
        processes: int,
        progress: Progress | None = None,
        pack: bool = False,
    ) -> None:
        import multiprocessing as mp
        from collections import deque

        self.nlp, self.texts, self.progress = nlp, texts, progress
        # `pack`: the workers send docs as the store keeps them (`nlp.pack`), kept here too
        self.pack = pack
        self.packed: dict[int, bytes] = {}
        self.ctx = mp.get_context("fork")
        self.results: list[Doc | str | None] = [None] * len(texts)
        self.tasks = deque(chunks)
        self.workers: dict[Any, tuple[Any, list[int] | None]] = {}  # conn -> (process, task)
        self.stopped = False
        try:
            for _ in range(min(processes, len(chunks))):
                self._start()
        except BaseException:
            self.end(kill=True)
            raise

    def _start(self) -> None:
        mine, theirs = self.ctx.Pipe()
        proc = self.ctx.Process(
            target=_worker, args=(self.nlp, theirs, os.getpid(), self.pack), daemon=True
        )
        proc.start()
        theirs.close()
        self.workers[mine] = (proc, None)

    def run(self) -> list[Doc | str]:
        """Parse every batch (a text that kills its worker fails alone); the workers end with it."""
        done = False
        try:
            while not self.stopped and (
                self.tasks or any(t is not None for _, t in self.workers.values())
            ):
                self._step()
            if not self.stopped:
                for conn in self.workers:
                    conn.send(None)
                done = True
        finally:
            self.end(kill=not done)  # interrupted or failed: no batch is worth waiting for
        return [r if r is not None else "no result" for r in self.results]

    def _step(self) -> None:
        """Give each idle worker a batch, then take the results of those that finished."""
        from multiprocessing.connection import wait

        for conn, (proc, task) in list(self.workers.items()):
            if task is None and self.tasks:
                task = self.tasks.popleft()
                conn.send([self.texts[i] for i in task])
                self.workers[conn] = (proc, task)
        busy = {c: pt for c, pt in self.workers.items() if pt[1] is not None}
        ready = set(wait([*busy, *(p.sentinel for p, _ in busy.values())]))
        for conn, (proc, task) in busy.items():
            assert task is not None
            if self.stopped:
                return
            if conn in ready or proc.sentinel in ready:
                self._collect(conn, proc, task)

    def _collect(self, conn: Any, proc: Any, task: list[int]) -> None:
        from spacy.tokens import Doc

        try:
            got = conn.recv()
        except (EOFError, OSError):  # the worker died on this task
            proc.join(1)
            del self.workers[conn]
            conn.close()
            if len(task) > 1:  # find the article that kills it: one at a time
                self.tasks.extendleft([i] for i in reversed(task))
            else:
                reason = f"the parser process died on it (exit code {proc.exitcode})"
                self.results[task[0]] = reason
            self._start()
            return
        for i, d in zip(task, got, strict=True):
            if isinstance(d, str):
                self.results[i] = d
            elif self.pack:
                self.packed[i] = d
                self.results[i] = _nlp.unpack(d, self.nlp.vocab)
            else:
                self.results[i] = Doc(self.nlp.vocab).from_bytes(d)
        self.workers[conn] = (proc, None)
        if self.progress:
            self.progress.advance(len(task))

    def stop(self) -> None:
        """Kill the workers now (from any thread): `run()` returns what it has."""
        self.stopped = True
        for proc, _ in list(self.workers.values()):
            proc.kill()

    def end(self, kill: bool) -> None:
        """Wait for the workers to exit (killing them first with `kill`, or when they hang)."""
        workers, self.workers = self.workers, {}
        for proc, _ in workers.values():
            if kill:
                proc.kill()
        for conn, (proc, _) in workers.items():
            proc.join(1)
            if proc.is_alive():
                proc.kill()
                proc.join(1)
            conn.close()


def _worker(nlp: Language, conn: Any, parent: int, pack: bool = False) -> None:
    """Parse the batches the parent sends until it sends None or goes away; `pack`: send
    each doc as the store keeps it (`nlp.pack`), else as `Doc.to_bytes` gives it."""
    die_with_parent(parent)
    to_bytes = _nlp.pack if pack else (lambda d: d.to_bytes())
    try:
        while True:
            texts = conn.recv()
            if texts is None:
                break
            conn.send(
                [d if isinstance(d, str) else to_bytes(d) for d in _nlp._parse_chunk(nlp, texts)]
            )
    except BaseException:  # the parent went away or stopped us: leave quietly
        os._exit(1)


def die_with_parent(parent: int) -> None:
    """Ignore Ctrl-C (the parent stops us) and die when the parent dies, even by SIGKILL."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler
    armed = False
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            # PR_SET_PDEATHSIG: the kernel kills us with the parent
            armed = ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL) == 0
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # died before prctl took effect
        os._exit(1)
    if armed:
        return

    def watch() -> None:  # where prctl is missing
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
