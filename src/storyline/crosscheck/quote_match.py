"""The same quote in several articles: fold occurrences, keep every exact wording.

Outlets reword quotes a little: an ellipsis, a dropped clause, other
punctuation, a few changed words, or one quote split in two by its
attribution. Two quoted passages of different articles are one quote when
most words of the shorter one appear, in order, in the longer one (a
containment score over word sequences, so that a passage quoted in part still
matches the whole). Passages are joined transitively (union-find), so a long
quote in one outlet gathers the pieces another outlet quoted separately.

Every occurrence keeps its exact text and offsets; `Quote.text` is the words
of one occurrence (of the most common wording, longest on ties), never pieces
stitched together, and `Quote.variants` lists the other wordings;
`mark_differences` shows word by word where a variant differs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.model import Quote, QuoteOccurrence, Span
from storyline.unionfind import UnionFind

if TYPE_CHECKING:
    from storyline.analyse.quotes import QuoteHit

WORD = re.compile(r"\w+(?:['’]\w+)*")


def words(text: str) -> list[str]:
    """Lowercased words, curly apostrophes made straight."""
    return [w.replace("’", "'") for w in WORD.findall(text.lower())]


def containment(a: Sequence[str], b: Sequence[str]) -> float:
    """Share of the shorter word sequence found, in order, in the longer one."""
    if not a or not b:
        return 0.0
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(set(short) & set(long_)) < 0.5 * len(set(short)):
        return 0.0
    return _in_order(short, long_)


def _in_order(short: Sequence[str], long_: Sequence[str]) -> float:
    sm = SequenceMatcher(None, short, long_, autojunk=False)
    return sum(m.size for m in sm.get_matching_blocks()) / len(short)


class Bags:
    """`containment` for many pairs of the same word lists, told at once where a pair
    cannot reach a share.

    The words of the shorter list found in order in the longer are at most the
    words the two share counted with repeats, so a pair whose shared count is
    under `at_least` times the shorter's length is under that share without the
    sequence matching, which is the cost of comparing the quotes of a big story.
    Each list's word counts are made once (lists are known by identity: they
    must not change while the `Bags` is used).
    """

    def __init__(self) -> None:
        self._bags: dict[int, tuple[Sequence[str], Counter[str]]] = {}

    def _bag(self, seq: Sequence[str]) -> Counter[str]:
        got = self._bags.get(id(seq))
        if got is None or got[0] is not seq:
            got = (seq, Counter(seq))
            self._bags[id(seq)] = got
        return got[1]

    def may_reach(self, a: Sequence[str], b: Sequence[str], share: float) -> bool:
        """Whether the words of the shorter list found in order in the longer may be
        `share` of it (False: they are surely fewer)."""
        if not a or not b:
            return False
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        bs, bl = self._bag(short), self._bag(long_)
        need = share * len(short) - 1e-9
        common = bs.keys() & bl.keys()  # each counts once at least
        return len(common) >= need or sum(min(bs[w], bl[w]) for w in common) >= need

    def containment(self, a: Sequence[str], b: Sequence[str], at_least: float) -> float:
        """`containment(a, b)` where it is `at_least` or more; else some value under it."""
        if not self.may_reach(a, b, at_least):
            return 0.0
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        # the plain function's own test: half the shorter's distinct words shared
        bs, bl = self._bag(short), self._bag(long_)
        if sum(1 for w in bs if w in bl) < 0.5 * len(bs):
            return 0.0
        return _in_order(short, long_)


def mark_differences(base: str, variant: str) -> str:
    """The variant with words missing from `base` in [+...+] and dropped ones in [-...-]."""
    a, b = base.split(), variant.split()
    norm = [w.strip(".,;:!?\"'“”‘’").lower() for w in a]
    normb = [w.strip(".,;:!?\"'“”‘’").lower() for w in b]
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, norm, normb, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(b[j1:j2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("[+" + " ".join(b[j1:j2]) + "+]")
    return " ".join(out)


def group_quotes(
    hits: list[QuoteHit],
    order: list[str],
    threshold: float = 0.8,
    same_speaker: tuple[float, int] | None = None,
) -> list[Quote]:
    """Fold quote hits into quotes: split pieces of one article, then across articles.

    `same_speaker` = (threshold, min_words): two passages attributed to one speaker,
    the shorter of `min_words` words or more, are one quote from that (lower) share.
    """
    rank = {a: i for i, a in enumerate(order)}
    units: dict[tuple[str, int], list[QuoteHit]] = defaultdict(list)
    for h in hits:
        units[(h.article, h.chain)].append(h)
    keys = list(units)
    uf = UnionFind(len(keys))
    piece_words = [[words(h.text) for h in units[k]] for k in keys]
    unit_words = [[w for p in pw for w in p] for pw in piece_words]
    speakers = [{h.speaker for h in units[k] if h.speaker} for k in keys]
    low, min_words = same_speaker if same_speaker else (threshold, 0)
    bags = Bags()
    phrase_in: dict[int, list[int]] = {}  # a short phrase -> longer quotes of its speaker
    # per group: each article's units' speakers. An article that gives two of a group's
    # units to two different people says they are two quotes: "Freedom means freedom for
    # everyone," Mary Cheney's echo of her father's "I think that freedom means ..."
    said: dict[int, dict[str, list[set[str]]]] = {
        i: {keys[i][0]: [speakers[i]]} for i in range(len(keys))
    }

    def join(i: int, j: int) -> None:
        ri, rj = uf.find(i), uf.find(j)
        if ri == rj:
            return
        a, b = said[ri], said[rj]
        for art in a.keys() & b.keys():
            if any(x and y and not x & y for x in a[art] for y in b[art]):
                return
        uf.union(ri, rj)
        keep, gone = (ri, rj) if uf.find(ri) == ri else (rj, ri)
        for art, sps in said.pop(gone).items():
            said[keep].setdefault(art, []).extend(sps)

    # closest in length first: two printings of one quotation join before a phrase joins
    # a passage that holds it, which an article may give to another speaker
    pairs = sorted(
        _candidates(unit_words, piece_words, min(threshold, low)),
        key=lambda p: (
            -min(len(unit_words[p[0]]), len(unit_words[p[1]]))
            / max(len(unit_words[p[0]]), len(unit_words[p[1]]), 1)
        ),
    )
    for i, j in pairs:
        if uf.find(i) == uf.find(j):
            continue
        # the same words of one speaker, printed twice in one article (a lede's
        # "profoundly" and the body's) or by two outlets ("phony theology"): one
        # quote however short, where two or more words of another quote are not
        one_article = keys[i][0] == keys[j][0]
        # (in one article, words printed again without their speaker are theirs too: a
        # pull quote, a fragment in a later paragraph)
        one_voice = speakers[i] == speakers[j] or (
            one_article and not (speakers[i] and speakers[j])
        )
        if unit_words[i] == unit_words[j] and one_voice and (speakers[i] or one_article):
            join(i, j)
            continue
        if one_article:
            # one speaker's words that the article prints again inside a longer quotation
            # of theirs ("Don't shoot him," in the lede; the whole "Don't shoot him. He has
            # no weapon. ..." below): one quote, shown once
            # (as a phrase is: to the one quote of theirs that holds it, below)
            if speakers[i] and speakers[i] == speakers[j] and _within(unit_words[i], unit_words[j]):
                short, long_ = (i, j) if len(unit_words[i]) < len(unit_words[j]) else (j, i)
                phrase_in.setdefault(short, []).append(long_)
            continue
        phrase = _phrase(unit_words[i], unit_words[j])
        if phrase is not None:
            # a phrase of under SHORT words is another quote's only where it stands in it
            # word for word ("We the people", read out by the Speaker, is not "We fail to
            # show the American people"), and never where the two are given to two people
            # (nor a columnist's "we the people still have to pay"); where both are one
            # person's, however short ("whipsawed" in "I'm getting whipsawed here")
            if not phrase or (speakers[i] and speakers[j] and not speakers[i] & speakers[j]):
                continue
            if speakers[i] & speakers[j]:
                short, long_ = (i, j) if len(unit_words[i]) < len(unit_words[j]) else (j, i)
                phrase_in.setdefault(short, []).append(long_)
                continue
        if _same(unit_words[i], unit_words[j], piece_words[i], piece_words[j], threshold, bags) or (
            speakers[i] & speakers[j]
            and min(len(unit_words[i]), len(unit_words[j])) >= min_words
            and reworded(unit_words[i], unit_words[j], low, bags)
        ):
            join(i, j)
    # a phrase goes to the one quote of that person that holds it, not to two ("in
    # Vietnam" in two remarks of one senator would make them one); the longer phrases
    # first, so that "aggressive ask" meets the quote "a very aggressive ask" joined;
    # held by several, it goes to the one its own article prints, where there is one (a
    # lede's "very close" is the "We are very close to ..." of its own article, not
    # another outlet's "we are very close or we've resolved the issue")
    for short, longer in sorted(phrase_in.items(), key=lambda kv: (-len(unit_words[kv[0]]), kv[0])):
        own = [x for x in longer if keys[x][0] == keys[short][0]]
        for holders in (longer, own):
            if holders and len({uf.find(x) for x in holders}) == 1:
                join(short, holders[0])
                break
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        clusters[uf.find(i)].append(i)
    quotes = []
    for members in clusters.values():
        quotes.append(_quote([units[keys[i]] for i in members], rank))
    quotes.sort(
        key=lambda q: (rank.get(q.occurrences[0].span.article, 0), q.occurrences[0].span.start)
    )
    return quotes


SHORT = 5  # words: a quotation this short is a phrase, which others use too


def _within(a: list[str], b: list[str]) -> bool:
    """Do the words of the shorter sequence stand in the longer, in order and together?"""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    n = len(short)
    return n > 0 and any(long_[k : k + n] == short for k in range(len(long_) - n + 1))


def _phrase(a: list[str], b: list[str]) -> bool | None:
    """None where neither wording is a phrase of under `SHORT` words inside a longer one;
    else whether the phrase stands in the longer one word for word."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= SHORT or len(short) == len(long_):
        return None
    return _within(short, long_)


