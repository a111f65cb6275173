"""Token and entity look-ups by character offset, by binary search over a doc's offsets.

The per-story stages ask for the tokens of one sentence or one value many
times per article; `[t for t in doc if s <= t.idx < e]` visits every token of
the doc for each question, so a story's cost grew with its articles' length
times their sentences. Here each doc's token start offsets (and its entities)
are read once and kept in a small cache, and each question costs a binary
search plus the tokens it returns.

    >>> tokens_between(doc, 0, 12)     # == [t for t in doc if 0 <= t.idx < 12]  # doctest: +SKIP
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Sequence
from sys import intern
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from storyline.model import Article

# Docs whose offsets are kept; a story's stages move between its articles, and a cached
# entry holds its doc alive, so the cache is bounded rather than per story.
CACHE_DOCS = 512


class _Index:
    __slots__ = (
        "doc",
        "starts",
        "_ents",
        "_ent_starts",
        "_ent_tokens",
        "_text",
        "_words",
        "_content",
        "_sentences",
        "_pieces",
        "_name_words",
    )

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.starts: list[int] = doc.to_array("IDX").tolist() if len(doc) else []
        self._ents: tuple[Span, ...] | None = None
        self._ent_starts: list[int] = []
        self._ent_tokens: list[int] = []
        self._text: str | None = None
        self._words: list[str | None] | None = None
        self._content: list[str | None] | None = None
        self._sentences: tuple[Article, list[tuple[int, int]]] | None = None
        self._pieces: tuple[Article, list[tuple[int, tuple[int, int]]]] | None = None
        self._name_words: frozenset[str] | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = self.doc.text
        return self._text

    @property
    def words(self) -> list[str | None]:
        if self._words is None:
            # interned: a doc's words repeat, and the cache keeps hundreds of docs
            self._words = [
                None if t.is_punct or t.is_space else intern((t.lemma_ or t.text).lower())
                for t in self.doc
            ]
        return self._words

    @property
    def content(self) -> list[str | None]:
        if self._content is None:
            from storyline.analyse.nlp import CONTENT_POS

            self._content = [
                None
                if t.is_stop or not t.is_alpha or t.pos_ not in CONTENT_POS
                else intern(t.lemma_.lower())
                for t in self.doc
            ]
        return self._content

    @property
    def ents(self) -> tuple[Span, ...]:
        if self._ents is None:
            self._ents = tuple(self.doc.ents)
            self._ent_starts = [e.start_char for e in self._ents]
            self._ent_tokens = [e.start for e in self._ents]
        return self._ents


_CACHE: OrderedDict[int, _Index] = OrderedDict()


def _index(doc: Doc) -> _Index:
    key = id(doc)
    entry = _CACHE.get(key)
    if entry is not None and entry.doc is doc:
        _CACHE.move_to_end(key)
        return entry
    entry = _Index(doc)
    _CACHE[key] = entry
    while len(_CACHE) > CACHE_DOCS:
        _CACHE.popitem(last=False)
    return entry


def tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens whose first character lies in [start, end), in order.

    The same tokens as `[t for t in doc if start <= t.idx < end]`.
    """
    starts = _index(doc).starts
    lo, hi = bisect_left(starts, start), bisect_left(starts, end)
    return [doc[i] for i in range(lo, hi)]


def sentence_spans(article: Article, doc: Doc) -> list[tuple[int, int]]:
    """`nlp.sentence_spans(article, doc)`, worked out once per doc and article (the
    summary, timeline and figures stages each read every sentence of an article)."""
    index = _index(doc)
    found = index._sentences
    if found is None or found[0] is not article:
        from storyline.analyse.nlp import sentence_spans as spans_of

        found = index._sentences = (article, spans_of(article, doc))
    return list(found[1])


def sentence_pieces(article: Article, doc: Doc) -> list[tuple[int, tuple[int, int]]]:
    """The article's sentences as what each says, with the index of its sentence: a
    sentence at the head of a scraped text less a date line, a wire's credit or a title
    run into it, and that title a piece of its own (`readers.head_pieces`); worked out
    once per doc and article (the statements and summary stages read them)."""
    index = _index(doc)
    found = index._pieces
    if found is None or found[0] is not article:
        from storyline.ingest.readers import head_of, head_pieces

        title, report = head_of(article)
        pieces = [
            (rank, piece)
            for rank, (s, e) in enumerate(sentence_spans(article, doc))
            for piece in head_pieces(s, e, title, report)
        ]
        found = index._pieces = (article, pieces)
    return list(found[1])


