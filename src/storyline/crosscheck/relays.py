"""Sentences in which an outlet reports what another outlet reported.

"Blumenthal told the Times he had misspoken", "multiple sources tell Fox
News", "the AP reported that ...", "according to the Times", "Corker said on
'Fox News Sunday'": the outlet printing the sentence passes on another
outlet's reporting. The sentence still states the fact, and counts as its
outlet's support (the BASIL cross-check gold counts it so), but it is not the
independent confirmation a count of sources suggests: a reader should see that
it cites another outlet, as a wire's story is shown as the wire's.

An outlet is one of the story's own (by `sources.outlet_key`, also in short:
"the Times" for "The New York Times", "NYT", "Fox News Sunday" for "Fox News")
or a wire service (AP, Reuters, AFP, UPI); a mention of it counts only in the
frame of a report (`frame`) and outside quotation marks (a speaker who says
"AP reports ..." is the speaker's claim). An article does not relay itself:
"told Fox News" in a Fox News article is its own reporting.

    >>> from storyline.analyse.nlp import load
    >>> doc = load()("Smith told the Times he would resign.")
    >>> relayed(doc[:], Outlets.of(["New York Times"]))
    ('New York Times',)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storyline.memo import LastOf
from storyline.model import Conflict, Figure, Quote, Relay, Span, Statement
from storyline.sources import WIRES, outlet_key

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from storyline.context import StoryContext

# The subject of a verb of reporting gives its report: "the Times reported", "AP says",
# "Fox News has learned", "the Post found".
REPORTING = frozenset(
    {
        "report",
        "say",
        "write",
        "reveal",
        "detail",
        "find",
        "publish",
        "obtain",
        "learn",
        "confirm",
        "disclose",
        "quote",
    }
)
# Said to an outlet, with it or on it: "told Fox News", "in an interview with the AP",
# "said on Fox News Sunday", "confirmed to Fox News".
SPOKEN_TO = frozenset(
    {
        "interview",
        "speak",
        "talk",
        "say",
        "tell",
        "confirm",
        "appear",
        "appearance",
        "comment",
        "remark",
        "statement",
    }
)
# Short names outlets go by that `outlet_key` cannot derive from the full one.
ALIAS_NAMES = {
    "Huffington Post": "HuffPost",
    "HuffPo": "HuffPost",
    "NYTimes": "New York Times",
    "WaPo": "Washington Post",
    "WSJ": "Wall Street Journal",
    **WIRES,
}
ALIASES = {outlet_key(alias): outlet_key(name) for alias, name in ALIAS_NAMES.items()}
MIN_PART = 5  # the least letters of a name's end ("times") or start ("foxnews") that name it
QUOTE_MARKS = re.compile(r"[\"\u201c\u201d]")
TITLE_WORDS = 4  # words of a quoted show or article title; a longer quotation is speech
WORD = re.compile(r"\w+")
# A name's words that no sentence is worth reading the parse for ("the", "of"): the
# others ("Times", "Fox", "AP") are.
STOP_WORDS = frozenset({"the", "of", "and", "a", "on", "in", "for", "at", "to", "news", "new"})
# How a word of a name hangs under the head of the name: "New York Times", "Fox News'
# Bill Hemmer", "the AP's report".
NAME_PARTS = frozenset({"compound", "poss", "amod", "nmod", "case"})


@dataclass(frozen=True)
class Outlets:
    """The outlets a story's sentences may cite: its own and the wire services.

    `names` maps an outlet's key to the name a reader sees (the first article's
    spelling of it); `words` holds every word of those names, their initials and
    their aliases, lower-cased, so that a sentence naming none is passed over
    without reading its parse.
    """

    names: dict[str, str]
    words: frozenset[str]
    pattern: re.Pattern[str]  # any of `words`, as a word of a text

    @classmethod
    def of(cls, sources: Iterable[str | None]) -> Outlets:
        names: dict[str, str] = {}
        for name in [*sources, *dict.fromkeys(WIRES.values())]:
            if name and name.strip():
                names.setdefault(_canonical(outlet_key(name)), name.strip())
        words = {w for n in [*names.values(), *ALIAS_NAMES] for w in WORD.findall(n.lower())}
        words |= {_initials(n) for n in names.values()}
        words -= STOP_WORDS
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
        return cls(names, frozenset(words), re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE))

    def mentioned(self, text: str) -> bool:
        """Does a text hold a word of an outlet's name (so that its parse is worth reading)?"""
        return self.pattern.search(text) is not None

    def key_of(self, name: str) -> str:
        """The key an outlet's name goes by here ("Huffington Post" -> "huffpost")."""
        return _canonical(outlet_key(name))

    def named(self, mention: str) -> str | None:
        """The one outlet a mention names ("the Times", "NYT", "Fox News Sunday"); None
        where it names none or could be either of two ("the Times" with two Timeses)."""
        m = _canonical(outlet_key(mention))
        hits = [key for key, name in self.names.items() if _names(m, key, name)]
        return hits[0] if len(hits) == 1 else None


