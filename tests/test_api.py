"""The brief as a user gets it: the seeds and the README example, checked against the contract."""

from __future__ import annotations

from pathlib import Path

import pytest

import storyline
from storyline.errors import StorylineError
from storyline.model import Brief
from storyline.validate import citation_errors, contradiction_errors, schema_errors

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "harbour-strike"


def test_api_seeds_give_five_articles_with_titles_and_date(seeds_brief: dict) -> None:
    arts = seeds_brief["articles"]
    assert len(arts) == 5
    assert all(a["title"] for a in arts)
    dated = [a for a in arts if a["published"]]
    assert [a["published"] for a in dated] == ["2025-09-15"]
    assert seeds_brief["rejected"] == []


def test_api_seeds_headline_lines_become_titles_not_body(
    seeds_dir: Path, seeds_brief: dict
) -> None:
    for a in seeds_brief["articles"]:
        raw = Path(a["path"]).read_text(encoding="utf-8").strip()
        first = raw.split("\n", 1)[0].strip()
        if len(first.split()) <= 25 and not first.endswith("."):
            assert a["title"] in first
            assert not a["text"].startswith(first)


def test_api_seeds_bodies_free_of_site_furniture(seeds_brief: dict) -> None:
    furniture = ("Share Story", "Recent Stories", "Share this", "newsletter", "cookies")
    for a in seeds_brief["articles"]:
        assert not any(f.lower() in a["text"].lower() for f in furniture), a["path"]
        # the body ends where the story ends: with a full sentence
        assert a["text"].rstrip()[-1] in '."\u201d!?', a["path"]


def test_api_seeds_headings_are_marked(seeds_brief: dict) -> None:
    for a in seeds_brief["articles"]:
        for s, e in a["headings"]:
            heading = a["text"][s:e]
            assert len(heading.split()) <= 14 and not heading.endswith(".")


@pytest.mark.parametrize("which", ["seeds", "example"])
def test_api_output_valid_against_schema_with_exact_citations(
    which: str, seeds_brief: dict
) -> None:
    result = seeds_brief if which == "seeds" else storyline.brief([EXAMPLE])
    assert schema_errors(result) == []
    assert citation_errors(result) == []
    assert contradiction_errors(result) == []
    assert Brief.from_dict(result).to_dict() == result


def test_api_all_articles_of_one_call_in_some_story(seeds_brief: dict) -> None:
    in_stories = [a for s in seeds_brief["stories"] for a in s["articles"]]
    assert sorted(in_stories) == sorted(a["id"] for a in seeds_brief["articles"])


def test_api_accepts_dicts_and_paths_together() -> None:
    text = "The harbour reopened on Friday after a week of strikes by dockworkers at the port."
    out = storyline.brief([EXAMPLE / "01_coastal_ledger.txt", {"text": text, "source": "Wire"}])
    assert len(out["articles"]) == 2
    assert out["articles"][1]["source"] == "Wire"


def test_api_unknown_option_names_it() -> None:
    with pytest.raises(StorylineError, match="summary_sentenses"):
        storyline.brief([EXAMPLE], summary_sentenses=3)


def test_api_unknown_stage_names_the_choices() -> None:
    with pytest.raises(StorylineError, match="choose one of"):
        storyline.brief([EXAMPLE], cluster="kmeans")


