"""Feeds in: RSS/Atom feeds, URL lists and local feed files become stored, clustered articles.

    >>> report = fetch_pass(["https://example.org/feed.xml"], "news.db", ingest)  # doctest: +SKIP
    >>> report["items"]   # {"new": 12, "seen": 40, "failed": 1, "stored": 11, "rejected": 0}

One pass (`fetch_pass`) reads every source given:

- an http(s) URL is a feed, fetched with conditional GET;
- a local file starting with "<" is a feed file; any other file lists URLs,
  one a line (blank lines and "# comments" skipped): each URL is fetched, and
  is read as a feed when it is one, else as an article page.

Each item not dealt with before (by guid, else link) becomes an article input
(a dict: text, title, url, source, published). The feed's own text is used
when it carries the whole article (`full_text_words` or more words, not cut
off with an ellipsis or "Read more"); otherwise the item's page is fetched
and its text extracted by the same reader as HTML files
(`readers.record_from_html`, trafilatura). Items go to `ingest` in batches:
the caller's pipeline (`api`) stores, deduplicates and clusters them into the
stored stories, exactly as for files. Only then are the items marked as dealt
with (`store/feeds.py`), so a run killed at any point loses nothing and, as
articles are stored by content, duplicates nothing.

A feed or page that cannot be fetched is recorded with its reason and retried
on a later pass once its time has come; an item whose article is rejected
(too short, another language, no text on the page) is marked with the
reason. Every one of these is in the pass's report.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import feedparser

from storyline.errors import Rejected
from storyline.ingest.clean import clean_field, date_in_range, normalise_date
from storyline.ingest.decoding import DECLARED
from storyline.ingest.fetch import Fetcher, FetchError, FetchOptions, Response
from storyline.ingest.files import read_bytes
from storyline.ingest.readers import internal_error, record_from_html
from storyline.model import Article, Json, Rejection
from storyline.store.feeds import FeedState, ItemOutcome, iso, now_utc, open_feed_state

# (articles, rejections, {article id: story id}) of a batch of article dicts
Ingest = Callable[[list[dict[str, Any]]], tuple[list[Article], list[Rejection], dict[str, str]]]
TRUNCATED = re.compile(
    r"(\u2026|\.\.\.|\[\u2026\]|\[\.\.\.\]|read more|continue reading|read the full"
    r"( story| article)?)\W*$",
    re.IGNORECASE,
)
TAG = re.compile(r"<[^>]*>")
DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class FeedOptions:
    """`full_text_words`: words a feed item's own text needs to be taken as the article
    (else its page is fetched); `retry_after`: seconds before a failed feed or page is
    tried again, doubled per failure in a row; `batch`: items ingested together."""

    full_text_words: int = 100  # a teaser runs to 20-60 words, news articles to 300+
    retry_after: float = 300.0
    batch: int = 50
    max_chars: int = 100_000
    fetch: FetchOptions = field(default_factory=FetchOptions)


@dataclass(frozen=True)
class Item:
    """One feed item (or listed page) before its article is read."""

    feed: str
    key: str
    link: str | None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    text: str | None = None  # the whole article, when the feed carries it

    @property
    def where(self) -> str:
        return self.link or f"{self.feed} item {self.key}"


def parse_duration(text: str) -> float:
    """Seconds in "90", "30s", "15m", "1.5h", "1d"; ValueError naming the value otherwise."""
    m = DURATION.match(text)
    if not m:
        raise ValueError(
            f"{text!r} is not a duration; give a number with s, m, h or d (30s, 15m, 1h)"
        )
    unit = (m.group(2) or "s").lower()
    return float(m.group(1)) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]


class Pass:
    """One reading of every source: what it found, stored, rejected and failed on."""

    def __init__(
        self,
        db: str,
        ingest: Ingest,
        opts: FeedOptions,
        fetcher: Fetcher,
        lock: Callable[[], AbstractContextManager[Any]],
        stop: threading.Event,
    ) -> None:
        self.db = db
        self.ingest = ingest
        self.opts = opts
        self.fetcher = fetcher
        self.lock = lock
        self.stop = stop
        self.started = now_utc()
        self.sources: list[Json] = []
        self.counts = dict.fromkeys(
            ("new", "retried", "seen", "failed", "waiting", "stored", "rejected"), 0
        )
        self.articles: list[Json] = []
        self.rejected: list[Json] = []
        self.failed: list[Json] = []
        self.waiting: list[Json] = []
        self.handled: set[tuple[str, str]] = set()  # (feed, key) dealt with in this pass
        self.queue: list[Item] = []  # new items of every source, ingested together
        self.queued: set[tuple[str, str]] = set()  # a feed given twice gives its items once
        self.bodies: dict[tuple[str, str], bytes] = {}  # pages of URL lists, fetched already
        self.feeds_read: list[tuple[str, str, str | None, int, Response | None]] = []
        self.interrupted = False

    # sources -------------------------------------------------------------------
    def run(self, sources: Sequence[str], state: FeedState) -> Json:
        self.state = state
        for src in dict.fromkeys(sources):
            if self._stopped():
                break
            try:
                self._source(src)
            except Rejected as r:  # a source that cannot be read at all
                self._source_line(src, "failed", reason=r.reason)
            except Exception as e:  # nor does an unexpected error stop the other sources
                self._source_line(src, "failed", reason=internal_error(src, e).reason)
        if not self._stopped():
            self._retry_pages()
        # one run of the pipeline per batch, whatever the number of feeds; a feed's validators
        # only once every item it listed is stored, rejected or recorded as failed
        if self._items(self.queue) and self.feeds_read:
            with self.lock():
                for feed_id, kind, title, n, resp in self.feeds_read:
                    etag = resp.etag if resp else None
                    modified = resp.last_modified if resp else None
                    self.state.read_feed(feed_id, kind, title, n, etag, modified)
        return self.report()

    def _source(self, src: str) -> None:
        if re.match(r"https?://", src, re.IGNORECASE):
            self._feed_url(src, "feed")
            return
        path = Path(src)
        if not path.is_file():
            raise Rejected(
                "E008",
                "no such file, and not an http(s) URL; give a feed URL, a feed file or a"
                " file listing URLs",
            )
        data = read_bytes(path, self.opts.fetch.max_bytes)
        if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            self._feed_body(str(path.resolve()), src, "file", data, None)
        else:
            self._url_list(src, str(path.resolve()), data)

    def _url_list(self, src: str, list_id: str, data: bytes) -> None:
        urls: list[str] = []
        for n, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not re.match(r"https?://\S+$", line, re.IGNORECASE):
                self._reject(
                    f"{src}:{n}", "E023", f"{line[:80]!r} is not an http(s) URL; line skipped"
                )
                continue
            urls.append(line)
        urls = list(dict.fromkeys(urls))
        seen = self.state.seen(list_id, urls)
        feeds = {f["url"] for f in self.state.feeds() if f["kind"] == "feed"}
        pages = 0
        for url in urls:
            if self._stopped():
                return
            if url in feeds:
                self._feed_url(url, "feed")
                continue
            if url in seen:
                self.counts["seen"] += 1
                continue
            item = Item(feed=list_id, key=url, link=url)
            self.handled.add((item.feed, item.key))
            if not self._due(url, item):
                continue
            try:
                resp = self.fetcher.get(url)
            except FetchError as e:
                self._fail(url, "page", e, list_id, item)
                continue
            if _looks_like_feed(resp):
                self._feed_body(url, url, "feed", resp.body, resp)
                continue
            self.counts["new"] += 1
            pages += 1
            self.bodies[(item.feed, item.key)] = _with_charset(resp)
            self._enqueue([item])
        self._source_line(src, "ok", kind="list", items=len(urls), new=pages)

    def _feed_url(self, url: str, kind: str) -> None:
        due, retry_at = self.state.is_due(url)
        if not due:
            self._source_line(url, "waiting", retry_at=retry_at)
            self._waiting(url, retry_at)
            return
        etag, modified = self.state.validators(url)
        try:
            resp = self.fetcher.get(url, etag, modified)
        except FetchError as e:
            self._fail(url, "feed", e)
            self._source_line(url, "failed", reason=e.reason)
            return
        if resp.not_modified:
            self._source_line(url, "not modified", kind=kind)
            return
        self._feed_body(url, url, kind, resp.body, resp)

    def _feed_body(
        self, feed_id: str, shown: str, kind: str, body: bytes, resp: Response | None
    ) -> None:
        headers = {"content-location": resp.url} if resp else {}
        if resp and resp.content_type:
            headers["content-type"] = resp.content_type
        parsed = feedparser.parse(body, response_headers=headers)
        if not parsed.entries and (parsed.bozo or not parsed.version):
            problem = getattr(parsed, "bozo_exception", None)
            reason = "not an RSS or Atom feed" + (f" ({problem})" if problem else "")
            self._fail(feed_id, "feed", FetchError(feed_id, reason, retryable=True))
            self._source_line(shown, "failed", reason=reason)
            return
        title = clean_field(parsed.feed.get("title")) or None
        by_key: dict[str, Item] = {}
        for n, entry in enumerate(parsed.entries, 1):
            try:
                item = _item(entry, feed_id, title, self.opts.full_text_words)
            except Exception as e:  # one odd entry never loses the feed
                self._reject(f"{shown} entry {n}", "E024", internal_error(shown, e).reason)
                continue
            by_key.setdefault(item.key, item)
        items = list(by_key.values())
        seen = self.state.seen(feed_id, [i.key for i in items])
        new = [i for i in items if i.key not in seen]
        self.counts["seen"] += len(items) - len(new)
        self.counts["new"] += len(new)
        self._enqueue(new)
        note = (
            f"malformed, read as far as possible: {parsed.bozo_exception}" if parsed.bozo else None
        )
        self._source_line(
            shown, "ok", kind=kind, title=title, items=len(items), new=len(new), note=note
        )
        self.feeds_read.append((feed_id, kind, title, len(items), resp))

    def _retry_pages(self) -> None:
        """Failed pages whose time has come and whose feed did not list them this pass."""
        due = []
        for f in self.state.failures():
            item = f["item"]
            if f["kind"] != "page" or not item or (item["feed"], item["key"]) in self.handled:
                continue
            if self.state.is_due(f["url"])[0]:
                due.append(Item(**item))
            else:
                self._waiting(f["url"], f["retry_at"])
        self.counts["retried"] += len(due)
        self._enqueue(due)

    # items -----------------------------------------------------------------------
    def _enqueue(self, items: Sequence[Item]) -> None:
        for item in items:
            self.handled.add((item.feed, item.key))
            if (item.feed, item.key) not in self.queued:
                self.queued.add((item.feed, item.key))
                self.queue.append(item)

    def _items(self, items: Sequence[Item]) -> bool:
        """Read and ingest items in batches; False when stopped before the end."""
        for start in range(0, len(items), self.opts.batch):
            ready: list[tuple[Item, dict[str, Any]]] = []
            outcomes: list[ItemOutcome] = []
            for item in items[start : start + self.opts.batch]:
                if self._stopped():
                    return False
                body = self.bodies.pop((item.feed, item.key), None)
                fetch_page = body is None and item.text is None and item.link
                if fetch_page and not self._due(item.link or "", item):
                    continue
                try:
                    ready.append((item, self._article_input(item, body)))
                except FetchError as e:
                    self._fail(e.url, "page", e, item.feed, item)
                except Rejected as r:
                    outcomes.append(self._rejected_item(item, r.code, r.reason))
                except Exception as e:  # a page the extractor chokes on: that item only
                    bad = internal_error(item.where, e)
                    outcomes.append(self._rejected_item(item, bad.code, bad.reason))
            outcomes += self._ingest(ready)
            with self.lock():
                self.state.mark(outcomes, [i.link for i, _ in ready if i.link])
        return True

    def _article_input(self, item: Item, body: bytes | None) -> dict[str, Any]:
        meta = {"title": item.title, "url": item.link, "source": item.source}
        meta["published"] = item.published
        if item.text is not None:
            return {"text": item.text, **meta}
        if not item.link:
            raise Rejected("E007", "feed item has no full text and no link to fetch it from")
        if body is None:
            body = _with_charset(self.fetcher.get(item.link))
        rec = record_from_html(body, item.link, self.opts.max_chars)
        return {
            "text": rec.text,
            "title": item.title or rec.title,
            "url": item.link,
            "source": item.source or rec.source,
            "published": item.published or rec.published,
        }

    def _ingest(self, ready: list[tuple[Item, dict[str, Any]]]) -> list[ItemOutcome]:
        if not ready:
            return []
        before = self._max_seq()
        articles, rejected, story_of = self.ingest([d for _, d in ready])
        new_ids = {
            r[0]
            for r in self.state.conn.execute("SELECT id FROM articles WHERE seq > ?", (before,))
        }
        by_url: dict[str, Article] = {}
        no_url = []
        for art in articles:
            if art.url:
                by_url.setdefault(art.url, art)
            else:
                no_url.append(art)
        origins = {f"<input {n}>": item for n, (item, _) in enumerate(ready)}
        by_origin = {r.path: r for r in rejected if r.path in origins}
        other = [r for r in rejected if r.path not in origins]
        outcomes = []
        for n, (item, d) in enumerate(ready):
            r = by_origin.get(f"<input {n}>")
            a = by_url.get(d["url"]) if d["url"] else None
            if r is None and not d["url"] and no_url:  # in input order, as they were read
                a = no_url.pop(0)
            if r is not None:
                reason = _named(r.reason, origins)
                outcomes.append(self._rejected_item(item, r.code, reason))
            elif a is not None:
                story = story_of.get(a.id)
                outcomes.append(
                    ItemOutcome(item.feed, item.key, item.link, a.title, "stored", a.id, story)
                )
                self.counts["stored"] += 1
                self.articles.append(
                    {
                        "id": a.id,
                        "url": a.url,
                        "title": a.title,
                        "source": a.source,
                        "published": a.published,
                        "story": story,
                        "new": a.id in new_ids,
                    }
                )
            else:
                why = "; ".join(f"{x.path}: {x.reason}" for x in other) or "no reason given"
                reason = f"no article was kept for this item ({why})"
                code = other[0].code if len(other) == 1 else "E024"
                outcomes.append(self._rejected_item(item, code, reason))
        return outcomes

    # bookkeeping -----------------------------------------------------------------
    def _due(self, url: str, item: Item) -> bool:
        due, retry_at = self.state.is_due(url)
        if not due:
            self._waiting(url, retry_at)
        return due

    def _waiting(self, url: str, retry_at: str | None) -> None:
        self.counts["waiting"] += 1
        self.waiting.append({"url": url, "retry_at": retry_at})

    def _fail(
        self, url: str, kind: str, e: FetchError, feed: str | None = None, item: Item | None = None
    ) -> None:
        seconds = self.opts.retry_after * (1 if e.retryable else 12)
        wait = timedelta(seconds=max(seconds, e.wait or 0))  # a server's Retry-After holds
        with self.lock():
            row = self.state.fail(
                url, kind, e.reason, wait, feed, asdict(item) if item is not None else None
            )
        self.failed.append(row)
        self.counts["failed"] += 1

    def _rejected_item(self, item: Item, code: str, reason: str) -> ItemOutcome:
        self._reject(item.where, code, reason)
        return ItemOutcome(
            item.feed, item.key, item.link, item.title, "rejected", None, None, code, reason
        )

    def _reject(self, where: str, code: str, reason: str) -> None:
        self.counts["rejected"] += 1
        self.rejected.append({"url": where, "code": code, "reason": reason})

    def _source_line(self, src: str, status: str, **info: Any) -> None:
        self.sources.append(
            {"source": src, "status": status, **{k: v for k, v in info.items() if v is not None}}
        )

    def _stopped(self) -> bool:
        if self.stop.is_set():
            self.interrupted = True
        return self.interrupted

    def _max_seq(self) -> int:
        (seq,) = self.state.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM articles").fetchone()
        return int(seq)

    def report(self) -> Json:
        stories: dict[str, int] = {}
        for a in self.articles:
            if a["story"]:
                stories[a["story"]] = stories.get(a["story"], 0) + 1
        return {
            "started": iso(self.started),
            "finished": iso(now_utc()),
            "interrupted": self.interrupted,
            "items": dict(self.counts),
            "new_articles": sum(1 for a in self.articles if a["new"]),
            "sources": self.sources,
            "articles": self.articles,
            "stories": [{"id": s, "articles": n} for s, n in stories.items()],
            "rejected": self.rejected,
            "failed": self.failed,
            "waiting": self.waiting,
        }


def fetch_pass(
    sources: Sequence[str],
    db: str,
    ingest: Ingest,
    opts: FeedOptions | None = None,
    fetcher: Fetcher | None = None,
    lock: Callable[[], AbstractContextManager[Any]] | None = None,
    stop: threading.Event | None = None,
) -> Json:
    """Read every source once, ingest the new items; returns the pass's report (JSON)."""
    from storyline.store.sqlite import writer_lock

    opts = opts or FeedOptions()
    own = fetcher is None
    fetcher = fetcher or Fetcher(opts.fetch)
    try:
        with open_feed_state(db) as state:
            run = Pass(
                db,
                ingest,
                opts,
                fetcher,
                lock or (lambda: writer_lock(db)),
                stop or threading.Event(),
            )
            return run.run(sources, state)
    finally:
        if own:
            fetcher.close()


