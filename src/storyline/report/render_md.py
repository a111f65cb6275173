"""`--format md`: the brief as a report a person reads top to bottom.

Per story: title, the summary with citation markers [1][2], key statements
with support counts, conflicts as a table, the figures table (what each
figure measures, every value with its sources), quotes by speaker, the timeline,
what each source adds or leaves out, and the numbered sources that the
markers point to. Empty sections say so ("None found.") rather than vanish,
so a reader knows the check was made.
"""

from __future__ import annotations

import re

from storyline.model import Json
from storyline.report.render import (
    NOTHING_APART,
    UPCOMING,
    StoryView,
    date_label,
    dissent,
    in_marks,
    plural,
    quote_words,
    safe_url,
)

NONE = "_None found._"
PER_SOURCE_ITEMS = 3  # items shown per source under "adds" and "leaves out"


def render_md(result: Json) -> str:
    out: list[str] = []
    views = StoryView.all(result)
    if not views:
        out += ["# storyline brief", "", "_No stories: no article could be used._", ""]
    for view in views:
        out += story_md(view)
    if result.get("rejected"):
        out += ["## Rejected inputs", ""]
        out += [
            f"- {code(r['path'])}: {md(r['reason'])} ({md(r['code'])})" for r in result["rejected"]
        ]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


MD_SPECIAL = re.compile(r"([\\`*_\[\]])")
ENTITY = re.compile(r"&(?=#?\w+;)")
LINE_START = re.compile(r"^(\s*)([#>+-]|=+|\d+[.)])(?=\s|$)")


def md(text: object) -> str:
    """Article text or metadata made inert in Markdown: shown as written, never markup.

    Article text and metadata are the user's input and may carry HTML (`<img
    onerror=...>`) or Markdown link syntax (`[x](javascript:...)`). HTML special
    characters become entities, Markdown punctuation is escaped with a backslash,
    and a line that would open a heading, list or quote block is escaped too,
    so any renderer shows the characters and runs nothing.
    """
    s = str(text)
    s = ENTITY.sub("&amp;", s).replace("<", "&lt;").replace(">", "&gt;")
    s = MD_SPECIAL.sub(r"\\\1", s)
    return "\n".join(LINE_START.sub(r"\1\\\2", line) for line in s.split("\n"))


