"""The `storyline` command: parse options, call `api`, present. Nothing else lives here.

Exit codes: 0 when at least one article was read, 1 when none could be (or
`store check` found a problem), 2 for a usage error (a bad option or value),
3 for an error worth retrying as it is (the store stayed locked by another
run), 130 after Ctrl-C and 143 after SIGTERM (nothing half-written: `-o` is
replaced whole or not at all, store writes are transactions).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, NoReturn

import click

from storyline import __version__, api
from storyline.config import Config
from storyline.errors import StorylineError
from storyline.model import Json
from storyline.store.postgres import is_url

FORMATS = ["json", "md", "html"]
RETRYABLE = {"E105"}  # error codes a rerun may get past unchanged: exit 3, not 2


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that cleanup runs as for Ctrl-C."""


def _terminate(signum: int, frame: Any) -> NoReturn:
    raise Terminated


class SignalledStop(threading.Event):
    """The stop of a watcher, set by its signal handler.

    `Event.set` takes the lock that `Event.wait` holds while it looks at the flag; a
    handler runs in the main thread, between two of its steps, so a signal that came
    while the main thread was inside `wait` (the watcher waits between passes) made
    `set` wait on a lock its own thread held, for ever: the watcher hung after SIGTERM,
    about one run in a hundred of the watch test under load. Here `wait` looks at the
    flag without the lock, a short sleep at a time (a sleep ends early for a signal),
    so the handler's `set` never waits on the thread it interrupted.
    """

    POLL = 0.05  # seconds between two looks at the flag

    def wait(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.is_set():
            left = self.POLL if deadline is None else min(self.POLL, deadline - time.monotonic())
            if left <= 0:
                return False
            time.sleep(left)
        return True


class Main(click.Group):
    """The command group, with Ctrl-C and SIGTERM turned into a one-line message and exit code.

    Interrupting raises where the program is, so every `finally` runs:
    parser workers are stopped (`nlp.parse_texts`), open transactions roll
    back and a temporary output file is removed.
    """

    own_process = False  # True when run as the program, not from a test's CliRunner

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.own_process = True
        return super().__call__(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        main_thread = threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as e:
            click.echo("storyline: interrupted", err=True)
            code = 143 if isinstance(e, Terminated) else 130
            if self.own_process:
                # every `finally` has run; tearing down a loaded spaCy model takes 1-2 s more
                for stream in (sys.stdout, sys.stderr):
                    with contextlib.suppress(OSError, ValueError):
                        stream.flush()
                os._exit(code)
            ctx.exit(code)
        finally:
            if main_thread:
                signal.signal(signal.SIGTERM, previous)


def article_limits(f: Any) -> Any:
    """--max-chars and --languages: which read articles are kept (files and feeds alike)."""
    f = click.option(
        "--max-chars",
        type=click.IntRange(min=1),
        default=Config.max_chars,
        show_default=True,
        help="Reject articles whose cleaned text is longer than this (parsing time and "
        "memory grow fast with length).",
    )(f)
    return click.option(
        "--languages",
        default=",".join(Config.languages),
        show_default=True,
        help="Languages articles may be in (ISO 639-1 codes, comma-separated); articles "
        "confidently detected in another are rejected. The spaCy model must read them.",
    )(f)


def common(f: Any) -> Any:
    """Options every command that reads articles shares."""
    f = click.option(
        "--db",
        type=click.Path(dir_okay=False),
        help="Store for articles, parses and stories: a SQLite file (created if absent) or "
        "a postgresql:// URL.",
    )(f)
    f = click.option(
        "--max-bytes",
        type=click.IntRange(min=1),
        default=10_000_000,
        show_default=True,
        help="Reject input files larger than this.",
    )(f)
    f = article_limits(f)
    f = click.option("--quiet", "-q", is_flag=True, help="No progress bar or notes on stderr.")(f)
    f = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True),
        help="Write the result to FILE instead of stdout.",
    )(f)
    return f


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="storyline")
def main() -> None:
    """Many news articles in, one sourced and cross-checked account out.

    Give files (.txt, .html, .jsonl, .json, also gzipped) or directories.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--summary-sentences",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="Sentences in each story's summary.",
)
@click.option(
    "--summary-words",
    type=click.IntRange(min=1),
    default=None,
    help="Word budget of each summary (instead of a sentence count).",
)
@click.option(
    "--spacy-model",
    default="en_core_web_sm",
    show_default=True,
    help="spaCy pipeline to parse with.",
)
@click.option(
    "--embeddings/--no-embeddings",
    default=False,
    help="Let a sentence model join statements the words alone leave apart, and cluster "
    "with it (needs the 'embeddings' extra).",
)
@click.option(
    "--summary",
    "summary_stage",
    default="default",
    show_default=True,
    help="Summary stage: default (each fact once, nothing the story's title says again; "
    "'fact-once' is another name for it), or 'none'.",
)
@click.option(
    "--cluster",
    "cluster_stage",
    default="default",
    show_default=True,
    help="Clustering stage: default, or 'single' for one story.",
)
@click.option(
    "--dedup",
    "dedup_stage",
    default="minhash",
    show_default=True,
    help="Near-duplicate stage: minhash or none.",
)
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="local",
    default=None,
    metavar="[ADDRESS]",
    help="Run on a Ray cluster (needs the 'ray' extra): HOST:PORT of its head, or no "
    "ADDRESS to start a local Ray runtime for the run. Same output as without.",
)
@common
def brief(
    paths: tuple[Path, ...],
    fmt: str,
    summary_sentences: int,
    summary_words: int | None,
    spacy_model: str,
    embeddings: bool,
    summary_stage: str,
    cluster_stage: str,
    dedup_stage: str,
    ray_address: str | None,
    db: str | None,
    max_bytes: int,
    max_chars: int,
    languages: str,
    quiet: bool,
    output: str | None,
) -> None:
    """Write one cross-checked brief per story found in PATHS."""
    _check_paths(output, db)
    options = dict(
        db=db,
        max_bytes=max_bytes,
        max_chars=max_chars,
        languages=languages,
        quiet=quiet,
        summary_sentences=summary_sentences,
        summary_words=summary_words,
        spacy_model=spacy_model,
        embeddings=embeddings,
        summary=summary_stage,
        cluster=cluster_stage,
        dedup=dedup_stage,
        ray=ray_address,
    )
    result = _call(lambda: api.brief(list(paths), **options))
    _finish(result, lambda r: api.render(r, fmt), output, quiet)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "md"]),
    default="json",
    show_default=True,
    help="Output format.",
)
@common
def cluster(
    paths: tuple[Path, ...],
    fmt: str,
    db: str | None,
    max_bytes: int,
    max_chars: int,
    languages: str,
    quiet: bool,
    output: str | None,
) -> None:
    """Sort the articles in PATHS into stories (events) and mark near-copies."""
    _check_paths(output, db)
    options = dict(
        db=db, max_bytes=max_bytes, max_chars=max_chars, languages=languages, quiet=quiet
    )
    result = _call(lambda: api.cluster(list(paths), **options))
    _finish(result, lambda r: _cluster_text(r, fmt), output, quiet)


def _cluster_text(result: Json, fmt: str) -> str:
    if fmt == "json":
        return api.render({**result, "stories": result["stories"]}, "json")
    titles = {a["id"]: a for a in result["articles"]}
    lines = []
    for s in result["stories"]:
        lines.append(f"## {s['title']} ({len(s['articles'])} articles)\n")
        for aid in s["articles"]:
            a = titles[aid]
            copy = f" (copy of {a['duplicate_of']})" if a.get("duplicate_of") else ""
            wire = f" ({a['wire']} wire story)" if a.get("wire") else ""
            lines.append(f"- {a['title'] or aid} `{a['path'] or aid}`{copy}{wire}")
        lines.append("")
    return "\n".join(lines) + "\n"


@main.group()
def store() -> None:
    """Look after a --db store: remove articles from it, check it for damage."""


@store.command("remove")
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store.")
@click.option("--quiet", "-q", is_flag=True, help="No notes on stderr.")
@click.argument("ids", nargs=-1, required=True)
def store_remove(db: str, quiet: bool, ids: tuple[str, ...]) -> None:
    """Remove articles (by id, or by the path they were read from) from the store.

    Their parses, key terms and story membership go too; a story left
    without articles disappears, and one that keeps some is built again
    from them (its next revision). Exit code 1 when an ID matches nothing.
    """
    result = _call(lambda: api.store_remove(db, list(ids), quiet=quiet))
    for aid in result["removed"]:
        click.echo(f"removed {aid}")
    for sid in result["stories_removed"]:
        click.echo(f"story {sid} is gone (no articles left)")
    for sid in result["stories_rebuilt"]:
        click.echo(f"story {sid} built again from the articles it keeps (a new revision)")
    for ref in result["not_found"]:
        click.echo(f"storyline: no stored article has id or path {ref!r}", err=True)
    if result["not_found"]:
        sys.exit(1)


@store.command("check")
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store.")
@click.option("--fix", is_flag=True, help="Delete orphaned rows and cluster articles in no story.")
@click.option("--quiet", "-q", is_flag=True, help="No notes on stderr.")
def store_check(db: str, fix: bool, quiet: bool) -> None:
    """Check the store: SQLite integrity, orphaned rows, articles in no story.

    Prints one line per problem; exit code 1 when any is left.
    """
    result = _call(lambda: api.store_check(db, fix=fix, quiet=quiet))
    for p in result["problems"]:
        click.echo(f"{p['kind']}: {p['count']} {p['what']}")
    for kind, n in result["fixed"].items():
        click.echo(f"fixed {kind}: {n}")
    if result["ok"]:
        click.echo(f"ok: {db}")
    else:
        sys.exit(1)


@main.command()
@click.argument("story_id")
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store.")
@click.option(
    "--since",
    help="Only what changed after TIME: an ISO date or date-time (UTC unless it gives an"
    " offset), or an age such as 90s, 15m, 2h, 3d, 1w. Default: every revision.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "md"]),
    default="md",
    show_default=True,
    help="Output format.",
)
def changes(story_id: str, db: str, since: str | None, fmt: str) -> None:
    """What changed in a stored story, revision by revision: new statements, sources,
    quotes and figures, figures updated, conflicts opened or resolved, articles added."""
    from storyline.stories.changes import render_md

    result = _call(lambda: api.changes(db, story_id, since=since))
    text = json.dumps(result, ensure_ascii=False, indent=2) + "\n" if fmt == "json" else None
    sys.stdout.write(text or render_md(result))


@main.command()
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "md"]),
    default="md",
    show_default=True,
    help="Output format.",
)
def stories(db: str, fmt: str) -> None:
    """List the stored stories, newest-updated first, with their latest revision."""
    from storyline.stories.changes import render_stories_md

    listed = _call(lambda: {"stories": api.stored_stories(db)})["stories"]
    if fmt == "json":
        sys.stdout.write(json.dumps(listed, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_stories_md(listed))


@main.command()
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store to serve.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on.",
)
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(min=1), help="Server processes."
)
@click.option(
    "--warm",
    default=4000,
    show_default=True,
    type=click.IntRange(min=0),
    help="Render the pages of this many newest stories ahead of their first request.",
)
def serve(db: str, host: str, port: int, workers: int, warm: int) -> None:
    """Serve the stored stories: web pages, a JSON API (/openapi.json), Atom feeds.

    Reads the store without locking it, so runs and watchers can write meanwhile.
    """
    from storyline.serve.app import serve as run_server

    if not is_url(db) and not Path(db).is_file():
        raise click.UsageError(f"[E104] --db {db}: no database there; give the file a run wrote")
    _call(lambda: run_server(db, host, port, workers, warm))


@store.command("feeds")
@click.option("--db", required=True, type=click.Path(dir_okay=False), help="The store.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def store_feeds(db: str, fmt: str) -> None:
    """List the feeds `fetch`/`watch` read into the store and the failures waiting to retry."""
    result = _call(lambda: api.feed_state(db))
    if fmt == "json":
        click.echo(api.render(result, "json").rstrip("\n"))
        return
    for f in result["feeds"]:
        click.echo(
            f"feed {f['url']}: {f['title'] or '-'}; {f['seen']} items; read {f['checked_at']}"
        )
    counts = ", ".join(f"{n} {status}" for status, n in sorted(result["items"].items()))
    click.echo(f"items: {counts or 'none'}")
    for f in result["failures"]:
        click.echo(
            f"failed {f['kind']} {f['url']}: {f['reason']} ({f['attempts']} time"
            f"{'s' * (f['attempts'] != 1)} since {f['first_failed']}; retry at {f['retry_at']})"
        )


def feed_command(f: Any) -> Any:
    """Options `fetch` and `watch` share."""
    f = click.option(
        "--db",
        required=True,
        type=click.Path(dir_okay=False),
        help="Store the articles, stories and feed state go to: a SQLite file (created if "
        "absent) or a postgresql:// URL.",
    )(f)
    f = click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help="text: one line per pass on stderr; json: the pass's report on stdout.",
    )(f)
    f = click.option(
        "--analyse/--no-analyse",
        default=True,
        show_default=True,
        help="Build each touched story's brief and revision, as `brief --db` does; "
        "--no-analyse only stores and clusters (much faster).",
    )(f)
    f = click.option(
        "--delay",
        type=click.FloatRange(min=0),
        default=1.0,
        show_default=True,
        help="Seconds between two requests to one host (a longer robots.txt Crawl-delay wins).",
    )(f)
    f = click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=20.0,
        show_default=True,
        help="Seconds a request may take to connect or between two reads.",
    )(f)
    f = click.option(
        "--retry-after",
        default="5m",
        show_default=True,
        help="Wait before a failed feed or page is tried again (doubles per failure, at most "
        "a day).",
    )(f)
    f = click.option(
        "--max-bytes",
        type=click.IntRange(min=1),
        default=10_000_000,
        show_default=True,
        help="Largest feed or page read.",
    )(f)
    return article_limits(f)


def _feed_call(kw: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """Config options and FeedOptions from the shared options of fetch and watch."""
    from storyline.ingest.feeds import FeedOptions, FetchOptions, parse_duration

    _check_paths(None, kw["db"])
    try:
        retry = parse_duration(kw["retry_after"])
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--retry-after") from e
    fetch_opts = FetchOptions(
        timeout=kw["timeout"], host_delay=kw["delay"], max_bytes=kw["max_bytes"]
    )
    feed_opts = FeedOptions(retry_after=retry, max_chars=kw["max_chars"], fetch=fetch_opts)
    options = dict(max_bytes=kw["max_bytes"], max_chars=kw["max_chars"], languages=kw["languages"])
    return options, feed_opts


def _show_pass(report: Json, fmt: str, one_line: bool) -> None:
    import json

    from storyline.ingest.feeds import detail_lines, summary_line

    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=None if one_line else 2))
        sys.stdout.flush()
        return
    click.echo(f"storyline: {summary_line(report)}", err=True)
    for line in detail_lines(report):
        click.echo(line, err=True)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@feed_command
def fetch(sources: tuple[str, ...], db: str, fmt: str, analyse: bool, **kw: Any) -> None:
    """Read SOURCES once into the store: feed URLs (RSS/Atom), feed files, files of URLs.

    New items become articles, stored and clustered into the stored stories as
    files are; an item whose feed carries only a teaser is read from its page.
    Failures are recorded and retried by the next run. Exit code 1 when a
    source (a feed, a list) could not be read.
    """
    options, feed_opts = _feed_call({"db": db, **kw})
    report = _call(
        lambda: api.fetch(list(sources), db, analyse=analyse, feed_options=feed_opts, **options)
    )
    _show_pass(report, fmt, one_line=False)
    if any(s["status"] == "failed" for s in report["sources"]):
        sys.exit(1)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--every", default="15m", show_default=True, help="Time between passes (30s, 15m, 1h)."
)
@feed_command
def watch(
    sources: tuple[str, ...], every: str, db: str, fmt: str, analyse: bool, **kw: Any
) -> None:
    """Read SOURCES again and again into the store, until Ctrl-C or SIGTERM.

    As `fetch`, once per --every; --format json writes one report per line.
    Ctrl-C or SIGTERM stops between items (a second one at once): what was
    not stored yet is read again by the next run.
    """
    from storyline.ingest.feeds import parse_duration

    options, feed_opts = _feed_call({"db": db, **kw})
    try:
        seconds = parse_duration(every)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--every") from e
    stop = SignalledStop()
    caught: list[int] = []

    def on_signal(signum: int, frame: Any) -> None:
        if caught:  # the second one stops at once
            raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt
        caught.append(signum)
        stop.set()

    main_thread = threading.current_thread() is threading.main_thread()
    previous = (
        {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        if main_thread
        else {}
    )
    try:
        _call(
            lambda: api.watch(
                list(sources),
                db,
                seconds,
                lambda r: _show_pass(r, fmt, one_line=True),
                analyse=analyse,
                feed_options=feed_opts,
                stop=stop,
                **options,
            )
        )
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    if caught:
        raise Terminated if caught[0] == signal.SIGTERM else KeyboardInterrupt


def _check_paths(output: str | None, db: str | None) -> None:
    """Refuse before any work a place the result or the store cannot go."""
    for option, path in (("-o", output), ("--db", db)):
        if not path or (option == "--db" and is_url(path)):  # a server is checked on opening
            continue
        folder = Path(path).parent
        code = "E106" if option == "-o" else "E107"
        if not folder.is_dir():
            raise click.UsageError(
                f"[{code}] {option} {path}: directory {str(folder)!r} does not exist;"
                " create it first or give another path"
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise click.UsageError(f"[{code}] {option} {path}: cannot write in {str(folder)!r}")


def _call(fn: Any) -> Json:
    try:
        return fn()
    except StorylineError as e:
        if e.code in RETRYABLE:
            _runtime_error(str(e))
        raise click.UsageError(str(e)) from e
    except sqlite3.OperationalError as e:  # the store's own mapping missed one
        if "locked" in str(e) or "busy" in str(e):
            _runtime_error(f"[E105] the store stayed locked by another process: {e}; run again")
        raise


def _runtime_error(message: str) -> NoReturn:
    click.echo(f"storyline: error: {message}", err=True)
    sys.exit(3)


def _write_atomic(path: str, text: str) -> None:
    """Write a file whole or not at all: a temporary file beside it, then a rename."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _finish(result: Json, present: Any, output: str | None, quiet: bool) -> None:
    try:
        text = present(result)
    except StorylineError as e:
        raise click.UsageError(str(e)) from e
    if output:
        _write_atomic(output, text)
    else:
        sys.stdout.write(text)
    rejected = result.get("rejected", [])
    if rejected and not quiet:
        click.echo(f"storyline: {len(rejected)} input(s) rejected:", err=True)
        for r in rejected:
            click.echo(f"  {r['path']}: {r['reason']} [{r['code']}]", err=True)
    if not result["articles"]:
        click.echo("storyline: no article could be read from the inputs given", err=True)
        sys.exit(1)
    if output and not quiet:
        n = len(result["stories"])
        click.echo(
            f"storyline: {len(result['articles'])} articles, {n} stories -> {output}", err=True
        )


if __name__ == "__main__":
    main()
