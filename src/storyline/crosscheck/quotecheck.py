"""Cross-checking quotes: the same words given to different speakers, or reworded.

A false alarm here accuses an outlet of misquoting, so both checks compare
only occurrences that are plainly one quotation: two independent sources, and
most of the words of the shorter wording found in order inside one window of
the longer (so that two different sentences of one long quote are never
compared as a rewording).

- quote_speaker: each source names a different person as the speaker, each
  directly ("“...,” Smith said", "Smith said: “...”"), not through a pronoun,
  a description ("officials", "a spokesman"), an inherited attribution or a
  guess from the clause around. Not a conflict either: one person quoting the
  other (the words sit in nested quotation marks, or the other is named in
  the attribution: "Smith told Jones", "Jones, a spokesman for Smith"), a
  quote about the other person (his name is in the quoted words), or the same
  person under two names.
- quote_wording: the two wordings differ in a way that changes meaning: a
  negation or number added, dropped or changed, or a content word replaced.
  Trimming, ellipses, editorial brackets, case, punctuation and contractions
  are not, and neither is a difference that one of the sources shows itself
  (an outlet that prints both wordings heard two remarks).

The occurrences come from the `quotes` stage (`ctx.quotes`; how each speaker
was found is read again from `quotes.article_quotes`); where that stage found
none, from a small parse here (text in quotation marks, the nearest person
named in the sentence, which is never a direct attribution).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.analyse.doc_index import ents
from storyline.analyse.quotes import QuoteConfig
from storyline.crosscheck.quote_match import Bags, reworded
from storyline.crosscheck.quote_match import stem as _stem
from storyline.model import Conflict, ConflictSide, Span

if TYPE_CHECKING:
    from storyline.analyse.quotes import QuoteHit
    from storyline.context import StoryContext

NEGATIONS = {"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without"}
NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "fifteen", "twenty", "fifty", "hundred", "thousand",
                "million", "billion", "first", "second", "third", "fourth", "fifth", "half",
                "dozen", "twice"}  # fmt: skip
STOP = set(STOP_WORDS) - NEGATIONS - NUMBER_WORDS
TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "secretary", "minister",
          "senator", "governor", "general", "prime", "vice", "chief", "treasury",
          "state"}  # fmt: skip
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that", "this",
            "his", "her", "him", "them"}  # fmt: skip
CONTRACTIONS = [("cannot", "can not"), ("n't", " not"), ("n’t", " not"), ("’re", " are"),
                ("'re", " are"), ("'ll", " will"), ("’ll", " will"), ("'ve", " have"),
                ("’ve", " have"), ("'m", " am"), ("’m", " am"), ("it's", "it is"),
                ("it’s", "it is"), ("that's", "that is"), ("that’s", "that is")]  # fmt: skip
DIRECT = frozenset({"verb", "colon"})
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{12,}?)[”\"]")
_BRACKETS = re.compile(r"\[[^\]]*\]")
_NESTED = re.compile(r"‘[^‘’]*?['’](?!\w)|(?<!\w)'[^'\n]+?'(?!\w)")
MIN_WORDS = 4
# a shorter shared passage (a title, a slogan, a motto) proves no misattribution
MIN_SPEAKER_WORDS = 6
ALIGNED = 0.8  # share of the shorter wording matched in order, for one quotation
DENSE = 0.8  # share of the longer wording's matched window that the match fills
_LOOSE = QuoteConfig()  # how little one speaker's quotation may be reworded and stay one


@dataclass(frozen=True)
class Seen:
    """One quotation in one article, with the speaker the article gives and how.

    `speaker` is the canonical name, `mention` the words of the attribution
    ("he", "Bessent", "a spokesman"), `named` whether that mention names the
    speaker, `how` how the quotes stage found it (`quotes.QuoteHit.how`).
    """

    span: Span
    text: str
    speaker: str | None
    speaker_span: Span | None
    mention: str | None = None
    named: bool = False
    how: str = ""


def occurrences(ctx: StoryContext) -> list[Seen]:
    """Quote occurrences of the story: from the quotes stage, else the local parse."""
    if ctx.quotes:
        hits = _hits(ctx)
        out = []
        for q in ctx.quotes:
            for o in q.occurrences:
                h = hits.get((o.span.article, o.span.start, o.span.end))
                if h is None:
                    out.append(Seen(o.span, o.text, o.speaker_text or q.speaker, o.speaker_span))
                    continue
                named = (
                    h.name_start is not None
                    and h.speaker_start is not None
                    and h.name_start < (h.speaker_end or 0)
                    and h.speaker_start < (h.name_end or 0)
                    and (h.speaker_text or "").lower() not in PRONOUNS
                )
                out.append(
                    Seen(o.span, o.text, h.speaker, o.speaker_span, h.speaker_text, named, h.how)
                )
        return out
    out = []
    for art in ctx.articles:
        doc = ctx.docs[art.id]
        for m in _QUOTED.finditer(art.text):
            s, e = m.start(1), m.end(1)
            who, where = _nearest_person(doc, art.id, s, e)
            out.append(Seen(Span(art.id, s, e), m.group(1), who, where, who, False, "near"))
    return out


def _hits(ctx: StoryContext) -> dict[tuple[str, int, int], QuoteHit]:
    from storyline.analyse.quotes import article_quotes

    out: dict[tuple[str, int, int], QuoteHit] = {}
    if ctx.quote_hits is not None:  # as the quotes stage found them
        for h in ctx.quote_hits:
            out[(h.article, h.start, h.end)] = h
        return out
    for a in ctx.articles:
        doc = ctx.docs.get(a.id)
        if doc is not None:
            for h in article_quotes(a, doc, ctx.entities):
                out[(a.id, h.start, h.end)] = h
    return out


def quote_conflicts(ctx: StoryContext) -> list[Conflict]:
    """Conflicts of speaker and of wording between quotes that are the same quotation."""
    seen = [q for q in occurrences(ctx) if len(words(q.text)) >= MIN_WORDS]
    aliases = _aliases(ctx)
    pairs, loose = _same_quotation_pairs(seen, ctx)
    out: list[Conflict] = []
    for cluster in _clusters(len(seen), pairs + loose):
        inside = [(i, j) for i, j in pairs if i in cluster]
        out += _speaker_conflict(seen, inside, aliases, ctx)
        out += _wording_conflict(seen, cluster, inside, aliases, ctx)
    return out


def words(text: str) -> list[str]:
    low = _BRACKETS.sub(" ", text.lower())
    for a, b in CONTRACTIONS:
        low = low.replace(a, b)
    return re.findall(r"[a-z0-9]+(?:[.,]\d+)?", low)


def alignment(a: list[str], b: list[str]) -> tuple[float, float, tuple[int, int]]:
    """How well the shorter wording sits in one window of the longer: the share of
    the shorter matched in order, the share of the window that the match fills,
    and the window (extended by the shorter's unmatched ends) in the longer."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if not short:
        return 0.0, 0.0, (0, 0)
    blocks = [
        m
        for m in difflib.SequenceMatcher(None, short, long_, autojunk=False).get_matching_blocks()
        if m.size
    ]
    if not blocks:
        return 0.0, 0.0, (0, 0)
    matched = sum(m.size for m in blocks)
    lo, hi = blocks[0].b, blocks[-1].b + blocks[-1].size
    # the shorter's unmatched ends were replaced by something in the longer: take a
    # little more of the longer there ("decade" / "two years")
    head, tail = blocks[0].a, len(short) - (blocks[-1].a + blocks[-1].size)
    left = lo - (2 * head + 1 if head else 0)
    right = hi + (2 * tail + 1 if tail else 0)
    window = (max(0, left), min(len(long_), right))
    return matched / len(short), matched / (hi - lo), window


def same_quote(a: str, b: str) -> bool:
    """Two wordings of one quotation: most words of the shorter recur, in order, in one
    window of the longer."""
    return same_wording(words(a), words(b))


def same_wording(wa: list[str], wb: list[str]) -> bool:
    """`same_quote` over the two wordings' `words`."""
    if min(len(wa), len(wb)) < MIN_WORDS:
        return False
    cover, dense, _ = alignment(wa, wb)
    return cover >= ALIGNED and dense >= DENSE


def meaning_change(a: list[str], b: list[str]) -> str | None:
    """What differs in meaning between two wordings of one quote, or None (trim, inflection)."""
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if tag != "replace" and (i1 == 0 or i2 == len(a)) and (j1 == 0 or j2 == len(b)):
            continue  # one wording runs on past the other: a trimmed quote
        if tag != "replace" and (i2 - i1) + (j2 - j1) > 2:
            continue  # a passage left out (an ellipsis), not a rewording
        left, right = set(a[i1:i2]), set(b[j1:j2])
        if (left ^ right) & NEGATIONS:
            return "negation"
        if tag == "replace" and (i1, j1) == (0, 0) and (i2 - i1) != (j2 - j1):
            # at the start of the window, which took a little more of the longer wording
            # ("spend" / "government has spent"): the words next to the match
            n = min(i2 - i1, j2 - j1)
            i1, j1 = i2 - n, j2 - n
            left, right = set(a[i1:i2]), set(b[j1:j2])
        nums_l = {w for w in left if w[0].isdigit() or w in NUMBER_WORDS}
        nums_r = {w for w in right if w[0].isdigit() or w in NUMBER_WORDS}
        if tag == "replace" and nums_l != nums_r and nums_l and nums_r:
            return "number"
        if tag == "replace":
            if difflib.SequenceMatcher(None, "".join(a[i1:i2]), "".join(b[j1:j2])).ratio() >= 0.6:
                continue  # a spelling variant ("Muammar" / "Moammar")
            cl = {_stem(w) for w in left - STOP}
            cr = {_stem(w) for w in right - STOP}
            if cl and cr and cl != cr:
                return "word"
    return None


def change_between(a: str, b: str) -> str | None:
    """The meaning change between two wordings of one quotation, compared over the
    window of the longer that the shorter covers."""
    wa, wb = words(a), words(b)
    _, _, (lo, hi) = alignment(wa, wb)
    if len(wa) <= len(wb):
        return meaning_change(wa, wb[lo:hi])
    return meaning_change(wa[lo:hi], wb)


def _same_quotation_pairs(
    seen: list[Seen], ctx: StoryContext
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Pairs of one quotation in two sources: those compared for a conflict, and those of
    one speaker only a little reworded (`_one_quotation`), which join a side but raise none."""
    said = [words(q.text) for q in seen]
    bags = [set(w) - STOP or set(w) for w in said]
    counts = Bags()
    # either test needs this share of the shorter wording's words, in order, in the other
    reach = min(ALIGNED, _LOOSE.same_speaker_threshold)
    pairs, loose = [], []
    for i, j in _sharing_half(bags):
        a, b = seen[i].span.article, seen[j].span.article
        if ctx.source_of.get(a, a) == ctx.source_of.get(b, b):
            continue
        small = min(len(bags[i]), len(bags[j]))
        shared = bags[i] & bags[j]
        if not small or len(shared) < 0.5 * small:
            continue
        if not _share_content(said[i], said[j], bags[i], bags[j]):
            continue
        if not counts.may_reach(said[i], said[j], reach):
            continue
        if same_wording(said[i], said[j]):
            pairs.append((i, j))
        elif _one_speaker_reworded(seen[i], seen[j], said[i], said[j]):
            loose.append((i, j))
    return pairs, loose


def _share_content(wa: list[str], wb: list[str], a: set[str], b: set[str]) -> bool:
    """May two wordings (`words`, and their bags, stop words aside) be one quotation?

    Where one is a short piece matched inside a longer one (half its words or less),
    the two must share what the piece says: two of its content words, or all of them,
    a negation aside (a misquote may add or drop it); a piece of nothing but stop
    words ("doing what he's doing") says too little to be matched. Short quotations
    that open alike are two remarks ("It's hard to avoid" / "It's hard to convince
    them what it looked like before"; "That's Hillary's husband" / "... That's why
    Hillary's private email server is so troubling"), while two wordings of one
    length that differ in a word are the misquote this module looks for ("a wound for
    the whole city" / "... the whole country")."""
    if 2 * min(len(wa), len(wb)) > max(len(wa), len(wb)):
        return True
    x = {w for w in a - NEGATIONS if len(w) > 1}
    y = {w for w in b - NEGATIONS if len(w) > 1}
    return bool(x and y) and len(x & y) >= min(2, len(x), len(y))


def _one_quotation(a: Seen, b: Seen) -> bool:
    """One quotation in two wordings: `same_quote`, or `_one_speaker_reworded`."""
    wa, wb = words(a.text), words(b.text)
    return same_wording(wa, wb) or _one_speaker_reworded(a, b, wa, wb)


def _one_speaker_reworded(a: Seen, b: Seen, wa: list[str], wb: list[str]) -> bool:
    """Given to one speaker and only a little reworded (`quote_match.reworded`, as the
    quotes stage folds them); `wa`, `wb` their `words`."""
    return (
        a.speaker is not None
        and a.speaker == b.speaker
        and min(len(wa), len(wb)) >= _LOOSE.same_speaker_min_words
        and reworded(wa, wb, _LOOSE.same_speaker_threshold)
    )


def _sharing_half(bags: list[set[str]]) -> list[tuple[int, int]]:
    """Pairs (i < j, in order) that may share half the words of the smaller bag.

    A superset of those pairs, from an index of the bags' words rather than
    all pairs: a bag `s` shares at least half its words with a larger one only
    if it shares one of its `len(s) - ceil(len(s) / 2) + 1` rarest words
    (the rest are too few to make half), so only bags holding one of those
    are paired with it.
    """
    df = Counter(w for bag in bags for w in bag)
    holders: dict[str, list[int]] = {}
    for i, bag in enumerate(bags):
        for w in bag:
            holders.setdefault(w, []).append(i)
    out: set[tuple[int, int]] = set()
    for i, bag in enumerate(bags):
        rarest = sorted(bag, key=lambda w: (df[w], w))[: len(bag) - (len(bag) + 1) // 2 + 1]
        for w in rarest:
            for j in holders[w]:
                if j != i and len(bags[j]) >= len(bag):
                    out.add((min(i, j), max(i, j)))
    return sorted(out)


def _clusters(n: int, pairs: list[tuple[int, int]]) -> list[set[int]]:
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        parent[find(i)] = find(j)
    groups: dict[int, set[int]] = {}
    for i, j in pairs:
        groups.setdefault(find(i), set()).update((i, j))
    return list(groups.values())


def _speaker_conflict(
    seen: list[Seen], pairs: list[tuple[int, int]], aliases: dict[str, str], ctx: StoryContext
) -> list[Conflict]:
    sides: dict[str, set[int]] = {}
    for i, j in pairs:
        a, b = seen[i], seen[j]
        ka, kb = _speaker_key(a.speaker, aliases), _speaker_key(b.speaker, aliases)
        if not (ka and kb) or _same_person(ka, kb):
            continue
        if not (_direct(a, ctx) and _direct(b, ctx)):
            continue
        if min(len(words(a.text)), len(words(b.text))) < MIN_SPEAKER_WORDS:
            continue
        if _requoted(a.text, b.text) or _related(a, b, ctx) or _related(b, a, ctx):
            continue
        sides.setdefault(ka, set()).add(i)
        sides.setdefault(kb, set()).add(j)
    if len(sides) < 2:
        return []
    built = []
    for members in sides.values():
        qs = [seen[i] for i in sorted(members)]
        name = max((q.speaker or "" for q in qs), key=len)
        cites = [q.span for q in qs] + [q.speaker_span for q in qs if q.speaker_span]
        built.append(ConflictSide(name, tuple(sorted(set(cites)))))
    first = seen[min(min(m) for m in sides.values())]
    names = " vs ".join(s.value for s in built)
    desc = f"Sources attribute the quote “{shortened(first.text)}” to different people: {names}"
    return [Conflict("quote_speaker", desc, tuple(built))]


def _direct(q: Seen, ctx: StoryContext) -> bool:
    """The article itself names this person as the one who says these words."""
    return q.how in DIRECT and q.named and _is_person(q, ctx)


def _own_words(text: str) -> str:
    """The quote without the words it quotes from someone else (‘...’ inside “...”)."""
    return _NESTED.sub(" ", text)


def _requoted(a: str, b: str) -> bool:
    """One side only repeats the other's words inside a quote of its own."""
    return not same_quote(_own_words(a), _own_words(b))


def _related(a: Seen, b: Seen, ctx: StoryContext) -> bool:
    """The other speaker is part of this attribution: named in the quoted words (a quote
    about him), in the sentence that attributes it ("Smith told Jones", "Jones quoted
    Smith"), or in the speaker's roles ("Jones, a spokesman for Smith")."""
    other = _name_words(b.speaker, ctx)
    if not other:
        return False
    text = ctx.by_id[a.span.article].text
    lo, hi = a.span.start, a.span.end
    if a.speaker_span is not None:
        lo, hi = min(lo, a.speaker_span.start), max(hi, a.speaker_span.end)
    doc = ctx.docs.get(a.span.article)
    if doc is not None:
        first = doc.char_span(lo, lo + 1, alignment_mode="expand")
        last = doc.char_span(max(lo, hi - 1), hi, alignment_mode="expand")
        if first is not None and last is not None:
            lo, hi = first[0].sent.start_char, last[-1].sent.end_char
    around = set(re.findall(r"[a-z][a-z'\-]+", text[lo:hi].lower()))
    roles = {w for e in ctx.entities if e.name == a.speaker for r in e.roles for w in _toks(r)}
    return bool(other & (around | roles))


def _name_words(name: str | None, ctx: StoryContext) -> set[str]:
    """Distinctive words of a person's names (surname, aliases), titles left out."""
    if not name:
        return set()
    names = {name}
    for e in ctx.entities:
        if e.name == name:
            names |= set(e.aliases)
    return {w for n in names for w in _toks(n) if w not in TITLES and len(w) > 2}


def _toks(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z'\-]+", text.lower())


def _wording_conflict(
    seen: list[Seen],
    cluster: set[int],
    pairs: list[tuple[int, int]],
    aliases: dict[str, str],
    ctx: StoryContext,
) -> list[Conflict]:
    changed = [
        (i, j, c)
        for i, j in pairs
        if (c := change_between(seen[i].text, seen[j].text)) is not None
        and not _two_remarks(seen, i, j, cluster)
        and not _different_speakers(seen[i], seen[j], aliases)
    ]
    if not changed:
        return []
    i, j, change = changed[0]
    sides: list[list[Seen]] = [[seen[i]], [seen[j]]]
    for k in sorted(cluster - {i, j}, key=lambda k: -len(seen[k].text)):
        q = seen[k]
        home = next(
            (s for s in sides if _one_quotation(s[0], q) and _agrees(s[0].text, q.text)),
            None,
        )
        if home is not None:
            home.append(q)
    speaker = next((q.speaker for q in seen[i : i + 1] + seen[j : j + 1] if q.speaker), None)
    built = tuple(ConflictSide(s[0].text, tuple(sorted(q.span for q in s))) for s in sides)
    who = f"{speaker} " if speaker else ""
    what = {"negation": "one adds or drops a negation", "number": "the numbers differ"}.get(
        change, "the words differ"
    )
    vs = " vs ".join(f"“{x}”" for x in where_they_differ(built[0].value, built[1].value))
    desc = f"Sources quote {who}differently ({what}): {vs}"
    return [Conflict("quote_wording", desc, built)]


def _agrees(a: str, b: str) -> bool:
    return change_between(a, b) is None


def _two_remarks(seen: list[Seen], i: int, j: int, cluster: set[int]) -> bool:
    """A source that itself prints the one wording and a differing one of the same
    quotation heard two remarks (or quotes twice): not a misquote between outlets."""
    for x, y in ((i, j), (j, i)):
        for art in {seen[k].span.article for k in cluster}:
            mine = [seen[k].text for k in cluster if seen[k].span.article == art]
            for t1 in mine:
                if not (same_quote(t1, seen[x].text) and _agrees(t1, seen[x].text)):
                    continue
                if any(
                    t2 is not t1 and same_quote(t2, seen[y].text) and not _agrees(t1, t2)
                    for t2 in mine
                ):
                    return True
    return False


def _different_speakers(a: Seen, b: Seen, aliases: dict[str, str]) -> bool:
    """Both sources name the speaker, and not the same person: two people's words."""
    if not (a.named and b.named):
        return False
    ka, kb = _speaker_key(a.speaker, aliases), _speaker_key(b.speaker, aliases)
    return bool(ka and kb and not _same_person(ka, kb))


def _nearest_person(doc: object, article: str, s: int, e: int) -> tuple[str | None, Span | None]:
    from spacy.tokens import Doc

    assert isinstance(doc, Doc)
    sent = next((x for x in doc.sents if x.start_char <= s < x.end_char), None)
    if sent is None:
        return None, None
    people = [
        ent
        for ent in ents(doc)
        if ent.label_ == "PERSON"
        and ent.start_char >= sent.start_char
        and ent.end_char <= max(sent.end_char, e + 80)
        and not (s <= ent.start_char < e)
    ]
    if not people:
        return None, None
    best = min(people, key=lambda x: min(abs(x.start_char - e), abs(s - x.end_char)))
    return best.text, Span(article, best.start_char, best.end_char)


def _is_person(q: Seen, ctx: StoryContext) -> bool:
    """The speaker is a person ("Analysts" or "The ministry" is not a misattribution)."""
    if q.speaker and any(e.name == q.speaker and e.label == "PERSON" for e in ctx.entities):
        return True
    sp = q.speaker_span
    if sp is None or sp.article not in ctx.docs:
        return False
    doc = ctx.docs[sp.article]
    return any(
        e.label_ == "PERSON" and e.start_char < sp.end and sp.start < e.end_char for e in ents(doc)
    )


def _aliases(ctx: StoryContext) -> dict[str, str]:
    out: dict[str, str] = {}
    for ent in ctx.entities:
        if ent.label != "PERSON":
            continue
        for name in (ent.name, *ent.aliases):
            out[name.lower()] = ent.name.lower()
    return out


def _speaker_key(name: str | None, aliases: dict[str, str]) -> str | None:
    if not name or not name[:1].isupper():
        return None
    canon = aliases.get(name.lower(), name.lower())
    toks = [t for t in re.findall(r"[a-z][a-z'\-]+", canon) if t not in TITLES]
    if not toks or toks[0] in PRONOUNS or canon.startswith("the "):
        return None
    return " ".join(toks)


def _same_person(a: str, b: str) -> bool:
    ta, tb = set(a.split()), set(b.split())
    return ta <= tb or tb <= ta or a.split()[-1] == b.split()[-1]


def shortened(text: str, n: int = 12) -> str:
    """The first `n` words of a quotation, for a conflict's description."""
    ws = text.split()
    return " ".join(ws[:n]) + ("…" if len(ws) > n else "")


def where_they_differ(a: str, b: str, context: int = 4, most: int = 12) -> tuple[str, str]:
    """Both wordings of a quotation cut to where they differ, for a conflict's description.

    The first words of two wordings are often the same ("The fact is that every day
    that passes, Iran gets closer and…" twice), so each is shown from a few words
    before its first change to a few after its last. A wording that only runs on
    before or after the other's ends ("Well, I have people…") is not a change: the
    ends one side alone has are left out of the window.
    """
    ta, tb = a.split(), b.split()
    na, nb = _norm(ta), _norm(tb)
    ops = difflib.SequenceMatcher(None, na, nb, autojunk=False).get_opcodes()
    inner = [op for op in ops if op[0] != "equal"]
    if not inner:
        return shortened(a, most), shortened(b, most)
    # one wording's extra words before or after the other's are no change of wording
    tag, lo_a, _, lo_b, _ = inner[0]
    if len(inner) > 1 and tag != "replace" and lo_a == lo_b == 0:
        inner = inner[1:]
    tag, _, hi_a, _, hi_b = inner[-1]
    if len(inner) > 1 and tag != "replace" and (hi_a, hi_b) == (len(na), len(nb)):
        inner = inner[:-1]
    first, last = inner[0], inner[-1]
    return (
        _window(ta, first[1], last[2], context, most),
        _window(tb, first[3], last[4], context, most),
    )


def _norm(tokens: list[str]) -> list[str]:
    return [" ".join(words(t)) for t in tokens]


def _window(tokens: list[str], lo: int, hi: int, context: int, most: int) -> str:
    """tokens[lo:hi] with `context` words either side, at most `most` words in all."""
    start, end = max(0, lo - context), min(len(tokens), max(hi, lo + 1) + context)
    end = min(end, start + most)
    return ("…" if start else "") + " ".join(tokens[start:end]) + ("…" if end < len(tokens) else "")
