"""The data model: JSON round trips, ids, and paragraph blocks."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from storyline.model import (
    Article,
    Brief,
    BriefSentence,
    Conflict,
    ConflictSide,
    DateRef,
    Entity,
    Quantity,
    Quote,
    QuoteOccurrence,
    Rejection,
    SourceItem,
    SourceView,
    Span,
    Statement,
    Story,
    TimelineEvent,
    article_id,
)

ids = st.text(alphabet="0123456789abcdef", min_size=4, max_size=16)
words = st.text(min_size=1, max_size=30)
spans = st.builds(Span, ids, st.integers(0, 1000), st.integers(0, 1000))
span_tuples = st.lists(spans, max_size=3).map(tuple)

articles = st.builds(
    Article,
    id=ids,
    text=words,
    title=st.none() | words,
    published=st.none() | st.just("2025-09-15"),
    source=st.none() | words,
    path=st.none() | words,
    url=st.none() | words,
    headings=st.lists(st.tuples(st.integers(0, 9), st.integers(10, 20)), max_size=2).map(tuple),
    duplicate_of=st.none() | ids,
)
occurrences = st.builds(
    QuoteOccurrence,
    span=spans,
    text=words,
    speaker_text=st.none() | words,
    speaker_span=st.none(),
)
stories = st.builds(
    Story,
    id=ids,
    title=words,
    articles=st.lists(ids, min_size=1, max_size=3).map(tuple),
    entities=st.lists(
        st.builds(
            Entity,
            words,
            words,
            st.lists(words).map(tuple),
            st.lists(words).map(tuple),
            span_tuples,
        ),
        max_size=2,
    ).map(tuple),
    quotes=st.lists(
        st.builds(
            Quote,
            words,
            st.none() | words,
            st.booleans(),
            st.lists(occurrences, max_size=2).map(tuple),
        ),
        max_size=2,
    ).map(tuple),
    quantities=st.lists(
        st.builds(
            Quantity, spans, words, st.floats(-1e6, 1e6), st.sampled_from(["percent", "count"])
        ),
        max_size=2,
    ).map(tuple),
    dates=st.lists(
        st.builds(
            DateRef, spans, words, st.none() | st.just("2025-09"), st.just("month"), st.booleans()
        ),
        max_size=2,
    ).map(tuple),
    statements=st.lists(
        st.builds(Statement, words, st.integers(1, 5), span_tuples), max_size=2
    ).map(tuple),
    conflicts=st.lists(
        st.builds(
            Conflict,
            words,
            words,
            st.lists(st.builds(ConflictSide, words, span_tuples), max_size=2).map(tuple),
        ),
        max_size=2,
    ).map(tuple),
    timeline=st.lists(
        st.builds(TimelineEvent, st.just("2025"), words, span_tuples, st.just("year")), max_size=2
    ).map(tuple),
    summary=st.lists(st.builds(BriefSentence, words, span_tuples), max_size=2).map(tuple),
    per_source=st.dictionaries(
        ids,
        st.builds(
            SourceView,
            st.lists(st.builds(SourceItem, words, span_tuples)).map(tuple),
            st.lists(st.builds(SourceItem, words, span_tuples)).map(tuple),
        ),
        max_size=2,
    ),
)
briefs = st.builds(
    Brief,
    st.lists(articles, max_size=3).map(tuple),
    st.lists(st.builds(Rejection, words, words, st.just("E001")), max_size=2).map(tuple),
    st.lists(stories, max_size=2).map(tuple),
)


@given(briefs)
def test_model_brief_round_trips_through_json(brief: Brief) -> None:
    assert Brief.from_dict(brief.to_dict()) == brief


@given(occurrences, spans)
def test_model_quote_occurrence_keeps_speaker_span(occ: QuoteOccurrence, sp: Span) -> None:
    with_speaker = QuoteOccurrence(
        occ.span, occ.text, "x", Span(occ.span.article, sp.start, sp.end)
    )
    assert QuoteOccurrence.from_dict(with_speaker.to_dict()) == with_speaker


def test_model_article_id_ignores_whitespace_layout() -> None:
    assert article_id("One two.\n\nThree") == article_id("One  two.\r\nThree\n")
    assert article_id("One two.") != article_id("One three.")


def test_model_blocks_mark_headings() -> None:
    text = "First para.\n\nA Heading\n\nSecond para."
    a = Article("x", text, headings=((13, 22),))
    assert [(text[s:e], h) for s, e, h in a.blocks()] == [
        ("First para.", False),
        ("A Heading", True),
        ("Second para.", False),
    ]


def test_model_statement_single_source_follows_support() -> None:
    assert Statement("a", 1, ()).to_dict()["single_source"] is True
    assert Statement("a", 3, ()).to_dict()["single_source"] is False
