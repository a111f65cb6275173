"""Readers: files, directories and dicts in; cleaned `Article`s and `Rejection`s out.

Supported: plain text (.txt and files without a known extension), HTML pages
(.html/.htm, main text and metadata through trafilatura), JSON Lines (.jsonl,
one article per line), JSON (.json: one article object or a list of them), each
also gzipped (.gz). Directories are read recursively in sorted order; hidden
files and folders (names starting with ".") are skipped, as git does; a
directory reached twice (a symlink loop, a second link to it) is read once.

Nothing is dropped silently and nothing a user gives stops the run: every input
that cannot be used becomes a `Rejection` naming the file (and line), the
reason and a stable code (see `errors.py`), an unexpected error while reading
one file included. Only regular files are opened, and never more than
`max_bytes` + 1 bytes of one are read, whatever `stat` says.
"""

from __future__ import annotations

import json
import re
import reprlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Union

from storyline.config import Config
from storyline.errors import Rejected
from storyline.ingest.clean import (
    clean_field,
    clean_text,
    date_in_range,
    date_line_end,
    normalise_date,
    title_at,
)
from storyline.ingest.decoding import decode
from storyline.ingest.files import expand, read_bytes
from storyline.ingest.language import language_problem
from storyline.model import Article, Rejection, article_id
from storyline.progress import Progress
from storyline.sources import WIRES

Input = Union[str, Path, dict[str, Any]]  # noqa: UP007  (a runtime alias on Python 3.10)

