"""The data model: every stage reads and writes these frozen dataclasses.

The one invariant that makes every output line checkable: a `Span` points into
the cleaned `text` of one `Article`, and `article.text[span.start:span.end]` is
exactly what the item that carries the span claims to be.

Vocabulary, in pipeline order:

- `Article`: one cleaned news article (title, date, outlet, body text, the
  offsets of the headings inside the body, the copy it duplicates, and the wire
  service whose story it is).
- `Rejection`: an input that could not be read, and why.
- `Entity`, `Quote` / `QuoteOccurrence`, `Quantity`, `DateRef`: what the
  extraction stages find in one story.
- `Figure` / `FigureValue`: the figures the sources give, keyed by what each measures.
- `Statement`, `Conflict` / `ConflictSide`: the cross-check of one story.
- `BriefSentence`, `TimelineEvent`: the account a reader gets.
- `Story`: all of the above for one event; `Brief`: the whole result.

Each class has `to_dict()` giving exactly the JSON of `schema/brief.schema.json`
and `from_dict()` reading it back: `Brief.from_dict(b.to_dict()) == b`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

Json = dict[str, Any]


@dataclass(frozen=True, order=True)
class Span:
    """Characters `start:end` of the cleaned text of article `article`."""

    article: str
    start: int
    end: int

    def text(self, articles: dict[str, Article]) -> str:
        return articles[self.article].text[self.start : self.end]

    def overlaps(self, other: Span) -> bool:
        """Do the two spans share a character of one article?"""
        return self.article == other.article and self.start < other.end and other.start < self.end

    def to_dict(self) -> Json:
        return {"article": self.article, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: Json) -> Span:
        return cls(d["article"], int(d["start"]), int(d["end"]))


def spans_to_dicts(spans: Sequence[Span]) -> list[Json]:
    return [s.to_dict() for s in spans]


def spans_from_dicts(items: Sequence[Json]) -> tuple[Span, ...]:
    return tuple(Span.from_dict(d) for d in items)


def article_id(text: str) -> str:
    """Stable id of an article: a hash of its cleaned text, whitespace-normalised.

    The same story saved twice (other line endings, other trailing blanks) gets
    the same id, which is what makes ingestion idempotent.
    """
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One cleaned news article.

    `headings` are `(start, end)` offsets of heading lines inside `text`
    (cross-heads such as "Major Talking Points"): they stay in the text so that
    offsets match what a reader sees, and stages never treat them as sentences.
    """

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    path: str | None = None
    url: str | None = None
    headings: tuple[tuple[int, int], ...] = ()
    duplicate_of: str | None = None
    # how the file's bytes were read ("utf-8", "windows-1252", "utf-8, 2 invalid bytes shown
    # as U+FFFD"); None for text given as text
    encoding: str | None = None

    def blocks(self) -> Iterator[tuple[int, int, bool]]:
        """Paragraphs of the body as `(start, end, is_heading)`, blank lines skipped."""
        heads = set(self.headings)
        pos = 0
        for line in self.text.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            stripped = line.strip()
            if not stripped:
                continue
            lead = len(line) - len(line.lstrip())
            s, e = start + lead, start + lead + len(stripped)
            yield s, e, (s, e) in heads

    @cached_property
    def wire(self) -> str | None:
        """The wire service whose story this is, by its outlet, its dateline ("WASHINGTON
        (AP) —") or its sign-off; None for an outlet's own story (`sources.wire_of`). Read
        from the text, so not stored."""
        from storyline.sources import wire_of

        return wire_of(self.text, self.source)

    def to_dict(self) -> Json:
        return {
            "id": self.id,
            "path": self.path,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "source": self.source,
            "wire": self.wire,
            "text": self.text,
            "headings": [list(h) for h in self.headings],
            "duplicate_of": self.duplicate_of,
            "encoding": self.encoding,
        }

    @classmethod
    def from_dict(cls, d: Json) -> Article:
        return cls(
            id=d["id"],
            text=d["text"],
            title=d.get("title"),
            published=d.get("published"),
            source=d.get("source"),
            path=d.get("path"),
            url=d.get("url"),
            headings=tuple((int(a), int(b)) for a, b in d.get("headings", [])),
            duplicate_of=d.get("duplicate_of"),
            encoding=d.get("encoding"),
        )


