"""Stage `summary`: a short extractive account of one story, every sentence cited.

Why extractive: no trustworthy abstractive model runs offline here, and a
reader must be able to check every line, so each summary sentence is a source
sentence, verbatim (`article.text[start:end]`), cited in every article that
carries exactly the same words.

How sentences are chosen (a greedy budgeted coverage, after Gillick & Favre's
concept-coverage summarizer, with the news lead as a prior):

1. Candidates are the body sentences of every article (`nlp.sentence_spans`),
   identical wordings merged into one candidate with one citation per article;
   fragments (no sentence end; a quotation opened and not closed) read badly
   on their own and are left out, and so are questions (a question states no
   fact; measured on neus-dev, +0.15 ROUGE-1/2/L); a news dateline
   ("BAGHDAD — ", "FERGUSON, Mo. -- ") is trimmed from the front of the cited span,
   and so are a date line and a title run into the lead ("3 Oct 2016 At least 20
   people were killed ...", `readers.head_pieces`).
2. A sentence's *concepts* are its word bigrams (lemmas). A concept is
   worth something when two or more independent sources (`ctx.support`)
   state it: that is what "corroborated" means at the level of words, and
   it works before (or without) the statement groups. Words inside full
   quotations (`ctx.quotes`) are not counted: outlets copy quotes verbatim,
   and repeated quotes would otherwise push the news out of the summary.
3. Greedily take the sentence whose not-yet-covered concepts are densest,
   plus a small prior for sentences early in their article (news puts the
   main facts first), times a bonus for the support of the statement group
   it belongs to (`ctx.statements`, when the cross-checking stage ran), and
   a discount for a sentence that opens with a quotation (quotes only where
   they carry the news; `SummaryOptions.quote_factor`).
   Covered concepts are worth nothing the second time, and a sentence that
   states the fact of a chosen one (`same_fact`) is skipped, so the summary
   does not repeat itself: two sentences with most words in common are one
   fact (`SummaryOptions.fact_once`), and a fuller wording of a chosen fact
   replaces it where it fits (`fuller`).
   The story's title stands above the summary (`StoryContext.title`): a
   sentence that says little more than the title is no candidate (a headline
   line of the text, another outlet's headline restating it;
   `SummaryOptions.title_share`), so the reader meets the news once as the
   headline and then what the sentences add, as a news report's headline
   and lead.
4. Stop at `cfg.summary_sentences`, or, with `cfg.summary_words`, when no
   further sentence fits in the word budget (the budget is never exceeded,
   except by a first sentence longer than the whole budget).
5. Present in reading order: earlier-in-article first, then article order;
   news reports put what happened first. But a summary does not open with a
   quotation (a feature's lede): the first sentence in the outlets' own words
   leads (`news_first`). Ordering by greedy rank or by support instead costs
   ROUGE-L on neus-dev (`same_fact`).
6. After the conflicts stage, `with_support` adds to each sentence the
   sources that state it in their own words (its statement), less those on
   the other side of a conflict it takes a side in: the JSON then cites
   every source the reports show, and one place computes it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.analyse.doc_index import (
    content_stems,
    lemma_words,
    says_nothing_at,
    sentence_pieces,
    token_starts,
)
from storyline.analyse.quantities import first_char
from storyline.analyse.quotes import quoted_ranges, within_quotation
from storyline.config import Config
from storyline.context import StoryContext
from storyline.digest.verbatim import verbatim_index
from storyline.memo import LastBuilt
from storyline.model import Article, BriefSentence, Conflict, Span, Statement

if TYPE_CHECKING:
    from spacy.tokens import Doc

Bigram = tuple[str, str]
# a question's closing mark, quotation marks and brackets after it allowed
QUESTION = re.compile("\\?[\"\u201d\u2019')]*$")
# a sentence that opens with a quotation (“We will ...,” she said.)
QUOTE_OPENING = re.compile("[\"\u201c\u2018']")
# words of four letters or more: what `fact_once` compares
WORD = re.compile(r"[a-z]{4,}")
SENTENCE_END = re.compile("[.!?][\"\u201d\u2019')]*$")
# words that open a sentence leaning on the one before it ("He added ...", "This ...")
BACK_POINTERS = frozenset(
    ["he", "she", "it", "they", "this", "these", "those", "that", "his", "her", "its", "their"]
    + ["but", "and", "also", "however", "moreover", "meanwhile", "still", "yet", "instead"]
    + ["furthermore", "besides", "such", "then", "there's", "additionally", "likewise"]
    + ["similarly", "consequently", "therefore", "thus", "hence", "nevertheless", "nonetheless"]
)
# "In addition, ...", "Since then, ...", "As a result, ...": a connective that goes on from
# the sentence before
BACK_CONNECTIVE = re.compile(
    r"(?:In addition(?: to (?:this|that|these|those))?|Since then|By then|After that|"
    r"As a result|Even so|In turn|On the other hand|In response|In return|At the same time|"
    r"For (?:his|her|their|its) part),",
    re.IGNORECASE,
)
# "In the talks, ...", "At that meeting, ...": an opening phrase naming an occasion told before
BACK_PHRASE = re.compile(
    r"(?:In|At|During|After|Before|From|Following|Since|Under|Amid|Despite|With) "
    r"(?:the|this|that|these|those|such) [^,]{1,40},"
)
# "From 1997 to 2009, he practiced law", "On Wednesday, though, she said", "Noting that ...,
# he said": after an opening phrase or two (led by a preposition, a conjunction or a
# participle), a pronoun is the subject, and it stands for someone named before
PRONOUN_SUBJECT = re.compile(
    r"(?:(?:In|On|At|From|After|Before|During|Since|Until|While|When|Although|Though|As|"
    r"With|Without|For|Despite|Amid|Under|Over|Once|If|Unlike|Like|By|Because|Asked|"
    r"[A-Z][a-z]+ing)\b[^,\"\u201c\u201d]{0,80}, )(?:[^,\"\u201c\u201d]{1,20}, )?"
    r"(?:he|she|they|it|his|her|their|its)\b"
)
# "Hutchinson, though, did call for ...", "The senator, too, said ...": a connective set
# off after the subject (or a phrase or two) contrasts with or adds to the sentence before
BACK_ASIDE = re.compile(
    r"(?:[^,\"\u201c\u201d]{1,40}, ){1,2}(?:though|however|too|meanwhile|still|instead|"
    r"nevertheless|nonetheless|in turn|in contrast|by contrast|in response|as well|"
    r"for (?:his|her|their|its) part),",
    re.IGNORECASE,
)
# "'What is this? A circus?' he said": a quotation whose speaker is a pronoun
PRONOUN_SPEAKER = re.compile(r"[,.?!\u2026][\"\u201d\u2019] (?:he|she|they) [a-z]+")
# "Turned out it wasn't.", "He said he would.": a short sentence whose verb phrase is left
# out, to be read from the sentence before (an auxiliary ends it; not "what to do", "who
# they are": a long sentence ending so mostly says what it means)
ELLIPSIS = re.compile(
    r"\b(?:(?:is|are|was|were|does|did|has|have|had|could|would|should|must|"
    r"might|will|can|shall)(?:n['\u2019]t| not)?|won['\u2019]t|can['\u2019]t|"
    r"do(?:n['\u2019]t| not))[.!]?$",
    re.IGNORECASE,
)
ELLIPSIS_WORDS = 6
WH_WORD = re.compile(r"\b(?:who|what|how|where|why|when|whether|than|as)\b", re.IGNORECASE)
NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
NUMBER = re.compile(
    first_char(r"\d", *NUMBER_WORDS)  # the same matches, found sooner
    + r"(?:\d+(?:[.,]\d+)*|\b(?:"
    + "|".join(NUMBER_WORDS)
    + r")\b)",
    re.I,
)


@dataclass(frozen=True)
class SummaryOptions:
    """Knobs of the summarizer (defaults measured on neus-dev, see benchmarks/summary_neus.py).

    min_words / max_words: sentences outside this length are not candidates
    (fragments, run-on lists). lead_weight: prior for the k-th sentence of an
    article, `lead_weight / (1 + k)`. statement_weight: bonus per extra source
    of the statement group a sentence belongs to, relative to all sources.
    max_overlap: a sentence repeats a chosen one when this share of the smaller
    one's bigrams is in both (two wordings of the same fact).
    length_power: concept gain is divided by (number of bigrams) ** length_power:
    1 ranks by density, 0 by total gain; between favours informative sentences
    without letting long ones crowd out the budget.
    dangling_factor: multiplies the worth of a sentence that opens with a word
    pointing back ("He", "This", "But"); such a sentence is taken only after the
    sentence before it in its article, so that what it points to is there.
    same_numbers_stems: two sentences giving a number in common are one fact when
    they share this many content stems (lemma prefixes of nouns, names, verbs).
    quote_factor: multiplies the worth of a sentence that opens with a quotation
    ("'We've got a real challenge,' Mr. Boehner said."): quotes only where they
    carry the news, that is where they stand well above the outlets' own
    sentences. On neus-dev 1 (none) 45.23/19.25/30.32, 0.7 45.31/19.29/30.30
    (even and odd half both up on ROUGE-1), 0.5 45.10/19.19/30.18; on BASIL,
    0.7 replaces 7 of the 8 quote-opening summary sentences, mostly by the news
    they stood in for (a 2008 remark in a story about its being disputed gives
    way to the dispute, a line of a campaign ad to what the ad is).
    fact_once: two sentences are also one fact when this share of the smaller
    one's words (four letters or more) is in both, and the fuller wording of a
    chosen fact replaces it where the budget allows (`fuller`). None: only the
    tests of `same_fact` without it, and `long_words` (see `same_fact` for what
    each costs).
    long_words, long_share: without `fact_once`, two sentences of `long_words`
    words or more each are one fact when `long_share` of the smaller one's words
    (four letters or more) is in both: two outlets' full ledes of one event.
    title_share: a sentence of which this share of the words (four letters or
    more) is in the story's title says nothing the title does not: it is no
    candidate. A title cut short ("...") removes none. Measured on neus-dev
    (benchmarks/summary_neus.py: the title and the summary, as a reader sees
    them, against references that are a headline and a lead; fact_once 0.6, before
    two sentences of one statement were one fact): 0.6 45.30/18.65/29.60, 0.65
    45.73/19.10/30.06, 0.7 45.77/19.13/30.13, 0.8 45.71/19.00/30.06, 0.9
    45.56/18.82/29.89, the title's own line only 45.60/18.81/29.89; at 0.7 the
    even and odd halves 45.76 and 45.78 ROUGE-1.
    """

    min_words: int = 4
    max_words: int = 70
    lead_weight: float = 0.3
    statement_weight: float = 0.25  # 0.5 before statements split on values (issue 10)
    max_overlap: float = 0.6
    length_power: float = 0.5
    dangling_factor: float = 0.5
    same_numbers_stems: int = 4
    fact_once: float | None = 0.6
    quote_factor: float = 0.7
    long_words: int = 15
    long_share: float = 0.6
    title_share: float | None = 0.7


@dataclass
class Candidate:
    """One distinct sentence wording and every article that carries it verbatim."""

    text: str
    spans: list[Span]
    rank: int  # position of the sentence in its first article
    dangling: bool  # opens with a pronoun that points back to an earlier sentence
    order: int  # position of that article in the story
    words: int
    bigrams: set[Bigram] = field(default_factory=set)
    support: int = 1
    prev: str | None = None  # the sentence before it in its article
    numbers: frozenset[str] = frozenset()
    stems: frozenset[str] = frozenset()
    words_set: frozenset[str] = frozenset()  # its words of four letters or more, lower case
    statements: frozenset[int] = frozenset()  # the statements of several sentences it is in


def summarize(ctx: StoryContext, cfg: Config) -> list[BriefSentence]:
    """The story's summary: `cfg.summary_sentences` sentences or `cfg.summary_words` words."""
    return select(ctx, cfg.summary_sentences, cfg.summary_words, SummaryOptions())


