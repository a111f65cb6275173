"""Stages `statements` and `per_source`: what the sources say, and how many say it.

`group_statements` aligns the sentences of all articles of a story (see
`align.py`) and turns each group into a `Statement`: one representative source
sentence verbatim as `text`, a citation for every supporting sentence, and
`support` = the number of independent sources (`ctx.support`: near-copies and
articles of one outlet count once). Sentences no other article echoes become
single-source statements, so that `per_source_view` can list what each article
alone says and which well-supported statements it leaves out.

A statement is one claim: sentences that give disagreeing values (a number, a
date, an ordinal, a negated verb) are split into separate statements
(`split_by_values`), and after the conflicts stage no statement may cite two
sides of one conflict (`split_disputed`). The groups as aligned, before the
split, are kept in `ctx.aligned` for the conflicts stage, which compares
exactly the sentences that state the same thing with other values.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from storyline.analyse.actors import (
    Actor,
    in_span,
    known_people,
    main_subject,
    other_people,
    person_subject,
)
from storyline.analyse.entities import name_parts
from storyline.analyse.quotes import (
    QuoteHit,
    QuoteIndex,
    quoted_ranges,
    within_quotation,
)
from storyline.analyse.speakers import SUBJ_DEPS, is_speech
from storyline.config import Config
from storyline.context import StoryContext
from storyline.crosscheck.align import (
    AlignConfig,
    Similarity,
    Unit,
    align_units,
    article_heads,
    attach_items,
    attach_secondary,
    centre,
    close_enough,
    close_in_meaning,
    discount_common,
    embedding_vectors,
    join_heads,
    loosely_aligned,
    sentence_units,
    similarity,
    unit_sentence,
)
from storyline.crosscheck.facts import (
    ADDED,
    EACH,
    WINDOW,
    WITH_ATTACKER,
    Value,
    comparable,
    compatible,
    story_values,
    toll_of,
)
from storyline.crosscheck.figures import CAUSE_LINKS, attack_of
from storyline.crosscheck.frames import act
from storyline.crosscheck.quote_match import containment, words
from storyline.memo import LastBuilt
from storyline.model import Conflict, SourceItem, SourceView, Span, Statement

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token


DEFAULT = AlignConfig()
# The groups the conflicts stage compares: sentences stating one thing, values aside, at
# the similarity its value tests were calibrated on (no discount, the former threshold).
CONFLICT_ALIGN = AlignConfig(
    threshold=0.33, loose_threshold=None, group_floor=0.25, link_floor=0.15
)
# Similarity at which an article's sentence still says what a statement says (not "left out");
# under it, a sentence that shares a content verb and `AlignConfig.loose_shared` content
# words with one of the statement's sentences says it too (`_near_articles`).
OMIT_FLOOR = 0.25
# Similarity at which another source's sentence echoes a single-source statement, which is
# then not that source's alone ("adds"): lower than OMIT_FLOOR, since "only this source
# says it" is the stronger claim. BASIL gold, the "adds" items covering a gold fact
# (benchmarks/crosscheck_gold.py): at 0.25 27 right / 65 wrong, 0.2 26 / 42, 0.15 23 / 28,
# 0.1 22 / 25; the seeds 2 / 14 -> 2 / 5. Of the 241 items of those nine stories 155 stay.
ECHO_FLOOR = 0.15
# Value kinds that say which one or how many times: in two sentences that state one
# thing, any two that disagree split them ("the third walkout this year" and "the
# fourth stoppage since January"), even where they are not sure enough for a conflict.
COUNTED = {"ordinal", "times"}
# The noun of a tenure that describes a person ("the second-term congressman", "a
# first-term senator"): its ordinal says who they are, not which time the statement's
# event is, and meets only another tenure's ("The investigation of the second-term
# congressman ... began more than two years ago" / "The Justice Department began
# investigating Grimm two years ago on allegations that he ... accepted improper
# donations during his first congressional campaign": one fact).
TENURE = "term"
NEGATIONS = {"not", "n't", "never", "no", "neither", "nor", "without"}
# Main verbs of a note that someone gave no comment ("did not respond", "declined to").
NO_COMMENT = {"respond", "reply", "comment", "decline", "return"}
# A sentence whose words are at least this share quoted words is someone's words.
QUOTED_SHARE = 0.5
# Two such sentences by different speakers are two claims unless this share of the
# shorter quotation's words is found, in order, in the longer (`quote_match.containment`).
SAME_WORDS = 0.5
# The same words of a quotation, this many or more, that two articles print make their
# sentences that carry them one statement, where this share of the shorter passage is in
# the longer, in order, and the shorter is this part of the longer's length at least
# (`_by_quotation`). BASIL crosscheck-gold: P 0.909 -> 0.911, R 0.463 -> 0.477.
QUOTE_WORDS = 6
QUOTE_SHARE = 0.8
QUOTE_PART = 0.5


def group_statements(ctx: StoryContext, cfg: Config) -> list[Statement]:
    """Statements of the story: the best supported first, then in order of appearance."""
    units = sentence_units(ctx)
    if not units:
        return []
    # with embeddings, the sentences' words make the pairs and the model admits those
    # under the threshold that say one thing (`AlignConfig.embed_gate`)
    vectors = embedding_vectors([u.text for u in units]) if cfg.embeddings else None
    loose = similarity(units, DEFAULT, distinctive=False)
    sim = discount_common(loose, units, DEFAULT)
    ctx.units, ctx.similarity, ctx.lexical, ctx.vectors = units, sim, loose, vectors
    published = {a.id: a.published for a in ctx.articles}
    ctx.aligned = [[_span(units[i]) for i in g]
                   for g in align_units(units, CONFLICT_ALIGN, loose, published=published)
                   if len(g) > 1]  # fmt: skip
    # a sentence that is mostly a quotation aligns only at the threshold
    quoted = frozenset(u.index for u in units if _quoted(ctx, u) is not None)
    groups = align_units(units, DEFAULT, sim, quoted=quoted, published=published, vectors=vectors)
    aligned = attach_items(attach_secondary(groups, units, DEFAULT, sim, published), units)
    aligned = join_heads(_by_quotation(ctx, aligned, units), units, DEFAULT, sim)
    values: dict[int, list[Value]] = {}
    aligned = _head_restated(ctx, aligned, units, sim, values)
    groups = [part for g in aligned for part in split_by_values(ctx, g, units, sim, values)]
    order = {a.id: i for i, a in enumerate(ctx.articles)}
    made: list[tuple[int, tuple[int, int], Statement]] = []
    seen: set[tuple[int, ...]] = set()
    for group in groups:
        if tuple(group) in seen:
            continue
        if len(group) == 1 and not units[group[0]].lemmas:
            continue  # a line that states nothing ("--Reuters", "Obama said.", "2:35 p.m.")
        seen.add(tuple(group))
        rep = units[centre(group, sim, among=_standing_alone(group, units))]
        cites = tuple(_span(units[i]) for i in sorted(group, key=lambda i: _pos(units[i], order)))
        support = ctx.support({units[i].article for i in group})
        made.append((support, _pos(units[group[0]], order), Statement(rep.text, support, cites)))
    made.sort(key=lambda m: (-m[0], m[1]))
    return distinct_texts(ctx, [m[2] for m in made])


def _head_restated(
    ctx: StoryContext,
    groups: list[list[int]],
    units: list[Unit],
    sim: Similarity,
    values: dict[int, list[Value]],
) -> list[list[int]]:
    """Groups, where an article's two first sentences that no other article's sentence
    joined are one when the second restates the first: a headline run into the report
    and its lead ("Impeachment: Democrats reject witness swap in Trump trial." / "US
    Democrats have ruled out a 'witness swap' with Republicans ..."), which had been two
    one-source statements, each listed as what the source adds. Restates: as close as
    one sentence must be to join a statement alone (`secondary_threshold`), and no value
    of one is at odds with the other's ("Nine persons killed 12 injured in terrorist
    attack" / "Six civilians were killed ...": a toll and the toll of a part)."""
    joined = {i for g in groups if len(g) > 1 for i in g}
    alone = {g[0]: n for n, g in enumerate(groups) if len(g) == 1 and g[0] not in joined}
    into: dict[int, int] = {}  # the second sentence's group -> the first's
    for first, *rest in article_heads(units).values():
        if not rest or first not in alone or rest[0] not in alone:
            continue
        second = rest[0]
        if float(sim.block([first], [second])[0, 0]) < DEFAULT.secondary_threshold:
            continue
        for i in (first, second):
            if i not in values:
                values[i] = unit_values(ctx, units[i])
        if not _values_at_odds(values[first], values[second]):
            into[alone[second]] = alone[first]
    if not into:
        return groups
    out = [list(g) for g in groups]
    for n, home in into.items():
        out[home] = sorted(out[home] + out[n])
    return [g for n, g in enumerate(out) if n not in into]


def _values_at_odds(a: list[Value], b: list[Value]) -> bool:
    """Does a value of one list have values of its kind in the other, none compatible?"""
    return any(
        (same := [y for y in b if y.kind == x.kind]) and not any(compatible(x, y) for y in same)
        for x in a
    )


def _by_quotation(ctx: StoryContext, groups: list[list[int]], units: list[Unit]) -> list[list[int]]:
    """Groups, and a group of the sentences of two or more articles that carry the same
    words of one quotation, where no group holds them together.

    The quotes stage matches a quotation however each article frames it ("mocking
    Grassley as a 'farmer from Iowa who never went to law school'" / "'Or you might
    have a farmer from Iowa who never went to law school, never practiced law ...,' he
    continued"), where the words around it share too little for alignment. Sentences
    carry the same words where each pair's shorter passage, of `QUOTE_WORDS` words or
    more, is nearly all in the longer one (`QUOTE_SHARE`, in order) and at least
    `QUOTE_PART` of its length: two articles that print different parts of one long
    quotation do not, nor does a line of it against the whole, which often says more
    ("But there's a one-in-three chance we could lose" against "I would say that there
    is a two-in-three chance that we win control of the House again, but ...").
    A group of some of those sentences grows to all of them; a sentence may also stay
    in the statement alignment gave it.
    """
    if not ctx.quotes:
        return groups
    by_article: dict[str, list[Unit]] = {}
    for u in units:  # in text order within each article
        by_article.setdefault(u.article, []).append(u)
    starts = {art: [u.start for u in us] for art, us in by_article.items()}

    def unit_at(span: Span) -> Unit | None:
        k = bisect_right(starts.get(span.article, []), span.start) - 1
        u = by_article[span.article][k] if k >= 0 else None
        return u if u is not None and span.end <= u.end else None

    held = [set(g) for g in groups]
    out = list(groups)
    for quote in ctx.quotes:
        passages: list[tuple[list[str], Unit]] = []
        for o in quote.occurrences:
            found = unit_at(o.span)
            if found is not None and len(ws := words(o.text)) >= QUOTE_WORDS:
                passages.append((ws, found))
        passages.sort(key=lambda p: -len(p[0]))
        sets: list[list[tuple[list[str], Unit]]] = []
        for ws, u in passages:
            fits = [
                g
                for g in sets
                if u.article not in {w.article for _, w in g}
                and all(
                    containment(ws, other) >= QUOTE_SHARE and len(ws) >= QUOTE_PART * len(other)
                    for other, _ in g
                )
            ]
            for g in fits:
                g.append((ws, u))
            if not fits:
                sets.append([(ws, u)])
        for g in sets:
            group = {u.index for _, u in g}
            if len(group) < 2 or any(group <= h for h in held):
                continue
            inside = [k for k, h in enumerate(held) if h < group]
            if inside:
                k = max(inside, key=lambda k: len(held[k]))
                out[k], held[k] = sorted(group), group
            else:
                out.append(sorted(group))
                held.append(group)
    return out


def distinct_texts(ctx: StoryContext, statements: list[Statement]) -> list[Statement]:
    """No two statements shown in the same words, and no sentence shown alone that a
    statement before it already cites.

    A sentence of two claims is in two statements (`attach_secondary`), and a
    statement cut by a conflict keeps sentences of its first text: either may lead
    with the same sentence as another statement, and the list would show it twice
    ("'Because neighboring states ...,' Suthers said. 'However, ...'" as 2 sources
    and again as 2 sources). The better supported (then earlier) keeps the words; the
    other is led by another sentence it cites, one that reads alone where it has one.
    Cutting two such statements can also leave one sentence as a statement of its
    own that a statement of two sources cites, and an article may print one sentence
    twice: neither says anything the list does not. Nor does a statement whose
    sentences are, article by article, the words of one kept already: a live blog
    that prints a line twice ("Ted Cruz has captured Texas and Oklahoma.", at two
    hours) had it twice in the list, each time with the one sentence of another
    outlet that states it. Words are compared with their spaces normalised.
    """
    taken = _Shown()
    cited: set[Span] = set()
    said: set[frozenset[tuple[str, str]]] = set()  # (article, words) of each kept
    out = []
    for st in statements:
        if len(st.citations) == 1 and st.citations[0] in cited:
            continue
        words = frozenset((c.article, _spaced(c.text(ctx.by_id))) for c in st.citations)
        if words in said:
            continue  # (the same citations, or copies of their lines)
        said.add(words)
        cited.update(st.citations)
        text = st.text
        if text in taken:
            others = [c.text(ctx.by_id) for c in st.citations]
            others = [t for t in others if t not in taken]
            if not others and len(st.citations) == 1 and taken.exactly(text):
                continue  # a sentence its article prints twice ("UPDATE:"): shown once
            alone = [t for t in others if reads_alone(t)]
            text = (alone or others or [text])[0]
        taken.add(text)
        out.append(st if text == st.text else replace(st, text=text))
    return out


def _spaced(text: str) -> str:
    """`text` with every run of white space one space, and none at its ends."""
    return " ".join(text.split())


class _Shown:
    """The texts statements are shown in, and whether another reads as one of them: the
    same words (spaces aside), or, among texts that open with the same 60 letters, one
    that holds the other ("'Throughout my many years ... a poor response.'" inside the
    same quotation run on) or ends in the same 30 letters (a name spelt two ways in the
    middle: "Hasakah" / "Hasakeh")."""

    HEAD, TAIL = 60, 30

    def __init__(self) -> None:
        self.exact: set[str] = set()
        self.by_head: dict[str, list[str]] = {}

    @staticmethod
    def _letters(text: str) -> str:
        return "".join(ch for ch in text.lower() if ch.isalnum())

    def add(self, text: str) -> None:
        self.exact.add(_spaced(text))
        key = self._letters(text)
        self.by_head.setdefault(key[: self.HEAD], []).append(key)

    def exactly(self, text: str) -> bool:
        return _spaced(text) in self.exact

    def __contains__(self, text: str) -> bool:
        if self.exactly(text):
            return True
        key = self._letters(text)
        return any(
            t in key or key in t or t[-self.TAIL :] == key[-self.TAIL :]
            for t in self.by_head.get(key[: self.HEAD], ())
        )


def _standing_alone(group: list[int], units: list[Unit]) -> list[int]:
    """The members a statement's text may be taken from: sentences that read alone
    (`reads_alone`), where the group has one, and no list of figures (`align.attach_items`:
    the list says more than the statement), and of an article's two (a headline and its
    lead, `align.join_heads`), the one of more words: the report, not the headline."""
    alone = [i for i in group if reads_alone(units[i].text)] or group
    alone = [i for i in alone if not units[i].items] or alone
    fullest: dict[str, int] = {}
    for i in alone:
        best = fullest.get(units[i].article)
        if best is None or len(units[i].lemmas) > len(units[best].lemmas):
            fullest[units[i].article] = i
    return sorted(fullest.values())


def reads_alone(text: str) -> bool:
    """Can a sentence be shown as what a statement says? Not one that points back to the
    sentence before it ("He added ...", "That extension ..."), nor a question in the
    writer's words ("A double dip recession?" beside "Summers warned that failure to
    pass ... would significantly raise the risk of a double-dip recession"): a
    question asks, and states nothing."""
    from storyline.digest.summary import points_back

    return not points_back(text) and not _asks(text)


def _asks(text: str) -> bool:
    """A question the writer asks (`summary.QUESTION`; a quoted one is someone's words,
    as printed)."""
    from storyline.digest.summary import QUESTION

    end = text.strip()
    return QUESTION.search(end) is not None and not end.startswith(("\u201c", '"'))


def split_by_values(
    ctx: StoryContext,
    group: list[int],
    units: list[Unit],
    sim: Similarity,
    cache: dict[int, list[Value]],
) -> list[list[int]]:
    """The group cut so that no two sentences of one part disagree on a value.

    Members join the first part none of whose sentences they clash with
    (`clash`), the most central first; each part keeps the text order. A part
    besides the first takes only a member close to its sentences as groups merge
    (`align.close_enough`): the sentences that the first part turned away are not one statement
    by that alone (in a story of 300 texts on one campaign, "When Barack Obama took
    office in 2008 with Hillary Clinton as his Secretary of State, ..." and "Indiana
    Gov. Mike Pence is joining his running mate Donald Trump in calling for a special
    prosecutor to investigate Hillary Clinton ..." were left together, 0.16 alike).
    """
    if len(group) < 2:
        return [group]
    for i in group:
        if i not in cache:
            cache[i] = unit_values(ctx, units[i])
    scores = {i: float(row.sum()) for i, row in zip(group, sim.block(group, group), strict=True)}
    ranked = sorted(group, key=lambda i: -scores[i])
    parts: list[list[int]] = []
    for i in ranked:
        home = next(
            (
                p
                for n, p in enumerate(parts)
                if not any(clash(ctx, units[i], units[j], cache) for j in p)
                and (n == 0 or close_enough([i], p, sim, DEFAULT))
            ),
            None,
        )
        if home is None:
            parts.append([i])
        else:
            home.append(i)
    return [sorted(p) for p in parts]


def clash(ctx: StoryContext, u: Unit, w: Unit, values: dict[int, list[Value]]) -> bool:
    """Do two sentences of different sources give disagreeing values or opposite polarity,
    or quote different people in other words (`_other_words`)?

    A value disagrees when the other sentence has values of its kind, none of
    them compatible with it (rounding, units and granularity forgiven), and one
    of them measures the same thing (`facts.comparable`; any ordinal or count of
    times, in sentences aligned as one statement). Polarity: one
    sentence negates the main verb that the other affirms, or tells that its doer did
    not, refused or has yet to do what the other says was done. Quotations: two of
    different people in other words (`_other_words`), or one beside a report that
    does not name its speaker (`_quote_and_report`).
    """
    if ctx.source_of.get(u.article, u.article) == ctx.source_of.get(w.article, w.article):
        return False
    vu, vw = values[u.index], values[w.index]
    for a in vu:
        same_kind = [b for b in vw if b.kind == a.kind]
        if a.kind in COUNTED:  # which one / how often: the number alone, windows aside
            same_kind = [b for b in same_kind if (TENURE in a.anchor) == (TENURE in b.anchor)]
            if same_kind and not {b.number for b in same_kind} & {
                x.number for x in vu if x.kind == a.kind
            }:
                return True
            continue
        if not same_kind or any(compatible(a, b) for b in same_kind):
            continue
        if any(
            comparable(a, b, close=True)
            and not any(compatible(b, x) for x in vu if x.kind == b.kind)
            for b in same_kind
        ):
            return True
    return (
        _other_tolls(vu, vw)
        or _opposite_polarity(ctx, u, w)
        or _state_and_event(ctx, u, w)
        or _other_words(ctx, u, w)
        or _other_actors(ctx, u, w)
        or _other_people(ctx, u, w)
        or _quote_and_report(ctx, u, w)
        or _other_attacks(ctx, u, w)
    )


# Marks of a count that is no toll of its own (`facts.comparable`): people added to one
# told elsewhere, the attacker among his victims, a figure per item or per window.
NO_TOLL = frozenset({ADDED, WITH_ATTACKER, EACH, WINDOW})


def _other_tolls(vu: list[Value], vw: list[Value]) -> bool:
    """Do two sentences each count the killed (or the wounded), with no count of the one
    agreeing with a count of the other? Two tolls, whoever they count: "At least 14
    civilians were killed by airstrikes ..." / "... (SDF) killed 35 Daesh ... militants
    ...", "Ten civilians were killed and another 17 injured ..." / "12 people were
    injured on Tuesday shelling." tell two things even where, counting other people,
    they are no disagreement (`facts.comparable`)."""
    for toll in ("killed", "wounded"):
        a = [v for v in vu if toll_of(v) == toll and not v.anchor & NO_TOLL]
        b = [v for v in vw if toll_of(v) == toll and not v.anchor & NO_TOLL]
        if a and b and not any(compatible(x, y) for x in a for y in b):
            return True
    return False


# What struck, as outlets name one attack otherwise: from the air or by artillery, a
# "bombing" or a "bombardment" ("Since Thursday bombing has killed 44 civilians" / "Since
# Thursday bombardment has killed 44 civilians"; rebels' rockets called "airstrikes")
TOLD_ALIKE = {frozenset({"bombing", "air strikes"}), frozenset({"shelling", "air strikes"})}
ONE_ATTACK = CAUSE_LINKS | TOLD_ALIKE


def _other_attacks(ctx: StoryContext, u: Unit, w: Unit) -> bool:
    """Two sentences telling of people killed or hurt by what struck, each by one attack's
    words, and not the same ("Group IS land mines killed wounded dozens in Syrian town" /
    "At least 29 people were killed and dozens wounded in a suicide bombing at a border
    crossing"; land mines / "killed in the US-led coalition airstrikes"): two incidents,
    whatever words of harm and counting they share."""
    a, b = _attack(ctx, u), _attack(ctx, w)
    if a is None or b is None:
        return False
    return not any(x == y or frozenset({x, y}) in ONE_ATTACK for x in a for y in b)


def _attack(ctx: StoryContext, u: Unit) -> frozenset[str] | None:
    """`figures.attack_of` of a sentence, worked out once per story (a group compares each
    of its sentences with many)."""
    return _once(_attacks, ctx, u, lambda: attack_of(unit_sentence(ctx, u)))


_attacks: LastBuilt[Unit, dict[int, frozenset[str] | None]] = LastBuilt(lambda units: {})
R = TypeVar("R")


def _once(
    memo: LastBuilt[Unit, dict[int, R]], ctx: StoryContext, u: Unit, read: Callable[[], R]
) -> R:
    """`read()` for sentence `u`, worked out once per story in `memo` (by unit index)."""
    found = memo(ctx.units or [])
    if u.index not in found:
        found[u.index] = read()
    return found[u.index]


def _quote_and_report(ctx: StoryContext, u: Unit, w: Unit) -> bool:
    """A sentence that is mostly someone's quotation and one in the reporter's own words
    that neither names that speaker nor reports an unnamed one, nor repeats the quoted
    words: two claims.

    A quotation states that its speaker said it; a reporter's sentence that shares two
    topic words with it ("'They've answered a question and it begs many more answers,'
    he said" / "Mr. Sestak first mentioned publicly in February that he had been offered
    a job but provided no details ... called on the administration to answer questions")
    states something else. The same claim in both keeps the speaker in the report ("Mr.
    Braley apologized to Senator Grassley and 'anyone I may have offended'"), or a
    speaker it does not name ("he said that the party had to admit ...", "the president
    said"), or most of the quoted words in order (`SAME_WORDS`). Measured
    (benchmarks/crosscheck_gold.py): BASIL grouping precision 0.890 -> 0.913, recall
    unchanged; read on the 50 BASIL dev events, 27 cross-outlet links cut, 3 of them
    a claim the two did share; on 300 PolNeAR texts 56 of 631 cut, 1 or 2 of them so.
    A report whose pronoun subject the quotes stage read as someone else
    (`_heard_from_others`), and the sentences of a quotation too long to be one unit
    (`_quoted`), cut 6 more links of the 50 events, 5 of them two claims (one kept
    "A Republican involved ... said it's airing in Miami" from the ad's cities).
    """
    qu, qw = _quoted(ctx, u), _quoted(ctx, w)
    if (qu is None) == (qw is None):
        return False  # both someone's words (`_other_words`), or neither
    said, report = (qu, w) if qu is not None else (qw, u)
    assert said is not None
    if not said[1]:
        return False  # the quotation's speaker is not known: nothing to tell them apart by
    if _names_any(report.text, said[1]):
        return False
    if _unnamed_speaker(ctx, report) and not _heard_from_others(ctx, report, said[1]):
        return False
    return containment(said[0], words(report.text)) < SAME_WORDS


def _names_any(text: str, speakers: set[str]) -> bool:
    """Whether the text names one of the speakers by surname ("Bauer's office"; "Jackson"
    for "Jesse L. Jackson Jr.")."""
    low = text.replace("\u2019", "'").lower()
    surnames = {name_parts(name)[1] for name in speakers} - {""}
    return any(re.search(rf"\b{re.escape(s)}\b", low) for s in surnames)


def _unnamed_speaker(ctx: StoryContext, u: Unit) -> bool:
    """Whether the sentence's main verb is a speech verb whose subject is a person named
    before ("he told the vice president", "the president said"; not "Parents asked"): it
    may report the quoted speaker."""
    span = unit_sentence(ctx, u)
    if span is None:
        return True  # not read: assume it may
    root = span.root
    if not is_speech(root):
        return False
    subj = main_subject(root, span)
    if subj is None or any(t.pos_ == "PROPN" for t in in_span(subj.subtree, span)):
        return False
    # "he", "she", or one person named before: "the president", "the congressman"
    return subj.tag_ == "PRP" or (
        subj.tag_ == "NN" and any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children)
    )