def code(text: object) -> str:
    """A code span for a path or URL: a fence of backticks longer than any run inside."""
    s = " ".join(str(text).split())
    longest = max((len(r) for r in re.findall(r"`+", s)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if s.startswith("`") or s.endswith("`") or longest else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def marks(view: StoryView, citations: list[Json]) -> str:
    return "".join(f"[{c.number}]" for c in view.cites(citations))


def versions(view: StoryView, items: list[Json]) -> str:
    """Each value in bold with its sources' markers: a conflict's sides, a figure's values."""
    return "; ".join(
        f"**{cell(x['value'])}** {marks(view, x['citations'])}{relayed_md(view, x)}" for x in items
    )


def cell(text: str) -> str:
    """Text safe inside a Markdown table cell: inert (`md`), on one line, pipes escaped."""
    return md(" ".join(str(text).split())).replace("|", "\\|")


def story_md(view: StoryView) -> list[str]:
    s = view.story
    head = [f"# {md(s['title'])}", ""]
    meta = [x for x in (s.get("date"), view.count_line()) if x]
    head += ["_" + " · ".join(md(x) for x in meta) + "_", ""]
    return (
        head
        + summary_md(view)
        + statements_md(view)
        + descriptions_md(view)
        + conflicts_md(view)
        + figures_md(view)
        + quotes_md(view)
        + timeline_md(view)
        + per_source_md(view)
        + sources_md(view)
    )


def summary_md(view: StoryView) -> list[str]:
    items = view.summary()
    if not items:
        return ["## Summary", "", NONE, ""]
    para = " ".join(f"{md(s['text'])} {marks(view, cites)}" for s, cites in items)
    return ["## Summary", "", para, ""]


def statements_md(view: StoryView) -> list[str]:
    out = ["## Key statements", ""]
    sts = view.key_statements()
    if not sts:
        return [*out, NONE, ""]
    for st in sts:
        flag = " (single source)" if st["support"] <= 1 else ""
        disputes = view.disputes(st)
        said = dissent(
            disputes, lambda v, cites: f"“{cell(v)}” {marks(view, cites)}", lambda v: f"“{cell(v)}”"
        )
        against = f" (disputed: other sources say {said}; see the conflicts)" if disputes else ""
        who = view.whose_words(st)
        text = md(st["text"]) if who is None else f"{md(who)}: {md(in_marks(st['text']))}"
        out.append(
            f"- {text} — **{plural(st['support'], 'source')}**{flag} "
            f"{marks(view, st['citations'])}{relayed_md(view, st)}{against}"
        )
    return [*out, ""]


def relayed_md(view: StoryView, item: Json) -> str:
    """ " ([2][3] citing Fox News)" where sources of an item pass on another outlet's
    reporting (`StoryView.relayed`)."""
    said = view.relayed(item, md)
    return f" ({said})" if said else ""


def descriptions_md(view: StoryView) -> list[str]:
    """Who is who, in the words of the sources that agree on it (left out when none)."""
    groups = view.descriptions_by_person()
    if not groups:
        return []
    out = ["## Who is who, as the sources describe them", ""]
    for who, items in groups:
        for k, st in enumerate(items):
            words = "; ".join(f"“{cell(c.text)}” [{c.number}]" for c in view.cites(st["citations"]))
            count = f"**{plural(st['support'], 'source')}**"
            if k:  # more that sources agree on about the same person
                out.append(f"  - and {count}: {words}")
            elif who:
                out.append(f"- **{md(who)}**, {count}: {words}")
            else:
                out.append(f"- {count}: {words}")
    return [*out, ""]


def conflicts_md(view: StoryView) -> list[str]:
    out = ["## Conflicts between sources", ""]
    conflicts = view.story.get("conflicts", [])
    if not conflicts:
        return [*out, NONE, ""]
    out += ["| Kind | What differs | Versions |", "|---|---|---|"]
    for c in conflicts:
        out.append(
            f"| {cell(c['kind'])} | {cell(c['description'])} | {versions(view, c['sides'])} |"
        )
    return [*out, ""]


def figures_md(view: StoryView) -> list[str]:
    """Each figure the sources differ on or share, with every value and its sources."""
    out = ["## Figures", ""]
    figures = view.figures()
    if not figures:
        return [*out, NONE, ""]
    out += ["| What is measured | Values given |", "|---|---|"]
    for f in figures:
        out.append(f"| {cell(f['measure'])} | {versions(view, f['values'])} |")
    return [*out, ""]


def quotes_md(view: StoryView) -> list[str]:
    out = ["## Quotes", ""]
    groups = view.quotes_by_speaker()
    if not groups:
        return [*out, NONE, ""]
    for speaker, quotes in groups:
        out += [f"### {md(speaker)}", ""]
        for q in quotes:
            n = view.sources_count(q["occurrences"])
            extra = ""
            if q.get("variants"):
                extra = f"; worded differently {plural(len(q['variants']), 'time')}"
            frag = " (fragment)" if q.get("fragment") else ""
            out.append(
                f"- “{md(quote_words(q))}”{frag} — {plural(n, 'source')}{extra} "
                f"{marks(view, q['occurrences'])}{relayed_md(view, q)}"
            )
        out.append("")
    return out


def timeline_md(view: StoryView) -> list[str]:
    out = ["## Timeline", ""]
    events = view.story.get("timeline", [])
    if not events:
        return [*out, NONE, ""]
    for e in events:
        label = date_label(e["date"], e.get("granularity"))
        ahead = f" ({UPCOMING})" if e.get("upcoming") else ""
        out.append(f"- **{md(label)}**{ahead}: {md(e['text'])} {marks(view, e['citations'])}")
    return [*out, ""]


def per_source_md(view: StoryView) -> list[str]:
    per = view.story.get("per_source", {})
    out = ["## What each source adds or leaves out", ""]
    if not per:
        return [*out, NONE, ""]
    for n, art in view.sources():
        sv = per.get(art["id"])
        if not sv:
            continue
        out.append(f"**[{n}] {md(view.label(art['id']))}**")
        out.append("")
        if not sv.get("unique") and not sv.get("omits"):
            out.append(f"- {NOTHING_APART}")
        for key, word in (("unique", "Adds"), ("omits", "Leaves out")):
            items = sv.get(key, [])
            if not items:
                continue
            more = len(items) - PER_SOURCE_ITEMS
            tail = f" (and {more} more)" if more > 0 else ""
            shown = items[:PER_SOURCE_ITEMS]
            out.append(
                f"- {word}: "
                + " / ".join(f"{md(x['text'])} {marks(view, x['citations'])}" for x in shown)
                + tail
            )
        out.append("")
    return out


def sources_md(view: StoryView) -> list[str]:
    out = ["## Sources", ""]
    for n, a in view.sources():
        bits = [md(a.get("title") or a["id"])]
        bits += [md(x) for x in (a.get("source"), a.get("published")) if x]
        where = a.get("url") or a.get("path")
        link = safe_url(a.get("url"))
        if link:
            bits.append(f"[{code(link)}](<{link}>)")
        elif where:
            bits.append(code(where))
        if a.get("duplicate_of"):
            bits.append("copy of [{}]".format(view.number.get(a["duplicate_of"], "?")))
        note = view.wire_note(a)
        if note:
            bits.append(note)
        out.append(f"{n}. " + " · ".join(bits))
    return [*out, ""]