def watch(
    sources: Sequence[str],
    db: str,
    ingest: Ingest,
    every: float,
    on_pass: Callable[[Json], None],
    opts: FeedOptions | None = None,
    lock: Callable[[], AbstractContextManager[Any]] | None = None,
    stop: threading.Event | None = None,
    passes: int | None = None,
) -> int:
    """Passes every `every` seconds until `stop` is set (or `passes` are done); returns how many.

    Each pass starts with robots.txt read afresh; a stop ends the pass between
    items, and the items not yet marked are read again by the next run.
    """
    opts = opts or FeedOptions()
    stop = stop or threading.Event()
    done = 0
    while not stop.is_set():
        started = time.monotonic()
        with Fetcher(opts.fetch) as fetcher:
            on_pass(fetch_pass(sources, db, ingest, opts, fetcher, lock, stop))
        done += 1
        if passes is not None and done >= passes:
            break
        stop.wait(max(0.0, every - (time.monotonic() - started)))
    return done


def summary_line(report: Json) -> str:
    """One line a person reads after a pass."""
    c = report["items"]
    stories = report["stories"]
    shown = ", ".join(f"{s['id']} +{s['articles']}" for s in stories[:5])
    more = f" and {len(stories) - 5} more" if len(stories) > 5 else ""
    parts = [
        f"{c['new']} new items",
        f"{c['seen']} already seen",
        f"{c['failed']} failed",
        f"{c['rejected']} rejected",
    ]
    if c["retried"]:
        parts.insert(1, f"{c['retried']} failed before and retried")
    if c["waiting"]:
        parts.append(f"{c['waiting']} waiting to retry")
    line = (
        f"{report['finished'][11:19]} " + ", ".join(parts) + f"; {c['stored']} articles stored"
        f" ({report['new_articles']} new)"
    )
    if stories:
        line += f" in {len(stories)} stories ({shown}{more})"
    if report["interrupted"]:
        line += "; interrupted"
    return line