@dataclass(frozen=True)
class Rejection:
    """An input that could not be used. `code` is stable (see `errors.py`)."""

    path: str
    reason: str
    code: str = "E000"
    stage: str = "read"

    def to_dict(self) -> Json:
        return {"path": self.path, "reason": self.reason, "code": self.code, "stage": self.stage}

    @classmethod
    def from_dict(cls, d: Json) -> Rejection:
        return cls(d["path"], d["reason"], d.get("code", "E000"), d.get("stage", "read"))


@dataclass(frozen=True)
class Entity:
    """One real-world referent across all articles of a story."""

    name: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, ...
    aliases: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()

    def to_dict(self) -> Json:
        return {
            "name": self.name,
            "label": self.label,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "mentions": spans_to_dicts(self.mentions),
        }

    @classmethod
    def from_dict(cls, d: Json) -> Entity:
        return cls(
            d["name"],
            d["label"],
            tuple(d.get("aliases", [])),
            tuple(d.get("roles", [])),
            spans_from_dicts(d.get("mentions", [])),
        )


@dataclass(frozen=True)
class Relay:
    """An article whose cited sentence (of a statement, quote, conflict side or figure
    value) passes on another outlet's reporting ("told the Times", "according to the
    AP"): the outlet it names."""

    article: str
    outlet: str

    def to_dict(self) -> Json:
        return {"article": self.article, "outlet": self.outlet}

    @classmethod
    def from_dict(cls, d: Json) -> Relay:
        return cls(d["article"], d["outlet"])


def with_relays(out: Json, relays: Sequence[Relay]) -> Json:
    """`out` (an item's dict) with its relays, which the JSON leaves out where none."""
    if relays:
        out["relays"] = [r.to_dict() for r in relays]
    return out


def relays_of(d: Json) -> tuple[Relay, ...]:
    return tuple(Relay.from_dict(r) for r in d.get("relays", []))


@dataclass(frozen=True)
class QuoteOccurrence:
    """Where one article carries a quote: the quoted words and who it says spoke."""

    span: Span
    text: str
    speaker_text: str | None = None
    speaker_span: Span | None = None

    def to_dict(self) -> Json:
        sp = self.speaker_span
        return {
            **self.span.to_dict(),
            "text": self.text,
            "speaker_text": self.speaker_text,
            "speaker_start": sp.start if sp else None,
            "speaker_end": sp.end if sp else None,
        }

    @classmethod
    def from_dict(cls, d: Json) -> QuoteOccurrence:
        span = Span(d["article"], int(d["start"]), int(d["end"]))
        sp = None
        if d.get("speaker_start") is not None:
            sp = Span(d["article"], int(d["speaker_start"]), int(d["speaker_end"]))
        return cls(span, d["text"], d.get("speaker_text"), sp)


@dataclass(frozen=True)
class Quote:
    """One quotation, with every article that carries it.

    `variants` lists wordings that differ from `text` (the differences an
    outlet made); empty when every occurrence is worded the same. `passage`:
    where the attribution splits the quotation that `text` is part of ("A," she
    said, "B."), its pieces in order, `text` among them, each an occurrence's
    words; empty otherwise.
    """

    text: str
    speaker: str | None = None
    fragment: bool = False
    occurrences: tuple[QuoteOccurrence, ...] = ()
    variants: tuple[str, ...] = ()
    passage: tuple[str, ...] = ()
    relays: tuple[Relay, ...] = ()  # occurrences in a sentence passing on another's report

    def to_dict(self) -> Json:
        out = {
            "speaker": self.speaker,
            "text": self.text,
            "fragment": self.fragment,
            "occurrences": [o.to_dict() for o in self.occurrences],
            "variants": list(self.variants),
        }
        if self.passage:
            out["passage"] = list(self.passage)
        return with_relays(out, self.relays)

    @classmethod
    def from_dict(cls, d: Json) -> Quote:
        return cls(
            d["text"],
            d.get("speaker"),
            bool(d.get("fragment", False)),
            tuple(QuoteOccurrence.from_dict(o) for o in d.get("occurrences", [])),
            tuple(d.get("variants", [])),
            tuple(d.get("passage", [])),
            relays_of(d),
        )


