"""An outlet quoted by another is checked against its own article in the story."""

from __future__ import annotations

import pytest

import storyline
from storyline.report.render import render
from storyline.validate import citation_errors, contradiction_errors, schema_errors

HERALD = (
    "Harbour board to vote on rota\n\n"
    "The harbour board was expected to approve the new rota on Friday, two officials said. "
    "Ferry crews walked out on Monday over the rota. "
    "The F.B.I. opened an inquiry into the board's accounts last year."
)


def _brief(courier_body: str) -> dict:
    return storyline.brief(
        [
            {"text": HERALD, "source": "Keel Herald"},
            {"text": "Ferry rota vote\n\n" + courier_body, "source": "Bay Courier"},
        ],
        cluster="single",
    )


def _misquotes(brief: dict) -> list[dict]:
    return [c for s in brief["stories"] for c in s["conflicts"] if c["kind"] == "misquote"]


def test_outlet_quotes_a_quotation_in_other_words_is_a_misquote() -> None:
    brief = _brief(
        "The Keel Herald reported that the harbour board “will approve the new rota on "
        "Friday,” citing two officials. Ferry crews walked out on Monday over the rota."
    )
    assert schema_errors(brief) == [] and citation_errors(brief) == []
    assert contradiction_errors(brief) == []
    (c,) = _misquotes(brief)
    texts = {a["id"]: a["text"] for a in brief["articles"]}
    source = {a["id"]: a["source"] for a in brief["articles"]}
    quoted, own = c["sides"]
    assert quoted["value"].startswith("will approve the new rota on Friday")
    assert source[quoted["citations"][0]["article"]] == "Bay Courier"
    # the Herald's own words, from where they differ to the last word quoted
    cite = own["citations"][0]
    assert source[cite["article"]] == "Keel Herald"
    assert texts[cite["article"]][cite["start"] : cite["end"]] == own["value"]
    assert own["value"] == "was expected to approve the new rota on Friday"
    assert c["description"].startswith("Bay Courier quotes Keel Herald as “will approve")
    # both still report the vote: the statements are not cut (no claim of its own)
    md = render(brief, "md")
    row = next(x for x in md.split("## Conflicts")[1].splitlines() if "misquote" in x)
    assert "was expected to approve" in row and "will approve" in row


@pytest.mark.parametrize(
    "courier_body",
    [
        # word for word
        "The board “was expected to approve the new rota on Friday,” the Keel Herald reported.",
        # abbreviation dots, and an ellipsis leaving words out
        "According to the Keel Herald, “The FBI ... opened an inquiry into the board's accounts.”",
        # the words are a person's, in other words, and no outlet's: quotecheck's business
        "“The board will approve the new rota on Friday,” said steward Anna Perrault.",
        # a person's words told to the outlet are that person's, not the outlet's
        "“The harbour board is expected to approve the new rota on Friday,” harbour master "
        "Jo Ruiz told the Keel Herald.",
    ],
)
def test_outlet_quotes_no_misquote(courier_body: str) -> None:
    assert _misquotes(_brief(courier_body)) == []


def test_outlet_quotes_an_outlet_quoting_itself_is_no_misquote() -> None:
    brief = storyline.brief(
        [
            {"text": HERALD, "source": "Keel Herald"},
            {
                "text": "Rota vote\n\nThe Keel Herald reported last week that the board "
                "“will approve the new rota on Friday.”",
                "source": "Keel Herald",
            },
        ],
        cluster="single",
    )
    assert _misquotes(brief) == []
