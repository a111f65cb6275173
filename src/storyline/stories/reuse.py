"""Stories whose articles did not change are read back from the store, not rebuilt.

A story's brief is a function of its articles (their text and metadata, in
order), the options of the run and the code that builds it. With `--db` each
built story is remembered under a key of all three (`remember`); a later run
whose story has the same key, and whose stored latest revision is still the
one that build produced, takes the story from the store (`stored`) and neither
parses its articles nor runs a per-story stage on them. A warm run over an
unchanged store therefore costs reading, clustering and the store's reads.

Any change rebuilds: an article added or removed, a title or date corrected,
another option (a stage, a summary length, the spaCy model), or another
version of storyline's code (a digest of its source files, so that an edited
checkout does not serve stale stories). The story JSON read back is the one
the build wrote, so the output is byte-identical to rebuilding.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from storyline.config import Config
from storyline.model import Article, Story
from storyline.store.sqlite import Store

# options that change where a run reads from or writes to, or how it shows
# progress, never what a story says
RUN_ONLY = {"db", "quiet", "workers", "ray"}
PREFIX = "build:"  # meta rows "build:STORY_ID": the story's last remembered build


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the package's source, schema and template files."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".json", ".html", ".css", ".js"}:
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def build_key(cfg: Config, group: Sequence[Article]) -> str:
    """What a story's brief depends on: the code, the options and its articles, in order."""
    options = {k: v for k, v in asdict(cfg).items() if k not in RUN_ONLY}
    text = json.dumps(
        [code_digest(), options, [a.to_dict() for a in group]],
        sort_keys=True,
        ensure_ascii=False,
        default=list,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stored(
    store: Store, groups: Sequence[tuple[str, list[Article]]], cfg: Config
) -> dict[str, Story]:
    """`{story_id: story}` for the groups a remembered build still holds in the store."""
    builds = store.meta_values([PREFIX + sid for sid, _ in groups])
    if not builds:
        return {}
    heads = store.story_heads([sid for sid, _ in groups])
    out: dict[str, Story] = {}
    for sid, group in groups:
        build = json.loads(builds.get(PREFIX + sid, "{}"))
        head = heads.get(sid)
        if (
            head is None
            or build.get("digest") != head[1]
            or build.get("key") != build_key(cfg, group)
        ):
            continue
        latest = store.story_revision(sid, head[0])
        if latest is not None:
            out[sid] = Story.from_dict(latest["story"])
    return out


def remember(
    store: Store, stories: Sequence[Story], groups: Sequence[tuple[str, list[Article]]], cfg: Config
) -> None:
    """Remember each story built now under its build key, with the digest of its JSON.

    Only stories whose latest stored revision is this build's content count
    (a story another run changed meanwhile is not remembered).
    """
    from storyline.stories.changes import digest

    group_of = dict(groups)
    heads = store.story_heads([s.id for s in stories])
    values = {}
    for story in stories:
        dig = digest(story.to_dict())
        if story.id in group_of and heads.get(story.id, (0, ""))[1] == dig:
            build = {"key": build_key(cfg, group_of[story.id]), "digest": dig}
            values[PREFIX + story.id] = json.dumps(build)
    if values:
        store.set_meta_values(values)