@dataclass(frozen=True)
class Quantity:
    """A number in the text: `kind` is percent, money, count, duration, ordinal or ratio
    ("a one-in-three chance": `value` 1/3).

    `measures` is what the number is about as far as the parse shows
    ("on Chinese goods"), `unit` the currency or unit ("USD", "day").
    """

    span: Span
    text: str
    value: float
    kind: str
    unit: str | None = None
    measures: str | None = None

    def to_dict(self) -> Json:
        return {
            "text": self.text,
            "value": self.value,
            "kind": self.kind,
            "unit": self.unit,
            "measures": self.measures,
            "citations": [self.span.to_dict()],
        }

    @classmethod
    def from_dict(cls, d: Json) -> Quantity:
        return cls(
            Span.from_dict(d["citations"][0]),
            d["text"],
            float(d["value"]),
            d["kind"],
            d.get("unit"),
            d.get("measures"),
        )


@dataclass(frozen=True)
class DateRef:
    """A date in the text, resolved to the calendar where possible.

    `date` is "YYYY", "YYYY-MM" or "YYYY-MM-DD" (None if unresolvable);
    `granularity` is "year", "month" or "day"; `relative` marks words such as
    "on Monday" that were resolved against the article's (or story's) date.
    """

    span: Span
    text: str
    date: str | None
    granularity: str
    relative: bool = False

    def to_dict(self) -> Json:
        return {
            "text": self.text,
            "date": self.date,
            "granularity": self.granularity,
            "relative": self.relative,
            "citations": [self.span.to_dict()],
        }

    @classmethod
    def from_dict(cls, d: Json) -> DateRef:
        return cls(
            Span.from_dict(d["citations"][0]),
            d["text"],
            d.get("date"),
            d["granularity"],
            bool(d.get("relative", False)),
        )


@dataclass(frozen=True)
class Statement:
    """Sentences or clauses of several articles that state the same thing.

    `kind` is "sentence" (aligned sentences, the `statements` stage) or
    "description" (the words around a person's name that say who they are, the
    `descriptions` stage).
    """

    text: str
    support: int
    citations: tuple[Span, ...]
    kind: str = "sentence"
    relays: tuple[Relay, ...] = ()  # cited sentences that pass on another outlet's report
    # whom a description describes: the person's or organisation's name in the story
    about: str | None = None

    @property
    def single_source(self) -> bool:
        return self.support <= 1

    def to_dict(self) -> Json:
        out = {
            "text": self.text,
            "support": self.support,
            "single_source": self.single_source,
            "citations": spans_to_dicts(self.citations),
            "kind": self.kind,
        }
        if self.about is not None:
            out["about"] = self.about
        return with_relays(out, self.relays)

    @classmethod
    def from_dict(cls, d: Json) -> Statement:
        return cls(
            d["text"],
            int(d["support"]),
            spans_from_dicts(d["citations"]),
            d.get("kind", "sentence"),
            relays_of(d),
            d.get("about"),
        )


@dataclass(frozen=True)
class ConflictSide:
    value: str
    citations: tuple[Span, ...]
    relays: tuple[Relay, ...] = ()  # citations in a sentence passing on another's report

    def to_dict(self) -> Json:
        return with_relays(
            {"value": self.value, "citations": spans_to_dicts(self.citations)}, self.relays
        )

    @classmethod
    def from_dict(cls, d: Json) -> ConflictSide:
        return cls(
            d["value"],
            spans_from_dicts(d["citations"]),
            relays_of(d),
        )


# Conflict kinds whose sides make no other claims (`Conflict.of_claims`).
NOT_CLAIMS = frozenset({"name", "misquote"})


