"""Output formats of a brief: json, md (a report read top to bottom), html (one file).

The renderers work on the JSON dict (`storyline.brief()`'s result), not on the
data model, so a brief saved as JSON renders the same later. What both
reports share lives here: sources numbered per story, citation markers, the
text each citation points at, and the ordering of the sections' items.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from storyline.errors import StorylineError
from storyline.model import NOT_CLAIMS, Json
from storyline.sources import independence_key, wire_of

FORMATS = ("json", "md", "html")
KEY_STATEMENTS = 12  # how many statements the reports list
SHARED_RUN = 8  # words in a row that make a statement a repeat of one listed before
TOLL = re.compile(r"\b(?:killed|wounded)\b")  # a figures row of a toll (`measure_label`)


def render(result: Json, fmt: str) -> str:
    """The brief as text in one of `FORMATS`."""
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        from storyline.report.render_md import render_md

        return render_md(result)
    if fmt == "html":
        from storyline.report.render_html import render_html

        return render_html(result)
    raise StorylineError("E103", f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def safe_url(url: object) -> str | None:
    """The URL if a report may link to it: http(s) with a host, nothing that breaks out.

    An article's URL is the user's input; a `javascript:` or `data:` URL is shown
    as text and never made a link.
    """
    from urllib.parse import urlsplit

    if not isinstance(url, str) or any(ch in url for ch in '<>"`\\ \t\n\r'):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


@dataclass(frozen=True)
class Cite:
    """One citation as a reader sees it: source number and the exact cited text."""

    number: int
    article: str
    text: str


def dissent(
    disputes: list[tuple[str, list[tuple[str, list[Json]]]]],
    item: Callable[[str, list[Json]], str],
    value: Callable[[str], str],
) -> str:
    """The other sources' values of a disputed statement, as the reports write them: each
    by `item(value, citations)`; where the statement is disputed on more than one value,
    each conflict's after the value it disputes ("for “58”: “72” [3]; for “11”: “nine”
    [3]"), so that a child's count is not read as another toll."""
    if len(disputes) == 1:
        return "; ".join(item(v, cites) for v, cites in disputes[0][1])
    return "; ".join(
        f"for {value(own)}: " + ", ".join(item(v, cites) for v, cites in others)
        for own, others in disputes
    )


