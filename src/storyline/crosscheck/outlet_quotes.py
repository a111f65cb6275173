"""Quotations of another outlet of the story, checked against that outlet's own article.

'The New York Times reported the charges against Grimm "will include mail fraud
and wire fraud and focus on his conduct ..."' (HuffPost) can be read against the
Times' article in the same story: "were expected to include mail fraud and wire
fraud, and to focus largely on his conduct ...". A person's spoken words reach
outlets through different ears and transcripts, so `quotecheck` lets small
rewordings pass; an outlet's written words are there to copy, so any change of
words inside the quotation is a misquote. Spelling, case, punctuation,
abbreviation dots ("F.B.I."/"FBI"), a quotation trimmed at either end or cut at
an ellipsis are not.

A misquote is a conflict of kind `misquote`: the quoting outlet's words on one
side, the quoted outlet's own words on the other. Both sentences still report
the same fact (the BASIL gold counts the HuffPost and Times sentences above as
stating "the charges are expected to include mail fraud and wire fraud"), so it
cuts no statement (`Conflict.of_claims`).
"""

from __future__ import annotations

import difflib
import re
from typing import TYPE_CHECKING

from storyline.crosscheck.quotecheck import (
    DENSE,
    MIN_WORDS,
    alignment,
    occurrences,
    where_they_differ,
    words,
)
from storyline.crosscheck.relays import reader
from storyline.model import Conflict, ConflictSide, Span

if TYPE_CHECKING:
    from storyline.context import StoryContext

ELLIPSIS = re.compile(r"\.\.\.|…")
WORD = re.compile(r"[A-Za-z0-9]+(?:[.,]\d+)?")
FOUND = 0.8  # share of the quotation's words found in order in the outlet's passage


def outlet_misquotes(ctx: StoryContext) -> list[Conflict]:
    """A conflict for each quotation of a story's outlet, by another outlet, whose words
    differ from that outlet's own article in the story."""
    relays = reader(ctx)
    outlets = relays.outlets
    by_outlet: dict[str, list[str]] = {}
    for a in ctx.articles:
        if a.source:
            by_outlet.setdefault(outlets.key_of(a.source), []).append(a.id)
    if len(by_outlet) < 2:
        return []  # one outlet, or none named: no outlet to quote another
    out: list[Conflict] = []
    seen: set[tuple[Span, str]] = set()
    for q in occurrences(ctx):
        # the outlet's own words: it is the speaker ("The New York Times reported the
        # charges “will include ...”"), or the sentence passes on its report and names
        # no speaker; not where a person spoke to it ("Boehner told Fox News, “...”":
        # `quotecheck` compares the outlets' wordings of Boehner's words)
        relayed = {outlets.key_of(name) for name in relays.around(q.span)}
        key = outlets.named(q.speaker) if q.speaker else _one(relayed)
        if key is None or key not in relayed or key in relays.own[q.span.article]:
            continue
        if len(words(q.text)) < MIN_WORDS:
            continue
        for aid in by_outlet.get(key, []):
            if (q.span, aid) in seen:
                continue
            seen.add((q.span, aid))
            own = _own_words(ctx, aid, q.text)
            if own is not None:
                out.append(_conflict(ctx, q.span, q.text, own, outlets.names[key]))
    return out


def _one(keys: set[str]) -> str | None:
    return next(iter(keys)) if len(keys) == 1 else None


def _own_words(ctx: StoryContext, article: str, quoted: str) -> Span | None:
    """Where the outlet's article says what it is quoted as saying in other words: the
    passage of one or two of its sentences holding the quotation's words in order, where
    those words differ; None where the article says them word for word, or nowhere."""
    doc = ctx.docs.get(article)
    if doc is None:
        return None
    text = ctx.by_id[article].text
    wq = words(quoted)
    sents = list(doc.sents)
    per = [words(s.text) for s in sents]  # each sentence's words, once
    best: tuple[float, int, int] | None = None
    for i, s in enumerate(sents):
        for j in range(i, min(i + 2, len(sents))):
            cover, dense, _ = alignment(wq, per[i] if j == i else per[i] + per[j])
            if cover >= FOUND and dense >= DENSE and (best is None or cover > best[0]):
                best = (cover, s.start_char, sents[j].end_char)
    if best is None:
        return None
    _, start, end = best
    if _verbatim(quoted, text[start:end]):
        return None
    return _window(article, text, start, end, wq)


def _verbatim(quoted: str, passage: str) -> bool:
    """Does the passage hold each piece of the quotation (cut at its ellipses) word for
    word, in order? Spelling by letters alone counts as the same ("F.B.I." / "FBI")."""
    have = "".join(_letters(passage))
    at = 0
    for piece in ELLIPSIS.split(quoted):
        want = "".join(_letters(piece))
        if not want:
            continue
        at = have.find(want, at)
        if at < 0:
            return False
        at += len(want)
    return True


def _letters(text: str) -> list[str]:
    return [w.lower().replace(".", "").replace(",", "") for w in WORD.findall(text)]


def _window(article: str, text: str, start: int, end: int, wq: list[str]) -> Span:
    """The stretch of `text[start:end]` the quotation stands for: from the first word it
    shares with it to the last, and as many words again around where the quotation's
    own first or last words are not found there ("will include" / "were expected to
    include")."""
    toks = [(m.group(0).lower(), m.start(), m.end()) for m in WORD.finditer(text, start, end)]
    matcher = difflib.SequenceMatcher(None, wq, [t for t, _, _ in toks], autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks:
        return Span(article, start, end)
    first, last = blocks[0], blocks[-1]
    head, tail = first.a, len(wq) - (last.a + last.size)
    lo = max(0, first.b - (2 * head + 1 if head else 0))
    hi = min(len(toks), last.b + last.size + (2 * tail + 1 if tail else 0))
    return Span(article, toks[lo][1], toks[hi - 1][2])


def _conflict(ctx: StoryContext, quote: Span, quoted: str, own: Span, outlet: str) -> Conflict:
    said = own.text(ctx.by_id)
    quoting = ctx.by_id[quote.article].source or "A source"
    theirs, own_words = where_they_differ(quoted, said)
    desc = f"{quoting} quotes {outlet} as “{theirs}”; {outlet} wrote “{own_words}”"
    sides = (ConflictSide(quoted, (quote,)), ConflictSide(said, (own,)))
    return Conflict("misquote", desc, sides)