def _candidates(
    unit_words: list[list[str]], piece_words: list[list[list[str]]], threshold: float
) -> list[tuple[int, int]]:
    """Unit pairs (i < j, in order) that `_same` may join: a superset, from a word index.

    `containment(a, b) >= threshold` needs all but `(1 - threshold) * len(short)`
    words of the shorter sequence in the longer one, so the shorter one shares
    one of its `floor((1 - threshold) * len) + 1` rarest words with it. `_same`
    compares a unit or one of its pieces with the other unit, so each unit and
    each piece of it is looked up by its rarest words among the units' words.
    """
    n = len(unit_words)
    if threshold <= 0:
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    df = Counter(w for uw in unit_words for w in set(uw))
    holders: dict[str, list[int]] = {}
    for i, uw in enumerate(unit_words):
        for w in set(uw):
            holders.setdefault(w, []).append(i)
    out: set[tuple[int, int]] = set()
    for i in range(n):
        for seq in (unit_words[i], *piece_words[i]):
            # a margin over the float bound, so that rounding never drops a pair
            k = int((1 - threshold) * len(seq) + 1e-6) + 1
            for w in set(sorted(seq, key=lambda x: (df[x], x))[:k]):
                for j in holders[w]:
                    if j != i:
                        out.add((min(i, j), max(i, j)))
    return sorted(out)


