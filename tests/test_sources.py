"""Which articles are independent sources: a wire service's story counts as the wire's,
whichever outlet runs it."""

from __future__ import annotations

from pathlib import Path

import pytest

import storyline
from storyline.report.render import render
from storyline.sources import independence_key, wire_of
from storyline.validate import schema_errors


@pytest.mark.parametrize(
    ("text", "source", "wire"),
    [
        ("Dam holds after storm.\n\nMILLBROOK, Ore. (AP) — The dam held.", None, "AP"),
        ("KESTON (AP) -- Council votes.", None, "AP"),
        ("Keston (AP) \u2013 Council votes.", None, "AP"),
        ("LYON, Nov 3 (Reuters) - Trains stopped.", None, "Reuters"),
        ("NORTH HAVEN (AFP) \u2014 Ferries resumed.", None, "AFP"),
        ("SALT CREEK-WEST, Ida. (UPI) -- A fire spread.", None, "UPI"),
        ("A staff story.", "Associated Press", "AP"),
        ("A staff story.", " reuters ", "Reuters"),
        # a mention, a photo credit or a dateline with no wire credits no wire
        ("The mayor told The Associated Press (AP) — that it held.", None, None),
        ("A dam (AP Photo/Jo Ruiz) stands.\n\nIt held.", None, None),
        ("KESTON — The council voted.", None, None),
        ("Its outlet's own story.", "Fox News", None),
        # a dateline opens the body: past the title, a standfirst and a byline, it is
        # a paragraph quoting another story
        ("Title\n\nStandfirst\n\nBy Jo Ruiz\n\nKESTON (AP) — Late.", None, None),
        # a wire's sign-off, kept where the dateline went
        (
            "Council votes.\n\nIt passed.\n\n(Reporting by Jo Ruiz; Editing by Sam Lee)",
            None,
            "Reuters",
        ),
        (
            "Council votes.\n\nReporting by Jo Ruiz; Writing by Al Bo; Editing by Sam Lee",
            None,
            "Reuters",
        ),
        (
            "Council votes.\n\nAssociated Press writer Jo Ruiz in Keston contributed.\n\nShare",
            None,
            "AP",
        ),
        # an outlet's own story that drew on a wire's, or its own reporting
        ("Council votes.\n\nThe Associated Press contributed to this report.", None, None),
        ("Council votes.\n\nReporting by our staff at the hall showed it passed.", None, None),
    ],
)
def test_sources_wire_of_a_dateline_or_an_outlet(
    text: str, source: str | None, wire: str | None
) -> None:
    assert wire_of(text, source) == wire


def test_sources_independence_key_wire_before_outlet() -> None:
    assert independence_key("AP", "Keston Courier", "a1") == "wire:ap"
    assert independence_key(None, "Keston Courier", "a1") == "outlet:kestoncourier"
    assert independence_key(None, None, "a1") == "article:a1"


# Two outlets run one wire story, each cut and reworded its own way (no near-copies),
# and a third outlet reports the same event itself.
STEWARD = (
    '"We have carried this island through floods and fires, and we are paid as if it were 2019,"'
)
COURIER = "\n\n".join(
    [
        "Ferry strike halts island crossings",
        "MILLBROOK, Ore. (AP) \u2014 Ferry crews on the Millbrook line walked off the job on"
        " Tuesday, stopping every crossing to Keel Island for the first time in 30 years.",
        "The Ferry Workers Guild said 180 deck hands and engineers joined the strike over a pay"
        " freeze.",
        f"{STEWARD} said guild steward Anna Perrault.",
        "Island shops said deliveries of milk and bread stopped by noon.",
    ]
)
GAZETTE = "\n\n".join(
    [
        "Island cut off as ferry crews strike",
        "MILLBROOK, Ore. (AP) -- Ferry crews on the Millbrook line walked out on Tuesday and"
        " halted all crossings to Keel Island, the first such stoppage in three decades.",
        f"{STEWARD} Anna Perrault, a steward of the guild, said.",
        "The state transport office said it would ask both sides to talks on Thursday.",
    ]
)
HERALD = "\n\n".join(
    [
        "Keel Island ferries stop in pay dispute",
        "Ferry crews on the Millbrook line walked off the job on Tuesday, stopping crossings to"
        " Keel Island.",
        "Our reporter on the dock counted eleven cars turned back in the first hour.",
        "The Ferry Workers Guild said 180 deck hands and engineers joined the strike over a pay"
        " freeze.",
    ]
)