def select(
    ctx: StoryContext,
    max_sentences: int | None,
    max_words: int | None,
    opts: SummaryOptions,
) -> list[BriefSentence]:
    """Greedy concept coverage under a sentence count or a word budget."""
    cands = candidates(ctx, opts)
    if not cands:
        return []
    n_sources = ctx.support(list(ctx.source_of) or [a.id for a in ctx.articles])
    weight = concept_weights(ctx, n_sources)
    statement_support(ctx, cands)
    chosen: list[Candidate] = []
    limit = max_sentences if max_words is None else None
    some_fit = max_words is None or any(c.words <= max_words for c in cands)

    def worth(c: Candidate, covered: set[Bigram]) -> float:
        """What the sentence adds to a summary that covers `covered`."""
        new = c.bigrams - covered
        gain = sum(weight.get(b, 0.0) for b in new) / max(1, len(c.bigrams)) ** opts.length_power
        gain += opts.lead_weight / (1 + c.rank)
        if c.dangling:
            gain *= opts.dangling_factor
        if QUOTE_OPENING.match(c.text):
            gain *= opts.quote_factor
        if n_sources > 1:
            gain *= 1 + opts.statement_weight * (c.support - 1) / (n_sources - 1)
        return gain

    def fill() -> None:
        """Add the best sentence while one fits: greedy coverage."""
        texts = {c.text for c in chosen}
        covered: set[Bigram] = set().union(*(c.bigrams for c in chosen))
        words = sum(c.words for c in chosen)
        while limit is None or len(chosen) < limit:
            best: tuple[float, Candidate] | None = None
            for c in cands:
                if any(c is x for x in chosen):
                    continue
                if max_words is not None and words + c.words > max_words and (chosen or some_fit):
                    continue
                if any(same_fact(c, x, opts) for x in chosen):
                    continue
                if c.dangling and c.prev not in texts:
                    continue  # its antecedent is not in the summary: it would not read alone
                gain = worth(c, covered)
                if best is None or gain > best[0]:
                    best = (gain, c)
            if best is None:
                break
            chosen.append(best[1])
            texts.add(best[1].text)
            covered |= best[1].bigrams
            words += best[1].words

    settled: list[Candidate] = []  # swapped in or out: not swapped again
    fill()
    # each swap settles two more sentences, so this ends
    while opts.fact_once is not None and fuller(chosen, cands, weight, max_words, opts, settled):
        fill()
    chosen.sort(key=lambda c: (c.rank, c.order))
    return [BriefSentence(c.text, tuple(c.spans)) for c in news_first(chosen)]


