"""The `storyline` command: parse options, call `api`, present. Nothing else lives here.

Exit codes: 0 when at least one article was read, 1 when none could be,
2 for a usage error (a bad option or value).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from storyline import __version__, api
from storyline.errors import StorylineError
from storyline.model import Json

FORMATS = ["json", "md", "html"]


def common(f: Any) -> Any:
    """Options every command that reads articles shares."""
    f = click.option(
        "--db",
        type=click.Path(dir_okay=False),
        help="SQLite file to store articles and parses in (created if absent).",
    )(f)
    f = click.option(
        "--max-bytes",
        type=click.IntRange(min=1),
        default=10_000_000,
        show_default=True,
        help="Reject input files larger than this.",
    )(f)
    f = click.option("--quiet", "-q", is_flag=True, help="No progress bar or notes on stderr.")(f)
    f = click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, writable=True),
        help="Write the result to FILE instead of stdout.",
    )(f)
    return f


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
    help="Use sentence embeddings (needs the 'embeddings' extra).",
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
@common
def brief(
    paths: tuple[Path, ...],
    fmt: str,
    summary_sentences: int,
    summary_words: int | None,
    spacy_model: str,
    embeddings: bool,
    cluster_stage: str,
    dedup_stage: str,
    db: str | None,
    max_bytes: int,
    quiet: bool,
    output: str | None,
) -> None:
    """Write one cross-checked brief per story found in PATHS."""
    options = dict(
        db=db,
        max_bytes=max_bytes,
        quiet=quiet,
        summary_sentences=summary_sentences,
        summary_words=summary_words,
        spacy_model=spacy_model,
        embeddings=embeddings,
        cluster=cluster_stage,
        dedup=dedup_stage,
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
    quiet: bool,
    output: str | None,
) -> None:
    """Sort the articles in PATHS into stories (events) and mark near-copies."""
    result = _call(lambda: api.cluster(list(paths), db=db, max_bytes=max_bytes, quiet=quiet))
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
            lines.append(f"- {a['title'] or aid} `{a['path'] or aid}`{copy}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _call(fn: Any) -> Json:
    try:
        return fn()
    except StorylineError as e:
        raise click.UsageError(str(e)) from e


def _finish(result: Json, present: Any, output: str | None, quiet: bool) -> None:
    try:
        text = present(result)
    except StorylineError as e:
        raise click.UsageError(str(e)) from e
    if output:
        Path(output).write_text(text, encoding="utf-8")
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