TEXT_EXT = {".txt", ".text", ""}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
JSON_EXT = {".json"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | JSON_EXT
MIN_WORDS = 5
# cleaning never removes three quarters of an article, so text this many times the
# character limit is rejected before cleaning (which costs seconds per megabyte)
RAW_CHARS_FACTOR = 4
HTML_CHARS_FACTOR = 10  # markup around an article's text; news pages run 5-50 times
MAX_NESTING = 8  # paragraph lists inside paragraph lists; real data nests two deep


@dataclass(frozen=True)
class Record:
    """One article before cleaning: raw text plus whatever metadata came with it."""

    origin: str  # path, path:line, or "<input N>"
    text: str
    path: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    # the date a file's name gives ("2016-09-12_senate-vote.txt"), for a text or page
    # that states none itself (`name_date`)
    name_date: str | None = None
    url: str | None = None
    raw_title_line: bool = True  # may the first line of text be taken as the title
    encoding: str | None = None  # how the file's bytes were decoded


def read_inputs(
    inputs: Iterable[Input], cfg: Config, progress: Progress | None = None
) -> tuple[list[Article], list[Rejection]]:
    """Read every input; returns articles in input order and the rejections. Never raises."""
    sources, rejected = list_sources(inputs)
    if progress:
        progress.start(len(sources))
    articles: list[Article] = []
    seen: dict[str, str] = {}
    for origin, item in sources:
        articles += gather(read_one(item, origin, cfg), rejected, seen)
        if progress:
            progress.advance()
    if progress:
        progress.finish()
    return articles, rejected


def list_sources(inputs: Iterable[Input]) -> tuple[list[tuple[str, Input]], list[Rejection]]:
    """`(origin, item)` of every file and dict to read, directories listed, in input order;
    and the paths that cannot be read at all (loops, unreadable directories, ...)."""
    sources: list[tuple[str, Input]] = []
    rejected: list[Rejection] = []
    visited: dict[str, str] = {}  # real path of each directory read -> the path it was read as
    for n, item in enumerate(inputs):
        if isinstance(item, dict):
            sources.append((f"<input {n}>", item))
            continue
        try:
            for found in expand(Path(item), visited):
                if isinstance(found, Rejection):
                    rejected.append(found)
                else:
                    sources.append((str(found), found))
        except Exception as e:  # one input never loses the run
            rejected.append(internal_error(str(item), e))
    return sources, rejected


def gather(
    results: Iterable[Rejection | tuple[str, Article]],
    rejected: list[Rejection],
    seen: dict[str, str],
) -> list[Article]:
    """The articles among what reading gave, rejections into `rejected`, and each text once:
    a text read before (`seen`: article id -> where it was read) is rejected as a copy."""
    out: list[Article] = []
    for result in results:
        if isinstance(result, Rejection):
            rejected.append(result)
            continue
        where, art = result
        if art.id in seen:
            reason = f"same text as {seen[art.id]} (article {art.id}); kept once"
            rejected.append(Rejection(where, reason, "E013"))
            continue
        seen[art.id] = where
        out.append(art)
    return out


def read_one(item: Input, origin: str, cfg: Config) -> Iterator[tuple[str, Article] | Rejection]:
    """(where, article) and rejections of one input; an unexpected error becomes a rejection."""
    records = records_of(item, origin, cfg)
    while True:
        try:
            rec = next(records)
        except StopIteration:
            return
        except Rejected as r:
            yield Rejection(origin, r.reason, r.code)
            return
        except Exception as e:
            yield internal_error(origin, e)
            return
        if isinstance(rec, Rejection):
            yield rec
            continue
        try:
            if len(rec.text) > RAW_CHARS_FACTOR * cfg.max_chars:
                raise Rejected("E014", _too_long(len(rec.text), cfg, "before cleaning"))
            art = to_article(rec)
            admit(art, cfg)
            yield rec.origin, art
        except Rejected as r:
            yield Rejection(rec.origin, r.reason, r.code)
        except Exception as e:
            yield internal_error(rec.origin, e)


def internal_error(origin: str, e: BaseException) -> Rejection:
    message = str(e)
    if len(message) > 200:
        message = message[:200] + "\u2026"
    return Rejection(
        origin,
        f"internal error reading this file ({type(e).__name__}: {message}); "
        "the other inputs were read; please report it with the file",
        "E024",
    )


# -- files -------------------------------------------------------------------------------------


def records_of(item: Input, origin: str, cfg: Config) -> Iterator[Record | Rejection]:
    if isinstance(item, dict):
        yield record_from_json(item, origin, None)
        return
    path = Path(item)
    kind = kind_of(path)
    if kind == "unknown":
        raise Rejected(
            "E009",
            f"file type {path.suffix!r} is not supported "
            "(use .txt, .html, .htm, .jsonl, .json, optionally .gz)",
        )
    data = read_bytes(path, cfg.max_bytes)
    if kind == "html":
        yield replace(record_from_html(data, origin, cfg.max_chars), name_date=name_date(path))
        return
    decoded = decode(data)
    if kind == "text":
        yield Record(origin, decoded.text, path=str(path), encoding=decoded.label,
                     name_date=name_date(path))  # fmt: skip
        return
    read = records_from_jsonl if kind == "jsonl" else records_from_json
    for rec in read(decoded.text, origin, str(path)):
        yield replace(rec, encoding=decoded.label) if isinstance(rec, Record) else rec


# A date in a file's name: 2016-09-12, 2016_09_12, 2016.09.12 or 20160912, not inside a
# longer run of digits (an id).
NAME_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)([-_.]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)"
)


def name_date(path: Path) -> str | None:
    """The date a file's name gives, as YYYY-MM-DD, where it gives one plausible date.

    Archives and exports name each article's file by its day ("2016-09-12_senate-vote.txt",
    "20160912-report.html"); a text with no date line of its own is dated by it, so that
    its relative dates ("on Sunday") resolve and the story is held to its days. A name
    with two dates gives none: which one is the article's cannot be told.
    """
    found = {f"{m[1]}-{m[3]}-{m[4]}" for m in NAME_DATE.finditer(path.name)}
    if len(found) != 1:
        return None
    (day,) = found
    return day if normalise_date(day) == day and date_in_range(day) else None


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


# -- HTML --------------------------------------------------------------------------------------

SCRIPT_OPEN = re.compile(r"<(script|style)\b[^<>]{0,2000}>", re.IGNORECASE)
SCRIPT_CLOSE = {tag: re.compile(f"</{tag}", re.IGNORECASE) for tag in ("script", "style")}


def drop_scripts(html: str) -> str:
    """HTML without the content of its script and style elements (JSON-LD kept).

    trafilatura takes a title from text that includes them ("alert(1)Head").
    A linear scan, not one backtracking regex: a page of unclosed tags stays cheap.
    """
    out: list[str] = []
    pos = 0
    while (m := SCRIPT_OPEN.search(html, pos)) is not None:
        close = SCRIPT_CLOSE[m.group(1).lower()].search(html, m.end())
        end = len(html) if close is None else html.find(">", close.end()) + 1 or len(html)
        out.append(html[pos : m.start()])
        if "ld+json" in m.group(0).lower():
            out.append(html[m.start() : end])  # metadata trafilatura reads
        else:
            out.append(" ")
        pos = end
    out.append(html[pos:])
    return "".join(out)