def news_first(chosen: list[Candidate]) -> list[Candidate]:
    """The summary in reading order, except that it does not open with a quotation.

    News reports put what happened first, so reading order (earlier in its
    article first) is news first, but for a feature's lede, which may open on a
    quote ("'We have learned something important since the days that I served
    in Vietnam,' Mr. Blumenthal said ... in March 2008."): there the first
    sentence in the outlets' own words, which does not lean on one before it,
    comes first.
    """
    if not chosen or not QUOTE_OPENING.match(chosen[0].text):
        return chosen
    for i, c in enumerate(chosen):
        if not QUOTE_OPENING.match(c.text) and not c.dangling:
            return [c, *chosen[:i], *chosen[i + 1 :]]
    return chosen


def fuller(
    chosen: list[Candidate],
    cands: list[Candidate],
    weight: dict[Bigram, float],
    max_words: int | None,
    opts: SummaryOptions,
    settled: list[Candidate],
) -> bool:
    """Replace one chosen sentence by a longer wording of its fact; False if none fits.

    The greedy choice favours dense sentences, often the shorter of two wordings
    of one fact (a headline before the lead that restates it and adds who, when
    and why); once the short one is in, the longer is refused as a repeat. An
    editor keeps the one that tells more. A longer candidate that holds
    `opts.fact_once` of the chosen one's words and every number it gives (so it
    says what that one says), fits the budget in its place, repeats no other
    chosen sentence and finds what it leans on in the summary can replace it; of
    those, the one adding the most corroborated concepts. Requiring the numbers
    (measured on neus-dev, fact-once stage): 44.43/17.97/28.95 -> 44.69/18.34/29.31
    ROUGE-1/2/L; without it "died at the age of 84" gave way to "has died". A
    sentence swapped in or out (`settled`, grown here) is not swapped again:
    without that, chains of swaps drift away from the lead.
    """
    words = sum(c.words for c in chosen)
    texts = {c.text for c in chosen}
    share = opts.fact_once or 0.0
    for i, x in enumerate(chosen):
        others = [y for y in chosen if y is not x]
        if any(x is y for y in settled) or any(y.dangling and y.prev == x.text for y in others):
            continue  # put in by a swap, or another sentence leans on this one
        covered: set[Bigram] = set().union(*(y.bigrams for y in others))
        best: tuple[float, Candidate] | None = None
        for c in cands:
            if c.words <= x.words or any(c is y for y in chosen + settled):
                continue
            if len(x.words_set & c.words_set) < share * len(x.words_set):
                continue  # it does not say what the chosen one says
            if QUOTE_OPENING.match(c.text) and not QUOTE_OPENING.match(x.text):
                continue  # someone's words are no fuller wording of the outlets' own
            if not x.numbers <= c.numbers:
                continue  # "Most Americans" for "More than 60 percent of Americans": less
            if max_words is not None and words - x.words + c.words > max_words:
                continue
            if any(same_fact(c, y, opts) for y in others):
                continue
            if c.dangling and c.prev not in texts - {x.text}:
                continue
            value = sum(weight.get(b, 0.0) for b in c.bigrams - covered)
            if best is None or value > best[0]:
                best = (value, c)
        if best is not None:
            settled += [x, best[1]]
            chosen[i] = best[1]
            return True
    return False