def detail_lines(report: Json) -> list[str]:
    """A line per failure, rejection and failed source (nothing left out)."""
    lines = [
        f"  failed {f['url']}: {f['reason']} (attempt {f['attempts']}; retry at {f['retry_at']})"
        for f in report["failed"]
    ]
    lines += [f"  rejected {r['url']}: {r['reason']} [{r['code']}]" for r in report["rejected"]]
    lines += [f"  waiting {w['url']}: retry at {w['retry_at']}" for w in report["waiting"]]
    lines += [
        f"  source {s['source']}: {s['status']}" + (f" ({s['reason']})" if "reason" in s else "")
        for s in report["sources"]
        if s["status"] == "failed"
    ]
    return lines


# -- feed items ----------------------------------------------------------------------------


def _item(entry: Any, feed_id: str, feed_title: str | None, min_words: int) -> Item:
    link = clean_field(entry.get("link")) or None
    if link and not re.match(r"https?://[^\s/]", link, re.IGNORECASE):
        link = None
    title = clean_field(entry.get("title")) or None
    key = clean_field(entry.get("id")) or link
    if not key:
        basis = f"{title}\n{entry.get('published', '')}\n{entry.get('summary', '')}"
        key = "sha1:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()
    source = clean_field((entry.get("source") or {}).get("title")) or feed_title
    return Item(
        feed=feed_id,
        key=key,
        link=link,
        title=title,
        published=_day(entry),
        source=source,
        text=_full_text(entry, link or feed_id, min_words),
    )