@dataclass
class StoryView:
    """One story of a brief, with its sources numbered 1..n in story order."""

    story: Json
    articles: dict[str, Json]
    number: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.number = {aid: i for i, aid in enumerate(self.story["articles"], 1)}

    @classmethod
    def all(cls, result: Json) -> list[StoryView]:
        arts = {a["id"]: a for a in result.get("articles", [])}
        return [cls(s, arts) for s in result.get("stories", [])]

    def sources(self) -> list[tuple[int, Json]]:
        return [
            (self.number[aid], self.articles.get(aid, {"id": aid}))
            for aid in self.story["articles"]
        ]

    def label(self, aid: str) -> str:
        """A short name for a source: its outlet, else its title, else its file."""
        a = self.articles.get(aid, {})
        for key in ("source", "title", "path", "url"):
            if a.get(key):
                return str(a[key])
        return aid

    def cites(self, citations: list[Json], every: bool = False) -> list[Cite]:
        """One `Cite` per source, in source order: its first citation, or with `every` all
        its cited passages in text order, joined by an ellipsis (a statement that cites an
        article's headline and its lead shows both where a reader checks the source)."""
        seen: dict[int, Cite] = {}
        spans: dict[int, list[tuple[int, int]]] = {}
        for c in citations:
            n = self.number.get(c["article"])
            if n is None:
                continue
            spans.setdefault(n, []).append((c["start"], c["end"]))
            if n not in seen:
                text = self.articles.get(c["article"], {}).get("text", "")[c["start"] : c["end"]]
                seen[n] = Cite(n, c["article"], text)
        if every:
            for n, cite in seen.items():
                if len(set(spans[n])) > 1:
                    text = self.articles.get(cite.article, {}).get("text", "")
                    passages = [text[a:b] for a, b in sorted(set(spans[n]))]
                    seen[n] = Cite(n, cite.article, " … ".join(passages))
        return [seen[n] for n in sorted(seen)]

    def key(self, aid: str) -> str:
        """What an article counts as among the story's sources, as the statements count
        them (`sources.independence_key`): a copy as its original, a wire service's story
        as the wire, an outlet once."""
        a = self.articles.get(aid, {})
        root_id = a.get("duplicate_of") or aid
        root = self.articles.get(root_id, a)
        return independence_key(root.get("wire"), root.get("source"), root_id)

    def sources_count(self, citations: list[Json]) -> int:
        """Independent sources among cited articles (`key`)."""
        return len({self.key(c["article"]) for c in citations})

    def independent(self) -> int:
        """Independent sources among the story's articles (`key`)."""
        return len({self.key(aid) for aid in self.story["articles"]})

    def count_line(self) -> str:
        """How many sources the story has: "5 sources", or where some articles are one
        source (copies, one wire's stories, one outlet's), "7 articles, 2 sources"."""
        n, k = len(self.story["articles"]), self.independent()
        return plural(n, "source") if n == k else f"{plural(n, 'article')}, {plural(k, 'source')}"

    @staticmethod
    def wire_note(a: Json) -> str | None:
        """ "AP wire story" for an outlet's article that is a wire service's story (by its
        dateline or sign-off); None where the outlet is the wire or none."""
        wire = a.get("wire")
        if not wire or wire_of("", a.get("source")) == wire:
            return None  # an outlet's own story, or the wire's under its own name
        return f"{wire} wire story"

    def summary(self) -> list[tuple[Json, list[Json]]]:
        """Summary sentences with their citations: every source that supports each one.

        The summary stage computes them (`summary.with_support`): the articles
        that carry the sentence word for word first, then those that state it in
        their own words; the reports show each with its own wording.
        """
        return [(s, list(s["citations"])) for s in self.story.get("summary", [])]

    def key_statements(self, limit: int = KEY_STATEMENTS) -> list[Json]:
        """Best-supported statements first (ties keep the stage's order).

        A statement that repeats a run of `SHARED_RUN` words of one listed
        before it (two outlets' sentences around one quotation, which align
        as two statements when one outlet prints both) is left out of the
        list: a reader would read the same words twice. The JSON keeps it.
        """
        sts = [s for s in self.story.get("statements", []) if s.get("kind") != "description"]
        order = {id(s): i for i, s in enumerate(sts)}
        out: list[Json] = []
        shown: list[list[str]] = []
        for s in sorted(sts, key=lambda s: (-s["support"], order[id(s)])):
            words = _words(s["text"])
            if any(_shared_run(words, w) >= SHARED_RUN for w in shown):
                continue
            out.append(s)
            shown.append(words)
            if len(out) == limit:
                break
        return out

    def descriptions_by_person(self) -> list[tuple[str | None, list[Json]]]:
        """`descriptions` grouped by whom they describe (`about`), the best supported
        person first: a second statement of one person ("second-term congressman", what
        two sources agree on beyond the first) is listed under the first, not as if of
        someone unnamed."""
        groups: dict[object, list[Json]] = {}
        for n, st in enumerate(self.descriptions()):
            groups.setdefault(st.get("about") or n, []).append(st)
        return [(g[0].get("about"), g) for g in groups.values()]

    def whose_words(self, st: Json) -> str | None:
        """Whose words a statement is where the sentence whose words it shows lies inside
        someone's quotation (from the middle of it, not saying whose words they are: "The
        Earth is not the objective." of Santorum's, or all of it with no attribution in
        the sentence): the quote's speaker, as the quotes section names them; None for a
        statement in a source's own words. The reports show such a statement as that
        person's words, not as the outlets'."""
        # the sentence whose words the statement shows (its text is one of them)
        shown = next((c for c in st.get("citations", []) if self._text(c) == st["text"]), None)
        if shown is None:
            return None
        quotes = self.story.get("quotes", [])
        return next((speaker_label(q) for q in quotes if self._inside(shown, q)), None)

    def _text(self, c: Json) -> str:
        return str(self.articles.get(c["article"], {}).get("text", "")[c["start"] : c["end"]])

    def _inside(self, c: Json, quote: Json) -> bool:
        """Is the cited sentence, less its quotation marks, inside an occurrence of the
        quote (whose span holds the words within the marks)?"""
        text = self.articles.get(c["article"], {}).get("text", "")
        start, end = c["start"], c["end"]
        while start < end and (text[start : start + 1] in MARKS_AROUND):
            start += 1
        while end > start and (text[end - 1 : end] in MARKS_AROUND):
            end -= 1
        return any(
            o["article"] == c["article"] and o["start"] <= start and end <= o["end"]
            for o in quote["occurrences"]
        )

    def descriptions(self) -> list[Json]:
        """Statements of who a person or organisation is, as two or more sources agree
        (`descriptions` stage), the best supported first; the reports list them apart
        from what the sources report."""
        sts = self.story.get("statements", [])
        return sorted(
            (s for s in sts if s.get("kind") == "description"), key=lambda s: -s["support"]
        )

    def relayed(self, item: Json, escape: Callable[[str], str]) -> str:
        """ "[2][3] citing Fox News" for the sources of a statement, quote, conflict side or
        figure value that pass on another outlet's reporting ("told the Times",
        "according to the AP": `crosscheck/relays.py`), each outlet in order of first
        mention, its name made safe by `escape`; "" where none does."""
        out: dict[str, list[int]] = {}
        for r in item.get("relays", []):
            n = self.number.get(r["article"])
            if n is not None and n not in out.setdefault(r["outlet"], []):
                out[r["outlet"]].append(n)
        return "; ".join(
            "".join(f"[{n}]" for n in sorted(ns)) + f" citing {escape(outlet)}"
            for outlet, ns in out.items()
            if ns
        )

    def disputed(self, statement: Json) -> list[tuple[str, list[Json]]]:
        """What other sources say instead: (value, citations) of each conflict side the
        statement's sources do not take, for every conflict in which they take one.

        A statement is one claim, so its sources sit on one side of a conflict at
        most; the reports name the other sides with their sources.
        """
        return [other for _, others in self.disputes(statement) for other in others]

    def disputes(self, statement: Json) -> list[tuple[str, list[tuple[str, list[Json]]]]]:
        """`disputed` by value: (the value the statement gives, the other sides' (value,
        citations)) of every conflict in which its sources take a side with it."""
        cites = statement["citations"]
        words = set(_words(statement["text"]))
        out: list[tuple[str, list[tuple[str, list[Json]]]]] = []
        for c in self.story.get("conflicts", []):
            if c["kind"] in NOT_CLAIMS:
                continue  # a name spelt two ways disputes no statement that names it
            hit = [_hits(side["citations"], cites) for side in c["sides"]]
            # the statement must say the value it takes: a sentence of one of its sources
            # may carry a second claim, which is disputed where this one is not
            own = next(
                (side["value"] for h, side in zip(hit, c["sides"], strict=True)
                 if h and _says(side["value"], words)),
                None,
            )  # fmt: skip
            if own is None:
                continue
            others = [(side["value"], side["citations"])
                      for side, h in zip(c["sides"], hit, strict=True) if not h]  # fmt: skip
            known = next((o for v, o in out if v == own), None)
            if known is None:
                out.append((own, others))
            else:  # one value in two conflicts (a toll's update and a dispute of it)
                known += [o for o in others if o[0] not in {v for v, _ in known}]
        return out

    def figures(self) -> list[Json]:
        """Figures a reader should see: every value of a figure the sources dispute, and
        of the others the values two sources or more give, alike or not.

        A figure is disputed where one conflict holds two of its values on two of its
        sides (`conflicts` compares what the values measure, and whose, where and
        when). Values the figures stage keys alike that no conflict opposes are not
        shown to measure one thing: on real coverage such rows were "delegates: 71
        delegates [1]; 475 delegates [2]; seven delegates [3]" (short of the
        nomination, at stake in California, in the Virgin Islands), two polls'
        margins of error, the tolls of two attacks; a reader of the table takes them
        for a dispute. Their values two sources or more give are corroboration, and
        stay. Two values from one source ("46 percent to 41 percent" in one poll
        sentence) are no disagreement between sources and no corroboration; nor is
        "one" that all give ("changed one word", "even one life", "one resident
        waited": a determiner more than a figure; a toll of one is shown), nor "first"
        that all give ("for the first time", "the state's first black governor":
        something new, not a count). The JSON keeps every value; the reports list
        what crosses sources.
        """
        out = []
        for f in self.story.get("figures", []):
            values = f["values"]
            if not self._disputed(values):
                values = [v for v in values if self.sources_count(v["citations"]) >= 2]
            if not TOLL.search(f["measure"]) and all(
                v["value"].lower().split()[:1] == ["one"] for v in values
            ):
                continue
            if all(v["value"].lower().startswith(("first ", "1st ")) for v in values):
                continue
            if self.sources_count([c for v in values for c in v["citations"]]) >= 2:
                out.append(f if values is f["values"] else {**f, "values": values})
        return out

    def _disputed(self, values: list[Json]) -> bool:
        """Does one conflict hold two of these values (each citing a sentence the value
        cites, in the same figure) on two different sides?"""
        for c in self.story.get("conflicts", []):
            if c["kind"] in NOT_CLAIMS:
                continue
            sides = [
                {n for n, v in enumerate(values)
                 if _hits(side["citations"], v["citations"])
                 and _same_figure(side["value"], v["value"])}
                for side in c["sides"]
            ]  # fmt: skip
            if any(a != b for n, sa in enumerate(sides) for sb in sides[n + 1 :]
                   for a in sa for b in sb):  # fmt: skip
                return True
        return False

    def quotes_by_speaker(self) -> list[tuple[str, list[Json]]]:
        """Quotes grouped by speaker, speakers with the most-carried quotes first.

        A quote whose speaker has no name goes under the words the article uses for
        them ("a senior administration official", "the lawsuit"), where it uses some,
        and under "Unattributed" only where it does not ("he" with no antecedent).
        """
        groups: dict[str, list[Json]] = defaultdict(list)
        for q in self.story.get("quotes", []):
            groups[speaker_label(q)].append(q)
        for qs in groups.values():
            qs.sort(key=lambda q: -self.sources_count(q["occurrences"]))
        return sorted(
            groups.items(),
            key=lambda kv: (
                kv[0] == "Unattributed",
                -max(self.sources_count(q["occurrences"]) for q in kv[1]),
            ),
        )