def record_from_html(data: bytes, origin: str, max_chars: int | None = None) -> Record:
    """The article of an HTML page; a page over `HTML_CHARS_FACTOR` x `max_chars` characters
    (scripts and styles not counted) is rejected unread: trafilatura's time grows with
    the square of the page (25 s for 3 MB)."""
    import trafilatura

    try:
        decoded = decode(data, html=True)
        html, encoding = decoded.text, decoded.label
    except Rejected:
        html = data.decode("utf-8", errors="replace")
        encoding = f"utf-8, {html.count(chr(0xFFFD))} invalid bytes shown as U+FFFD"
    html = drop_scripts(html)
    if max_chars is not None and len(html) > HTML_CHARS_FACTOR * max_chars:
        raise Rejected(
            "E014",
            f"HTML page is {len(html):,} characters without its scripts, over "
            f"{HTML_CHARS_FACTOR} times the article limit of {max_chars:,} "
            "(raise it with --max-chars)",
        )
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise Rejected("E005", "HTML page has no article text that could be extracted")
    # metadata trafilatura found is a guess: what does not pass is left out, the page kept
    url = _http_url(getattr(doc, "url", None))
    day = _str(getattr(doc, "date", None))
    day = normalise_date(day) if day else None
    title = _str(getattr(doc, "title", None))
    return Record(
        origin,
        text,
        path=origin,
        title=clean_field(drop_scripts(title)) if title else None,
        published=day if day and date_in_range(day) else None,
        source=clean_field(_str(getattr(doc, "sitename", None))) or _host(url),
        url=url,
        raw_title_line=False,
        encoding=encoding,
    )


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def _http_url(url: str | None) -> str | None:
    url = clean_field(url)
    return url if url and re.match(r"https?://[^\s/]", url, re.IGNORECASE) else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    from urllib.parse import urlparse

    try:
        host = urlparse(url).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


# -- JSON --------------------------------------------------------------------------------------


def _loads(text: str) -> Any:
    """json.loads, with nesting beyond Python's recursion limit as a rejection (E019)."""
    try:
        return json.loads(text)
    except RecursionError as e:
        raise Rejected(
            "E019", "JSON is nested too deeply to read (thousands of levels); no article is"
        ) from e


def records_from_jsonl(text: str, origin: str, path: str) -> Iterator[Record | Rejection]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{origin}:{n}"
        try:
            obj = _loads(line)
        except Rejected as r:
            yield Rejection(where, r.reason, r.code)
            continue
        except json.JSONDecodeError as e:
            yield Rejection(where, f"line is not valid JSON ({e.msg} at column {e.colno})", "E006")
            continue
        except ValueError as e:
            yield Rejection(where, f"line is not valid JSON ({e})", "E006")
            continue
        if not isinstance(obj, dict):
            yield Rejection(where, "line is JSON but not an object with a text field", "E006")
            continue
        try:
            yield record_from_json(obj, where, path)
        except Rejected as r:
            yield Rejection(where, r.reason, r.code)
        except Exception as e:  # the next record is still read
            yield internal_error(where, e)


def records_from_json(text: str, origin: str, path: str) -> Iterator[Record | Rejection]:
    try:
        obj = _loads(text)
    except json.JSONDecodeError as e:
        raise Rejected(
            "E006", f"file is not valid JSON ({e.msg} at line {e.lineno} column {e.colno})"
        ) from e
    except ValueError as e:
        raise Rejected("E006", f"file is not valid JSON ({e})") from e
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
        except Exception as e:  # the next record is still read
            yield internal_error(where, e)


TEXT_FIELDS = ("text", "body", "body-paragraphs", "paragraphs", "content", "articleBody")
SHORT = reprlib.Repr()  # a value shown in a reason: bounded in length and depth
SHORT.maxlevel, SHORT.maxstring, SHORT.maxother = 3, 60, 60
META_FIELDS = ("title", "published", "date", "source", "outlet", "url")


