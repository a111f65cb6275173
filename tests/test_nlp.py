"""Sentence units: paragraphs respected, headings skipped, quotations kept whole."""

from __future__ import annotations

import pytest

from storyline.analyse.nlp import annotate, sentence_spans
from storyline.ingest.clean import clean_text
from storyline.model import Article, article_id


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


@pytest.mark.parametrize(
    "para",
    [
        '"Who are you!" the seven-term councillor demands.',
        "\u201cIs this the end?\u201d asked a resident of the harbour district.",
        "\u2018Why now?\u2019 the mayor wondered aloud.",
    ],
)
def test_nlp_quoted_question_and_its_attribution_are_one_unit(para: str) -> None:
    """spaCy ends a sentence at a quoted question or exclamation; the words after it in
    lower case finish that sentence (a unit of its own would read "the mayor wondered")."""
    got = sentences(para + " The vote is on Friday.")
    assert got == [para, "The vote is on Friday."]
    # a new sentence after a closing quotation opens in upper case and stays apart
    got = sentences('She asked: "Who pays?" The council did not answer.')
    assert got == ['She asked: "Who pays?"', "The council did not answer."]


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


def _texts(n: int) -> list[str]:
    return [
        f"Report {i}. The council of Kelmouth said on Monday that {i + 3} workers went on "
        f"strike at the harbour. \u201cWe want fair pay,\u201d said union leader Mary Lee {i}."
        for i in range(n)
    ]


def test_nlp_worker_processes_give_the_same_docs_as_one_process() -> None:
    from storyline.analyse.nlp import BATCH, load, parse_texts

    texts = _texts(2 * BATCH + 6)  # three batches: both workers busy, one gets a second
    one = parse_texts(load(), texts, processes=1)
    two = parse_texts(load(), texts, processes=2)
    assert [d.to_bytes() for d in one] == [d.to_bytes() for d in two]  # type: ignore[union-attr]


def test_nlp_worker_tasks_share_the_texts_evenly() -> None:
    """100 texts in whole batches of 32 were tasks of 32, 32, 32 and 4: one worker parsed
    64 texts while the other parsed 36 and then waited."""
    from storyline.analyse.nlp import BATCH, TASKS_PER_WORKER, tasks

    texts = ["x" * (1 + i % 17) for i in range(100)]
    runs = tasks(texts, 2)
    assert sorted(i for run in runs for i in run) == list(range(100))
    assert all(run == list(range(run[0], run[-1] + 1)) for run in runs)
    assert len(runs) >= 2 * TASKS_PER_WORKER and max(map(len, runs)) <= 13
    # the longest first, so that the last task either worker takes is a short one
    sizes = [sum(len(texts[i]) for i in run) for run in runs]
    assert sizes == sorted(sizes, reverse=True)
    # one process: whole batches, in order; many texts: whole batches too
    assert tasks(texts, 1) == [list(range(i, min(i + BATCH, 100))) for i in range(0, 100, BATCH)]
    assert max(map(len, tasks(["x"] * 1000, 2))) == BATCH


def test_nlp_uneven_texts_parse_in_workers_as_in_one_process() -> None:
    from storyline.analyse.nlp import BATCH, load, parse_texts

    texts = [" ".join([t] * (1 + i % 5)) for i, t in enumerate(_texts(2 * BATCH + 6))]
    one = parse_texts(load(), texts, processes=1)
    two = parse_texts(load(), texts, processes=2)
    assert [d.text for d in two] == texts  # type: ignore[union-attr]
    assert [d.to_bytes() for d in one] == [d.to_bytes() for d in two]  # type: ignore[union-attr]


@pytest.mark.parametrize("processes", [1, 2])
def test_nlp_docs_come_without_the_tok2vec_tensor(processes: int) -> None:
    """Nothing reads it, a store never kept it, and it was three quarters of a doc's bytes."""
    from storyline.analyse.nlp import BATCH, load, parse_texts

    docs = parse_texts(load(), _texts(BATCH + 2), processes=processes)
    assert all(d.tensor.size == 0 for d in docs)  # type: ignore[union-attr]


def _articles(n: int) -> list[Article]:
    return [Article(article_id(t), t) for t in _texts(n)]