def in_marks(text: str) -> str:
    """The words in quotation marks, unless they stand in some already."""
    return text if text[:1] in QUOTE_OPENERS else f"“{text}”"


QUOTE_OPENERS = frozenset("\"'“‘")
# what may stand around a quotation's words in the sentence that is all of it
MARKS_AROUND = frozenset(" \n\"'“”‘’")


def speaker_label(quote: Json) -> str:
    """Who said a quote, as the reports name them: the speaker, else how the article
    describes them (`described`), else "Unattributed"."""
    return str(quote.get("speaker") or described(quote) or "Unattributed")


# "a senior administration official", "the lawsuit", "one union official"
DESCRIPTION = re.compile(
    r"(?:a|an|the|one|another|two|three|several|some) [a-z][\w'’.-]*(?: [\w'’.-]+){0,6}",
    re.IGNORECASE,
)


def described(quote: Json) -> str | None:
    """How the article describes an unnamed speaker, first word in lower case; else a
    name it gives that is no entity of the story ("Freedom's Lighthouse", a website
    spaCy tagged nothing), as printed."""
    said = [o.get("speaker_text") or "" for o in quote.get("occurrences", [])]
    for text in said:
        if DESCRIPTION.fullmatch(text):
            return text[0].lower() + text[1:]
    for text in said:
        if PRINTED_NAME.fullmatch(text) and text.lower() not in PRONOUN_WORDS:
            return text
    return None