def with_support(
    sentences: list[BriefSentence], statements: list[Statement], conflicts: list[Conflict]
) -> list[BriefSentence]:
    """Each sentence citing every source that supports it: verbatim ones first.

    A summary sentence cites the articles that carry it word for word; the
    best-supported statement it belongs to adds the sources that state it in
    their own words. A source on another side of a conflict that the sentence
    takes a side in does not support it, even where alignment grouped the two,
    nor by another of its sentences (`Conflict.dissent`): a reader who opens it
    would find it saying otherwise.
    """
    out = []
    for s in sentences:
        verbatim = list(s.citations)
        best: Statement | None = None
        for st in statements:
            if any(c.overlaps(v) for c in st.citations for v in verbatim) and (
                best is None or st.support > best.support
            ):
                best = st
        against = set().union(*(k.dissent(verbatim) for k in conflicts))
        mine = {c.article for c in verbatim}
        extra: list[Span] = []
        for c in best.citations if best else ():
            if c.article not in mine | against and c not in extra:
                extra.append(c)
        cites = tuple(verbatim + extra)
        out.append(BriefSentence(s.text, cites, len(verbatim) if extra else None))
    return out


def candidates(ctx: StoryContext, opts: SummaryOptions) -> list[Candidate]:
    """Distinct sentence wordings of the story, each cited wherever it occurs verbatim,
    but for those that say no more than the title (`says_only`)."""
    by_text: dict[str, Candidate] = {}
    verbatim = verbatim_index(ctx.articles)
    title = _title_words(ctx.title, opts)
    quoted = quoted_ranges(ctx)
    for order, art in enumerate(ctx.articles):
        doc = ctx.docs.get(art.id)
        if doc is None:
            continue
        prev: str | None = None
        for rank, (s, e) in sentence_pieces(art, doc):
            text = art.text[s:e]
            before, prev = prev, text
            n_words = len(text.split())
            if not opts.min_words <= n_words <= opts.max_words or not complete(text):
                continue
            if QUESTION.search(text):
                continue  # a question states no fact
            if text in by_text:
                continue
            if says_nothing_at(doc, s, e):
                continue  # "1. Donald Trump (Last week: 2.)", a credit, a date line
            if within_quotation(text, s, quoted.get(art.id, ())):
                continue  # a sentence in the middle of someone's quotation: whose, it
                # does not say, and alone it reads as the outlet's own
            words = frozenset(WORD.findall(text.lower()))
            if title is not None and says_only(words, title, opts):
                continue  # the title, above the summary, says it
            by_text[text] = Candidate(
                text=text,
                spans=verbatim.spans(text),
                rank=rank,
                dangling=points_back(text),
                order=order,
                words=n_words,
                bigrams=_sentence_bigrams(ctx, art.id, doc, s, e),
                prev=before,
                numbers=numbers(text),
                stems=content_stems(doc, s, e),
                words_set=words,
            )
    return list(by_text.values())