@dataclass(frozen=True)
class Conflict:
    """Sources that state the same thing with incompatible values.

    `kind`: number, direction, date, ordinal, count, update (a figure revised over time:
    its sides in time order), quote_speaker, quote_wording, name (one person's name
    spelt two ways), misquote (an outlet quoted in other words than its own article's),
    party (one person given two political parties).
    """

    kind: str
    description: str
    sides: tuple[ConflictSide, ...]

    @property
    def of_claims(self) -> bool:
        """Whether the sides make other claims (a statement may cite only one of them).
        Not so for a name spelt two ways: "Reince Preibus, chairman of the Wisconsin
        Republican Party" and "Wisconsin Republican Party Chairman Reince Priebus" state
        one fact, and the sentences that name him state others as well. Nor for an outlet
        quoted in other words than its own article's (`outlet_quotes`): both report it."""
        return self.kind not in NOT_CLAIMS

    def dissent(self, shown: Sequence[Span]) -> set[str]:
        """The articles that say otherwise than `shown` (a sentence's citations): those on
        a side it takes no part in, where it takes one; none where it takes every side
        (a sentence giving both values) or none, nor for a conflict of no claims."""
        if not self.of_claims:
            return set()
        taken = [any(c.overlaps(x) for c in side.citations for x in shown) for side in self.sides]
        if not any(taken) or all(taken):
            return set()
        on = [{c.article for c in side.citations} for side in self.sides]
        mine = set().union(*(a for a, t in zip(on, taken, strict=True) if t))
        return set().union(*(a for a, t in zip(on, taken, strict=True) if not t)) - mine

    def to_dict(self) -> Json:
        return {
            "kind": self.kind,
            "description": self.description,
            "sides": [s.to_dict() for s in self.sides],
        }

    @classmethod
    def from_dict(cls, d: Json) -> Conflict:
        return cls(
            d["kind"], d["description"], tuple(ConflictSide.from_dict(s) for s in d["sides"])
        )


@dataclass(frozen=True)
class FigureValue:
    """One value a figure is given, with the sentences that give it."""

    value: str
    citations: tuple[Span, ...]
    relays: tuple[Relay, ...] = ()  # citations in a sentence passing on another's report

    def to_dict(self) -> Json:
        return with_relays(
            {"value": self.value, "citations": spans_to_dicts(self.citations)}, self.relays
        )

    @classmethod
    def from_dict(cls, d: Json) -> FigureValue:
        return cls(
            d["value"],
            spans_from_dicts(d["citations"]),
            relays_of(d),
        )


@dataclass(frozen=True)
class Figure:
    """What one figure measures ("people killed (bombing)") and every value the sources give.

    >>> Figure("tariff on US goods (%)", (FigureValue("30 percent", ()),)).measure
    'tariff on US goods (%)'
    """

    measure: str
    values: tuple[FigureValue, ...]

    def to_dict(self) -> Json:
        return {"measure": self.measure, "values": [v.to_dict() for v in self.values]}

    @classmethod
    def from_dict(cls, d: Json) -> Figure:
        return cls(d["measure"], tuple(FigureValue.from_dict(v) for v in d["values"]))


@dataclass(frozen=True)
class BriefSentence:
    """One sentence of the summary: verbatim source text and every source supporting it.

    The first `verbatim` citations carry the sentence word for word; the rest
    are sentences of other sources that state the same thing in their own
    words (the statement the sentence belongs to), less any source on the
    other side of a conflict the sentence takes a side in.
    """

    text: str
    citations: tuple[Span, ...]
    verbatim: int | None = None  # None: every citation is verbatim

    def to_dict(self) -> Json:
        n = len(self.citations) if self.verbatim is None else self.verbatim
        return {"text": self.text, "citations": spans_to_dicts(self.citations), "verbatim": n}

    @classmethod
    def from_dict(cls, d: Json) -> BriefSentence:
        cites = spans_from_dicts(d["citations"])
        n = d.get("verbatim")
        return cls(d["text"], cites, None if n is None or n == len(cites) else int(n))


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event and every source that dates it.

    The first `verbatim` citations carry `text` word for word; the rest are the
    sentences in which other sources give the same event on the same date.
    """

    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    text: str
    citations: tuple[Span, ...]
    granularity: str = "day"
    verbatim: int | None = None  # None: every citation is verbatim
    # the date was still to come when its sources wrote: set or expected, not yet happened
    upcoming: bool = False

    def to_dict(self) -> Json:
        n = len(self.citations) if self.verbatim is None else self.verbatim
        out = {
            "date": self.date,
            "granularity": self.granularity,
            "text": self.text,
            "citations": spans_to_dicts(self.citations),
            "verbatim": n,
        }
        if self.upcoming:
            out["upcoming"] = True
        return out

    @classmethod
    def from_dict(cls, d: Json) -> TimelineEvent:
        cites = spans_from_dicts(d["citations"])
        n = d.get("verbatim")
        return cls(
            d["date"],
            d["text"],
            cites,
            d.get("granularity", "day"),
            None if n is None or n == len(cites) else int(n),
            bool(d.get("upcoming", False)),
        )


@dataclass(frozen=True)
class SourceItem:
    """A statement as one source's view lists it, with the sentences that state it."""

    text: str
    citations: tuple[Span, ...]

    def to_dict(self) -> Json:
        return {"text": self.text, "citations": spans_to_dicts(self.citations)}

    @classmethod
    def from_dict(cls, d: Json) -> SourceItem:
        return cls(d["text"], spans_from_dicts(d["citations"]))