def _brief(courier: str = COURIER, gazette: str = GAZETTE) -> dict:
    return storyline.brief(
        [
            {"text": courier, "source": "Millbrook Courier", "published": "2026-05-12"},
            {"text": gazette, "source": "Coast Gazette", "published": "2026-05-12"},
            {"text": HERALD, "source": "Keel Herald", "published": "2026-05-12"},
        ],
        cluster="single",
    )


def _statement(brief: dict, words: str) -> dict:
    return next(s for s in brief["stories"][0]["statements"] if words in s["text"])


def test_sources_one_wire_story_run_by_two_outlets_is_one_source() -> None:
    brief = _brief()
    assert schema_errors(brief) == []
    assert [a["wire"] for a in brief["articles"]] == ["AP", "AP", None]
    # the walkout: the AP story (in two outlets) and the Herald's own report
    walkout = _statement(brief, "walked")
    assert {c["article"] for c in walkout["citations"]} == {a["id"] for a in brief["articles"]}
    assert walkout["support"] == 2
    # the guild steward's words: printed by the two outlets of the one AP story only
    quote = _statement(brief, "floods and fires")
    assert len({c["article"] for c in quote["citations"]}) == 2
    assert quote["support"] == 1


def test_sources_without_a_credit_the_two_outlets_count_twice() -> None:
    """The same articles without their datelines' credit: each outlet is a source."""
    brief = _brief(COURIER.replace(" (AP)", ""), GAZETTE.replace(" (AP)", ""))
    assert [a["wire"] for a in brief["articles"]] == [None, None, None]
    assert _statement(brief, "walked")["support"] == 3
    assert _statement(brief, "floods and fires")["support"] == 2


def test_sources_reports_count_a_wire_once_and_say_whose_story() -> None:
    brief = _brief()
    md = render(brief, "md")
    assert "_2026-05-12 · 3 articles, 2 sources_" in md
    sources = md.split("## Sources", 1)[1]
    assert sources.count("AP wire story") == 2
    # the quote section counts the steward's words as printed by one source
    quotes = md.split("## Quotes", 1)[1].split("\n## ", 1)[0]
    line = next(x for x in quotes.splitlines() if "floods and fires" in x)
    assert "1 source" in line and "2 sources" not in line
    html = render(brief, "html")
    assert "3 articles, 2 sources" in html and html.count("AP wire story") == 2


@pytest.mark.parametrize(
    ("names", "one"),
    [
        (
            ["Keel Herald", "KeelHerald.com", "www.keelherald.com", "https://keelherald.com/news"],
            True,
        ),
        (["The Coast Gazette", "coast gazette", "Coast-Gazette"], True),
        (["Keel Herald", "Keel Herald Sun"], False),
        # a feed's title names the outlet, then its section
        (["Keel Herald > World News", "Keel Herald > Politics", "Keel Herald"], True),
        (["Keel Herald » Feed", "keelherald.com"], True),
        (["Keel Herald - World", "Keel Herald"], False),
    ],
)
def test_sources_an_outlet_by_its_names_and_its_host(names: list[str], one: bool) -> None:
    keys = {independence_key(None, n, f"a{i}") for i, n in enumerate(names)}
    assert (len(keys) == 1) is one


def test_sources_one_outlet_by_two_names_is_one_source() -> None:
    """A page naming its site and one of the same site naming none (its host stands in)."""
    brief = storyline.brief(
        [
            {"text": HERALD, "source": "Keel Herald", "published": "2026-05-12"},
            {
                "text": HERALD.replace("Our reporter on the dock", "A reporter"),
                "source": "keelherald.com",
                "published": "2026-05-12",
            },
            {"text": COURIER, "source": "Millbrook Courier", "published": "2026-05-12"},
        ],
        cluster="single",
        dedup="none",
    )
    assert _statement(brief, "Guild said 180")["support"] == 2


def test_sources_cli_names_the_wire_story(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from storyline.cli import main

    for name, text in (("courier.txt", COURIER), ("gazette.txt", GAZETTE), ("herald.txt", HERALD)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["cluster", str(tmp_path), "--format", "md", "-q"])
    assert res.exit_code == 0, res.output
    listed = [x for x in res.stdout.splitlines() if x.startswith("- ")]
    assert len(listed) == 3
    assert sum("(AP wire story)" in x for x in listed) == 2
    res = CliRunner().invoke(main, ["brief", str(tmp_path), "--format", "md", "-q"])
    assert res.exit_code == 0, res.output
    assert "3 articles, 2 sources" in res.stdout