def _other_actors(ctx: StoryContext, u: Unit, w: Unit) -> bool:
    """Two outlets' notes that someone did not comment, of other people ("The Trump
    campaign did not respond to requests for comment" / "An attorney for Mills did not
    immediately respond to requests for comment"): the reporter's calls, not one claim
    that two sources make. The subjects are named by other proper nouns, neither of
    which the other sentence names. (Any two sentences of one main verb and subjects
    named otherwise split 5 pairs of the 50 BASIL events, 100 neus-dev clusters and
    300 PolNeAR texts, 4 of them wrongly: "US launches airstrike" / "The United
    States launched airstrikes", "GOP passes bill" / "The House just passed";
    so only these notes.)"""
    if "comment" not in u.text.lower() or "comment" not in w.text.lower():
        return False
    au, aw = _actor(ctx, u), _actor(ctx, w)
    if au is None or aw is None or au[0] != aw[0] or au[0] not in NO_COMMENT:
        return False
    return not (au[1] & aw[1]) and not (au[1] & aw[2]) and not (aw[1] & au[2])


def _other_people(ctx: StoryContext, u: Unit, w: Unit) -> bool:
    """Two sentences whose main verbs have other people for subjects, each not named in
    the other sentence (`actors.other_people`): "McCarthy, 49, began gathering
    commitments from other House Republicans" / "But Mr. Labrador's path to victory is
    steep ..."."""
    return other_people(_person_subject(ctx, u), _person_subject(ctx, w))


