"""Feeds in (`storyline fetch`): a local HTTP server serves feeds, pages and faults.

The server (`FeedServer`) runs in a thread on 127.0.0.1; every article it
serves is written here. Assertions read what the store holds afterwards.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from storyline import api
from storyline.cli import main
from storyline.ingest.feeds import FeedOptions, parse_duration
from storyline.ingest.fetch import USER_AGENT, Fetcher, FetchError, FetchOptions
from storyline.store.feeds import iso, now_utc
from storyline.store.sqlite import open_store

Handler = Callable[[dict[str, str]], tuple[int, dict[str, str], bytes]]


@dataclass
class FeedServer:
    """An HTTP server on 127.0.0.1 serving `routes` (path -> bytes, or a handler), with
    ETags and 304s for every fixed body, and a log of (path, status, headers) per request."""

    routes: dict[str, bytes | Handler] = field(default_factory=dict)
    log: list[tuple[str, int, dict[str, str]]] = field(default_factory=list)
    types: dict[str, str] = field(default_factory=dict)

    def __enter__(self) -> FeedServer:
        server = self

        class Handle(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, extra, body = server.answer(self.path, headers)
                server.log.append((self.path, status, headers))
                self.send_response(status)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handle)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        route = self.routes.get(path)
        if route is None:
            return 404, {"Content-Type": "text/plain"}, b"not here"
        if callable(route):
            return route(headers)
        etag = '"' + hashlib.sha1(route).hexdigest()[:16] + '"'
        kind = self.types.get(path) or _type_of(path)
        if headers.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": kind, "ETag": etag}, route

    def hits(self, path: str) -> list[int]:
        """Statuses answered to requests for `path`, in order."""
        return [status for p, status, _ in self.log if p == path]

    def url(self, path: str) -> str:
        return self.base + path


def _type_of(path: str) -> str:
    if path.endswith(".xml"):
        return "application/rss+xml" if "rss" in path else "application/atom+xml"
    if path.endswith(".txt"):
        return "text/plain"
    return "text/html; charset=utf-8"


# -- articles written for these tests ------------------------------------------------------

FLOOD_1 = """The River Tessel burst its banks in Marrow on Tuesday night, flooding more than
300 homes in the lower town and forcing the evacuation of the Marrow county hospital. Mayor
Ilse Varga said rescue crews had taken 112 residents from their homes by boat before dawn.
The Tessel rose 2.4 metres above its normal level after three days of heavy rain across the
Orrin hills, according to the regional water board. "We have not seen water like this in
Marrow since 1987," Varga told reporters at the town hall. Schools in Marrow stayed closed
on Wednesday and the main bridge over the Tessel was shut to traffic. The water board warned
that a second crest could reach Marrow on Thursday if the rain continued over the hills."""

FLOOD_2 = """Emergency shelters in Marrow took in hundreds of people on Wednesday after the
River Tessel flooded the lower town. The Red Cross said 640 people had spent the night in the
sports hall and two schools, and that volunteers were handing out blankets and hot meals.
Mayor Ilse Varga said the evacuation of the county hospital had gone smoothly and that no
patient had been harmed. The regional water board said the Tessel had peaked at 2.4 metres
above its usual level and was falling slowly. Farmers upstream in the Orrin hills reported
fields under water and livestock moved to higher ground. Residents were told not to return
to the lower town before the water board declared the river defences safe again."""

FLOOD_3 = """Insurers began sending assessors to Marrow on Thursday as the River Tessel fell
back below its banks, leaving mud and debris across the lower town. Mayor Ilse Varga asked
the national government for emergency funds and said repairs to homes, the hospital and the
Tessel bridge could cost tens of millions. The regional water board said rain over the Orrin
hills had eased and that no second crest was now expected. Families returning to their homes
described ruined furniture, soaked walls and lost belongings. The Red Cross said it would keep
the sports hall shelter open for another week for the 200 people who still had nowhere to
go, and local businesses offered clean-up crews and free meals to volunteers in Marrow."""

COUNCIL_1 = """Brenmoor city council approved its budget for next year on Monday by 31 votes to
24, after a six-hour debate that ended shortly before midnight. The plan raises property tax
by 3 percent and cuts spending on road repairs to fund two new libraries and longer opening
hours at public pools. Council leader Tomas Brandt said the budget protected services that
families rely on while keeping the city's debt under control. The opposition group, led by
councillor Petra Lund, said the tax rise would hurt pensioners and small landlords in
Brenmoor. Lund's amendment to freeze the tax was defeated by seven votes. The budget takes
effect in January, and the first library is due to open in the north of Brenmoor in June."""

COUNCIL_2 = """Residents of Brenmoor will pay 3 percent more in property tax from January after
the city council passed its budget late on Monday. Council leader Tomas Brandt defended the
increase, saying the new libraries and pool hours had been promised to voters two years ago.
Councillor Petra Lund, who leads the opposition, called the vote a broken promise and said
her group would campaign against the tax rise at the next election. Business groups in
Brenmoor criticised the cut to road repairs, saying potholes already cost delivery firms
thousands every month. The budget passed by 31 votes to 24. Brandt said the council would
publish a list of the roads still to be repaired before the end of the year."""

SHORT = "Three words only."


def page(title: str, body: str, site: str = "Valley Courier") -> bytes:
    """A news page as sites serve it: navigation, the article, a footer."""
    paras = "".join(f"<p>{escape(p)}</p>" for p in body.split("\n\n"))
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{escape(title)}</title>
<meta property="og:site_name" content="{escape(site)}"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{escape(title)}</h1>{paras}</article>
<footer>Copyright Valley Courier. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>""".encode()


