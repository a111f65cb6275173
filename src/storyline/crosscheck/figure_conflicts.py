"""Figures compared: which readings measure one thing, and where sources disagree.

Two figures measure the same thing when nothing in their keys contradicts
(a key part one sentence leaves unsaid is no contradiction); a figure that fits
several measures equally is kept apart rather than guessed. Values of one
measure that agree after rounding and hedges (`facts.compatible`) fold into
one value. Figures stated as plans ("plans to maintain tariffs of up to 55%")
are another measure than those in force.

`figure_conflicts` turns each measure on which independent sources give
different values into a `Conflict`: kind `update` when the sources say the
figure was revised ("rose to", "updated", "a previous toll of 112") or were
published on different days, its sides in time order; else the kind of the
values (number, count, ordinal).

The readings come from `figures.article_readings`; the measures the figures
stage grouped are reused by `figure_conflicts` while `ctx.figures` is that
stage's table of the same articles.

    >>> [c.kind for c in figure_conflicts(ctx)]    # doctest: +SKIP
    ['update']
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from lemminflect import getAllInflections, getInflection

from storyline.analyse.dates import WEEKDAYS
from storyline.analyse.doc_index import content_stems
from storyline.analyse.speakers import entity_index
from storyline.context import StoryContext
from storyline.crosscheck.facts import Value, compatible
from storyline.crosscheck.figures import (
    CAUSE_LINKS,
    LIGHT,
    REPORT_LAG,
    Key,
    Reading,
    article_readings,
    names_attack,
    part_and_whole,
    plural,
)
from storyline.crosscheck.frames import SPEECH
from storyline.model import Conflict, ConflictSide, Figure, FigureValue, Span


@dataclass
class Measure:
    """Readings of one measure, their values folded where they agree."""

    readings: list[Reading] = field(default_factory=list)

    def values(self) -> list[list[Reading]]:
        """Readings grouped by value: agreeing values (rounding, hedges) fold into one."""
        groups: list[list[Reading]] = []
        toll = bool(self.readings) and self.readings[0].key.thing == "killed"
        for r in sorted(self.readings, key=lambda r: (r.value.tol, r.sentence)):
            home = next(
                (g for g in groups if agree(g[0].value, r.value, toll, _hedges(g[0], r))), None
            )
            if home is None:
                groups.append([r])
            else:
                home.append(r)
        return groups


def agree(a: Value, b: Value, toll: bool = False, hedges: tuple[str, str] = ("", "")) -> bool:
    """Two values of one measure that can both be right (rounding, hedges, units).

    A count of events and an ordinal agree when they give one number: "three
    times" and "the third extension". Death tolls agree on one number, or a
    hedged one and an exact one close to it ("at least 30", "31"): "at least 100"
    and "some 80" are two counts of the dead, not one count rounded; a range holds
    every count in it ("between 20 and 30" and "22"). `hedges`: the
    words shown before each value; a bound holds its side ("at least 40" is no
    toll of 37, "nearly 40" none of 41).
    """
    if toll and (a.ranged or b.ranged):  # "between 20 and 30" holds every count in it
        return abs(a.number - b.number) <= max(a.tol, b.tol) + 1e-9
    if toll:
        exact = [v for v in (a, b) if v.tol <= 0.5]
        if len(exact) != 1:  # two exact counts, or two hedged ones: one number or two claims
            return a.number == b.number
        hedged, hedge = (b, hedges[1]) if exact[0] is a else (a, hedges[0])
        side = _bound_side(hedge)
        if side == "min" and exact[0].number < hedged.number:
            return False
        if side == "max" and exact[0].number > hedged.number:
            return False
        # "at least 30" and "31": the hedge covers a count close to it
        return abs(a.number - b.number) <= 0.1 * max(a.number, b.number)
    if {a.kind, b.kind} == {"times", "ordinal"}:
        return abs(a.number - b.number) <= max(a.tol, b.tol) + 1e-9
    return compatible(a, b)


def measures(ctx: StoryContext) -> list[Measure]:
    """Readings of the story grouped by what they measure, most-cited first."""
    readings = sorted(
        (r for a in ctx.articles for r in article_readings(ctx, a.id)),
        key=lambda r: (-r.key.detail(), r.sentence, r.value.start),
    )
    links = _place_links(readings)
    groups: list[Measure] = []
    # a measure's readings agree on what `same_measure` asks to be equal, so a reading
    # is tried only against the measures of its own kind (in the order they were made)
    of_kind: dict[tuple[object, ...], list[Measure]] = {}
    # each measure's distinct keys (many readings share one), and the keys' verdicts
    keys_of: dict[int, dict[Key, None]] = {}
    same: dict[tuple[Key, Key], bool] = {}
    # each measure's readings by sentence (`_beside`)
    told: dict[int, dict[Span, list[Reading]]] = {}

    def fits_all(k: Key, g: Measure) -> bool:
        for x in keys_of[id(g)]:
            if (k, x) not in same:
                same[k, x] = same_measure(k, x, links)
            if not same[k, x]:
                return False
        return True

    # and by their first reading's thing: a reading that names no spending and counts no
    # rate fits only measures whose every thing is its thing or a derivation of it
    of_thing: dict[tuple[object, ...], list[Measure]] = {}

    for r in readings:
        kind = _kind(r.key)
        if r.key.family == "percent" or r.key.named is not None:
            tried = of_kind.get(kind, [])
        else:
            tried = of_thing.get((*kind, _stem(r.key.thing)), []) if r.key.thing else []
        fits = [g for g in tried if fits_all(r.key, g) and not _beside(r, told[id(g)])]
        if r.key.toll and len(fits) > 1:
            # a toll that fits several: the attack it shares most evidence with, else the
            # attack most sources report, where it dominates
            shared = sorted(((_shared(r.key, g), i) for i, g in enumerate(fits)), reverse=True)
            size = sorted(((_sources(ctx, g), i) for i, g in enumerate(fits)), reverse=True)
            if shared[0][0] > shared[1][0]:
                fits = [fits[shared[0][1]]]
            elif size[0][0] >= 2 * size[1][0]:
                fits = [fits[size[0][1]]]
        if len(fits) > 1:
            # of several it fits, the one that gives this value, where one does: a sentence
            # of two values made two measures (`_beside`), which the next sentence giving
            # both fits each
            giving = [g for g in fits if any(agree(r.value, x.value) for x in g.readings)]
            fits = giving if len(giving) == 1 else fits
        if len(fits) == 1:
            home = fits[0]
        else:  # no measure, or several it could belong to: its own
            home = Measure([])
            groups.append(home)
            of_kind.setdefault(kind, []).append(home)
            of_thing.setdefault((*kind, _stem(r.key.thing)), []).append(home)
        home.readings.append(r)
        keys_of.setdefault(id(home), {})[r.key] = None
        told.setdefault(id(home), {}).setdefault(r.sentence, []).append(r)
    groups = _one_figure_once(ctx, groups, links)
    order = {id(g): i for i, g in enumerate(groups)}
    return sorted(
        groups,
        key=lambda g: (-ctx.support({r.sentence.article for r in g.readings}), order[id(g)]),
    )


def _beside(r: Reading, told: dict[Span, list[Reading]]) -> bool:
    """Does a measure hold another value of the sentence of `r`? A sentence that gives two
    values of what its words key alike gives two measures ("shows Obama leading Romney,
    49 percent to 44 percent", "outraising the college professor $5.4 million to
    $200,000"), not two values of one in dispute; unless it tells the one as an earlier
    figure of the other ("rose from 20 to 32", "updating a previous toll of 112")."""
    return any(
        not agree(r.value, x.value) and not (r.previous or x.previous or r.revised or x.revised)
        for x in told.get(r.sentence, ())
    )


def _one_figure_once(
    ctx: StoryContext, groups: list[Measure], links: set[frozenset[str]]
) -> list[Measure]:
    """Measures that each give one value, the same distinctive one, and differ only in
    the words for what was done with it, joined: "$750,000 in campaign cash" that one
    outlet says Jackson used, another spent and a third had to forfeit; "150 million
    tests" sent, detailed and dispatched. The keys keep apart figures that could
    disagree, so the same figure was shown as several measures of one source each,
    never as the one figure its sources agree on. Only a number seldom given by chance
    (`_distinctive`), in sentences that share two words besides it (`_told_alike`: a
    story of many articles gives "$1.5 million" for an ad buy in one and for another
    group's spending in another), says that two sentences give one figure; nothing
    else in the keys may differ (whose, on what, when, where, of whom, planned or
    not), and a toll's thing (killed, wounded) stays apart. The measures joined give
    one value, so no conflict comes of it."""
    value = [_distinctive(g) for g in groups]
    by_value: dict[tuple[str, float, str | None], list[int]] = {}
    for n, v in enumerate(value):
        if v is not None:
            by_value.setdefault(v, []).append(n)
    alike = ALIKE if ctx.support([a.id for a in ctx.articles]) < BIG else ALIKE_BIG
    said: dict[Reading, frozenset[str]] = {}  # each reading's words, read once

    def words(r: Reading) -> frozenset[str]:
        if r not in said:
            doc = ctx.docs[r.sentence.article]
            skip = ((r.value.start, r.value.end),)
            said[r] = content_stems(doc, r.sentence.start, r.sentence.end, skip, LIGHT_VERBS)
        return said[r]

    joined: dict[int, Measure] = {}  # the first measure of each joined set, by its index
    into: dict[int, int] = {}
    for same in by_value.values():
        for k in same[1:]:
            home = next(
                (
                    n
                    for n in same
                    if n < k
                    and n not in into
                    and all(
                        _same_figure(a.key, b.key, links)
                        for a in joined.get(n, groups[n]).readings
                        for b in groups[k].readings
                    )
                    and _told_alike(joined.get(n, groups[n]), groups[k], alike, words)
                ),
                None,
            )
            if home is not None:
                joined[home] = Measure([*joined.get(home, groups[home]).readings,
                                        *groups[k].readings])  # fmt: skip
                into[k] = home
    return [joined.get(n, g) for n, g in enumerate(groups) if n not in into]


# Words two sentences that give one figure share besides it (`_told_alike`), and in a
# story of `BIG` sources or more, whose own words ("campaign", "primary", "donors") many
# sentences on other things share.
ALIKE, ALIKE_BIG, BIG = 2, 3, 10


def _told_alike(
    home: Measure, other: Measure, alike: int, words: Callable[[Reading], frozenset[str]]
) -> bool:
    """Does every sentence of `other` share `alike` content words (`words`: nouns, names,
    verbs, adjectives, by stem) other than the figure's own with some sentence of `home`?

    PolNeAR's 924 texts as one story, read: at two words, 24 figures joined, 21 across
    articles, about 15 of those rightly (the 1,237 delegates needed, "$250 million"
    invested in the Doral resort), the rest amounts of one size on other things
    ("$2.5 million" that three super PACs each spent, "$1.5 million" in two primaries,
    two 104-page documents); at three, 15 across articles, one wrongly (two super PACs'
    $2.5 million on ads that name Rubio), two right ones lost. BASIL 50, NeuS 100 and
    FA-KES 42, stories of a few sources each, at two: 10 figures joined, all rightly;
    at three one of them is lost (11 million undocumented immigrants)."""
    said = [words(r) for r in home.readings]
    return all(any(len(words(r) & w) >= alike for w in said) for r in other.readings)


# Verbs too common to say that two sentences tell one thing.
LIGHT_VERBS = frozenset({"be", "have", "say", "do", "make", "get", "take"})


def _distinctive(m: Measure) -> tuple[str, float, str | None] | None:
    """The one value a measure gives, where its readings give one number that a sentence
    seldom gives by chance: three significant digits or more (225 pages, 43,350, 3.25%),
    or two in a thousand or more (750,000, 1.5 million); not 500, 3,000 or "$600", nor
    89 or 47 percent, of which a story of polls and counts gives many."""
    values = {(r.value.kind, r.value.number, r.value.unit) for r in m.readings}
    if len(values) != 1 or any(r.value.ranged for r in m.readings):
        return None
    (value,) = values
    digits = len(Decimal(f"{value[1]:.6g}").normalize().as_tuple().digits)
    if digits >= 3 or digits == 2 and value[0] != "percent" and abs(value[1]) >= 1000:
        return value
    return None


def _same_figure(a: Key, b: Key, links: set[frozenset[str]]) -> bool:
    """Could two keys of one value be one figure (`_one_figure_once`): `same_measure` with
    the words for the doing set aside, a thing one of them leaves unsaid taken as the
    other's (and one both leave unsaid as one thing)."""
    if a.toll or b.toll:
        return a.thing == b.thing and same_measure(a, b, links)
    thing_a, thing_b = a.thing or b.thing or "", b.thing or a.thing or ""
    return same_measure(
        replace(a, verb=None, thing=thing_a), replace(b, verb=None, thing=thing_b), links
    )


def _stem(thing: str | None) -> str | None:
    """The part of a thing measured that `_derived` words share: a short word whole, else
    its first five letters."""
    return thing if thing is None or len(thing) < 5 else thing[:5]


def _kind(k: Key) -> tuple[object, ...]:
    """What two keys must share for `same_measure` to take them as one measure."""
    return (k.family, k.planned, k.period, k.victims)


def _shared(k: Key, m: Measure) -> int:
    """How many kinds of evidence (what struck, the day, the place) a toll shares with a measure."""
    return sum(
        (
            any(k.cause & x.key.cause for x in m.readings),
            any(k.places & x.key.places for x in m.readings),
            k.day != (None, None) and any(_same_day_named(k, x.key) for x in m.readings),
        )
    )


def _same_day_named(a: Key, b: Key) -> bool:
    return bool(a.day[0] and a.day[0] == b.day[0]) or (
        a.day[1] is not None and a.day[1] == b.day[1]
    )


def _sources(ctx: StoryContext, m: Measure) -> int:
    return ctx.support({r.sentence.article for r in m.readings})


def _place_links(readings: list[Reading]) -> set[frozenset[str]]:
    """Places named together in one clause somewhere in the story ("X in Y province")."""
    out: set[frozenset[str]] = set()
    for r in readings:
        for a in r.key.places:
            for b in r.key.places:
                if a != b:
                    out.add(frozenset({a, b}))
    return out


def same_measure(a: Key, b: Key, links: set[frozenset[str]] | None = None) -> bool:
    """True when nothing in two keys contradicts and they name one thing measured.

    `links`: pairs of places the story names together (one inside the other).
    """
    if a.family != b.family or a.planned != b.planned or a.period != b.period:
        return False
    if a.victims != b.victims:
        return False
    roles_a, roles_b = dict(a.roles), dict(b.roles)
    if any(k in roles_b and not _same_party(roles_b[k], v) for k, v in roles_a.items()):
        return False
    if a.named is not None and b.named is not None:
        return a.named == b.named  # amounts on one named thing, whatever the spending is called
    if _apart(a.cause, b.cause, CAUSE_LINKS) or _apart(a.places, b.places, links or set()):
        return False
    if not _same_day(a.day, b.day) or not _same_week(a, b):
        return False
    if a.family == "percent" and a.verb != b.verb:
        return False  # a share of those who do one thing is none of those who do another
    # a share of one people ("31 percent of Republican voters") is none of everyone asked
    # ("Trump received 38 percent support")
    if a.family == "percent" and ("of" in roles_a) != ("of" in roles_b):
        return False
    if a.thing is not None and b.thing is not None:
        if not _derived(a.thing, b.thing):
            return False
    elif a.family != "percent":
        return False
    elif not set(roles_a) & set(roles_b) - {"holder", "of"} and not (
        a.verb and "of" in roles_a and "of" in roles_b
    ):
        # a rate without its thing is keyed by whose goods it is on; a share "of" a people
        # by what they do ("75 percent of Democrats said yes" to one question, "viewed as
        # honest by 55 percent of Democrats": two measures)
        return False
    if a.family.startswith("money:") and a.verb and b.verb and a.verb != b.verb:
        return False  # money raised is no money spent, earned none lost
    return not (a.family == "count" and not a.toll and a.verb != b.verb)


def _same_party(a: str, b: str) -> bool:
    """One party of a figure, as two sentences name it: the same name, or a one-word name
    that is a word of the other ("Jackson" and "Jesse L. Jackson Jr.", as a story calls
    a person by the surname after the full name)."""
    if a == b:
        return True
    short, full = sorted((a, b), key=len)
    return " " not in short and short in full.replace(".", " ").split()


def _apart(xs: frozenset[str], ys: frozenset[str], links: Collection[frozenset[str]]) -> bool:
    """Both name some, and none of one is any of the other or linked to it."""
    return bool(
        xs and ys and not xs & ys and not any(frozenset({x, y}) in links for x in xs for y in ys)
    )


def _derived(a: str, b: str) -> bool:
    """One word or a derivation of it: "extend" / "extension", "kill" / "killing"."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 5 and n >= 0.8 * min(len(a), len(b))


def _same_week(a: Key, b: Key) -> bool:
    """Tolls told without a day are of the week before their article: an attack a
    month earlier, named by its day, or one told in an article a month apart, is another."""
    days = []
    for k in (a, b):
        when = k.day[0] or k.reported
        if when is None:
            return True
        days.append(date.fromisoformat(when))
    gap = abs((days[0] - days[1]).days)
    return gap <= REPORT_LAG or (a.day[0] is not None and b.day[0] is not None)


def _same_day(a: tuple[str | None, int | None], b: tuple[str | None, int | None]) -> bool:
    if a[0] and b[0]:
        return a[0] == b[0]
    if a[1] is not None and b[1] is not None:
        return a[1] == b[1]
    return True


def figure_table(ctx: StoryContext) -> list[Figure]:
    """The figures table of the story (stage `figures`): every measure, its values, sources."""
    labelled = _labelled(measures(ctx))
    table = [_figure(m, label) for m, label in labelled]
    _TABLE.clear()
    _TABLE.append(_Table(weakref.ref(ctx), _inputs(ctx), table, labelled))
    return table


@dataclass(frozen=True)
class _Table:
    """The last figures table made, with its measures, for `figure_conflicts` to reuse."""

    ctx: weakref.ReferenceType[StoryContext]
    inputs: tuple[object, ...]
    table: list[Figure]
    labelled: list[tuple[Measure, str]]


_TABLE: list[_Table] = []  # one: the stages run story by story


def _inputs(ctx: StoryContext) -> tuple[object, ...]:
    """What the measures of a story are read from (the objects, not their contents)."""
    return (
        tuple((id(a), id(ctx.docs.get(a.id)), id(ctx.quantities.get(a.id)),
               id(ctx.dates.get(a.id))) for a in ctx.articles),
        tuple(sorted(ctx.source_of.items())),
    )  # fmt: skip


def _measured(ctx: StoryContext) -> list[tuple[Measure, str]]:
    """The labelled measures of the story: the figures stage's when `ctx.figures` is its
    table of these articles, else read again."""
    last = next(iter(_TABLE), None)
    if (
        last is not None
        and last.ctx() is ctx
        and last.table is ctx.figures
        and last.inputs == _inputs(ctx)
    ):
        return last.labelled
    return _labelled(measures(ctx))


# Hedges that bound a figure from below or above; others ("about", "some") go both ways.
MIN_HEDGES = ("at least", "more than", "over", "upwards of")
MAX_HEDGES = ("at most", "nearly", "almost", "up to", "fewer than", "less than", "under",
              "close to")  # fmt: skip


def _bound_side(hedge: str) -> str | None:
    low = hedge.lower()
    if low.startswith(MIN_HEDGES):
        return "min"
    return "max" if low.startswith(MAX_HEDGES) else None


def _hedges(a: Reading, b: Reading) -> tuple[str, str]:
    """The words each reading shows before its number ("at least" of "at least 40")."""

    def hedge(r: Reading) -> str:
        return r.shown[: -len(r.value.text)].strip() if r.shown.endswith(r.value.text) else ""

    return hedge(a), hedge(b)


def figure_values(m: Measure) -> list[FigureValue]:
    return [FigureValue(g[0].shown, _cites(g)) for g in m.values()]


def _cites(readings: Sequence[Reading]) -> tuple[Span, ...]:
    return tuple(sorted({r.sentence for r in readings}))


def _figure(m: Measure, label: str) -> Figure:
    return Figure(label, tuple(figure_values(m)))


def _labelled(ms: list[Measure]) -> list[tuple[Measure, str]]:
    out: list[tuple[Measure, str]] = []
    seen: dict[str, int] = {}
    for m in ms:
        label = measure_label(m)
        seen[label] = seen.get(label, 0) + 1
        out.append((m, label if seen[label] == 1 else f"{label} ({seen[label]})"))
    return out


def measure_label(m: Measure) -> str:
    """A short name of what a measure measures, from the most specific of its keys."""
    keys = [r.key for r in m.readings]
    k = max(keys, key=lambda x: x.detail())
    causes = sorted({c for x in keys for c in x.cause})
    day = next((x.day for x in keys if x.day != (None, None)), (None, None))
    roles = dict(sorted({r for x in keys for r in x.roles}))
    if k.toll:
        bits = [", ".join(causes)] if causes else []
        if day[0]:
            bits.append(day[0])
        elif day[1] is not None:
            bits.append(next(w for w, n in WEEKDAYS.items() if n == day[1]).title())
        if k.period:
            bits.append(
                k.period
                if k.period.startswith("in ")
                else f"over a {k.period}"
                if k.period != "since"
                else "running total"
            )
        what = f"{k.victims or 'people'} {k.thing}"
        if k.victims == "civilians":
            what += " (part of a toll)"
        elif k.victims == "part":  # "109 of the dead"
            what = f"people {k.thing} (part of a toll)"
        elif k.victims == "people and attacker":  # "3 dead, including the gunman"
            what = f"people {k.thing}, the attacker counted"
        label = what + (f" ({'; '.join(bits)})" if bits else "")
    else:
        # a thing is a word: a mark a page's table left ("| 85% | 1 tackle") names nothing
        worded = [x for x in keys if x.thing and any(c.isalpha() for c in x.thing)]
        nouns = [x.thing for x in worded if x.thing and x.family == "event" and x.verb == "noun"]
        thing = next(iter(nouns), None) or next((x.thing for x in worded if x.thing), "figure")
        counted = k.family == "count" and thing.isalpha()
        # a count reads "pages released", "arrests made" ("page release" read as a noun:
        # "lady judge"); the sayer of a count is no measure of it ("two people said")
        parts = [plural(thing) if counted else thing]
        if counted and k.verb and k.verb.isalpha() and k.verb not in LIGHT | SPEECH:
            parts.append(participle(k.verb))
        acts = {x.verb for x in keys if x.family.startswith("money:") and x.verb}
        if len(acts) == 1:  # "group raised (USD)" beside "groups spent (USD)"
            parts.append(participle(acts.pop()))
        named = next((x.named for x in keys if x.named), None)
        if named:  # "vacation on Martha's Vineyard Holistic Retreat"
            parts.append("on " + " ".join(w[:1].upper() + w[1:] for w in named.split()))
        holder = None
        for role, party in roles.items():
            name = party.upper() if len(party) <= 3 else party.title()
            if role == "holder":
                holder = name
            elif role.endswith(" goods"):
                parts.append(f"{role.split()[0]} goods from {name}")
            elif not (named and party in named):
                parts.append(f"{role} {party}")
        if holder:
            parts.append(f"(set by {holder})")
        unit = {"percent": " (%)", "event": " (how many)", "duration": " (days)"}.get(k.family)
        if k.family.startswith("money:"):
            unit = f" ({k.family.split(':', 1)[1] or 'money'})"
        label = " ".join(parts) + (unit or "")
    return label + (" (planned)" if k.planned else "")


# Past participles where the first of LemmInflect's forms is not ours (`participle`): the
# American "got", "cost" and "bet", "controlled" (its first form "controled"), "redone".
IRREGULAR = {"get": "got", "cost": "cost", "bet": "bet", "control": "controlled",
             "redo": "redone"}  # fmt: skip


MODALS = frozenset({"can", "could", "may", "might", "must", "shall", "should", "will", "would"})
# One syllable, one vowel, one consonant after it: the consonant doubles before "-ed".
_DOUBLED = re.compile(r"[^aeiou]*[aeiou][bdgklmnprt]")


def participle(verb: str) -> str:
    """The past participle of a verb's lemma: "raise" -> "raised", "spend" -> "spent".

    From LemmInflect's tables of English inflections, the first of its forms ("beat"
    -> "beaten", "sidestep" -> "sidestepped", "rebuild" -> "rebuilt": the spelling rule
    had written "meetings beated", "leaders sidesteped"), but the American spelling
    where the first is the British one and the rule's is among the forms ("equaled",
    "leaned", not "equalled", "leant"); `IRREGULAR` where ours differs; the rule for a
    verb it does not know and for a modal ("can" -> "canned", not "could")."""
    if verb in IRREGULAR:
        return IRREGULAR[verb]
    ruled = _ruled_participle(verb)
    if verb in MODALS:
        return ruled
    table = getAllInflections(verb, upos="VERB")
    # a regular verb's table may hold its past only ("sidestep": "sidestepped"); a verb
    # out of the table by its spelling rules
    done = table.get("VBN") or table.get("VBD") or getInflection(verb, "VBN")
    if not done:
        return ruled
    first = str(done[0])
    british = (first.endswith("lled") and ruled.endswith("led")) or (
        first.endswith("t") and ruled.endswith("ed")
    )
    return ruled if british and ruled in {*done, *table.get("VBD", ())} else first


def _ruled_participle(verb: str) -> str:
    if _DOUBLED.fullmatch(verb):  # "spur" -> "spurred", "plan" -> "planned"
        return verb + verb[-1] + "ed"
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


# --- conflicts -------------------------------------------------------------------------


def figure_conflicts(ctx: StoryContext) -> list[Conflict]:
    """Measures on which independent sources give different values, as conflicts.

    `merged` puts them beside the conflicts of aligned sentences: the same
    disagreement twice would read as two.
    """
    out: list[Conflict] = []
    names = _Names(ctx)
    for m, label in _measured(ctx):
        if ctx.support({r.sentence.article for r in m.readings}) < 2:
            continue
        stated = Measure(_stated(m.readings)).values()
        disputing = _disputed(ctx, stated, names) if len(stated) >= 2 else set()
        if not disputing:
            continue
        # a reader sees the values in dispute, not every part or place an article adds
        groups = Measure([r for g in stated for r in g if id(r) in disputing]).values()
        if len(groups) < 2:
            continue  # (the values in dispute read as one, "about $12" and "$12")
        out += _conflicts(ctx, label, groups)
    return out


def _conflicts(ctx: StoryContext, label: str, groups: list[list[Reading]]) -> list[Conflict]:
    """The conflict of one measure's values; of a toll updated over days, the update and a
    dispute of the tolls that do not fit it.

    A count of the dead only grows as it is updated, so a toll told on one day that
    is larger than one told on a later day is no step of the update but another
    estimate: FA-KES, Khan Sheikhun, 4 April 2017: the Observatory's 58, then 72, and
    days later "some 80" make the update, while the health directorate's "at least
    100" of the first day disputes them (as the data set's reader judged it), where
    one update "58 → 72 → 100 → 80" said the toll was revised down. The update keeps
    the longest run of tolls that grows over time (of two as long, the one that ends
    later: the latest figure is the update's); the other tolls are disputed, each
    against every toll of the update.
    """
    if not (_updated(groups) and groups[0][0].key.toll):
        return [_conflict(ctx, label, groups)]
    ordered = _in_time(groups, toll=True)
    run = set(_growing([g[0].value.number for g in ordered]))
    # a toll its article calls earlier or revised ("the previous toll was 12") is a step
    # of the update wherever it falls
    run |= {i for i, g in enumerate(ordered) if any(r.previous or r.revised for r in g)}
    if len(run) == len(ordered):
        return [_conflict(ctx, label, groups)]
    kept = [g for i, g in enumerate(ordered) if i in run]
    rest = [g for i, g in enumerate(ordered) if i not in run]
    out = [_conflict(ctx, label, kept)] if len(kept) >= 2 else []
    return out + [_conflict(ctx, label, rest + kept, dispute=True)]


def _growing(numbers: list[float]) -> list[int]:
    """Indices of the longest run of `numbers` (in their order) that never falls; of two
    as long, the one that ends later, and from its end back the later of two as good."""
    best: list[tuple[int, int]] = []  # per index: (length of the run ending there, previous)
    for i, n in enumerate(numbers):
        length, prev = 1, -1
        for j in range(i):
            if numbers[j] <= n and best[j][0] + 1 >= length:
                length, prev = best[j][0] + 1, j
        best.append((length, prev))
    end = max(range(len(numbers)), key=lambda i: (best[i][0], i))
    run = []
    while end >= 0:
        run.append(end)
        end = best[end][1]
    return run[::-1]


def _stated(readings: list[Reading]) -> list[Reading]:
    """The values each article states as its figure for a measure, and revisions of it.

    An article's figure is the first it gives (news leads with it); later ones
    in the same article are more often the figure of a part, a place, or an
    earlier attack than another claim about the same thing, unless they are
    marked as revised ("rose to") or earlier ("a previous toll of 112"), or
    credited to another source than the first ("pro-government media said 22
    were killed ... the Observatory said the toll was at least 24"): each
    source an article quotes states its own figure.
    """
    first: dict[str, Reading] = {}
    quoted: dict[tuple[str, str], Reading] = {}
    # a toll that names its attack (cause, day or place) before one that does not
    for r in sorted(
        readings, key=lambda r: (not names_attack(r.key), r.sentence.start, r.value.start)
    ):
        if not r.previous:
            first.setdefault(r.sentence.article, r)
            if r.speaker is not None:
                quoted.setdefault((r.sentence.article, r.speaker), r)
    keep = {id(r) for r in first.values()}
    keep |= {id(r) for (art, who), r in quoted.items() if who != first[art].speaker}
    return [r for r in readings if id(r) in keep or r.previous or r.revised]


def _disputed(ctx: StoryContext, groups: list[list[Reading]], names: _Names) -> set[int]:
    """Readings (by id) of two values of the measure that two independent sources give
    about one thing.

    Tolls must also share evidence that they count one attack (what struck, the
    day or the place), not only lack a contradiction: a story of several
    attacks gives several tolls that no source disputes. Counts of other things
    ("500 people", "3000 people") and rates must share a party or place ("Trump has
    ... just 1 percent" is not disputed by "The Democratic nominee ... sits at 85
    percent support among black voters in Florida"); an amount whose owner is named
    is not disputed by one of no one named ("Mrs. Clinton's tax plan would raise
    $1.1 trillion" / "his plan would dole out more than $4 trillion"). Counts of events,
    ordinals, durations and amounts must share a party or place (or the named thing an
    amount was spent on), or their sentences someone or something they name (`_Names`):
    a measure of one noun is often two things in a story followed over months
    ("Lopez's show was cancelled after a two-year run" / "12-year runs in the
    presidency by a single party don't happen very often"; "a sixth generation Texan" /
    "first generation"; Sanders' "$15 Minimum Wage" / Clinton's "$12 wage"), while
    "Trump, who has extended the divestment deadline three times since January" and
    "the fourth extension granted by President Donald Trump this year" both name who
    extended it.
    """
    out: set[int] = set()
    for i, gi in enumerate(groups):
        for gj in groups[i + 1 :]:
            for a in gi:
                for b in gj:
                    if _key(ctx, a) == _key(ctx, b):
                        continue
                    if a.key.toll and not _evidence(a.key, b.key):
                        continue
                    if part_and_whole((a.key.attacks, a.value.number),
                                      (b.key.attacks, b.value.number)):  # fmt: skip
                        continue  # the toll of one blast of two is part of theirs
                    counted = a.key.family == "percent" or (
                        a.key.family == "count" and not a.key.toll
                    )
                    if counted and not a.key.roles & b.key.roles:
                        continue  # counts of things and rates: only where both name whose or where
                    if not (counted or a.key.toll or _told_of_one(a, b, names)):
                        continue  # events, durations, amounts: of one party or one name
                    if _owner_on_one_side(a.key, b.key):
                        continue  # amounts: not one whose owner is named against one of no one
                    out |= {id(a), id(b)}
    return out


class _Names:
    """The story's entities (their canonical names) named in each sentence, read once,
    through the story's index of mentions (`speakers.entity_index`)."""

    def __init__(self, ctx: StoryContext) -> None:
        self.mentions = entity_index(ctx.entities).mentions
        self.read: dict[Span, frozenset[str]] = {}

    def of(self, sentence: Span) -> frozenset[str]:
        """The names of the entities mentioned inside the sentence."""
        if sentence not in self.read:
            found = self.mentions.get(sentence.article, [])
            k = bisect_left(found, sentence.start, key=lambda m: m[0])
            names: set[str] = set()
            while k < len(found) and found[k][0] < sentence.end:
                names.add(found[k][2].name)
                k += 1
            self.read[sentence] = frozenset(names)
        return self.read[sentence]


def _told_of_one(a: Reading, b: Reading, names: _Names) -> bool:
    """Are two figures told of one party or place (their keys' roles), one named thing an
    amount was spent on, or one someone or something both sentences name?"""
    if a.key.roles & b.key.roles or (a.key.named is not None and a.key.named == b.key.named):
        return True
    return bool(names.of(a.sentence) & names.of(b.sentence))


def _owner_on_one_side(a: Key, b: Key) -> bool:
    """Amounts of which one names its owner and the other no one, unless both are spent on
    one named thing ("$5,587.75 ... at the Martha's Vineyard Holistic Retreat")."""
    if not a.family.startswith("money") or (a.named is not None and a.named == b.named):
        return False
    return bool(a.roles) != bool(b.roles)


def _key(ctx: StoryContext, r: Reading) -> str:
    return ctx.source_of.get(r.sentence.article, r.sentence.article)


def _evidence(a: Key, b: Key) -> bool:
    """Two toll keys name one attack: what struck, the day or the place."""
    return bool(a.cause & b.cause or a.places & b.places or _same_day_named(a, b))


def _updated(groups: list[list[Reading]]) -> bool:
    """Were a measure's values given on different days, or marked as earlier or revised?"""
    days = {r.published[:10] for g in groups for r in g if r.published}
    return len(days) > 1 or any(r.previous or r.revised for g in groups for r in g)


def _in_time(groups: list[list[Reading]], toll: bool) -> list[list[Reading]]:
    """Values in the order they were given: by day; on one day an earlier figure
    ("a previous toll") first and a revised one last, and a count of the dead, which only
    grows, the smaller first."""

    def when(g: list[Reading]) -> tuple[str, int, float]:
        day = min((r.published or "9999") for r in g)
        rank = min(0 if r.previous else 2 if r.revised else 1 for r in g)
        return (day, 0 if toll else rank, g[0].value.number)

    return sorted(groups, key=when)


def _conflict(
    ctx: StoryContext, label: str, groups: list[list[Reading]], dispute: bool = False
) -> Conflict:
    """One conflict of a measure's values: an update where `_updated`, unless `dispute`
    (then the sides in the order given, the odd ones first), else a dispute."""
    update = not dispute and _updated(groups)
    if update:
        groups = _in_time(groups, toll=groups[0][0].key.toll)
        kind = "update"
    else:
        if not dispute:
            groups = sorted(groups, key=lambda g: -ctx.support({r.sentence.article for r in g}))
        kind = {"event": "count", "count": "number"}.get(groups[0][0].key.family, "number")
        if groups[0][0].key.family == "event":
            fams = {r.value.kind for g in groups for r in g}
            kind = "ordinal" if fams == {"ordinal"} else "count"
    sides = tuple(ConflictSide(g[0].shown, _cites(g)) for g in groups)
    labels = []
    for g in groups:
        n = ctx.support({r.sentence.article for r in g})
        labels.append(f"{g[0].shown} ({n} source{'s' if n != 1 else ''})")
    if update:
        desc = f"Sources give {label} as it was updated: {' → '.join(labels)}"
    else:
        desc = f"Sources differ on {label}: {' vs '.join(labels)}"
    return Conflict(kind, desc, sides)


def merged(
    ctx: StoryContext, existing: list[Conflict], figures: Sequence[Conflict]
) -> list[Conflict]:
    """`existing` with the figure conflicts (`figure_conflicts(ctx)`, none left out) that
    state no disagreement of theirs added; one that states the same disagreement as an
    existing conflict of its kind, side for side, takes its place: its label says what
    the figures measure ("people killed (bombing; 2016-10-03)"), the value conflict's
    only what its sentences count ("the number of people"). So does a toll the figures
    read as updated (the articles' times, "rose to", "a previous toll"): the same
    tolls would otherwise read as both a dispute and an update. A figure conflict
    that says more than a toll conflict (each of its sides one of the figure's own,
    and the figure's other sides besides) takes the toll conflict's place too.

    A value conflict over death tolls that the figures table reads as tolls of different
    attacks (each side's toll in a measure of its own: another day by its article's
    dateline, another place or weapon) is no dispute: "AFP Friday 28 Oct 2016 ...
    killing at least 15" and "killed 11 ... on Friday" (7 October) count two attacks;
    unless the sources dispute the day itself (a date conflict of the same sentences:
    "struck on Sunday, killing 14" / "shook on Saturday, leaving 17 dead").
    """
    of_tolls = any(c.kind in TOLL_KINDS for c in existing)
    updates = any(f.kind == "update" for f in figures)
    tolls = _toll_readings(ctx) if of_tolls or updates else []
    if of_tolls:
        apart = _tolls_apart(tolls)
        days = [c for c in existing if c.kind == "date"]
        existing = [
            c
            for c in existing
            if not (c.kind in TOLL_KINDS and apart(c) and not any(_covers(d, c) for d in days))
        ]
    out: list[Conflict | None] = list(existing)
    updated = _toll_update(tolls) if updates else None
    for f in figures:  # each against the conflicts of aligned sentences, not other figures'
        # an update read from tolls, which only grow; of other figures, an update may be
        # no more than two days' articles, and the aligned sentences' dispute stands
        toll_update = updated is not None and updated(f)
        same = next((i for i, o in enumerate(out[: len(existing)]) if o and _covers(o, f)), None)
        if same is None:
            if f.kind != "update" or toll_update:
                _drop_told(out, len(existing), f, same)
            out.append(f)
            continue
        old = out[same]
        assert old is not None
        kind = old.kind == f.kind or (toll_update and old.kind in TOLL_KINDS)
        if kind and len(old.sides) == len(f.sides) and _covers(f, old):
            out[same] = f
            # the same dispute told again by other sentences (a headline run into the
            # text: "Raqqa kills 19" / "Army Kills 31") goes with the one it replaced
            _drop_told(out, len(existing), f, same)
    return [c for c in out if c is not None]


def _drop_told(out: list[Conflict | None], existing: int, f: Conflict, keep: int | None) -> None:
    """Take out of the first `existing` conflicts of `out` (but `keep`) every toll conflict
    whose every side is a side of its own in the figure conflict `f`, which says more (more
    sides, or one toll updated: "100 vs 22 vs 43" beside "20 → 24 → at least 43 → 70 → at
    least 100", the 22 read with the 24 it allows)."""
    for i, o in enumerate(out[:existing]):
        if o and i != keep and o.kind in TOLL_KINDS and _side_for_side(f, o):
            out[i] = None


TOLL_KINDS = {"number", "count"}


def _toll_readings(ctx: StoryContext) -> list[tuple[int, Reading]]:
    """(measure number, reading) of every toll the figures table reads."""
    return [(n, r) for n, (m, _) in enumerate(_measured(ctx)) for r in m.readings if r.key.toll]


def _reads(side: ConflictSide, r: Reading) -> bool:
    """Does `side` give reading `r` (its value, in a sentence it cites)?"""
    shown = r.value.text == side.value or r.shown == side.value
    return shown and any(c.overlaps(r.sentence) for c in side.citations)


def _each_found_once(found: list[set[int]]) -> bool:
    """Each side found somewhere, and no two in one place."""
    return all(found) and all(a.isdisjoint(b) for i, a in enumerate(found) for b in found[i + 1 :])


def _tolls_apart(readings: list[tuple[int, Reading]]) -> Callable[[Conflict], bool]:
    """A test of a conflict: are its sides tolls that the figures table keeps in different
    measures (each side's value read as a toll, no measure holding two sides' values)?
    `readings`: the story's `_toll_readings`."""

    def apart(c: Conflict) -> bool:
        return _each_found_once([{n for n, r in readings if _reads(side, r)} for side in c.sides])

    return apart


def _toll_update(readings: list[tuple[int, Reading]]) -> Callable[[Conflict], bool]:
    """A test of a figure conflict: is it an update of a toll (every side a toll's)?"""

    def toll(c: Conflict) -> bool:
        return c.kind == "update" and all(any(_reads(s, r) for _, r in readings) for s in c.sides)

    return toll


def _cite_one(a: ConflictSide, b: ConflictSide) -> bool:
    """Do two sides cite one sentence (overlapping citations)?"""
    return any(x.overlaps(y) for x in a.citations for y in b.citations)


def _side_for_side(big: Conflict, small: Conflict) -> bool:
    """Is every side of `small` a side of `big`, each on sides no other one is on?

    A side of `small` is on a side of `big` that cites its sentence, or that gives its
    number in the same article ("72" in one sentence, "At least 72" read in another).
    """

    def on(s: ConflictSide, b: ConflictSide) -> bool:
        if _cite_one(s, b):
            return True
        same = b.value == s.value or b.value.endswith(" " + s.value)
        return same and bool({x.article for x in s.citations} & {y.article for y in b.citations})

    return _each_found_once([{i for i, b in enumerate(big.sides) if on(s, b)} for s in small.sides])


def _covers(old: Conflict, new: Conflict) -> bool:
    """Every side of `new` is cited on a side of `old`, on at least two of its sides."""
    hit: set[int] = set()
    for side in new.sides:
        where = {i for i, o in enumerate(old.sides) if _cite_one(side, o)}
        if not where:
            return False
        hit |= where
    return len(hit) >= 2
