"""Stage `timeline`: the dated events of a story, in calendar order, each cited.

An event is a sentence that carries a resolved date (`ctx.dates`, from the
dates stage): the story's own days and deadlines as well as the background
dates the articles give. The event's text is the sentence, verbatim, and its
citations are every article that carries that same sentence; the date keeps
the granularity the text gives ("2025", "2025-09", "2025-09-15"), so a month
is never dressed up as a day.

A line of a few words and no verb ("Friday, December 4, 2015.", a caption) tells
no event and is left out.

A sentence with several dates ("left on Tuesday for talks on Wednesday") is
placed once, at the first date it gives, so the timeline does not repeat it;
a date it gives in passing, as the start of a span of time ("has extended the
deadline three times since January"), is not the date of its event, nor is one
in a relative clause on a person it names, unless within a week of the article
("Ryan, who was elected in 1998, said on Tuesday": Tuesday; with no other date,
the sentence is no event of the timeline), and one in another relative clause
or an apposition comes after those outside it ("Hutchison, the senator from
Texas since 1993, said Friday").

Only the story's events: a dated sentence outside the articles' leads must
share content words with them (a paragraph on other news, appended to an
article, has its own dates).

One event, one entry: outlets report the same dated event in their own
words, and one outlet often returns to it ("the deadline is Wednesday", "That
extension expires on Wednesday"). Sentences of one date that share two content
words (stems of nouns, names, verbs and adjectives outside the date itself;
`TimelineOptions.shared_day`) are one event, unless they give other numbers of
one kind or their subjects are other people, neither named in the other
sentence ("But Lewandowski went after him Wednesday morning ..." / "Trump took to
Twitter early Wednesday morning ...", `analyse/actors.py`). Its text is the
wording that is plainest about the date (an absolute date first), most sources
carry verbatim and most shares with the others; it cites those articles first
(`verbatim`), then every other source that gives the event, each with its own
sentence.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storyline.analyse.actors import Actor, known_people, other_people, person_subject
from storyline.analyse.dates import dateline, parse_day
from storyline.analyse.doc_index import (
    content_stems,
    says_nothing_at,
    sentence_spans,
    tokens_between,
)
from storyline.analyse.quotes import QuoteIndex, quote_index
from storyline.config import Config
from storyline.context import StoryContext

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
from storyline.digest.verbatim import verbatim_index
from storyline.ingest.readers import head_of, head_pieces
from storyline.model import Conflict, DateRef, Span, TimelineEvent
from storyline.unionfind import UnionFind

GRANULARITY = {4: "year", 7: "month", 10: "day"}
# dependency labels of the clauses and phrases that describe someone (`outside_description`)
DESCRIBING = frozenset({"relcl", "appos"})
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class TimelineOptions:
    """Knobs of the timeline.

    max_events: the most events shown; past it, the best-cited ones are kept.
    max_overlap: under one date, a sentence sharing this share of its word
    bigrams with a kept one is a rewording of the same event.
    shared_day, shared_coarse: content stems two sentences of one day (of one
    month or year) must share to be one event. Two for a day: with one (the
    story's own word, "strike", "Aleppo"), every sentence of a busy day chained into
    one entry, citing sources for other events (BASIL 50 and FA-KES 42, 2026-12-06:
    of the 14 merges two stems undo, 13 joined different events, "The president
    and the speaker met Sunday" with Corker's "Fox News Sunday" remarks, a border
    crossing bombing with rocket fire on Aleppo; the same-event pairs inside them
    stay joined; PolNeAR 924: 22 of 137 merged entries come apart, of 12 read about
    8 joined different events and 4 one event, "The next GOP debate is scheduled for
    Dec. 15" with "he'll probably go to the debate on December 15th").
    lead_sentences, on_topic: a dated sentence outside the articles' first
    `lead_sentences` sentences belongs to the story when it shares `on_topic`
    content stems with those leads (a quarter of its stems, if fewer: a short
    sentence has few), as a paragraph on other news does not.
    """

    max_events: int = 40
    max_overlap: float = 0.5
    shared_day: int = 2
    shared_coarse: int = 2
    lead_sentences: int = 3
    on_topic: int = 2


@dataclass
class _Event:
    date: str
    granularity: str
    text: str
    spans: dict[str, Span]  # article id -> sentence span
    order: tuple[int, int]  # (article position, sentence start) of the first sighting
    absolute: bool = False  # the date is written out ("17 September"), not "on Wednesday"
    stems: frozenset[str] = frozenset()


def build_timeline(ctx: StoryContext, cfg: Config) -> list[TimelineEvent]:
    """Dated sentences of the story, earliest first."""
    return timeline(ctx, TimelineOptions())


def timeline(ctx: StoryContext, opts: TimelineOptions) -> list[TimelineEvent]:
    events: dict[tuple[str, str], _Event] = {}
    quoted = quote_index(ctx.quote_hits or [])
    written = written_on(ctx)
    for pos, art in enumerate(ctx.articles):
        doc = ctx.docs.get(art.id)
        refs = [
            d
            for d in ctx.dates.get(art.id, [])
            if valid_date(d.date) and not in_passing(d, art.text, doc)
        ]
        if not refs or doc is None:
            continue
        sents = sentence_spans(art, doc)
        starts = [s for s, _ in sents]
        heading = head_of(art)
        dated: set[int] = set()
        # a sentence's date of its own first, before one of words that describe someone
        # ("Ryan, who was elected in 1998, said on Tuesday": Tuesday)
        for ref in sorted(refs, key=lambda r: (not outside_description(doc, r), r.span.start)):
            i = bisect_right(starts, ref.span.start) - 1
            if i < 0 or ref.span.end > sents[i][1] or i in dated:
                continue  # a date outside any sentence, or a sentence already placed
            if _of_someone(doc, ref) and not _near(str(ref.date), written.get(art.id)):
                continue  # "a Republican who was first elected in 2010": not its event's date
            dated.add(i)
            if _said_day(ref, quoted):
                continue  # its first date is the speaker's day: the sentence is not dated
            order = (pos, sents[i][0])
            s, e = _shown(*sents[i], ref, *heading)
            if says_nothing_at(doc, s, e):
                continue  # no event: "Friday, December 4, 2015.", "Sept. 9, 2013 traffic
                # problems.", a wire's credit after a title ("... Syria Reuters")
            date = str(ref.date)
            text = art.text[s:e]
            ev = events.get((date, text))
            if ev is None:
                stems = _stems(doc, s, e, ctx.dates.get(art.id, []))
                ev = events[(date, text)] = _Event(
                    date, granularity(ref), text, {}, order, not ref.relative, stems
                )
            ev.spans.setdefault(art.id, Span(art.id, s, e))
    index = verbatim_index(ctx.articles)
    for ev in events.values():  # every article that carries the sentence word for word
        for span in index.spans(ev.text, skip=set(ev.spans)):
            ev.spans[span.article] = span
    lead = lead_stems(ctx, opts.lead_sentences)
    on_topic = [
        ev
        for ev in events.values()
        if ev.order[1] in lead.starts.get(ctx.articles[ev.order[0]].id, ())
        or len(ev.stems & lead.stems) >= min(opts.on_topic, -(-len(ev.stems) // 4))
    ]
    merged = merge_events(on_topic, ctx, opts)
    if len(merged) > opts.max_events:
        merged = sorted(merged, key=lambda m: (-_sources(m, ctx), m[0].order))[: opts.max_events]
    merged.sort(key=lambda m: (m[0].date, min(ev.order for ev in m)))
    where = {a.id: i for i, a in enumerate(ctx.articles)}
    out = []
    for group in merged:
        head = group[0]
        verbatim = sorted(head.spans.values(), key=lambda sp: where[sp.article])
        others: dict[str, Span] = {}
        for ev in sorted(group[1:], key=lambda ev: ev.order):
            for aid, sp in ev.spans.items():
                if aid not in head.spans:
                    others.setdefault(aid, sp)
        extra = sorted(others.values(), key=lambda sp: where[sp.article])
        cites = tuple(verbatim + extra)
        out.append(
            TimelineEvent(
                head.date,
                head.text,
                cites,
                head.granularity,
                len(verbatim) if extra else None,
                upcoming(head.date, cites, written),
            )
        )
    return out


def _shown(
    start: int, end: int, ref: DateRef, title: tuple[int, int] | None, report: int
) -> tuple[int, int]:
    """What of a dated sentence an entry shows and cites: at the head of a scraped text,
    not the date line or a title run into the lead ("6 Oct 2016 At least 29 people were
    killed ...", `readers.head_pieces`), but the piece that holds the date, else the
    lead after them. The sentence is still dated as a whole (a lead with no date of its
    own is dated by the date line above it)."""
    pieces = head_pieces(start, end, title, report)
    holds = [p for p in pieces if p[0] <= ref.span.start and ref.span.end <= p[1]]
    return (holds or pieces[-1:] or [(start, end)])[0]


def written_on(ctx: StoryContext) -> dict[str, str]:
    """The day each article was written, where it is known: the later of the date at its
    head (a re-published copy keeps it, `dates.dateline`) and the day its relative dates
    ("on Monday") are read from, its date of publication or else the story's."""
    out = {}
    for art in ctx.articles:
        published = (art.published or "")[:10] or ctx.date or ""
        days = [dateline(art, ctx.dates.get(art.id, [])) or "", published]
        known = [d for d in days if valid_date(d)]
        if known:
            out[art.id] = max(known)
    return out


def upcoming(date: str, citations: tuple[Span, ...], written: dict[str, str]) -> bool:
    """Is the date still to come when the sources wrote (after the day the last of them
    was written, at the granularity of the two)? Such an entry is a date set or expected
    ("The judge set the sentencing for June 28", "the primary would be held on April
    30"), not a thing that happened then; the reports say so."""
    days = [written[c.article] for c in citations if c.article in written]
    if not days:
        return False
    latest = max(days)
    return date[: len(latest)] > latest[: len(date)]


def without_dissent(events: list[TimelineEvent], conflicts: list[Conflict]) -> list[TimelineEvent]:
    """Each event less the sources that say otherwise than its text (`Conflict.dissent`).

    A dated sentence may also carry a disputed figure ("agreed to reduce tariffs to
    30 percent on US goods ..., but this temporary truce will end in November"); a
    source that gives the date in a sentence of its own but the figure otherwise
    would be cited for words it contradicts. It is left out, as in the summary.
    """
    out = []
    for ev in events:
        n = len(ev.citations) if ev.verbatim is None else ev.verbatim
        against = set().union(*(k.dissent(ev.citations[:n]) for k in conflicts))
        extra = tuple(c for c in ev.citations[n:] if c.article not in against)
        if len(extra) < len(ev.citations) - n:
            ev = replace(ev, citations=ev.citations[:n] + extra, verbatim=n if extra else None)
        out.append(ev)
    return out


# days named relative to the moment of writing; said by someone, to the moment they spoke
SPOKEN_DAYS = frozenset({"today", "tomorrow", "yesterday"})  # the `rel_day` dates


def _said_day(ref: DateRef, quoted: QuoteIndex) -> bool:
    """A "today", "tomorrow" or "yesterday" in someone's quoted words: the day it names
    is counted from when they spoke, which the article's date need not be ("Tomorrow he
    is going to Detroit," said on a Sunday show and printed on Monday, is no Tuesday)."""
    if ref.text.lower() not in SPOKEN_DAYS:
        return False
    s, e = ref.span.start, ref.span.end
    return any(h.start <= s and e <= h.end for h in quoted.over(ref.span.article, s, e))


SINCE = re.compile(r"\bsince\s+(?:early\s+|late\s+|mid-?\s*)?$", re.I)
REPORTING = frozenset({"say", "tell", "add", "report", "accord", "state"})


def in_passing(ref: DateRef, text: str, doc: Doc | None = None) -> bool:
    """A date given as the start or length of a span of time ("since January", "his
    first interview since being named Saturday"): not the date of the sentence's event."""
    if ref.text.lower().startswith("since "):
        return True
    if SINCE.search(text[max(0, ref.span.start - 16) : ref.span.start]) is not None:
        return True
    found = tokens_between(doc, ref.span.start, ref.span.end) if doc is not None else []
    # "since" over the date's clause: "since being named Saturday", "since it began Monday"
    return bool(found) and any(
        t.lower_ == "since" or any(c.dep_ == "mark" and c.lower_ == "since" for c in t.children)
        for t in list(found[0].ancestors)[:4]
    )


def outside_description(doc: Doc | None, ref: DateRef) -> bool:
    """Is the date outside a relative clause or an apposition, which describe a participant
    ("Hutchison, who on Thursday unveiled her own plan, said Friday"; "Schumer, the party's
    leader from next year, would not say Tuesday")? (Not a participle on a noun: "a letter
    released Tuesday", "letters sent on Oct. 19" tell the news as often as "those elected
    in 2010" describe someone.)"""
    found = tokens_between(doc, ref.span.start, ref.span.end) if doc is not None else []
    if not found:
        return True
    return not any(t.dep_ in DESCRIBING for t in [found[0], *found[0].ancestors])


def _of_someone(doc: Doc, ref: DateRef) -> bool:
    """Is the date in a relative clause ("who", "whom", "whose") on a person the story
    names, which, unless it is within days of the article (`_near`: "Nancy Reagan, who
    died Sunday"), tells of another time of theirs than the sentence's news: "The charges
    against Mr. Grimm, 44, a Republican who was first elected in 2010, were expected to
    include mail fraud", "after Edward Brooke, who served from 1967 to 1979"? Such a
    sentence had been placed at that date where it gave no other. A clause on someone
    unnamed is often the news ("infiltrated by a hacker, who had then sent the photo out
    late Friday"), and one on a thing too ("the raids, which took place on Saturday")."""
    found = tokens_between(doc, ref.span.start, ref.span.end)
    return bool(found) and any(
        t.dep_ == "relcl" and any(c.tag_ in {"WP", "WP$"} for c in t.children) and _named(t.head)
        for t in [found[0], *found[0].ancestors]
    )


# Days from its article's day within which a date in a clause on someone is still the news
# ("Nancy Reagan, who died Sunday at age 94"), not their past ("who served from 1967").
NEWS_DAYS = 7


def _near(date: str, written: str | None) -> bool:
    """Does a date (a day, a month or a year) come within `NEWS_DAYS` of the day its
    article was written (unknown: no)?"""
    day = parse_day(written)
    if day is None:
        return False
    parts = [int(x) for x in date.split("-")]  # (a `valid_date`: YYYY[-MM[-DD]])
    year, month, first_day = (*parts, 1, 1)[:3]
    try:
        first = dt.date(year, month, first_day)
    except ValueError:
        return False
    if len(parts) == 3:
        last = first
    elif len(parts) == 2:
        last = first.replace(day=calendar.monthrange(year, month)[1])
    else:
        last = dt.date(year, 12, 31)
    window = dt.timedelta(NEWS_DAYS)
    return first - window <= day <= last + window


def _named(t: Token) -> bool:
    """A person's name, or a noun set beside one ("Norm Stamper, the former police chief")."""
    return any(
        x.pos_ == "PROPN" or x.ent_type_ == "PERSON"
        for x in ([t, t.head] if t.dep_ == "appos" else [t])
    )


def _stems(doc: Doc, start: int, end: int, refs: list[DateRef]) -> frozenset[str]:
    """Content stems of a dated sentence, its dates and reporting verbs aside."""
    skip = [(r.span.start, r.span.end) for r in refs]
    return content_stems(doc, start, end, skip, REPORTING)


@dataclass
class _Lead:
    stems: set[str]
    starts: dict[str, set[int]]  # article id -> start offsets of its lead sentences


def lead_stems(ctx: StoryContext, n: int) -> _Lead:
    """Content stems of the first `n` sentences of every article: what the story is about."""
    out = _Lead(set(), {})
    for art in ctx.articles:
        doc = ctx.docs.get(art.id)
        if doc is None:
            continue
        sents = sentence_spans(art, doc)[:n]
        out.starts[art.id] = {s for s, _ in sents}
        for s, e in sents:
            out.stems |= _stems(doc, s, e, ctx.dates.get(art.id, []))
    return out


def merge_events(
    events: list[_Event], ctx: StoryContext, opts: TimelineOptions
) -> list[list[_Event]]:
    """Events of one date that share content words, grouped; each group's head first."""
    by_date: dict[str, list[_Event]] = defaultdict(list)
    for ev in events:
        by_date[ev.date].append(ev)
    out: list[list[_Event]] = []
    for date, group in by_date.items():
        need = opts.shared_day if len(date) == 10 else opts.shared_coarse
        uf = UnionFind(len(group))
        numbers = [_numbers(ctx, ev) for ev in group]
        actors = [_actor(ctx, ev) for ev in group]
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                if _numbered_apart(numbers[i], numbers[j]) or other_people(actors[i], actors[j]):
                    continue
                if len(group[i].stems & group[j].stems) >= need or _rewords(
                    group[i], group[j], opts.max_overlap
                ):
                    uf.union(i, j)
        members: dict[int, list[_Event]] = defaultdict(list)
        for i, ev in enumerate(group):
            members[uf.find(i)].append(ev)
        for evs in members.values():
            head = max(
                evs,
                key=lambda ev: (
                    ev.absolute,
                    _sources(ev, ctx),
                    sum(len(ev.stems & o.stems) for o in evs if o is not ev),
                    tuple(-x for x in ev.order),
                ),
            )
            out.append([head, *(ev for ev in evs if ev is not head)])
    return out


# Kinds of number that two reports of one event give alike. Two sentences of one day that
# each give numbers of such a kind, none of them the same, tell two events or one in
# dispute ("Syrian activists say the Daesh terrorist group has killed 33 young men ..." /
# "Syrian Army Kills 48 ISIL Terrorists in Deir Ezzor", two stems in common): one entry
# would show one number and cite for it a source that gives another.
NUMBERED = ("count", "money", "percent")


def _numbers(ctx: StoryContext, ev: _Event) -> dict[str, set[float]]:
    """The values of each kind in `NUMBERED` that an event's sentence gives."""
    aid, span = next(iter(ev.spans.items()))  # (each sighting has the same words)
    out: dict[str, set[float]] = {}
    for q in ctx.quantities.get(aid, []):
        if span.start <= q.span.start and q.span.end <= span.end and q.kind in NUMBERED:
            out.setdefault(q.kind, set()).add(round(q.value, 2))
    return out


def _actor(ctx: StoryContext, ev: _Event) -> Actor | None:
    """Who did the thing of an event's sentence (`actors.person_subject`)."""
    aid, span = next(iter(ev.spans.items()))  # (each sighting has the same words)
    sent = ctx.docs[aid].char_span(span.start, span.end, alignment_mode="expand")
    return None if sent is None else person_subject(sent, known_people(ctx.entities))


def _numbered_apart(a: dict[str, set[float]], b: dict[str, set[float]]) -> bool:
    """Do two sentences give numbers of one kind, none of them the same?"""
    return any(kind in b and not a[kind] & b[kind] for kind in a)


def _sources(item: _Event | list[_Event], ctx: StoryContext) -> int:
    evs = item if isinstance(item, list) else [item]
    return ctx.support({aid for ev in evs for aid in ev.spans})


def _rewords(a: _Event, b: _Event, max_overlap: float) -> bool:
    ga, gb = bigrams(a.text), bigrams(b.text)
    return len(ga & gb) >= max_overlap * max(1, min(len(ga), len(gb)))


def valid_date(date: str | None) -> bool:
    """A resolved calendar date: YYYY, YYYY-MM or YYYY-MM-DD."""
    return bool(date) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", str(date)) is not None


def granularity(ref: DateRef) -> str:
    """The date's granularity; the string's own shape decides where the two disagree."""
    return GRANULARITY.get(len(ref.date or ""), ref.granularity)


def bigrams(text: str) -> set[tuple[str, str]]:
    words = WORD.findall(text.lower())
    return set(zip(words, words[1:], strict=False))