def relayed(
    span: SpacySpan, outlets: Outlets, own: frozenset[str] = frozenset()
) -> tuple[str, ...]:
    """The names of the outlets whose reporting a sentence passes on, in order of mention;
    `own`: the keys of the outlet printing it (and its wire), which it does not relay."""
    if not outlets.mentioned(span.text):
        return ()
    quoted = _quoted_offsets(span)
    out: list[str] = []
    for head in _mentions(span, outlets.words):
        if any(lo <= head.idx < hi for lo, hi in quoted) or frame(head) is None:
            continue
        phrase = head.doc[head.left_edge.i : head.i + 1]  # the name up to its head
        key = outlets.named(" ".join(t.text for t in phrase if t.dep_ not in {"det", "case"}))
        if key is not None and key not in own and outlets.names[key] not in out:
            out.append(outlets.names[key])
    return tuple(out)


def frame(head: Token) -> str | None:
    """How a noun phrase headed by `head` gives someone's report, if it does: "according"
    ("according to the AP"), "spoken to" ("told the AP", "in an interview with the AP",
    "said on Fox News Sunday") or "reported" ("the AP reported")."""
    up = head.head
    if head.dep_ == "pobj" and up.dep_ == "prep":
        if up.lower_ == "to" and up.head.lower_ == "according":
            return "according"
        if up.lower_ in {"with", "on", "to"} and up.head.lemma_.lower() in SPOKEN_TO:
            return "spoken to"
    if head.dep_ in {"dobj", "dative"} and up.lemma_.lower() == "tell":
        return "spoken to"
    if head.dep_ == "nsubj" and up.lemma_.lower() in REPORTING:
        return "reported"
    return None