def one_para(text: str) -> str:
    return " ".join(text.split())


def teaser(text: str, words: int = 25) -> str:
    return " ".join(text.split()[:words]) + " \u2026"


def rfc822(day: str) -> str:
    return format_datetime(datetime.fromisoformat(day).replace(tzinfo=timezone.utc))


def rss(title: str, items: list[dict[str, str]]) -> bytes:
    """RSS 2.0; an item's `full` goes into content:encoded, `summary` into description."""
    out = []
    for it in items:
        content = (
            f"<content:encoded><![CDATA[<p>{it['full']}</p>]]></content:encoded>"
            if it.get("full")
            else ""
        )
        out.append(
            f"<item><title>{escape(it['title'])}</title><link>{it['link']}</link>"
            f"<guid>{it.get('guid', it['link'])}</guid><pubDate>{rfc822(it['day'])}</pubDate>"
            f"<description>{escape(it.get('summary', ''))}</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{escape(title)}</title><link>http://example.invalid/</link>"
        f"<description>news</description>{''.join(out)}</channel></rss>"
    ).encode()


def atom(title: str, entries: list[dict[str, str]]) -> bytes:
    out = []
    for e in entries:
        out.append(
            f'<entry><title>{escape(e["title"])}</title><link href="{e["link"]}"/>'
            f"<id>{e['link']}</id><updated>{e['day']}T08:00:00Z</updated>"
            f"<summary>{escape(teaser(e['full']))}</summary>"
            f'<content type="html">{escape("<p>" + e["full"] + "</p>")}</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:brenmoor-post</id>"
        f"<updated>2026-03-12T08:00:00Z</updated>{''.join(out)}</feed>"
    ).encode()


