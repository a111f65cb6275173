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
    from spacy.tokens import Doc, Span, Token

    from storyline.quotes import QuoteHit

_SPEECH = """
    say tell add note stress warn explain state announce claim write tweet ask reply respond
    insist argue declare remark assert caution continue conclude comment acknowledge admit
    emphasize emphasise suggest observe recall predict promise vow urge complain joke quip
    describe confirm deny report testify post shout agree mention reiterate charge accuse
    counter scoff boast lament concede muse read recount yell plead pledge threaten cry tout
    praise chant sing whisper exclaim proclaim retort snap brag blast slam criticize criticise
    demand wonder think believe interject highlight clarify elaborate call dub label brand
"""
SPEECH_VERBS = frozenset(_SPEECH.split())
_INVERTIBLE = """
    say add write continue explain note reply respond recall declare insist state remark
    observe argue counter conclude quip joke acknowledge admit tweet post predict exclaim
    retort concede muse wonder report announce confirm
"""
INVERTIBLE = frozenset(_INVERTIBLE.split())
PRONOUNS = frozenset({"he", "she", "i", "we", "they", "it", "his", "her"})
GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
ANSWER_NOUNS = frozenset({"response", "reply", "answer", "retort", "rejoinder"})
RECIPIENT_DEPS = frozenset({"dobj", "dative", "iobj"})
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
        if v is verb and nxt is not None and nxt.pos_ in {"PROPN", "PRON"} and _inverts(v):
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

    def __init__(
        self,
        article: Article,
        doc: Doc,
        entities: list[Entity],
        lookback: int,
        marks: list[tuple[int, int]] | None = None,
    ) -> None:
        self.doc = doc
        self.marks = marks or []
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

    def person_at(self, tok: Token) -> tuple[int, int, Entity] | None:
        """The person entity a name token stands for (its mention span and entity)."""
        s, e = mention_span(tok)
        found = self.entity_at(s, e)
        if found is None and tok.pos_ == "PROPN":
            ent = self.by_name(self.doc.text[s:e])
            found = (s, e, ent) if ent is not None else None
        return found if found is not None and found[2].label == "PERSON" else None

    def antecedent(self, pos: int, pronoun: str, depth: int = 0) -> tuple[int, int, Entity] | None:
        """The person a "he"/"she"/"his"/"her" at `pos` refers to.

        Sentences are read backwards from the pronoun. In the nearest one that
        names a person (outside quotation marks), the person who speaks there
        wins (subject of a speech verb, "X, who said", "said X"), then the
        subject of the main clause, then any subject, then the last person
        named. Persons the pronoun's own verb addresses ("he told the vice
        president", "she asked Smith") are not candidates, and a possessive
        answer ("His response: ...") goes to the person just asked.
        """
        form = GENDER.get(pronoun)
        doc = self.doc
        span = doc.char_span(pos, pos + len(pronoun), alignment_mode="expand")
        if form is None or span is None or depth > 3:
            return None
        tok = span[0]
        if tok.dep_ == "poss" and tok.head.lemma_.lower() in ANSWER_NOUNS:
            asked = self._person_asked(tok)
            if asked is not None:
                return asked
        skip = {id(f[2]) for f in (self._addressed(tok) or [])}
        sent: Span | None = tok.sent
        while sent is not None and sent.end_char > pos - self.lookback:
            same = sent.start <= tok.i < sent.end
            best: tuple[int, int, Token] | None = None
            for t in sent:
                if t.i >= tok.i or self.quoted(t.idx):
                    continue
                rank = _rank(t)
                if same and rank > 2:
                    continue  # "After meeting Obama, he said": not the object
                is_pron = GENDER.get(t.lower_) == form and t.i != tok.i and rank <= 1
                if not is_pron and (t.pos_ != "PROPN" or t.dep_ in {"compound", "flat"}):
                    continue
                if not is_pron:
                    found = self.person_at(t)
                    if found is None or id(found[2]) in skip:
                        continue
                if best is None or (rank, -t.i) < (best[0], -best[1]):
                    best = (rank, t.i, t)
            if best is not None:
                t = best[2]
                if t.pos_ == "PRON":
                    return self.antecedent(t.idx, t.lower_, depth + 1)
                return self.person_at(t)
            sent = doc[sent.start - 1].sent if sent.start > 0 else None
        cands = [
            m
            for m in self.mentions
            if m[2].label == "PERSON"
            and pos - self.lookback < m[0] < pos
            and not self.quoted(m[0])
            and id(m[2]) not in skip
        ]
        return cands[-1] if cands else None

    def quoted(self, idx: int) -> bool:
        return any(qs <= idx < qe for qs, qe in self.marks)

    def _addressed(self, tok: Token) -> list[tuple[int, int, Entity]]:
        """Persons the verb of this subject speaks to ("told the vice president")."""
        verb = tok.head
        objs = [c for c in verb.children if c.dep_ in RECIPIENT_DEPS]
        objs += [g for c in verb.children if c.lower_ == "to" for g in c.children]
        out = []
        for o in objs:
            found = self.person_at(o) if o.pos_ == "PROPN" else None
            if found is None and o.pos_ == "NOUN":
                s, e = mention_span(o)
                found = self.by_role(self.doc.text[s:e])
            if found is not None:
                out.append(found)
        return out

    def _person_asked(self, tok: Token) -> tuple[int, int, Entity] | None:
        """The person asked in the sentence before an answer ("X asked Y, ... His reply:")."""
        sent = tok.sent
        if sent.start == 0:
            return None
        prev = self.doc[sent.start - 1].sent
        for t in prev:
            if t.lemma_.lower() in {"ask", "question", "press"} and t.pos_ == "VERB":
                for o in t.children:
                    if o.dep_ in RECIPIENT_DEPS and o.pos_ == "PROPN":
                        return self.person_at(o)
        return None

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


def _inverts(v: Token) -> bool:
    """A verb that can come before its speaker ("said Bessent"), unlike one whose
    object follows ("urging Obama", "told Reyes")."""
    return v.lemma_.lower() in INVERTIBLE and v.tag_ != "VBG"


def is_speech(v: Token) -> bool:
    return v.lemma_.lower() in SPEECH_VERBS and v.pos_ in {"VERB", "AUX"}


def _rank(tok: Token) -> int:
    """How strongly a mention is the one who speaks in its sentence: 0 the subject of
    a speech verb ("X said", "X, who said", "said X"), 1 the main clause subject,
    2 another subject, 3 any other mention."""
    h = tok
    while h.dep_ in {"compound", "flat", "appos"} and h.head is not h:
        h = h.head
    if h.dep_ in SUBJ_DEPS:
        if is_speech(h.head):
            return 0
        return 1 if h.head.dep_ == "ROOT" else 2
    for c in h.children:
        if c.dep_ == "relcl" and any(
            g.dep_ in SUBJ_DEPS and g.lower_ in {"who", "that"} for g in c.children
        ):
            return 0 if is_speech(c) else 2
    v = h.head
    if (
        is_speech(v)
        and _inverts(v)
        and h.i > v.i
        and not any(c.dep_ in SUBJ_DEPS for c in v.children)
    ):
        return 0
    return 3


def named(tok: Token) -> Token:
    """The name in apposition to a description ("a spokesman, Jim Manley" -> Manley)."""
    if tok.pos_ == "NOUN":
        for c in tok.children:
            if c.dep_ == "appos" and c.pos_ == "PROPN":
                return c
    return tok


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
    subj = named(subj)
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
