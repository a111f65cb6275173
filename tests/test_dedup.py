"""Near-duplicates: copies found whatever the order; rewrites are not copies."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyline.config import Config
from storyline.ingest import dedup
from storyline.ingest.dedup import find_duplicates
from storyline.model import Article, article_id

# every pair counted exactly (the default up to `dedup.EXACT_UP_TO` articles), and the
# MinHash sketches with an LSH index that larger inputs use
REGIMES = ["exact", "sketched"]


@contextmanager
def regime(name: str) -> Iterator[None]:
    saved = dedup.EXACT_UP_TO
    dedup.EXACT_UP_TO = saved if name == "exact" else 0
    try:
        yield
    finally:
        dedup.EXACT_UP_TO = saved


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


@pytest.mark.parametrize("how", REGIMES)
def test_dedup_copy_with_new_headline_or_extra_paragraph_is_a_copy(how: str) -> None:
    arts = corpus()
    with regime(how):
        copies = find_duplicates(arts, Config())
    assert copies == {arts[3].id: arts[0].id, arts[4].id: arts[1].id}


@pytest.mark.parametrize("how", REGIMES)
def test_dedup_paraphrased_rewrite_is_not_a_copy(how: str) -> None:
    arts = corpus()
    with regime(how):
        assert arts[5].id not in find_duplicates(arts, Config())
        assert arts[0].id not in find_duplicates([arts[5], arts[0]], Config())


@pytest.mark.parametrize("how", REGIMES)
def test_dedup_original_is_first_seen(how: str) -> None:
    arts = corpus()
    reordered = [arts[3], *arts[:3]]
    with regime(how):
        assert find_duplicates(reordered, Config()) == {arts[0].id: arts[3].id}


@settings(max_examples=25, deadline=None)
@given(st.permutations(list(range(6))), st.sampled_from(REGIMES))
def test_dedup_copy_groups_do_not_depend_on_input_order(perm: list[int], how: str) -> None:
    arts = corpus()
    shuffled = [arts[i] for i in perm]
    with regime(how):
        assert groups(find_duplicates(shuffled, Config())) == groups(
            find_duplicates(arts, Config())
        )


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 5), st.integers(0, 5), st.sampled_from(REGIMES))
def test_dedup_is_symmetric(i: int, j: int, how: str) -> None:
    arts = corpus()
    if i == j:
        return
    a, b = arts[i], arts[j]
    with regime(how):
        one = find_duplicates([a, b], Config())
        two = find_duplicates([b, a], Config())
    assert (a.id in one) == (b.id in two)
    assert bool(one) == bool(two)


def test_dedup_counts_containment_exactly_up_to_the_threshold() -> None:
    """A text that keeps the first 80 of another's 100 words shares 76 of its 96 word
    5-grams (0.79): a copy at 0.7; one that keeps 60 shares 56 (0.58): not a copy."""
    words = [f"w{n}" for n in range(100)]
    original = art(" ".join(words))
    kept_80 = art(" ".join(words[:80] + [f"x{n}" for n in range(40)]))
    kept_60 = art(" ".join(words[:60] + [f"y{n}" for n in range(40)]))
    opts = dedup.DedupOptions()
    assert dedup.exact_pairs([original, kept_80, kept_60], 0.79, opts) == {
        frozenset((original.id, kept_80.id))
    }
    assert dedup.exact_pairs([original, kept_80, kept_60], 0.80, opts) == set()
    assert find_duplicates([original, kept_80, kept_60], Config()) == {kept_80.id: original.id}


def test_dedup_a_brief_does_not_import_datasketch(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Importing datasketch imports scipy.integrate (0.8 s of a small brief's CPU); a brief
    of fewer than `EXACT_UP_TO` articles counts containment exactly and needs none of it."""
    for n, body in enumerate(BODIES):
        (tmp_path / f"{n}.txt").write_text(body + "\n")
    code = (
        "import sys, storyline\n"
        f"storyline.brief([{str(tmp_path)!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'datasketch'"
        " or m.startswith('scipy.integrate')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stdout


def test_dedup_seeds_have_no_copies(seeds_dir) -> None:  # type: ignore[no-untyped-def]
    from storyline.ingest.readers import read_inputs

    arts, _ = read_inputs([seeds_dir], Config())
    assert len(arts) == 5
    copy = replace(arts[2], id="copy-of-2", text="Another headline\n\n" + arts[2].text)
    for how in REGIMES:
        with regime(how):
            assert find_duplicates(arts, Config()) == {}
            assert find_duplicates([*arts, copy], Config()) == {"copy-of-2": arts[2].id}
