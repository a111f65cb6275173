"""The attribute ruler and lemmatizer over arrays give stock spaCy's docs, token for token."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

from conftest import need_shared
from storyline.analyse import nlp
from storyline.analyse.fast_pipes import ArrayEnglishLemmatizer, ruler_tests

COLUMNS = [ORTH, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]

# Texts that reach the ruler's rarer patterns: contractions and their two-token rules
# ("ai n't", "gon na", "got ta", "let 's", "y' all"), its regular expressions
# ("nothin'"), spaces, pronouns as objects, "there is", auxiliaries, determiners as
# pronouns; and lemmas of every part of speech, already set or not.
TEXTS = [
    "It ain't over, and we're gonna win. Y'all know it. Let's go, I gotta say.",
    "Nothin' was said.  \n\n  The mayor told me and them that she had done it.",
    "There is a deal; there were two deals. That is what those who voted wanted.",
    "He doesn't know whether the dockworkers, who'd walked out, will return. "
    "Ships waited 3 days; residents were moved and 12 more ships are expected.",
    "I'm sure you've seen it: the Harbour Authority's chief, Ana Ruiz, said "
    "\u201cWe are not going back\u201d on Tuesday, Sept. 15, 2026.",
    "",
    " \n ",
    "Yes",
]


def docs_both(texts: list[str]) -> tuple[list, list]:
    stock, fast = nlp.load(stock=True), nlp.load()
    return list(stock.pipe(texts)), list(fast.pipe(texts))


def assert_same(stock_docs: list, fast_docs: list) -> None:
    for a, b in zip(stock_docs, fast_docs, strict=True):
        assert a.text == b.text
        assert np.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS)), a.text[:80]
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b]


def test_fast_pipes_are_in_use_and_the_stock_model_is_not_changed() -> None:
    fast, stock = nlp.load(), nlp.load(stock=True)
    assert isinstance(fast.get_pipe("lemmatizer"), ArrayEnglishLemmatizer)
    assert "match" in vars(fast.get_pipe("attribute_ruler"))
    assert not isinstance(stock.get_pipe("lemmatizer"), ArrayEnglishLemmatizer)
    assert "match" not in vars(stock.get_pipe("attribute_ruler"))
    # every pattern of the model's ruler is one the array tests cover
    assert ruler_tests(stock.get_pipe("attribute_ruler")) is not None


def test_fast_pipes_give_the_stock_docs_on_written_texts() -> None:
    stock_docs, fast_docs = docs_both(TEXTS)
    assert_same(stock_docs, fast_docs)
    # the rare rules did fire (the texts test what they are meant to)
    lemmas = {t.text.lower(): t.lemma_ for d in fast_docs for t in d}
    assert lemmas["ai"] == "be" and lemmas["gon"] == "go" and lemmas["nothin'"] == "nothing"


def test_fast_pipes_give_the_stock_ruler_matches() -> None:
    stock = nlp.load(stock=True)
    ruler = stock.get_pipe("attribute_ruler")
    fast_match = nlp.load().get_pipe("attribute_ruler").match
    with stock.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        docs = list(stock.pipe(TEXTS))
    for doc in docs:
        assert fast_match(doc) == ruler.match(doc)


def test_fast_pipes_a_pattern_they_do_not_cover_leaves_the_ruler_as_it_is() -> None:
    import spacy

    from storyline.analyse.fast_pipes import speed_up

    blank = spacy.blank("en")
    ruler = blank.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a"}, {"IS_DIGIT": True, "OP": "+"}]], {"LEMMA": "x"})
    speed_up(blank)
    assert "match" not in vars(ruler)
    other = spacy.blank("en")
    other.add_pipe("attribute_ruler").add([[{"TAG": "NN"}]], {"POS": "NOUN"})
    speed_up(other)
    assert "match" in vars(other.get_pipe("attribute_ruler"))


@pytest.mark.slow
def test_fast_pipes_give_the_stock_docs_on_real_articles() -> None:
    seeds = sorted(need_shared("seeds").glob("*"))
    polnear = sorted(need_shared("data", "polnear-dev", "dev", "text").glob("*.txt"))[:40]
    texts = [Path(p).read_text(encoding="utf-8", errors="replace") for p in seeds + polnear]
    assert len(texts) >= 40
    assert_same(*docs_both(texts))