def _person_subject(ctx: StoryContext, u: Unit) -> Actor | None:
    """`actors.person_subject` of a unit's sentence, worked out once per story (a group
    compares each of its sentences with many)."""
    return _once(_subjects, ctx, u, lambda: _read_person_subject(ctx, u))


_subjects: LastBuilt[Unit, dict[int, Actor | None]] = LastBuilt(lambda units: {})


def _read_person_subject(ctx: StoryContext, u: Unit) -> Actor | None:
    span = unit_sentence(ctx, u)
    return None if span is None else person_subject(span, known_people(ctx.entities))


def _actor(ctx: StoryContext, u: Unit) -> tuple[str, frozenset[str], frozenset[str]] | None:
    """(main verb lemma, the proper nouns of its subject, every proper noun of the
    sentence), lower case; None without a subject naming someone."""
    span = unit_sentence(ctx, u)
    if span is None:
        return None
    root = span.root
    subj = main_subject(root, span)
    if subj is None:
        return None
    names = frozenset(t.lower_ for t in in_span(subj.subtree, span) if t.pos_ == "PROPN")
    if not names:
        return None
    every = frozenset(t.lower_ for t in span if t.pos_ == "PROPN")
    return root.lemma_.lower(), names, every


def _other_words(ctx: StoryContext, u: Unit, w: Unit) -> bool:
    """Two sentences that are mostly quotations of different speakers, in other words.

    "'The president supports measures to strengthen Social Security ...,' Carney
    said" and "'AARP is as committed as we've ever been to fighting to protect
    Social Security ...,' Mr. Rand said" share the topic's words and the
    attribution's shape, yet each states only that its speaker said it. On BASIL
    dev (50 events) 7 pairs split, 6 of them two claims to an editor's eye; the
    gold events unchanged (benchmarks/crosscheck_gold.py). Speakers must differ:
    one person's two quotes may state one fact ("I deeply regret my reaction" /
    "that's no excuse for my response", both an apology).
    """
    qu, qw = _quoted(ctx, u), _quoted(ctx, w)
    if qu is None or qw is None or not qu[1] or not qw[1] or qu[1] & qw[1]:
        return False
    return containment(qu[0], qw[0]) < SAME_WORDS


