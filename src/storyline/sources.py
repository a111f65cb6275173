"""Which articles are independent sources of what they say.

Corroboration counts sources, not articles: a near-copy counts as its
original, an outlet once however many of its articles a story has (by
whichever of its names: "Fox News", "foxnews.com"), and a wire service's
story as the wire's, whichever outlet runs it. Outlets print the stories of
the wire services (AP, Reuters, AFP, UPI) under their own name, cut and
edited so that near-copy detection does not fold them: five outlets running
one AP story are one source for what that story says. Such a story says
whose it is in its dateline ("WASHINGTON (AP) —", "BEIRUT (Reuters) -") or
its sign-off ("(Reporting by ...; Editing by ...)"), or its outlet is the
wire itself.

    >>> wire_of("Senate passes the bill.\\n\\nWASHINGTON (AP) — The Senate ...", "Yahoo News")
    'AP'
    >>> independence_key("AP", "Yahoo News", "a1")
    'wire:ap'
"""

from __future__ import annotations

import re

# A wire service by the names outlets and datelines give it.
WIRES = {
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "reuters": "Reuters",
    "thomson reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "upi": "UPI",
    "united press international": "UPI",
}
# A dateline that credits a wire service, opening a paragraph: "WASHINGTON (AP) — ",
# "Denver (AP) -- ", "LONDON, Dec 4 (Reuters) - ", "BEIRUT, Lebanon (AFP) – ". A mention
# inside a sentence ("told The Associated Press"), a photo credit ("(AP Photo/...)") or a
# line saying a wire contributed to a staff story credits no wire with the story.
CREDIT = re.compile(
    r"[A-Z][A-Za-z.'\u2019-]*(?: [A-Z][A-Za-z.'\u2019-]*){0,3}"  # the place, each word capitalised
    r"(?:, [A-Za-z0-9.]{1,14}(?: [A-Za-z0-9.]{1,14}){0,2})?"  # its state or country, or the day
    r" ?\((AP|Reuters|AFP|UPI)\) ?(?:[\u2014\u2013]-?|-{1,2})"
)
# The line a wire's story ends with, which outlets keep where they drop the dateline:
# Reuters' "(Reporting by Jo Ruiz; Editing by Sam Lee)", AP's "Associated Press writer Jo
# Ruiz in Denver contributed to this report." ("The Associated Press contributed to this
# report." ends an outlet's own story that drew on AP's: not one.)
REUTERS_SIGN_OFF = (
    r"\(Reporting by [^()]{2,300}\)\.?"
    r"|Reporting by [^;()]{2,150}(?:; ?[^;()]{2,150}){0,4}; ?Editing by [^;()]{2,150}"
)
SIGN_OFF = (
    (re.compile(rf"(?:{REUTERS_SIGN_OFF})$"), "Reuters"),
    (re.compile(r"Associated Press writers? [^.]{2,300} contributed\b"), "AP"),
)
SCHEME = re.compile(r"^[a-z]+://")
# Where a feed's title turns from its outlet to its section: "NYT > World News", "Keel
# Herald » Politics" (" - " and " | " are left: "BBC News - World", "World | Guardian")
SECTION = re.compile(r"\s+[>»›]\s+")
# A host's top-level domain, and what follows it ("foxnews.com/politics")
TLD = re.compile(
    r"\.(?:com|org|net|co\.uk|org\.uk|com\.au|co|news|info|us|uk|ca|au|ie|nz|in)(?:/.*)?$"
)
NOT_WORD = re.compile(r"[\W_]+")
# The dateline opens the body; the title and a standfirst may come before it. The sign-off
# ends it; a line or two of site furniture may follow.
HEAD_PARAGRAPHS = 3
TAIL_PARAGRAPHS = 2


def wire_of(text: str, source: str | None = None) -> str | None:
    """The wire service whose story an article is: its outlet, where that is a wire, else
    the one its dateline credits, else the one whose sign-off ends it; None for an
    outlet's own story."""
    if source and source.strip().lower() in WIRES:
        return WIRES[source.strip().lower()]
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    for line in paragraphs[:HEAD_PARAGRAPHS]:
        m = CREDIT.match(line)
        if m:
            return WIRES[m.group(1).lower()]
    for line in paragraphs[-TAIL_PARAGRAPHS:]:
        for pattern, wire in SIGN_OFF:
            if pattern.match(line):
                return wire
    return None


def outlet_key(source: str) -> str:
    """One key for the names an outlet goes by: "Fox News", "FoxNews.com" and
    "www.foxnews.com" (a page's site name, or its host where the page names no site);
    "The Hill" and "the hill"; "NYT > World News" and "NYT > Politics", "Keel Herald »
    Feed" (a feed's title names its section after "›", ">" or "»"). Case, spaces,
    punctuation, a leading "the", "www." and a common top-level domain do not tell two
    outlets apart."""
    s = SECTION.split(source, maxsplit=1)[0]
    s = SCHEME.sub("", s.strip().lower()).removeprefix("www.")
    s = TLD.sub("", s).removeprefix("the ")
    return NOT_WORD.sub("", s) or source.strip().lower()


def independence_key(wire: str | None, source: str | None, article_id: str) -> str:
    """What an article (a copy's original) counts as among a story's sources: the wire
    whose story it is, else its outlet (`outlet_key`), else itself."""
    if wire:
        return f"wire:{wire.lower()}"
    if source and source.strip():
        return f"outlet:{outlet_key(source)}"
    return f"article:{article_id}"