def _day(entry: Any) -> str | None:
    """The item's date as YYYY-MM-DD, when it is one a news article can have."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            day = normalise_date(time.strftime("%Y-%m-%d", parsed))
            if day and date_in_range(day):
                return day
    return None


def _full_text(entry: Any, where: str, min_words: int) -> str | None:
    """The article text the entry carries, when it is whole; else None (fetch the page)."""
    candidates = [(c.get("value") or "", c.get("type") or "") for c in entry.get("content") or []]
    if entry.get("summary"):
        candidates.append((entry["summary"], (entry.get("summary_detail") or {}).get("type", "")))
    best: str | None = None
    for value, kind in candidates:
        is_html = "html" in kind or "<" in value
        plain = TAG.sub(" ", value) if is_html else value
        if len(plain.split()) < min_words or TRUNCATED.search(plain.strip()):
            continue
        text = _html_text(value, where) if is_html else value
        if text and (best is None or len(text) > len(best)):
            best = text
    return best


def _html_text(html: str, where: str) -> str | None:
    """Text of a feed item's HTML, read by the same reader as HTML files."""
    page = f'<html><head><meta charset="utf-8"></head><body><article>{html}</article></body></html>'
    try:
        return record_from_html(page.encode("utf-8"), where).text
    except Rejected:
        return None


def _looks_like_feed(resp: Response) -> bool:
    kind = resp.content_type.lower()
    head = resp.body[:500].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if "html" in kind and not head.startswith(b"<?xml"):
        return False
    if not (
        "xml" in kind
        or "rss" in kind
        or "atom" in kind
        or head.startswith((b"<?xml", b"<rss", b"<feed"))
    ):
        return False
    return bool(feedparser.parse(resp.body).version)


def _with_charset(resp: Response) -> bytes:
    """The page, with the charset its HTTP header declares written into it when the page
    declares none itself (the reader of HTML files reads only the page)."""
    m = re.search(r"charset=[\"']?([A-Za-z0-9._:-]{1,40})", resp.content_type, re.IGNORECASE)
    if not m or DECLARED.search(resp.body[:4096]):
        return resp.body
    return f'<meta charset="{m.group(1)}">'.encode("ascii") + resp.body


def _named(reason: str, origins: dict[str, Item]) -> str:
    """A reason with "<input N>" replaced by the item's link, which a person can look up."""
    return re.sub(
        r"<input \d+>",
        lambda m: origins[m.group(0)].where if m.group(0) in origins else m.group(0),
        reason,
    )
