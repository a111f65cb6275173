"""`--format html`: the brief as one self-contained page (no network needed to view it).

The same sections as the Markdown report, plus what a reader would rather see
than read: an SVG timeline and an SVG source x statement coverage matrix.
Every citation marker carries the exact text it cites; hovering or focusing
it shows that text, a click pins it open (`templates/report.js`). Styles and
script are inlined from `templates/` so the page is one file.
"""

from __future__ import annotations

import re
from html import escape
from importlib import resources

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

SECTION = re.compile(r'^<section class="([a-z-]+)">')
NONE = '<p class="none">None found.</p>'


def asset(name: str) -> str:
    return (resources.files("storyline.report") / "templates" / name).read_text(encoding="utf-8")


def e(text: object) -> str:
    return escape(str(text), quote=True)


def render_html(result: Json) -> str:
    views = StoryView.all(result)
    title = views[0].story["title"] if len(views) == 1 else "storyline brief"
    body = [story_html(v) for v in views] or ['<p class="none">No stories.</p>']
    if result.get("rejected"):
        items = "".join(
            f"<li><code>{e(r['path'])}</code>: {e(r['reason'])} ({e(r['code'])})</li>"
            for r in result["rejected"]
        )
        body.append(f'<section class="rejected"><h2>Rejected inputs</h2><ul>{items}</ul></section>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{asset('report.css')}</style></head>\n"
        f"<body><main>{''.join(body)}</main><script>{asset('report.js')}</script></body></html>\n"
    )


def relayed_html(view: StoryView, item: Json) -> str:
    """Which sources of an item pass on another outlet's reporting ("[2][3] citing Fox
    News", `StoryView.relayed`)."""
    said = view.relayed(item, e)
    title = "these sources pass on that outlet's reporting: not an independent confirmation"
    return f' <span class="relayed" title="{title}">{said}</span>' if said else ""


def cites_html(view: StoryView, citations: list[Json], verbatim: set[str] | None = None) -> str:
    """Markers [n]; each holds a popup with the source's name and the exact cited text."""
    out = []
    for c in view.cites(citations, every=True):
        how = ""
        if verbatim is not None:
            how = " (word for word)" if c.article in verbatim else " (in its own words)"
        out.append(
            f'<span class="cite" tabindex="0" data-source="{c.number}">[{c.number}]'
            f'<span class="tip" role="tooltip"><b>[{c.number}] {e(view.label(c.article))}{how}</b>'
            f"“{e(c.text)}”</span></span>"
        )
    return f'<span class="cites">{"".join(out)}</span>' if out else ""


def story_html(view: StoryView) -> str:
    s = view.story
    meta = " · ".join(x for x in (s.get("date"), view.count_line()) if x)
    parts = [
        f'<article class="story" id="{e(s["id"])}"><h1>{e(s["title"])}</h1>',
        f'<p class="meta">{e(meta)}</p>',
        summary_html(view),
        statements_html(view),
        descriptions_html(view),
        conflicts_html(view),
        figures_html(view),
        quotes_html(view),
        timeline_html(view),
        per_source_html(view),
        sources_html(view),
        "</article>",
    ]
    sid = e(s["id"])  # section anchors: #<story id>-timeline, ...
    return "\n".join(SECTION.sub(rf'<section class="\1" id="{sid}-\1">', p, 1) for p in parts)


def glue(html: str) -> str:
    """`html` kept on one line (citation markers never start a line of their own).

    A line may break between a full stop or a badge and a "[1]" marker, which
    leaves the markers alone at the start of the next line.
    """
    return f'<span class="glue">{html}</span>'


def glued(text: str, after: str) -> str:
    """Escaped `text` whose last word stays on one line with `after` (its markers)."""
    if not after:
        return e(text)
    head, space, last = text.rstrip().rpartition(" ")
    return f"{e(head)}{space}{glue(e(last) + after)}"


def summary_html(view: StoryView) -> str:
    items = view.summary()
    if not items:
        return f'<section class="summary"><h2>Summary</h2>{NONE}</section>'
    sents = " ".join(
        '<span class="sentence">'
        + glued(s["text"], cites_html(view, cites, {c["article"] for c in s["citations"]}))
        + "</span>"
        for s, cites in items
    )
    return f'<section class="summary"><h2>Summary</h2><p>{sents}</p></section>'


