"""Stories that evolve: revisions of a stored story and what changed between them.

After a run with a store, every story it built whose content differs from the
story's latest revision is saved as the next revision (`record_revisions`),
with the change log from the one before (`diff`). Items are matched across
revisions by content, never by list position: a statement by its citations
(an article's text and offsets never change) or its text, a quote by its
occurrences or its text and speaker, a figure by what it measures, a conflict
by its kind and its values or citations.

    >>> old = {"articles": ["a"], "statements": [], "quotes": [], "figures": [],
    ...        "conflicts": []}
    >>> new = {**old, "articles": ["a", "b"]}
    >>> [c["kind"] for c in diff(old, new, revision=2, at="2026-03-11T08:00:00.000+00:00")]
    ['article_added']

Each change names what (`kind`, `text`, `what`: one line for a person), the
sources involved (`sources`: article id, outlet, title) and the revision
(`revision`, `at`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from storyline.errors import StorylineError
from storyline.model import Json

if TYPE_CHECKING:
    from storyline.model import Brief
    from storyline.store.sqlite import Store

KINDS = (
    "story_opened",
    "article_added",
    "article_removed",
    "statement_added",
    "statement_sources_added",
    "statement_removed",
    "quote_added",
    "quote_sources_added",
    "quote_removed",
    "figure_added",
    "figure_updated",
    "figure_sources_added",
    "figure_removed",
    "conflict_opened",
    "conflict_changed",
    "conflict_resolved",
    "revised",
)
TOP_ENTITIES = 5  # entity names a story list shows

Key = tuple[str, int, int]  # (article, start, end) of a citation


def now() -> str:
    """The time of a revision: UTC, milliseconds (two runs in one second stay ordered)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def digest(story: Json) -> str:
    """A hash of a story's JSON: equal for equal content, whatever the key order."""
    text = json.dumps(story, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- the change log -------------------------------------------------------------------------


def diff(
    old: Json | None,
    new: Json,
    revision: int,
    at: str,
    articles: Mapping[str, Json] | None = None,
) -> list[Json]:
    """What changed from story JSON `old` to `new` (`old` None: the story is new).

    `articles` gives each article's JSON (for its outlet and title); an
    article missing there is named by its id alone.
    """
    meta = articles or {}

    def change(kind: str, text: str, what: str, ids: Iterable[str], **extra: Any) -> Json:
        return {
            "kind": kind,
            "revision": revision,
            "at": at,
            "text": text,
            "what": what,
            "sources": _sources(ids, meta),
            **extra,
        }

    if old is None:
        ids = list(new["articles"])
        n = len(ids)
        what = f"story opened with {n} article{'s' * (n != 1)}"
        return [change("story_opened", new.get("title", ""), what, ids)]
    out: list[Json] = []
    before, after = list(old["articles"]), list(new["articles"])
    for aid in after:
        if aid not in before:
            title = meta.get(aid, {}).get("title") or aid
            out.append(change("article_added", title, f"article added: {title}", [aid]))
    for aid in before:
        if aid not in after:
            title = meta.get(aid, {}).get("title") or aid
            out.append(change("article_removed", title, f"article removed: {title}", [aid]))

    def named(ids: Iterable[str]) -> str:
        return source_names(_sources(ids, meta))

    out += _statements(old.get("statements", []), new.get("statements", []), change, named)
    out += _quotes(old.get("quotes", []), new.get("quotes", []), change)
    out += _figures(old.get("figures", []), new.get("figures", []), change)
    out += _conflicts(old.get("conflicts", []), new.get("conflicts", []), change)
    if not out and digest(old) != digest(new):
        what = "the story was rebuilt with other wording (summary, timeline or entities)"
        out.append(change("revised", new.get("title", ""), what, []))
    return out


def _statements(
    old: list[Json], new: list[Json], change: Any, named: Callable[[Iterable[str]], str]
) -> list[Json]:
    """Statements added, statements with new sources, statements no longer made.

    A new statement continues every old one it shares a cited sentence with
    (or its words); the one sharing most is the one it was, for the support
    before and, when the wording shown changed, for the words it had. Where
    sources of the one it was are no longer cited for it (a statement split,
    its other sentences now stating something else), the change names them:
    "(3 -> 2)" alone read as sources lost for nothing.
    """
    out = []
    matched: set[int] = set()
    old_keys = [_keys(o["citations"]) for o in old]
    for s in new:
        keys, text = _keys(s["citations"]), _norm(s["text"])
        hits = [i for i, o in enumerate(old) if keys & old_keys[i] or _norm(o["text"]) == text]
        matched.update(hits)
        had = {a for i in hits for a in _articles(old[i]["citations"])}
        fresh = [a for a in _articles(s["citations"]) if a not in had]
        if not hits:
            what = f"new statement ({_n(s['support'], 'source')}): {s['text']}"
            out.append(change("statement_added", s["text"], what, fresh, support=[0, s["support"]]))
        elif fresh:
            was = old[max(hits, key=lambda i: (len(keys & old_keys[i]), -i))]
            what = f"new source for a statement ({was['support']} -> {s['support']}): {s['text']}"
            if _norm(was["text"]) != text:
                what += f" (shown before as: {was['text']})"
            now = set(_articles(s["citations"]))
            left = [a for a in _articles(was["citations"]) if a not in now]
            if left:
                what += f"; no longer cited for it: {named(left)}"
            support = [was["support"], s["support"]]
            out.append(change("statement_sources_added", s["text"], what, fresh, support=support))
    for i, o in enumerate(old):
        if i not in matched:
            what = f"statement no longer made: {o['text']}"
            out.append(change("statement_removed", o["text"], what, _articles(o["citations"])))
    return out


def _quote_keys(q: Json) -> set[Key]:
    return {(o["article"], int(o["start"]), int(o["end"])) for o in q.get("occurrences", [])}


def _quotes(old: list[Json], new: list[Json], change: Any) -> list[Json]:
    out = []
    matched: set[int] = set()
    for q in new:
        keys, text, who = _quote_keys(q), _norm(q["text"]), q.get("speaker")
        hits = [
            i
            for i, o in enumerate(old)
            if keys & _quote_keys(o) or (_norm(o["text"]) == text and o.get("speaker") == who)
        ]
        matched.update(hits)
        had = {o["article"] for i in hits for o in old[i].get("occurrences", [])}
        ids = list(dict.fromkeys(o["article"] for o in q.get("occurrences", [])))
        fresh = [a for a in ids if a not in had]
        by = f" ({who})" if who else ""
        if not hits:
            what = f"new quote{by}: \u201c{q['text']}\u201d"
            out.append(change("quote_added", q["text"], what, fresh, speaker=who))
        elif fresh:
            what = f"quote{by} carried by {_n(len(fresh), 'more source')}: \u201c{q['text']}\u201d"
            out.append(change("quote_sources_added", q["text"], what, fresh, speaker=who))
    for i, o in enumerate(old):
        if i not in matched:
            who = o.get("speaker")
            by = f" ({who})" if who else ""
            what = f"quote{by} no longer carried: \u201c{o['text']}\u201d"
            ids = list(dict.fromkeys(x["article"] for x in o.get("occurrences", [])))
            out.append(change("quote_removed", o["text"], what, ids, speaker=who))
    return out


def _values(f: Json) -> list[Json]:
    return [{"value": v["value"], "sources": _articles(v["citations"])} for v in f["values"]]


def _figures(old: list[Json], new: list[Json], change: Any) -> list[Json]:
    out = []
    before = {f["measure"]: f for f in old}
    after = {f["measure"]: f for f in new}
    for measure, f in after.items():
        ids = _articles([c for v in f["values"] for c in v["citations"]])
        shown = "; ".join(v["value"] for v in f["values"])
        o = before.get(measure)
        if o is None:
            what = f"new figure, {measure}: {shown}"
            out.append(change("figure_added", measure, what, ids, after=_values(f)))
            continue
        had = set(_articles([c for v in o["values"] for c in v["citations"]]))
        fresh = [a for a in ids if a not in had]
        if [_norm(v["value"]) for v in o["values"]] != [_norm(v["value"]) for v in f["values"]]:
            was = "; ".join(v["value"] for v in o["values"])
            what = f"figure updated, {measure}: {was} -> {shown}"
            extra = {"before": _values(o), "after": _values(f)}
            out.append(change("figure_updated", measure, what, fresh or ids, **extra))
        elif fresh:
            what = f"figure given by {_n(len(fresh), 'more source')}, {measure}: {shown}"
            out.append(change("figure_sources_added", measure, what, fresh, after=_values(f)))
    for measure, o in before.items():
        if measure not in after:
            ids = _articles([c for v in o["values"] for c in v["citations"]])
            what = f"figure no longer given, {measure}"
            out.append(change("figure_removed", measure, what, ids, before=_values(o)))
    return out


def _sides(c: Json) -> list[Json]:
    return [{"value": s["value"], "sources": _articles(s["citations"])} for s in c["sides"]]


def _conflict_keys(c: Json) -> set[Key]:
    return _keys([x for s in c["sides"] for x in s["citations"]])


def _conflict_values(c: Json) -> set[str]:
    return {_norm(s["value"]) for s in c["sides"]}


def _conflicts(old: list[Json], new: list[Json], change: Any) -> list[Json]:
    out = []
    matched: set[int] = set()
    for c in new:
        values, keys = _conflict_values(c), _conflict_keys(c)
        hits = [
            i
            for i, o in enumerate(old)
            if o["kind"] == c["kind"]
            and (_conflict_values(o) == values or keys & _conflict_keys(o))
        ]
        matched.update(hits)
        ids = _articles([x for s in c["sides"] for x in s["citations"]])
        if not hits:
            what = f"conflict opened ({c['kind']}): {c['description']}"
            out.append(change("conflict_opened", c["description"], what, ids, after=_sides(c)))
        elif all(_conflict_values(old[i]) != values for i in hits):
            o = old[hits[0]]
            what = f"conflict changed ({c['kind']}): {o['description']} -> {c['description']}"
            extra = {"before": _sides(o), "after": _sides(c)}
            out.append(change("conflict_changed", c["description"], what, ids, **extra))
    for i, o in enumerate(old):
        if i not in matched:
            ids = _articles([x for s in o["sides"] for x in s["citations"]])
            what = f"conflict resolved ({o['kind']}): {o['description']}"
            out.append(change("conflict_resolved", o["description"], what, ids, before=_sides(o)))
    return out


def _keys(citations: Iterable[Json]) -> set[Key]:
    return {(c["article"], int(c["start"]), int(c["end"])) for c in citations}


def _articles(citations: Iterable[Json]) -> list[str]:
    return list(dict.fromkeys(c["article"] for c in citations))


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _n(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"


def source_names(sources: list[Json]) -> str:
    """A change's sources as a reader names them: outlet, else title, else article id."""
    return ", ".join(dict.fromkeys(s["source"] or s["title"] or s["article"] for s in sources))


def _sources(ids: Iterable[str], meta: Mapping[str, Json]) -> list[Json]:
    return [
        {
            "article": a,
            "source": meta.get(a, {}).get("source"),
            "title": meta.get(a, {}).get("title"),
        }
        for a in dict.fromkeys(ids)
    ]


# -- saving revisions -----------------------------------------------------------------------


def record_revisions(
    store: Store, result: Brief, source_of: Mapping[str, str], at: str | None = None
) -> tuple[list[str], list[str]]:
    """Save each story of `result` whose content changed as its next revision.

    Call it holding the store's writer lock. A story whose stored membership
    is no longer the set of articles it was built from (a later run added to
    it while this one parsed) is not saved: its revision would be older than
    what the store holds, and the run that changed it saves its own.
    Returns `(story ids saved, story ids skipped as outdated)`.
    """
    at = at or now()
    meta = {a.id: a.to_dict() for a in result.articles}
    stories = [s.to_dict() for s in result.stories]
    members = store.story_members([s["id"] for s in stories])
    heads = store.story_heads([s["id"] for s in stories])
    rows, saved, outdated = [], [], []
    for story in stories:
        sid = story["id"]
        if set(members.get(sid, [])) != set(story["articles"]):
            outdated.append(sid)
            continue
        head = heads.get(sid)
        dig = digest(story)
        if head and head[1] == dig:
            continue
        latest = store.story_revision(sid) if head else None
        old = latest["story"] if latest else None
        rev = head[0] + 1 if head else 1
        rows.append(
            {
                "story_id": sid,
                "revision": rev,
                "created_at": at,
                "digest": dig,
                "title": story["title"],
                "date": story["date"],
                "article_ids": story["articles"],
                "n_articles": len(story["articles"]),
                "n_sources": len({source_of.get(a, a) for a in story["articles"]}),
                "n_statements": len(story["statements"]),
                "n_conflicts": len(story["conflicts"]),
                "entities": top_entities(story),
                "story": story,
                "changes": diff(old, story, rev, at, meta),
            }
        )
        saved.append(sid)
    if rows:
        store.add_story_revisions(rows)
    return saved, outdated


def top_entities(story: Json, k: int = TOP_ENTITIES) -> list[str]:
    """The names of the `k` entities mentioned most (ties by name)."""
    ents = sorted(story.get("entities", []), key=lambda e: (-len(e.get("mentions", [])), e["name"]))
    return list(dict.fromkeys(e["name"] for e in ents))[:k]  # one name may carry two labels


# -- "since" --------------------------------------------------------------------------------

RELATIVE = re.compile(r"^\s*(\d+)\s*(s|m|h|d|w)\s*$", re.IGNORECASE)
UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str | datetime, now_: datetime | None = None) -> str:
    """A time given by a person as the ISO UTC form revisions are stamped with.

    An ISO date or date-time (`2026-03-10`, `2026-03-10T14:00`, with or without
    an offset; without one it is UTC), or an age: `90s`, `15m`, `2h`, `3d`, `1w`;
    from Python also a `datetime` (naive: UTC).
    """
    now_ = now_ or datetime.now(timezone.utc)
    m = RELATIVE.match(text) if isinstance(text, str) else None
    if isinstance(text, datetime):
        when = text if text.tzinfo else text.replace(tzinfo=timezone.utc)
    elif m:
        when = now_ - timedelta(**{UNITS[m.group(2).lower()]: int(m.group(1))})
    else:
        try:
            when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        except ValueError:
            raise StorylineError(
                "E108",
                f"--since {text!r} is not a time: give an ISO date or date-time"
                " (2026-03-10, 2026-03-10T14:00, 2026-03-10T14:00+01:00)"
                " or an age such as 90s, 15m, 2h, 3d, 1w",
            ) from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).isoformat(timespec="milliseconds")


