"""Cleaning: titles, dates, furniture and headings, on tricky cases written here."""

from __future__ import annotations

import pytest

from storyline.ingest.clean import (
    clean_text,
    date_line_end,
    is_furniture,
    is_heading,
    normalise_date,
    paragraphs,
    title_at,
)

BODY = (
    "The city council approved the new budget on Tuesday after a long debate.\n\n"
    "The mayor said the plan would fund two new schools and a library."
)


@pytest.mark.parametrize(
    "header, title, date",
    [
        ("date 2024-05-02 Council passes budget", "Council passes budget", "2024-05-02"),
        ("Published: May 2, 2024 - Council passes budget", "Council passes budget", "2024-05-02"),
        ("2 May 2024 | Council passes budget", "Council passes budget", "2024-05-02"),
        ("Title: Council passes budget\nDate: 2024-05-02", "Council passes budget", "2024-05-02"),
    ],
)
def test_clean_reads_metadata_header(header: str, title: str, date: str) -> None:
    c = clean_text(header + "\n\n" + BODY)
    assert (c.title, c.published) == (title, date)
    assert c.text.startswith("The city council")


def test_clean_short_first_line_without_period_is_title() -> None:
    c = clean_text("Council passes budget\n\n" + BODY)
    assert c.title == "Council passes budget"
    assert "Council passes budget" not in c.text


def test_clean_long_first_sentence_is_not_title() -> None:
    c = clean_text(BODY)
    assert c.title is None
    assert c.text == BODY


def test_clean_cuts_tail_of_other_stories_after_marker() -> None:
    tail = (
        "\n\nShare Story:\n\nRecent Stories\n\n"
        "Ten gardening tips for spring\nA short teaser about gardens that is unrelated.\n\n"
        "Why cats sleep so much\nAnother teaser about pets."
    )
    c = clean_text(BODY + tail)
    assert c.text == BODY
    assert "Recent Stories" in c.removed


@pytest.mark.parametrize(
    "furniture",
    [
        "Share on Facebook | Twitter | Email",
        "By Jane Doe and John Roe",
        "Sign up for our morning newsletter",
        "We use cookies to improve your experience. By using this site you accept cookies.",
        "Updated 3 hours ago",
        "Advertisement",
        "\u00a9 2024 Example Media. All rights reserved.",
        "5 min read",
        "Follow Ana Ruiz on Twitter @anaruiz.",
    ],
)
def test_clean_cuts_furniture_at_both_edges(furniture: str) -> None:
    c = clean_text(f"{furniture}\n\n{BODY}\n\n{furniture}")
    assert c.text == BODY


def test_clean_keeps_furniture_words_inside_a_sentence() -> None:
    text = (
        BODY + "\n\nShe said she would share the report with the council by email next week."
        "\n\nFollow the money on the harbour board, she told the council on Twitter."
    )
    assert clean_text(text).text == text


def test_clean_marks_headings_and_keeps_them_in_text() -> None:
    text = (
        BODY
        + "\n\nWhat Happens Next?\n\nThe budget goes to a final vote in June."
        + "\n\nKey Figures\n\nIt costs 2 million."
    )
    c = clean_text(text)
    heads = [c.text[s:e] for s, e in c.headings]
    assert heads == ["What Happens Next?", "Key Figures"]


def test_clean_question_in_a_sentence_is_not_a_heading() -> None:
    assert not is_heading("But will the mayor find the money for it?")
    assert not is_heading("The mayor spoke. She said little")
    assert not is_heading("\u201cWe will not wait,\u201d she said.")
    assert is_heading("Major Talking Points of the Day")


def test_clean_trailing_heading_is_not_treated_as_heading() -> None:
    c = clean_text(BODY + "\n\nRead the full plan online")
    assert all(c.text[s:e] != "Read the full plan online" for s, e in c.headings)


def test_clean_joins_hard_wrapped_lines() -> None:
    wrapped = (
        "The council approved the budget\nafter a long debate on Tuesday.\nThe mayor was pleased."
    )
    assert paragraphs(wrapped) == [
        "The council approved the budget after a long debate on Tuesday.",
        "The mayor was pleased.",
    ]


def test_clean_normalises_line_endings_and_spaces() -> None:
    c = clean_text("First  line of\u00a0the story is here.\r\nSecond line\u200b is here too.\r\n")
    assert c.text == "First line of the story is here.\n\nSecond line is here too."


@pytest.mark.parametrize(
    "value, iso",
    [
        ("2025-09-15T08:00:00Z", "2025-09-15"),
        ("Sept. 15, 2025", "2025-09-15"),
        ("2025-09", "2025-09"),
        ("soon", None),
    ],
)
def test_clean_normalise_date(value: str, iso: str | None) -> None:
    assert normalise_date(value) == iso


def test_clean_is_furniture_rejects_real_sentences() -> None:
    assert not is_furniture("By the end of the week, the port had reopened to most ships.")
    assert is_furniture("By Anna Smith")


@pytest.mark.parametrize(
    "text, date_line",
    [
        ("Thu Oct 6 2026 Warplanes hit the town.", "Thu Oct 6 2026"),
        ("Monday 21 November 2026 19:18 Over 500 people fled.", "Monday 21 November 2026 19:18"),
        ("17-02-2026 The army said ...", "17-02-2026"),
        ("Date of publication 7 Oct 2026 Shelling hit ...", "Date of publication 7 Oct 2026"),
        ("Sun 05 Jul 2026 22 dead in raids", "Sun 05 Jul 2026"),  # the toll is no part of it
        ("2026 Games open in Milan", ""),  # a year alone is no date line
        ("On July 5 2026 a bomb went off", ""),
        ("Posted on April 19 2026 by Ana Ruiz Six killed", "Posted on April 19 2026"),
        ("Updated on 4 May 2026 The army said ...", "Updated on 4 May 2026"),
        ("The council met on Thu Oct 6 2026.", ""),
    ],
)
def test_clean_date_line_at_the_head_of_a_text(text: str, date_line: str) -> None:
    assert text[: date_line_end(text)] == date_line


def test_clean_title_run_into_the_text() -> None:
    text = "Rebel fire kills 3 pupils, state media says AFP Thursday 27 Oct 2026 At least three"
    end = title_at(text, 0, "Rebel fire kills 3 pupils - state media says")
    assert end is not None and text[:end] == "Rebel fire kills 3 pupils, state media says"
    assert title_at(text, 0, "Rebel fire kills 4 pupils") is None
    assert title_at("Fire kills 3. More", 0, "Fire kills") is None  # too short to be sure


def test_clean_a_date_run_into_the_text_is_no_header_line() -> None:
    """A short text that opens with its date ("5 March 2026 The council ...") had been
    read as a header line whole, and the article rejected as empty; a date line with
    a title after it is still one."""
    text = "5 March 2026 The city council approved the budget for the new cruise terminal."
    c = clean_text(text)
    assert c.text == text and c.published == "2026-03-05"
    c = clean_text("Title: Budget passed\n\n5 March 2026 The council approved the budget.")
    assert c.text == "5 March 2026 The council approved the budget."
    assert c.title == "Budget passed"
    c = clean_text("5 March 2026 Council passes budget\n\nThe council approved it on Monday.")
    assert c.title == "Council passes budget" and c.text.startswith("The council")