def _title_words(title: str | None, opts: SummaryOptions) -> frozenset[str] | None:
    """The title's words (four letters or more) that a sentence is held against; None
    where no sentence is: no title, the test off, or a title cut short ("...")."""
    if not title or opts.title_share is None or title.rstrip().endswith("\u2026"):
        return None
    return frozenset(WORD.findall(title.lower()))


def says_only(words: frozenset[str], title: frozenset[str], opts: SummaryOptions) -> bool:
    """Whether a sentence of these words says no more than the title: the title's own
    line, another outlet's headline restating it ("Trump Blocks Release of Memo" under
    "Trump blocks release of Russia memo drafted by Democrats"). A lead that restates
    the title and tells who, when and why has most of its words elsewhere."""
    assert opts.title_share is not None
    return bool(words) and len(words & title) >= opts.title_share * len(words)


def points_back(text: str) -> bool:
    """Does the sentence lean on the one before it ("He added ...", "In the talks, ...",
    "From 1997 to 2009, he ...", "Turned out it wasn't.")?"""
    first = (text.split(None, 1) or [""])[0].lower().strip("\u201c\"'").rstrip(",;:")
    return (
        first in BACK_POINTERS
        or BACK_PHRASE.match(text) is not None
        or BACK_CONNECTIVE.match(text) is not None
        or BACK_ASIDE.match(text) is not None
        or PRONOUN_SUBJECT.match(text) is not None
        or PRONOUN_SPEAKER.search(text) is not None
        or _elliptical(text.strip())
    )


