"""A story's change log (`api.changes`) as HTML for its page and as feed entries.

The log is `{"id", "title", "since", "revision", "updated_at", "revisions":
[{"revision", "at", "title", "articles", "changes": [{"kind", "what", "sources",
...}]}]}` (see `stories/changes.py`); each change's sources are shown as the
story page's numbered markers where the story still holds the article.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from storyline.model import Json
from storyline.report.render import StoryView, plural

# how a revision's changes are counted in a feed entry's title
HEADLINE = {
    "story_opened": ("story opened", "story opened"),
    "article_added": ("article added", "articles added"),
    "article_removed": ("article removed", "articles removed"),
    "statement_added": ("new statement", "new statements"),
    "statement_sources_added": ("statement with new sources", "statements with new sources"),
    "quote_added": ("new quote", "new quotes"),
    "figure_added": ("new figure", "new figures"),
    "figure_updated": ("figure updated", "figures updated"),
    "conflict_opened": ("conflict opened", "conflicts opened"),
    "conflict_resolved": ("conflict resolved", "conflicts resolved"),
}


def changes_html(log: Json, view: StoryView) -> str:
    """One list per revision since the chosen time, each change with its sources."""
    revs = log.get("revisions", [])
    if not revs:
        return f'<p class="none">No changes since {escape(str(log.get("since")))}.</p>'
    out = []
    for rev in reversed(revs):  # newest first: what a returning reader wants to see
        items = "".join(
            f'<li class="change {escape(c["kind"])}">{escape(c["what"])}{sources(c, view)}</li>'
            for c in rev["changes"]
        )
        out.append(
            f"<h3>Revision {rev['revision']} · {escape(when(rev['at']))} · "
            f'{plural(rev["articles"], "article")}</h3><ul class="items">{items}</ul>'
        )
    return "".join(out)


def when(stamp: str | None) -> str:
    """An ISO time as a person reads it: `2026-03-10 14:05 UTC` (unparsable: as given)."""
    from datetime import datetime, timezone

    if not stamp:
        return ""
    try:
        t = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return stamp
    if t.tzinfo is not None:
        t = t.astimezone(timezone.utc)
    return t.strftime("%Y-%m-%d %H:%M UTC")


def sources(change: Json, view: StoryView) -> str:
    names = []
    for s in change.get("sources", []):
        n = view.number.get(s["article"])
        name = escape(s.get("source") or s.get("title") or s["article"])
        names.append(f"[{n}] {name}" if n else name)
    return f' <span class="note">— {", ".join(names)}</span>' if names else ""


def revisions(log: Json) -> list[Json]:
    """Feed entries' material, newest first: `{"revision", "at", "since", "headline",
    "lines"}`; `since` is the revision before's time (its page shows this revision's
    changes), None for the first."""
    revs = log.get("revisions", [])
    out = []
    for i, rev in enumerate(revs):
        counts = Counter(c["kind"] for c in rev["changes"])
        parts = []
        for kind, n in counts.items():
            one, many = HEADLINE.get(kind, (kind.replace("_", " "), kind.replace("_", " ")))
            parts.append(one if kind == "story_opened" else f"{n} {one if n == 1 else many}")
        out.append(
            {
                "revision": rev["revision"],
                "at": rev["at"],
                "since": revs[i - 1]["at"] if i else None,
                "headline": f"revision {rev['revision']}: " + (", ".join(parts) or "no changes"),
                "lines": [c["what"] for c in rev["changes"]],
            }
        )
    return out[::-1]
