"""Who said a quote: speech verbs, their subjects, and the entity a mention names.

The attribution of a direct quote is read from spaCy's parse of the words
around it: a speech verb (said, told, added, "according to", ...) and its
subject, in inverted order too ("said Bessent"), or up the clause ("...,
telling reporters, “...”"). A pronoun goes to the nearest person named as a
clause subject before it, a description ("the Treasury Secretary") to the one
entity holding that role, and a name to its canonical entity (`entities.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.entities import name_key
from storyline.model import Article, Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from storyline.quotes import QuoteHit

SPEECH_VERBS = frozenset(
    [
        "say",
        "tell",
        "add",
        "note",
        "stress",
        "warn",
        "explain",
        "state",
        "announce",
        "claim",
        "write",
        "tweet",
        "ask",
        "reply",
        "respond",
        "insist",
        "argue",
        "declare",
        "remark",
        "assert",
        "caution",
        "continue",
        "conclude",
        "comment",
        "acknowledge",
        "admit",
        "emphasize",
        "emphasise",
        "suggest",
        "observe",
        "recall",
        "predict",
        "promise",
        "vow",
        "urge",
        "complain",
        "joke",
        "quip",
        "describe",
        "confirm",
        "deny",
        "report",
        "testify",
        "post",
        "shout",
        "agree",
        "mention",
        "reiterate",
        "charge",
        "accuse",
        "counter",
        "scoff",
        "boast",
        "lament",
        "concede",
        "muse",
        "read",
        "recount",
        "yell",
        "plead",
        "pledge",
        "threaten",
        "cry",
        "tout",
        "praise",
        "chant",
        "sing",
        "whisper",
        "exclaim",
        "proclaim",
        "retort",
        "snap",
        "brag",
        "blast",
        "slam",
        "criticize",
        "criticise",
        "demand",
        "wonder",
        "think",
        "believe",
        "interject",
        "highlight",
        "clarify",
        "elaborate",
        "call",
        "dub",
        "label",
        "brand",
    ]
)
PRONOUNS = frozenset({"he", "she", "i", "we", "they", "it"})
SENT_END = ".!?"
SUBJ_DEPS = frozenset({"nsubj", "nsubjpass"})


def tokens_in(doc: Doc, s: int, e: int) -> list[Token]:
    span = doc.char_span(s, e, alignment_mode="contract")
    return list(span) if span is not None else []


def speech_verbs(tokens: list[Token], qs: int) -> list[Token]:
    """Speech verbs (and "according") among these tokens, nearest the quote first."""
    cands = [
        t
        for t in tokens
        if (t.lemma_.lower() in SPEECH_VERBS and t.pos_ in {"VERB", "AUX"})
        or (t.lower_ == "according" and t.i + 1 < len(t.doc) and t.nbor().lower_ == "to")
    ]
    return sorted(cands, key=lambda t: abs(t.idx - qs))


def speech_verb(tokens: list[Token], qs: int) -> Token | None:
    cands = speech_verbs(tokens, qs)
    return cands[0] if cands else None


def subject_of(verb: Token) -> Token | None:
    """The speaker token of a speech verb: its subject, "according to X", or up the clause."""
    if verb.lower_ == "according":
        for c in verb.nbor().children:
            if c.dep_ == "pobj":
                return c
        return verb.nbor(2) if verb.i + 2 < len(verb.doc) else None
    v = verb
    for _ in range(4):
        subj = [c for c in v.children if c.dep_ in SUBJ_DEPS]
        if subj:
            return subj[0]
        if v.dep_ == "relcl" and v.head.pos_ in {"NOUN", "PROPN"}:
            return v.head
        nxt = v.doc[v.i + 1] if v.i + 1 < len(v.doc) else None
        if v is verb and nxt is not None and nxt.pos_ in {"PROPN", "PRON"}:
            return nxt.head if nxt.dep_ == "compound" else nxt  # "said Bessent"
        if v.dep_ in {"conj", "advcl", "xcomp", "ccomp", "acl", "pcomp"} and v.head is not v:
            v = v.head
            continue
        break
    return None


def mention_span(tok: Token) -> tuple[int, int]:
    """Character span of the speaker mention headed by `tok` (entity or noun phrase)."""
    doc = tok.doc
    if tok.ent_type_:
        for ent in doc.ents:
            if ent.start <= tok.i < ent.end:
                toks = [t for t in ent if t.lower_ not in {"'s", "’s"} and t.lower_ != "the"]
                if toks:
                    return toks[0].idx, toks[-1].idx + len(toks[-1].text)
    if tok.pos_ == "PRON":
        return tok.idx, tok.idx + len(tok.text)
    left = [t for t in tok.subtree if t.i <= tok.i]
    first = left[0]
    for t in left:
        if t.is_punct:
            first = doc[t.i + 1]
    return first.idx, tok.idx + len(tok.text)


class Resolver:
    """Maps speaker mentions of one article to canonical entity names."""

    def __init__(self, article: Article, doc: Doc, entities: list[Entity], lookback: int) -> None:
        self.doc = doc
        self.entities = entities
        self.lookback = lookback
        self.mentions: list[tuple[int, int, Entity]] = sorted(
            (s.start, s.end, e) for e in entities for s in e.mentions if s.article == article.id
        )

    def entity_at(self, s: int, e: int) -> tuple[int, int, Entity] | None:
        for ms, me, ent in self.mentions:
            if ms < e and s < me:
                return ms, me, ent
        return None

    def by_name(self, name: str) -> Entity | None:
        """The entity called `name`, by full name, alias or (for people) surname."""
        key = name_key(name)
        for e in self.entities:
            if key == name_key(e.name) or any(key == name_key(a) for a in e.aliases):
                return e
        people = [e for e in self.entities if e.label == "PERSON" and " " in e.name]
        by_surname = [e for e in people if name_key(e.name).split()[-1] == key]
        return by_surname[0] if len(by_surname) == 1 else None

    def antecedent(self, pos: int, pronoun: str) -> tuple[int, int, Entity] | None:
        """The person a "he"/"she" at `pos` refers to: the nearest named person that is
        a clause subject before it, else the nearest person mentioned before it."""
        if pronoun not in {"he", "she"}:
            return None
        doc = self.doc
        first = doc.char_span(pos, pos + 1, alignment_mode="expand")
        if first is None:
            return None
        i = first.start - 1
        while i >= 0 and doc[i].idx > pos - self.lookback:
            t = doc[i]
            if t.dep_ in SUBJ_DEPS and t.pos_ == "PROPN":
                s, e = mention_span(t)
                found = self.entity_at(s, e)
                if found is None:
                    ent = self.by_name(doc.text[s:e])
                    found = (s, e, ent) if ent is not None else None
                if found is not None and found[2].label == "PERSON":
                    return found
            i -= 1
        cands = [
            m for m in self.mentions if m[2].label == "PERSON" and pos - self.lookback < m[0] < pos
        ]
        return cands[-1] if cands else None

    def by_role(self, phrase: str) -> tuple[int, int, Entity] | None:
        """The one entity of this article whose role ends in the description's words."""
        words = phrase.lower().split()
        while words and words[0] in {"the", "a", "an", "this", "that"}:
            words = words[1:]
        if not words:
            return None
        key = " ".join(words)
        hits = {
            id(e): (ms, me, e)
            for ms, me, e in self.mentions
            if any(r.lower() == key or r.lower().endswith(" " + key) for r in e.roles)
        }
        return next(iter(hits.values())) if len(hits) == 1 else None


