"""Near-duplicates: copies found whatever the order; rewrites are not copies."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.config import Config
from storyline.ingest.dedup import find_duplicates
from storyline.model import Article, article_id

BODIES = [
    "The city council voted on Tuesday to close the old harbour bridge for repairs after "
    "engineers found cracks in two of its steel supports. Traffic will be diverted through "
    "the northern tunnel for at least six months, the transport office said in a statement. "
    "Local shop owners near the bridge said they feared losing customers during the works.",
    "A regional airline cancelled forty flights on Friday when a software fault grounded its "
    "fleet for most of the morning. Passengers queued for hours at the main terminal while "
    "staff rebooked them by hand. The company apologised and promised refunds to everyone "
    "whose journey was delayed by more than three hours.",
    "Farmers in the valley began the grape harvest two weeks early this year after a hot and "
    "dry summer ripened the fruit ahead of schedule. Growers expect a smaller crop but say "
    "the quality is unusually high. Seasonal workers were called in at short notice to pick "
    "the vineyards before the forecast rain arrives next week.",
]
REWRITE = (
    "Engineers discovered fractures in a pair of steel beams holding up the aging harbour "
    "crossing, so councillors decided this week to shut it while it is fixed. For half a year "
    "or more, cars must take the tunnel to the north instead, according to transport officials. "
    "Merchants close to the crossing worry that trade will suffer while work goes on."
)


def art(text: str, title: str | None = None) -> Article:
    return Article(id=article_id(text), text=text, title=title)


def corpus() -> list[Article]:
    originals = [art(b) for b in BODIES]
    copy_headline = art("Bridge shut for months\n\n" + BODIES[0])
    copy_extra = art(BODIES[1] + "\n\nAn airline spokesperson declined to comment further.")
    return [*originals, copy_headline, copy_extra, art(REWRITE)]


def groups(copies: dict[str, str]) -> set[frozenset[str]]:
    out: dict[str, set[str]] = {}
    for c, o in copies.items():
        out.setdefault(o, {o}).add(c)
    return {frozenset(g) for g in out.values()}


def test_dedup_copy_with_new_headline_or_extra_paragraph_is_a_copy() -> None:
    arts = corpus()
    copies = find_duplicates(arts, Config())
    assert copies == {arts[3].id: arts[0].id, arts[4].id: arts[1].id}


def test_dedup_paraphrased_rewrite_is_not_a_copy() -> None:
    arts = corpus()
    assert arts[5].id not in find_duplicates(arts, Config())
    assert arts[0].id not in find_duplicates([arts[5], arts[0]], Config())


def test_dedup_original_is_first_seen() -> None:
    arts = corpus()
    reordered = [arts[3], *arts[:3]]
    assert find_duplicates(reordered, Config()) == {arts[0].id: arts[3].id}


@settings(max_examples=25, deadline=None)
@given(st.permutations(list(range(6))))
def test_dedup_copy_groups_do_not_depend_on_input_order(perm: list[int]) -> None:
    arts = corpus()
    shuffled = [arts[i] for i in perm]
    assert groups(find_duplicates(shuffled, Config())) == groups(find_duplicates(arts, Config()))


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 5), st.integers(0, 5))
def test_dedup_is_symmetric(i: int, j: int) -> None:
    arts = corpus()
    if i == j:
        return
    a, b = arts[i], arts[j]
    one = find_duplicates([a, b], Config())
    two = find_duplicates([b, a], Config())
    assert (a.id in one) == (b.id in two)
    assert bool(one) == bool(two)


def test_dedup_seeds_have_no_copies(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    from storyline.ingest.readers import read_inputs

    arts, _ = read_inputs([seeds_dir], Config())
    assert len(arts) == 5
    assert find_duplicates(arts, Config()) == {}
    copy = replace(arts[2], id="copy-of-2", text="Another headline\n\n" + arts[2].text)
    assert find_duplicates([*arts, copy], Config()) == {"copy-of-2": arts[2].id}
