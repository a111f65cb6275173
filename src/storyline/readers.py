"""Readers: files, directories and dicts in; cleaned `Article`s and `Rejection`s out.

Supported: plain text (.txt and files without a known extension), HTML pages
(.html/.htm, main text and metadata through trafilatura), JSON Lines (.jsonl,
one article per line), JSON (.json: one article object or a list of them), each
also gzipped (.gz). Directories are read recursively in sorted order; hidden
files and folders (names starting with ".") are skipped, as git does.

Nothing is dropped silently: every input that cannot be used becomes a
`Rejection` naming the file (and line) and the reason.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from storyline.clean import clean_text, normalise_date
from storyline.config import Config
from storyline.model import Article, Rejection, article_id
from storyline.progress import Progress

Input = Union[str, Path, dict[str, Any]]  # noqa: UP007  (a runtime alias on Python 3.10)

TEXT_EXT = {".txt", ".text", ""}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
JSON_EXT = {".json"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | JSON_EXT
MIN_WORDS = 5


@dataclass(frozen=True)
class Record:
    """One article before cleaning: raw text plus whatever metadata came with it."""

    origin: str  # path, path:line, or "<input N>"
    text: str
    path: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    raw_title_line: bool = True  # may the first line of text be taken as the title


class Rejected(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def read_inputs(
    inputs: Iterable[Input], cfg: Config, progress: Progress | None = None
) -> tuple[list[Article], list[Rejection]]:
    """Read every input; returns articles in input order and the rejections."""
    sources: list[tuple[str, Input]] = []
    rejected: list[Rejection] = []
    for n, item in enumerate(inputs):
        if isinstance(item, dict):
            sources.append((f"<input {n}>", item))
            continue
        path = Path(item)
        if not path.exists():
            rejected.append(Rejection(str(path), "path does not exist", "E008"))
        elif path.is_dir():
            sources.extend((str(p), p) for p in walk(path))
        else:
            sources.append((str(path), path))
    if progress:
        progress.start(len(sources))
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for origin, item in sources:
        try:
            records = list(records_of(item, origin, cfg))
        except Rejected as r:
            rejected.append(Rejection(origin, r.reason, r.code))
            records = []
        for rec in records:
            if isinstance(rec, Rejection):
                rejected.append(rec)
                continue
            try:
                art = to_article(rec)
            except Rejected as r:
                rejected.append(Rejection(rec.origin, r.reason, r.code))
                continue
            if art.id in seen:
                rejected.append(
                    Rejection(
                        rec.origin,
                        f"same text as {seen[art.id]} (article {art.id}); kept once",
                        "E013",
                    )
                )
                continue
            seen[art.id] = rec.origin
            articles.append(art)
        if progress:
            progress.advance()
    if progress:
        progress.finish()
    return articles, rejected


def walk(root: Path) -> Iterator[Path]:
    """Files under `root`, recursively, sorted, hidden names skipped."""
    for p in sorted(root.iterdir()):
        if p.name.startswith("."):
            continue
        if p.is_dir():
            yield from walk(p)
        elif p.is_file():
            yield p


def records_of(item: Input, origin: str, cfg: Config) -> Iterator[Record | Rejection]:
    if isinstance(item, dict):
        yield record_from_json(item, origin, None)
        return
    path = Path(item)
    data = read_bytes(path, cfg.max_bytes)
    kind = kind_of(path)
    if kind == "html":
        yield record_from_html(data, origin)
    elif kind == "jsonl":
        yield from records_from_jsonl(decode(data), origin, str(path))
    elif kind == "json":
        yield from records_from_json(decode(data), origin, str(path))
    elif kind == "text":
        yield Record(origin, decode(data), path=str(path))
    else:
        raise Rejected(
            "E009",
            f"file type {path.suffix!r} is not supported "
            "(use .txt, .html, .htm, .jsonl, .json, optionally .gz)",
        )


def kind_of(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    ext = suffixes[-1] if suffixes else ""
    if ext in HTML_EXT:
        return "html"
    if ext in JSONL_EXT:
        return "jsonl"
    if ext in JSON_EXT:
        return "json"
    if ext in TEXT_EXT or not ext.strip(".").isalpha():
        # "report.2025-09-15" has a suffix that is no file type: read it as text
        return "text"
    return "unknown"


def read_bytes(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise Rejected(
                "E004",
                f"file is {size:,} bytes, over the limit of {limit:,} (raise it with --max-bytes)",
            )
        data = path.read_bytes()
    except OSError as e:
        raise Rejected("E011", f"file could not be read: {e.strerror or e}") from e
    if path.suffix.lower() == ".gz":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
                data = f.read(limit + 1)
        except (OSError, EOFError, zlib.error) as e:
            raise Rejected("E010", f"gzip file is corrupt: {e}") from e
        if len(data) > limit:
            raise Rejected(
                "E004", f"file unpacks to over {limit:,} bytes (raise the limit with --max-bytes)"
            )
    if not data.strip():
        raise Rejected("E001", "file is empty")
    return data


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else a detected legacy encoding."""
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Rejected("E002", "file looks binary (it contains NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        raise Rejected(
            "E003",
            "file could not be decoded as text (not UTF-8, and no other encoding fits); "
            "save it as UTF-8",
        )
    return str(best)