def _heard_from_others(ctx: StoryContext, report: Unit, speakers: set[str]) -> bool:
    """Does a sentence quote a few words of someone known who is none of `speakers`?

    "He claimed that not knowing about their security requests 'really, I think,
    cost these people their lives.'" reports Rand Paul, as the quotes stage read
    its "he": it is no report of Clinton's "the specific security requests ... were
    handled by the security professionals in the department", though both share
    "security requests" and a speech verb whose subject is a pronoun.
    """
    heard = {name_parts(h.speaker)[1] for h in _hits_over(ctx, report) if h.speaker} - {""}
    return bool(heard) and heard.isdisjoint(name_parts(name)[1] for name in speakers)


def _hits_over(ctx: StoryContext, u: Unit) -> list[QuoteHit]:
    """The story's quote hits that overlap a sentence, in text order."""
    return _quoted_memo(ctx.quote_hits or []).over(u.article, u.start, u.end)


def _quoted(ctx: StoryContext, u: Unit) -> tuple[list[str], set[str]] | None:
    """The quoted words of a sentence and their speakers, if most of its words are quoted
    (worked out once per sentence: a group compares each of its sentences with many).
    A quotation of several sentences gives each of them the words it holds of it."""
    index = _quoted_memo(ctx.quote_hits or [])
    key = (u.article, u.start, u.end)
    if key not in index.memo:
        over = _hits_over(ctx, u)
        text = ctx.by_id[u.article].text
        said = [x for h in over for x in words(text[max(h.start, u.start) : min(h.end, u.end)])]
        enough = over and len(said) >= QUOTED_SHARE * len(words(u.text))
        index.memo[key] = (said, {h.speaker for h in over if h.speaker}) if enough else None
    return index.memo[key]