def flaky(failures: int, body: bytes, status: int = 503) -> Handler:
    """A page that answers `status` `failures` times, then `body`."""
    left = [failures]

    def handle(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if left[0] > 0:
            left[0] -= 1
            return status, {"Content-Type": "text/plain"}, b"busy"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, body

    return handle


def news_site(server: FeedServer) -> None:
    """Two feeds, their pages, robots.txt and a malformed feed on `server`."""
    u = server.url
    server.routes.update(
        {
            "/robots.txt": b"User-agent: *\nDisallow: /private/\n",
            "/news/shelters.html": page("Hundreds in Marrow shelters", FLOOD_2),
            "/private/memo.html": page("Internal memo", FLOOD_3),
            "/flaky/budget.html": flaky(2, page("Brenmoor passes budget", COUNCIL_1)),
            "/bad.xml": b'<?xml version="1.0"?>{"not": "a feed"}',
        }
    )
    server.routes["/rss.xml"] = rss(
        "Valley Courier",
        [
            {
                "title": "Tessel floods Marrow",
                "link": u("/news/tessel-floods.html"),
                "day": "2026-03-10",
                "summary": teaser(FLOOD_1),
                "full": one_para(FLOOD_1),
            },
            {
                "title": "Hundreds in Marrow shelters",
                "link": u("/news/shelters.html"),
                "day": "2026-03-11",
                "summary": teaser(FLOOD_2),
            },
            {
                "title": "Internal memo",
                "link": u("/private/memo.html"),
                "day": "2026-03-11",
                "summary": teaser(FLOOD_3),
            },
            {
                "title": "Brenmoor passes budget",
                "link": u("/flaky/budget.html"),
                "day": "2026-03-10",
                "summary": teaser(COUNCIL_1),
            },
        ],
    )
    server.routes["/atom.xml"] = atom(
        "Brenmoor Post",
        [
            {
                "title": "Tax rise for Brenmoor",
                "link": u("/post/tax.html"),
                "day": "2026-03-11",
                "full": one_para(COUNCIL_2),
            },
            {
                "title": "Marrow counts the cost",
                "link": u("/post/marrow-cost.html"),
                "day": "2026-03-12",
                "full": one_para(FLOOD_3),
            },
        ],
    )


FAST = FeedOptions(fetch=FetchOptions(host_delay=0, backoff=0.01, timeout=5), retry_after=0)


@pytest.fixture
def site() -> Iterator[FeedServer]:
    with FeedServer() as server:
        news_site(server)
        yield server


def stored(db: str | Path) -> dict[str, Any]:
    """What the store holds: articles by url with their story, feed items, failures."""
    with open_store(db) as store:
        c = store.conn
        arts = {
            url: (aid, story)
            for aid, url, story in c.execute(
                "SELECT a.id, a.url, m.story_id FROM articles a"
                " LEFT JOIN story_members m ON m.article_id = a.id"
            ).fetchall()
        }
        items = {k: (s, r) for k, s, r in c.execute("SELECT key, status, reason FROM feed_items")}
        failures = dict(c.execute("SELECT url, reason FROM fetch_failures").fetchall())
    return {"articles": arts, "items": items, "failures": failures}


def test_fetch_feeds_stores_articles_in_stories_and_records_failures(
    site: FeedServer, store_db: str
) -> None:
    db = store_db
    u = site.url
    report = api.fetch(
        [u("/rss.xml"), u("/atom.xml"), u("/bad.xml")], str(db), analyse=False, feed_options=FAST
    )
    got = stored(db)
    arts = got["articles"]
    # full text from the feed (no page request), a teaser's page, a page after two 503s
    assert set(arts) == {
        u("/news/tessel-floods.html"),
        u("/news/shelters.html"),
        u("/flaky/budget.html"),
        u("/post/tax.html"),
        u("/post/marrow-cost.html"),
    }
    assert site.hits("/news/tessel-floods.html") == []
    assert site.hits("/post/tax.html") == []
    assert site.hits("/flaky/budget.html") == [503, 503, 200]
    # robots.txt: the private page is never requested, and the refusal is recorded
    assert site.hits("/private/memo.html") == []
    assert "robots.txt" in got["failures"][u("/private/memo.html")]
    assert "not an RSS or Atom feed" in got["failures"][u("/bad.xml")]
    # two events, two stories
    flood = {arts[u(p)][1] for p in ("/news/tessel-floods.html", "/news/shelters.html")}
    flood.add(arts[u("/post/marrow-cost.html")][1])
    council = {arts[u("/flaky/budget.html")][1], arts[u("/post/tax.html")][1]}
    assert len(flood) == 1 and len(council) == 1 and flood != council
    # the report says it all
    assert report["items"]["new"] == 6 and report["items"]["stored"] == 5
    assert report["items"]["failed"] == 2 and report["new_articles"] == 5
    assert {f["url"] for f in report["failed"]} == {u("/private/memo.html"), u("/bad.xml")}
    assert [s["status"] for s in report["sources"]] == ["ok", "ok", "failed"]
    by_url = {a["url"]: a for a in report["articles"]}
    assert by_url[u("/news/shelters.html")]["source"] == "Valley Courier"
    assert by_url[u("/post/tax.html")]["published"] == "2026-03-11"
    assert sorted(s["articles"] for s in report["stories"]) == [2, 3]
    # every request named the project
    assert {h["user-agent"] for _, _, h in site.log} == {USER_AGENT}


def test_fetch_again_uses_conditional_get_and_stores_nothing_twice(
    site: FeedServer, store_db: str
) -> None:
    db = store_db
    feeds = [site.url("/rss.xml"), site.url("/atom.xml")]
    api.fetch(feeds, str(db), analyse=False, feed_options=FAST)
    before = stored(db)
    site.log.clear()
    report = api.fetch(feeds, str(db), analyse=False, feed_options=FAST)
    assert site.hits("/rss.xml") == [304] and site.hits("/atom.xml") == [304]
    assert [s["status"] for s in report["sources"]] == ["not modified", "not modified"]
    assert stored(db)["articles"] == before["articles"]
    assert report["items"]["stored"] == 0 and report["new_articles"] == 0
    # the page refused by robots.txt is retried (its time has come) and refused again
    assert [f["url"] for f in report["failed"]] == [site.url("/private/memo.html")]
    assert site.hits("/private/memo.html") == []


def test_failed_page_is_retried_on_a_later_pass_and_then_stored(
    site: FeedServer, store_db: str
) -> None:
    db = store_db
    site.routes["/flaky/budget.html"] = flaky(5, page("Brenmoor passes budget", COUNCIL_1), 500)
    report = api.fetch([site.url("/rss.xml")], str(db), analyse=False, feed_options=FAST)
    budget = site.url("/flaky/budget.html")
    assert budget not in stored(db)["articles"]
    assert site.hits("/flaky/budget.html") == [500, 500, 500]  # one try and two retries
    failed = {f["url"]: f for f in report["failed"]}
    assert failed[budget]["reason"] == "HTTP 500 after 3 attempt(s)"
    assert failed[budget]["attempts"] == 1
    # not due yet: waiting, not fetched
    later = FeedOptions(fetch=FAST.fetch, retry_after=3600)
    site.routes["/flaky/budget.html"] = flaky(3, page("Brenmoor passes budget", COUNCIL_1), 500)
    report = api.fetch([site.url("/rss.xml")], str(db), analyse=False, feed_options=later)
    assert report["items"]["failed"] == 2  # the private page and the budget page again
    state = api.feed_state(str(db))
    assert {f["url"]: f["attempts"] for f in state["failures"]}[budget] == 2
    report = api.fetch([site.url("/rss.xml")], str(db), analyse=False, feed_options=later)
    assert {w["url"] for w in report["waiting"]} >= {budget}
    assert site.hits("/flaky/budget.html")[-1] == 500
    # due again (retry_after 0): the feed answers 304, the page is retried from the store
    site.routes["/flaky/budget.html"] = page("Brenmoor passes budget", COUNCIL_1)
    with open_store(db) as store, store.transaction() as c:
        c.execute("UPDATE fetch_failures SET retry_at = '2000-01-01T00:00:00+00:00'")
    report = api.fetch([site.url("/rss.xml")], str(db), analyse=False, feed_options=FAST)
    assert report["sources"][0]["status"] == "not modified"
    assert [a["url"] for a in report["articles"]] == [budget]
    assert report["items"]["retried"] == 2  # the budget page, and the private one refused again
    assert budget in stored(db)["articles"]
    assert budget not in stored(db)["failures"]


def test_fetch_url_list_and_local_feed_file(site: FeedServer, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# pages and feeds to follow\n\n"
        f"{site.url('/news/shelters.html')}\n"
        f"{site.url('/atom.xml')}\n"
        "ftp://example.invalid/file\n"
    )
    local = tmp_path / "feed.xml"
    local.write_bytes(
        rss(
            "Local wire",
            [
                {
                    "title": "Budget passes",
                    "link": "",
                    "guid": "wire-1",
                    "day": "2026-03-10",
                    "full": one_para(COUNCIL_1),
                },
                {"title": "Cut short", "link": "", "guid": "wire-2", "day": "2026-03-10"},
                {
                    "title": "Tiny",
                    "link": "",
                    "guid": "wire-3",
                    "day": "2026-03-10",
                    "summary": SHORT,
                },
            ],
        )
    )
    report = api.fetch([str(listing), str(local)], str(db), analyse=False, feed_options=FAST)
    arts = stored(db)["articles"]
    assert site.url("/news/shelters.html") in arts
    assert {site.url("/post/tax.html"), site.url("/post/marrow-cost.html")} <= set(arts)
    assert None in arts  # the wire item: full text in the feed, no link
    rejected = {r["url"]: r for r in report["rejected"]}
    assert rejected[f"{listing}:5"]["code"] == "E023"
    wire = f"{local.resolve()} item wire-2"
    assert "no full text and no link" in rejected[wire]["reason"]
    items = stored(db)["items"]
    assert items["wire-1"][0] == "stored" and items["wire-2"][0] == "rejected"
    assert items["wire-3"][0] == "rejected"
    # a second pass: the listed page is seen, the feed answers 304, nothing is stored again
    again = api.fetch([str(listing), str(local)], str(db), analyse=False, feed_options=FAST)
    assert again["items"]["new"] == 0 and again["items"]["stored"] == 0
    assert again["items"]["seen"] == 4  # the page and the three wire items


def test_missing_source_is_reported_and_the_rest_goes_on(site: FeedServer, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    report = api.fetch(
        [str(tmp_path / "nope.txt"), site.url("/atom.xml")],
        str(db),
        analyse=False,
        feed_options=FAST,
    )
    assert report["sources"][0]["status"] == "failed"
    assert "no such file" in report["sources"][0]["reason"]
    assert report["items"]["stored"] == 2


def test_fetch_analyses_stories_as_brief_does(site: FeedServer, tmp_path: Path) -> None:
    """The default path is the whole run: parses stored, stories briefed (revisions kept)."""
    db = tmp_path / "news.db"
    report = api.fetch([site.url("/atom.xml")], str(db), feed_options=FAST)
    assert report["items"]["stored"] == 2
    with sqlite3.connect(db) as c:
        (docs,) = c.execute("SELECT COUNT(*) FROM docs").fetchone()
    assert docs == 2
    # the same store, read by `brief --db`, holds both stories
    out = api.cluster([{"text": COUNCIL_1, "title": "Budget"}], db=str(db))
    council = [s for s in out["stories"] if len(s["articles"]) == 2]
    assert council, out["stories"]


def test_fetcher_caps_size_and_spaces_requests_to_a_host(site: FeedServer) -> None:
    site.routes["/big.html"] = b"x" * 5000
    fetcher = Fetcher(FetchOptions(max_bytes=2000, host_delay=0.2, backoff=0.01))
    with pytest.raises(FetchError, match="over the size limit of 2,000"):
        fetcher.get(site.url("/big.html"))
    started = time.monotonic()
    fetcher.get(site.url("/news/shelters.html"))
    fetcher.get(site.url("/news/shelters.html"))
    assert time.monotonic() - started >= 0.35  # two waits of 0.2 s after the first request
    with pytest.raises(FetchError, match="not found"):
        fetcher.get(site.url("/missing.html"))
    with pytest.raises(FetchError, match="not an http"):
        fetcher.get("file:///etc/passwd")
    fetcher.close()


def test_fetcher_robots_unreadable_blocks_the_host() -> None:
    with FeedServer() as server:
        server.routes["/robots.txt"] = flaky(10, b"")
        server.routes["/a.html"] = page("A", FLOOD_1)
        fetcher = Fetcher(FetchOptions(host_delay=0, backoff=0.01, retries=1))
        with pytest.raises(FetchError, match="robots.txt could not be read"):
            fetcher.get(server.url("/a.html"))
        assert server.hits("/a.html") == []
        fetcher.close()


def test_conditional_get_with_last_modified() -> None:
    stamp = "Tue, 10 Mar 2026 08:00:00 GMT"

    def handle(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if headers.get("if-modified-since") == stamp:
            return 304, {}, b""
        return 200, {"Last-Modified": stamp, "Content-Type": "text/html"}, b"<p>hi</p>"

    with FeedServer() as server:
        server.routes["/p.html"] = handle
        fetcher = Fetcher(FetchOptions(host_delay=0))
        first = fetcher.get(server.url("/p.html"))
        second = fetcher.get(server.url("/p.html"), last_modified=first.last_modified)
        fetcher.close()
    assert first.status == 200 and first.last_modified == stamp
    assert second.not_modified and second.body == b""


def test_cli_fetch_prints_a_line_and_json(site: FeedServer, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    args = ["fetch", site.url("/rss.xml"), "--db", str(db), "--no-analyse", "--delay", "0"]
    result = CliRunner().invoke(main, [*args, "--retry-after", "0s", "--timeout", "5"])
    assert result.exit_code == 0, result.output
    assert "4 new items, 0 already seen, 1 failed, 0 rejected; 3 articles stored" in result.stderr
    assert "disallowed by" in result.stderr and "/private/memo.html" in result.stderr
    result = CliRunner().invoke(main, [*args, site.url("/bad.xml"), "--format", "json"])
    assert result.exit_code == 1  # a source could not be read
    report = json.loads(result.stdout)
    assert report["sources"][0]["status"] == "not modified"
    assert report["sources"][1]["status"] == "failed"
    listing = CliRunner().invoke(main, ["store", "feeds", "--db", str(db)])
    assert listing.exit_code == 0
    assert "failed feed " + site.url("/bad.xml") in listing.stdout
    assert "failed page " + site.url("/private/memo.html") in listing.stdout
    assert "3 stored" in listing.stdout


def test_cli_rejects_bad_durations(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    result = CliRunner().invoke(main, ["watch", "x.xml", "--db", db, "--every", "soon"])
    assert result.exit_code == 2 and "'soon' is not a duration" in result.output
    assert parse_duration("15m") == 900 and parse_duration("1.5h") == 5400


class Crash(BaseException):
    """A process dying: nothing after it runs."""


def test_crash_between_storing_and_marking_loses_and_duplicates_nothing(
    site: FeedServer, tmp_path: Path
) -> None:
    from storyline.api import _feed_ingest
    from storyline.config import Config
    from storyline.ingest.feeds import fetch_pass

    db = str(tmp_path / "news.db")
    real = _feed_ingest(Config(db=db), analyse=False)

    def crashing(items: list[dict[str, Any]]) -> Any:
        real(items)  # the articles are stored and clustered ...
        raise Crash  # ... and the process dies before the items are marked

    feeds = [site.url("/rss.xml"), site.url("/atom.xml")]
    with pytest.raises(Crash):
        fetch_pass(feeds, db, crashing, FAST)
    crashed = stored(db)
    assert len(crashed["articles"]) == 5 and crashed["items"] == {}
    report = api.fetch(feeds, db, analyse=False, feed_options=FAST)
    # the feeds were read whole again (no validators were saved), every item marked once
    assert site.hits("/rss.xml") == [200, 200] and site.hits("/atom.xml") == [200, 200]
    assert report["items"]["stored"] == 5 and report["new_articles"] == 0
    after = stored(db)
    assert after["articles"] == crashed["articles"]  # same articles, same stories
    assert sorted(s for s, _ in after["items"].values()) == ["stored"] * 5


def test_page_charset_from_the_http_header(tmp_path: Path) -> None:
    """A page that declares its encoding only in Content-Type is read in that encoding."""
    text = FLOOD_1.replace("Marrow", "Łódź-Marrow")  # ISO-8859-2: read as Windows-1252, "£ód¼"
    body = page("Flood in Łódź-Marrow", text).replace(b'<meta charset="utf-8">', b"")
    latin2 = body.decode("utf-8").encode("iso-8859-2")

    def handle(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        return 200, {"Content-Type": "text/html; charset=ISO-8859-2"}, latin2

    with FeedServer() as server:
        server.routes["/zurich.html"] = handle
        listing = tmp_path / "urls.txt"
        listing.write_text(server.url("/zurich.html") + "\n")
        db = str(tmp_path / "news.db")
        report = api.fetch([str(listing)], db, analyse=False, feed_options=FAST)
    assert report["items"]["stored"] == 1
    with open_store(db) as store:
        (stored_text,) = [a.text for a in store.articles()]
    assert "Łódź-Marrow" in stored_text and "\ufffd" not in stored_text


def test_a_feed_given_twice_is_read_once(site: FeedServer, tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(site.url("/atom.xml") + "\n")
    feed = site.url("/atom.xml")
    db = str(tmp_path / "news.db")
    report = api.fetch([feed, str(listing), feed], db, analyse=False, feed_options=FAST)
    assert report["items"]["stored"] == 2 and report["rejected"] == []
    assert sorted(s for s, _ in stored(db)["items"].values()) == ["stored", "stored"]


def test_retry_after_of_the_server_sets_the_next_try(tmp_path: Path) -> None:
    def busy(headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        return 503, {"Retry-After": "7200", "Content-Type": "text/plain"}, b"later"

    with FeedServer() as server:
        server.routes["/feed.xml"] = busy
        db = str(tmp_path / "news.db")
        report = api.fetch([server.url("/feed.xml")], db, analyse=False, feed_options=FAST)
        assert server.hits("/feed.xml") == [503]  # no retry now: the server asks for 2 hours
    (failure,) = report["failed"]
    assert "asks to wait 7200 s" in failure["reason"]
    assert failure["retry_at"] >= iso(now_utc() + timedelta(seconds=7100))