def record_from_html(data: bytes, origin: str) -> Record:
    import trafilatura

    try:
        html = decode(data)
    except Rejected:
        html = data.decode("utf-8", errors="replace")
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise Rejected("E005", "HTML page has no article text that could be extracted")
    url = getattr(doc, "url", None)
    return Record(
        origin,
        text,
        path=origin,
        title=getattr(doc, "title", None),
        published=getattr(doc, "date", None),
        source=getattr(doc, "sitename", None) or _host(url),
        url=url,
        raw_title_line=False,
    )


def _host(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlparse

    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None


def records_from_jsonl(text: str, origin: str, path: str) -> Iterator[Record | Rejection]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield Rejection(where, f"line is not valid JSON ({e.msg} at column {e.colno})", "E006")
            continue
        if not isinstance(obj, dict):
            yield Rejection(where, "line is JSON but not an object with a text field", "E006")
            continue
        try:
            yield record_from_json(obj, where, path)
        except Rejected as r:
            yield Rejection(where, r.reason, r.code)


def records_from_json(text: str, origin: str, path: str) -> Iterator[Record | Rejection]:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        raise Rejected(
            "E006", f"file is not valid JSON ({e.msg} at line {e.lineno} column {e.colno})"
        ) from e
    items = obj if isinstance(obj, list) else [obj]
    for n, item in enumerate(items):
        where = origin if len(items) == 1 else f"{origin}[{n}]"
        if not isinstance(item, dict):
            yield Rejection(where, "JSON value is not an object with a text field", "E006")
            continue
        try:
            yield record_from_json(item, where, path)
        except Rejected as r:
            yield Rejection(where, r.reason, r.code)


TEXT_FIELDS = ("text", "body", "body-paragraphs", "paragraphs", "content", "articleBody")


def record_from_json(obj: dict[str, Any], origin: str, path: str | None) -> Record:
    """A dict with `text` (or `body`, or a list of paragraphs) and optional metadata."""
    text: Any = None
    for key in TEXT_FIELDS:
        if obj.get(key):
            text = obj[key]
            break
    if isinstance(text, list):
        text = "\n\n".join(p for p in _flatten(text) if p)
    if not isinstance(text, str) or not text.strip():
        raise Rejected(
            "E007", f"record has no text (give one of the fields {', '.join(TEXT_FIELDS[:2])})"
        )
    title = obj.get("title")
    return Record(
        origin,
        text,
        path=path,
        title=str(title).strip() if title else None,
        published=_str_or_none(obj.get("published") or obj.get("date")),
        source=_str_or_none(obj.get("source") or obj.get("outlet")),
        url=_str_or_none(obj.get("url")),
        raw_title_line=not title,
    )


def _flatten(items: list[Any]) -> Iterator[str]:
    """Paragraph strings of a list that may nest lists (one list of sentences per paragraph)."""
    for item in items:
        if isinstance(item, list):
            inner = [str(x).strip() for x in _flatten(item)]
            yield " ".join(x for x in inner if x)
        elif item is not None:
            yield str(item).strip()


def _str_or_none(v: Any) -> str | None:
    return str(v).strip() or None if v is not None else None


def to_article(rec: Record) -> Article:
    """Clean a record into an Article; too little text left is a rejection."""
    cleaned = clean_text(rec.text, detect_title=rec.raw_title_line)
    words = len(cleaned.text.split())
    if words < MIN_WORDS:
        raise Rejected("E012", f"only {words} word(s) of article text after cleaning")
    title = rec.title or cleaned.title or lead_title(cleaned.text)
    published = normalise_date(rec.published) if rec.published else cleaned.published
    return Article(
        id=article_id(cleaned.text),
        text=cleaned.text,
        title=title,
        published=published,
        source=rec.source or cleaned.source,
        path=rec.path,
        url=rec.url,
        headings=cleaned.headings,
    )


ABBREVIATION = re.compile(
    r"(?:\b[A-Z](?:\.[A-Z])*|\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Prof|"
    r"Rev|St|Mt|Ft|Jr|Sr|Inc|Corp|Co|Ltd|No|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|vs|etc))\.$"
)


def lead_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph; a full stop after "U.S" or "Sen" ends none."""
    for m in re.finditer(r"[.!?][\"\u201d\u2019]?(?=\s+[A-Z\u201c\"])", paragraph):
        if not ABBREVIATION.search(paragraph[: m.start() + 1]):
            return paragraph[: m.end()]
    return paragraph


def lead_title(text: str, max_words: int = 14) -> str:
    """A title for an article that has none: its lead sentence, cut at a clause end.

    The words are the article's own, so nothing is invented; an ellipsis marks a cut.
    """
    first = lead_sentence(text.strip().split("\n", 1)[0])
    words = first.split()
    if len(words) <= max_words:
        return first.rstrip(".")
    cut = " ".join(words[:max_words])
    clause = max(cut.rfind(","), cut.rfind(";"), cut.rfind(" \u2013 "), cut.rfind(" \u2014 "))
    if clause > len(cut) // 2:
        cut = cut[:clause]
    return cut.rstrip(",;:") + "\u2026"