def record_from_json(obj: dict[str, Any], origin: str, path: str | None) -> Record:
    """A dict with `text` (or `body`, or a list of paragraphs) and optional metadata.

    Metadata is what the user says about the article, so a value that cannot be
    right (a list as title, a date in year 9999, a javascript: url) rejects the
    record with the field named, rather than being dropped where nobody sees it.
    """
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
    for key in META_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, str):
            shown = SHORT.repr(value)
            raise Rejected(
                "E021",
                f"field {key!r} is a {_json_type(value)} ({shown}), not a string; "
                f"give {key} as a string or leave it out",
            )
    title = clean_field(obj.get("title"))
    raw_day = clean_field(obj.get("published") or obj.get("date"))
    url = clean_field(obj.get("url"))
    return Record(
        origin,
        text,
        path=path,
        title=title,
        published=_checked_date(raw_day) if raw_day else None,
        source=clean_field(obj.get("source") or obj.get("outlet")),
        url=_checked_url(url) if url else None,
        raw_title_line=not title,
    )


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, list):
        return "list"
    return "object" if isinstance(value, dict) else type(value).__name__


def _checked_date(value: str) -> str:
    day = normalise_date(value)
    if day is None:
        raise Rejected(
            "E022",
            f"published {value[:40]!r} is not a date; give it as YYYY-MM-DD or leave it out",
        )
    if not date_in_range(day):
        raise Rejected(
            "E022",
            f"published {value[:40]!r} is not a plausible date (before 1900 or in the "
            "future); correct it or leave it out",
        )
    return day


def _checked_url(url: str) -> str:
    if _http_url(url) is None:
        raise Rejected(
            "E023",
            f"url {url[:60]!r} is not an http(s) address; give a full http:// or https:// "
            "address or leave it out",
        )
    return url


def _flatten(items: list[Any], depth: int = 0) -> Iterator[str]:
    """Paragraph strings of a list that may nest lists (one list of sentences per paragraph)."""
    if depth >= MAX_NESTING:
        raise Rejected(
            "E019",
            f"paragraph lists are nested more than {MAX_NESTING} deep; "
            "give the text as a string or a list of paragraph strings",
        )
    for item in items:
        if isinstance(item, list):
            inner = [str(x).strip() for x in _flatten(item, depth + 1)]
            yield " ".join(x for x in inner if x)
        elif isinstance(item, dict):
            raise Rejected(
                "E021", "a paragraph is a JSON object; paragraphs must be strings (or lists)"
            )
        elif item is not None:
            yield str(item).strip()


# -- cleaning ----------------------------------------------------------------------------------


def to_article(rec: Record) -> Article:
    """Clean a record into an Article; too little text left is a rejection."""
    cleaned = clean_text(rec.text, detect_title=rec.raw_title_line)
    words = len(cleaned.text.split())
    if words < MIN_WORDS:
        raise Rejected("E012", f"only {words} word(s) of article text after cleaning")
    title = rec.title or cleaned.title or lead_title(cleaned.text)
    published = normalise_date(rec.published) if rec.published else cleaned.published
    if published and not date_in_range(published):
        published = None  # a date line in the text that cannot be the article's date
    published = published or rec.name_date
    return Article(
        id=article_id(cleaned.text),
        text=cleaned.text,
        title=title,
        published=published,
        source=rec.source or cleaned.source,
        path=rec.path,
        url=rec.url,
        headings=cleaned.headings,
        encoding=rec.encoding,
    )


def _too_long(chars: int, cfg: Config, when: str) -> str:
    return (
        f"article is {chars:,} characters {when}, over the limit of {cfg.max_chars:,} "
        "(raise it with --max-chars; parsing time and memory grow steeply with length)"
    )


def admit(art: Article, cfg: Config) -> None:
    """Reject an article the run is not configured for: too long, or in another language."""
    if len(art.text) > cfg.max_chars:
        raise Rejected("E014", _too_long(len(art.text), cfg, "after cleaning"))
    problem = language_problem(art.text, tuple(cfg.languages))
    if problem:
        raise Rejected("E020", problem)


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


# A wire's credit between a title and a date line ("... Monitor AFP Thursday 27 Oct 2016"),
# by the names `sources.WIRES` knows.
_CREDIT = re.compile(
    "(?:" + "|".join(sorted(map(re.escape, WIRES), key=len, reverse=True)) + r")\b[ ,]*",
    re.IGNORECASE,
)