@pytest.fixture
def ahead_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsing ahead starts on a few articles, with two workers whatever the machine."""
    from storyline.analyse import nlp

    monkeypatch.setattr(nlp, "POOL_FROM", 4)
    monkeypatch.setattr(nlp, "n_process", lambda: 2)


def test_nlp_parse_ahead_gives_the_docs_parse_gives(ahead_on: None) -> None:
    """Begun in input order, taken in another order (stories'), with more articles asked
    for than were begun: the same docs and rejections as a parse without it."""
    from storyline.analyse.nlp import BATCH, parse
    from storyline.analyse.parse_pool import ParseAhead

    arts = _articles(BATCH + 8)
    later = _articles(BATCH + 11)[-3:]
    asked = [*reversed(arts), *later]
    with ParseAhead() as ahead:
        ahead.start(arts)
        assert ahead.pool is not None
        docs, rejected = parse(asked, ahead=ahead)
    plain, plain_rejected = parse(asked, processes=1)
    assert rejected == plain_rejected == {}
    assert list(docs) == list(plain)
    assert [d.to_bytes() for d in docs.values()] == [d.to_bytes() for d in plain.values()]


def test_nlp_with_a_store_workers_send_docs_as_it_keeps_them(ahead_on: None, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With a store, parser workers (begun ahead, or the pool of `parse`) send each doc
    packed as the store keeps it, and the store keeps those bytes: the docs, and what
    the store holds, are those of a parse in one process, packed there."""
    from storyline.analyse.nlp import BATCH, pack, parse
    from storyline.analyse.parse_pool import ParseAhead
    from storyline.store.sqlite import open_store

    db = str(tmp_path / "news.db")
    arts = _articles(2 * BATCH + 8)
    with ParseAhead(db=db) as ahead:
        ahead.start(arts[:8])  # these begun ahead; the other 2 * BATCH in `parse`'s pool
        assert ahead.pool is not None and ahead.pool.pack
        docs, rejected = parse(arts, db=db, ahead=ahead, processes=2)
    plain, _ = parse(arts, processes=1)
    assert rejected == {} and list(docs) == list(plain)
    expected = {i: pack(d) for i, d in plain.items()}
    assert {i: pack(d) for i, d in docs.items()} == expected
    with open_store(db) as store:
        assert store.get_doc_bytes(list(plain), "en_core_web_sm") == expected
    # without a store the workers send `Doc.to_bytes`, as before
    with ParseAhead() as ahead:
        ahead.start(arts[:8])
        assert ahead.pool is not None and not ahead.pool.pack
        ahead.take([a.id for a in arts])


def test_nlp_parse_ahead_skips_stored_parses_and_small_runs(ahead_on: None, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from storyline.analyse.nlp import parse
    from storyline.analyse.parse_pool import ParseAhead

    db = str(tmp_path / "news.db")
    arts = _articles(6)
    with ParseAhead() as ahead:
        ahead.start(arts[:3])  # under POOL_FROM: nothing starts
        assert ahead.pool is None
    parse(arts[:4], db=db)
    with ParseAhead(db=db) as ahead:
        ahead.start(arts)  # two without a stored parse: under POOL_FROM
        assert ahead.pool is None
    with ParseAhead(db=db) as ahead:
        ahead.start([*arts, *_articles(9)[6:]])
        assert ahead.ids == [a.id for a in _articles(9)[4:]]


def test_nlp_parse_ahead_closed_untaken_leaves_no_worker(ahead_on: None) -> None:
    """A run that fails (or is interrupted) before parsing: the workers are killed and gone."""
    import multiprocessing as mp

    from storyline.analyse.parse_pool import ParseAhead

    with pytest.raises(KeyboardInterrupt), ParseAhead() as ahead:
        ahead.start(_articles(80))
        raise KeyboardInterrupt
    assert ahead.thread is None
    assert mp.active_children() == []


@pytest.mark.parametrize("processes", [1, 2])
def test_nlp_a_text_the_parser_refuses_fails_alone(
    monkeypatch: pytest.MonkeyPatch, processes: int
) -> None:
    """spaCy's own E088 (text over nlp.max_length), raised for real inside a batch."""
    from storyline.analyse.nlp import BATCH, load, parse_texts

    nlp = load()
    texts = _texts(BATCH + 4)
    long_ = "The harbour strike goes on. " * 20
    texts[5] = long_
    monkeypatch.setattr(nlp, "max_length", len(long_) - 1)
    got = parse_texts(nlp, texts, processes=processes)
    assert isinstance(got[5], str) and "E088" in got[5]
    assert all(not isinstance(d, str) for i, d in enumerate(got) if i != 5)
    monkeypatch.undo()
    clean = parse_texts(nlp, [t for i, t in enumerate(texts) if i != 5])
    kept = [d for i, d in enumerate(got) if i != 5]
    assert [d.to_bytes() for d in kept] == [d.to_bytes() for d in clean]  # type: ignore[union-attr]


def test_nlp_parse_rejects_an_article_over_the_limit_and_parses_the_rest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from storyline.analyse.nlp import load, parse

    arts = [Article(article_id(t), t, path=f"a{i}.txt") for i, t in enumerate(_texts(3))]
    big = Article("big", "Harbour strike news. " * 30, path="big.txt")
    monkeypatch.setattr(load("en_core_web_sm"), "max_length", 200)
    docs, rejected = parse([arts[0], big, *arts[1:]])
    assert sorted(docs) == sorted(a.id for a in arts)
    r = rejected["big"]
    assert (r.code, r.stage, r.path) == ("E202", "parse", "big.txt")
    assert "big" in r.reason and "630" in r.reason and "200" in r.reason


@pytest.mark.parametrize(
    ("para", "first"),
    [
        # a dateline alone, as spaCy splits it, is no sentence: it goes, the news stays
        (
            "WASHINGTON -- The Senate passed the budget on Friday. Both parties claimed a win.",
            "The Senate passed the budget on Friday.",
        ),
        (
            "BAGHDAD (Reuters) - A car bomb killed six people on Monday. Police sealed the area.",
            "A car bomb killed six people on Monday.",
        ),
        # one that runs into the news, or names its state or wire service
        (
            "HARLOW, Vt. \u2014 The council passed the budget on Friday. Both sides claimed a win.",
            "The council passed the budget on Friday.",
        ),
        (
            "Harlow (AP) \u2013 The council passed the budget on Friday. Both sides claimed a win.",
            "The council passed the budget on Friday.",
        ),
        # a piece ending in a colon goes on: the title of a book is no sentence end
        (
            "He co-wrote a book titled It's About the Money!: How You Can Get Out of Debt, "
            "was accused of spending funds. The judge set a date.",
            "He co-wrote a book titled It's About the Money!: How You Can Get Out of Debt, "
            "was accused of spending funds.",
        ),
        # a title's abbreviation ends no sentence, nor a state's before a title
        (
            "Harbour workers are calling for Ariz. Gov. Ann Kerr to veto the bill. "
            "The vote is due Friday.",
            "Harbour workers are calling for Ariz. Gov. Ann Kerr to veto the bill.",
        ),
        (
            "The seat went to either former Cong. Rob Simmons or a wrestling executive. "
            "The vote is due Friday.",
            "The seat went to either former Cong. Rob Simmons or a wrestling executive.",
        ),
        # a state's abbreviation ends one where no title follows
        (
            "He works at a store in Concord, Calif. Dukes is a greeter at the store.",
            "He works at a store in Concord, Calif.",
        ),
        # a quoted question or exclamation and the name and speech verb after it
        (
            "\u201cHave you gone today?\u201d Kerr asked her followers. The vote is due Friday.",
            "\u201cHave you gone today?\u201d Kerr asked her followers.",
        ),
        (
            '"We won!" Mr. Rob Simmons shouted. The crowd cheered.',
            '"We won!" Mr. Rob Simmons shouted.',
        ),
        # a question and a sentence of its own that opens with a name
        ('"Who knows?" Harbour workers will decide in May.', '"Who knows?"'),
        # a piece in lower case finishes the sentence spaCy cut: after a state's
        # abbreviation, in a party label or not, and after a quoted exclamation
        (
            "Nearly 90 dockworkers have called Representative Ann Kerr (R-Wisc.) to task "
            "for her vote on the harbour bill. The vote is due Friday.",
            "Nearly 90 dockworkers have called Representative Ann Kerr (R-Wisc.) to task "
            "for her vote on the harbour bill.",
        ),
        (
            "Kerr made the remarks in an interview with a radio station in Fresno, Calif. "
            "just as her fellow lawmakers met. The vote is due Friday.",
            "Kerr made the remarks in an interview with a radio station in Fresno, Calif. "
            "just as her fellow lawmakers met.",
        ),
        (
            "Kerr gained attention in 2009 when she yelled \u201cShame!\u201d at the "
            "governor during his speech. The vote is due Friday.",
            "Kerr gained attention in 2009 when she yelled \u201cShame!\u201d at the "
            "governor during his speech.",
        ),
    ],
)
def test_nlp_datelines_dropped_and_unfinished_pieces_joined(para: str, first: str) -> None:
    art = Article(id=article_id(para), text=para)
    doc = annotate([art])[art.id]
    spans = sentence_spans(art, doc)
    assert para[spans[0][0] : spans[0][1]] == first
    assert not any(
        para[s:e].startswith(("WASHINGTON", "BAGHDAD", "HARLOW", "Harlow")) for s, e in spans
    )


@pytest.mark.parametrize(
    ("para", "expected"),
    [
        (
            "He spent it on a trip to Washington, D.C. Jackson's wife spent $5,150 on capes.",
            ["He spent it on a trip to Washington, D.C.", "Jackson's wife spent $5,150 on capes."],
        ),
        (
            "The judge set the sentencing for June 28 at 2 p.m. Jackson will be free to go "
            "after he surrenders his passport.",
            [
                "The judge set the sentencing for June 28 at 2 p.m.",
                "Jackson will be free to go after he surrenders his passport.",
            ],
        ),
        # an abbreviation inside the sentence, before a name or a name's title: no cut
        (
            "He met the head of the U.S. Chamber of Commerce in Washington, D.C. on Friday.",
            ["He met the head of the U.S. Chamber of Commerce in Washington, D.C. on Friday."],
        ),
        (
            "Kelly Townsend, a founder of the group, said Mr. Trump told them he was interested.",
            ["Kelly Townsend, a founder of the group, said Mr. Trump told them he was interested."],
        ),
        (
            "More than 40 F.B.I. agents were sent to Ferguson, and Mr. Holder said they are "
            "investigating.",
            [
                "More than 40 F.B.I. agents were sent to Ferguson, and Mr. Holder said they are "
                "investigating."
            ],
        ),
    ],
)
def test_nlp_a_sentence_run_on_past_an_abbreviation_is_cut(para: str, expected: list[str]) -> None:
    """spaCy does not end a sentence at an abbreviation's full stop that ends it too (the
    Jacksons' sentence had been one statement of a judge and of fur capes)."""
    assert sentences(para) == expected