def _elliptical(text: str) -> bool:
    return (
        len(text.split()) <= ELLIPSIS_WORDS
        and ELLIPSIS.search(text) is not None
        and WH_WORD.search(text) is None
    )


def numbers(text: str) -> frozenset[str]:
    """The numbers a sentence gives, words made digits ("one-in-three" -> {1, 3})."""
    return frozenset(NUMBER_WORDS.get(m.lower(), m.replace(",", "")) for m in NUMBER.findall(text))


def same_fact(a: Candidate, b: Candidate, opts: SummaryOptions) -> bool:
    """Two sentences that state one fact: most bigrams in common, or the same numbers
    about the same things ("a one-in-three chance of losing the House" / "a '1 in 3'
    chance that the Republicans will lose their majority in the House").

    With `opts.fact_once` (a share, 0.6 say), also two sentences that have that
    share of the smaller one's words in common (two outlets' headlines, or
    wordings of one lead), and two sentences of one statement (the
    cross-check found that they state one thing: "U.S. gains a robust 266,000
    jobs" / "Employers add 266,000 jobs").

    Until 2026-12-03 the summary was scored alone against neus-dev's references,
    which are a headline and a sentence restating it, and its articles open with
    their headline: the default then kept a headline and the lead restating it
    (and often a second outlet's headline), and each test below cost ROUGE. Since
    the story's title stands above the summary, which does not say it again
    (`says_only`), the title and a summary telling each fact once score
    45.65/19.08/30.41 where a headline-and-lead summary scored 45.28/19.21/30.20
    (benchmarks/summary_neus.py; without the statement test 45.81/19.15/30.16,
    with 21 of 100 summaries giving one statement twice). Earlier, measured
    on the summary alone (benchmarks/summary_neus.py and the same selection rerun on the
    pipeline's contexts; ROUGE-1, all clusters, 2026-12-02): one statement group,
    -1.6 (-1.1 before); 60% of content stems in common, -2.0 (70%: -0.8); 60% of
    words (four letters or more), -1.4, of which -1.3 from summaries left shorter
    than the budget; the same only within one statement group, -1.0, or only
    between articles, -1.2. With the fuller wording replacing the shorter
    (`fuller`) the budget is spent again, and fact_once 0.6 costs 0.88 ROUGE-1,
    1.32 ROUGE-2 and 1.35 ROUGE-L (45.31/19.29/30.30 -> 44.43/17.97/28.95; even
    half -1.11/-1.85/-1.88, odd -0.65/-0.80/-0.83); with a swap keeping the
    numbers, 0.62/0.95/0.99 (44.69/18.34/29.31; even half -0.58/-1.11/-1.15, odd
    -0.65/-0.80/-0.83). Adding one statement group between articles as one fact
    to that cost 0.86 ROUGE-1 more (43.57). Swapping without `settled` costs
    less (0.55 ROUGE-1) but chains of swaps replaced the news lead of
    BASIL stories with side remarks. Presenting the chosen sentences by greedy
    rank instead of reading order costs 1.5 ROUGE-L, by support 0.7: reading
    order, which in news reports puts what happened first, stays.
    """
    if repeats(a, b, opts.max_overlap):
        return True
    share = opts.fact_once
    if share is None and min(a.words, b.words) >= opts.long_words:
        share = opts.long_share  # two full sentences: one fact when most words are shared
    if share is not None and a.words_set and b.words_set:
        shared = len(a.words_set & b.words_set)
        if shared >= share * min(len(a.words_set), len(b.words_set)):
            return True
    if opts.fact_once is not None and a.statements & b.statements:
        return True
    return bool(a.numbers & b.numbers) and len(a.stems & b.stems) >= opts.same_numbers_stems


