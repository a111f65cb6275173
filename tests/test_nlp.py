"""Sentence units: paragraphs respected, headings skipped, quotations kept whole."""

from __future__ import annotations

import pytest

from storyline.clean import clean_text
from storyline.model import Article, article_id
from storyline.nlp import annotate, sentence_spans


def sentences(raw: str) -> list[str]:
    c = clean_text(raw, detect_title=False)
    a = Article(article_id(c.text), c.text, headings=c.headings)
    doc = annotate([a])[a.id]
    return [a.text[s:e] for s, e in sentence_spans(a, doc)]


def test_nlp_sentences_stay_inside_paragraphs_and_skip_headings() -> None:
    got = sentences(
        "The mayor spoke on Monday. She said little\n\nWhat Comes Next\n\n"
        "The council votes in June. The result is open."
    )
    assert got == [
        "The mayor spoke on Monday.",
        "She said little",
        "The council votes in June.",
        "The result is open.",
    ]


@pytest.mark.parametrize(
    "para",
    [
        "\u201cWe will not give up. We will win this,\u201d the mayor said.",
        'The mayor said, "We will not give up. We will win this. Nobody doubts it."',
        'The mayor told reporters: \u201c"We will not give up. We will win this."',
    ],
)
def test_nlp_multi_sentence_quotation_is_one_unit(para: str) -> None:
    got = sentences(para + " The vote is on Friday.")
    assert got == [para, "The vote is on Friday."]


def test_nlp_stray_quote_mark_does_not_swallow_the_paragraph() -> None:
    para = (
        'He called it a "plan. The vote is on Friday. The budget is large. '
        "The mayor is hopeful. The council is split. Nobody knows."
    )
    assert len(sentences(para)) >= 4


def test_nlp_spans_are_exact_and_ordered() -> None:
    text = "One sentence here. \u201cTwo. Three,\u201d she said.\n\nFour is here."
    c = clean_text(text, detect_title=False)
    a = Article("x", c.text)
    spans = sentence_spans(a, annotate([a])["x"])
    assert spans == sorted(spans)
    assert all(a.text[s:e].strip() == a.text[s:e] for s, e in spans)