# A short word in capitals before a lead's usual opening word ("SANA One civilian ...",
# "TV A bomb blast ...", not "EU diplomatic chief ...")
_SHOUTED = re.compile(
    r"[A-Z]{2,6}[ ,]+(?=(?:A|An|The|At|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten)\b|\d)"
)


# A share widget run into a scraped text's head with its counters, after a date line or
# glued to it ("18.05.2017Get short URL 0 15 The death toll ...", "... 15.04.2017(updated
# 2033 15.04.2017) Get short URL 9832 A source told ..."): the report starts after it.
_WIDGET = re.compile(r"(?:get short url|short link|copy link)(?:\s+\d[\d,]*){0,3}\b", re.IGNORECASE)
# How far into the text such a widget may stand (a title, a credit and a date line before it)
WIDGET_WITHIN = 200
# Words a byline's name may take before the title it runs into ("by Asharq Al-Awsat English").
BYLINE_WORDS = 6


def head_of(article: Article) -> tuple[tuple[int, int] | None, int]:
    """What heads an article's text before the report (`_head_of`), and past a share
    widget with its counters that a scraped text runs into its head (`_WIDGET`)."""
    title, pos = _head_of(article)
    widget = _WIDGET.search(article.text, pos, pos + WIDGET_WITHIN)
    if widget is not None:
        pos = _past_separators(article.text, widget.end())
    return title, pos


def _head_of(article: Article) -> tuple[tuple[int, int] | None, int]:
    """What heads an article's text before the report: the span of the title that came
    with the article where the text repeats it (after a date line, if any; None for a
    title made from the text itself, `lead_title`, which is the lead, not a headline),
    and where the report starts, after a date line, that title, and a wire's credit
    and date line after the title (or a word in capitals before the lead's first word)."""
    text = article.text
    dated = date_line_end(text)
    pos = _past_separators(text, dated) if dated else 0
    if not article.title or article.title == lead_title(text):
        return None, pos
    pos = _past_byline(text, pos, article.title)
    end = title_at(text, pos, article.title)
    if end is None:
        return None, pos
    title = (pos, end)
    pos = _past_separators(text, end)
    credit = _CREDIT.match(text, pos)
    dated = date_line_end(text, credit.end() if credit else pos)
    if dated > (credit.end() if credit else pos):
        pos = _past_separators(text, dated)
    else:
        # a word in capitals between the title and a lead's opening word: the source's
        # credit, or the title's end where the title given was cut short ("... on Aleppo
        # SANA One civilian was killed", "... kills six Syrian state TV A bomb blast")
        shouted = _SHOUTED.match(text, pos)
        pos = shouted.end() if shouted else pos
    return title, pos


def _past_byline(text: str, pos: int, title: str) -> int:
    """Where the title starts past a byline run in before it ("Posted on April 19 2017 by
    Asharq Al-Awsat English Six Killed in Aleppo Bombing ..."): at `pos` a "by" and, within
    `BYLINE_WORDS` words after it, the title word for word; else `pos`. A byline's name
    has no end of its own in a scraped text, so only the known title marks it."""
    if not re.match(r"by\s", text[pos : pos + 3], re.IGNORECASE):
        return pos
    for m in list(re.finditer(r"\S+", text[pos : pos + 200]))[1 : BYLINE_WORDS + 1]:
        if title_at(text, pos + m.start(), title) is not None:
            return pos + m.start()
    return pos


def head_pieces(
    start: int, end: int, title: tuple[int, int] | None, report: int
) -> list[tuple[int, int]]:
    """A sentence of the text as what it says: itself, or, where it starts before the
    report (`head_of`'s `title` and `report`), what of it is the title and what of it
    comes after the head; a date line, a wire's credit and the separators are neither."""
    if start >= report:
        return [(start, end)]
    pieces = []
    if title is not None and start <= title[0] < end:  # (the whole title, where spaCy cut it)
        pieces.append(title)
    if end - max(start, report) >= 2:
        pieces.append((max(start, report), end))
    return pieces


def _past_separators(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n,.|:;-\u2013\u2014":
        pos += 1
    return pos


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