def repeats(a: Candidate, b: Candidate, max_overlap: float) -> bool:
    """Whether two sentences share so many bigrams that they say the same thing."""
    small = min(len(a.bigrams), len(b.bigrams))
    return small > 0 and len(a.bigrams & b.bigrams) >= max_overlap * small


def complete(text: str) -> bool:
    """A whole sentence: opens as sentences open (not in lower case), ends as sentences
    end, and closes every quotation it opens.

    Text cut off mid-sentence (a truncated lead, a heading-like line), the tail of a
    sentence the splitter cut after an abbreviation ("... Sen. Mike Enzi (R-Wyo.)" /
    "in next year's Republican primary.") and quotations torn apart by the sentence
    splitter read badly on their own.
    """
    return not text[:1].islower() and bool(SENTENCE_END.search(text)) and balanced_quotes(text)


def balanced_quotes(text: str) -> bool:
    """Whether every quotation the sentence opens is closed in it."""
    return text.count("\u201c") == text.count("\u201d") and text.count('"') % 2 == 0


def content_bigrams(
    doc: Doc, start: int, end: int, skip: list[tuple[int, int]] | None = None
) -> set[Bigram]:
    """Lemma bigrams of the words in `start:end` (punctuation skipped), as ROUGE-2 sees text.

    Pairs of two stop words ("of the") are kept: measured on neus-dev, dropping
    them made the selection slightly worse, and their weight stays low anyway
    unless several sources share them in context. `skip`: character ranges
    whose words are left out (no bigram has a word in them).
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return set()
    words = lemma_words(doc)[span.start : span.end]
    if skip:
        starts = token_starts(doc)[span.start : span.end]
        keys = [
            w
            for w, i in zip(words, starts, strict=True)
            if w is not None and not any(s <= i < e for s, e in skip)
        ]
    else:
        keys = [w for w in words if w is not None]
    return set(zip(keys, keys[1:], strict=False))


# A story's sentence bigrams, by (article id, start, end): `candidates` and
# `concept_weights` both read them (kept while the story's list of articles is the same).
_bigram_memo: LastBuilt[Article, dict[tuple[str, int, int], tuple[Doc, set[Bigram]]]] = LastBuilt(
    lambda articles: {}
)


def _sentence_bigrams(
    ctx: StoryContext,
    article_id: str,
    doc: Doc,
    start: int,
    end: int,
    skip: list[tuple[int, int]] | None = None,
) -> set[Bigram]:
    """`content_bigrams(doc, start, end, skip)`, worked out once per sentence of the story
    where no `skip` range touches the sentence (the bigrams are then those without skip).
    The set is shared: not to be changed."""
    if skip:
        # the sentence's tokens start at or after the start of the token holding `start`
        starts = token_starts(doc)
        k = bisect_right(starts, start) - 1
        first = min(start, starts[k]) if k >= 0 else start
        if any(s < end and first < e for s, e in skip):
            return content_bigrams(doc, start, end, skip)
    memo = _bigram_memo(ctx.articles)
    key = (article_id, start, end)
    found = memo.get(key)
    if found is None or found[0] is not doc:
        found = memo[key] = (doc, content_bigrams(doc, start, end))
    return found[1]


def concept_weights(ctx: StoryContext, n_sources: int) -> dict[Bigram, float]:
    """Worth of each bigram: the share of the other sources that state it too.

    Counted over every sentence of every article (not only the candidates),
    outside quotations: outlets copy a quotation word for word, so the same
    quoted words in three articles show that three outlets quote one person,
    not that three sources report one fact. Without this, a story's repeated
    quotes crowd its news out of the summary. (Short quoted phrases, the
    `fragment` quotes such as a scare-quoted "foreign asset", are part of the
    outlet's own reporting and count.) A quotation can still be chosen, on its
    statement group's support and the lead prior.
    With a single source nothing is corroborated and no bigram is worth
    anything: the lead prior alone picks the opening sentences (Lead-N, the
    classic strong baseline for one news article).
    """
    if n_sources <= 1:
        return {}
    quoted = quoted_ranges(ctx)
    sources: dict[Bigram, set[str]] = defaultdict(set)
    for art in ctx.articles:
        doc = ctx.docs.get(art.id)
        if doc is None:
            continue
        key = ctx.source_of.get(art.id, art.id)
        inside = quoted.get(art.id, [])
        for _, (s, e) in sentence_pieces(art, doc):
            for b in _sentence_bigrams(ctx, art.id, doc, s, e, inside):
                sources[b].add(key)
    return {b: (len(k) - 1) / (n_sources - 1) for b, k in sources.items() if len(k) > 1}


def statement_support(ctx: StoryContext, cands: list[Candidate]) -> None:
    """Set each candidate's support (its own sources, or its statement group's if larger)
    and the statements of several sentences it belongs to."""
    by_article: dict[str, list[tuple[int, int, int, int]]] = defaultdict(list)
    for k, st in enumerate(ctx.statements):
        for sp in st.citations:
            by_article[sp.article].append((sp.start, sp.end, st.support, k))
    several = {k for k, st in enumerate(ctx.statements) if len(st.citations) > 1}
    for c in cands:
        c.support = ctx.support([s.article for s in c.spans])
        mine = set()
        for sp in c.spans:
            for s, e, support, k in by_article.get(sp.article, ()):
                if s < sp.end and sp.start < e:
                    c.support = max(c.support, support)
                    mine.add(k)
        c.statements = frozenset(mine & several)
