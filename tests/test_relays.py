"""Sentences that pass on another outlet's reporting say so: "told the Times", "according
to the AP", "the AP reported"."""

from __future__ import annotations

import pytest

import storyline
from storyline.analyse.nlp import load
from storyline.crosscheck.relays import Outlets, relayed
from storyline.model import Brief
from storyline.report.render import render
from storyline.validate import citation_errors, schema_errors

OUTLETS = ["Keel Herald", "New York Times", "HuffPost", "Fox News"]


@pytest.mark.parametrize(
    ("sentence", "outlets"),
    [
        ("Mayor Ruiz told the Times he would resign in June.", ("New York Times",)),
        ("The bridge will close in May, according to the Keel Herald.", ("Keel Herald",)),
        ("The Associated Press reported that the vote was delayed.", ("AP",)),
        ("The council vote was delayed, the AP said on Tuesday.", ("AP",)),
        (
            "In an interview with Fox News on Tuesday, Ruiz said the bridge would close.",
            ("Fox News",),
        ),  # fmt: skip
        # a show of the outlet's, its title in quotation marks
        ("Ruiz said on “Keel Herald Tonight” that the bridge would close.", ("Keel Herald",)),
        ("NYT reported the deal on Monday.", ("New York Times",)),
        ("The Huffington Post has learned that the deal fell through.", ("HuffPost",)),
        ("Two aides confirmed to Fox News that the mayor would resign.", ("Fox News",)),
        # an outlet named outside the frame of a report passes nothing on
        ("The mayor reads the Times on the train every morning.", ()),
        ("According to the city budget office, the bridge will close.", ()),
        ("The Keel Herald building was sold in May.", ()),
        # the words of someone quoted are that speaker's claim
        ("“Just when you thought it was over, AP reports the bridge is closing,” Ruiz said.", ()),
    ],
)
def test_relays_an_outlet_in_the_frame_of_a_report(sentence: str, outlets: tuple[str, ...]) -> None:
    doc = load()(sentence)
    assert relayed(doc[:], Outlets.of(OUTLETS)) == outlets


def test_relays_an_outlet_does_not_relay_itself() -> None:
    doc = load()("Ruiz told the Keel Herald he would resign.")
    assert relayed(doc[:], Outlets.of(OUTLETS), own=frozenset({"keelherald"})) == ()


def test_relays_a_short_name_two_outlets_share_names_neither() -> None:
    doc = load()("Ruiz would resign, according to the Times.")
    assert relayed(doc[:], Outlets.of(["New York Times", "Los Angeles Times"])) == ()
    assert relayed(doc[:], Outlets.of(["Los Angeles Times"])) == ("Los Angeles Times",)


HERALD = (
    "Ferry crews walk out\n\n"
    "Ferry crews on the Keel route walked out on Monday over a new rota. "
    "The harbour board said no ferries would sail until Thursday. "
    "Commuters queued for buses along the coast road. "
    "About 300 passengers were stranded at the terminal on Monday. "
    "“We will not sail until the rota is fixed,” said steward Anna Perrault."
)
COURIER = (
    "Keel ferries stop\n\n"
    "Ferry crews on the Keel route walked out on Monday over a new rota, the Keel Herald "
    "reported. The board of the harbour expects no ferries to sail until Thursday. "
    "Taxi drivers said trade was brisk. "
    "About 300 passengers were stranded at the terminal on Monday, the Keel Herald said. "
    "“We will not sail until the rota is fixed,” steward Anna Perrault told the Keel Herald."
)
GAZETTE = (
    "Strike halts ferries\n\n"
    "Crews of the Keel route ferries walked out on Monday in a row over a new rota. "
    "No ferries will sail until Thursday, the harbour board said. "
    "Schools near the pier closed early. "
    "About 500 passengers were stranded at the terminal on Monday."
)


def _brief() -> dict:
    return storyline.brief(
        [
            {"text": HERALD, "source": "Keel Herald"},
            {"text": COURIER, "source": "Bay Courier"},
            {"text": GAZETTE, "source": "Shore Gazette"},
        ],
        cluster="single",
    )


def test_relays_a_statement_says_which_source_cites_another() -> None:
    brief = _brief()
    assert schema_errors(brief) == [] and citation_errors(brief) == []
    courier = next(a["id"] for a in brief["articles"] if a["source"] == "Bay Courier")
    sts = brief["stories"][0]["statements"]
    walkout = next(s for s in sts if "walked out" in s["text"])
    # the sentence still counts as the Courier's, and says whose report it passes on
    assert walkout["support"] == 3
    assert walkout["relays"] == [{"article": courier, "outlet": "Keel Herald"}]
    board = next(s for s in sts if "harbour board" in s["text"])
    assert "relays" not in board
    assert Brief.from_dict(brief).to_dict() == brief

    md = render(brief, "md")
    line = next(x for x in md.splitlines() if "walked out" in x and "sources" in x)
    number = next(n for n, a in enumerate(brief["stories"][0]["articles"], 1) if a == courier)
    assert f"([{number}] citing Keel Herald)" in line
    assert "citing" not in next(x for x in md.splitlines() if "harbour board" in x)
    html = render(brief, "html")
    assert 'class="relayed"' in html and f"[{number}] citing Keel Herald" in html

    # a quotation too: the Courier has the steward's words from the Herald
    quote = next(q for q in brief["stories"][0]["quotes"] if "rota is fixed" in q["text"])
    assert len({o["article"] for o in quote["occurrences"]}) == 2
    assert quote["relays"] == [{"article": courier, "outlet": "Keel Herald"}]
    # a figure's value and a conflict's side: 300 by the Herald and, after it, the Courier
    story = brief["stories"][0]
    side = next(s for c in story["conflicts"] for s in c["sides"] if "300" in s["value"])
    value = next(v for f in story["figures"] for v in f["values"] if "300" in v["value"])
    assert side["relays"] == value["relays"] == [{"article": courier, "outlet": "Keel Herald"}]
    other = next(s for c in story["conflicts"] for s in c["sides"] if "500" in s["value"])
    assert "relays" not in other
    for section in ("## Conflicts", "## Figures"):
        row = next(x for x in md.split(section)[1].splitlines() if "300" in x)
        assert f"([{number}] citing Keel Herald)" in row

    quotes = md.split("## Quotes")[1]
    line = next(x for x in quotes.splitlines() if "rota is fixed" in x)
    assert f"([{number}] citing Keel Herald)" in line


def test_relays_validate_names_a_relay_through_an_uncited_article() -> None:
    brief = _brief()
    st = brief["stories"][0]["statements"][0]
    st["relays"] = [{"article": "not-cited", "outlet": "Keel Herald"}]
    side = brief["stories"][0]["conflicts"][0]["sides"][1]
    side["relays"] = [{"article": "not-cited", "outlet": "Keel Herald"}]
    errors = [e for e in citation_errors(brief) if "does not cite" in e]
    assert [e.split(":")[0] for e in errors] == [
        "stories/0/statements/0",
        "stories/0/conflicts/0/sides/1",
    ]