def reworded(a: Sequence[str], b: Sequence[str], share: float, bags: Bags | None = None) -> bool:
    """The shorter wording is the longer one's worded a little otherwise: `share` of its
    words in order in the longer and every content word of it there (stemmed), so that
    another remark sharing a phrase ("not going to talk about this anymore" / "not
    going to allow this thing to dominate what I talk about") is not one."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    have = {stem(w) for w in long_}
    found = containment(short, long_) if bags is None else bags.containment(short, long_, share)
    return found >= share and all(stem(w) in have for w in short if w not in STOP_WORDS)


def stem(w: str) -> str:
    """A word without its commonest inflection ("increases" / "increase")."""
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            break
    return w[:-1] if w.endswith("e") and len(w) > 3 else w


def _same(
    ua: list[str],
    ub: list[str],
    pa: list[list[str]],
    pb: list[list[str]],
    threshold: float,
    bags: Bags,
) -> bool:
    def contained(x: list[str], y: list[str]) -> bool:
        return bags.containment(x, y, threshold) >= threshold

    if min(len(ua), len(ub)) >= 3 and contained(ua, ub):
        return True
    # one piece of a split quote quoted on its own elsewhere; the other side is no word
    # or two that the piece holds ("Obama agenda", inside a columnist's passage that
    # quotes it): that would tie the passage to every quote holding those words
    if len(ub) >= 3:
        for x in pa if len(pa) > 1 else []:
            if len(x) >= 5 and contained(x, ub):
                return True
    return len(ua) >= 3 and any(
        len(y) >= 5 and contained(y, ua) for y in (pb if len(pb) > 1 else [])
    )


VARIANT_SHARE = 0.5  # words of the shorter, in order, in the longer: a rewording, not a piece
CARRIED = 0.8  # share of a piece's words, in order, in a unit that carries it


def _quote(units: list[list[QuoteHit]], rank: dict[str, int]) -> Quote:
    """One quote from its units (the pieces of one article's quotation, in order).

    `text` is always the exact words of one occurrence, never pieces stitched
    together: the piece that shows the most of what outlets print (its words
    times the units that carry it, most of its words there in order), then the
    one printed word for word most often, the longest, the earliest source.
    Other pieces of a split quotation ("A," he said. "B.") stay
    occurrences of the same quote. A variant is an occurrence that words the
    shown piece otherwise: not a part of it, nor another piece of the quotation.
    """
    unit_words = [words(" ".join(h.text for h in u)) for u in units]
    pieces = [(h, words(h.text)) for u in units for h in u]
    bags = Bags()

    def carried(hw: list[str], share: float) -> int:
        return sum(
            len(hw) <= len(uw) and bags.containment(hw, uw, share) >= share for uw in unit_words
        )

    head, base = max(
        pieces,
        key=lambda p: (
            carried(p[1], CARRIED) * len(p[1]),  # the words most outlets print
            carried(p[1], 1.0),  # word for word
            len(p[0].text),
            -rank.get(p[0].article, 0),
        ),
    )

    # where those words leave out other words the outlets print (another piece of one
    # passage, not a longer printing of them: "But you don't need to be in the pews ..."
    # hid "As president, I'll end Obama's war on religion ..."), the printing that holds
    # every piece of `SHORT` words or more is shown, if one does
    def holds(longer: list[str], hw: list[str]) -> bool:
        return len(hw) <= len(longer) and bags.containment(hw, longer, CARRIED) >= CARRIED

    lines = [hw for _, hw in pieces if len(hw) >= SHORT]  # a phrase aside ("don't ask")
    if any(not holds(base, hw) and not holds(hw, base) for hw in lines):
        longest = max(len(hw) for hw in lines)  # only a printing that long may hold all
        whole = [p for p in pieces if len(p[1]) >= longest and all(holds(p[1], hw) for hw in lines)]
        if whole:
            head, base = max(whole, key=lambda p: (len(p[1]), -rank.get(p[0].article, 0)))
    text = head.text
    shown = {" ".join(base)}
    variants: list[str] = []
    for h, hw in pieces:
        key = " ".join(hw)
        if key in shown or (hw and bags.containment(hw, base, 1.0) == 1.0):
            continue  # a part of the shown words, or a longer passage holding all of them
        if bags.containment(hw, base, VARIANT_SHARE) < VARIANT_SHARE:
            continue  # another piece of the quotation, not a rewording of the one shown
        shown.add(key)
        variants.append(h.text)
    # the speaker most occurrences give; of speakers given as often, the one of the words
    # shown (Kristol's "Needless to say, the war ... was not 'a war of Obama's choosing'"
    # is his, though it holds words of Steele's that another outlet quotes alone)
    speakers = Counter(h.speaker for u in units for h in u if h.speaker)
    of_shown = Counter(
        h.speaker
        for u, uw in zip(units, unit_words, strict=True)
        if len(base) <= len(uw) and bags.containment(base, uw, CARRIED) >= CARRIED
        for h in u
        if h.speaker
    )
    # max keeps the first of equals: the speaker given first (a Counter keeps that order)
    speaker = max(speakers, key=lambda sp: (speakers[sp], of_shown[sp])) if speakers else None
    occ = []
    for u in units:
        for h in u:
            sp, st = _speaker_span(h)
            occ.append(QuoteOccurrence(Span(h.article, h.start, h.end), h.text, st, sp))
    occ.sort(key=lambda o: (rank.get(o.span.article, 0), o.span.start))
    fragment = all(h.fragment for u in units for h in u)
    return Quote(text, speaker, fragment, tuple(occ), tuple(variants), _passage(units, head))


def _passage(units: list[list[QuoteHit]], head: QuoteHit) -> tuple[str, ...]:
    """The pieces of the quotation `head` belongs to, in order, where its attribution
    splits it (`QuoteHit.runs_on`); () when it is not split."""
    unit = next(u for u in units if any(h is head for h in u))
    pieces = sorted(unit, key=lambda h: h.start)
    i = next(k for k, h in enumerate(pieces) if h is head)
    lo, hi = i, i
    while lo > 0 and pieces[lo - 1].runs_on:
        lo -= 1
    while hi < len(pieces) - 1 and pieces[hi].runs_on:
        hi += 1
    return tuple(h.text for h in pieces[lo : hi + 1]) if hi > lo else ()


def _speaker_span(h: QuoteHit) -> tuple[Span | None, str | None]:
    """The named mention the speaker resolves to, else the mention in the attribution."""
    pronoun = (h.speaker_text or "").lower() in {"he", "she"}
    if pronoun and h.name_start is not None and h.name_end is not None:
        return Span(h.article, h.name_start, h.name_end), h.name_text
    if h.speaker_start is None or h.speaker_end is None:
        return None, None
    return Span(h.article, h.speaker_start, h.speaker_end), h.speaker_text