class _QuotedMemo(QuoteIndex):
    """The story's quote index, and the sentences `_quoted` has read so far."""

    def __init__(self, hits: list[QuoteHit]) -> None:
        super().__init__(hits)
        self.memo: dict[tuple[str, int, int], tuple[list[str], set[str]] | None] = {}


_quoted_memo: LastBuilt[QuoteHit, _QuotedMemo] = LastBuilt(_QuotedMemo)


def _root_verb(ctx: StoryContext, u: Unit, reported: bool = False) -> Token | None:
    """The verb at the root of the sentence's parse, None where the root is no verb; with
    `reported`, the verb of what a root verb of saying reports ("..., the council said")."""
    span = unit_sentence(ctx, u)
    root = span.root if span is not None else None
    if reported and root is not None and is_speech(root):
        root = next((c for c in root.children if c.dep_ == "ccomp"), root)
    return root if root is not None and root.pos_ in {"VERB", "AUX"} else None


# Verbs whose complement did not happen ("refused to endorse", "failed to pay")
NOT_DONE = {"refuse", "decline", "fail", "neglect"}
# Verbs that say little alone: "could do more" and "are not doing enough" agree
LIGHT_VERBS = {"be", "do", "have", "get", "make", "go"}


def _not_done(t: Token) -> bool:
    """Is the verb negated, or the complement of a verb of not doing ("declined to
    endorse", "has yet to endorse", "did not want to endorse")?"""
    if any(c.dep_ == "neg" for c in t.children):
        return True
    if t.dep_ != "xcomp":
        return False
    h = t.head
    return (
        h.lemma_.lower() in NOT_DONE
        or any(c.dep_ == "neg" for c in h.children)
        or (h.lemma_.lower() == "have" and any(c.lower_ == "yet" for c in h.children))
    )