def nearest_subject(tokens: list[Token], qs: int, marks: list[tuple[int, int]]) -> Token | None:
    """The clause subject nearest the quote among these tokens, if it can be a speaker."""
    subs = [t for t in tokens if t.dep_ in SUBJ_DEPS and good_speaker(t, marks)]
    subs = [t for t in subs if t.pos_ == "PROPN" or t.lower_ in {"he", "she", "they", "we", "i"}]
    return min(subs, key=lambda t: abs(t.idx - qs)) if subs else None


def good_speaker(tok: Token, marks: list[tuple[int, int]]) -> bool:
    """A speaker is outside every quote and is no possessive or relative pronoun."""
    if any(qs <= tok.idx < qe for qs, qe in marks):
        return False
    if tok.tag_ in {"PRP$", "WP", "WDT", "WP$"} or tok.lower_ in {"that", "which", "who"}:
        return False
    noun_like = tok.pos_ in {"PROPN", "NOUN", "PRON"} or tok.is_title  # "Bessent" tagged ADJ
    return noun_like and tok.lower_ not in {"it", "there", "this"}


def attach(hit: QuoteHit, subj: Token, text: str, resolver: Resolver) -> None:
    ms, me = mention_span(subj)
    hit.speaker_start, hit.speaker_end, hit.speaker_text = ms, me, text[ms:me]
    found = resolver.entity_at(ms, me)
    if found is None and subj.pos_ == "PROPN":
        ent = resolver.by_name(text[ms:me])
        found = (ms, me, ent) if ent is not None else None
    if found is None and subj.lower_ in PRONOUNS:
        found = resolver.antecedent(ms, subj.lower_)
    if found is None and subj.pos_ in {"NOUN", "PROPN"}:
        found = resolver.by_role(text[ms:me])
    if found is not None:
        hit.name_start, hit.name_end, hit.speaker = found[0], found[1], found[2].name
        hit.name_text = text[found[0] : found[1]]