def statements_html(view: StoryView) -> str:
    sts = view.key_statements()
    if not sts:
        return f'<section class="statements"><h2>Key statements</h2>{NONE}</section>'
    rows = []
    for st in sts:
        cls = "badge single" if st["support"] <= 1 else "badge"
        others = view.disputes(st)
        said = dissent(
            others, lambda v, cites: glued(f"“{v}”", cites_html(view, cites)), lambda v: f"“{e(v)}”"
        )
        badges = f'<span class="{cls}">{plural(st["support"], "source")}</span>' + (
            ' <span class="badge disputed" title="other sources give another value: '
            'see the conflicts">disputed</span>'
            if others
            else ""
        )
        against = f' <span class="dissent">other sources say {said}</span>' if others else ""
        who = view.whose_words(st)
        text = e(st["text"]) if who is None else f"{e(who)}: {e(in_marks(st['text']))}"
        rows.append(
            f"<li>{text} {glue(badges + cites_html(view, st['citations']))}"
            f"{relayed_html(view, st)}{against}</li>"
        )
    return (
        '<section class="statements"><h2>Key statements</h2>'
        f'<ul class="items">{"".join(rows)}</ul>'
        "<h3>Which source carries which statement</h3>"
        f'<div class="figure coverage">{coverage_svg(view)}</div>'
        '<p class="note">Rows: the statements listed above, best-supported first; columns: '
        "the numbered sources; n: independent sources. A filled cell: the source states it "
        "(hover for its wording).</p></section>"
    )


def descriptions_html(view: StoryView) -> str:
    """Who is who, each source's words with its marker (left out when none)."""
    groups = view.descriptions_by_person()
    if not groups:
        return ""
    rows = []
    for who, items in groups:
        lines = []
        for st in items:
            first: dict[str, Json] = {}
            for cit in st["citations"]:
                first.setdefault(cit["article"], cit)
            words = "; ".join(
                glued(f"“{c.text}”", cites_html(view, [first[c.article]]))
                for c in view.cites(st["citations"])
            )
            badge = f'<span class="badge">{plural(st["support"], "source")}</span>'
            lines.append(f"{badge} {words}")
        name = f"<b>{e(who)}</b> " if who else ""
        more = "".join(f"<li>and {x}</li>" for x in lines[1:])
        rows.append(f"<li>{name}{lines[0]}" + (f"<ul>{more}</ul>" if more else "") + "</li>")
    return (
        '<section class="descriptions"><h2>Who is who, as the sources describe them</h2>'
        f'<ul class="items">{"".join(rows)}</ul></section>'
    )