def token_starts(doc: Doc) -> list[int]:
    """Each token's first character (`t.idx`), in token order."""
    return _index(doc).starts


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once per doc (spaCy joins the tokens again on every read)."""
    return _index(doc).text


def lemma_words(doc: Doc) -> list[str | None]:
    """Per token, its lemma (its text where the lemma is empty) in lower case, or None
    for punctuation and whitespace: what summaries compare sentences on, read once per doc."""
    return _index(doc).words


def content_stems(
    doc: Doc,
    start: int,
    end: int,
    skip: Sequence[tuple[int, int]] = (),
    ignore: frozenset[str] = frozenset(),
) -> frozenset[str]:
    """`nlp.content_stems` (stems of the nouns, names, verbs and adjectives in
    `start:end`), the same stems, from the doc's content lemmas read once per doc."""
    index = _index(doc)
    starts, content = index.starts, index.content
    out = set()
    for i in range(bisect_left(starts, start), bisect_left(starts, end)):
        lemma = content[i]
        if lemma is None or lemma in ignore:
            continue
        if skip and any(s <= starts[i] < e for s, e in skip):
            continue
        out.add(lemma[:5])
    return frozenset(out)


def ent_of_token(doc: Doc, i: int) -> Span | None:
    """The entity that token `i` is part of, if any (`doc.ents` never overlap)."""
    index = _index(doc)
    all_ents = index.ents
    k = bisect_right(index._ent_tokens, i) - 1
    if k >= 0 and i < all_ents[k].end:
        return all_ents[k]
    return None


def ents(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, built once per doc (the property makes new spans on every read)."""
    return _index(doc).ents


# Entity labels of parties: a person, a body, a country or place, a people.
PARTY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def name_words(doc: Doc) -> frozenset[str]:
    """Lower-cased words of the doc's parties' names (`PARTY_LABELS`), read once per doc.

    The tagger does not always tag a name where it stands ("Sanders is up from 37
    percent", "Sanders" a common noun, no entity there); the doc names it elsewhere.
    """
    index = _index(doc)
    if index._name_words is None:
        index._name_words = frozenset(
            t.lower_ for e in index.ents if e.label_ in PARTY_LABELS for t in e if t.is_alpha
        )
    return index._name_words


def ents_starting_between(doc: Doc, start: int, end: int) -> tuple[Span, ...]:
    """The entities whose first character lies in [start, end), in order.

    The same entities as `[e for e in doc.ents if start <= e.start_char < end]`.
    """
    index = _index(doc)
    all_ents = index.ents
    starts = index._ent_starts
    return all_ents[bisect_left(starts, start) : bisect_left(starts, end)]


def span_ents(span: Span) -> list[Span]:
    """`span.ents` (the entities wholly inside a span), found by binary search.

    spaCy reads `doc.ents` anew and walks it from the doc's start for every
    span; this returns the same entities, in the same order: those starting at
    or after the span's first token, up to the first that ends past it.
    """
    index = _index(span.doc)
    all_ents = index.ents
    out = []
    for ent in all_ents[bisect_left(index._ent_tokens, span.start) :]:
        if ent.end > span.end:
            break
        out.append(ent)
    return out


# A sentence of no verb and fewer words than this says nothing of its own (`says_nothing`).
FRAGMENT_WORDS = 7


# A photo's credit closing its caption: "(TRT World and Agencies)", "(Reuters Photo)", "(File
# photo)", "(AFP/Getty Images)" (not a wire's name alone: "... the ministry said. (Reuters)"
# may close a report's last sentence)
PHOTO_CREDIT = re.compile(
    r"\([^()]{0,40}\b(?:agencies|photos?|images)\b[^()]{0,20}\)[\s.]*$", re.IGNORECASE
)


def says_nothing(sent: Span) -> bool:
    """Is the sentence a line that states nothing: no verb and a few words? A credit
    ("--Reuters", "(TRT World and Agencies)", "Source Reuters"), a live blog's time
    ("2:35 p.m."), a section label ("FULL TEXT.", "Read Also"), a signature ("― Ana
    Ruiz"), a fragment that leans on the sentence before it ("Probably not."), a date line
    ("Friday, December 4, 2015."), an item of a ranked list ("1. Donald Trump (Last
    week: 2.)"). A photo's caption, which a scraped text runs in among the sentences,
    closed by the photo's credit (`PHOTO_CREDIT`: "A civil defence member runs near an
    ambulance after an airstrike ... Syria August 6 2016 (TRT World and Agencies)"), tells
    what a picture shows, not the report. Such a line is no statement, no timeline
    event and no summary sentence."""
    if PHOTO_CREDIT.search(sent.text):
        return True
    if any(t.pos_ in {"VERB", "AUX"} and any(c.isalpha() for c in t.text) for t in sent):
        return False  # (a dash the tagger takes for a verb is none: "― Ana Ruiz")
    return sum(1 for t in sent if t.is_alpha) < FRAGMENT_WORDS


def says_nothing_at(doc: Doc, start: int, end: int) -> bool:
    """`says_nothing` of the sentence at characters `start:end` of `doc`."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and says_nothing(span)
