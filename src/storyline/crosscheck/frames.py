"""Event frames: which event a value in a sentence is attached to.

Two sentences aligned as "the same statement" often carry values of
different events: "Trump extended the deadline in mid-June" and "the
delegations agreed to extend the truce in July" share words, but the month
of one is not the month of the other. A date (or any value) belongs to the
clause it hangs on; this module reads that clause from the dependency parse:

- `verb`: the lemma of the verb the value hangs on ("met in Geneva on ...");
- `subj`: the head of that verb's subject (a proper name "=" + its head word, a
  relative pronoun resolved to the noun it refers to, other pronouns unknown);
  an `xcomp` or `conj` verb borrows the subject of its governor ("China agreed
  to resume ..."), an adverbial clause does not ("since introducing ...");
- `obj`: the head of its direct object;
- `nouns`: event nouns on the way up from the value ("Thursday's meeting");
- `words`: the lower-cased words and lemmas of the whole sentence;
- `main`: the verb is the root of the sentence (the value is in its main clause);
- `lasting`: the clause tells of a state going on ("remained closed on Wednesday",
  "stayed shut", "was still closed"), not of the event that began it.

`same_event` decides whether two values of two sentences can be about one
event: no part of the frames contradicts (`contradict`: both name a subject,
different ones, and one of them is absent from the other sentence; the same
for objects) and some part agrees (the same verb or both verbs of saying, the
same subject or object, each subject named in the other sentence, a shared
event noun). Parses err; naming both actors in both sentences outweighs a
misattached subject.

    >>> same_event(Frame("meet", "minister"), Frame("meet", "minister"))
    True
    >>> same_event(Frame("extend", "=trump", "deadline"), Frame("meet", "delegation", None))
    False
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

# Verbs that report speech: "said on Monday" and "admitted in an interview Tuesday" agree.
SPEECH = {"say", "tell", "add", "admit", "claim", "state", "announce", "note", "declare",
          "insist", "argue", "acknowledge", "concede", "confirm", "warn", "predict", "write",
          "report", "explain", "stress", "remark"}  # fmt: skip
# Verbs too light to name an event by themselves.
LIGHT = {"be", "have", "do", "get", "make", "take", "become"}
SUBJ_DEPS = {"nsubj", "nsubjpass", "csubj"}
OBJ_DEPS = {"dobj"}
# Verbs that tell a state goes on: "the bridge remained closed on Wednesday" dates no closing.
LASTING = {"remain", "stay", "continue", "persist", "linger"}
# Words that say when, not what: never an event noun.
TIME_WORDS = {"day", "week", "month", "year", "morning", "afternoon", "evening", "night",
              "time", "date", "quarter", "season", "summer", "winter", "spring", "autumn",
              "fall", "weekend", "today", "yesterday", "tomorrow", "hour"}  # fmt: skip


@dataclass(frozen=True)
class Frame:
    """The clause a value hangs on: verb, subject and object heads, event nouns (lower-case)."""

    verb: str | None = None
    subj: str | None = None
    obj: str | None = None
    nouns: frozenset[str] = field(default_factory=frozenset)
    words: frozenset[str] = field(default_factory=frozenset)
    main: bool = False
    lasting: bool = False


def frame_of(tok: Token, skip: set[int] | None = None) -> Frame:
    """The frame of the clause that token `tok` (the root of a value) hangs on.

    `skip`: token indices of the value itself (never taken as an event noun).
    """
    skip = skip or set()
    nouns: set[str] = set()
    words = frozenset(w for t in tok.sent for w in (t.lower_, t.lemma_.lower()))
    t = tok
    for _ in range(8):
        if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"aux", "auxpass"} and t.i not in skip:
            break
        if t.pos_ == "NOUN" and t.i not in skip and t.lemma_.lower() not in TIME_WORDS:
            nouns.add(t.lemma_.lower())
        if t.head.i == t.i:
            return Frame(nouns=frozenset(nouns), words=words)
        t = t.head
    else:
        return Frame(nouns=frozenset(nouns), words=words)
    obj = next((c for c in t.children if c.dep_ in OBJ_DEPS), None)
    return Frame(
        t.lemma_.lower(),
        _subject(t),
        _key(obj) if obj is not None and obj.i not in skip else None,
        frozenset(nouns),
        words,
        t.dep_ == "ROOT",
        _lasting(t),
    )


def act(verb: Token) -> tuple[str, bool]:
    """What the clause of `verb` tells of, and whether as a state going on: "remained
    closed" ("closed", True), "was still closed" ("close", True), "closed" ("close", False).
    """
    lemma = verb.lemma_.lower()
    if lemma in LASTING:
        comp = next((c for c in verb.children if c.dep_ in {"acomp", "xcomp", "oprd"}), None)
        return (comp.lemma_.lower() if comp is not None else lemma), True
    return lemma, _lasting(verb)


def _lasting(verb: Token) -> bool:
    """Does the clause of `verb` tell that a state goes on? A verb of lasting, or one whose
    complement the verb is ("stayed closed"), or "still" on it ("was still closed")."""
    if verb.lemma_.lower() in LASTING:
        return True
    if verb.dep_ in {"acomp", "xcomp", "oprd"} and verb.head.lemma_.lower() in LASTING:
        return True
    # (a sentence's first word "Still" is "yet", or a still image: no state going on)
    return any(
        c.dep_ == "advmod" and c.lower_ == "still" and c.i > c.sent.start for c in verb.children
    )


def contradict(a: Frame, b: Frame) -> bool:
    """True when the frames name different actors, or different things acted on, by name.

    Only proper names count: common nouns have synonyms ("rescue teams",
    "rescuers") and descriptions ("the city" for "Arequipa"). A name that the
    other sentence also mentions is no contradiction (parses misattach).
    """
    for x, y in ((a.subj, b.subj), (a.obj, b.obj)):
        named = bool(x and y and x != y and _named(x) and _named(y))
        if named and not (_bare(x or "") in b.words and _bare(y or "") in a.words):
            return True
    return False


def same_event(a: Frame, b: Frame) -> bool:
    """True when nothing in the two frames contradicts and something agrees."""
    if contradict(a, b):
        return False
    crossed = bool(a.subj and b.subj and _bare(a.subj) in b.words and _bare(b.subj) in a.words)
    return (
        (a.verb is not None and a.verb == b.verb and a.verb not in LIGHT)
        or ({a.verb, b.verb} <= SPEECH)
        or crossed
        or (a.obj is not None and a.obj == b.obj)
        or bool(a.nouns & b.nouns)
    )


def _subject(verb: Token) -> str | None:
    """Key of the verb's subject; borrowed from the governor by xcomp / conj verbs."""
    v = verb
    for _ in range(4):
        subj = next((c for c in v.children if c.dep_ in SUBJ_DEPS), None)
        if subj is not None:
            if subj.tag_ in {"WDT", "WP"} and v.dep_ == "relcl":
                return _key(v.head)  # "the fire, which started ..." -> fire
            return _key(subj)
        if v.dep_ == "relcl":
            return _key(v.head)
        if v.dep_ in {"xcomp", "conj"} and v.head.i != v.i:
            v = v.head
            continue
        return None
    return None


def _key(tok: Token) -> str | None:
    """A subject or object head as a comparable key; pronouns are unknown (None).

    Proper names are keyed "=name" (by their head word, usually the surname);
    a common noun with a name in apposition or an "of" phrase ("the city of
    Arequipa", "75 percent of Democrats") by that name, unless it names a person: a
    person's name there says whose the noun is ("Supporters of Hillary Clinton and
    Bernie Sanders avoided confrontations ..." are no subject "Clinton").
    """
    if tok.pos_ == "PRON" or tok.tag_ in {"PRP", "PRP$", "WDT", "WP", "DT", "EX"}:
        return None
    if tok.pos_ == "PROPN":
        return "=" + tok.text.lower()
    for c in tok.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN":
            return "=" + c.text.lower()
        if c.dep_ == "prep" and c.lower_ == "of":
            name = next((g for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"), None)
            if name is not None and name.ent_type_ != "PERSON":
                return "=" + name.text.lower()
    return tok.lemma_.lower()


def _named(key: str) -> bool:
    return key.startswith("=")


def _bare(key: str) -> str:
    return key.lstrip("=")
