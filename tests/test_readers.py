"""Readers: every supported format, and every kind of bad input, as a user has them."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

import pytest

import storyline
from storyline.config import Config
from storyline.ingest.readers import head_of, lead_title, read_inputs
from storyline.model import Article

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "harbour-strike"

TEXT = (
    "The council approved the new budget on Tuesday after a long debate.\n\n"
    "The mayor said the plan would fund two new schools and a library."
)
HTML = f"""<html><head><title>Budget passes | Town Post</title>
<meta property="og:site_name" content="Town Post">
<meta property="article:published_time" content="2024-05-02T10:00:00Z"></head>
<body><nav>Home News Sport</nav><article><h1>Budget passes</h1>
<p>{TEXT.split(chr(10))[0]}</p><p>{TEXT.split(chr(10))[-1]}</p>
<p>Officials expect the first school to open in the autumn of next year.</p></article>
<footer>Subscribe to our newsletter</footer></body></html>"""


def read(*inputs: object, **cfg: object) -> tuple[list, list]:
    return read_inputs(list(inputs), Config(**cfg))  # type: ignore[arg-type]


def test_readers_plain_text(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Budget passes\n\n" + TEXT)
    arts, rej = read(tmp_path / "a.txt")
    assert rej == [] and len(arts) == 1
    assert arts[0].title == "Budget passes" and arts[0].text == TEXT
    assert arts[0].path == str(tmp_path / "a.txt")


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.html.gz"])
def test_readers_html_with_metadata(tmp_path: Path, name: str) -> None:
    data = HTML.encode()
    (tmp_path / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    arts, rej = read(tmp_path / name)
    assert rej == []
    (a,) = arts
    assert a.title == "Budget passes"
    assert a.published == "2024-05-02"
    assert a.source == "Town Post"
    assert "two new schools" in a.text
    assert "newsletter" not in a.text and "Home News Sport" not in a.text


def test_readers_jsonl_fields_and_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "text": TEXT,
                "title": "T1",
                "source": "Town Post",
                "published": "2024-05-02",
                "url": "https://example.org/a",
            }
        ),
        "{not json",
        json.dumps({"body": TEXT.replace("council", "board"), "title": "T2"}),
        json.dumps({"title": "no text here"}),
        json.dumps([1, 2]),
    ]
    (tmp_path / "a.jsonl").write_text("\n".join(lines) + "\n")
    arts, rej = read(tmp_path / "a.jsonl")
    assert [a.title for a in arts] == ["T1", "T2"]
    assert arts[0].source == "Town Post" and arts[0].url == "https://example.org/a"
    assert arts[0].published == "2024-05-02"
    assert sorted((r.path.rsplit(":", 1)[1], r.code) for r in rej) == [
        ("2", "E006"),
        ("4", "E007"),
        ("5", "E006"),
    ]


def test_readers_json_list_of_paragraphs(tmp_path: Path) -> None:
    doc = {
        "title": "Budget",
        "date": "2024-05-02",
        "source": "Post",
        "body-paragraphs": TEXT.split("\n\n"),
    }
    (tmp_path / "a.json").write_text(json.dumps(doc))
    (a,), rej = read(tmp_path / "a.json")
    assert a.text == TEXT and a.published == "2024-05-02" and rej == []


def test_readers_json_nested_paragraph_lists(tmp_path: Path) -> None:
    paras = [["The council met on Tuesday.", "It approved the budget."], ["The mayor was pleased."]]
    (tmp_path / "a.json").write_text(json.dumps({"title": "Budget", "body-paragraphs": paras}))
    (a,), _ = read(tmp_path / "a.json")
    assert a.text == (
        "The council met on Tuesday. It approved the budget.\n\nThe mayor was pleased."
    )


def test_readers_dicts_from_python() -> None:
    arts, rej = read({"text": TEXT, "title": "Given"}, {"text": ""})
    assert [a.title for a in arts] == ["Given"]
    assert [r.code for r in rej] == ["E007"]


def test_readers_bad_files_are_rejected_and_the_rest_goes_on(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(TEXT)
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 20)
    noise = random.Random(3)
    (tmp_path / "noise.txt").write_bytes(bytes(noise.randrange(1, 256) for _ in range(400)))
    (tmp_path / "big.txt").write_text(TEXT * 100)
    (tmp_path / "bad.html.gz").write_bytes(b"\x1f\x8bnot really gzip")
    (tmp_path / "short.txt").write_text("Too short.")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text(TEXT)
    arts, rej = read(tmp_path, tmp_path / "missing.txt", max_bytes=2000)
    assert [Path(a.path).name for a in arts] == ["good.txt"]
    codes = {Path(r.path).name: r.code for r in rej}
    assert codes == {
        "bad.html.gz": "E010",
        "big.txt": "E004",
        "binary.txt": "E002",
        "empty.txt": "E001",
        "noise.txt": "E003",
        "missing.txt": "E008",
        "notes.pdf": "E009",
        "short.txt": "E012",
    }
    assert all(r.reason and r.path for r in rej)


def test_readers_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "cp.txt").write_bytes(
        ("Caf\u00e9 owners in S\u00e3o Paulo said the new rules hurt trade. " * 3).encode("cp1252")
    )
    (a,), rej = read(tmp_path / "cp.txt")
    assert "Caf\u00e9" in a.text and rej == []


def test_readers_same_text_twice_is_read_once_and_said(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "b.txt").write_text(TEXT.replace("\n\n", "\r\n\r\n") + "\n\n")
    arts, rej = read(tmp_path)
    assert len(arts) == 1
    assert [r.code for r in rej] == ["E013"] and "a.txt" in rej[0].reason


def test_readers_ids_are_stable_across_runs(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    first, _ = read(tmp_path / "a.txt")
    again, _ = read({"text": TEXT + "\n"})
    assert first[0].id == again[0].id


def test_readers_directory_recursive_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(TEXT)
    (tmp_path / "a.txt").write_text(TEXT.replace("budget", "plan"))
    arts, _ = read(tmp_path)
    assert [Path(a.path).name for a in arts] == ["a.txt", "z.txt"]


def test_readers_example_folder_reads_every_format() -> None:
    arts, rej = read(EXAMPLE)
    assert rej == []
    assert len(arts) == 4
    assert {a.source for a in arts} >= {"Northern Wire", "Harbour Times", "Baltic Business Daily"}
    assert all(a.title for a in arts)


@pytest.mark.parametrize(
    "text, title",
    [
        (
            "The U.S. Senate passed the bill on Friday. It now goes to the House.",
            "The U.S. Senate passed the bill on Friday",
        ),
        ("Sen. Ann Roe voted no. Others agreed.", "Sen. Ann Roe voted no"),
        ("Talks ended. Nothing was agreed on the budget or the schools.", "Talks ended"),
    ],
)
def test_readers_lead_title_does_not_stop_at_abbreviations(text: str, title: str) -> None:
    (a,), _ = read({"text": text})
    assert a.title == title


def test_readers_a_file_named_by_its_day_is_dated_by_it(tmp_path: Path) -> None:
    """A text (or page) that states no date of its own takes the one its file name gives;
    a date line in the text comes first, and a name of two dates or an id gives none."""
    named = {
        "2024-05-02_budget.txt": "2024-05-02",
        "post_20240502-budget.txt": "2024-05-02",
        "2024_05_02.txt": "2024-05-02",
        "budget-2024-05-02-to-2024-05-09.txt": None,  # two dates: which is the article's?
        "item-120240502.txt": None,  # a longer run of digits is an id
        "2024-02-30-budget.txt": None,  # no such day
        "2090-05-02-budget.txt": None,  # a day to come is no article's date
    }
    for n, name in enumerate(named):
        (tmp_path / name).write_text(f"{TEXT}\n\nThe council meets again in {n + 2} weeks.")
    (tmp_path / "2024-05-02_dated.txt").write_text("date 2024-04-30 Budget passes\n\n" + TEXT)
    (tmp_path / "2024-05-02_page.html").write_text(
        "<html><body><article><p>The council approved the new budget on Tuesday.</p>"
        "<p>The mayor said the plan would fund a library and two new schools.</p>"
        "</article></body></html>"
    )
    arts, rej = read(tmp_path)
    by_name = {Path(a.path or "").name: a.published for a in arts}
    assert rej == [] and len(by_name) == len(named) + 2
    for name, day in named.items():
        assert by_name[name] == day, name
    assert by_name["2024-05-02_dated.txt"] == "2024-04-30"
    assert by_name["2024-05-02_page.html"] == "2024-05-02"


def test_readers_head_of_a_text_a_date_line_a_title_run_in_and_a_credit() -> None:
    """Where the report starts in a scraped text (`head_of`): past a date line, a title
    that came with the article and the text repeats, and a wire's credit and date after it;
    a title made from the lead itself is the lead, not a headline."""
    text = "Thu Oct 6 2026 Rebel fire kills 3 pupils AFP Thursday 6 Oct 2026 At least three"
    title, report = head_of(Article(id="a", text=text, title="Rebel fire kills 3 pupils"))
    assert title is not None and text[title[0] : title[1]] == "Rebel fire kills 3 pupils"
    assert text[report:] == "At least three"
    other = Article(id="b", text=text, title="Pupils killed in Aleppo")
    assert head_of(other) == (None, text.index("Rebel"))
    lead = "The council met on Monday. It voted."
    assert head_of(Article(id="c", text=lead, title=lead_title(lead))) == (None, 0)


def test_readers_head_of_a_byline_between_the_date_and_the_title() -> None:
    """A byline run in between a date line and the title ("Posted on April 19 2017 by
    Asharq Al-Awsat English Six Killed in Aleppo Bombing ...") is no part of the title or
    the lead: the known title marks where the name ends (it had opened a FA-KES key
    statement as "Posted on April 19 2017 by Asharq Al-Awsat English Six Killed ...")."""
    title = "Six Killed in Aleppo Bombing as Evacuation Resumes"
    text = f"Posted on April 19 2026 by Ana Ruiz Lopez {title} Six people were killed."
    span, start = head_of(Article(id="a", text=text, title=title))
    assert span is not None and text[span[0] : span[1]] == title
    assert text[start:] == "Six people were killed."
    # without the title in reach, nothing is cut past the date line
    other = Article(id="b", text=text, title="Blast in Hama kills 51 people")
    assert head_of(other) == (None, text.index("by Ana"))


@pytest.mark.parametrize(
    "head",
    [
        "18.05.2026Get short URL 0 15 ",  # glued to the date, with its counters
        "16.04.2026(updated 1723 16.04.2026) Get short URL 0 87 ",
        "Blast in Hama kills 51 REUTERS Middle East 1735 15.04.2026 Get short URL 9832 ",
    ],
)
def test_readers_head_of_a_share_widget_run_into_the_head(head: str) -> None:
    """A share widget and its counters in a scraped text's head are no part of the report
    (its lead had opened the summary as "18.05.2017Get short URL 0 15 The death toll ...")."""
    text = head + "The death toll reached 51 people, a hospital source said."
    _, start = head_of(Article(id="a", text=text, title="Blast in Hama kills 51"))
    assert text[start:].startswith("The death toll"), text[start:]
    story = storyline.brief([{"text": text, "title": "Blast in Hama kills 51"}])["stories"][0]
    assert story["summary"] and "short URL" not in story["summary"][0]["text"]


@pytest.mark.parametrize(
    ("title", "rest", "report"),
    [
        # a source's credit in capitals, or the end of a title given cut short, before
        # the lead's opening word
        ("Shelling kills one in Aleppo", " SANA One civilian was killed.", "One civilian"),
        ("Blast kills six Syrian state", " TV A bomb blast killed six.", "A bomb blast"),
        # not an initialism the lead opens with
        ("Blast kills six", " EU diplomats said the blast killed six.", "EU diplomats"),
    ],
)
def test_readers_head_of_a_credit_in_capitals_after_a_run_in_title(
    title: str, rest: str, report: str
) -> None:
    text = title + rest
    _, start = head_of(Article(id="a", text=text, title=title))
    assert text[start:].startswith(report)
