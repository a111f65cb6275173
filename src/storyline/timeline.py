"""Stage `timeline`: the dated events of a story, in calendar order, each cited.

An event is a sentence that carries a resolved date (`ctx.dates`, from the
dates stage): the story's own days and deadlines as well as the background
dates the articles give. The event's text is the sentence, verbatim, and its
citations are every article that carries that same sentence; the date keeps
the granularity the text gives ("2025", "2025-09", "2025-09-15"), so a month
is never dressed up as a day.

A sentence with several dates ("left on Tuesday for talks on Wednesday") is
placed once, at the first date it gives, so the timeline does not repeat it.

Two outlets often report the same dated fact in different words. Those
wordings cannot share one citation list (each citation must carry the
event's exact text), so under one date the best-cited wording is kept and
the others, which repeat it, are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass

from storyline import nlp
from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import DateRef, Span, TimelineEvent

GRANULARITY = {4: "year", 7: "month", 10: "day"}
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class TimelineOptions:
    """Knobs of the timeline.

    max_events: the most events shown; past it, the best-cited ones are kept.
    max_overlap: under one date, a sentence sharing this share of its word
    bigrams with a kept one is a rewording of the same event.
    """

    max_events: int = 40
    max_overlap: float = 0.5


@dataclass
class _Event:
    date: str
    granularity: str
    text: str
    spans: dict[str, Span]  # article id -> sentence span
    order: tuple[int, int]  # (article position, sentence start) of the first sighting


def build_timeline(ctx: StoryContext, cfg: Config) -> list[TimelineEvent]:
    """Dated sentences of the story, earliest first."""
    return timeline(ctx, TimelineOptions())


def timeline(ctx: StoryContext, opts: TimelineOptions) -> list[TimelineEvent]:
    events: dict[tuple[str, str], _Event] = {}
    for pos, art in enumerate(ctx.articles):
        refs = [d for d in ctx.dates.get(art.id, []) if valid_date(d.date)]
        doc = ctx.docs.get(art.id)
        if not refs or doc is None:
            continue
        sents = nlp.sentence_spans(art, doc)
        starts = [s for s, _ in sents]
        dated: set[int] = set()
        for ref in sorted(refs, key=lambda r: r.span.start):
            i = bisect_right(starts, ref.span.start) - 1
            if i < 0 or ref.span.end > sents[i][1] or i in dated:
                continue  # a date outside any sentence, or a sentence already placed
            dated.add(i)
            s, e = sents[i]
            date = str(ref.date)
            text = art.text[s:e]
            ev = events.get((date, text))
            if ev is None:
                ev = events[(date, text)] = _Event(date, granularity(ref), text, {}, (pos, s))
            ev.spans.setdefault(art.id, Span(art.id, s, e))
    for ev in events.values():  # every article that carries the sentence word for word
        for art in ctx.articles:
            at = -1 if art.id in ev.spans else art.text.find(ev.text)
            if at >= 0:
                ev.spans[art.id] = Span(art.id, at, at + len(ev.text))
    kept = drop_rewordings(list(events.values()), opts.max_overlap)
    if len(kept) > opts.max_events:
        kept = sorted(kept, key=lambda ev: (-len(ev.spans), ev.order))[: opts.max_events]
    kept.sort(key=lambda ev: (ev.date, ev.order))
    where = {a.id: i for i, a in enumerate(ctx.articles)}
    return [
        TimelineEvent(
            ev.date,
            ev.text,
            tuple(sorted(ev.spans.values(), key=lambda sp: where[sp.article])),
            ev.granularity,
        )
        for ev in kept
    ]


def valid_date(date: str | None) -> bool:
    """A resolved calendar date: YYYY, YYYY-MM or YYYY-MM-DD."""
    return bool(date) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(date)) is not None


def granularity(ref: DateRef) -> str:
    """The date's granularity; the string's own shape decides where the two disagree."""
    return GRANULARITY.get(len(ref.date or ""), ref.granularity)


def bigrams(text: str) -> set[tuple[str, str]]:
    words = WORD.findall(text.lower())
    return set(zip(words, words[1:], strict=False))


def drop_rewordings(events: list[_Event], max_overlap: float) -> list[_Event]:
    """Per date, keep the best-cited wording of each event and drop its rewordings."""
    by_date: dict[str, list[_Event]] = defaultdict(list)
    for ev in events:
        by_date[ev.date].append(ev)
    kept: list[_Event] = []
    for group in by_date.values():
        chosen: list[tuple[_Event, set[tuple[str, str]]]] = []
        for ev in sorted(group, key=lambda ev: (-len(ev.spans), ev.order)):
            grams = bigrams(ev.text)
            if any(
                len(grams & g) >= max_overlap * max(1, min(len(grams), len(g))) for _, g in chosen
            ):
                continue
            chosen.append((ev, grams))
        kept += [ev for ev, _ in chosen]
    return kept