@dataclass(frozen=True)
class SourceView:
    """What one article alone says (cited in it), and the well-supported statements it
    leaves out (cited in the sources that make them)."""

    unique: tuple[SourceItem, ...] = ()
    omits: tuple[SourceItem, ...] = ()

    def to_dict(self) -> Json:
        return {
            "unique": [x.to_dict() for x in self.unique],
            "omits": [x.to_dict() for x in self.omits],
        }

    @classmethod
    def from_dict(cls, d: Json) -> SourceView:
        return cls(
            tuple(SourceItem.from_dict(x) for x in d.get("unique", [])),
            tuple(SourceItem.from_dict(x) for x in d.get("omits", [])),
        )


@dataclass(frozen=True)
class Story:
    """One event: its articles and everything storyline found about it."""

    id: str
    title: str
    articles: tuple[str, ...]
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    dates: tuple[DateRef, ...] = ()
    figures: tuple[Figure, ...] = ()
    statements: tuple[Statement, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    timeline: tuple[TimelineEvent, ...] = ()
    summary: tuple[BriefSentence, ...] = ()
    per_source: dict[str, SourceView] = field(default_factory=dict)
    date: str | None = None

    def to_dict(self) -> Json:
        return {
            "id": self.id,
            "title": self.title,
            "date": self.date,
            "articles": list(self.articles),
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "quantities": [q.to_dict() for q in self.quantities],
            "dates": [d.to_dict() for d in self.dates],
            "figures": [f.to_dict() for f in self.figures],
            "statements": [s.to_dict() for s in self.statements],
            "conflicts": [c.to_dict() for c in self.conflicts],
            "timeline": [t.to_dict() for t in self.timeline],
            "summary": [s.to_dict() for s in self.summary],
            "per_source": {k: v.to_dict() for k, v in self.per_source.items()},
        }

    @classmethod
    def from_dict(cls, d: Json) -> Story:
        return cls(
            id=d["id"],
            title=d["title"],
            articles=tuple(d["articles"]),
            entities=tuple(Entity.from_dict(x) for x in d.get("entities", [])),
            quotes=tuple(Quote.from_dict(x) for x in d.get("quotes", [])),
            quantities=tuple(Quantity.from_dict(x) for x in d.get("quantities", [])),
            dates=tuple(DateRef.from_dict(x) for x in d.get("dates", [])),
            figures=tuple(Figure.from_dict(x) for x in d.get("figures", [])),
            statements=tuple(Statement.from_dict(x) for x in d.get("statements", [])),
            conflicts=tuple(Conflict.from_dict(x) for x in d.get("conflicts", [])),
            timeline=tuple(TimelineEvent.from_dict(x) for x in d.get("timeline", [])),
            summary=tuple(BriefSentence.from_dict(x) for x in d.get("summary", [])),
            per_source={k: SourceView.from_dict(v) for k, v in d.get("per_source", {}).items()},
            date=d.get("date"),
        )


@dataclass(frozen=True)
class Brief:
    """The whole result of one run: the JSON contract of `storyline brief`."""

    articles: tuple[Article, ...]
    rejected: tuple[Rejection, ...]
    stories: tuple[Story, ...]
    version: str = "1"

    def to_dict(self) -> Json:
        return {
            "version": self.version,
            "articles": [a.to_dict() for a in self.articles],
            "rejected": [r.to_dict() for r in self.rejected],
            "stories": [s.to_dict() for s in self.stories],
        }

    @classmethod
    def from_dict(cls, d: Json) -> Brief:
        return cls(
            tuple(Article.from_dict(a) for a in d["articles"]),
            tuple(Rejection.from_dict(r) for r in d["rejected"]),
            tuple(Story.from_dict(s) for s in d["stories"]),
            d.get("version", "1"),
        )
