"""Cleaning of article text as scrapers and copy-paste leave it.

One pass over the paragraphs of a text:

1. normalise (Unicode NFC, line endings, invisible characters, trailing blanks,
   hard-wrapped lines joined);
2. read leading metadata lines ("date 2025-09-15 <headline>", "Title: ...",
   "Published: ...") into the title and date;
3. cut site furniture at the edges: share buttons, bylines, newsletter and
   cookie notices, timestamps; and from a tail marker such as "Recent Stories"
   or "Related Articles" in the back half of the text to its end (what follows
   such a marker is teasers of other articles);
4. take a short first line without a final period as the title;
5. mark short unpunctuated lines inside the body as headings.

Each rule is about the shape of a line (length, punctuation, a closed list of
furniture phrases), never about one site's or one article's wording.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

INVISIBLE: dict[int, str | None] = dict.fromkeys(
    map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None
)
# control characters are no text (a NUL deep in a file, a stray escape): removed before
# any offset is taken; vertical tab and form feed break lines
CONTROLS: dict[int, str | None] = {
    **dict.fromkeys([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F], None),
    0x0B: "\n",
    0x0C: "\n",
}
# U+0080-U+009F in text are nearly always Windows-1252 bytes decoded as Latin-1
# upstream ("don\x92t"): each becomes the character Windows-1252 meant ("don’t")
for _c1 in range(0x80, 0xA0):
    try:
        CONTROLS[_c1] = bytes([_c1]).decode("cp1252")
    except UnicodeDecodeError:
        CONTROLS[_c1] = None
INVISIBLE.update(CONTROLS)
ANSI_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")  # terminal colours in pasted text
SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE_RE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{4}/\d{1,2}/\d{1,2}"
    rf"|{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTHS},?\s+\d{{4}})"
)
# "date 2025-09-15 Headline", "Published: Sept. 15, 2025 - Headline", "2025-09-15 | Headline"
HEADER_DATE = re.compile(
    rf"^\s*(?:(?:date|dated|published|posted|updated)\s*:?\s*)?({DATE_RE})\s*[-|:\u2013\u2014]?\s*(.*)$",
    re.IGNORECASE,
)
HEADER_FIELD = re.compile(
    r"^\s*(title|headline|date|published|source|publisher|outlet|url|link)\s*:\s*(.+)$",
    re.IGNORECASE,
)

SHARE_WORDS = (
    r"share(?: this)?(?: (?:article|story|post|page))?(?: on)?|tweet|email|e-mail|print|"
    r"facebook|twitter|x|linkedin|whatsapp|pinterest|reddit|telegram|messenger|copy link|"
    r"get short url|short link|"
    r"save|comments?|\d+ comments?|gift (?:this )?article|listen(?: to (?:this )?article)?"
)
FURNITURE = [
    re.compile(rf"^(?:(?:{SHARE_WORDS})\s*[:|/,.\u00b7\u2022-]?\s*)+$", re.IGNORECASE),
    re.compile(
        r"^(?:by|written by|words by|story by|reporting by|edited by)\s+\S.{0,80}$", re.IGNORECASE
    ),
    re.compile(
        r"^\(?(?:reporting|additional reporting|editing|writing) by\b.{0,150}\)?$", re.IGNORECASE
    ),
    re.compile(
        r"^(?:published|updated|posted|last updated|first published)\b.{0,60}$", re.IGNORECASE
    ),
    re.compile(
        r"^\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?)\s+(?:ago|read)\b.{0,30}$", re.IGNORECASE
    ),
    re.compile(
        r"^(?:advertisement|sponsored|skip to (?:main )?content|loading\.*|ad)$", re.IGNORECASE
    ),
    re.compile(
        r"^(?:read more|continue reading|click here\b.*|follow us\b.*|image:?.{0,80}|"
        r"photo(?: credit)?:.{0,120}|credit:.{0,80}|source:.{0,80})$",
        re.IGNORECASE,
    ),
    re.compile(
        r"^(?:copyright|\u00a9|\(c\)).{0,120}$|^.{0,80}all rights reserved\.?$", re.IGNORECASE
    ),
    # a writer's line of where to follow them ("Follow Pam Key on Twitter @pamkeyNEN.")
    re.compile(
        r"^follow\b.{0,80}\bon (?:twitter|x|facebook|instagram|threads|bluesky)\b.{0,160}$",
        re.IGNORECASE,
    ),
    re.compile(r"^(?:tags?|topics?|filed under|categories)\s*:.{0,200}$", re.IGNORECASE),
]
# Notices: matched anywhere in a short line.
NOTICE = [
    re.compile(
        r"\b(?:sign up|subscribe|join)\b.{0,80}\b(?:newsletter|inbox|updates|alerts)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\bnewsletter\b", re.IGNORECASE),
    re.compile(
        r"\b(?:we use|this (?:site|website) uses|by (?:using|continuing)\b).{0,80}\bcookies?\b"
        r"|\bcookie (?:policy|settings|preferences)\b|\baccept (?:all )?cookies\b",
        re.IGNORECASE,
    ),
]
# A line that opens a tail of other stories: everything from it to the end goes.
TAIL_MARKER = re.compile(
    r"^(?:share (?:this )?(?:story|article)\s*:?"
    r"|(?:recent|related|latest|more|popular|trending|top|recommended|editor'?s'? picks?)"
    r"(?: \w+){0,3}\s*(?:stories|articles|news|posts|reads|videos|headlines|coverage|content|"
    r"on \S+|from \S+(?: \S+)?)\s*:?"
    r"|most (?:read|popular|viewed|shared)\s*:?"
    r"|you (?:may|might) (?:also )?(?:like|be interested in|have missed)\s*:?"
    r"|(?:read|see|watch) (?:more|next|also)\s*:?|further reading\s*:?|also read\s*:?"
    r"|more from \S.{0,40})$",
    re.IGNORECASE,
)
TERMINAL = ".!?\"'\u201d\u2019)]:;,\u2026"
MAX_TITLE_WORDS = 25
MAX_HEADING_WORDS = 14


@dataclass(frozen=True)
class Cleaned:
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    headings: tuple[tuple[int, int], ...] = ()
    removed: tuple[str, ...] = ()


def normalise(raw: str) -> str:
    """NFC, '\\n' line ends, no invisible or control characters, single spaces, no trailing
    blanks."""
    text = unicodedata.normalize("NFC", ANSI_ESCAPE.sub("", raw)).translate(INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    lines = [SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    return "\n".join(lines)


def paragraphs(text: str) -> list[str]:
    """Paragraphs of normalised text: one per line, hard-wrapped lines joined.

    Scraped text puts one paragraph per line, with or without blank lines in
    between; hard-wrapped text breaks a sentence over lines, and the next line
    then starts in lower case after a line with no closing punctuation.
    """
    out: list[list[str]] = []  # the lines of each paragraph, joined once at the end
    prev_blank = True
    for line in text.split("\n"):
        if not line:
            prev_blank = True
            continue
        last = out[-1][-1][-1] if out else ""
        if (
            out
            and not prev_blank
            and last not in TERMINAL
            and (line[0].islower() or line[0].isdigit() and last.isalpha())
        ):
            out[-1].append(line)
        else:
            out.append([line])
        prev_blank = False
    return [" ".join(lines) for lines in out]


def is_furniture(line: str) -> bool:
    words = len(line.split())
    if words <= 12 and any(p.match(line) for p in FURNITURE):
        return True
    return words <= 40 and any(p.search(line) for p in NOTICE)


def is_heading(line: str) -> bool:
    """A short line that is not a sentence: no closing punctuation, or a title-case question."""
    words = line.split()
    if not words or len(words) > MAX_HEADING_WORDS or line[0] in "\"'\u201c\u2018(-\u2013\u2014":
        return False
    if re.search(r"[a-z][.!?]\s+[A-Z]", line):
        return False  # two sentences are a paragraph, whatever its last character
    if line[-1] not in TERMINAL:
        return True
    if line[-1] == "?":
        caps = sum(w[0].isupper() or not w[0].isalpha() for w in words)
        return caps / len(words) >= 0.6
    return False


def is_title(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= MAX_TITLE_WORDS
        and len(line) <= 250
        and line[-1] not in ".,;:\u2026"
        and not line.startswith(("\u201c", '"'))
    )


def normalise_date(value: str) -> str | None:
    """Any reasonable date string to YYYY-MM-DD; None when it is not a date."""
    from dateutil import parser

    value = value.strip()
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$", value)
    if m and not m.group(3):
        return value  # a month is a month, not its first day
    try:
        return parser.parse(value, fuzzy=False).date().isoformat()
    except (ValueError, OverflowError, TypeError):
        return None


def date_in_range(day: str, today: date | None = None) -> bool:
    """Can `day` (YYYY-MM-DD or YYYY-MM) be a news article's date: 1900 to two days ahead?

    Two days, because a paper dated tomorrow is on sale today in another time zone.
    """
    latest = ((today or date.today()) + timedelta(days=2)).isoformat()
    return "1900-01-01"[: len(day)] <= day <= latest[: len(day)]


def clean_field(value: str | None) -> str | None:
    """A metadata string (title, source, url) on one line, without control characters."""
    if value is None:
        return None
    return " ".join(unicodedata.normalize("NFC", value).translate(INVISIBLE).split()) or None


def read_header(paras: list[str]) -> tuple[list[str], str | None, str | None, str | None]:
    """Leading metadata lines: returns (rest, title, published, source)."""
    title = published = source = None
    i = 0
    while i < len(paras) and i < 6:
        line = paras[i]
        dated = HEADER_DATE.match(line)
        if dated and published is None and len(line.split()) <= MAX_TITLE_WORDS + 6:
            day = normalise_date(dated.group(1))
            if day:
                published = day
                rest = dated.group(2).strip()
                if rest and not (title is None and is_title(rest)):
                    break  # a date run into the text ("5 March 2026 The council ..."): text
                if rest:
                    title = rest
                i += 1
                continue
        field = HEADER_FIELD.match(line)
        if field:
            key, value = field.group(1).lower(), field.group(2).strip()
            if key in ("title", "headline"):
                title = value
            elif key in ("date", "published"):
                published = normalise_date(value) or published
            elif key in ("source", "publisher", "outlet"):
                source = value
            i += 1
            continue
        break
    return paras[i:], title, published, source


# A date line at the head of a text ("Thu Oct 6 2016", "Monday 21 November 2016 19:18",
# "17-02-2016", "Published July 5 2016", "Date of publication 7 October 2016"): words of
# a date and a time, two or more, one of them a year.
_DATE_WORD = re.compile(
    rf"(?:{MONTHS}|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|\d{{1,4}}(?:[-/:.]\d{{1,4}}){{0,2}}"
    r"|st|nd|rd|th|am|pm|gmt|utc|published|updated|posted|date|of|publication)$",
    re.IGNORECASE,
)
_DATE_NOUNS = {"published", "updated", "posted"}
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_WORD = re.compile(r"[^\W_]+(?:[-/:.][^\W_]+)*")


def date_line_end(text: str, start: int = 0) -> int:
    """Where a date line at `start` ends (scraped texts run it into the first sentence
    or the title), else `start`: a date line is no part of what it reports. It ends at
    its year or at a time after it ("Sun 05 Jul 2015 | 22 dead ...")."""
    end = last = start
    count = 0
    previous = ""
    for m in _WORD.finditer(text, start, start + 80):
        word = m.group(0)
        # "Posted on April 19 2017": "on" only after the word that says what the date is
        posted = word.lower() == "on" and previous in _DATE_NOUNS
        if not (_DATE_WORD.match(word) or posted) or text[last : m.start()].strip(
            " ,.|:-\u2013\u2014"
        ):
            break
        previous = word.lower()
        last = m.end()
        count += 1 + len(re.findall(r"\d[-/.]\d", word))
        timed = ":" in word or word.lower() in {"am", "pm", "gmt", "utc"}
        if _YEAR.search(word) or (timed and end > start):
            end = m.end()
    return end if count >= 2 and _YEAR.search(text[start:end]) else start


def title_at(text: str, start: int, title: str | None) -> int | None:
    """Where `title` ends, where the text repeats it word for word from `start` (a title
    run into the first sentence: "Rebel fire kills 3 schoolchildren AFP Thursday ...",
    "US Warplanes Kill Tens of Civilians. The US-led ..."), else None."""
    wanted = [w.lower() for w in _WORD.findall(title or "")]
    if len(wanted) < 3:
        return None
    words = list(_WORD.finditer(text, start, start + len(title or "") + 200))[: len(wanted)]
    if [m.group(0).lower() for m in words] != wanted or text[start : words[0].start()].strip():
        return None
    return words[-1].end()


def cut_furniture(paras: list[str]) -> tuple[list[str], list[str]]:
    """Furniture off both edges, and a tail of other stories from its marker on."""
    removed: list[str] = []
    while paras and is_furniture(paras[0]):
        removed.append(paras.pop(0))
    total = sum(len(p) for p in paras)
    seen = 0
    for i, p in enumerate(paras):
        if i > 0 and seen >= total * 0.4 and len(p.split()) <= 8 and TAIL_MARKER.match(p):
            removed.extend(paras[i:])
            paras = paras[:i]
            break
        seen += len(p)
    while paras and is_furniture(paras[-1]):
        removed.append(paras.pop())
    return paras, removed


def clean_text(raw: str, detect_title: bool = True) -> Cleaned:
    """Clean one article's text; see the module docstring for the steps."""
    paras = paragraphs(normalise(raw))
    # furniture can stand before the metadata lines and after them
    paras, title, published, source = read_header(paras)
    paras, removed = cut_furniture(paras)
    if title is None and published is None:
        paras, title, published, source = read_header(paras)
        paras, more = cut_furniture(paras)
        removed += more
    if detect_title and title is None and len(paras) > 1 and is_title(paras[0]):
        title = paras.pop(0)
        paras, more = cut_furniture(paras)  # a byline under the headline
        removed += more
    elif title is not None and paras and paras[0] == title:
        paras.pop(0)
    text = "\n\n".join(paras)
    headings = []
    pos = 0
    for i, p in enumerate(paras):
        # the last paragraph is never a heading: nothing follows it
        if i < len(paras) - 1 and is_heading(p):
            headings.append((pos, pos + len(p)))
        pos += len(p) + 2
    return Cleaned(text, title, published, source, tuple(headings), tuple(removed))
