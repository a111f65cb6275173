"""Stage `conflicts`: sources that state the same thing with incompatible values.

Only sentences that the `statements` stage aligned (the same thing stated by
at least two independent sources) are compared, so a number is never checked
against an unrelated one. Within an aligned group, per kind of value:

- number / ordinal / count / date: the values one sentence gives that no value
  of the other matches (after rounding, units, and date granularity: see
  `facts.compatible`) are paired by what they measure (`facts.comparable`);
  a pair with one unmatched value on each side is a disagreement. The
  disagreeing values of the group are then sorted into sides.
  Dates after since / until / by / through ("closed until Friday") are
  compared with dates after the same word only.
- direction: one sentence says a figure rose and the other that it fell; or
  the same act with the parties swapped (who acts on whom, from the parse;
  named parties anywhere in the sentence, common nouns only as arguments of
  one verb: "the museum bought it from the Lund family").
- a second pass compares values of sentences alignment kept apart (synonym
  verbs) where they hang on one frame (`_value_aligned_conflicts`).
- values of articles published days apart are not compared (`_apart`): what
  changed in between is no dispute.
- quote_speaker / quote_wording: see `quotecheck.py`.
- name: one person's name spelt two ways by different sources (`names.py`).
- misquote: an outlet of the story quoted by another in words its own article does
  not print (`outlet_quotes.py`).

A false alarm costs the reader's trust, so every test errs toward silence:
unclear pairings (several unmatched values on a side) are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from spacy.attrs import POS
from spacy.parts_of_speech import PROPN

from storyline.analyse.dates import parse_day
from storyline.analyse.doc_index import ents_starting_between, tokens_between
from storyline.analyse.quotes import quote_index
from storyline.config import Config
from storyline.context import StoryContext
from storyline.crosscheck.align import (
    STEM,
    Similarity,
    Unit,
    align_units,
    centre,
    sentence_units,
    similarity,
    unit_sentence,
)
from storyline.crosscheck.descriptions import party_conflicts
from storyline.crosscheck.facts import (
    GENERIC,
    HEDGES,
    Value,
    comparable,
    compatible,
    direction,
    family,
    other_occasion,
    toll_of,
)
from storyline.crosscheck.figure_conflicts import figure_conflicts, merged
from storyline.crosscheck.figures import bombings_told, part_and_whole, plural
from storyline.crosscheck.names import name_conflicts
from storyline.crosscheck.outlet_quotes import outlet_misquotes
from storyline.crosscheck.quotecheck import quote_conflicts
from storyline.crosscheck.statements import CONFLICT_ALIGN, DEFAULT, unit_values
from storyline.model import Conflict, ConflictSide, Span

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Token

PARTY_LABELS = {"GPE", "NORP", "ORG", "PERSON"}
# What splits a name into the words a parse may take for a party of its own ("Al-Qaeda").
NAME_PARTS = re.compile(r"[\s\-‐–]+")
# Dependencies of a party the parse names outside the entities: subject, object, of a preposition.
ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "pobj"}
# Dependencies of a verb that heads a clause of its own (`_clause_of`).
CLAUSE_HEADS = {"ROOT", "ccomp", "advcl", "relcl", "csubj", "csubjpass", "parataxis"}
# Argument heads that are no party to an act (amounts, times, generic words).
NOT_PARTIES = {"people", "percent", "%", "year", "month", "week", "day", "time", "number",
               "share", "price", "rate", "deal", "part", "way", "one", "thing"}  # fmt: skip
SYMMETRIC = {"meet", "talk", "negotiate", "discuss", "sign", "hold", "be", "have",
             "trade", "compete", "clash", "fight", "join", "resume"}  # fmt: skip
DEMONYMS = {"american": "us", "u.s.": "us", "united states": "us", "america": "us",
            "chinese": "china", "british": "uk", "u.k.": "uk", "united kingdom": "uk",
            "britain": "uk", "russian": "russia", "ukrainian": "ukraine", "israeli": "israel",
            "iranian": "iran", "french": "france", "german": "germany", "japanese": "japan",
            "indian": "india", "mexican": "mexico", "canadian": "canada",
            "european": "eu", "european union": "eu", "palestinian": "palestine"}  # fmt: skip
# Similarity at which two sentences are near paraphrases (their main-clause dates are one).
CLOSE = 0.42
# Second pass (`_value_aligned_conflicts`): least similarity of a value-aligned pair, and
# the most sentences a "rare" name or subject may occur in.
VALUE_ALIGNED = 0.2
RARE_DF = 3
# Reports more days apart than this are not compared on their values (`_apart`): the
# same day, and the next day's print edition or another time zone's date, are not.
APART_DAYS = 2
VALUE_KINDS = ("percent", "money", "count", "duration", "age", "ordinal", "times", "date", "bound")


def find_conflicts(ctx: StoryContext, cfg: Config) -> list[Conflict]:
    """Conflicts of the story: value disagreements in aligned statements, then quote ones."""
    # the statements stage's sentences and lexical similarity, where it ran (the same
    # articles and docs give the same units)
    shared = bool(ctx.units) and ctx.lexical is not None
    units = ctx.units if shared else sentence_units(ctx)
    out: list[Conflict] = []
    if units:
        # embeddings may group sentences (the statements stage's groups are reused when
        # present); the value tests (CLOSE, VALUE_ALIGNED) are calibrated on the
        # lexical similarity, which embeddings would inflate
        lexical = ctx.lexical if shared else similarity(units, DEFAULT, distinctive=False)
        assert lexical is not None
        with_embeddings = cfg.embeddings and not ctx.statements
        sim = (
            similarity(units, DEFAULT, embeddings=True, distinctive=False)
            if with_embeddings
            else lexical
        )
        groups = _groups(ctx, units, sim, cfg)
        for group in groups:
            if ctx.support({units[i].article for i in group}) < 2:
                continue
            members = [units[i] for i in group]
            rep = units[centre(group, sim)]
            values = {u.index: unit_values(ctx, u) for u in members}
            for kind in VALUE_KINDS:
                out += _value_conflicts(ctx, members, values, kind, rep, lexical)
            out += _direction_conflicts(ctx, members, values, rep)
        out += _value_aligned_conflicts(ctx, units, lexical, groups)
    out += quote_conflicts(ctx)
    out += outlet_misquotes(ctx)
    out = merged(ctx, out, figure_conflicts(ctx))
    out += name_conflicts(ctx)
    out += party_conflicts(ctx)
    return out


def _value_aligned_conflicts(
    ctx: StoryContext, units: list[Unit], sim: Similarity, groups: list[list[int]]
) -> list[Conflict]:
    """Second pass: value disagreements between sentences that alignment kept apart.

    Synonyms defeat lexical alignment ("the highway was closed twice" / "Highway
    41 has been shut three times"). Sentences of two sources that are weakly
    similar (`VALUE_ALIGNED`) or share two rare proper nouns are compared, but
    only on values that hang on one frame (`_one_frame`): the same rare subject,
    no other object, the same counted nouns.
    """
    group_of = {i: n for n, g in enumerate(groups) for i in g}
    names = _proper_nouns(ctx, units)
    name_df = Counter(name for ns in names.values() for name in ns)
    stem_df = Counter(stem for u in units for stem in set(u.lemmas))

    def rare_subject(subj: str) -> bool:
        return stem_df[subj.lstrip("=")[:STEM]] <= RARE_DF

    values: dict[int, list[Value]] = {}
    pairs: list[tuple[int, int]] = []
    for i, j in _candidate_pairs(units, sim, names, name_df):
        u, w = units[i], units[j]
        if u.article == w.article or _key(ctx, u) == _key(ctx, w):
            continue
        if _apart(ctx, u, w):
            continue
        if u.index in group_of and group_of[u.index] == group_of.get(w.index):
            continue
        for unit in (u, w):
            if unit.index not in values:
                values[unit.index] = unit_values(ctx, unit)
        pairs.append((u.index, w.index))
    out: list[Conflict] = []
    kinds = {i: {v.kind for v in vs} for i, vs in values.items()}
    for i, j in pairs:
        members = [units[i], units[j]]
        for kind in VALUE_KINDS:
            if kind not in kinds[i] or kind not in kinds[j]:
                continue  # no value of this kind on one side: nothing to disagree on
            strict = {
                x: [
                    v
                    for v in values[x]
                    if v.kind != kind or _one_frame(v, values[y], kind, rare_subject)
                ]
                for x, y in ((i, j), (j, i))
            }
            out += _value_conflicts(ctx, members, strict, kind, units[i], sim)
    return out


def _candidate_pairs(
    units: list[Unit], sim: Similarity, names: dict[int, set[str]], name_df: Counter[str]
) -> list[tuple[int, int]]:
    """Unit pairs (i < j, in order) at least `VALUE_ALIGNED` similar or sharing two rare names.

    Read from the rows of `sim` and from an index of the rare names (each in at
    most `RARE_DF` sentences), so that the story's unrelated pairs are never
    visited one by one in Python.
    """
    out = set(sim.pairs(VALUE_ALIGNED)[0])
    holders: dict[str, list[int]] = {}
    for u in units:
        for name in names[u.index]:
            if name_df[name] <= RARE_DF:
                holders.setdefault(name, []).append(u.index)
    shared: Counter[tuple[int, int]] = Counter()
    for held in holders.values():
        for a, i in enumerate(held):
            for j in held[a + 1 :]:
                shared[(i, j)] += 1
    out.update(pair for pair, count in shared.items() if count >= 2)
    return sorted(out)


def _one_frame(v: Value, others: list[Value], kind: str, rare: Callable[[str], bool]) -> bool:
    """True when some value of `kind` in the other sentence hangs on the very same frame.

    Both name one subject (by the same head word, rare in the story, and not the
    thing the value counts: "eleven people died" and "three people were
    detained" share no identity), neither names an object the other lacks, and
    both count the same nouns (or none): "the valley highway has been closed
    twice" and "Highway 41 has been shut three times".
    """
    subj = (v.frame.subj or "").lstrip("=")
    nouns = {x for x in v.anchor - GENERIC if not x.startswith("v:")}
    if not subj or subj in nouns or not rare(subj):
        return False
    return any(
        w.kind == kind
        and (w.frame.subj or "").lstrip("=") == subj
        and (v.frame.obj == w.frame.obj or v.frame.obj is None or w.frame.obj is None)
        and {x for x in w.anchor - GENERIC if not x.startswith("v:")} == nouns
        for w in others
    )


def _proper_nouns(ctx: StoryContext, units: list[Unit]) -> dict[int, set[str]]:
    """The lower-cased proper nouns of each unit (by index), each doc's read once."""
    out: dict[int, set[str]] = {}
    found: dict[str, tuple[list[int], list[str]]] = {}
    for u in units:
        if u.article not in found:
            doc = ctx.docs[u.article]
            at = np.flatnonzero(doc.to_array(POS) == PROPN).tolist() if len(doc) else []
            found[u.article] = ([doc[i].idx for i in at], [doc[i].lower_ for i in at])
        starts, lows = found[u.article]
        out[u.index] = set(lows[bisect_left(starts, u.start) : bisect_left(starts, u.end)])
    return out


def _groups(ctx: StoryContext, units: list[Unit], sim: Similarity, cfg: Config) -> list[list[int]]:
    """Aligned groups: those the statements stage aligned (before it split them on
    disagreeing values), else its statements' citations, else aligned here."""
    if ctx.aligned is not None:
        spans = ctx.aligned
    elif ctx.statements:
        spans = [list(st.citations) for st in ctx.statements]
    else:
        published = {a.id: a.published for a in ctx.articles}
        return align_units(units, CONFLICT_ALIGN, sim, published=published)
    where = {(u.article, u.start, u.end): u.index for u in units}
    groups = []
    for cites in spans:
        idx = [where[(c.article, c.start, c.end)] for c in cites if
               (c.article, c.start, c.end) in where]  # fmt: skip
        if len(idx) > 1:
            groups.append(idx)
    return groups


def _value_conflicts(
    ctx: StoryContext,
    members: list[Unit],
    values: dict[int, list[Value]],
    kind: str,
    rep: Unit,
    sim: Similarity,
) -> list[Conflict]:
    """Disagreements on values of one kind among the sentences of one aligned group."""
    of_kind = {u.index: [v for v in values[u.index] if v.kind == kind] for u in members}
    by_index = {u.index: u for u in members}
    clashes: list[tuple[tuple[int, Value], tuple[int, Value]]] = []
    told: dict[int, int | None] = {}

    def blasts(x: Unit) -> int | None:
        """The bombings a sentence's toll counts (`figures.part_and_whole`), read once."""
        if kind != "count":
            return None
        if x.index not in told:
            told[x.index] = bombings_told(unit_sentence(ctx, x))
        return told[x.index]

    for n, u in enumerate(members):
        for w in members[n + 1 :]:
            if _key(ctx, u) == _key(ctx, w) or not of_kind[u.index] or not of_kind[w.index]:
                continue
            if _apart(ctx, u, w):
                continue
            if kind not in {"date", "bound"} and other_occasion(values[u.index], values[w.index]):
                continue
            lu = [
                a for a in of_kind[u.index] if not any(compatible(a, b) for b in of_kind[w.index])
            ]
            lw = [
                b for b in of_kind[w.index] if not any(compatible(b, a) for a in of_kind[u.index])
            ]
            close = sim.value(u.index, w.index) >= CLOSE
            # tolls of bombings each sentence counts (`figures.part_and_whole`), read once
            bu, bw = blasts(u), blasts(w)
            pairs = [(a, b) for a in lu for b in lw
                     if comparable(a, b, close) and not _sum_and_part(a, b)
                     and not part_and_whole((bu, a.number), (bw, b.number))]  # fmt: skip
            if (
                len(pairs) == 1
                and not _other_polls(ctx, u, w)
                and not _other_voices(ctx, u, pairs[0][0], w, pairs[0][1])
            ):
                clashes.append(((u.index, pairs[0][0]), (w.index, pairs[0][1])))
    if not clashes:
        return []
    items = {it for pair in clashes for it in pair}
    sides: list[list[tuple[int, Value]]] = []
    # ties (two values of one sentence, as long) in text order: the set's order is no order
    for item in sorted(items, key=lambda it: (-len(it[1].text), it[0], it[1].start, it[1].end)):
        home = next((s for s in sides if compatible(s[0][1], item[1])), None)
        if home is None:
            sides.append([item])
        else:
            home.append(item)
    if len(sides) < 2:
        return []
    sides.sort(key=lambda s: -ctx.support({by_index[i].article for i, _ in s}))
    built = []
    labels = []
    for side in sides:
        cites = tuple(sorted({_sentence(by_index[i]) for i, _ in side}))
        built.append(ConflictSide(side[0][1].text, cites))
        n_src = ctx.support({by_index[i].article for i, _ in side})
        labels.append(f"{side[0][1].text} ({n_src} source{'s' if n_src != 1 else ''})")
    first = by_index[sides[0][0][0]]
    topic = _topic(ctx.docs[first.article], first, sides[0][0][1])
    desc = f"Sources differ on {topic}: {' vs '.join(labels)}"
    return [Conflict(family(kind), desc, tuple(built))]


def _direction_conflicts(
    ctx: StoryContext, members: list[Unit], values: dict[int, list[Value]], rep: Unit
) -> list[Conflict]:
    """A change reported up by one source and down by another, or parties swapped."""
    way = {x.index: direction(ctx.docs[x.article], x.start, x.end, values[x.index])
           for x in members}  # fmt: skip
    memo: dict[tuple[str, int], Any] = {}
    for n, u in enumerate(members):
        for w in members[n + 1 :]:
            if _key(ctx, u) == _key(ctx, w):
                continue
            shared = _shares_value(values[u.index], values[w.index])
            du, dw = way[u.index], way[w.index]
            # one figure reported moving both ways ("fell to 5.8%" / "rose to 5.8 percent")
            if du and dw and du[0] != dw[0] and _shares_value(du[1], dw[1]):
                words = (_direction_word(ctx, u, du[0]), _direction_word(ctx, w, dw[0]))
                sides = tuple(
                    ConflictSide(wd, (_sentence(x),)) for wd, x in zip(words, (u, w), strict=False)
                )
                desc = f"Sources differ on the direction of the change in “{_gist(rep)}”: "
                return [Conflict("direction", desc + f"{words[0]} vs {words[1]}", sides)]
            swap = _swapped_parties(ctx, u, w, shared, memo)
            if swap:
                sides = tuple(
                    ConflictSide(v, (_sentence(x),)) for v, x in zip(swap, (u, w), strict=False)
                )
                desc = f"Sources swap who acts on whom in “{_gist(rep)}”: {swap[0]} vs {swap[1]}"
                return [Conflict("direction", desc, sides)]
    return []  # one per group at most: the first pair found


def _apart(ctx: StoryContext, u: Unit, w: Unit) -> bool:
    """Were the two sentences' articles published more than `APART_DAYS` apart? A
    figure reported differently days apart may have changed in between: the
    delegates a candidate has won, the money a group has raised, the times a
    deadline was put off. Two such reports cannot tell a dispute from an update,
    so they raise neither; the figures table still lists each value with its
    sources, and shows a toll updated over days as an update (`figure_conflicts`)."""
    a = parse_day(ctx.by_id[u.article].published)
    b = parse_day(ctx.by_id[w.article].published)
    return a is not None and b is not None and abs((a - b).days) > APART_DAYS


def _other_voices(ctx: StoryContext, u: Unit, a: Value, w: Unit, b: Value) -> bool:
    """Are two values each inside someone's quotation, and not of one speaker? Each
    source then reports another's words ("Obama has cut $716 billion from Medicare",
    says one ad; "His health care plan would cut Medicare by $800 billion", says
    another): no dispute between the sources. (One quotation that two sources give
    in different words is `quotecheck`'s.)"""
    index = quote_index(ctx.quote_hits or [])
    ha = index.over(u.article, a.start, a.end)
    hb = index.over(w.article, b.start, b.end)
    if not ha or not hb:
        return False
    return not {h.speaker for h in ha if h.speaker} & {h.speaker for h in hb if h.speaker}


# How precise a poll is: a property of that poll, not a fact outlets report about one event.
MARGIN = re.compile(r"\bmargin of (?:sampling )?error\b|\bsampling error\b", re.I)


def _other_polls(ctx: StoryContext, u: Unit, w: Unit) -> bool:
    """Do two sentences give the margin of error of polls they do not name as one? ("The
    margin of error is plus or minus 5.7 percentage points" / "The margin of sampling error
    among that group was plus or minus four percentage points": two polls, or two groups of
    one.) Margins are compared only where both sentences name the same poll or pollster."""
    if not (MARGIN.search(u.text) and MARGIN.search(w.text)):
        return False
    names = _proper_nouns(ctx, [u, w])
    return not names[u.index] & names[w.index]


# Words that make a figure the sum of several ("collectively 7 percent", "a combined 40").
SUMS = frozenset({"collectively", "combined", "altogether"})


def _sum_and_part(a: Value, b: Value) -> bool:
    """Is one figure told as a sum of several and the other not ("Bush, Kasich and Christie
    collectively collected just 7 percent" / "four candidates have all been clustered near
    10 percent")? No dispute: the sum of three is no share each has."""
    return bool(a.frame.words & SUMS) != bool(b.frame.words & SUMS)


def _shares_value(a: list[Value], b: list[Value]) -> bool:
    return any(
        x.kind == y.kind and x.kind not in {"date", "bound"} and compatible(x, y)
        for x in a
        for y in b
    )


def _direction_word(ctx: StoryContext, u: Unit, way: str) -> str:
    from storyline.crosscheck.facts import DOWN, UP

    doc = ctx.docs[u.article]
    lex = UP if way == "up" else DOWN
    tok = next((t for t in tokens_between(doc, u.start, u.end) if t.lemma_.lower() in lex), None)
    return tok.text if tok is not None else way


class Role(NamedTuple):
    """A party's part in one sentence (`_roles`)."""

    role: str  # "A" acts, "P" is acted on
    surface: str  # the party's words
    verb: str  # lemma of the verb it hangs on
    clause: Token  # the verb heading its clause (`_clause_of`)


def _roles(ctx: StoryContext, u: Unit) -> dict[str, Role]:
    """Party -> its `Role` in one sentence.

    Parties are named entities and, where the parser found no entity, the heads
    of subjects and objects ("rival crane maker Haskel", "the museum", "the
    Lund family"; a noun with a proper-name compound is keyed by the name; a
    common noun is keyed "~lemma").
    """
    doc: Doc = ctx.docs[u.article]
    out: dict[str, Role] = {}
    for ent in ents_starting_between(doc, u.start, u.end):
        if ent.label_ not in PARTY_LABELS:
            continue
        role = _role(ent.root)
        if role:
            root = ent.root
            out.setdefault(_norm(ent.text), Role(role, ent.text, _verb_of(root), _clause_of(root)))
    for tok in tokens_between(doc, u.start, u.end):
        if tok.dep_ not in ARG_DEPS:
            continue
        if tok.pos_ not in {"NOUN", "PROPN"} or tok.lemma_.lower() in NOT_PARTIES:
            continue
        names = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if tok.pos_ == "PROPN" or names:
            name = " ".join(t.text for t in [*names, tok] if t.pos_ == "PROPN")
            key, surface = _norm(name), name
        else:
            key, surface = "~" + tok.lemma_.lower(), "the " + tok.text
        role = _role(tok)
        if role and not any(key == k or key in NAME_PARTS.split(k) for k in out):
            out[key] = Role(role, surface, _verb_of(tok), _clause_of(tok))
    return out


def _verb_of(tok: Token) -> str:
    return next((h.lemma_.lower() for h in tok.ancestors if h.pos_ in {"VERB", "AUX"}), "")


def _clause_of(tok: Token) -> Token:
    """The verb heading the clause `tok` is in: its nearest verb, raised through the
    verbs that are no clause of their own ("agreed to buy", "steel imported from
    Mexico", "attacked and killed") to the verb of a clause (the root, a reported
    clause, an adverbial or relative clause)."""
    for h in tok.ancestors:
        if h.pos_ in {"VERB", "AUX"} and h.dep_ in CLAUSE_HEADS:
            return h
    return tok.sent.root


def _role(tok: Token) -> str | None:
    """ "A" (acts) or "P" (acted on) from the path up to the verb; None for a possessor
    ("as Chicago's first mayor": Chicago is not acted on) or no argument at all."""
    for _ in range(8):
        dep = tok.dep_
        if dep == "poss":
            return None
        if dep in {"nsubj", "csubj"}:
            return "A"
        if dep in {"nsubjpass", "dobj", "dative", "attr"}:
            return "P"
        if dep == "pobj":
            if tok.head.lower_ == "to" and tok.head.head.lower_ == "according":
                return None  # "according to the city council" names a source, no party
            if tok.head.head.pos_ in {"NOUN", "PROPN"} and tok.head.dep_ != "agent":
                # a noun's own phrase ("founding members ... of the Harbour Lights will
                # tour") says which, as a possessor does: the band is not acted on
                return None
            return "A" if tok.head.dep_ == "agent" else "P"
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _swapped_parties(
    ctx: StoryContext, u: Unit, w: Unit, shared: bool, memo: dict[tuple[str, int], Any]
) -> tuple[str, str] | None:
    """Parties of one act in swapped roles ("A sold B to C" / "C sold B to A").

    `memo` keeps each sentence's main verbs and roles for the other pairs of its group."""

    def roots(x: Unit) -> set[str]:
        if ("roots", x.index) not in memo:
            doc = ctx.docs[x.article]
            memo["roots", x.index] = {
                t.lemma_ for t in tokens_between(doc, x.start, x.end) if t.dep_ == "ROOT"
            }
        return memo["roots", x.index]

    def roles(x: Unit) -> dict[str, Role]:
        if ("roles", x.index) not in memo:
            memo["roles", x.index] = _roles(ctx, x)
        return memo["roles", x.index]

    verbs_u, verbs_w = roots(u), roots(w)
    if not (shared or verbs_u & verbs_w) or (verbs_u | verbs_w) & SYMMETRIC:
        return None
    ru, rw = roles(u), roles(w)
    common = [k for k in ru if k in rw]
    for x in common:
        for y in common:
            if x == y:
                continue
            a, p, pa, ap = ru[x], ru[y], rw[x], rw[y]
            if not (a.role == "A" and p.role == "P" and pa.role == "P" and ap.role == "A"):
                continue
            # the two parties are arguments of one act in each sentence ("Air strikes by
            # Syrian regime ... killed 22, the Observatory said" has the regime under
            # "killed" and the Observatory under "said": no one acts on whom there), and
            # that act is one in both: one verb ("the museum bought ... from") or one
            # verb heading both clauses ("agreed to buy" / "agreed to acquire"); "sold
            # to" and "bought from" are one sale seen from its two sides
            if a.clause != p.clause or pa.clause != ap.clause:
                continue
            if a.verb != pa.verb and a.clause.lemma_ != pa.clause.lemma_:
                continue
            # a common noun ("the museum") is a party only of one verb in both
            if (x[0] == "~" or y[0] == "~") and a.verb != pa.verb:
                continue
            return f"{a.surface} → {p.surface}", f"{ap.surface} → {pa.surface}"
    return None


def _norm(name: str) -> str:
    low = name.lower().strip()
    low = low[4:] if low.startswith("the ") else low
    low = low[:-2] if low.endswith("'s") or low.endswith("’s") else low
    return DEMONYMS.get(low, low)


def _topic(doc: Doc, unit: Unit, value: Value) -> str:
    """A short phrase naming what the disputed value is about, from the parse of its sentence.

    A value on a noun ("a 25% tariff on steel", "30 survivors", "the third round
    of talks") is named by that noun and its prepositional phrase; anything else
    by the opening words of the sentence; a toll by what it counts and its harm ("the
    number of people killed").
    """
    toks = tokens_between(doc, value.start, value.end)
    gist = f"“{_gist(unit)}”"
    if not toks or value.kind in {"date", "bound", "times"}:
        what = "how many times" if value.kind == "times" else "the date"
        return f"{what} in {gist}"
    noun = None
    last = toks[-1]
    if value.kind == "ordinal" and last.i + 1 < len(doc) and doc[last.i + 1].pos_ == "NOUN":
        noun = doc[last.i + 1]
    elif last.head.pos_ == "NOUN" and last.head not in toks:
        noun = last.head
    elif last.head.head.pos_ == "NOUN" and last.dep_ == "pobj" and last.head.text == "of":
        noun = last.head.head  # "a rate of 30%"
    toll = toll_of(value)  # a count on its verb of harm ("leaving 30 wounded", "kill 47")
    if noun is None or noun.lemma_.lower() in GENERIC:
        return f"the number {toll}" if toll else f"the figure in {gist}"
    if toll:  # "an estimated 25 million people in Europe", killed: "the number of people killed"
        return f"the number of {_phrase(noun, toks, counted=True, prep=False)} {toll}"
    phrase = _phrase(noun, toks, counted=value.kind == "count")
    if value.kind == "ordinal":
        return f"which {phrase} it is"
    return f"the number of {phrase}" if value.kind == "count" else f"the {phrase}"


def _phrase(noun: Token, skip: list[Token], counted: bool = False, prep: bool = True) -> str:
    """The noun with its compounds and (with `prep`) first prepositional phrase, at most 8
    words, no hedge ("an estimated 25 million people": people); with `counted`, the noun
    in its plural: what "the number of" counts ("My 15-inch MacBook Pro" / "the 16-inch
    MacBook Pro": the number of inches, not "of inch")."""
    left = [
        c
        for c in noun.lefts
        if c.dep_ in {"compound", "amod"} and c not in skip and c.lower_ not in HEDGES
    ]
    preps = [c for c in noun.rights if c.dep_ == "prep"][: 1 if prep else 0]
    right = [t for p in preps for t in p.subtree if t not in skip and t.dep_ not in {"relcl"}]
    toks = [*left, noun, *right][:8]
    while toks[-1] is not noun and toks[-1].pos_ in {"ADP", "DET", "CCONJ", "PUNCT"}:
        toks.pop()  # "a starting price of $2,400": the starting price, not "price of"
    return " ".join(
        plural(t.lemma_.lower()) if counted and t is noun and t.tag_ == "NN" else t.text
        for t in toks
    )


def _gist(u: Unit, n: int = 10) -> str:
    ws = u.text.split()
    return " ".join(ws[:n]) + ("…" if len(ws) > n else "")


def _key(ctx: StoryContext, u: Unit) -> str:
    return ctx.source_of.get(u.article, u.article)


def _sentence(u: Unit) -> Span:
    return Span(u.article, u.start, u.end)