# a name as printed: capitalised words, "of" and "the" between them
# (not a word in capitals: "UPDATE:" heads a paragraph)
PRINTED_NAME = re.compile(r"[A-Z][a-z][\w'’.&-]*(?: (?:of|the|[A-Z][\w'’.&-]*))*")
# (and the words that stand for someone as a pronoun does: "Another reportedly said:
# “...”", after "one user wrote", had been listed under a speaker "Another")
PRONOUN_WORDS = frozenset(
    {"he", "she", "they", "it", "you", "this", "that", "one", "some", "others", "many"}
    | {"another", "other", "both", "each", "either", "neither", "several", "few", "most",
       "all", "any", "none", "someone", "somebody", "everyone", "everybody", "anyone",
       "nobody", "these", "those"}
)  # fmt: skip


# a quotation that runs on into the next paragraph opens it with a mark again
NEXT_PARAGRAPH = re.compile('\\s*\n\\s*[\u201c"]?')


def quote_words(quote: Json) -> str:
    """What a quote shows: its text, or the whole quotation where the attribution splits
    it ("A," she said, "B." shows "A … B"), each piece as printed, on one line (a
    quotation of two paragraphs without the second one's opening mark)."""
    words = " \u2026 ".join(quote.get("passage") or [quote["text"]])
    return NEXT_PARAGRAPH.sub(" ", words)


