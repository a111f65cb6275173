"""Polite HTTP fetching for feeds and article pages.

    >>> fetcher = Fetcher(FetchOptions(host_delay=1.0))          # doctest: +SKIP
    >>> page = fetcher.get("https://example.org/news/1.html")     # doctest: +SKIP
    >>> page.status, len(page.body)                               # doctest: +SKIP

What "polite" means here:

- robots.txt is read once per host (protego: wildcards, longest match and
  `Crawl-delay`, as crawlers read it) and a disallowed URL is not fetched.
  A robots.txt that is missing (4xx) allows everything; one that cannot be
  read (5xx, no connection) allows nothing until it can (RFC 9309, 2.3.1.4);
- one host gets one request per `host_delay` seconds, or per its
  `Crawl-delay` when longer (capped at `MAX_CRAWL_DELAY`);
- conditional GET: the caller passes the ETag / Last-Modified it stored and a
  304 comes back as `not_modified`, without a body;
- every request has a timeout; 5xx, 429 and connection errors are retried with
  exponential backoff (`backoff` x 2^n, or the server's Retry-After when that
  is no longer than `MAX_RETRY_AFTER`; a longer one ends the attempts and is
  passed on as `FetchError.wait`, for the caller's next try);
- a User-Agent that names the project and its version;
- at most `max_bytes` of a body are read, whatever Content-Length says.

httpx rather than urllib: separate connect and read timeouts, a streamed body
(so the size cap holds without trusting headers), pooled keep-alive
connections (a watch fetches hundreds of pages from a few hosts) and one
exception hierarchy for transport errors.

A failure is a `FetchError` naming the URL and the reason, with `retryable`
telling a passing fault (a 503, a timeout) from one that retrying now will
not cure (a 404, robots.txt, too large); the caller records both and tries
again later.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx
from protego import Protego

from storyline import __version__

USER_AGENT = f"storyline/{__version__} (news brief builder; feed reader; python-httpx)"
ROBOTS_AGENT = "storyline"  # the token a robots.txt names us by
MAX_CRAWL_DELAY = 60.0  # seconds; a robots.txt asking for more is read as this
MAX_RETRY_AFTER = 30.0  # a longer Retry-After is a failure to retry on a later pass
ROBOTS_MAX_BYTES = 500_000  # Google reads the first 500 KiB of a robots.txt
RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass(frozen=True)
class FetchOptions:
    """`timeout`: seconds per request (connect and each read); `retries`: further attempts
    after a retryable failure; `backoff`: seconds before the first retry, doubled each time;
    `host_delay`: seconds between two requests to one host; `max_bytes`: largest body read."""

    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0
    host_delay: float = 1.0
    max_bytes: int = 10_000_000
    user_agent: str = USER_AGENT
    robots: bool = True


@dataclass(frozen=True)
class Response:
    """A fetched URL: `not_modified` for a 304 (no body); ETag and Last-Modified to store."""

    url: str
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    headers: dict[str, str] = field(default_factory=dict)


class FetchError(Exception):
    """A URL that could not be fetched: the reason a person reads, and whether to retry soon."""

    def __init__(
        self,
        url: str,
        reason: str,
        retryable: bool,
        status: int | None = None,
        wait: float | None = None,
    ) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.retryable = retryable
        self.status = status
        self.wait = wait  # seconds the server asked us to wait (Retry-After), if it did


class Fetcher:
    """Fetches URLs politely; one per run, so that robots.txt and host timing are shared.

    `clock` and `sleep` are passed in so that tests can run without waiting.
    """

    def __init__(
        self,
        opts: FetchOptions | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.opts = opts or FetchOptions()
        self.clock = clock
        self.sleep = sleep
        self._client: httpx.Client | None = None
        self._robots: dict[str, Protego | FetchError | None] = {}
        self._last: dict[str, float] = {}  # host -> when its last request started

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            timeout = httpx.Timeout(self.opts.timeout)
            self._client = httpx.Client(
                timeout=timeout,
                follow_redirects=True,
                headers={"User-Agent": self.opts.user_agent},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET `url` politely; raises `FetchError` with the reason when it cannot be had."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(url, "not an http(s) URL", retryable=False)
        if self.opts.robots:
            self._check_robots(url)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, self.opts.max_bytes)

    def _get(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        attempt = 0
        while True:
            self._wait_turn(url)
            try:
                response = self._once(url, headers, max_bytes)
            except FetchError as e:
                if not e.retryable or attempt >= self.opts.retries:
                    raise
                wait = self.opts.backoff * 2**attempt
            else:
                if response.status not in RETRY_STATUS:
                    return self._checked(response)
                server_wait = _retry_after(response.headers.get("retry-after"))
                reason = f"HTTP {response.status} after {attempt + 1} attempt(s)"
                if attempt >= self.opts.retries or (server_wait or 0) > MAX_RETRY_AFTER:
                    if server_wait:
                        reason += f" (the server asks to wait {server_wait:.0f} s)"
                    raise FetchError(url, reason, True, response.status, server_wait)
                wait = max(self.opts.backoff * 2**attempt, server_wait or 0)
            attempt += 1
            self.sleep(wait)

    def _once(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        """One request, its body read up to `max_bytes`; transport errors as retryable."""
        try:
            with self.client.stream("GET", url, headers=headers) as r:
                declared = r.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(
                        url,
                        f"response is {int(declared):,} bytes, over the size limit of"
                        f" {max_bytes:,} (raise it with --max-bytes)",
                        retryable=False,
                        status=r.status_code,
                    )
                body = bytearray()
                for chunk in r.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(
                            url,
                            f"response is over the size limit of {max_bytes:,} bytes"
                            " (raise it with --max-bytes)",
                            retryable=False,
                            status=r.status_code,
                        )
                return Response(
                    url=str(r.url),
                    status=r.status_code,
                    body=bytes(body),
                    content_type=r.headers.get("content-type", ""),
                    etag=r.headers.get("etag"),
                    last_modified=r.headers.get("last-modified"),
                    not_modified=r.status_code == 304,
                    headers={k.lower(): v for k, v in r.headers.items()},
                )
        except httpx.TimeoutException as e:
            raise FetchError(
                url, f"timed out after {self.opts.timeout:g} s ({type(e).__name__})", True
            ) from e
        except httpx.TransportError as e:
            raise FetchError(url, f"connection failed ({type(e).__name__}: {e})", True) from e
        except httpx.HTTPError as e:  # e.g. too many redirects, a malformed URL
            raise FetchError(url, f"{type(e).__name__}: {e}", retryable=False) from e

    @staticmethod
    def _checked(response: Response) -> Response:
        if response.status == 304 or 200 <= response.status < 300:
            return response
        return _status_error(response)

    def _wait_turn(self, url: str) -> None:
        """Sleep until this URL's host may get its next request."""
        host = _host_key(url)
        delay = max(self.opts.host_delay, self._crawl_delay(host))
        last = self._last.get(host)
        if last is not None:
            wait = last + delay - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _crawl_delay(self, host: str) -> float:
        rules = self._robots.get(host)
        if isinstance(rules, Protego):
            delay = rules.crawl_delay(ROBOTS_AGENT)
            if delay:
                return min(float(delay), MAX_CRAWL_DELAY)
        return 0.0

    def _check_robots(self, url: str) -> None:
        host = _host_key(url)
        if host not in self._robots:
            self._robots[host] = self._read_robots(host)
        rules = self._robots[host]
        if isinstance(rules, FetchError):
            raise FetchError(url, rules.reason, retryable=True, status=rules.status)
        if rules is not None and not rules.can_fetch(url, ROBOTS_AGENT):
            raise FetchError(url, f"disallowed by {host}/robots.txt", retryable=False)

    def _read_robots(self, host: str) -> Protego | FetchError | None:
        """The host's rules; None allows all; a FetchError blocks the host for this run."""
        robots_url = f"{host}/robots.txt"
        try:
            r = self._get(robots_url, {}, ROBOTS_MAX_BYTES)
        except FetchError as e:
            if e.status is not None and 400 <= e.status < 500:
                return None  # no robots.txt: everything is allowed
            if not e.retryable:  # too large, a redirect loop: read as allowing all
                return None
            return FetchError(
                robots_url,
                f"robots.txt could not be read ({e.reason}); nothing is fetched from"
                f" {host} until it can be",
                retryable=True,
                status=e.status,
            )
        return Protego.parse(r.body.decode("utf-8", errors="replace"))


def _status_error(response: Response) -> Response:
    status = response.status
    retryable = status in RETRY_STATUS or status in (404, 408, 410, 425)
    names = {401: "unauthorised", 403: "forbidden", 404: "not found", 410: "gone"}
    reason = f"HTTP {status}" + (f" {names[status]}" if status in names else "")
    raise FetchError(response.url, reason, retryable=retryable, status=status)


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