def conflicts_html(view: StoryView) -> str:
    conflicts = view.story.get("conflicts", [])
    if not conflicts:
        return f'<section class="conflicts"><h2>Conflicts between sources</h2>{NONE}</section>'
    rows = []
    for c in conflicts:
        versions = "<br>".join(
            f'<span class="value">{e(side["value"])}</span> {cites_html(view, side["citations"])}'
            f"{relayed_html(view, side)}"
            for side in c["sides"]
        )
        rows.append(
            f"<tr><td>{e(c['kind'])}</td><td>{e(c['description'])}</td><td>{versions}</td></tr>"
        )
    return (
        '<section class="conflicts"><h2>Conflicts between sources</h2>'
        "<table><thead><tr><th>Kind</th><th>What differs</th><th>Versions</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def figures_html(view: StoryView) -> str:
    """The figures table: what each figure measures, every value with its source markers."""
    figures = view.figures()
    head = '<section class="figures"><h2>Figures</h2>'
    if not figures:
        return head + NONE + "</section>"
    rows = []
    for f in figures:
        values = "<br>".join(
            glue(f'<span class="value">{e(v["value"])}</span> ' + cites_html(view, v["citations"]))
            + relayed_html(view, v)
            for v in f["values"]
        )
        rows.append(f"<tr><td>{e(f['measure'])}</td><td>{values}</td></tr>")
    return (
        head + "<table><thead><tr><th>What is measured</th><th>Values given</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def quotes_html(view: StoryView) -> str:
    groups = view.quotes_by_speaker()
    if not groups:
        return f'<section class="quotes"><h2>Quotes</h2>{NONE}</section>'
    out = ['<section class="quotes"><h2>Quotes</h2>']
    for speaker, quotes in groups:
        items = []
        for q in quotes:
            n = view.sources_count(q["occurrences"])
            frag = ' <span class="note">(fragment)</span>' if q.get("fragment") else ""
            var = ""
            if q.get("variants"):
                alts = "".join(f"<li>“{e(v)}”</li>" for v in q["variants"])
                var = (
                    f"<details><summary>worded differently "
                    f"{plural(len(q['variants']), 'time')}</summary><ul>{alts}</ul></details>"
                )
            items.append(
                f"<li>“{e(quote_words(q))}”{frag} "
                + glue(
                    f'<span class="badge">{plural(n, "source")}</span>'
                    + cites_html(view, q["occurrences"])
                )
                + f"{relayed_html(view, q)}{var}</li>"
            )
        out.append(f'<h3>{e(speaker)}</h3><ul class="items">{"".join(items)}</ul>')
    out.append("</section>")
    return "".join(out)


def timeline_html(view: StoryView) -> str:
    events = view.story.get("timeline", [])
    if not events:
        return f'<section class="timeline"><h2>Timeline</h2>{NONE}</section>'
    items = "".join(
        f"<li><b>{e(date_label(ev['date'], ev.get('granularity')))}</b> "
        + (f'<i class="upcoming">({e(UPCOMING)})</i> ' if ev.get("upcoming") else "")
        + f"{glued(ev['text'], cites_html(view, ev['citations']))}</li>"
        for ev in events
    )
    return (
        '<section class="timeline"><h2>Timeline</h2>'
        f'<div class="figure">{timeline_svg(events, view.story.get("date"))}</div>'
        '<p class="note">Dates in order, evenly spaced (not to scale); a bigger dot: more '
        "sources; pale dots: only the month or year is known.</p>"
        f'<ul class="items">{items}</ul></section>'
    )


def per_source_html(view: StoryView) -> str:
    per = view.story.get("per_source", {})
    head = '<section class="per-source"><h2>What each source adds or leaves out</h2>'
    if not per:
        return head + NONE + "</section>"
    out = [head, "<dl>"]
    for n, art in view.sources():
        sv = per.get(art["id"])
        if not sv:
            continue
        out.append(f"<dt>[{n}] {e(view.label(art['id']))}</dt>")
        if not sv.get("unique") and not sv.get("omits"):
            out.append(f"<dd>{e(NOTHING_APART)}</dd>")
        for key, word in (("unique", "Adds"), ("omits", "Leaves out")):
            items = sv.get(key, [])
            if items:
                lis = "".join(
                    f"<li>{glued(x['text'], cites_html(view, x['citations']))}</li>" for x in items
                )
                out.append(
                    f"<dd><details><summary>{word}: {plural(len(items), 'statement')}"
                    f"</summary><ul>{lis}</ul></details></dd>"
                )
    out.append("</dl></section>")
    return "".join(out)


def sources_html(view: StoryView) -> str:
    items = []
    for n, a in view.sources():
        bits = [f"<b>{e(a.get('title') or a['id'])}</b>"]
        bits += [e(x) for x in (a.get("source"), a.get("published")) if x]
        where = a.get("url") or a.get("path")
        link = safe_url(a.get("url"))
        if link:
            bits.append(f'<a href="{e(link)}" rel="noopener noreferrer"><code>{e(link)}</code></a>')
        elif where:
            bits.append(f"<code>{e(where)}</code>")
        if a.get("duplicate_of"):
            bits.append(f"copy of [{view.number.get(a['duplicate_of'], '?')}]")
        note = view.wire_note(a)
        if note:
            bits.append(e(note))
        items.append(f'<li id="src-{n}" value="{n}">{" · ".join(bits)}</li>')
    ol = f'<ol class="sources">{"".join(items)}</ol>'
    return f'<section class="sources"><h2>Sources</h2>{ol}</section>'


def clip(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def timeline_svg(events: list[Json], story_date: str | None = None) -> str:
    """Distinct dates on one axis, a dot per date sized by how many sources date it.

    The story's own day (`story_date`) is marked, so background dates read as
    before or after it.
    """
    dates: dict[str, list[Json]] = {}
    for ev in events:
        dates.setdefault(ev["date"], []).append(ev)
    step, left, axis_y = 72, 40, 56
    width = left + 90 + step * max(1, len(dates) - 1)
    out = [
        f'<svg class="timeline-svg" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="150" viewBox="0 0 {width} 150" role="img" aria-label="Timeline">',
        f'<line class="axis" x1="{left - 20}" y1="{axis_y}" x2="{width - left + 20}" '
        f'y2="{axis_y}"/>',
    ]
    for i, (date, evs) in enumerate(dates.items()):
        x = left + i * step
        n_src = len({c["article"] for ev in evs for c in ev["citations"]})
        r = 5 + 2 * min(4, n_src)
        gran = evs[0].get("granularity") or "day"
        tip = "\n".join(f"{date_label(date, gran)}: {clip(ev['text'], 160)}" for ev in evs)
        # the number over a dot is what its size shows: the sources that date it
        label = f"{n_src}" if n_src > 1 else ""
        if date == story_date:
            # the marker's words sit above the tallest dot's number, never on it
            out.append(
                f'<line class="axis" x1="{x}" y1="{axis_y - 46}" x2="{x}" y2="{axis_y + 12}" '
                f'stroke-dasharray="3 3"/><text x="{x + 6}" y="{axis_y - 44}">story date</text>'
            )
        out.append(
            f'<g class="hit"><title>{e(tip)}</title>'
            f'<circle class="dot {e(gran)}" cx="{x}" cy="{axis_y}" r="{r}"/>'
            f'<text x="{x}" y="{axis_y - r - 6}" text-anchor="middle">{label}</text>'
            f'<text x="{x}" y="{axis_y + 26}" transform="rotate(35 {x} {axis_y + 26})">'
            f"{e(date)}</text></g>"
        )
    out.append("</svg>")
    return "".join(out)


def coverage_svg(view: StoryView) -> str:
    """Rows: the key statements (those listed above it); columns: the sources; a filled
    cell: the source states it.

    The cells come first and the statements' words after them, so that on a
    narrow screen the part that scrolls out of view is the words, not the grid.
    """
    sts = view.key_statements()
    sources = view.sources()
    cell, left, top = 22, 8, 34
    grid = left + cell * len(sources)
    label_x = grid + 40
    width = label_x + 430
    height = top + cell * len(sts) + 8
    out = [
        f'<svg class="coverage-svg" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img" '
        'aria-label="Source by statement coverage">'
    ]
    for j, (n, art) in enumerate(sources):
        x = left + j * cell + cell / 2
        out.append(
            f"<g><title>[{n}] {e(view.label(art['id']))}</title>"
            f'<text x="{x}" y="{top - 10}" text-anchor="middle">{n}</text></g>'
        )
    out.append(f'<text x="{grid + 8}" y="{top - 10}">n</text>')
    out.append(f'<text x="{label_x}" y="{top - 10}">statement (sources: columns)</text>')
    for i, st in enumerate(sts):
        y = top + i * cell
        cited = {c.number: c for c in view.cites(st["citations"], every=True)}
        for j, (n, art) in enumerate(sources):
            c = cited.get(n)
            cls = "cell on" if c else "cell"
            tip = f"[{n}] {view.label(art['id'])}: " + (f"“{c.text}”" if c else "does not state it")
            out.append(
                f'<g class="hit"><title>{e(clip(tip, 300))}</title>'
                f'<rect class="{cls}" x="{left + j * cell + 2}" y="{y + 2}" '
                f'width="{cell - 4}" height="{cell - 4}" rx="3"/></g>'
            )
        out.append(f'<text x="{grid + 8}" y="{y + 15}">{st["support"]}</text>')
        out.append(
            f"<g><title>{e(st['text'])}</title>"
            f'<text x="{label_x}" y="{y + 15}">{e(clip(st["text"], 62))}</text></g>'
        )
    out.append("</svg>")
    return "".join(out)
