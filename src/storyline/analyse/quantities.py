"""Stage `quantities`: percentages, money, counts, durations, ordinals and ratios, with what
they measure.

Numbers are found with patterns over the cleaned text (digits and number
words, so "30%", "30 percent", "$1.2 billion", "90 days", "six-hour", "fourth
round", "three times", "a one-in-three chance"), because exact offsets and
values matter more here than NER labels: the cross-checking stage compares
`value`, `kind`, `unit` and `measures` between outlets. What a number measures
is read from the parse: the noun it counts ("4 months", "fourth round") or, for
percentages and money, the phrase after it ("30% on Chinese goods").

Numbers inside dates ("September 17", "2025") are left to `dates.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import Article, Quantity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

UNITS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "a": 1, "an": 1, "a dozen": 12, "dozen": 12,
}  # fmt: skip
MULTIPLIERS = {"hundred", "dozen"}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "twentieth": 20,
}  # fmt: skip
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3,
          "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}  # fmt: skip
CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "dollars": "USD",
              "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP", "yuan": "CNY",
              "yen": "JPY", "usd": "USD", "eur": "EUR", "gbp": "GBP", "cny": "CNY",
              "rmb": "CNY"}  # fmt: skip
STOP_NOUNS = frozenset(
    [
        "percent",
        "per",
        "times",
        "am",
        "pm",
        "a.m",
        "p.m",
        "of",
        "the",
        "a",
        "an",
        "and",
        "or",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "it",
        "its",
        "that",
        "this",
        "who",
        "which",
        "than",
        "more",
        "less",
        "about",
    ]
)
DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
NUMWORD = "|".join(
    sorted((k for k in UNITS if k not in {"a", "an", "a dozen"}), key=len, reverse=True)
)
NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|(?:{NUMWORD})(?:[- ](?:{NUMWORD}))?"
SCALE = r"(?:\s?(?:thousand|million|billion|trillion|bn|mn|tn|[kmb])\b)"


def first_char(*alternatives: str) -> str:
    """A look-ahead for the first character of any match, put in front of a pattern: the
    same matches, found in about half the time (at each position of the text the
    engine tests one character class instead of trying every alternative).
    `alternatives`: words (their first character counts) or, as is, "\\d"."""
    items = {a if a == r"\d" else re.escape(a[0]) for a in alternatives}
    return "(?=[" + "".join(sorted(items)) + "])"


NUMWORDS = NUMWORD.split("|")
NUM_FIRST = first_char(r"\d", *NUMWORDS)
PERCENT_RE = re.compile(
    rf"{NUM_FIRST}\b(?P<num>{NUM})\s?(?:%|per ?cent\b|percentage points?\b)", re.I
)
# a score of two shares told as one figure: "beating Clinton 45 to 40 percent", "won
# 52-48 percent"; the first number is a share too (`SCORE_RE`; not "from 45 to 40
# percent", a change, nor "90 to 95 percent", a range)
SCORE_RE = re.compile(
    rf"{NUM_FIRST}\b(?P<num>{NUM})(?:\s+to\s+|\s*[-–]\s*)"
    rf"(?=(?P<other>{NUM})(?P<sign>\s?(?:%|per ?cent\b)))",
    re.I,
)
CHANGE_BEFORE = re.compile(r"\b(?:from|between)\s+$", re.I)
MONEY_RE = re.compile(
    first_char("US$", "$", "€", "£", "¥", r"\d", *NUMWORDS)
    + rf"(?:(?P<cur>US\$|\$|€|£|¥)\s?(?P<num>{NUM})(?P<scale>{SCALE})?"
    rf"|\b(?P<num2>{NUM})(?P<scale2>{SCALE})?\s(?P<cur2>dollars?|euros?|pounds|yuan|yen|USD|EUR|GBP|CNY|RMB)\b)",
    re.I,
)
STERLING = re.compile(r"\s+sterling\b", re.I)
SCALED_POUNDS = re.compile(r"\b(?:thousand|million|billion|trillion|bn)\s+pounds$", re.I)


def weight_in_pounds(surface: str, text: str, end: int) -> bool:
    """Is "N pounds" ending at `end` of `text` a weight ("an annual average of 2,763
    pounds" of marijuana seized)? Pounds are money after "£", with a scale ("50 million
    pounds") or with "sterling" after them."""
    return (
        surface.lower().endswith("pounds")
        and SCALED_POUNDS.search(surface) is None
        and STERLING.match(text, end) is None
    )


DURATION_RE = re.compile(
    first_char("a", r"\d", *NUMWORDS)
    + rf"\b(?P<num>{NUM}|an?|a dozen)[- ](?P<unit>(?:{'|'.join(DURATION_UNITS)})s?|centuries)\b",
    re.I,
)
# what after "11-year" or "90 years" makes it an age ("an 11-year-old boy", "90 years
# old", "18-year-olds"), not a time that passed
AGE = re.compile(r"[- ]old\b|-olds\b", re.I)
# a word after "a second" that makes it an ordinal ("a second term"), not a time
ORDINAL_USE = re.compile(r"[- ][a-z]")
TIMES_RE = re.compile(
    first_char("twice", "thrice", r"\d", *NUMWORDS)
    + rf"(?:\b(?P<num>{NUM})\s(?P<unit>times)\b|\b(?P<one>twice|thrice)\b)",
    re.I,
)
ORDINAL_RE = re.compile(
    first_char(r"\d", *ORDINALS)
    + rf"(?:\b(?P<word>{'|'.join(ORDINALS)})\b|\b(?P<num>\d+)(?:st|nd|rd|th)\b)",
    re.I,
)
COUNT_RE = re.compile(
    rf"{NUM_FIRST}\b(?P<num>{NUM})(?P<scale>{SCALE})?\s(?P<noun>[A-Za-z][\w-]*)", re.I
)
# odds and shares: "a one-in-three chance", "1 in 3 Americans", "nine out of 10 voters"
RATIO_RE = re.compile(
    rf"{NUM_FIRST}\b(?P<num>{NUM})(?:\s*-\s*|\s+)(?:in|out\s+of)(?:\s*-\s*|\s+)(?P<den>{NUM})\b",
    re.I,
)
# a span of time right after a number: "3 in 5 days" is no ratio
TIME_UNIT_AFTER = re.compile(rf"[\s-]+(?:{'|'.join(DURATION_UNITS)})s?\b", re.I)
MONTHS = re.compile(r"^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$", re.I)


@dataclass(frozen=True)
class QuantityConfig:
    """Knobs: `max_measure_words`, the longest phrase kept as what a number measures."""

    max_measure_words: int = 6


def parse_number(text: str) -> float | None:
    """Value of a numeral or number words: "1,200" -> 1200, "twenty-five" -> 25."""
    t = text.strip().lower().replace(",", "")
    try:
        return float(t)
    except ValueError:
        pass
    parts = re.split(r"[- ]", t)
    if t in UNITS:
        return float(UNITS[t])
    if all(p in UNITS for p in parts):
        total = 0
        for p in parts:
            v = UNITS[p]
            # "two hundred", "two dozen" multiply; "twenty-five" adds
            total = total * v if p in MULTIPLIERS and total else total + v
        return float(total)
    return {"once": 1.0, "twice": 2.0, "thrice": 3.0}.get(t)


def _scale(s: str | None) -> float:
    return SCALES.get(s.strip().lower(), 1.0) if s else 1.0


def _after(doc: Doc | None, text: str, end: int, words: int) -> str | None:
    """The prepositional phrase right after a number: "on Chinese goods"."""
    m = re.match(
        r"\s(?:(?:on|of|in|for|from|to)\s)[^,.;:\"“”()]+?(?=\s(?:and|or|but|while)\b|[,.;:\"“”()]|$)",
        text[end:],
    )
    if not m:
        return None
    phrase = m.group(0).strip()
    if doc is not None:
        span = doc.char_span(end + m.start() + 1, end + m.end(), alignment_mode="contract")
        if span is not None and len(span) > 1:
            prep = span[0]
            last = max((t.i for t in prep.subtree), default=prep.i)
            phrase = doc[prep.i : min(last + 1, span.end)].text
    return " ".join(phrase.split()[:words])


def _noun_after(text: str, end: int) -> str | None:
    m = re.match(r"[\s-]+(?:[a-z][\w-]*\s){0,2}?([a-z][\w-]*)", text[end:])
    return m.group(1) if m else None


def article_quantities(article: Article, doc: Doc | None, conf: QuantityConfig) -> list[Quantity]:
    """Every quantity of one article, each span taken at most once (money before count)."""
    text = article.text
    out: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def add(
        s: int, e: int, value: float | None, kind: str, unit: str | None, measures: str | None
    ) -> None:
        if value is None or any(s < te and ts < e for ts, te in taken):
            return
        taken.append((s, e))
        out.append(Quantity(Span(article.id, s, e), text[s:e], value, kind, unit, measures))

    for m in RATIO_RE.finditer(text):
        part, whole = parse_number(m["num"]), parse_number(m["den"])
        if part is None or not whole or part > whole or re.fullmatch(r"\d{4}", m["den"]):
            continue  # "3 in 2016" is a count and a year
        if TIME_UNIT_AFTER.match(text, m.end()):
            continue  # "3 in 5 days" is a count and a span of time
        add(m.start(), m.end(), part / whole, "ratio", None, _noun_after(text, m.end()))
    for m in PERCENT_RE.finditer(text):
        add(
            m.start(),
            m.end(),
            parse_number(m["num"]),
            "percent",
            "%",
            _after(doc, text, m.end(), conf.max_measure_words),
        )
    for m in SCORE_RE.finditer(text):
        first, second = parse_number(m["num"]), parse_number(m["other"])
        if first is None or second is None or first <= second or re.fullmatch(r"\d{4}", m["num"]):
            continue  # a range ("90 to 95 percent"), told by its upper end; a year
        if CHANGE_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            continue  # a change ("from 45 to 40 percent"): the first is no share now
        add(m.start(), m.end("num"), first, "percent", "%",
            _after(doc, text, m.end("sign"), conf.max_measure_words))  # fmt: skip
    for m in MONEY_RE.finditer(text):
        num, scale = (m["num"], m["scale"]) if m["num"] else (m["num2"], m["scale2"])
        cur = (m["cur"] or m["cur2"] or "").lower()
        if weight_in_pounds(m.group(0), text, m.end()):
            continue
        v = parse_number(num)
        add(m.start(), m.end(), v * _scale(scale) if v is not None else None, "money",
            CURRENCIES.get(cur, cur.upper()),
            _after(doc, text, m.end(), conf.max_measure_words))  # fmt: skip
    for m in DURATION_RE.finditer(text):
        unit = m["unit"].lower().rstrip("s")
        unit = "century" if unit.startswith("centur") else unit
        num = m["num"].lower()
        if unit == "second" and num in {"a", "an"} and ORDINAL_USE.match(text, m.end()):
            continue  # "a second term": the ordinal, not a second of time
        if AGE.match(text, m.end()):
            taken.append((m.start(), m.end()))  # someone's age: no duration, and no count
            continue
        v = 1.0 if num in {"a", "an"} else (12.0 if num == "a dozen" else parse_number(num))
        add(
            m.start(),
            m.end(),
            v,
            "duration",
            unit,
            _noun_after(text, m.end()) if "-" in m.group(0) else None,
        )
    for m in TIMES_RE.finditer(text):
        num = m["num"] or m["one"]
        add(m.start(), m.end(), parse_number(num), "count", "times", None)
    for m in ORDINAL_RE.finditer(text):
        v = ORDINALS.get((m["word"] or "").lower()) or (int(m["num"]) if m["num"] else None)
        if (
            m["num"]
            and re.match(r"\s*(?:of\s)?[A-Z][a-z]+", text[m.end() :])
            and MONTHS.match(text[m.end() :].split()[0] if text[m.end() :].split() else "")
        ):
            continue  # "17th of September" is a date
        noun = (
            _head_noun(doc, m.start(), m.end()) if doc is not None else _ordinal_noun(text, m.end())
        )
        add(m.start(), m.end(), float(v) if v else None, "ordinal", None, noun)
    for m in COUNT_RE.finditer(text):
        noun = m["noun"]
        if (
            MONTHS.match(noun)
            or MONTHS.match(_prev_word(text, m.start()))
            or re.fullmatch(r"\d{4}", m["num"])
        ):
            continue  # dates and years belong to dates.py
        if noun.lower() in STOP_NOUNS:
            continue
        v = parse_number(m["num"])
        s, e = m.start(), m.start("noun") - 1
        if doc is not None:
            noun = _head_noun(doc, s, e) or ""
            if not noun:
                continue  # a bare number the parse does not attach to a noun
        add(s, e, v * _scale(m["scale"]) if v is not None else None, "count", None, noun.lower())
    out.sort(key=lambda q: q.span.start)
    return out


def _head_noun(doc: Doc | None, start: int, end: int) -> str | None:
    """The noun a number or ordinal modifies in the parse ("fourth round" -> "round")."""
    if doc is None:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    head = span.root.head
    if head.pos_ in {"NOUN", "PROPN"} and head.i not in range(span.start, span.end):
        return str(head.text.lower())
    return None


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"([A-Za-z]+)\.?\s*$", text[max(0, start - 12) : start])
    return m.group(1) if m else ""


def _ordinal_noun(text: str, end: int) -> str | None:
    """Without a parse: the word right after an ordinal, unless a function word."""
    m = re.match(r"\s([a-z][\w-]*)", text[end:])
    return m.group(1) if m and m.group(1) not in STOP_NOUNS else None


def extract_quantities(ctx: StoryContext, cfg: Config) -> dict[str, list[Quantity]]:
    """Quantities of every article of the story, by article id."""
    conf = QuantityConfig()
    return {a.id: article_quantities(a, ctx.docs.get(a.id), conf) for a in ctx.articles}
