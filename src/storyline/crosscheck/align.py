"""Alignment: which sentences of different articles of one story state the same thing.

No NLI model installs offline (DESIGN.md), so "the same thing" is measured
lexically: each sentence becomes a bag of content lemmas (numbers and entity
names included), weighted by TF-IDF over the sentences of the story. Two
sentences are similar when their TF-IDF cosine is high or when most of the
weighted content of the shorter one recurs in the longer one (a paraphrase
often adds a clause; the overlap coefficient forgives that, cosine does not).

A long sentence that states several things shares only one of them with
another outlet's sentence, so its similarity is low: under the threshold, a
pair still aligns where the two share the same action (a content verb) and
four content words, and neither is mostly a quotation (`AlignConfig.loose_threshold`).

Two content words in common are little to go on: "Workers who are 58 and older
would not be affected" shares "affect" and "old" with a sentence on another
matter. A pair that shares fewer than three content words starts no group
unless the two also share a phrase, two words side by side ("rise to the
occasion", "held accountable"); it still counts where its sentences meet in
a group that other pairs formed (`AlignConfig.phrase_below`).

Grouping is agglomerative over cross-article pairs, strongest first, with two
guards against chaining: a group holds at most one sentence per article, and
two groups merge only when their average similarity stays above a floor and
no cross pair falls below a lower one.

Optional sentence embeddings (the `embeddings` extra), where `cfg.embeddings` is
set: the statements stage lets them admit pairs under the threshold
(`AlignConfig.embed_gate`), and `similarity(embeddings=True)` blends them into the
score (the conflicts stage's own grouping where no statements were made); the
default needs no torch.

    >>> units = sentence_units(ctx)                         # doctest: +SKIP
    >>> groups = align_units(units, AlignConfig())          # doctest: +SKIP
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from storyline.analyse.doc_index import says_nothing, sentence_pieces, span_ents
from storyline.analyse.entities import TITLE_WORDS
from storyline.analyse.quantities import DURATION_UNITS
from storyline.analyse.speakers import is_speech
from storyline.crosscheck.descriptions import STATE_OF, after_bracket, party_tag
from storyline.crosscheck.figures import WAR
from storyline.unionfind import UnionFind

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan

    from storyline.context import StoryContext

log = logging.getLogger(__name__)

# Similarity at which two sentences are copies of one (`_joins_copies`).
COPIES = 0.9
# Rows of the similarity matrix computed at once (bounds the temporaries' memory).
BLOCK = 512

# Content words are cut to their first STEM letters after lemmatising, so that
# derivations meet ("extension" / "extend" do not, "injured" / "injuries" do).
STEM = 6
# Entity labels whose names count as content (dates and numbers are handled as values).
NAME_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "PRODUCT", "LAW"}
# A word of a sentence's text, for its phrases (`Unit.word_pairs`): "seven-term" is two.
WORD = re.compile(r"[\w'’]+")
LETTERS = re.compile(r"[a-z]+")
# Three capitals or more with a full stop after each, as some outlets write what others
# write without ("F.B.I." / "FBI", "N.A.A.C.P." / "NAACP"): `content_lemmas` reads the
# letters. Two are mostly a place written everywhere ("U.S.", "D.C.", "N.Y."), no word.
ACRONYM = re.compile(r"(?:[A-Z]\.){3,}")
# Forms of the verbs of speech and the light verbs that spaCy's stop words lack: beside a
# stop word they make no phrase two sentences say alike. "'We're alive, unlike the robots
# you're going to see next week' ..., he said." and "'We're just going to move on,' he
# said." shared "going to" and "he said", and two words besides ("go", "say").
FILLERS = frozenset(
    {"said", "says", "saying", "told", "tells", "telling", "going", "goes", "went", "gone"}
    | {"got", "gets", "getting", "making", "having", "doing"}
)
NO_PHRASE = STOP_WORDS | FILLERS  # two of them side by side are no phrase (`Unit.word_pairs`)
# The common words of dates and times (`time_words`)
TIME_WORDS = frozenset(DURATION_UNITS) | {
    "ago", "earlier", "later", "today", "yesterday", "tomorrow", "tonight", "morning",
    "afternoon", "evening", "night", "weekend", "time", "recent", "past", "previous", "early",
    "late", "ahead", "period", "season", "quarter",
}  # fmt: skip
# Titles before a name, as content words: "President Donald Trump" shares one name.
TITLES = frozenset(w.rstrip(".")[:STEM] for w in TITLE_WORDS)


@dataclass(frozen=True)
class AlignConfig:
    """Knobs of alignment.

    threshold: similarity at which two sentences of different articles are
        taken to state the same thing (0.5 cosine + 0.5 overlap coefficient).
        0.28 with the floors below: with the distinctive-word discount, the best
        grouping precision and recall on BASIL crosscheck-gold (0.33 gave
        P 0.88 / R 0.34, 0.28 gives 0.90 / 0.40, 0.25 gives 0.86 / 0.41).
    loose_threshold, loose_shared: a pair under `threshold` but at
        `loose_threshold` or more still aligns where the two sentences share a
        content verb (`Unit.verbs`) and at least `loose_shared` content lemmas,
        and neither is mostly a quotation (`align_units(quoted=...)`). A long
        sentence that states two or three things has a low similarity with
        another outlet's sentence stating one of them, yet shares its action and
        words ("Mr. Grimm ... was expected to be indicted on federal charges" /
        "Rep. Michael Grimm (R-N.Y.) is expected to be indicted by the U.S.
        attorney"); a quotation shares the topic's words with reports of other
        facts. BASIL crosscheck-gold P 0.904 -> 0.907, R 0.438 -> 0.455, support
        exact 0.541 -> 0.569; seeds P 0.868 -> 0.873, R 0.410 -> 0.427, support
        0.394 -> 0.455 (benchmarks/crosscheck_gold.py). Without the shared verb
        the gold gains more (R 0.480, support 0.624), but of the 121 links it
        adds on the 50 BASIL dev events most join two sentences on one topic
        that state different things; with it, 36 links, about 6 in 10 right to
        an editor's eye, against 7 in 10 of 40 links drawn at random from those
        at the threshold. None: no loose pairs (`group_floor` was 0.22 before
        them; a loose pair of two lone sentences must pass it too).
    group_floor: average similarity two groups must keep to merge (anti-chaining).
    link_floor: least similarity every cross pair of two merging groups must keep:
        a sentence joins a group only if it is not unrelated to any member.
    min_shared: content lemmas two sentences must share before they can align.
    secondary_threshold, secondary_floor: when a sentence already in one group
        also joins another (`attach_secondary`).
    secondary_every: a sentence also joins a group of two or more sentences of other
        articles where it is this close to every one of them, though to none at
        `secondary_threshold` (a sentence of two facts whose second statement two
        outlets made: "Etheridge ... is seen in an amateur video grabbing the wrist
        ... after the man approached the congressman and asked if he supported the
        Obama agenda" joins the two leads that tell the question). One statement per
        sentence reaches at most 0.553 of BASIL's gold pairs, two 0.838
        (`benchmarks/crosscheck_ceiling.py`). Not a sentence that shares too little
        with a member to start a statement with it (`_chance`: a name alone), nor one
        of an article days apart from a member's (`days_apart`): in one story of 300
        PolNeAR texts over months, 44 statements took sentences that shared a
        candidate's name or the story's words ("Marco Rubio is paid for.", "It takes
        2,383 delegates to win the nomination."); with both tests, 3. BASIL gold P
        0.906 -> 0.907, R 0.482 -> 0.490, support 0.586 -> 0.591, seeds unchanged; at
        0.28 R 0.501 but seeds P 0.923 -> 0.839 (the seeds' lead statement took
        sentences on the talks' delegations). Read over BASIL 50, FA-KES 42 and NeuS
        100: 8 sentences join a statement, each states it.
    min_distinctive, common_share, common_penalty: a pair sharing fewer than
        `min_distinctive` content lemmas that are no name and occur in at most
        `common_share` of the story's sentences has its similarity multiplied by
        `common_penalty` (sharing only the story's names and topic words is no
        shared fact: BASIL gold pair precision at the threshold 0.59 -> 0.80,
        benchmarks/crosscheck_gold.py).
    embed_weight: weight of embedding cosine in `similarity(embeddings=True)` (0.3
        ranked gold paraphrase pairs better than 0.5 on both the BASIL and the seeds
        gold: benchmarks/paraphrase_options.py).
    embed_gate: with sentence embeddings (`align_units(vectors=...)`, the statements
        stage under `--embeddings`), a pair under the threshold but at
        `loose_threshold` or more also aligns where the two sentences' embedding
        cosine is at least this: the words they share make them candidates, the
        model says whether they say one thing ("Both countries are edging closer to
        the TikTok deal" / "The United States is 'very close' to reaching a deal").
        Blending the cosine into the score instead (`embed_weight`) moved every
        pair, and unrelated sentences of one topic came over the threshold with the
        paraphrases. benchmarks/crosscheck_gold.py --embeddings, BASIL P / R /
        support: blended 0.847 / 0.518 / 0.674, gated at 0.6 0.916 / 0.493 / 0.608,
        0.5 0.919 / 0.510 / 0.630, 0.45 0.914 / 0.515 / 0.635 (lexical alone 0.912
        / 0.482 / 0.586); seeds blended 0.750 / 0.470 / 0.394, gated at 0.6 0.893 /
        0.444 / 0.485. 0.6 and not 0.5: read over the 50 BASIL dev events, about two
        in three of the statements 0.6 adds are right, as the lexical ones are, and
        most of those 0.5 adds besides are two sentences on one person that say
        different things. Gating pairs under `loose_threshold` (0.13-0.17) cost
        precision (0.899-0.903 at 0.6-0.65) for no more recall.
    phrase_below: a pair sharing fewer content lemmas than this starts no group
        unless the two sentences share a phrase of two adjacent words
        (`Unit.word_pairs`); it still counts in the floors of groups other pairs
        formed. Two shared words are often the story's vocabulary or chance
        ("affect" and "old", "hold" and "primary" in sentences giving two dates,
        "crowd" in "The crowd went nuts."), while a repeated short quotation shares
        its words side by side. benchmarks/crosscheck_gold.py: BASIL P 0.911 ->
        0.912, P (all pairs) 0.881 -> 0.887, R 0.477 -> 0.480, support 0.575 ->
        0.580; seeds P 0.873 -> 0.906, R unchanged. A noun of two words (`Unit.things`:
        "tear gas", "death toll") is one word in common, not a phrase said alike:
        "authorities used tear gas and rubber bullets to clear the streets" / "the
        police ... seemed more restrained, refraining from using tear gas" (a
        contradiction shown as support), "updated its earlier death toll of 15" / "The
        death toll is expected to rise". 0: off.
    days_apart, apart_threshold: sentences of two articles published `days_apart`
        days or more apart align only at `apart_threshold` or more (`align_units`'s
        `published`). A story followed over days moves on: a later article that
        tells an earlier fact again repeats its words, while the sentences of a week
        apart that share the story's names and a word or two tell different things
        (PolNeAR's stories of one campaign theme over weeks: of 30 such statements
        read that this removes, 4 or 5 right). The gold events are of one or two
        days and do not move; see the README.
    apart_shared: sentences of articles days apart (`days_apart`) that share fewer
        content words than this besides names and the words that call their people
        (`_cast_only`) start no group, however close: in a story followed over days
        the cast recurs in every sentence ("Unfortunately, Marco Rubio is a candidate
        for the GOP's presidential nomination." / "... for Republican presidential
        candidate Marco Rubio it's never too late to pick up another endorsement";
        "Ted Cruz wins Wisconsin Republican primary." / "Polls there show Trump is
        trailing Ted Cruz just ahead of Tuesday's vote."). All 924 PolNeAR texts: 37
        links go, 34 of them wrong; at 3, 77 go, the 40 more mostly right.
    """

    threshold: float = 0.28
    loose_threshold: float | None = 0.20
    loose_shared: int = 4
    group_floor: float = 0.20
    link_floor: float = 0.13
    min_shared: int = 2
    secondary_threshold: float = 0.45
    secondary_floor: float = 0.35
    secondary_every: float = 0.33
    min_distinctive: int = 2
    common_share: float = 0.1
    common_penalty: float = 0.5
    embed_weight: float = 0.3
    embed_gate: float = 0.6
    phrase_below: int = 3
    days_apart: int = 2
    apart_threshold: float = 0.35
    apart_shared: int = 2


@dataclass(frozen=True)
class Item:
    """One item of a list of figures in a sentence (`list_items`): its content lemmas,
    its amounts, the names in it that are not a person's or a group's (`_names`), each
    as its `ent:` term and the stems of its words, and its proper nouns' words."""

    lemmas: frozenset[str]
    amounts: frozenset[str]
    names: tuple[tuple[str, frozenset[str]], ...]
    proper: frozenset[str] = frozenset()  # its proper nouns' words

    @property
    def marks(self) -> frozenset[str]:
        """What singles the item out: its amounts, its names and their words."""
        return self.amounts.union(*({t, *w} for t, w in self.names))

    def told(self, lemmas: frozenset[str]) -> bool:
        """Does a sentence of these content lemmas give the item's amount or its name
        (the `ent:` term, or two of its words)?"""
        return bool(self.amounts & lemmas) or any(
            t in lemmas or len(w & lemmas) >= 2 for t, w in self.names
        )


@dataclass(frozen=True)
class Unit:
    """One sentence of one article: offsets into the article text and its content lemmas."""

    index: int
    article: str
    start: int
    end: int
    text: str
    lemmas: tuple[str, ...]
    verbs: frozenset[str] = frozenset()  # lemmas of its content verbs (`content_verbs`)
    who: frozenset[str] = frozenset()  # its lemmas that tell who speaks (`who_words`)
    things: frozenset[tuple[str, str]] = frozenset()  # its two-word nouns (`two_word_nouns`)
    people: tuple[frozenset[str], ...] = ()  # the words of each person it names (`people_words`)
    items: tuple[Item, ...] = ()  # the items of a list of figures in it (`list_items`)
    when: frozenset[tuple[str, str]] = frozenset()  # its dates' common words (`time_words`)

    @cached_property
    def lemma_set(self) -> frozenset[str]:
        """Its content lemmas as a set, made once (pair tests read it many times)."""
        return frozenset(self.lemmas)

    @cached_property
    def word_pairs(self) -> frozenset[tuple[str, str]]:
        """Its phrases of two words side by side, lower-cased, save two stop words ("of
        the") or a stop word and a verb of speech or a light verb (`FILLERS`: "he
        said", "going to"): what two sentences quote or say alike share ("held
        accountable")."""
        ws = [w.lower() for w in WORD.findall(self.text)]
        pairs = zip(ws, ws[1:], strict=False)  # (the second one word shorter)
        return frozenset((a, b) for a, b in pairs if not (a in NO_PHRASE and b in NO_PHRASE))


def content_lemmas(sent: SpacySpan, solid: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Lower-cased lemmas of content words, numbers and entity names of a spaCy span.

    Two spellings of one word count as one: a compound written with a hyphen
    that `solid` (the words the story's texts write) also has as one word
    ("fund-raiser" where another outlet writes "fundraiser", "e-mail" and
    "email", `_hyphen_compound`), capitals with full stops and without ("F.B.I." and
    "FBI", `ACRONYM`), and a state's abbreviation after a place and its
    name ("Corpus Christi, Tex." and "Texas"; not a person's tag, "R-Calif.", `_state_of`).
    """
    out: list[str] = []
    skip = -1  # the last token of a compound already counted
    for tok in sent:
        if tok.i <= skip:
            continue
        joined = _hyphen_compound(tok)
        if joined is not None and joined[0] in solid:
            out.append(joined[0][:STEM])
            skip = joined[1]
            continue
        state = _state_of(tok)
        if state is not None:
            words = state.split()
            out.extend(w[:STEM] for w in words)
            if len(words) > 1:
                out.append("ent:" + state)
            continue
        if tok.is_punct or tok.is_space or tok.is_stop:
            continue
        if ACRONYM.fullmatch(tok.text):  # "F.B.I." is "FBI"
            out.append(tok.text.replace(".", "").lower()[:STEM])
            continue
        if not (tok.is_alpha or tok.like_num or tok.text in {"%", "$"}):
            continue
        lemma = tok.lemma_.lower() if tok.is_alpha else tok.text.lower().replace(",", "")
        out.append(lemma[:STEM] if tok.is_alpha else lemma)
    for ent in span_ents(sent):
        if ent.label_ in NAME_LABELS and len(ent) > 1:
            out.append("ent:" + " ".join(t.lower_ for t in ent if not t.is_stop))
    return tuple(out)


def _state_of(tok: Any) -> str | None:
    """The state a token abbreviates ("Tex.", "Calif.", "N.C."; `descriptions.STATE_OF`),
    where it is written with its full stop and stands as a place (spaCy's GPE), after a
    place as news style writes it ("Corpus Christi, Tex.", "Sanford, Fla."): spaCy reads
    "Calif." or "N.C." as no word, so a sentence that named the state so had shared
    nothing of it with one that writes it in full. Not "Miss Smith", "mass" or "wash",
    nor a person's tag ("Rep. Darrell Issa, R-Calif.", "Sen. Bernie Sanders (Vt.)"), which
    says who someone is, as a name does: two sentences on one senator that share the
    tag's state and a word or two state different things (measured on the PolNeAR texts:
    "Sen. Lindsey Graham, R-S.C., said ..." / "Other than South Carolina Sen. Lindsey
    Graham, who's called for ...")."""
    if tok.ent_type_ != "GPE" or tok.is_alpha and tok.is_lower:
        return None
    doc = tok.doc
    # the full stop may be a token of its own ("Tex" "." at the end of a sentence)
    dotted = tok.text if tok.text.endswith(".") else tok.text + "."
    if dotted.lower() not in STATE_OF:
        return None
    if not tok.text.endswith(".") and not (tok.i + 1 < len(doc) and doc[tok.i + 1].text == "."):
        return None
    before = doc[tok.i - 1].text if tok.i else ""
    return None if before in {"-", "("} else STATE_OF[dotted.lower()]


def _hyphen_compound(tok: Any) -> tuple[str, int] | None:
    """The compound of lower-case words that a token starts with a hyphen ("fund-raiser",
    "e-mail", "cease-fire", "re-election") as one word, and the index of its last token:
    outlets write such words with the hyphen or without, by their style, and spaCy
    splits them. Names keep theirs ("al-Qaeda" is also written "Al Qaeda")."""
    doc = tok.doc
    k = tok.i
    if not (tok.is_alpha and tok.is_lower) or tok.whitespace_:
        return None
    parts = [tok.text]
    while (
        k + 2 < len(doc)
        and doc[k + 1].text == "-"
        and not doc[k + 1].whitespace_
        and doc[k + 2].is_alpha
        and doc[k + 2].is_lower
    ):
        parts.append(doc[k + 2].text)
        k += 2
        if doc[k].whitespace_:
            break
    if len(parts) < 2:
        return None
    return "".join(parts), k


def content_verbs(sent: SpacySpan) -> frozenset[str]:
    """Lemmas of the verbs that say what happened: no stop word ("take", "make", "do"),
    no verb of speech ("said", "told"), nor the verb of a war's toll told as background
    ("the six-year war which has killed hundreds of thousands", `figures.WAR`): two
    sentences on other things met on it ("Dozens of people have been killed ... in a
    suspected chemical attack" / "Damascus has repeatedly denied using such weapons
    during the six-year war which has killed ...")."""
    return frozenset(
        t.lemma_.lower()
        for t in sent
        if t.pos_ == "VERB"
        and not t.is_stop
        and not is_speech(t)
        and not (t.dep_ == "relcl" and t.head.lemma_.lower() in WAR)
    )


def two_word_nouns(sent: SpacySpan) -> frozenset[tuple[str, str]]:
    """Its nouns of two words, as `Unit.word_pairs` writes them: a content word that
    modifies the noun after it ("tear gas", "death toll"; not "other photos")."""
    return frozenset(
        (t.lower_, t.head.lower_)
        for t in sent
        if t.dep_ in ("compound", "amod")
        and t.head.i == t.i + 1
        and t.head.pos_ in ("NOUN", "PROPN")
        and not (t.is_stop or t.head.is_stop)
    )


# What names or describes a person inside the noun phrase of their name ("U.S. District
# Judge Robert L. Wilkins", "veteran crane operator Marta Lindqvist", "Trump, Ryan and RNC
# Chairman Reince Priebus"), not a clause on them ("the judge overseeing the case", "who
# shot Mr. Brown", "Jackson, who was crying").
PHRASE_DEPS = frozenset(
    {"compound", "amod", "nmod", "poss", "case", "det", "nummod", "quantmod", "flat", "prep",
     "pobj", "punct", "cc", "conj"}
)  # fmt: skip
# What a sentence says its subject is ("He is now the attorney general") is its claim.
PREDICATE = frozenset({"attr", "oprd"})
# The words of a run before a person's name that call them (`_name_run`).
RUN_POS = frozenset({"PROPN", "NOUN", "ADJ"})


def people_words(
    sent: SpacySpan, lemmas: tuple[str, ...], solid: frozenset[str] = frozenset()
) -> tuple[frozenset[str], ...]:
    """Per person a sentence names, those of its content lemmas (`lemmas`) that name them
    and say who they are: the words of a noun phrase whose head is a name (spaCy's
    PERSON) with what names or describes them there (`PHRASE_DEPS`), where the phrase is
    no part of a larger one nor what the sentence says its subject is (`PREDICATE`).

    Two sentences whose shared words are all one such person's say two things of them
    (`_only_who`): "(Texas Sen. Ted Cruz also has 17.)" / "Texas Sen. Ted Cruz says his
    campaign is the only one that ...", or "The court's other two female justices, Elena
    Kagan and Sonia Sotomayor, ... appeared inclined to ..." / "Justice Elena Kagan said
    that ...". People named in two roles are more than one ("Chris Christie savaged
    Rubio" / "Chris Christie ... attacked Rubio for not answering the question").
    """
    if not lemmas:
        return ()
    doc = sent.doc
    keep = frozenset(lemmas)
    out: list[frozenset[str]] = []
    for t in sent:
        if t.ent_type_ != "PERSON" or t.pos_ not in ("NOUN", "PROPN") or _in_phrase(t):
            continue
        held = [t.i]
        todo = [t]
        while todo:
            x = todo.pop()
            for c in x.children:
                if not sent.start <= c.i < sent.end:
                    continue  # (a parse may run over the sentence's edge: "9:50 p.m. Texas Sen.")
                if c.dep_ in PHRASE_DEPS and (c.dep_ != "prep" or x.pos_ in ("NOUN", "PROPN")):
                    held.append(c.i)
                    todo.append(c)
        lo, hi = min(held), max(held) + 1
        if hi - lo == len(held):  # one run of words
            out.append(keep.intersection(content_lemmas(doc[lo:hi], solid)))
    for ent in span_ents(sent):
        if ent.label_ == "PERSON":
            lo, hi = _name_run(sent, ent)
            out.append(keep.intersection(content_lemmas(doc[lo:hi], solid)))
    return tuple(dict.fromkeys(out))


def _name_run(sent: SpacySpan, ent: SpacySpan) -> tuple[int, int]:
    """The tokens of a person's name (`ent`) with the words written right before it that
    call them (titles, places, roles: "Texas Sen. Ted Cruz", "billionaire businessman
    Donald Trump") and a party tag right after it ("Sen. Marco Rubio, R-Fla."), as
    written, whatever the parse makes of them: a name in a list or in a larger phrase
    ("rivals such as billionaire businessman Donald Trump and Texas Sen. Ted Cruz", "lose
    to Ben Carson or Sen. Marco Rubio, R-Fla.") is called there as it is anywhere."""
    doc = sent.doc
    lo = ent.start
    while lo > sent.start and doc[lo - 1].pos_ in RUN_POS and doc[lo - 1].ent_type_ != "PERSON":
        lo -= 1
    hi = ent.end
    after = doc[hi - 1 : min(hi + 8, sent.end)]  # (a tag is a few tokens: ", R-Fla.,")
    text, at = after.text, after.start_char
    tag = party_tag(text, after_bracket(text, doc[hi - 1].idx + len(doc[hi - 1]) - at))
    while tag is not None and hi < sent.end and doc[hi].idx - at < tag[2]:
        hi += 1
    return lo, hi


def _in_phrase(t: Any) -> bool:
    """Is token `t` inside a larger noun phrase (by `PHRASE_DEPS`, up to a noun, through
    a preposition), or what its sentence says its subject is (`PREDICATE`)?"""
    if t.dep_ in PREDICATE:
        return True
    if t.dep_ == "pobj" and t.head.dep_ == "prep":
        t = t.head
    return t.dep_ in PHRASE_DEPS and t.head.pos_ in ("NOUN", "PROPN")  # (a root's dep is ROOT)


def who_words(sent: SpacySpan, lemmas: tuple[str, ...]) -> frozenset[str]:
    """Those of a sentence's content lemmas (`lemmas`) that tell who speaks: its verbs
    of speech and their subjects, with the names, titles and roles written there ("said
    a White House spokesman, Eric Schultz", "White House spokesman Eric Schultz said").
    Two sentences that share only these attribute two things to one person (`_chance`).
    """
    if not lemmas:
        return frozenset()
    speaking: set[int] = set()
    for t in sent:
        if is_speech(t):
            speaking.add(t.i)
            for c in t.children:
                if c.dep_ == "nsubj":  # (not a passive's: "was told", "was charged")
                    speaking.update(x.i for x in c.subtree)
    if not speaking:
        return frozenset()
    doc = sent.doc
    keys = {doc[i].lemma_.lower()[:STEM] for i in speaking if doc[i].is_alpha}
    keys.update(
        "ent:" + " ".join(t.lower_ for t in ent if not t.is_stop)  # as `content_lemmas`
        for ent in span_ents(sent)
        if ent.start in speaking
    )
    return frozenset(keys.intersection(lemmas))


def time_words(sent: SpacySpan) -> frozenset[tuple[str, str]]:
    """The common words of the sentence's dates and times, as written and as content
    lemmas, each with its date as written (lower case): ("years ago", "years"), ("years
    ago", "year"), ("years ago", "ago"); "last week", "this morning" (not a day's or a
    month's name, nor a number). Two sentences that share such words of two dates, and
    a word, tell two things of two times (`_chance`: "Seventy-four years ago, a naval
    battle ... changed the course of World War II." / "If ... you already made those
    changes years ago, a side job may be in order."); the same date ("a week ago",
    "six-month") is something they share."""
    return frozenset(
        (ent.text.lower(), w)
        for ent in span_ents(sent)
        if ent.label_ in {"DATE", "TIME"}
        for t in ent
        if t.lemma_.lower() in TIME_WORDS  # (not a noun spaCy ran into one: "boiler years ago")
        for w in (t.lower_, t.lemma_.lower()[:STEM])
    )


def sentence_units(ctx: StoryContext) -> list[Unit]:
    """Every body sentence of every article of the story (headings skipped), in order;
    a lead's dateline is no part of it (`nlp.sentence_spans`), nor a date line at the
    head of the text, and a title the text repeats at its head is a unit of its own
    (`readers.head_of`): scraped texts run both into the first sentence ("Thu Oct 6 2016
    US Warplanes Kill Tens of Civilians in Aleppo. The US-led ...", "Rebel fire kills 3
    schoolchildren AFP Thursday 27 Oct 2016 At least three ..."), and two leads of one
    day had met on the date's words, a lead and a headline on the headline's."""
    units: list[Unit] = []
    # the words the story writes, for compounds that some write with a hyphen
    solid = frozenset(w for a in ctx.articles for w in LETTERS.findall(a.text.lower()))
    for art in ctx.articles:
        doc = ctx.docs[art.id]
        for _, (ps, pe) in sentence_pieces(art, doc):
            span = doc.char_span(ps, pe, alignment_mode="expand")
            if span is None:
                units.append(Unit(len(units), art.id, ps, pe, art.text[ps:pe], ()))
                continue
            says = not (only_attribution(span) or says_nothing(span) or asks(span.text))
            lemmas = content_lemmas(span, solid) if says else ()
            people = people_words(span, lemmas, solid)
            units.append(Unit(len(units), art.id, ps, pe, art.text[ps:pe], lemmas,
                              content_verbs(span), who_words(span, lemmas),
                              two_word_nouns(span), people,
                              list_items(span, solid, people) if says else (),
                              time_words(span)))  # fmt: skip
    return units


# A question the writer asks: a question word or an auxiliary first (after "So", "But",
# "And"), a question mark last, no quotation mark after it (a scraped headline may add a
# full stop: "Has $1 trillion in COVID-19 relief gone unspent?.")
WRITERS_QUESTION = re.compile(
    r"^(?:(?:so|but|and|then|yet),?\s+)?(?:who|whom|whose|what|when|where|why|how|which|is|are|"
    r"was|were|do|does|did|has|have|had|can|could|will|would|should|shall|may|might|must)\b"
    r"[^\"“”]*\?\.?$",
    re.IGNORECASE,
)


def unit_sentence(ctx: StoryContext, u: Unit) -> SpacySpan | None:
    """The unit's sentence as spaCy parsed it (None where its offsets meet no tokens)."""
    return ctx.docs[u.article].char_span(u.start, u.end, alignment_mode="expand")


def asks(text: str) -> bool:
    """Is the sentence a question the writer asks ("So who is Dave Brat, and how did he
    pull off such a stunning win?", "Was Trump's Syria Strike Illegal?")? It states
    nothing, so it is no source of a statement that states the answer, nor a statement
    itself; a question someone asked ("'Is it true,' Chief Justice Roberts asked, ...")
    is a report of their words and stays."""
    return WRITERS_QUESTION.match(text.strip()) is not None


def only_attribution(sent: SpacySpan) -> bool:
    """Is the sentence no more than who said something and when ("Obama said.",
    "Summers replied on Tuesday.")? It states nothing of its own: the quotation it
    attributes is the sentence before it, split off where the quotation ends in "?" or
    "!". Its words are a name and a verb of speech, which every attributed quotation
    of that person shares, so it must not align with any of them (nor join two of
    them: "'The American people are with me,' Mr. Obama said." and "'... they've got
    time to do it,' Obama said." are two claims)."""
    words = [t for t in sent if t.is_alpha and not t.is_stop]
    verbs = [t for t in words if is_speech(t)]
    if len(verbs) != 1:
        return False
    subject = [t for c in verbs[0].children if c.dep_ in {"nsubj", "nsubjpass"}
               for t in c.subtree]  # fmt: skip
    if any(t.pos_ in {"VERB", "AUX"} for t in subject):
        return False  # a clause, not a name: the parse hung the sentence under its subject
    speaker = {t.i for t in subject}
    return all(t is verbs[0] or t.i in speaker or t.ent_type_ in {"DATE", "TIME"} for t in words)


# The least similarity any stage compares against (`AlignConfig.link_floor`): pairs under
# it are not kept, so a story's similarity grows with its related pairs, not with the
# square of its sentences. Every test of a stage is against FLOOR or more, so nothing
# it decides changes; sums over a group's members (`centre`) are taken exactly.
FLOOR = 0.13
# Entries of the dense temporaries one block of rows may hold (bounds their memory).
BLOCK_ENTRIES = 4_000_000


class Similarity:
    """Units x units similarity, kept sparse: the pairs at `FLOOR` or more.

    `value`, `row` and `pairs` read the kept pairs (a pair not kept is under
    FLOOR, so under every threshold a stage tests); `block` gives any pairs'
    exact values, kept or not, computed again from the sentences' features
    exactly as the kept ones were.
    """

    def __init__(self, kept: Any, exact: Any) -> None:
        self.kept = kept.tocsr()  # scipy CSR, symmetric, zero diagonal
        self.kept.sort_indices()
        self._exact = exact  # (rows, cols) -> dense exact block
        self.n = self.kept.shape[0]
        self.features: _Features | None = None  # where made by `similarity`
        self._keys: np.ndarray | None = None

    @classmethod
    def from_dense(cls, matrix: np.ndarray) -> Similarity:
        """A dense matrix as a Similarity (benchmarks and tests that build their own)."""
        from scipy import sparse

        m = np.asarray(matrix, dtype=np.float64)
        return cls(sparse.csr_matrix(np.where(m >= FLOOR, m, 0.0)), lambda a, b: m[np.ix_(a, b)])

    def row(self, i: int, at_least: float) -> np.ndarray:
        """Columns j (ascending) with similarity(i, j) >= at_least (at least FLOOR)."""
        lo, hi = self.kept.indptr[i], self.kept.indptr[i + 1]
        return self.kept.indices[lo:hi][self.kept.data[lo:hi] >= at_least]

    def kept_row(self, i: int) -> tuple[list[int], list[float]]:
        """Columns j (ascending) kept for row i, and their similarities."""
        lo, hi = self.kept.indptr[i], self.kept.indptr[i + 1]
        return self.kept.indices[lo:hi].tolist(), self.kept.data[lo:hi].tolist()

    def value(self, i: int, j: int) -> float:
        """similarity(i, j) where it is at least FLOOR, else 0.0."""
        lo, hi = self.kept.indptr[i], self.kept.indptr[i + 1]
        k = lo + int(np.searchsorted(self.kept.indices[lo:hi], j))
        return float(self.kept.data[k]) if k < hi and self.kept.indices[k] == j else 0.0

    def kept_block(self, a: list[int], b: list[int]) -> np.ndarray | None:
        """The a x b block where every pair is kept, else None (some pair is under FLOOR).

        A unit against itself is 0, as on the diagonal of the whole matrix.
        """
        if self._keys is None:  # row * n + column of every kept pair, ascending
            rows = np.repeat(np.arange(self.n, dtype=np.int64), np.diff(self.kept.indptr))
            self._keys = rows * self.n + self.kept.indices
        ra, cb = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        keys = (ra[:, None] * self.n + cb[None, :]).ravel()
        same = (ra[:, None] == cb[None, :]).ravel()  # a unit and itself: 0, never kept
        if not len(self._keys):
            return np.zeros((len(a), len(b))) if same.all() else None
        pos = np.searchsorted(self._keys, keys)
        np.minimum(pos, len(self._keys) - 1, out=pos)
        found = self._keys[pos] == keys
        if not (found | same).all():
            return None
        return np.where(found & ~same, self.kept.data[pos], 0.0).reshape(len(a), len(b))

    def block(self, a: list[int], b: list[int]) -> np.ndarray:
        """The exact a x b block (pairs under FLOOR included)."""
        if not a or not b:
            return np.zeros((len(a), len(b)))
        kept = self.kept_block(a, b)  # pairs all kept: their values are the exact ones
        return kept if kept is not None else np.asarray(self._exact(list(a), list(b)))

    def pairs(self, at_least: float) -> tuple[list[tuple[int, int]], list[float]]:
        """Pairs i < j with similarity >= at_least, in row-major order, and their values."""
        from scipy import sparse

        upper = sparse.triu(self.kept, k=1, format="csr")
        upper.sort_indices()
        rows = np.repeat(np.arange(self.n), np.diff(upper.indptr))
        keep = upper.data >= at_least
        pairs = list(zip(rows[keep].tolist(), upper.indices[keep].tolist(), strict=True))
        return pairs, upper.data[keep].tolist()

    def toarray(self) -> np.ndarray:
        """The whole exact matrix (small stories: tests and benchmarks)."""
        return self.block(list(range(self.n)), list(range(self.n)))

    def __getitem__(self, ij: tuple[int, int]) -> float:
        i, j = ij
        return float(self.block([i], [j])[0, 0])


class _Features:
    """What the lexical similarity of any two units is computed from (`similarity`)."""

    def __init__(self, units: list[Unit], cfg: AlignConfig, embeddings: bool) -> None:
        from storyline.textvec import tfidf

        self.units = units
        # words in one order in every matrix (`tfidf` sorts them): their products then
        # have one pattern in one order, and every sum is taken in that order
        self.x, idf, self.terms = tfidf([list(u.lemmas) or ["<empty>"] for u in units])
        self.binary = (self.x > 0).astype(np.float64).tocsr()
        self.weighted = self.binary.multiply(idf).tocsr()
        self.mass = np.asarray(self.weighted.sum(axis=1)).ravel()
        self.xt, self.bt = self.x.T.tocsc(), self.binary.T.tocsc()
        self.cfg = cfg
        self.vectors = embedding_vectors([u.text for u in units]) if embeddings else None
        self.distinct: Any = None  # units x distinctive words, where discounted
        self.distinct_t: Any = None

    def discounted(self, cfg: AlignConfig) -> _Features:
        """The same features, with pairs sharing too few distinctive words discounted."""
        from copy import copy

        units = self.units
        out = copy(self)
        out.cfg = cfg
        counts = self.binary.astype(np.int64)  # which unit has which word, as counted once
        df = np.asarray(counts.sum(axis=0)).ravel()
        per_fact = 2.0 * len({u.article for u in units})
        names = np.array([t.startswith("ent:") for t in self.terms], dtype=bool)
        keep = (df <= max(per_fact, cfg.common_share * len(units))) & ~names
        out.distinct = counts[:, np.nonzero(keep)[0]].tocsr()
        out.distinct_t = out.distinct.T.tocsc()
        return out

    def rows(self, lo: int, hi: int) -> Any:
        """Exact similarity of rows lo..hi against every unit, as a sparse matrix.

        Lexically, a pair that shares no content word is 0, so only the pairs
        that share one are computed (a few percent of a big story's pairs), each
        as `block` computes it; with embeddings every pair is, block by block.
        """
        from scipy import sparse

        n = self.x.shape[0]
        if self.vectors is not None:
            return sparse.csr_matrix(self.block(slice(lo, hi), slice(None)))
        shared = (self.binary[lo:hi] @ self.bt).tocsr()
        cos = (self.x[lo:hi] @ self.xt).tocsr()
        inter = (self.weighted[lo:hi] @ self.bt).tocsr()
        # the three products have one pattern, the pairs sharing a word, in one order
        # where their operands' words are in one order (else put in order)
        if not (
            np.array_equal(shared.indices, cos.indices)
            and np.array_equal(shared.indices, inter.indices)
        ):
            for m in (shared, cos, inter):
                m.sort_indices()
            assert np.array_equal(shared.indices, cos.indices)
            assert np.array_equal(shared.indices, inter.indices)
        rows = lo + np.repeat(np.arange(hi - lo), np.diff(shared.indptr))
        cols = shared.indices
        denom = np.minimum(self.mass[rows], self.mass[cols])
        overlap = np.divide(inter.data, denom, out=np.zeros_like(inter.data), where=denom > 0)
        value = 0.5 * cos.data + 0.5 * overlap
        value[shared.data < self.cfg.min_shared] = 0.0
        if self.distinct is not None:
            value[self._common_at(lo, hi, rows, cols)] *= self.cfg.common_penalty
        value[rows == cols] = 0.0
        out = sparse.csr_matrix((value, cols.copy(), shared.indptr.copy()), shape=(hi - lo, n))
        out.eliminate_zeros()
        return out

    def _common_at(self, lo: int, hi: int, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """For pairs (rows, cols) with rows in lo..hi, in row-major order: do they share
        fewer than `min_distinctive` distinctive words?"""
        n = self.x.shape[0]
        d = (self.distinct[lo:hi] @ self.distinct_t).tocsr()
        d.sort_indices()
        count = np.zeros(len(rows), dtype=np.int64)
        if d.nnz:
            at = (lo + np.repeat(np.arange(hi - lo), np.diff(d.indptr))) * n + d.indices
            keys = rows.astype(np.int64) * n + cols
            pos = np.minimum(np.searchsorted(at, keys), len(at) - 1)
            found = at[pos] == keys
            count[found] = d.data[pos[found]]
        return np.asarray(count < self.cfg.min_distinctive)

    def common(self, a: Any, b: Any) -> np.ndarray:
        """Pairs of rows a and columns b sharing fewer than `min_distinctive` distinctive words."""
        assert self.distinct is not None
        shared = (self.distinct[a] @ self.distinct[b].T).toarray()
        return np.asarray(shared < self.cfg.min_distinctive)

    def block(self, a: Any, b: Any) -> np.ndarray:
        """Exact similarity of rows a against columns b (index lists, or slices)."""
        cfg = self.cfg
        whole = isinstance(b, slice) and b == slice(None)
        xt = self.xt if whole else self.x[b].T
        bt = self.bt if whole else self.binary[b].T
        cos = (self.x[a] @ xt).toarray()
        inter = (self.weighted[a] @ bt).toarray()
        shared = (self.binary[a] @ bt).toarray()
        denom = np.minimum.outer(self.mass[a], self.mass[b])
        overlap = np.divide(inter, denom, out=np.zeros_like(inter), where=denom > 0)
        out = 0.5 * cos + 0.5 * overlap
        if self.vectors is not None:
            emb = np.asarray(self.vectors[a] @ self.vectors[b].T)
            out = (1 - cfg.embed_weight) * out + cfg.embed_weight * emb
        out[shared < cfg.min_shared] = 0.0
        if self.distinct is not None:
            out[self.common(a, b)] *= cfg.common_penalty
        index = np.arange(self.x.shape[0])
        out[np.equal.outer(index[a], index[b])] = 0.0
        return out


def similarity(
    units: list[Unit], cfg: AlignConfig, embeddings: bool = False, distinctive: bool = True
) -> Similarity:
    """Units x units similarity: mean of TF-IDF cosine and weighted overlap coefficient.

    `distinctive`: discount pairs that share only names and the story's common
    words (`discount_common`; for statements: the conflicts stage compares
    sentences that state one thing with other values, which share fewer words,
    without the discount).
    """
    from scipy import sparse

    if not units:
        return Similarity(sparse.csr_matrix((0, 0)), lambda a, b: np.zeros((len(a), len(b))))
    feats = _Features(units, cfg, embeddings)
    kept = _kept(len(units), feats.rows)
    sim = Similarity(kept, feats.block)
    sim.features = feats
    return discount_common(sim, units, cfg) if distinctive else sim


def discount_common(sim: Similarity, units: list[Unit], cfg: AlignConfig) -> Similarity:
    """`sim` with pairs that share fewer than `min_distinctive` distinctive words discounted.

    Names and the story's own vocabulary ("TikTok", "talks", the protagonist)
    recur in most sentences of a story; two sentences that share only those
    are about the same story, not the same fact. A fact's own words recur once
    per article that states it (and a restatement), so words that occur in up
    to twice as many sentences as the story has articles stay distinctive.
    """
    if sim.features is None:
        raise ValueError("discount_common needs a similarity made by `similarity`")
    feats = sim.features.discounted(cfg)

    def rows(lo: int, hi: int) -> Any:
        block = sim.kept[lo:hi].tocsr()
        block.sort_indices()
        where = lo + np.repeat(np.arange(hi - lo), np.diff(block.indptr))
        block.data[feats._common_at(lo, hi, where, block.indices)] *= cfg.common_penalty
        return block

    out = Similarity(_kept(sim.n, rows), feats.block)
    out.features = feats
    return out


def _kept(n: int, rows: Any) -> Any:
    """The entries at FLOOR or more of an n x n sparse matrix given by blocks of rows."""
    from scipy import sparse

    step = max(1, min(BLOCK, BLOCK_ENTRIES // max(1, n)))
    parts = []
    # by blocks of rows, so that the temporaries of a block, not of the whole story,
    # are held at once; every entry is computed as the whole-matrix products would
    for lo in range(0, n, step):
        block = rows(lo, min(n, lo + step)).tocsr()
        block.data[block.data < FLOOR] = 0.0
        block.eliminate_zeros()
        parts.append(block)
    return sparse.vstack(parts, format="csr")


def align_units(
    units: list[Unit],
    cfg: AlignConfig,
    sim: Similarity | None = None,
    embeddings: bool = False,
    quoted: frozenset[int] = frozenset(),
    published: Mapping[str, str | None] | None = None,
    vectors: np.ndarray | None = None,
) -> list[list[int]]:
    """Groups of unit indices stating the same thing (singletons included), in text order.

    `quoted`: the units that are mostly someone's quotation; they align only at
    `cfg.threshold` (`AlignConfig.loose_threshold`). `published`: each article's
    date (ISO), where known: sentences of articles days apart align only at
    `cfg.apart_threshold` (`AlignConfig.days_apart`). `vectors`: the units' sentence
    embeddings (L2-normalised rows), where a pair under the threshold may align by
    their cosine (`AlignConfig.embed_gate`).
    """
    if sim is None:
        sim = similarity(units, cfg, embeddings)
    lowest = (
        cfg.threshold if cfg.loose_threshold is None else min(cfg.threshold, cfg.loose_threshold)
    )
    assert lowest >= FLOOR and cfg.link_floor >= FLOOR
    n = len(units)
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    arts: dict[int, set[str]] = {i: {units[i].article} for i in range(n)}
    # pairs above the threshold in row-major order, strongest first
    above, strength = sim.pairs(lowest)
    single_joins = lowest >= max(cfg.group_floor, cfg.link_floor)
    order = sorted(range(len(above)), key=lambda k: -strength[k])
    # two groups that did not merge, by id and size: a group only grows, so the same two
    # at the same sizes are the same sentences, and would not merge again
    refused: set[tuple[int, int, int, int]] = set()
    day = _days(published)
    for k in order:
        i, j = above[k]
        if strength[k] < cfg.threshold and not (
            loosely_aligned(units[i], units[j], cfg, quoted) or close_in_meaning(vectors, i, j, cfg)
        ):
            continue
        if _days_apart(day, units[i].article, {units[j].article}, cfg.days_apart) and (
            strength[k] < cfg.apart_threshold or _cast_only(units[i], units[j], cfg)
        ):
            continue  # days apart: the story moved on
        gi, gj = group_of[i], group_of[j]
        if gi == gj or not arts[gi].isdisjoint(arts[gj]):
            continue
        a, b = members[gi], members[gj]
        if len(a) == len(b) == 1 and _chance(units[i], units[j], cfg):
            continue  # two lone sentences that share too little to start a group
        if len(a) > 1 or len(b) > 1 or not single_joins:
            tried = (gi, len(a), gj, len(b))
            if tried in refused:
                continue
            if not close_enough(a, b, sim, cfg):
                refused.add(tried)
                continue
            if _joins_copies(a, b, i, j, units, sim, cfg):
                refused.add(tried)
                continue  # one sentence and copies of another are two lone sentences
            if _only_who_across(a, b, units) or (
                len(a) > 1 and len(b) > 1 and _one_speaker_across(a, b, units)
            ):
                refused.add(tried)
                continue
            if all(_only_chance(units[x], units[y], cfg) for x in a for y in b):
                refused.add(tried)
                continue  # (as two lone sentences would not start one: nothing but chance)
        # else two lone sentences: their one pair is above the threshold, so above both floors
        members[gi] = a + b
        arts[gi] |= arts.pop(gj)
        for k2 in b:
            group_of[k2] = gi
        del members[gj]
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def _only_chance(u: Unit, w: Unit, cfg: AlignConfig) -> bool:
    """Do two sentences of groups that may merge share too little to start one
    (`_chance`) and no number? A figure both give ("Corvan shares jumped 18% on the
    news." / "Corvan's stock rose 18 percent ...") is more than chance where others
    of its group say the same."""
    return _chance(u, w, cfg) and not any(t[:1].isdigit() for t in u.lemma_set & w.lemma_set)


def _only_who_across(a: list[int], b: list[int], units: list[Unit]) -> bool:
    """Do the sentences of two groups share no more than who with each other, every pair
    of them (`_only_who`)? Then none says what another says: "'This contraband has been
    heavily trafficked into our state,' Nebraska Attorney General Jon Bruning said" had
    joined "'Federal law undisputedly prohibits the production and sale of marijuana,'
    Nebraska Attorney General Jon Bruning said Thursday" and the lawsuit "brought by
    Nebraska's attorney general, Jon Bruning, ..." as one statement, the floors of a
    group met by the name's weight."""
    return all(
        _only_who(units[x].lemma_set & units[y].lemma_set, units[x], units[y]) for x in a for y in b
    )


def _one_speaker_across(a: list[int], b: list[int], units: list[Unit]) -> bool:
    """Are two groups held together by one speaker: every pair across shares who speaks
    and at most one word besides (`_speaker_and_one_word`)? Each group then agrees on its
    own thing the speaker said: "... chief executive Jonas Berg said the company had
    offered a 4% raise over two years" with "The port authority offered a raise of 4
    percent over two years, chief executive Jonas Berg said", and "Chief executive Jonas
    Berg said the offer was fair" with "... called the offer 'fair and affordable'" had
    been one statement of four sources on "offer", the name's words outweighing what each
    pair says. (Two groups of two or more: a lone sentence joining on the speaker and one
    word often tells the group's fact, and is left to the floors.)"""
    return all(_speaker_and_one_word(units[x], units[y]) for x in a for y in b)


def _speaker_and_one_word(u: Unit, w: Unit) -> bool:
    """Do two sentences share who speaks and at most one word besides (`_besides_who`)?"""
    return bool(u.who & w.who) and len(_besides_who(u.lemma_set & w.lemma_set, u, w)) <= 1


def _joins_copies(
    a: list[int], b: list[int], i: int, j: int, units: list[Unit], sim: Similarity, cfg: AlignConfig
) -> bool:
    """Would a lone sentence join a group that is copies of one sentence (each pair of them
    at `COPIES` or more), sharing too little with it to start a group (`_chance`)?

    Copies are one sentence printed again, so the join is a pair of lone sentences:
    "Thousands more civilians killed." (a headline) had joined two outlets' "Idlibs
    population has ballooned with thousands of fighters and civilians shuttled out of
    Aleppo ..." on "thousands" and "civilians". Sentences in other words that each share
    two words with it are evidence that it states their fact ("Corvan's stock rose 18
    percent" beside "Corvan shares jumped 18%" and "Shares in Corvan climbed about 18%"),
    and it joins them."""
    if (len(a) == 1) == (len(b) == 1):
        return False
    lone, group = (i, b) if len(a) == 1 else (j, a)
    if not _chance(units[lone], units[group[0]], cfg):
        return False  # (the cheaper test first)
    block = sim.kept_block(group, group)
    if block is None:
        return False
    return bool(block[~np.eye(len(group), dtype=bool)].min() >= COPIES)


def _days(published: Mapping[str, str | None] | None) -> dict[str, int]:
    """Each article's day of publication as a day number, where its date reads as one."""
    from datetime import date

    out: dict[str, int] = {}
    for art, when in (published or {}).items():
        try:
            out[art] = date.fromisoformat((when or "")[:10]).toordinal()
        except ValueError:
            continue
    return out


def _cast_only(u: Unit, w: Unit, cfg: AlignConfig) -> bool:
    """Do two sentences share fewer than `cfg.apart_shared` content words besides names
    (`ent:` terms and their words) and the words that call their people (`Unit.people`)?"""
    shared = u.lemma_set & w.lemma_set
    names = _ent_terms(u.lemma_set | w.lemma_set)
    cast = names | name_words(names) | set().union(*u.people, *w.people)
    return len(shared - cast) < cfg.apart_shared


def name_words(terms: Iterable[str]) -> set[str]:
    """The content lemmas of the words of names given as `ent:` terms ("ent:ted cruz")."""
    return {x[:STEM] for t in terms for x in t[4:].split()}


def _days_apart(day: dict[str, int], art: str, others: set[str], days: int) -> bool:
    """Was article `art` published `days` days or more from one of `others`?"""
    d = day.get(art)
    return d is not None and any(abs(d - day[o]) >= days for o in others if day.get(o) is not None)


def _chance(u: Unit, w: Unit, cfg: AlignConfig) -> bool:
    """Do two sentences share too few content words, and no phrase, to start a group?

    A name of several words that both give is one thing they share, however many
    words it counts, and its words side by side are no phrase of theirs: two
    sentences that share only that (and a title before it) start no group ("A
    federal law requiring TikTok to be sold ... the day before US President Donald
    Trump's inauguration" / "It is already the fourth extension granted by President
    Donald Trump this year"). Where one of them says nothing else, as a headline
    printed twice whose words spaCy read as one long name, the name is all there is
    to share, and it is shared. Nor do a name and one word make the words enough
    ("The issues raised by Michael Brown's death, Holder said, have simmered ..." /
    "... the focus turned to the investigation into the shooting death of Michael
    Brown"): the name counts once among the words shared, then the pair needs a
    phrase in common.

    Nor do the words of two dates (`time_words`): "years ago" in "Seventy-four years
    ago, a naval battle ... changed the course of World War II." and in "If ... you
    already made those changes years ago, ..." is neither a word nor a phrase they
    share; a date both write ("a week ago") is.

    So with the words that tell who speaks (`Unit.who`, `_only_who`): two sentences that
    share only the speaker, their title and the verb of speech (and names) report two
    things one person said ("'In recent days, these e-mails have been selectively and
    inaccurately read out to the media,' said a White House spokesman, Eric Schultz." /
    "White House spokesman Eric Schultz said he hoped Wednesday's disclosure would put
    to rest the Benghazi issue.").
    """
    shared = u.lemma_set & w.lemma_set
    if _only_who(shared, u, w) and u.lemma_set - shared and w.lemma_set - shared:
        return True  # (each says something besides; not one line printed twice)
    when = _other_times(u, w)  # the words of two dates ("years ago") tell no thing
    if _things(shared - when, shared) >= cfg.phrase_below:
        return False  # (a name of several words counted once)
    # a noun of two words is one word in common, no phrase ("tear gas"); nor, where each
    # says something besides, is a name's word beside a stop word ("The Labor
    # Department's report was much stronger ..." / "..., the Labor Department reported
    # Friday.": "the labor"; "He said no to the Iraq war." printed twice shares it)
    phrases = [
        p for p in (u.word_pairs & w.word_pairs) - u.things - w.things if not _timely(p, when)
    ]
    if not phrases or not (u.lemma_set - shared and w.lemma_set - shared):
        return not phrases
    named = name_words(_ent_terms(shared))
    return all(_of_names(p, named) for p in phrases)


def _of_names(pair: tuple[str, str], named: set[str]) -> bool:
    """Is a phrase (`Unit.word_pairs`) only words of names (`named`: their content
    lemmas, as `name_words` gives them) and stop words?"""
    return all(x in STOP_WORDS or x[:STEM] in named for x in pair)


def _other_times(u: Unit, w: Unit) -> frozenset[str]:
    """The common words of the dates of two sentences (`time_words`) save those of a date
    both write."""
    both = {d for d, _ in u.when} & {d for d, _ in w.when}
    return frozenset(x for d, x in u.when | w.when if d not in both)


def _timely(pair: tuple[str, str], when: frozenset[str]) -> bool:
    """Is a phrase (`Unit.word_pairs`: not two stop words) only a date's words, or one
    and a stop word ("years ago", "a year")?"""
    return all(x in when or x in STOP_WORDS for x in pair)


def close_in_meaning(vectors: np.ndarray | None, i: int, j: int, cfg: AlignConfig) -> bool:
    """Do units `i` and `j` say one thing by their sentence embeddings (`cfg.embed_gate`),
    where the run has them (`--embeddings`)?"""
    return vectors is not None and float(vectors[i] @ vectors[j]) >= cfg.embed_gate


def _only_who(shared: frozenset[str], u: Unit, w: Unit) -> bool:
    """Are the content words two sentences share (`shared`) no more than who: names of
    several words (`ent:` terms, one of them shared) and their words, titles
    (`entities.TITLE_WORDS`), and the words of who speaks in both (`Unit.who`); or all
    of them the words that name one person and say who they are, in both (`Unit.people`)?

    A name's words count as its words where either sentence reads them as the name, as
    spaCy finds a name in one sentence and not in the other ("Ahmet Uzumcu the head of
    the Organisation for the Prohibition of Chemical Weapons [OPCW] said", a name run
    into the next; a headline's capitals): those sentences share the organisation's
    name and the person's, and tell two things.
    """
    if shared and any(shared <= p for p in u.people) and any(shared <= p for p in w.people):
        return True
    if not (shared & _ent_terms(u.lemma_set | w.lemma_set) or u.who & w.who):
        return False
    return not _besides_who(shared, u, w)


def _ent_terms(lemmas: Iterable[str]) -> set[str]:
    """The names (`ent:` terms) among content lemmas."""
    return {t for t in lemmas if t.startswith("ent:")}


def _besides_who(shared: frozenset[str], u: Unit, w: Unit) -> frozenset[str]:
    """Those of the words two sentences share that do not tell who: no name of either
    (`ent:` terms and their words), title (`TITLES`) or word of who speaks in both."""
    names = _ent_terms(u.lemma_set | w.lemma_set)
    return shared - names - name_words(names) - TITLES - (u.who & w.who)


def loosely_aligned(
    u: Unit, w: Unit, cfg: AlignConfig, quoted: frozenset[int] = frozenset()
) -> bool:
    """May two sentences whose similarity is under the threshold (at `loose_threshold` or
    more) align? Where they share a content verb and `loose_shared` content lemmas, and
    neither is one of `quoted` (mostly a quotation)."""
    if u.index in quoted or w.index in quoted or u.verbs.isdisjoint(w.verbs):
        return False
    return len(u.lemma_set & w.lemma_set) >= cfg.loose_shared


def attach_secondary(
    groups: list[list[int]],
    units: list[Unit],
    cfg: AlignConfig,
    sim: Similarity,
    published: Mapping[str, str | None] | None = None,
) -> list[list[int]]:
    """Groups where a sentence that states two things is also in its second claim's group.

    `align_units` puts each sentence in one group, but a sentence often carries
    two claims ("Rep. X, a Democrat, apologized on Monday"), each echoed by a
    sentence of another article. A sentence of an article that a group lacks
    joins it too when it is close to some member (`secondary_threshold`) and
    to the group as a whole (`secondary_floor`, mean similarity); the best such
    sentence per article.
    """
    assert cfg.secondary_threshold >= FLOOR and cfg.link_floor >= FLOOR
    assert cfg.secondary_every >= FLOOR
    day = _days(published)
    out: list[list[int]] = []
    for group in groups:
        have = {units[i].article for i in group}
        extra: dict[str, tuple[float, int]] = {}
        least = cfg.secondary_threshold if len(group) < 2 else cfg.secondary_every
        near = sorted({int(j) for i in group for j in sim.row(i, least)})
        for j in near:
            art = units[j].article
            if art in have or (len(group) == 1 and _chance(units[group[0]], units[j], cfg)):
                continue  # (a lone sentence and one sharing too little start no statement)
            if len(group) >= 2 and _one_speaker_across([j], group, units):
                continue  # (the speaker and one word: another thing they said)
            cross = sim.kept_block([j], group)
            if cross is None:
                continue
            score = float(cross[0].mean())
            # close to the group as a whole and to some member, or, to a statement of two
            # or more sentences, close to every one of them
            every = (
                len(group) >= 2
                and float(cross.min()) >= cfg.secondary_every
                and not any(_chance(units[i], units[j], cfg) for i in group)
                and not _days_apart(day, art, have, cfg.days_apart)
            )
            if not every and (
                float(cross.max()) < cfg.secondary_threshold
                or score < cfg.secondary_floor
                or float(cross.min()) < cfg.link_floor
                or all(_chance(units[i], units[j], cfg) for i in group)
            ):
                continue
            if art not in extra or score > extra[art][0]:
                extra[art] = (score, j)
        ranked = [j for _, j in sorted(extra.values(), key=lambda e: (-e[0], e[1]))]
        out.append(sorted(group + _cohering(ranked, sim, cfg)))
    return out


def _cohering(extra: list[int], sim: Similarity, cfg: AlignConfig) -> list[int]:
    """Of the sentences that may join a group (`attach_secondary`), closest first, those
    close to the ones taken before them as two groups must be to merge (`group_floor` on
    average, `link_floor` each): each is close to the group, but that alone does not make
    them one claim. A group of three short sentences that name the candidates ("How
    Donald Trump Could Become President.") had taken 36 more sentences that name them,
    one per article of a story of 300 on the campaign, each close to those three and
    many unlike each other ("The group also views President Barack Obama, Hillary
    Clinton, Bill Clinton, and Paul Ryan more favorably than Donald Trump." / "A new ad
    from Donald Trump's presidential campaign ...")."""
    taken: list[int] = []
    for j in extra:
        if not taken or close_enough([j], taken, sim, cfg):
            taken.append(j)
    return taken


def close_enough(a: list[int], b: list[int], sim: Similarity, cfg: AlignConfig) -> bool:
    """Are two groups of sentences close enough to merge: every pair across at
    `link_floor` or more, and `group_floor` on average? (A pair not kept is under FLOOR,
    so under link_floor: no merge.)"""
    cross = sim.kept_block(a, b)
    return (
        cross is not None
        and float(cross.mean()) >= cfg.group_floor
        and float(cross.min()) >= cfg.link_floor
    )


def list_items(
    sent: SpacySpan,
    solid: frozenset[str] = frozenset(),
    people: tuple[frozenset[str], ...] = (),
) -> tuple[Item, ...]:
    """The items of a list of figures in a sentence: three or more pieces in a row
    between commas or semicolons, each with an amount ("included $4,272.78 on the
    Navigator of the Seas cruise, $2,306.08 at Walt Disney World, ..."); () where it
    has none. A date's numbers are no amount."""
    if sum(map(_amount, sent)) < 3:
        return ()  # (most sentences: no list to cut)
    doc = sent.doc
    cuts = [sent.start] + [t.i + 1 for t in sent if t.text in {",", ";"}] + [sent.end]
    pieces = [doc[x:y] for x, y in zip(cuts, cuts[1:], strict=False) if y > x]
    best: list[SpacySpan] = []
    run: list[SpacySpan] = []
    for piece in pieces:
        run = [*run, piece] if any(_amount(t) for t in piece) else []
        if len(run) > len(best):
            best = run
    if len(best) < 3:
        return ()
    return tuple(
        Item(
            frozenset(content_lemmas(p, solid)),
            frozenset(t.text.lower().replace(",", "") for t in p if _amount(t)),
            _names(p, people),
            frozenset(t.lemma_.lower()[:STEM] for t in p if t.pos_ == "PROPN" and t.is_alpha),
        )
        for p in best
    )


def _amount(tok: Any) -> bool:
    """Is a token a figure (not a word, nor a year or a day that spaCy reads as a date)?"""
    if not tok.like_num or tok.is_alpha or not any(ch.isdigit() for ch in tok.text):
        return False
    return not (tok.ent_type_ in {"DATE", "TIME"} and DAY_OR_YEAR.fullmatch(tok.text))


# A number that dates: a day of the month or a year ("March 1", "in 2008")
DAY_OR_YEAR = re.compile(r"\d{1,2}(?:st|nd|rd|th)?|(?:1[89]|20)\d\d")


def _names(
    piece: SpacySpan, people: tuple[frozenset[str], ...]
) -> tuple[tuple[str, frozenset[str]], ...]:
    """The names of several words in a piece of a sentence that are not a person's or a
    group's (a shop, a place, an index: the people of a list of poll figures are in
    every item of it, and "Democratic" is no name of one thing), nor the words that
    call a person of the sentence (`people`: "Texas Senator Ted Cruz", which spaCy may
    read as an organisation's name)."""
    out = []
    for ent in span_ents(piece):
        words = [t for t in ent if not t.is_stop and t.is_alpha]
        stems = {t.lemma_.lower()[:STEM] for t in words}
        if any(stems <= p for p in people):
            continue
        if ent.label_ in NAME_LABELS - {"PERSON", "NORP"} and len(words) > 1:
            term = "ent:" + " ".join(t.lower_ for t in ent if not t.is_stop)
            out.append((term, frozenset(stems)))
    return tuple(out)


# The signs of a figure's kind: both sentences give an amount, not one word in common
SIGNS = frozenset({"$", "%"})


def _things(shared: frozenset[str], among: frozenset[str]) -> int:
    """How many things the content lemmas `shared` name: each name of `among` (`ent:`
    terms) once, however many of its words are shared."""
    names = sorted(_ent_terms(among))
    named = [name_words([t]) for t in names]
    plain = [t for t in shared if not t.startswith("ent:") and not any(t in w for w in named)]
    told = [t for t, w in zip(names, named, strict=True) if t in shared or w & shared]
    return len(plain) + len(told)


def attach_items(groups: list[list[int]], units: list[Unit]) -> list[list[int]]:
    """Groups where a sentence that lists figures is also in the group of each sentence
    of another article that tells one of its items.

    A list ("expenses ... included $4,272.78 on the Navigator of the Seas cruise,
    $2,306.08 at Walt Disney World, more than $10,000 at Best Buy, over $300 at
    Build-A-Bear ...") states as many facts as it has items, which other outlets tell
    one sentence each ("Mr. Jackson bought $10,977.74 worth of televisions ... at Best
    Buy"); its similarity with each of those sentences is low, the list being long. It
    joins the group of a sentence that gives an item's amount or name (`Item.told`)
    and two of its things (a name counted once; a figure), and half the item's words
    at least, where every sentence of that group does; one sentence per article, the
    closest.
    """
    listed = [u for u in units if u.items]
    if not listed:
        return groups
    marks = frozenset(m for u in listed for item in u.items for m in item.marks)
    holders: dict[str, list[int]] = {}
    for u in units:
        for m in u.lemma_set & marks:
            holders.setdefault(m, []).append(u.index)
    groups_of: dict[int, list[int]] = {}
    for g, group in enumerate(groups):
        for i in group:
            groups_of.setdefault(i, []).append(g)
    extra: dict[int, dict[str, tuple[float, int]]] = {}
    for u in listed:
        for item in u.items:
            # a sentence that holds none of the item's marks does not tell it
            near = {i for m in item.marks for i in holders.get(m, ())}
            scores = {i: _item_match(units[i].lemma_set, item) for i in near}
            for i, score in sorted(scores.items()):
                if units[i].article == u.article or score is None:
                    continue
                for g in groups_of.get(i, ()):
                    group = groups[g]
                    if any(units[k].article == u.article for k in group) or any(
                        scores.get(k) is None for k in group
                    ):
                        continue  # (every sentence of the group tells the item)
                    best = extra.setdefault(g, {})
                    if u.article not in best or score > best[u.article][0]:
                        best[u.article] = (score, u.index)
    return [
        sorted(group + [j for _, j in extra.get(g, {}).values()]) for g, group in enumerate(groups)
    ]


def _item_match(lemmas: frozenset[str], item: Item) -> float | None:
    """How much of a list's item a sentence tells (the share of the item's words), or
    None where it does not tell it: one of its marks, two things (an amount and its
    sign one), half its words, and half the words of its proper nouns: whom or what it
    is about ("Trump received 38 percent support" is not "Clinton wins with 38 percent
    support")."""
    shared = lemmas & item.lemmas
    plain, told = item.lemmas - SIGNS, shared - SIGNS
    things = _things(told, item.lemmas) + bool(shared & SIGNS and not told & item.amounts)
    if not item.told(lemmas) or things < 2 or 2 * len(told) < len(plain):
        return None
    if 2 * len(item.proper & lemmas) < len(item.proper):
        return None
    return len(told) / len(plain)


def article_heads(units: list[Unit]) -> dict[str, list[int]]:
    """Each article's two first sentences that say something (a headline run into the
    text and its lead, or the lead and the next), by unit index."""
    heads: dict[str, list[int]] = {}
    for u in units:  # in text order within each article
        if u.lemmas and len(heads.setdefault(u.article, [])) < 2:
            heads[u.article].append(u.index)
    return heads


def join_heads(
    groups: list[list[int]], units: list[Unit], cfg: AlignConfig, sim: Similarity
) -> list[list[int]]:
    """Groups, two of which are one where two or more articles state them in their two
    first sentences, each restating the other.

    A text whose headline runs into the report ("Senate confirms Merrick Garland as
    U.S. attorney general. The Senate on Wednesday voted to confirm ...", as scraped
    pages and data sets of "title. body" give it), or whose second sentence restates
    its lead, states its main fact twice. Alignment takes one sentence of an article
    per group, so the headlines of some outlets met the leads of others, and the rest
    made a second group: two key statements of one fact, each with every source (20
    of 100 neus-dev stories). Two groups join where at least two articles, and at
    least half the articles of the smaller group, have one of their two first
    sentences in each, the article's two close to each other (`group_floor`), and the
    groups' sentences of different articles close on average (`link_floor`). The
    joined group holds two sentences of those articles. (Without the half, in one
    story of 300 PolNeAR texts over months, statements of dozens of sentences that
    share a candidate's name met through two articles' headline and lead.)
    """
    member_of: dict[int, list[int]] = {}
    for g, group in enumerate(groups):
        if len(group) > 1:
            for i in group:
                member_of.setdefault(i, []).append(g)
    heads = article_heads(units)
    by_pair: dict[tuple[int, int], int] = {}  # two groups -> articles restating across them
    for pair in heads.values():
        if len(pair) < 2:
            continue
        first, second = pair
        twins = {
            (min(a, b), max(a, b))
            for a in member_of.get(first, ())
            for b in member_of.get(second, ())
            if a != b and second not in groups[a] and first not in groups[b]
        }
        if twins and float(sim.block([first], [second])[0, 0]) >= cfg.group_floor:
            for key in twins:
                by_pair[key] = by_pair.get(key, 0) + 1
    uf = UnionFind(len(groups))
    for (a, b), n in sorted(by_pair.items()):
        ga, gb = groups[a], groups[b]
        if n < 2 or 2 * n < min(len({units[i].article for i in g}) for g in (ga, gb)):
            continue  # (two statements of many articles that a few restate across: no twins)
        cross = [
            float(v)
            for i, row in zip(ga, sim.block(ga, gb), strict=True)
            for j, v in zip(gb, row, strict=True)
            if units[i].article != units[j].article
        ]
        if cross and sum(cross) / len(cross) >= cfg.link_floor:
            uf.union(a, b)
    joined: dict[int, set[int]] = {}
    for g, group in enumerate(groups):
        joined.setdefault(uf.find(g), set()).update(group)
    return [sorted(m) for m in joined.values()]


def centre(group: list[int], sim: Similarity, among: list[int] | None = None) -> int:
    """The member most similar to the rest of its group (ties: the earliest); with
    `among`, the most similar of those members."""
    if len(group) == 1:
        return group[0]
    scores = [float(row.sum()) for row in sim.block(group, group)]
    if among is not None and set(among) != set(group):
        allowed = set(among)
        best = max((s, -k) for k, s in enumerate(scores) if group[k] in allowed)
        return group[-best[1]]
    return group[int(np.argmax(scores))]


def embedding_vectors(texts: list[str]) -> np.ndarray:
    """Sentence embeddings, L2-normalised (the optional extra; a clear error when absent).

    The int8 ONNX MiniLM where it is installed (no torch, the same rankings on the
    gold, a tenth of the load time), else the torch MiniLM of the `embeddings` extra.
    """
    from storyline.crosscheck import semsim

    return semsim.sentence_vectors(texts, "onnx" if semsim.available("onnx") else "torch")