def test_api_nothing_readable_gives_rejections_only(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    out = storyline.brief([tmp_path])
    assert out["articles"] == [] and out["stories"] == []
    assert [r["code"] for r in out["rejected"]] == ["E001"]


def test_api_brief_with_db_grows_the_stored_story_under_a_stable_id(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    first = storyline.brief([EXAMPLE / "01_coastal_ledger.txt"], db=db)
    later = storyline.brief(
        [EXAMPLE / "02_northern_wire.html", EXAMPLE / "03_more_outlets.jsonl"], db=db
    )
    (story,) = first["stories"]
    grown = [s for s in later["stories"] if s["id"] == story["id"]]
    assert grown, (story["id"], [s["id"] for s in later["stories"]])
    assert set(story["articles"]) < set(grown[0]["articles"])
    assert len(later["articles"]) == 4
    assert schema_errors(later) == [] and citation_errors(later) == []


def _cite(a: str, s: int, e: int) -> dict:
    return {"article": a, "start": s, "end": e}


def _conflict(*sides: tuple[str, list[dict]]) -> dict:
    """A number conflict of these (value, citations) sides, as the JSON gives it."""
    return {
        "kind": "number",
        "description": "d",
        "sides": [{"value": v, "citations": cites} for v, cites in sides],
    }


def test_api_validate_flags_a_statement_citing_two_sides_of_a_conflict() -> None:
    cite = _cite
    conflict = _conflict(
        ("126", [cite("a", 0, 40), cite("c", 0, 30)]), ("112", [cite("b", 0, 40), cite("c", 0, 30)])
    )

    def brief(*cites: dict) -> dict:
        st = {"text": "t", "support": len(cites), "citations": list(cites)}
        return {"stories": [{"statements": [st], "conflicts": [conflict]}]}

    assert contradiction_errors(brief(cite("a", 0, 40), cite("b", 0, 40)))
    assert contradiction_errors(brief(cite("a", 0, 40), cite("d", 0, 9))) == []
    # "126, updating a previous toll of 112": one sentence giving both values takes no side
    assert contradiction_errors(brief(cite("a", 0, 40), cite("c", 0, 30))) == []


@pytest.mark.parametrize("part", ["summary", "timeline"])
def test_api_validate_flags_a_sentence_cited_by_a_source_saying_otherwise(part: str) -> None:
    """A summary sentence or timeline event that takes a side of a conflict cites no source
    of another side, not even by another of its sentences."""

    cite = _cite
    conflict = _conflict(("30%", [cite("a", 10, 13)]), ("10%", [cite("b", 5, 8)]))

    def brief(*cites: dict, verbatim: int = 1) -> dict:
        item = {"date": "2025-11", "text": "t", "citations": list(cites), "verbatim": verbatim}
        return {"stories": [{part: [item], "conflicts": [conflict]}]}

    # a's words give 30%; b says 10% (in another sentence than the one cited here)
    assert contradiction_errors(brief(cite("a", 0, 40), cite("b", 100, 140)))
    assert contradiction_errors(brief(cite("a", 0, 40), cite("c", 0, 9))) == []
    # words of neither side: no side taken, any source may support them
    assert contradiction_errors(brief(cite("a", 50, 90), cite("b", 100, 140))) == []
    # b carries the same words: it is verbatim, not a supporter on the other side
    assert contradiction_errors(brief(cite("a", 0, 40), cite("b", 0, 40), verbatim=2)) == []


@pytest.mark.parametrize("with_db", [False, True])
def test_api_parsing_ahead_gives_the_brief_of_parsing_after_clustering(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, with_db: bool
) -> None:
    """The articles parsed while copies are marked and stories formed (`parse_pool.ParseAhead`),
    or after: the same JSON, with and without a store, cold and warm."""
    from tests.test_store import AIRLINE, HARBOUR

    from storyline.analyse import nlp, parse_pool

    monkeypatch.setattr(nlp, "POOL_FROM", 2)  # ahead starts on these few articles
    monkeypatch.setattr(nlp, "n_process", lambda: 2)
    docs = [{"text": t} for t in [*HARBOUR, *AIRLINE, HARBOUR[0]]]  # a copy too
    taken: list[int] = []
    real_take = parse_pool.ParseAhead.take

    def take(self: parse_pool.ParseAhead, ids: list[str]) -> dict:
        got = real_take(self, ids)
        taken.append(len(got))
        return got

    monkeypatch.setattr(parse_pool.ParseAhead, "take", take)
    db = {"db": str(tmp_path / "ahead.db")} if with_db else {}
    ahead = [storyline.brief(docs, **db), storyline.brief(docs, **db)]
    assert taken and taken[0] == len(HARBOUR) + len(AIRLINE)  # the copy comes once
    monkeypatch.setattr(parse_pool.ParseAhead, "start", lambda self, articles: None)
    db = {"db": str(tmp_path / "after.db")} if with_db else {}
    after = [storyline.brief(docs, **db), storyline.brief(docs, **db)]
    assert ahead == after


def test_api_parsing_ahead_starts_before_the_writer_lock(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Worker processes forked under the lock would hold it (a file's) for as long as they run."""
    from tests.test_store import HARBOUR

    from storyline import api
    from storyline.config import Config

    events: list[str] = []
    real_writing = api.writing

    def writing(cfg: Config):  # type: ignore[no-untyped-def]
        events.append("lock")
        return real_writing(cfg)

    monkeypatch.setattr(api, "writing", writing)
    cfg = Config(db=str(tmp_path / "news.db"), quiet=True)
    then = lambda articles: events.append("then")  # noqa: E731
    api._read_and_group([{"text": t} for t in HARBOUR], cfg, then=then)
    assert events[:2] == ["then", "lock"]