# -- the contract ---------------------------------------------------------------------------


def schema() -> Json:
    """The JSON Schema of `api.changes` (`schema/changes.schema.json`)."""
    from importlib import resources

    path = resources.files("storyline").joinpath("schema/changes.schema.json")
    return dict(json.loads(path.read_text("utf-8")))


def schema_errors(result: Json) -> list[str]:
    """Every way `result` breaks the changes schema, as 'path: message' lines."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in sorted(validator.iter_errors(result), key=lambda e: list(e.absolute_path))
    ]


# -- presenting -----------------------------------------------------------------------------


def render_md(result: Json) -> str:
    """The changes of `api.changes` as Markdown: one section per revision."""
    since = f" since {result['since']}" if result["since"] else ""
    lines = [
        f"# Changes{since}: {result['title']}",
        "",
        f"_story {result['id']} \u00b7 revision {result['revision']} \u00b7 "
        f"updated {result['updated_at']}_",
        "",
    ]
    if not result["revisions"]:
        lines += [f"No changes{since or ' recorded'}.", ""]
    for rev in result["revisions"]:
        n = rev["articles"]
        lines += [f"## Revision {rev['revision']} \u2014 {rev['at']} ({_n(n, 'article')})", ""]
        for c in rev["changes"]:
            names = source_names(c["sources"])
            lines.append(f"- {c['what']}" + (f" \u2014 {names}" if names else ""))
        lines.append("")
    return "\n".join(lines)


def render_stories_md(stories: Sequence[Json]) -> str:
    """The story list of `api.stored_stories` as a Markdown table."""
    if not stories:
        return "No stored stories.\n"
    lines = [
        "| Story | Title | Updated | Rev. | Articles | Sources | Conflicts |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in stories:
        title = s["title"].replace("|", "\\|")
        lines.append(
            f"| {s['id']} | {title} | {s['updated_at']} | {s['revision']} | {s['articles']}"
            f" | {s['sources']} | {s['conflicts']} |"
        )
    return "\n".join(lines) + "\n"