class Reader:
    """Reads the relays of one story's sentences, each sentence once.

    `statements`, `quotes`, `conflicts` and `figures` return their items with
    `relays` filled: the articles whose cited sentence (a statement's), or the
    sentence around a quotation or a value, passes on another outlet's reporting
    ("“...,” Ruiz told the Times", "at least 22 civilians ... Rahman told AFP").
    """

    def __init__(self, ctx: StoryContext) -> None:
        self.ctx = ctx
        self.outlets = Outlets.of(a.source for a in ctx.articles)
        self.own = {
            a.id: frozenset(_canonical(outlet_key(x)) for x in (a.source, a.wire) if x)
            for a in ctx.articles
        }
        self.memo: dict[tuple[str, int, int], tuple[str, ...]] = {}
        # articles that name an outlet anywhere: no other sentence need be read
        self.naming = {a.id for a in ctx.articles if self.outlets.mentioned(a.text)}

    def of_span(self, article: str, start: int, end: int) -> tuple[str, ...]:
        """Outlets the sentence at `article[start:end]` passes on the reporting of."""
        key = (article, start, end)
        if article not in self.naming:
            return ()
        if key not in self.memo:
            text = self.ctx.by_id[article].text[start:end]
            doc = self.ctx.docs.get(article) if self.outlets.mentioned(text) else None
            span = None if doc is None else doc.char_span(start, end, "expand")
            self.memo[key] = () if span is None else relayed(span, self.outlets, self.own[article])
        return self.memo[key]

    def around(self, at: Span) -> tuple[str, ...]:
        """Outlets whose reporting the sentences a span stands in pass on (a quotation's
        attribution may follow its first sentence or its last)."""
        doc = self.ctx.docs.get(at.article) if at.article in self.naming else None
        span = None if doc is None else doc.char_span(at.start, at.end, "expand")
        if span is None or not len(span):
            return ()
        first, last = span[0].sent, span[-1].sent
        if not self.outlets.mentioned(
            self.ctx.by_id[at.article].text[first.start_char : last.end_char]
        ):
            return ()
        sents = dict.fromkeys([first, last])
        return tuple(
            dict.fromkeys(
                name for s in sents for name in self.of_span(at.article, s.start_char, s.end_char)
            )
        )

    def statements(self, statements: Sequence[Statement]) -> list[Statement]:
        """Each sentence statement's relays (a statement cites whole sentences)."""
        out: list[Statement] = []
        for st in statements:
            if st.kind != "sentence":
                out.append(st)
                continue
            found = [
                Relay(c.article, name)
                for c in st.citations
                for name in self.of_span(c.article, c.start, c.end)
            ]
            out.append(replace(st, relays=tuple(dict.fromkeys(found))) if found else st)
        return out

    def cited(self, citations: Iterable[Span]) -> tuple[Relay, ...]:
        """Relays of the sentences around spans (a value's, a quotation's)."""
        found = [Relay(c.article, name) for c in citations for name in self.around(c)]
        return tuple(dict.fromkeys(found))

    def conflicts(self, conflicts: Sequence[Conflict]) -> list[Conflict]:
        """Each side's relays: "31 [1][2] ([2] citing AFP)"."""
        return [
            replace(c, sides=tuple(replace(s, relays=self.cited(s.citations)) for s in c.sides))
            for c in conflicts
        ]

    def figures(self, figures: Sequence[Figure]) -> list[Figure]:
        """Each value's relays."""
        return [
            replace(f, values=tuple(replace(v, relays=self.cited(v.citations)) for v in f.values))
            for f in figures
        ]

    def quotes(self, quotes: Sequence[Quote]) -> list[Quote]:
        """Each quote's relays, from the sentences of its occurrences."""
        return [replace(q, relays=self.cited(o.span for o in q.occurrences)) for q in quotes]


_READERS: LastOf[StoryContext, Reader] = LastOf(Reader)


def reader(ctx: StoryContext) -> Reader:
    """The story's one `Reader`: the conflicts stage (`outlet_quotes`) and the story's
    last step (`api.build_story`) read the same sentences."""
    return _READERS(ctx)


def _mentions(span: SpacySpan, words: frozenset[str]) -> list[Token]:
    """The heads of the noun phrases of a sentence that hold a word of an outlet's name:
    "Times" in "the New York Times", "Sunday" in "Fox News Sunday", "Hemmer" in "Fox
    News' Bill Hemmer" (a name is read up to its head, through its compounds and its
    possessor)."""
    heads: list[Token] = []
    for tok in span:
        if tok.lower_ not in words:
            continue
        head = tok
        while head.dep_ in NAME_PARTS and head.head.i != head.i:
            head = head.head
        if head not in heads:
            heads.append(head)
    return heads


def _quoted_offsets(span: SpacySpan) -> list[tuple[int, int]]:
    """Document offsets of the stretches of a sentence inside quotation marks that are
    someone's words: a quotation left open runs to the sentence's end (it goes on in the
    next), and a short one is a name ("said on “Fox News Sunday”"), not words."""
    text, base = span.text, span.start_char
    marks = [m.start() for m in QUOTE_MARKS.finditer(text)]
    if len(marks) % 2:
        marks.append(len(text))
    return [
        (base + a, base + b)
        for a, b in zip(marks[::2], marks[1::2], strict=True)
        if len(text[a:b].split()) > TITLE_WORDS
    ]


def _canonical(key: str) -> str:
    return ALIASES.get(key, key)


def _initials(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w.lower() not in {"the", "of"}]
    return "".join(w[0] for w in words).lower()


def _names(mention: str, key: str, name: str) -> bool:
    """Does a mention's key name the outlet of `key` (its full key, its last word or
    more, its key followed by a show's name, its initials)?"""
    if not mention:
        return False
    if mention == key:
        return True
    if len(mention) >= MIN_PART and key.endswith(mention):
        return True
    if len(key) >= MIN_PART and mention.startswith(key):
        return True
    return len(mention) >= 3 and len(key) > len(mention) and mention == _initials(name)
