"""Cross-checking quotes: the same words given to different speakers, or reworded.

The quotes come from the `quotes` stage (`ctx.quotes`, each occurrence with
its speaker); where that stage found none, from a small parse here (text in
quotation marks, speaker = the nearest person named in the same sentence).
Occurrences of different articles are grouped when most of the words of the
shorter recur in the longer. Within a group:

- quote_speaker: two named people given the same words (titles, first names
  and pronouns are not differences; "he" or "a spokesman" is not a name);
- quote_wording: the wording differs in a way that changes meaning: a
  negation or number added, dropped or changed, or a content word replaced.
  Trimming a quote, ellipses, case, punctuation and contractions are not.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.model import Conflict, ConflictSide, Span

if TYPE_CHECKING:
    from storyline.context import StoryContext

NEGATIONS = {"not", "no", "never", "nothing", "none", "nobody", "neither", "nor", "without"}
STOP = set(STOP_WORDS) - NEGATIONS
TITLES = {"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "secretary", "minister",
          "senator", "governor", "general", "prime", "vice", "chief", "treasury",
          "state"}  # fmt: skip
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that", "this"}
CONTRACTIONS = [("cannot", "can not"), ("n't", " not"), ("n’t", " not"), ("’re", " are"),
                ("'re", " are"), ("'ll", " will"), ("’ll", " will"), ("'ve", " have"),
                ("’ve", " have"), ("'m", " am"), ("’m", " am")]  # fmt: skip
_QUOTED = re.compile(r"[“\"]([^“”\"\n]{12,}?)[”\"]")
MIN_WORDS = 4
MATCH = 0.6
ALIGNED = 0.8  # share of the shorter wording matched in order, for a direct comparison


@dataclass(frozen=True)
class Seen:
    """One quotation in one article, with the speaker the article gives."""

    span: Span
    text: str
    speaker: str | None
    speaker_span: Span | None


def occurrences(ctx: StoryContext) -> list[Seen]:
    """Quote occurrences of the story: from the quotes stage, else the local parse."""
    if ctx.quotes:
        return [
            Seen(o.span, o.text, o.speaker_text or q.speaker, o.speaker_span)
            for q in ctx.quotes
            for o in q.occurrences
        ]
    out: list[Seen] = []
    for art in ctx.articles:
        doc = ctx.docs[art.id]
        for m in _QUOTED.finditer(art.text):
            s, e = m.start(1), m.end(1)
            who, where = _nearest_person(doc, art.id, s, e)
            out.append(Seen(Span(art.id, s, e), m.group(1), who, where))
    return out


def quote_conflicts(ctx: StoryContext) -> list[Conflict]:
    """Conflicts of speaker and of wording between quotes that are the same quotation."""
    seen = [q for q in occurrences(ctx) if len(words(q.text)) >= MIN_WORDS]
    aliases = _aliases(ctx)
    out: list[Conflict] = []
    for group in _groups(seen, ctx):
        if ctx.support({q.span.article for q in group}) < 2:
            continue
        out += _speaker_conflict(group, aliases, ctx)
        out += _wording_conflict(group, aliases, ctx)
    return out


def words(text: str) -> list[str]:
    low = text.lower()
    for a, b in CONTRACTIONS:
        low = low.replace(a, b)
    return re.findall(r"[a-z0-9]+(?:[.,]\d+)?", low)


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
        nums_l = {w for w in left if w[0].isdigit()}
        nums_r = {w for w in right if w[0].isdigit()}
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


def _groups(seen: list[Seen], ctx: StoryContext) -> list[list[Seen]]:
    bags = [set(words(q.text)) - STOP or set(words(q.text)) for q in seen]
    parent = list(range(len(seen)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(seen)):
        for j in range(i + 1, len(seen)):
            if seen[i].span.article == seen[j].span.article:
                continue
            small = min(len(bags[i]), len(bags[j]))
            if small and len(bags[i] & bags[j]) / small >= MATCH:
                parent[find(i)] = find(j)
    groups: dict[int, list[Seen]] = {}
    for i, q in enumerate(seen):
        groups.setdefault(find(i), []).append(q)
    return [g for g in groups.values() if len(g) > 1]


def same_quote(a: str, b: str) -> bool:
    """Two wordings of one quotation: most words of the shorter recur, in order, in the longer."""
    wa, wb = words(a), words(b)
    small = min(len(wa), len(wb))
    if small < MIN_WORDS:
        return False
    blocks = difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_matching_blocks()
    return sum(m.size for m in blocks) / small >= ALIGNED


def _direct(group: list[Seen]) -> list[Seen]:
    """Occurrences that match another occurrence of another article word for word, mostly."""
    return [
        q
        for q in group
        if any(o.span.article != q.span.article and same_quote(q.text, o.text) for o in group)
    ]


def _speaker_conflict(
    group: list[Seen], aliases: dict[str, str], ctx: StoryContext
) -> list[Conflict]:
    sides: dict[str, list[Seen]] = {}
    for q in _direct(group):
        key = _speaker_key(q.speaker, aliases)
        if key and _is_person(q, aliases, ctx):
            sides.setdefault(key, []).append(q)
    keys = list(sides)
    merged: dict[str, list[Seen]] = {}
    for k in keys:  # "Scott Bessent" and "Bessent" are one speaker
        home = next((m for m in merged if _same_person(m, k)), k)
        merged.setdefault(home, []).extend(sides[k])
    if len(merged) < 2 or ctx.support({q.span.article for qs in merged.values() for q in qs}) < 2:
        return []
    built = []
    for qs in merged.values():
        name = max((q.speaker or "" for q in qs), key=len)
        cites = [q.span for q in qs] + [q.speaker_span for q in qs if q.speaker_span]
        built.append(ConflictSide(name, tuple(sorted(set(cites)))))
    short = _short(group[0].text)
    names = " vs ".join(s.value for s in built)
    desc = f"Sources attribute the quote “{short}” to different people: {names}"
    return [Conflict("quote_speaker", desc, tuple(built))]


def _wording_conflict(
    group: list[Seen], aliases: dict[str, str], ctx: StoryContext
) -> list[Conflict]:
    sides: list[list[Seen]] = []
    for q in sorted(_direct(group), key=lambda q: -len(q.text)):
        near = [side for side in sides if same_quote(side[0].text, q.text)]
        home = next(
            (x for x in near if meaning_change(words(x[0].text), words(q.text)) is None), None
        )
        if home is not None:
            home.append(q)
        elif near or not sides:
            sides.append([q])  # the same quotation, worded to mean something else
    if len(sides) < 2:
        return []
    keys = [{ctx.source_of.get(q.span.article, q.span.article) for q in s} for s in sides]
    if len(set().union(*keys)) < 2:
        return []
    speaker = next((q.speaker for q in group if _speaker_key(q.speaker, aliases)), None)
    built = tuple(ConflictSide(s[0].text, tuple(sorted(q.span for q in s))) for s in sides)
    who = f"{speaker} " if speaker else ""
    change = meaning_change(words(sides[0][0].text), words(sides[1][0].text))
    what = {"negation": "one adds or drops a negation", "number": "the numbers differ"}.get(
        change or "", "the words differ"
    )
    vs = " vs ".join(f"“{_short(s.value)}”" for s in built)
    desc = f"Sources quote {who}differently ({what}): {vs}"
    return [Conflict("quote_wording", desc, built)]


def _nearest_person(doc: object, article: str, s: int, e: int) -> tuple[str | None, Span | None]:
    from spacy.tokens import Doc

    assert isinstance(doc, Doc)
    sent = next((x for x in doc.sents if x.start_char <= s < x.end_char), None)
    if sent is None:
        return None, None
    people = [
        ent
        for ent in doc.ents
        if ent.label_ == "PERSON"
        and ent.start_char >= sent.start_char
        and ent.end_char <= max(sent.end_char, e + 80)
        and not (s <= ent.start_char < e)
    ]
    if not people:
        return None, None
    best = min(people, key=lambda x: min(abs(x.start_char - e), abs(s - x.end_char)))
    return best.text, Span(article, best.start_char, best.end_char)


def _is_person(q: Seen, aliases: dict[str, str], ctx: StoryContext) -> bool:
    """The speaker is a named person ("Analysts" or "The ministry" is not a misattribution)."""
    if q.speaker and q.speaker.lower() in aliases:
        return True
    sp = q.speaker_span
    if sp is None or sp.article not in ctx.docs:
        return False
    doc = ctx.docs[sp.article]
    return any(
        e.label_ == "PERSON" and e.start_char < sp.end and sp.start < e.end_char for e in doc.ents
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


def _stem(w: str) -> str:
    for suf in ("ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def _short(text: str, n: int = 12) -> str:
    ws = text.split()
    return " ".join(ws[:n]) + ("…" if len(ws) > n else "")