_NUMERAL = re.compile(r"\d[\d,]*(?:\.\d+)?|[a-z]+(?:-[a-z]+)?")


def _same_figure(a: str, b: str) -> bool:
    """Do a conflict side's value and a figure's value give one figure ("at least 18" and
    "18", "fourth" and "fourth stoppage", "Sixteen" and "16")? The words of one all in the
    other, or a number in common."""
    from storyline.analyse.quantities import parse_number

    wa, wb = set(_NUMERAL.findall(a.lower())), set(_NUMERAL.findall(b.lower()))
    if wa and wb and (wa <= wb or wb <= wa):
        return True

    def numbers(words: set[str]) -> set[float]:  # (not "a", which parses as one)
        return {n for w in words - {"a", "an"} if (n := parse_number(w)) is not None}

    return bool(numbers(wa) & numbers(wb))


def _hits(a: Json | list[Json], b: list[Json]) -> bool:
    """Does a citation (or any of a list) overlap any citation of `b`?"""
    items = a if isinstance(a, list) else [a]
    return any(
        x["article"] == y["article"] and x["start"] < y["end"] and y["start"] < x["end"]
        for x in items
        for y in b
    )


def date_label(date: str, granularity: str | None = None) -> str:
    """`2025-09-15`, `2025-09 (month)`, `2025 (year)`: the granularity stays visible."""
    gran = granularity or {4: "year", 7: "month"}.get(len(date), "day")
    return date if gran == "day" else f"{date} ({gran})"


# What the reports say of a timeline entry whose date was still to come when its sources
# wrote (`TimelineEvent.upcoming`).
UPCOMING = "still to come when reported"
# What the per-source view says of a source that adds nothing and leaves nothing out.
NOTHING_APART = (
    "Adds nothing the other sources do not state; leaves out nothing most of them state."
)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _says(value: str, words: set[str]) -> bool:
    """Does a statement of these words give this value (its number, or its first word)?"""
    first = _words(value)[:1]
    return bool(first) and first[0] in words


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’]+", text.lower())


def _shared_run(a: list[str], b: list[str]) -> int:
    """Length of the longest run of words `a` and `b` share."""
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match().size
