"""Who a sentence says did its thing: the person its main verb has for a subject.

Two sentences whose main verbs have other people for subjects, each not named in the
other, tell what each did, however many words they share: "Sanders spent Wednesday ...
meeting with the Rev. Al Sharpton" / "after meeting with the Rev. Al Sharpton ...,
Clinton proposed new federal regulations". The statements stage splits such sentences
(`crosscheck/statements.py`), and the timeline does not make them one event.

People only, as spaCy names them (or, where it missed a name in one sentence, as the
story names its people elsewhere: `known_people`): an organisation or a country is
named in many ways ("US launches airstrike" / "The United States launched
airstrikes"); and not where someone speaks or is quoted, since two outlets give one
quotation to a spokesman and to the office he speaks for ("'The First Amendment
protects freedom of religion,' said Jim Manley" / "... reads a statement from Senate
Majority Leader Harry Reid's office").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyline.analyse.entities import TITLE_WORDS
from storyline.analyse.quotes import CLOSE, OPEN, STRAIGHT
from storyline.analyse.speakers import SUBJ_DEPS, is_speech
from storyline.memo import LastBuilt

if TYPE_CHECKING:
    from collections.abc import Iterable

    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from storyline.model import Entity

# (the words naming a person in the subject of a sentence's main verb, every word of the
# sentence), lower case
Actor = tuple[frozenset[str], frozenset[str]]


def main_subject(root: Token, span: SpacySpan | None = None) -> Token | None:
    """The subject of a sentence's main verb, where the parse gives it one. With `span`
    (the sentence as we cut it), the subject inside it, or one whose words reach into
    it: spaCy's sentence may run over our cut, and its tree with it ("WASHINGTON --
    Real estate tycoon Donald Trump said ...", the dateline a subject of "said" beside
    "Trump"; "... who else knows that? Hillary Clinton.\n\nCruz, who spent ...,
    closed out ...", "Clinton" and "Cruz" both subjects of "closed")."""
    subjects = [c for c in root.children if c.dep_ in SUBJ_DEPS]
    if span is None:
        return subjects[0] if subjects else None
    inside = next((c for c in subjects if span.start <= c.i < span.end), None)
    if inside is not None:
        return inside
    return next((c for c in subjects if in_span(c.subtree, span)), None)


def in_span(tokens: Iterable[Token], span: SpacySpan) -> list[Token]:
    """The tokens that lie inside the span (of a subtree that may run over it)."""
    return [t for t in tokens if span.start <= t.i < span.end]


def person_subject(span: SpacySpan, known: frozenset[str] = frozenset()) -> Actor | None:
    """(the words naming a person in the subject of the sentence's main verb, every word
    of the sentence), lower case; None where no person is the subject, the main verb is
    one of speech or the sentence quotes someone. `known`: the story's people's names'
    words (lower case), read as a person's where spaCy missed the name in this sentence
    (a capitalised word it took for no entity: "Trump himself has actually failed ...",
    "Trump" read as a verb)."""
    root = span.root
    text = span.text  # spaCy joins the tokens' texts at each call: once
    if is_speech(root) or any(mark in text for mark in OPEN + CLOSE + STRAIGHT):
        return None
    subj = main_subject(root, span)
    if subj is None:
        return None
    names = frozenset(
        t.lower_
        for t in in_span(subj.subtree, span)
        if (t.pos_ == "PROPN" and t.ent_type_ == "PERSON")
        or (not t.ent_type_ and t.text[:1].isupper() and t.lower_ in known)
    )
    if not names:
        return None
    return names, frozenset(t.lower_ for t in span)


def other_people(a: Actor | None, b: Actor | None) -> bool:
    """Do two sentences (their `person_subject`) have other people for subjects, each not
    named in the other sentence?"""
    if a is None or b is None:
        return False
    return not (a[0] & b[1]) and not (b[0] & a[1])


def _read_known_people(entities: list[Entity]) -> frozenset[str]:
    """The words of the story's people's names and aliases, lower case, titles aside."""
    return frozenset(
        w.lower()
        for e in entities
        if e.label == "PERSON"
        for name in (e.name, *e.aliases)
        for w in name.replace(".", " ").split()
        if w[:1].isupper() and len(w) > 2 and w.lower() not in TITLE_WORDS
    )


# `person_subject(known=...)` of a story: built once while the same entities list is asked
known_people: LastBuilt[Entity, frozenset[str]] = LastBuilt(_read_known_people)
