"""Stage `quotes`: direct quotations, who said them, and the same quote across outlets.

Detection is a scan over the quotation marks of each paragraph, because the
marks are what makes a quote direct: curly and straight double marks, an odd
doubled opening mark (“"), nested single quotes kept inside, and quotes that
continue over paragraphs (a paragraph left open whose next paragraph reopens).

Attribution reads spaCy's parse of the words around the quote, up to the
nearest sentence end or the next quote: a speech verb (said, told, added,
"according to", ...) and its subject, also in inverted order ("said
Bessent") or up the clause ("..., telling reporters, “...”"). Pronouns go to
the most recent person named as a subject before them, descriptions ("the
Treasury Secretary") to the entity that holds that role, and names to their
canonical entity (see `entities.py`). Pieces of one quote split by its
attribution ("“A,” he said, “B.”") share the attribution. Where no speech verb
is that near, a quote is by the one whose speech verb holds its clause further
up the sentence (`_saying_above`), else, standing as a sentence of its own, by
the one the sentence before it is about (`_sentence_before`).

Finding the speaker lives in `speakers.py`, grouping the same quote across
articles in `quote_match.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storyline.analyse.doc_index import ents_starting_between
from storyline.analyse.entities import TITLE_WORDS, name_parts, nicknamed
from storyline.analyse.nlp import TITLES
from storyline.analyse.speakers import (
    ANSWER_NOUNS,
    DASHES,
    DOCUMENTS,
    PRONOUNS,
    SENT_END,
    SUBJ_DEPS,
    WHOSE,
    Resolver,
    attach,
    good_speaker,
    introduces_words,
    nearest_subject,
    passive_ask,
    quoted_at,
    relative_speaker,
    said_of,
    speech_verb,
    speech_verbs,
    subject_of,
    tokens_in,
)
from storyline.config import Config
from storyline.context import StoryContext
from storyline.memo import LastBuilt, LastOf
from storyline.model import Article, Entity, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Names in quotation marks that are titles, not quotations (`_titled`).
TITLE_LABELS = frozenset({"WORK_OF_ART", "LAW", "EVENT"})
OPEN = "“„«‟"
CLOSE = "”»"
STRAIGHT = '"'
_MARK = re.compile(f"[{re.escape(OPEN + CLOSE + STRAIGHT)}]")
# What lies between two pieces of one quotation split by its attribution: '," she said, "'
# or '," she said. "' ("A," she said, "B."), nothing else; not '," he said on the program
# "' (a title follows). Its words may hold an abbreviation's full stop ('," Chief Justice
# Roberts asked Mr. Sellers, "', '," said Rep. Steve Israel, D-N.Y. "').
_GAP_WORDS = (
    f"(?:[^{re.escape(OPEN + CLOSE + STRAIGHT)}.!?\\n]"
    "|(?<![\\w.])(?:[A-Z][a-z]{0,3}|[A-Z](?:\\.[A-Z])+)\\.){1,50}"
)
ATTRIBUTION_GAP = re.compile(
    f"[,;:]?[{re.escape(CLOSE + STRAIGHT)}]\\s*{_GAP_WORDS}[,:.]\\s*[{re.escape(OPEN + STRAIGHT)}]"
)
# speech verbs whose object is the person spoken to ("told reporters")
ADDRESS_VERBS = frozenset({"tell", "ask", "inform", "remind", "assure", "warn", "urge"})


@dataclass(frozen=True)
class QuoteConfig:
    """Knobs of the quote stage.

    `min_words_unattributed`: a quote with no speech verb around it is kept only
    from this many words (shorter ones are titles or scare quotes).
    `match_threshold`: share of the shorter wording's words that must match,
    in order, for two quotes of different articles to be one quote;
    `same_speaker_threshold` the share where both are attributed to one named
    person and the shorter has `same_speaker_min_words` words or more (an outlet
    that words the tail of one admission otherwise: "used money that shouldn't
    have been used" / "I used money I shouldn't have used for personal purposes").
    """

    min_words_unattributed: int = 4
    match_threshold: float = 0.8
    same_speaker_threshold: float = 0.7
    same_speaker_min_words: int = 5
    pronoun_lookback_chars: int = 1500


@dataclass
class QuoteHit:
    """One quoted passage in one article and its attribution.

    `speaker_*` is the mention in the attribution ("he", "Bessent", "a source");
    `name_*` the named mention it resolves to; `chain` joins the pieces of one
    quote split by its attribution. `how` says how the speaker was found: "verb"
    (a speech verb next to the quote), "colon" ("X said: “...”", also when the
    colon closes the paragraph before), "subject" (no speech verb: the subject of
    the clause around the quote), "inherited" (a quote right after a quote of the
    same speaker) or "paragraph" (the speaker of the paragraph before). Only
    "verb" and "colon" attribute a quote directly.
    """

    article: str
    start: int
    end: int
    text: str
    fragment: bool
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_text: str | None = None
    speaker: str | None = None
    name_start: int | None = None
    name_end: int | None = None
    name_text: str | None = None
    chain: int = 0
    verb: bool = False
    closes_sentence: bool = False
    how: str = ""
    runs_on: bool = False  # the quotation goes on in the next hit, after its attribution

    @property
    def direct(self) -> bool:
        """A quote that stands as its own sentence, or a fragment that ends one (the
        PolNeAR notion of a direct quote); a few words inside the writer's sentence
        are not."""
        return not self.fragment or self.closes_sentence


class QuoteIndex:
    """A story's quote hits by article, in text order, looked up by offset (`over`).

    Stages ask it per sentence or date; `quote_index(hits)` builds it once per list of
    hits (`ctx.quote_hits`)."""

    def __init__(self, hits: list[QuoteHit]) -> None:
        self.by_article: dict[str, list[QuoteHit]] = {}
        for h in hits:
            self.by_article.setdefault(h.article, []).append(h)
        for v in self.by_article.values():
            v.sort(key=lambda h: h.start)

    def over(self, article: str, start: int, end: int) -> list[QuoteHit]:
        """The hits of `article` that overlap `start:end`, in text order (one quotation of
        several sentences overlaps each of them)."""
        hits = self.by_article.get(article, [])
        # quotations do not overlap: of those starting before `start` only the last may
        # run into it
        i = max(0, bisect_left(hits, start, key=lambda h: h.start) - 1)
        out = []
        while i < len(hits) and hits[i].start < end:
            if hits[i].end > start:
                out.append(hits[i])
            i += 1
        return out


quote_index: LastBuilt[QuoteHit, QuoteIndex] = LastBuilt(QuoteIndex)


def _titled(doc: Doc, text: str, s: int, e: int) -> bool:
    """Are the quoted words `text[s:e]` the name of a work, a law or an event (spaCy's
    WORK_OF_ART, LAW, EVENT), such as a programme or a book ("on “Good Morning
    America”", "“Atlas Shrugged”")? A title in quotation marks is no one's words."""
    return any(
        ent.label_ in TITLE_LABELS
        and ent.end_char == e
        and text[s : ent.start_char].strip().lower() in {"", "the", "a", "an"}
        for ent in ents_starting_between(doc, s, e)
    )


# Short words a title leaves in lower case ("The Book of Mormon").
_TITLE_SMALL = """
    a an the of on in at by for to from with and or but nor as vs is are was be
"""
TITLE_SMALL = frozenset(_TITLE_SMALL.split())


def _title_case(text: str, s: int, e: int) -> bool:
    """Are the quoted words `text[s:e]` a title by their capitals and the word before
    them: every word but the short ones capitalised, not all in capitals, after a word
    that introduces a title (for one or two words, `SHORT_TITLE_BEFORE`): "on NBC's “Meet
    the Press”", "under the headline “Newsweek Puts Picture of Michele Bachmann on Cover ...”",
    "titled “The Facts on Where the Race Stands”")? A quotation of names stays one
    ("“That's Jeb Bush and Marco Rubio,” he said")."""
    words = text[s:e]
    tokens = re.findall(r"[A-Za-z][A-Za-z'’\-]*", words)
    if not tokens or words.upper() == words:
        return False
    if not all(t[0].isupper() or t.lower() in TITLE_SMALL for t in tokens):
        return False
    if all(t.lower() in TITLE_SMALL for t in tokens):
        return False
    before = [w.lower() for w in re.findall(r"[\w'’]+", text[max(0, s - 40) : s])]
    if not before:
        return False
    owner = before[-1].endswith(("'s", "’s", "s'", "s’"))
    if len(tokens) < 3:
        # a name of one or two words is a title only after a word that names one, or an
        # owner ("the ABC News program “This Week,”", "on ABC's “This Week”", "Fox News'
        # “Hannity”"); else it may be anyone's words ("“Nobody,” he said")
        return before[-1] in SHORT_TITLE_BEFORE or owner
    return before[-1] in TITLE_BEFORE or owner


# Words before a title: a preposition, an article, or a word that names it.
_TITLE_BEFORE = """
    on the titled entitled headlined headline show program programme called named dubbed
"""
TITLE_BEFORE = frozenset(_TITLE_BEFORE.split())
# Words before a title of one or two words: what names it, or an owner's "'s".
SHORT_TITLE_BEFORE = frozenset(
    {"titled", "entitled", "headlined", "headline", "show", "program", "programme"}
)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Inner offsets of a quote: marks, spaces and a trailing comma trimmed."""
    while s < e and (text[s].isspace() or text[s] in OPEN + STRAIGHT + CLOSE):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:" + CLOSE + STRAIGHT + OPEN):
        e -= 1
    return s, e


# Feet and inches before a straight double mark ("Trump is 6'3\" tall"): the mark is the
# inches', no quotation's.
FEET_INCHES = re.compile(r"\b\d['\u2019]\d{1,2}$")


def find_quote_marks(article: Article) -> list[tuple[int, int]]:
    """(open mark, end after close mark) of every double-quoted passage of the body."""
    text = article.text
    found: list[tuple[int, int]] = []
    open_at: int | None = None
    prev_end = 0
    for bs, be, head in _blocks(article)[0]:
        if head:
            continue
        i = bs
        if open_at is not None:
            if text[bs] in OPEN + STRAIGHT:  # the quote goes on in this paragraph
                i = bs + 1
            else:
                found.append((open_at, prev_end))
                open_at = None
        while i < be:
            mark = _MARK.search(text, i, be)  # nothing happens at any other character
            if mark is None:
                break
            i = mark.start()
            c = text[i]
            if c == STRAIGHT and FEET_INCHES.search(text, max(bs, i - 5), i):
                i += 1
                continue  # 6'3": a height's inches, no quotation mark
            if (
                c in CLOSE
                and open_at is None
                and (i == bs or text[i - 1].isspace())
                and i + 1 < be
                and text[i + 1].isalpha()
            ):
                open_at = i  # a closing mark typed at a word's start: it opens
            elif c in OPEN or (c == STRAIGHT and open_at is None):
                if open_at is None:
                    open_at = i
                elif c == STRAIGHT and not text[open_at + 1 : i].strip():
                    pass  # doubled opening mark
                elif text[open_at] in OPEN and text[open_at + 1 : i].strip():
                    closes = _misplaced_open(text, open_at, i)
                    if closes is not None:
                        found.append((open_at, closes))
                        open_at = None if closes == i + 1 else i
            elif (c in CLOSE or c == STRAIGHT) and open_at is not None:
                inner = text[open_at + 1 : i]
                if not inner.strip() or all(ch in OPEN + STRAIGHT for ch in inner.strip()):
                    pass  # “" : a doubled opening mark, not an empty quote
                elif (
                    c == STRAIGHT
                    and text[i - 1].isspace()
                    and i + 1 < be
                    and not text[i + 1].isspace()
                ):
                    open_at = i  # the earlier mark had no partner: this one opens
                else:
                    found.append((open_at, i + 1))
                    open_at = None
            i += 1
        prev_end = be
    if open_at is not None:
        found.append((open_at, prev_end))
    return found


def _misplaced_open(text: str, open_at: int, i: int) -> int | None:
    """Where the quotation opened at `open_at` ends, given a curly opening mark at `i`
    while it is open; None where the mark opens a quotation inside it.

    A mark against the word before it closes the quotation, printed the wrong way
    round ("an “expedited review“ of"). One after an attribution (a colon or a comma)
    or a sentence's end opens the next quotation, and the writer left the first
    unclosed ("had “presented me ... happen again. He added: “My starting point"):
    it ends with its last sentence. Otherwise ("asked him about the “Obama Agenda”")
    the quotation quotes another.
    """
    if i > 0 and not text[i - 1].isspace():
        return i + 1
    j = i - 1
    while j > open_at and text[j].isspace():
        j -= 1
    if text[j] not in ":,.?!":
        return None
    for k in range(i - 1, open_at, -1):
        if text[k] in ".!?" and k + 1 < i and text[k + 1].isspace():
            return k + 1
    return None


def _paragraphs(article: Article) -> tuple[list[tuple[int, int, bool]], list[int]]:
    blocks = list(article.blocks())
    return blocks, [bs for bs, _, _ in blocks]


# an article's paragraphs and their starts (asked for once per quote of the article)
_blocks: LastOf[Article, tuple[list[tuple[int, int, bool]], list[int]]] = LastOf(_paragraphs)


def _block_of(article: Article, pos: int) -> tuple[int, int]:
    """The paragraph holding `pos` (paragraphs are in order and do not overlap)."""
    blocks, starts = _blocks(article)
    k = bisect_right(starts, pos) - 1
    if k >= 0 and pos < blocks[k][1]:
        return blocks[k][0], blocks[k][1]
    return 0, len(article.text)


# Abbreviations that end no sentence: titles (`nlp.TITLES`), a delegate's "Del." before a
# name ("state Del. Marcia Price", as often as Delaware), and others
_OTHER_ABBREV = """st jr sr hon pres sec del u.s u.k u.n a.m p.m inc corp co ltd no vs jan feb
    aug sept oct nov dec"""
ABBREV = frozenset(t.lower() for t in TITLES) | frozenset(_OTHER_ABBREV.split())


INITIALISM = re.compile(r"(?:[a-z]\.)+[a-z]")  # "n.a.a.c.p" of "N.A.A.C.P."


def _is_sentence_end(text: str, i: int) -> bool:
    """Whether the mark at text[i] ends a sentence (not "Gov." or "U.S." or "J.", nor an
    initialism such as "N.A.A.C.P.")."""
    if text[i] not in SENT_END:
        return False
    if text[i] != ".":
        return True
    j = i
    while j > 0 and (text[j - 1].isalpha() or text[j - 1] == "."):
        j -= 1
    word = text[j:i].lower()
    return not (word in ABBREV or len(word) == 1 or INITIALISM.fullmatch(word))


def _context(
    text: str,
    marks: list[tuple[int, int]],
    k: int,
    lo: int,
    hi: int,
    titles: Collection[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Character ranges around quote k where its attribution can be: back to the
    previous sentence end or quote, forward to the next sentence end or quote. A title
    in quotation marks (`titles`) before the quote does not end the way back: "Johnson
    tells MSNBC's “Morning Joe” that “exactly who did it” remains ..." is Johnson's.
    (One after it still ends the way on: '... on his radio show, “Generations with Kevin
    Swanson,” Right Wing Watch first reported' tells who reported, not who spoke.)"""
    qs, qe = marks[k]
    j = k - 1
    while j >= 0 and marks[j] in titles:
        j -= 1
    start = marks[j][1] if j >= 0 and marks[j][1] > lo else lo
    i = qs
    while i > start:
        if (
            (i >= len(text) or text[i].isspace())
            and i - 1 > start
            and _is_sentence_end(text, i - 1)
        ):
            break
        i -= 1
    before = (i, qs)
    end = marks[k + 1][0] if k + 1 < len(marks) and marks[k + 1][0] < hi else hi
    j = qe
    while j < end and not _is_sentence_end(text, j):
        j += 1
    after = (qe, min(end, j + 1))
    inner = text[qs:qe].rstrip(CLOSE + STRAIGHT + " ")
    nxt = text[qe:end].lstrip()
    if inner.endswith(tuple(SENT_END)) and nxt[:1].isupper():
        # the quote closed its sentence: what follows is a new sentence unless it is
        # a short '... Bessent said.' tail
        tail = text[qe : after[1]]
        ranges = [before, after] if len(tail.split()) > 5 else [after, before]
        return [r for r in ranges if r[1] > r[0]]
    return [r for r in (after, before) if r[1] > r[0]]


def _fragment(text: str, qs: int, lo: int) -> bool:
    """A quote of a few words woven into the writer's own sentence."""
    i = qs - 1
    while i >= lo and text[i].isspace():
        i -= 1
    if i < lo:
        return False
    return text[i] not in ",:;.!?—–-(" + CLOSE + STRAIGHT


def article_quotes(
    article: Article, doc: Doc, entities: list[Entity], conf: QuoteConfig | None = None
) -> list[QuoteHit]:
    """Every direct quote of one article with its speaker."""
    conf = conf or QuoteConfig()
    text = article.text
    # a title in quotation marks is no quotation, nor a bound of one's attribution
    # nor is a nickname's (William "Mo" Cowan)
    nicks = {n.marks for n in nicknamed(doc)}
    marks: list[tuple[int, int]] = []
    # a title known by its capitals is no one's words either, yet its words stay quoted
    # words, never a speaker ("... said on Fox News's “Fox and Friends.”")
    titles: set[tuple[int, int]] = set()
    for m in find_quote_marks(article):
        inner = _trim(text, *m)
        if _titled(doc, text, *inner) or m in nicks:
            continue
        marks.append(m)
        if _title_case(text, *inner):
            titles.add(m)
    resolver = Resolver(article, doc, entities, conf.pronoun_lookback_chars, marks)
    hits: list[QuoteHit] = []
    chain_of_verb: dict[int, int] = {}
    for k, (qs, qe) in enumerate(marks):
        s, e = _trim(text, qs, qe)
        if e <= s or not any(c.isalpha() for c in text[s:e]) or (qs, qe) in titles:
            continue
        lo, hi = _block_of(article, qs)
        hit = QuoteHit(article.id, s, e, text[s:e], _fragment(text, qs, lo), chain=k)
        hit.closes_sentence = text[s:e].endswith(tuple(SENT_END)) or text[qe : qe + 1] in {
            ".",
            "!",
            "?",
        }
        verb, subj = _attribution(doc, text, marks, k, lo, min(hi, len(text)), titles)
        above = None
        if verb is None:
            above = _saying_above(doc, text, marks, k, lo)
            subj = subject_of(above) if above is not None else None
            if above is not None and subj is not None and good_speaker(subj, marks):
                verb = above
            else:
                above = subj = None
        if verb is not None:
            hit.how = "colon" if text[lo:qs].rstrip().endswith(":") else "verb"
        if verb is None and qs == lo:
            verb = _verb_before_colon(article, doc, lo)
            subj = subject_of(verb) if verb is not None else None
            hit.how = "colon" if verb is not None else ""
        if verb is None and text[:qs].rstrip().endswith(":"):
            subj = _colon_intro(doc, text, marks, k, lo)
            if subj is not None:
                verb, hit.how = subj, "colon"
                attach(hit, subj, text, resolver)  # "His response:" is no subject
        signed = _signed(doc, text, qe, below=verb is None and subj is None and qs == lo)
        if signed is not None:
            # "“... How did we get this low?” ― Jacklyn Ashley": a quotation signed with a
            # dash and a name, as a list of readers' words prints it, whatever verb the
            # words around it hold ("... what he calls “hell” ...” ― Adriana Rodarte")
            verb, subj, hit.how = signed, signed, "verb"
        if subj is None and not (verb is not None and passive_ask(verb)):
            # no speech verb with a subject: the subject of the clause around the quote
            for cs, ce in _context(text, marks, k, lo, min(hi, len(text)), titles):
                subj = nearest_subject(tokens_in(doc, cs, ce), qs, marks)
                if subj is not None:
                    attach(hit, subj, text, resolver)
                    hit.verb, hit.how = True, "subject"
                    break
        if subj is None and verb is None:
            subj = _sentence_before(doc, text, marks, k, lo)
            if subj is not None:
                attach(hit, subj, text, resolver)
                hit.verb, hit.how = True, "subject"
                if _about(hit.text, hit, new_paragraph=True):
                    # "She has not committed any crime ...": said of her, by someone else
                    _forget_speaker(hit)
                    hit.verb, hit.how = False, ""
        if verb is not None:
            hit.verb = True
            if above is None:  # (quoted words apart from the quote before: not one quotation)
                hit.chain = chain_of_verb.setdefault(verb.i, k)
            if subj is not None and good_speaker(subj, marks):
                attach(hit, subj, text, resolver)
                if signed is not None and hit.speaker_start is not None:
                    _whole_signature(hit, text)
        elif len(hit.text.split()) < conf.min_words_unattributed:
            continue
        hits.append(hit)
    _inherit(hits, article)
    _one_quotation(hits, text)
    for hit in hits:
        if hit.speaker_start is None:
            _from_previous_paragraph(hit, article, doc, marks, resolver)
    _described_before(hits)
    return hits


# A dash that signs a quotation with its speaker's name ("” ― Jacklyn Ashley").
SIGNATURE = re.compile(r"[^\S\n]*[\u2015\u2014\u2013][^\S\n]*")
# A signature on a line of its own below a quotation that ends its paragraph, as a list of
# quoted lines prints it ("... the top 1 percent.”\n\n- Bernie Sanders."), the dash a
# hyphen too ("-President Obama, tweeting after Clinton's speech.").
SIGNATURE_BELOW = re.compile(r"[^\S\n]*\n\s*(?:[\u2015\u2014\u2013]|-{1,2})[^\S\n]*")
# What may follow a signature's name: the end of its line or sentence, or the next quotation.
SIGNED_END = re.compile(r'[^\S\n]*(?:[.\n\u201c"]|$)')
# Tags of a finite verb: a line that has one after the name says something of its own
# ("- Bernie Sanders won 84 percent of young voters"), it signs nothing.
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def _signed(doc: Doc, text: str, qe: int, below: bool = False) -> Token | None:
    """The name that signs the quotation closing at `qe` after a dash, if one does: a
    person's name that the dash runs into, and nothing after it but the end of its
    line or sentence ("” ― Carla Sanchez."), so that a dash going on with the sentence
    ("” — and Mayor Tom Reyes repeated it") is no signature. With `below` (the quotation
    has no attribution of its own), also a line of its own under it that is a dash, the
    name (a title before it allowed) and at most a description after a comma, with no
    verb of its own ("- Bernie Sanders.", "-Michelle Marks, Philadelphia.")."""
    m = SIGNATURE.match(text, qe)
    own_line = False
    if m is None and below:
        m = SIGNATURE_BELOW.match(text, qe)
        own_line = m is not None
    if m is None:
        return None
    end = min(len(text), m.end() + 80)
    if own_line:  # (a hyphen run into the name is one token with it: "-Tom")
        span = doc.char_span(m.end(), end, alignment_mode="expand")
        toks = list(span) if span is not None else []
        while len(toks) > 1 and toks[0].lower_ in TITLE_WORDS:
            toks = toks[1:]  # "-President Obama"
    else:
        toks = tokens_in(doc, m.end(), end)
    # on a line of its own, the line's form signs, whatever the tagger made of the name
    # ("- Sanders.", "-Michelle Marks, Philadelphia.")
    named = toks[0].ent_type_ == "PERSON" if toks else False
    if not toks or (toks[0].idx != m.end() and not own_line):
        return None
    if not named and not (own_line and _name_like(toks[0])):
        return None
    last = toks[0]
    rest = toks[1:]
    for t in toks[1:]:  # the rest of the name (the tagger may start it at the dash)
        if (t.ent_type_ != "PERSON" or t.ent_iob_ == "B") if named else not _name_like(t):
            break
        last = t
        rest = rest[1:]
    after = last.idx + len(last.text)
    if SIGNED_END.match(text, after):
        return last
    if not own_line or not text.startswith(",", after):
        return None
    line_end = text.find("\n", after)
    line_end = len(text) if line_end < 0 else line_end
    described = [t for t in rest if t.idx < line_end]
    if any(t.tag_ in FINITE for t in described) or not text[:line_end].rstrip().endswith("."):
        return None
    return last


def _whole_signature(hit: QuoteHit, text: str) -> None:
    """The mention of a signature on a line of its own is its whole name, where the tagger
    hung the first word, run into the dash, elsewhere ("-Tom Quill": "-Tom" as punctuation)."""
    assert hit.speaker_start is not None and hit.speaker_end is not None
    line = text.rfind("\n", 0, hit.speaker_start) + 1
    if line >= hit.speaker_start or text[line] not in DASHES:
        return
    before = text[line : hit.speaker_start]
    first = line + len(before) - len(before.lstrip(DASHES + " "))
    if first < hit.speaker_start and text[first : hit.speaker_start].replace(" ", "").isalpha():
        hit.speaker_start, hit.speaker_text = first, text[first : hit.speaker_end]


def _name_like(tok: Token) -> bool:
    """A proper noun, or a word in capitals after a dash run into it that the tagger
    read as punctuation ("-Tom")."""
    word = tok.text.lstrip(DASHES)
    return tok.pos_ == "PROPN" or (word != tok.text and word.istitle() and word.isalpha())


def _described_before(hits: list[QuoteHit]) -> None:
    """An unnamed speaker met again as "the spokesperson" is the one introduced as "a
    spokesperson for Google" before it in the article ("the official", "a senior
    administration official"): its quotes take that description."""
    introduced: dict[str, QuoteHit] = {}  # head word -> the last hit introducing it
    for hit in hits:
        if hit.speaker is not None or not hit.speaker_text:
            continue
        words = hit.speaker_text.lower().split()
        # its head: the last word before what says whose it is ("for Google")
        head = next((i for i, w in enumerate(words) if w in WHOSE), len(words)) - 1
        if words[0] in {"a", "an"} and head >= 1:
            introduced[words[head]] = hit
        elif words[0] == "the" and len(words) == 2 and words[1] in introduced:
            before = introduced[words[1]]
            hit.speaker_start, hit.speaker_end = before.speaker_start, before.speaker_end
            hit.speaker_text = before.speaker_text


def _attribution(
    doc: Doc,
    text: str,
    marks: list[tuple[int, int]],
    k: int,
    lo: int,
    hi: int,
    titles: Collection[tuple[int, int]] = (),
) -> tuple[Token | None, Token | None]:
    """The speech verb of quote k and its subject, read around the quote.

    After a quote that closed its sentence, a speech verb of the next sentence
    counts only when the quote is what it says: "Analysts note the risk." has
    its own object and is a new statement, "“...” Bessent said." is not.
    """
    qs = marks[k][0]
    verb = subj = None
    ranges = _context(text, marks, k, lo, hi, titles)
    for cs, ce in ranges:
        new_sentence = cs >= marks[k][1] and _closed(text, marks[k])
        for v in speech_verbs(tokens_in(doc, cs, ce), qs):
            if new_sentence and _owns_content(v, marks[k]):
                continue
            if _aside(v, marks[k], text) or _modifies_other(v, marks[k]) or said_of(v):
                continue
            verb = verb or v
            if passive_ask(v):  # the asker, named by "by X" or not at all
                return v, subject_of(v)
            cand = relative_speaker(v, qs) or subject_of(v)
            if cand is not None and good_speaker(cand, marks):
                return v, cand
            # “... mode,” said Wimes: the quote parsed as a second subject
            others = [c for c in v.children if c.dep_ in SUBJ_DEPS and good_speaker(c, marks)]
            if others:
                return v, others[-1]
            inverted = _inverted_speaker(v, marks[k], text)
            if inverted is not None and good_speaker(inverted, marks):
                return v, inverted
            lead = _leading_name(tokens_in(doc, cs, ce), v)
            if lead is not None and good_speaker(lead, marks):
                return v, lead
    return verb, subj


# Conjunctions that open a clause of time, cause or condition ("as X noted, ..." is an
# attribution, so not "as").
_SUBORDINATORS = (
    "after before when whenever while since because although though once until if unless"
)
SUBORDINATORS = frozenset(_SUBORDINATORS.split())


def _aside(v: Token, quote: tuple[int, int], text: str) -> bool:
    """A speech verb of a clause of time, cause or condition set before the clause that
    the quote belongs to: in "After Jerry Brown criticized Bill Clinton during a debate,
    Hillary shot back, “...”" the words are Hillary's, not Brown's. The quote follows the
    clause, with the main clause's subject between them ("when she said, “...”" is hers)."""
    if v.dep_ != "advcl":
        return False
    marked = any(c.dep_ == "mark" and c.lower_ in SUBORDINATORS for c in v.children)
    # "when" is often parsed as the clause's adverb, not its marker: then only where the
    # main clause hands the quote on with a colon or a comma ("When Pike said ..., Ames
    # fired back: “...”"; not "When Pike spoke, he called them “criminals”")
    told = any(c.dep_ == "advmod" and c.lower_ in SUBORDINATORS for c in v.children)
    if not marked and not (told and _handed_on(text, quote[0])):
        return False
    right = v.right_edge.i
    if v.right_edge.idx >= quote[0]:
        return False
    between = v.doc[right + 1 : right + 1 + 40]
    return any(t.dep_ in {"nsubj", "nsubjpass"} and t.idx < quote[0] for t in between)


def _handed_on(text: str, qs: int) -> bool:
    """Does a colon or a comma stand right before the quotation at `qs`?"""
    return text[max(0, qs - 40) : qs].rstrip().endswith((":", ","))


def _modifies_other(v: Token, quote: tuple[int, int]) -> bool:
    """A speech verb that describes a document ("Trump's tweets accusing Machado of ...")
    and whose clause does not hold the quote: "... are “lies and conspiracy theories”"
    are not the tweets' words (`speakers.subject_of` gives such a verb the document's
    author)."""
    if v.dep_ != "acl" or v.head.lemma_.lower() not in DOCUMENTS:
        return False
    return not v.left_edge.idx <= quote[0] < v.right_edge.idx + len(v.right_edge)


def _sentence_before(
    doc: Doc, text: str, marks: list[tuple[int, int]], k: int, lo: int
) -> Token | None:
    """The person the sentence before a quote is about, where the quote is a sentence of
    its own in the same paragraph with no attribution: in "Sen. Bernie Sanders identified
    young voters' exhaustion with bigotry as one reason ... “The younger people are ...
    sick and tired of discrimination.”" the quote is Sanders's, not that of the speaker
    of the paragraph before."""
    qs = marks[k][0]
    if qs <= lo or text[lo:qs].strip() == "":
        return None  # a paragraph that opens with the quote: `_from_previous_paragraph`
    end = qs
    while end > lo and text[end - 1].isspace():
        end -= 1
    if not _is_sentence_end(text, end - 1) or quoted_at(marks, end - 1):
        return None  # the quote goes on a sentence of the writer's, or follows a quote
    start = _sentence_start(text, marks, end - 1, lo)
    toks = [t for t in tokens_in(doc, start, end) if not quoted_at(marks, t.idx)]
    root = next((t for t in toks if t.dep_ == "ROOT"), None)
    if root is None:
        return None
    subj = next((c for c in root.children if c.dep_ in SUBJ_DEPS), None)
    if subj is None or not good_speaker(subj, marks):
        return None
    if subj.pos_ != "PROPN" and subj.lower_ not in {"he", "she"}:
        return None  # a name or "he"/"she" only: "The bill passed. “...”" is nobody's
    return subj


def _sentence_start(text: str, marks: list[tuple[int, int]], i: int, lo: int) -> int:
    """Where the sentence holding position `i` opens, not before `lo`: after the last
    sentence end before it that is outside quotation marks."""
    while i > lo and not (_is_sentence_end(text, i - 1) and not quoted_at(marks, i - 1)):
        i -= 1
    return i


def _saying_above(
    doc: Doc, text: str, marks: list[tuple[int, int]], k: int, lo: int
) -> Token | None:
    """The speech verb whose clause holds quote k, where an earlier quote of its sentence
    stands between them: in "Clinton said that this was a “new” expectation and we should
    “set the same standard”" the second quote is what "said" reports, not words of "we".
    The verb comes before the quote in its sentence and is no quoted word itself, and the
    way up to it meets no subject: a quote in the subject of a clause ("Representative
    Nancy Pelosi, who picked up with Article 1 (“All legislative powers ...”)", parsed as
    the subject of a clause of "read") is not what the verb above that clause says."""
    qs, qe = marks[k]
    words = [t for t in tokens_in(doc, qs, qe) if not t.is_punct]
    if not words:
        return None
    start = _sentence_start(text, marks, qs, lo)
    t = words[0]
    while t.head.i != t.i:
        t = t.head
        if quoted_at(marks, t.idx):
            continue  # quoted words (this quote's, or one around it)
        if not start <= t.idx < qs or t.dep_ in SUBJ_DEPS:
            return None  # (a quote in the subject of a clause is not what the clause says)
        if introduces_words(t):
            return t
    return None


def _inverted_speaker(v: Token, quote: tuple[int, int], text: str) -> Token | None:
    """“...,” added a South Carolina Democrat: the speaker after a speech verb that
    follows the quote's close, which the parse made the verb's object."""
    between = text[quote[1] : v.idx]
    if v.idx < quote[1] or between.strip(" ,\u201d\"'") or "\n" in between:
        return None  # the verb must come right after the quote
    if v.tag_ not in {"VBD", "VBZ", "VBP"}:
        return None  # ", promising the Friends of Abe will return": no attribution
    return next((c for c in v.children if c.dep_ == "dobj" and c.i > v.i), None)


def _leading_name(tokens: list[Token], verb: Token) -> Token | None:
    """“...,” Flynn, a top surrogate, said: the name that opens the attribution,
    when the parse did not make it the verb's subject."""
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is not None and before.ent_type_ == "PERSON" and before.pos_ == "PROPN":
        return before  # "..., Tulsa police Chief Chuck Jordan said" parsed astray
    toks = [t for t in tokens if not t.is_punct and t.i < verb.i]
    name = None
    for t in toks:
        if t.pos_ != "PROPN":
            break
        name = t
    return name


def _closed(text: str, mark: tuple[int, int]) -> bool:
    """The quote ends its sentence (“... deal.” or “... deal”.)."""
    qs, qe = mark
    inner = text[qs:qe].rstrip(CLOSE + STRAIGHT + " ")
    return inner.endswith(tuple(SENT_END)) or text[qe : qe + 1] in {".", "!", "?"}


def _owns_content(v: Token, quote: tuple[int, int]) -> bool:
    """A speech verb that has its own said content (a clause or a thing said) outside the
    quote: in "“Who wouldn’t be?” said the legislator" the parse makes the quote's
    verb the content of "said", and the quote is what it says."""
    for c in v.children:
        if quote[0] <= c.idx < quote[1]:
            continue
        if c.dep_ == "ccomp":
            return True
        if c.dep_ == "dobj" and v.lemma_.lower() not in ADDRESS_VERBS and c.pos_ != "PRON":
            return True
    return False


def _colon_intro(
    doc: Doc, text: str, marks: list[tuple[int, int]], k: int, lo: int
) -> Token | None:
    """The speaker announced before a colon without a speech verb: "His response: “...”",
    "Trump's reply:", "Smith had a simple answer:"."""
    qs = marks[k][0]
    start = max(lo, marks[k - 1][1] if k > 0 else lo)
    every = tokens_in(doc, start, qs)
    toks = [t for t in every if not t.is_punct]
    if not toks:
        return None
    label = _name_label(every)
    if label is not None:
        return label
    for t in reversed(toks):
        if t.lemma_.lower() in ANSWER_NOUNS | {"statement", "message", "words", "verdict"}:
            for c in t.children:
                if c.dep_ == "poss" and (c.pos_ == "PROPN" or c.lower_ in {"his", "her"}):
                    return c
    subs = [t for t in toks if t.dep_ in SUBJ_DEPS and good_speaker(t, marks)]
    return subs[-1] if subs else None


def _name_label(tokens: list[Token]) -> Token | None:
    """The name that stands alone before a colon as a label of what follows, in a
    transcript's or a comparison's way ("Clinton: “Our goal is ...” Bush: “The mission
    is ...”"): the name's last word, where the colon's sentence is that name alone (a
    title before it allowed)."""
    ends = [k for k, t in enumerate(tokens) if t.text in {".", "!", "?", "\u201d", '"'}]
    label = [t for t in tokens[ends[-1] + 1 if ends else 0 :] if not t.is_space]
    if label and label[-1].text == ":":
        label = label[:-1]
    words = [t for t in label if not t.is_punct]
    # (words alone: "Rep. Trey Gowdy (R-S.C.):" is no label, its subject speaks)
    if not words or len(words) != len(label) or len(words) > 4 or words[-1].pos_ != "PROPN":
        return None
    if not all(t.pos_ == "PROPN" or t.lower_.rstrip(".") in TITLE_WORDS for t in words):
        return None
    return words[-1]


def _verb_before_colon(article: Article, doc: Doc, block_start: int) -> Token | None:
    """'X said:' closing the paragraph before a paragraph that is one quote."""
    prev = [(bs, be) for bs, be, head in _blocks(article)[0] if be <= block_start and not head]
    if not prev or not article.text[prev[-1][0] : prev[-1][1]].rstrip().endswith(":"):
        return None
    bs, be = prev[-1]
    return speech_verb(tokens_in(doc, bs, be), be)


def _from_previous_paragraph(
    hit: QuoteHit, article: Article, doc: Doc, marks: list[tuple[int, int]], resolver: Resolver
) -> None:
    """A paragraph-opening quote with no attribution: the speaker of the paragraph before."""
    text = article.text
    lo, _ = _block_of(article, hit.start)
    if text[lo : hit.start].strip(OPEN + STRAIGHT + " ") or lo == 0:
        return
    prev = [(bs, be) for bs, be, head in _blocks(article)[0] if be < lo and not head]
    if not prev:
        return
    bs, be = prev[-1]
    for v in speech_verbs(tokens_in(doc, bs, be), be):
        subj = subject_of(v)
        if subj is not None and good_speaker(subj, marks):
            attach(hit, subj, text, resolver)
            if _about(hit.text, hit, new_paragraph=True):
                _forget_speaker(hit)
                return
            hit.how = "paragraph"
            return


def _forget_speaker(hit: QuoteHit) -> None:
    hit.speaker_start = hit.speaker_end = hit.name_start = hit.name_end = None
    hit.speaker_text = hit.speaker = hit.name_text = None


def _inherit(hits: list[QuoteHit], article: Article) -> None:
    """A quote with no attribution that follows a quote goes to the same speaker,
    unless its words are about that speaker rather than in their voice."""
    for prev, cur in zip(hits, hits[1:], strict=False):
        if cur.verb or prev.speaker_start is None:
            continue
        gap = article.text[prev.end : cur.start]
        if _about(cur.text, prev, new_paragraph="\n" in gap):
            continue
        if gap.count("\n") <= 2 and len(gap) < 400:
            _speaker_as(cur, prev)
            cur.how = "inherited"


FIRST_PERSON = frozenset(["i", "me", "my", "mine", "myself", "we", "us", "our", "ours"])
THIRD_PERSON = frozenset(["he", "him", "his", "himself", "she", "her", "hers", "herself"])


def _about(quote: str, source: QuoteHit, new_paragraph: bool) -> bool:
    """Whether a quote reads as said about the speaker of `source`, not by them: it
    names them ("Bob Etheridge has lost it"), or, a paragraph on, it speaks of
    a "he" or "she" and never as "I" or "we" ("His conduct is unbecoming ...")."""
    names = {source.speaker or "", source.name_text or "", source.speaker_text or ""}
    words = {w.strip(".,;:!?\"'“”‘’()").lower() for w in quote.replace("’", "'").split()}
    words |= {w.split("'")[0] for w in words if "'" in w}  # "he's" -> "he"
    for name in names:
        _, surname, _ = name_parts(name)
        if surname and surname not in PRONOUNS and name[:1].isupper() and surname in words:
            return True
    return new_paragraph and bool(words & THIRD_PERSON) and not words & FIRST_PERSON


def _one_quotation(hits: list[QuoteHit], text: str) -> None:
    """Keep in one chain (one quotation) only the pieces that one speech verb introduces
    and that its attribution alone splits: "A," she said, "B." or "A," she said. "B."
    (`ATTRIBUTION_GAP`), the first piece not ending its sentence. Other quoted words of one
    verb are quotations of their own, each shown: 'what she called an "illiberal
    environment" that she said was "especially heartbreaking"' had been one quote showing
    only its second words, and '"very personal." Conway claimed, "Everything I said ..."'
    gave Conway the words before her attribution. A piece that the next one continues
    so, both whole clauses (three words or more), `runs_on` ("'I think he's corrected
    the record,' Menendez said, 'I'm sure ...'": the reports show the two as one)."""
    by_verb: dict[int, list[QuoteHit]] = defaultdict(list)
    for h in hits:  # (in text order)
        by_verb[h.chain].append(h)
    fresh = max((h.chain for h in hits), default=0) + 1
    for pieces in by_verb.values():
        # the verb's words are its speaker's, each of them ("described the meeting as
        # both “treasonous” and “unpatriotic”")
        said = next((h for h in pieces if h.speaker_start is not None), None)
        for prev, h in zip(pieces, pieces[1:], strict=False):
            if prev.closes_sentence or ATTRIBUTION_GAP.fullmatch(text, prev.end, h.start) is None:
                h.chain, fresh = fresh, fresh + 1  # quoted words of their own
            else:
                h.chain = prev.chain
                prev.runs_on = len(prev.text.split()) >= 3 and len(h.text.split()) >= 3
        for h in pieces:
            if said is not None and h.speaker_start is None:
                _speaker_as(h, said)


def _speaker_as(hit: QuoteHit, other: QuoteHit) -> None:
    """Give `hit` the speaker `other` has."""
    hit.speaker_start, hit.speaker_end = other.speaker_start, other.speaker_end
    hit.speaker_text, hit.speaker = other.speaker_text, other.speaker
    hit.name_start, hit.name_end = other.name_start, other.name_end
    hit.name_text, hit.how = other.name_text, other.how


def extract_quotes(ctx: StoryContext, cfg: Config) -> list[Quote]:
    """All quotes of one story, the same quote in several articles folded into one."""
    from storyline.crosscheck.quote_match import group_quotes

    conf = QuoteConfig()
    hits: list[QuoteHit] = []
    for a in ctx.articles:
        doc = ctx.docs.get(a.id)
        if doc is not None:
            hits.extend(article_quotes(a, doc, ctx.entities, conf))
    ctx.quote_hits = hits  # the quote check reads them instead of finding them again
    return group_quotes(
        hits,
        [a.id for a in ctx.articles],
        conf.match_threshold,
        (conf.same_speaker_threshold, conf.same_speaker_min_words),
    )


def within_quotation(text: str, start: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """Does the sentence `text` at `start` lie inside one of the quotations `ranges`, its
    quotation marks aside ("''We will get used to it fast,'' Mr. Sanders said. ''I'm not
    going to get beaten up. We will fight back.''": the second sentence)?"""
    lead = len(text) - len(text.lstrip(QUOTE_MARKS))
    s, e = start + lead, start + len(text.rstrip().rstrip(QUOTE_MARKS))
    return any(qs <= s and e <= qe for qs, qe in ranges)


# Marks that open or close a quotation, with the spaces around them.
QUOTE_MARKS = " \t\n\"'\u201c\u201d\u2018\u2019"


def quoted_ranges(ctx: StoryContext) -> dict[str, list[tuple[int, int]]]:
    """Per article, the character ranges of its full quotations (fragments not included)."""
    out: dict[str, list[tuple[int, int]]] = {}
    for q in ctx.quotes:
        if q.fragment:
            continue
        for occ in q.occurrences:
            out.setdefault(occ.span.article, []).append((occ.span.start, occ.span.end))
    return out