def _doer_words(t: Token, sent: SpacySpan) -> set[str]:
    """The names and nouns of the verb's subject (its controller's, for a complement),
    read inside the sentence (a parse may run over our sentence cuts)."""
    for v in (t, t.head) if t.dep_ == "xcomp" else (t,):
        subj = [c for c in v.children if c.dep_ in SUBJ_DEPS]
        if subj:
            return set(_nouns_under(subj, sent))
    return set()


def _nouns_under(heads: list[Token], sent: SpacySpan) -> frozenset[str]:
    """The lemmas of the names and nouns of these tokens' subtrees, read inside the
    sentence (a parse may run over our sentence cuts)."""
    return frozenset(
        x.lemma_.lower()
        for h in heads
        for x in in_span(h.subtree, sent)
        if x.pos_ in {"PROPN", "NOUN"}
    )


class _Deeds(NamedTuple):
    """What `_done_and_not_done` reads of one sentence: its main verb done, with the words
    of its doer and of what it was done to or for (None where the verb is no plain deed
    or the sentence negates anything); per verb it has, whether every instance is not
    done, with their doers' words; and per noun that "no" denies ("no claim of
    responsibility"), the words of what it is of or for."""

    done: tuple[str, frozenset[str], frozenset[str]] | None
    verbs: dict[str, tuple[bool, frozenset[str]]]
    denied: dict[str, frozenset[str]]


def _deeds(ctx: StoryContext, u: Unit) -> _Deeds:
    """`_Deeds` of a sentence, read once per story."""
    return _once(_deeds_memo, ctx, u, lambda: _read_deeds(unit_sentence(ctx, u)))


_deeds_memo: LastBuilt[Unit, dict[int, _Deeds]] = LastBuilt(lambda units: {})


def _read_deeds(sent: SpacySpan | None) -> _Deeds:
    """`_Deeds` of a sentence's parse (the main verb of what a verb of saying reports)."""
    if sent is None:
        return _Deeds(None, {}, {})
    verbs: dict[str, tuple[bool, frozenset[str]]] = {}
    denied: dict[str, frozenset[str]] = {}
    negates = False
    for t in sent:
        not_done = _not_done(t)
        negates = negates or not_done or t.lower_ in NEGATIONS
        if t.pos_ == "VERB":
            every, doers = verbs.get(t.lemma_.lower(), (True, frozenset()))
            verbs[t.lemma_.lower()] = (every and not_done, doers | _doer_words(t, sent))
        elif t.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "no" for c in t.children):
            denied[t.lemma_.lower()] = _object_words(t, sent)
    root = sent.root
    if is_speech(root):
        root = next((c for c in root.children if c.dep_ == "ccomp"), root)
    plain = not (
        negates
        or root.pos_ != "VERB"
        or root.lemma_.lower() in LIGHT_VERBS
        or any(c.tag_ == "MD" for c in root.children)
    )
    doer = frozenset(_doer_words(root, sent)) if plain else frozenset()
    done = (root.lemma_.lower(), doer, _object_words(root, sent)) if doer else None
    return _Deeds(done, verbs, denied)


