"""digest.verbatim: the indexed search finds exactly what searching every article finds."""

from __future__ import annotations

import random

from tests.conftest import need_shared

from storyline.digest.verbatim import Verbatim
from storyline.model import Article, Span


def _brute(text: str, articles: list[Article]) -> list[Span]:
    out = []
    for art in articles:
        at = art.text.find(text)
        if at >= 0:
            out.append(Span(art.id, at, at + len(text)))
    return out


def _article(i: int, text: str) -> Article:
    return Article(id=f"a{i}", text=text)


def test_verbatim_finds_pieces_that_start_and_end_inside_words() -> None:
    arts = [
        _article(0, "The harbour strike entered its fourth day.\nPickets stayed out."),
        _article(1, "Dockers said the harbour strike entered its fourth day on Monday."),
        _article(2, "Nothing about it here, only unharboured\tstrike talk."),
    ]
    index = Verbatim(arts)
    for text in (
        "harbour strike entered its fourth day",
        "arbour strike entered its fourth da",  # first and last words cut
        "day.\nPickets",
        "strike",
        "its fourth day on Monday.",
        "not anywhere at all",
    ):
        assert index.spans(text) == _brute(text, arts), text
    assert index.spans("harbour strike entered", skip={"a0"}) == _brute(
        "harbour strike entered", arts[1:]
    )


def test_verbatim_equals_searching_every_article_on_the_seeds() -> None:
    seeds = need_shared("seeds")
    arts = [_article(i, p.read_text("utf-8")) for i, p in enumerate(sorted(seeds.glob("*.txt")))]
    index = Verbatim(arts)
    rng = random.Random(7)
    for art in arts:
        for _ in range(60):  # random pieces, most cutting words at both ends
            s = rng.randrange(len(art.text))
            piece = art.text[s : s + rng.randrange(1, 160)]
            assert index.spans(piece) == _brute(piece, arts)
