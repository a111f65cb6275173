"""`storyline serve`: the real server (uvicorn, a subprocess on 127.0.0.1) over a store
built here from short articles written for these tests.

The store gets two runs: the first opens a story about a bridge closed by a
flood (three outlets, which disagree on how many people were evacuated) and
one about a tram line; the second, made while the server runs, adds a fourth
flood article, so the flood story has two revisions and a change log.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import httpx
import pytest
from click.testing import CliRunner

import storyline
from storyline.cli import main

FLOOD = [
    {
        "title": "Flood closes Varna river bridge",
        "source": "Varna Herald",
        "published": "2026-04-02T08:00:00Z",
        "text": "The Varna river burst its banks on Wednesday and closed the old stone bridge "
        "in Kestrel, the town council said. About 120 residents were evacuated from homes "
        "along the river overnight. Mayor Ilse Marten said the bridge would stay shut until "
        'engineers had inspected it. "We will not reopen it before it is safe," Marten '
        "said. The water level reached 4.2 metres at the Kestrel gauge on Wednesday morning.",
    },
    {
        "title": "Kestrel evacuates riverside homes as Varna floods",
        "source": "Northern Post",
        "published": "2026-04-02T10:30:00Z",
        "text": "Floodwater from the Varna river closed the old stone bridge in Kestrel on "
        "Wednesday. Some 150 residents were evacuated from homes along the river overnight, "
        "according to the fire service. Mayor Ilse Marten said the bridge would stay shut "
        "until engineers had inspected it. The water level reached 4.2 metres at the Kestrel "
        "gauge, the highest reading since 2011.",
    },
    {
        "title": "Varna floods Kestrel, bridge shut",
        "source": "River Valley Radio",
        "published": "2026-04-02T12:00:00Z",
        "text": "The Varna river flooded parts of Kestrel on Wednesday, and the town council "
        "closed the old stone bridge. About 120 residents were evacuated from homes along "
        'the river overnight. "We will not reopen it before it is safe," Mayor Ilse Marten '
        "said of the bridge. Engineers are due to inspect the bridge on Thursday.",
    },
]
FLOOD_LATER = {
    "title": "Kestrel bridge to stay closed after flood inspection",
    "source": "Kestrel Courier",
    "published": "2026-04-03T09:00:00Z",
    "text": "Engineers inspected the old stone bridge in Kestrel on Thursday after the Varna "
    "river flood and said it would stay closed for at least a week. Mayor Ilse Marten said "
    "about 120 residents evacuated from homes along the river could return on Friday. The "
    "water level at the Kestrel gauge fell to 2.9 metres on Thursday.",
}
TRAM = [
    {
        "title": "Orlin council approves new tram line",
        "source": "Orlin Daily",
        "published": "2026-03-20T09:00:00Z",
        "text": "The Orlin city council approved a new tram line to the harbour district on "
        "Tuesday by 31 votes to 12. The line will cost 84 million euros and open in 2029, "
        "transport councillor Petra Vogel said. The tram will run every six minutes between "
        "the central station and the harbour.",
    },
    {
        "title": "Harbour tram line wins council vote in Orlin",
        "source": "Orlin Courier",
        "published": "2026-03-20T13:00:00Z",
        "text": "Orlin's city council voted 31 to 12 on Tuesday for a new tram line to the "
        "harbour district. Transport councillor Petra Vogel said the line would cost 84 "
        "million euros and open in 2029. Trams will run every six minutes between the "
        "central station and the harbour.",
    },
]


@dataclass
class Served:
    url: str
    db: Path
    flood: str  # story ids
    tram: str
    first_run: str  # a time between the two runs

    def get(self, path: str, **params: str) -> httpx.Response:
        return httpx.get(self.url + path, params=params, timeout=30)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "storyline.cli", "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            out = proc.stdout.read().decode() if proc.stdout else ""
            raise AssertionError(f"storyline serve exited {proc.returncode}: {out}")
        try:
            httpx.get(f"http://127.0.0.1:{port}/static/serve.css", timeout=2)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("storyline serve did not answer within 60 s")


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    db = tmp_path_factory.mktemp("serve") / "news.db"
    first = storyline.brief([*FLOOD, *TRAM], db=str(db), quiet=True)
    by_title = {s["title"]: s["id"] for s in first["stories"]}
    assert len(by_title) == 2, by_title
    time.sleep(0.01)
    between = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()) + ".999Z"
    time.sleep(1.1)
    port = free_port()
    proc = start_server(db, port)
    try:
        url = f"http://127.0.0.1:{port}"
        assert httpx.get(url + "/api/stories", timeout=30).status_code == 200
        # a second run writes while the server serves: the server must not block it
        storyline.brief([FLOOD_LATER], db=str(db), quiet=True)
        yield Served(
            url,
            db,
            flood=by_title[FLOOD[0]["title"]],
            tram=by_title[TRAM[0]["title"]],
            first_run=between,
        )
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_story_list_json(served: Served) -> None:
    stories = served.get("/api/stories").json()
    assert [s["id"] for s in stories] == [served.flood, served.tram]  # newest first
    flood, tram = stories
    assert flood["revision"] == 2 and flood["articles"] == 4 and flood["sources"] == 4
    assert flood["conflicts"] >= 1  # 120 or 150 evacuated
    assert tram["revision"] == 1 and tram["articles"] == 2 and tram["conflicts"] == 0
    assert "Ilse Marten" in flood["entities"]
    r = served.get("/api/stories", limit="1", offset="1")
    assert [s["id"] for s in r.json()] == [served.tram] and r.headers["x-total-count"] == "2"


@pytest.mark.parametrize(
    ("params", "expect"),
    [
        ({"q": "tram"}, "tram"),
        ({"q": "STONE bridge"}, "flood"),  # words of the statements, any case
        ({"q": "evacuated residents"}, "flood"),
        ({"entity": "vogel"}, "tram"),
        ({"entity": "Ilse Marten", "q": "bridge"}, "flood"),
        ({"q": "bridge", "entity": "Vogel"}, None),
        ({"q": "volcano"}, None),
    ],
)
def test_serve_search(served: Served, params: dict[str, str], expect: str | None) -> None:
    found = [s["id"] for s in served.get("/api/stories", **params).json()]
    assert found == ([getattr(served, expect)] if expect else [])
    page = served.get("/", **params).text
    assert page.count('class="story-item"') == len(found)


def test_serve_story_json(served: Served) -> None:
    doc = served.get(f"/api/stories/{served.flood}").json()
    assert doc["id"] == served.flood and doc["revision"] == 2
    story, arts = doc["story"], {a["id"]: a for a in doc["articles"]}
    assert set(story["articles"]) == set(arts) and len(arts) == 4
    for st in story["statements"]:
        for c in st["citations"]:
            assert arts[c["article"]]["text"][c["start"] : c["end"]]
    first = served.get(f"/api/stories/{served.flood}", revision="1").json()
    assert first["revision"] == 1 and len(first["articles"]) == 3


def test_serve_changes_since(served: Served) -> None:
    every = served.get(f"/api/stories/{served.flood}/changes").json()
    assert [r["revision"] for r in every["revisions"]] == [1, 2]
    later = served.get(f"/api/stories/{served.flood}/changes", since=served.first_run).json()
    assert [r["revision"] for r in later["revisions"]] == [2]
    kinds = {c["kind"] for c in later["revisions"][0]["changes"]}
    assert "article_added" in kinds
    page = served.get(f"/stories/{served.flood}", since=served.first_run).text
    assert 'class="changes"' in page and "article added: " + FLOOD_LATER["title"] in page
    assert "Revision 2" in page and "Revision 1 " not in page


def test_serve_unknown_ids_are_404(served: Served) -> None:
    for path in ("/api/stories/s-nope", "/api/stories/s-nope/changes", "/api/articles/nope"):
        r = served.get(path)
        assert r.status_code == 404
        assert "nope" in r.json()["detail"] and str(served.db) in r.json()["detail"]
    r = served.get(f"/api/stories/{served.flood}", revision="9")
    assert r.status_code == 404 and "revision 9" in r.json()["detail"]
    for path in ("/stories/s-nope", "/articles/nope", "/stories/s-nope/feed.atom"):
        r = served.get(path)
        assert r.status_code == 404 and "text/html" in r.headers["content-type"]
        assert "nope" in r.text and "<h1>Not found</h1>" in r.text


def test_serve_bad_since_is_400(served: Served) -> None:
    r = served.get(f"/api/stories/{served.flood}/changes", since="last tuesday")
    assert r.status_code == 400
    assert "last tuesday" in r.json()["detail"] and "ISO" in r.json()["detail"]
    r = served.get(f"/stories/{served.flood}", since="last tuesday")
    assert r.status_code == 400 and "last tuesday" in r.text


def test_serve_story_page_is_the_report(served: Served) -> None:
    page = served.get(f"/stories/{served.flood}").text
    for section in ("summary", "statements", "conflicts", "figures", "timeline", "sources"):
        assert f'<section class="{section}" id="{served.flood}-{section}">' in page
    assert 'class="coverage-svg"' in page and 'class="timeline-svg"' in page
    assert page.count('class="cite"') > 10 and 'class="tip"' in page
    for flood in [*FLOOD, FLOOD_LATER]:
        assert flood["title"] in page
    assert '<script src="/static/report.js">' in page


def test_serve_pages_gzipped_for_those_who_take_it(served: Served) -> None:
    path = f"{served.url}/stories/{served.flood}"
    packed = httpx.get(path, headers={"Accept-Encoding": "gzip"}, timeout=30)
    plain = httpx.get(path, headers={"Accept-Encoding": "identity"}, timeout=30)
    assert packed.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert int(packed.headers["content-length"]) < len(plain.content) / 3
    assert packed.text == plain.text and plain.text.startswith("<!DOCTYPE html>")


def test_serve_article_page_highlights_cited_spans(served: Served) -> None:
    doc = served.get(f"/api/stories/{served.flood}").json()
    aid = doc["story"]["articles"][0]
    text = next(a["text"] for a in doc["articles"] if a["id"] == aid)
    page = served.get(f"/articles/{aid}", story=served.flood).text
    shown = page.split('<div class="text">', 1)[1].split("</div>", 1)[0]
    mark = r'<mark class="cited" title="cited in: ([a-z_, ]+)">(.*?)</mark>|([^<]+)'
    pieces = re.findall(mark, shown, flags=re.S)
    plain, marked = "", set()
    for parts, cited, rest in pieces:
        piece = unescape(cited or rest)
        if cited:
            assert parts
            marked.update(range(len(plain), len(plain) + len(piece)))
        plain += piece
    assert plain == text  # the whole article, in order, nothing added
    cited_spans = [
        (c["start"], c["end"])
        for st in doc["story"]["statements"]
        for c in st["citations"]
        if c["article"] == aid
    ]
    assert cited_spans
    for start, end in cited_spans:
        assert set(range(start, end)) <= marked
    assert len(marked) < len(text)  # not everything is cited
    assert served.get(f"/api/articles/{aid}").json()["text"] == text


def test_serve_story_feed_is_atom(served: Served) -> None:
    r = served.get(f"/stories/{served.flood}/feed.atom")
    assert r.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(r.content)
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    titles = [e.title for e in feed.entries]
    assert len(titles) == 2 and "revision 2" in titles[0] and "1 article added" in titles[0]
    assert "?since=" in feed.entries[0].link and "?" not in feed.entries[1].link
    assert FLOOD_LATER["title"] in feed.entries[0].content[0].value
    assert len({e.id for e in feed.entries}) == 2 and feed.feed.updated == feed.entries[0].updated


def test_serve_topic_feed_is_atom(served: Served) -> None:
    r = served.get("/feed.atom", q="bridge")
    feed = feedparser.parse(r.content)
    assert not feed.bozo and feed.version == "atom10"
    assert [e.id for e in feed.entries] == [f"urn:storyline:story:{served.flood}"]
    assert feed.entries[0].link == f"{served.url}/stories/{served.flood}"
    assert "4 sources" in feed.entries[0].summary
    everything = feedparser.parse(served.get("/feed.atom").content)
    assert len(everything.entries) == 2


def test_serve_openapi(served: Served) -> None:
    spec = served.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert {
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/stories/{story_id}/changes",
        "/api/articles/{article_id}",
    } <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/stories"]["get"]["parameters"]}
    assert params == {"q", "entity", "limit", "offset"}


def test_serve_pages_escape_what_articles_say(tmp_path: Path) -> None:
    """A title with markup is text on every page and in the feed, never markup."""
    db = tmp_path / "evil.db"
    evil = {**TRAM[0], "title": "Tram <script>alert(1)</script> & <b>vote</b>"}
    storyline.brief([evil, TRAM[1]], db=str(db), quiet=True)
    with _server(db) as client:
        sid = client.get("/api/stories").json()[0]["id"]
        for path in ("/", f"/stories/{sid}", f"/stories/{sid}/feed.atom", "/feed.atom"):
            body = client.get(path).text
            assert "<script>alert" not in body and "&lt;script&gt;alert(1)" in body, path


def test_serve_empty_store_says_how_to_fill_it(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    storyline.cluster([TRAM[0]], db=str(db), quiet=True)  # articles, but no brief yet
    with _server(db) as client:
        assert client.get("/api/stories").json() == []
        assert "No stories in this store yet" in client.get("/").text
        assert "No stories match" in client.get("/", params={"q": "tram"}).text


@contextmanager
def _server(db: Path) -> Iterator[httpx.Client]:
    """`storyline serve` over `db` on a free port, and a client of it."""
    port = free_port()
    proc = start_server(db, port)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            yield client
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_cli_refuses_a_missing_store(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 2 and "none.db" in r.output and "no database" in r.output
    bad = tmp_path / "junk.db"
    bad.write_bytes(b"not a database at all" * 100)
    r = CliRunner().invoke(main, ["serve", "--db", str(bad)])
    assert r.exit_code == 2 and "junk.db" in r.output


def test_serve_help() -> None:
    r = CliRunner().invoke(main, ["serve", "--help"])
    assert r.exit_code == 0 and "--db" in r.output and "Atom" in r.output