def _object_words(t: Token, sent: SpacySpan) -> frozenset[str]:
    """The nouns and names of what a verb is done to or a noun is of or for: its direct
    object and the objects of its prepositions ("claimed responsibility for the attack",
    "no claim of responsibility"), read inside the sentence."""
    heads = [c for c in t.children if c.dep_ == "dobj"]
    heads += [g for c in t.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return _nouns_under(heads, sent)


def _done_and_not_done(ctx: StoryContext, u: Unit, w: Unit) -> bool:
    """One sentence tells that someone did a thing, the other that the same someone did
    not, refused or has yet to do it ("Trump on Friday endorsed the re-election of
    House Speaker Paul Ryan" / "While Trump has yet to endorse Ryan's re-election bid,
    ..."): the main verb of the one (no modal's, no light verb), negated wherever the
    other has it ("We have waited ... will not wait any longer" negates no waiting),
    with a word of its doer in common, where the affirming sentence negates nothing; or
    the other denies it as a noun of what it was done to or for ("There was no immediate
    claim of responsibility for the bombing." / "The Islamic State group claimed
    responsibility for the attack ...")."""
    du, dw = _deeds(ctx, u), _deeds(ctx, w)
    for plain, negating in ((du, dw), (dw, du)):
        if plain.done is None:
            continue
        lemma, doer, what = plain.done
        every, doers = negating.verbs.get(lemma, (False, frozenset()))
        if every and doer & doers:
            return True
        if what & negating.denied.get(lemma, frozenset()):
            return True  # "There was no claim of responsibility" / "... claimed responsibility"
    return False


def _opposite_polarity(ctx: StoryContext, u: Unit, w: Unit) -> bool:
    """Does one sentence deny what the other affirms: a deed done and not done
    (`_done_and_not_done`), or one root verb, negated in one sentence only, where the
    affirming sentence negates nothing?"""
    if _done_and_not_done(ctx, u, w):
        return True
    ru, rw = _root_verb(ctx, u), _root_verb(ctx, w)
    if ru is None or rw is None:
        return False
    if ru.lemma_.lower() != rw.lemma_.lower():
        return False
    neg_u, neg_w = (any(c.dep_ == "neg" for c in r.children) for r in (ru, rw))
    if neg_u == neg_w:
        return False
    # the affirming sentence must negate nothing at all ("applies only to X, and not Y"
    # and "does not apply to Y" agree)
    plain = rw if neg_u else ru
    return not any(t.dep_ == "neg" or t.lower_ in NEGATIONS for t in plain.sent)


def _state_and_event(ctx: StoryContext, u: Unit, w: Unit) -> bool:
    """Does one sentence tell of an act and the other of the state it left going on ("The
    council closed the bridge in the morning" / "The bridge remained closed on Wednesday")?
    Two claims: the one that a state lasted does not say who began it, or when."""
    ru, rw = _root_verb(ctx, u, reported=True), _root_verb(ctx, w, reported=True)
    if ru is None or rw is None:
        return False
    (a, lasting_a), (b, lasting_b) = act(ru), act(rw)
    return lasting_a != lasting_b and (a.startswith(b) or b.startswith(a))


def unit_values(ctx: StoryContext, u: Unit) -> list[Value]:
    """The comparable values of one sentence (numbers, dates, ordinals; see `facts.py`)."""
    return story_values(ctx, u.article, u.start, u.end)


def split_disputed(ctx: StoryContext, conflicts: list[Conflict]) -> list[Statement]:
    """`ctx.statements` with no statement citing two sides of one conflict.

    A statement whose citations fall on several sides of a conflict keeps the
    side of its representative sentence (or, where that takes no side, the
    best-supported side) and sentences on no side; every other side becomes a
    statement of its own, led by its first sentence. A name spelt two ways cuts
    nothing (`Conflict.of_claims`).
    """
    articles = ctx.by_id
    conflicts = [c for c in conflicts if c.of_claims]

    def cited(c: Span) -> str:
        return c.text(articles)

    # a conflict cuts only statements citing an article that one of its sides cites
    touching: dict[str, list[int]] = {}
    for n, conflict in enumerate(conflicts):
        for a in {c.article for side in conflict.sides for c in side.citations}:
            touching.setdefault(a, []).append(n)
    out: list[Statement] = []
    for st in ctx.statements:
        parts = [list(st.citations)]
        near = sorted({n for c in st.citations for n in touching.get(c.article, [])})
        for conflict in (conflicts[n] for n in near):
            parts = [q for p in parts for q in _cut(ctx, p, conflict, st.text, cited)]
        for part in parts:
            text = st.text if any(cited(c) == st.text for c in part) else cited(part[0])
            out.append(Statement(text, ctx.support({c.article for c in part}), tuple(part)))
    order = {id(s): n for n, s in enumerate(out)}
    return distinct_texts(ctx, sorted(out, key=lambda s: (-s.support, order[id(s)])))


def _cut(
    ctx: StoryContext,
    cites: list[Span],
    conflict: Conflict,
    lead: str,
    cited: Callable[[Span], str],
) -> list[list[Span]]:
    def side_of(c: Span) -> int | None:
        """The one side a sentence takes (none where it gives both values: an update)."""
        on = [
            n for n, side in enumerate(conflict.sides) if any(c.overlaps(x) for x in side.citations)
        ]
        return on[0] if len(on) == 1 else None

    sides = {n for c in cites if (n := side_of(c)) is not None}
    if len(sides) < 2:
        return [cites]
    lead_side = next((side_of(c) for c in cites if cited(c) == lead), None)
    if lead_side is None:
        lead_side = max(
            sorted(sides), key=lambda n: ctx.support({c.article for c in cites if side_of(c) == n})
        )
    keep = [c for c in cites if side_of(c) in {lead_side, None}]
    rest = [[c for c in cites if side_of(c) == n] for n in sorted(sides - {lead_side})]
    return [keep, *rest]


def per_source_view(ctx: StoryContext, cfg: Config) -> dict[str, SourceView]:
    """For each article: statements only its source makes, and supported ones it omits.

    "Unique" is by source (a copy of the article says the same, and is no other
    source); "omits" is by article: what this text leaves out. A statement the
    article does not cite is not "left out" when one of its sentences is still
    close to the statement (`_near_articles`): alignment keeps a sentence in one
    statement, and a source often states the same thing twice or in other words.
    """
    statements = ctx.statements or group_statements(ctx, cfg)
    source = ctx.source_of.get
    # per statement, once (not once per article): its sources and articles
    keys = [{source(c.article, c.article) for c in st.citations} for st in statements]
    cited = [{c.article for c in st.citations} for st in statements]
    wide = widely_reported(ctx)
    supported = [n for n, st in enumerate(statements) if st.support >= wide]
    near = _near_articles(ctx, statements, supported)
    printed = _quoting_articles(ctx, statements)
    single = [n for n, st in enumerate(statements) if st.support <= 1 and len(keys[n]) == 1]
    # what another source states in words close to it, or prints the quotation of, is
    # not this source's alone
    echoed = _near_articles(
        ctx,
        statements,
        single,
        ignore=lambda n, a: source(a, a) in keys[n],
        first=True,
        floor=ECHO_FLOOR,
    )
    # a sentence with no content words ("Obama said.", `align.only_attribution`) adds nothing
    empty = {(u.article, u.start, u.end) for u in ctx.units if not u.lemmas}
    unique_of: dict[str, list[int]] = {}
    for n in single:
        if echoed[n] or any(source(a, a) not in keys[n] for a in printed[n]):
            continue
        if all((c.article, c.start, c.end) in empty for c in statements[n].citations):
            continue
        for a in cited[n]:
            unique_of.setdefault(a, []).append(n)
    checkable = _checkable(ctx, [n for ns in unique_of.values() for n in ns], statements)
    out: dict[str, SourceView] = {}
    for art in ctx.articles:
        key = ctx.source_of.get(art.id, art.id)
        unique = [
            SourceItem(statements[n].text, statements[n].citations)
            for n in sorted(unique_of.get(art.id, []), key=lambda n: n not in checkable)
            if keys[n] == {key}
        ]
        omits = [
            SourceItem(statements[n].text, statements[n].citations)
            for n in supported
            if art.id not in cited[n] and art.id not in near[n] and art.id not in printed[n]
        ]
        out[art.id] = SourceView(tuple(unique), tuple(omits))
    return out


def _checkable(ctx: StoryContext, which: list[int], statements: list[Statement]) -> set[int]:
    """Those of the statements `which` a reader can check against other coverage: each
    reads alone and names someone or something, or gives a number or a date. A source's
    own items are listed with these first (the reports show the first few): "Adds: The
    message was hardly subtle. / But it certainly was debatable." told a reader little of
    what the source has that the others lack; the order among each kind is kept. A
    sentence inside someone's quotation that does not say whose words it is does not
    read alone ("Donald Trump is a disgusting fraud." from the middle of a quotation)."""
    marks: dict[str, list[int]] = {}  # article -> starts of names, numbers and dates
    for e in ctx.entities:
        for m in e.mentions:
            marks.setdefault(m.article, []).append(m.start)
    for art, qs in ctx.quantities.items():
        marks.setdefault(art, []).extend(q.span.start for q in qs)
    for art, ds in ctx.dates.items():
        marks.setdefault(art, []).extend(d.span.start for d in ds)
    for starts in marks.values():
        starts.sort()

    def marked(c: Span) -> bool:
        starts = marks.get(c.article, [])
        k = bisect_left(starts, c.start)  # the first mark at or after the sentence's start
        return k < len(starts) and starts[k] < c.end

    quoted = quoted_ranges(ctx)

    def in_quotation(c: Span) -> bool:
        text = ctx.by_id[c.article].text[c.start : c.end]
        return within_quotation(text, c.start, quoted.get(c.article, ()))

    return {
        n
        for n in which
        if reads_alone(statements[n].text)
        and any(marked(c) for c in statements[n].citations)
        and not all(in_quotation(c) for c in statements[n].citations)
    }


def widely_reported(ctx: StoryContext) -> int:
    """Least support of a statement that an article "leaves out" when it does not state it.

    Half the story's independent sources, and at least two: among three outlets
    two make a statement widely reported, among three hundred two do not, and
    listing every two-source statement as left out by every other article
    made the per-source view grow with the square of the story (a 300-article
    story's JSON was 170 MB, nearly all of it "leaves out").
    """
    return max(2, -(-ctx.support(list(ctx.source_of) or [a.id for a in ctx.articles]) // 2))


def _quoting_articles(ctx: StoryContext, statements: list[Statement]) -> list[set[str]]:
    """Per statement: articles that print a quotation one of its sentences carries.

    The quotes stage matches a quotation across articles however each one frames
    it (a long sentence of one outlet, a short one of another, words left out):
    an article that prints the quotation does not leave the statement out, though
    its sentence says little else that alignment could meet.
    """
    out: list[set[str]] = [set() for _ in statements]
    if not ctx.quotes:
        return out
    at: dict[str, list[tuple[int, int, int]]] = {}  # article -> (start, end, statement)
    for n, st in enumerate(statements):
        for c in st.citations:
            at.setdefault(c.article, []).append((c.start, c.end, n))
    for quote in ctx.quotes:
        printers = {o.span.article for o in quote.occurrences}
        if len(printers) < 2:
            continue
        for o in quote.occurrences:
            q = o.span
            for start, end, n in at.get(q.article, ()):
                if start <= q.start and q.end <= end:  # the quotation inside the sentence
                    out[n] |= printers
    return out


def _near_articles(
    ctx: StoryContext,
    statements: list[Statement],
    which: list[int],
    ignore: Callable[[int, str], bool] | None = None,
    first: bool = False,
    floor: float = OMIT_FLOOR,
) -> list[set[str]]:
    """Per statement: articles with a sentence close to one of its sentences: at `floor`
    (`OMIT_FLOOR`; "adds" asks `ECHO_FLOOR`), or sharing a content verb and
    `loose_shared` content words with it.

    What "leaves out" and "adds" read: a statement an article states in words
    close to it is neither left out by that article nor another source's alone.
    The second test is alignment's loose one (`align.loosely_aligned`, here with
    quotations too) at any similarity kept: a sentence that tells the same action
    with four of the same words tells the fact, though it says other things too
    and scores low ("The NAACP adopted a resolution Tuesday condemning 'racist
    elements' in the Tea Party movement ..." / "... passed a resolution Tuesday
    calling for Tea Party groups to weed 'racist elements' out of their ranks").
    Measured (benchmarks/crosscheck_gold.py): BASIL "leaves out" precision
    0.536 -> 0.600 (3 wrong items fewer, none right lost), the seeds unchanged;
    on the 50 BASIL dev events 30 of 255 items go, most of them stated by the
    article in other words.

    A pair of sentences that another statement already groups is close for that
    statement's claim ("The county shut the bridge on Tuesday after an inspection
    found cracks" and "The county shut the bridge"), so it does not count here.
    Found for the statements `which` (empty for the others), leaving out the
    articles `ignore(n, article)` names; with `first`, the first article found.
    """
    sim = ctx.similarity
    if sim is None or not ctx.units:
        return [set() for _ in statements]
    where = {(u.article, u.start, u.end): u.index for u in ctx.units}
    cited = [
        [where[k] for c in st.citations if (k := (c.article, c.start, c.end)) in where]
        for st in statements
    ]
    together: dict[int, set[int]] = {}
    for n, idx in enumerate(cited):
        for i in idx:
            together.setdefault(i, set()).add(n)
    units = ctx.units
    out: list[set[str]] = [set() for _ in statements]
    for n in which:
        near = out[n]
        for i in cited[n]:
            if first and near:
                break
            for j, value in zip(*sim.kept_row(i), strict=True):
                art = units[j].article
                if art in near or (ignore is not None and ignore(n, art)):
                    continue
                if (
                    value < floor
                    and not loosely_aligned(units[i], units[j], DEFAULT)
                    and not close_in_meaning(ctx.vectors, i, j, DEFAULT)
                ):
                    continue
                if not (together.get(i, set()) & together.get(j, set())) - {n}:
                    near.add(art)
                    if first:
                        break
    return out


def _span(u: Unit) -> Span:
    return Span(u.article, u.start, u.end)


def _pos(u: Unit, order: dict[str, int]) -> tuple[int, int]:
    return (order.get(u.article, 0), u.start)
