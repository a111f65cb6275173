"""Who said a quote: speech verbs, their subjects, and the entity a mention names.

The attribution of a direct quote is read from spaCy's parse of the words
around it: a speech verb (said, told, added, "according to", ...) and its
subject, in inverted order too ("said Bessent"), or up the clause ("...,
telling reporters, “...”"). A pronoun goes to the nearest person named as a
clause subject before it (of its gender, where the article says it), a
description ("the Treasury Secretary", "the congressman") to the entity holding
that role or office, and a name to its canonical entity (`entities.py`, which
also decides which namesake a surname alone stands for).

Who speaks is not always the subject nearest the quote: the one asked ("X was
asked, “...?”") does not ask, a document speaks for its author ("the report, by
X, concluded"), "according to Y" after "X said" only reports, and a parse that
ran over a paragraph without its final period does not lend the next paragraph
a subject.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.analyse.doc_index import doc_text, ent_of_token
from storyline.analyse.entities import mention_gender, name_key, name_parts, role_head
from storyline.analyse.nlp import FILED_FROM
from storyline.memo import LastBuilt
from storyline.model import Article, Entity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from storyline.analyse.quotes import QuoteHit

_SPEECH = """
    say tell add note stress warn explain state announce claim write tweet ask reply respond
    insist argue declare remark assert caution continue conclude comment acknowledge admit
    emphasize emphasise suggest observe recall predict promise vow urge complain joke quip
    describe confirm deny report testify post shout agree mention reiterate charge accuse
    counter scoff boast lament concede muse read recount yell plead pledge threaten cry tout
    praise chant sing whisper exclaim proclaim retort snap brag blast slam criticize criticise
    demand wonder think believe interject highlight clarify elaborate call dub label brand
    bark question riff tease fume scold chide gush opine rant sneer grumble mutter
"""
SPEECH_VERBS = frozenset(_SPEECH.split())
# Speech verbs that say nothing with a verb after them ("continue to be").
SPEECH_ALONE = frozenset({"continue"})
_INVERTIBLE = """
    say add write continue explain note reply respond recall declare insist state remark
    observe argue counter conclude quip joke acknowledge admit tweet post predict exclaim
    retort concede muse wonder report announce confirm
"""
INVERTIBLE = frozenset(_INVERTIBLE.split())
PRONOUNS = frozenset({"he", "she", "i", "we", "they", "it", "his", "her"})
GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
# Offices a definite description names a person by ("the congressman said"), each
# with the title words of a role that holds it ("Rep. Bob Etheridge" is the congressman).
_LEGISLATOR = {"representative", "rep", "congressman", "congresswoman", "senator", "sen"}
OFFICES: dict[str, set[str]] = {
    "congressman": {"representative", "rep", "congressman"},
    "congresswoman": {"representative", "rep", "congresswoman"},
    "lawmaker": _LEGISLATOR | {"legislator", "assemblyman", "assemblywoman", "lawmaker"},
    "legislator": _LEGISLATOR | {"legislator", "assemblyman", "assemblywoman", "lawmaker"},
    "senator": {"senator", "sen"},
    "representative": {"representative", "rep"},
    "governor": {"governor", "gov"},
    "mayor": {"mayor"},
    "president": {"president"},
    "candidate": {"candidate", "nominee"},
    "nominee": {"candidate", "nominee"},
    "incumbent": {"incumbent"},
    "secretary": {"secretary"},
    "minister": {"minister"},
    "chairman": {"chairman", "chair"},
    "chairwoman": {"chairwoman", "chair"},
    "alderman": {"alderman"},
    "chancellor": {"chancellor"},
    "premier": {"premier"},
    "ambassador": {"ambassador"},
}
# Written things that "say" or "conclude" in their author's words.
_DOCUMENTS = """
    report memo memorandum statement letter email e-mail study analysis review filing
    ruling opinion affidavit post tweet column editorial ad
"""
DOCUMENTS = frozenset(_DOCUMENTS.split())
ASKING = frozenset({"ask", "question", "press", "quiz"})
ANSWER_NOUNS = frozenset({"response", "reply", "answer", "retort", "rejoinder"})
# What a person's words are called: "Braley's apology said" is Braley speaking.
_SAID_BY_AUTHOR = "apology remark comment word speech message announcement testimony brief"
SAID_BY_AUTHOR = DOCUMENTS | ANSWER_NOUNS | frozenset(_SAID_BY_AUTHOR.split())
RECIPIENT_DEPS = frozenset({"dobj", "dative", "iobj"})
SENT_END = ".!?"
SUBJ_DEPS = frozenset({"nsubj", "nsubjpass"})
# parts of speech that never name anyone, capitalised or not (`_function`)
FUNCTION = frozenset({"DET", "CCONJ", "SCONJ", "PART", "AUX", "PUNCT", "SYM"})
# people who speak for someone named before them ("a Romney campaign aide", "a Ryan
# spokesman"): their words are their own, not that person's
NAME_DEPS = frozenset({"compound", "flat"})  # the words of a name before its last
SPEAKS_FOR = frozenset(
    ["aide", "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor", "lawyer"]
    + ["attorney", "staffer", "strategist", "assistant", "ally", "surrogate", "pollster"]
    # the body a person leads or runs for office with: "the Obama administration", "the
    # Romney campaign" speak for their leader, and are not him
    + ["administration", "campaign", "camp", "team", "office", "staff", "family"]
)


def tokens_in(doc: Doc, s: int, e: int) -> list[Token]:
    span = doc.char_span(s, e, alignment_mode="contract")
    return list(span) if span is not None else []


def speech_verbs(tokens: list[Token], qs: int) -> list[Token]:
    """Speech verbs (and "according") among these tokens, nearest the quote first."""
    cands = [
        t
        for t in tokens
        if introduces_words(t)
        or (t.lower_ == "according" and t.i + 1 < len(t.doc) and t.nbor().lower_ == "to")
        or _tagged_noun(t)
    ]
    return sorted(cands, key=lambda t: abs(t.idx - qs))


def _tagged_noun(t: Token) -> bool:
    """A speech verb the tagger read as a plural noun but parsed with a subject:
    "“Who are you!” the congressman demands." """
    return (
        t.tag_ == "NNS"
        and t.lower_.endswith("s")
        and t.lower_[:-1] in SPEECH_VERBS
        and any(c.dep_ in SUBJ_DEPS for c in t.children)
    )


def speech_verb(tokens: list[Token], qs: int) -> Token | None:
    cands = speech_verbs(tokens, qs)
    return cands[0] if cands else None


def subject_of(verb: Token) -> Token | None:
    """The speaker token of a speech verb: its subject, "according to X", or up the clause."""
    if verb.lower_ == "according":
        if verb.head.i != verb.i and is_speech(verb.head):
            # "said Trump in an interview, according to TIME": TIME reports, Trump speaks
            spoke = subject_of(verb.head)
            if spoke is not None:
                return spoke
        for c in verb.nbor().children:
            if c.dep_ == "pobj":
                return c
        return verb.nbor(2) if verb.i + 2 < len(verb.doc) else None
    v = verb
    for _ in range(4):
        subj = [
            c
            for c in v.children
            if c.dep_ in SUBJ_DEPS and any(ch.isalpha() for ch in c.text) and _same_block(c, v)
        ]
        if subj:
            if passive_ask(v):
                return _agent(v)
            return named(_nearest(subj, v))
        inner = _subordinate_conjunct(v) if v is verb else None
        if inner is not None:
            return inner
        if v.dep_ == "relcl" and v.head.pos_ in {"NOUN", "PROPN"}:
            return v.head
        nxt = v.doc[v.i + 1] if v.i + 1 < len(v.doc) else None
        if v is verb and nxt is not None and nxt.pos_ in {"PROPN", "PRON"} and _inverts(v):
            name = nxt.head if nxt.dep_ == "compound" else nxt  # "said Bessent"
            if not _says_subject(name, v):
                return name
        prev = v.doc[v.i - 1] if v.i > 0 else None
        if v is verb and v.dep_ == "conj" and prev is not None and _bare_name(prev):
            return prev  # "... standards for class certification and Justice Ginsburg said"
        if v.dep_ == "acl" and v.head.lemma_.lower() in DOCUMENTS:
            return _issuer(v.head)  # "released a new radio ad calling it “dangerous”"
        missed = _object_as_subject(v)
        if missed is not None:
            return named(missed)
        if v.dep_ in {"conj", "advcl", "xcomp", "ccomp", "acl", "pcomp"} and v.head.i != v.i:
            past = _past_clause_of(v)
            if past is not None:
                v = past
                continue
            if not _same_block(v, v.head):
                # a paragraph without its final period ran into this one: the clause
                # starts here ("Romney released a statement saying: ...")
                prev = v.doc[v.i - 1] if v.i > 0 else None
                if prev is not None and prev.pos_ == "PROPN" and prev.ent_type_ == "PERSON":
                    return prev
                return None
            v = v.head
            continue
        if v.dep_ == "ROOT":
            return _stranded_subject(v)
        break
    return None


def _object_as_subject(v: Token) -> Token | None:
    """The name the parse made the object of the verb above a clause that has no subject
    of its own, where it is that clause's subject: in "The Times reports Liz Cheney on
    Friday first articulated her position ..., saying ..." Cheney is who articulated and
    said, not an object of "reports"."""
    if v.dep_ != "ccomp" or v.head.i == v.i:
        return None
    obj = [c for c in v.head.children if c.dep_ == "dobj" and c.i < v.i]
    if not obj or obj[-1].pos_ != "PROPN" or obj[-1].ent_type_ != "PERSON":
        return None
    return obj[-1]


def _nearest(subjects: list[Token], verb: Token) -> Token:
    """Of two subjects the parse gave one verb, the one nearest it: "Speaking in Salem, New
    Hampshire, Trump went after Bush" hangs both "Hampshire" and "Trump" on "went"."""
    before = [s for s in subjects if s.i < verb.i]
    return before[-1] if before else subjects[0]


def _bare_name(tok: Token) -> bool:
    """A person's name that no verb or preposition governs: a subject the parse missed."""
    return (
        tok.pos_ == "PROPN"
        and tok.ent_type_ == "PERSON"
        and tok.dep_ in {"conj", "appos", "npadvmod", "dep", "ROOT"}
    )


def _says_subject(name: Token, verb: Token) -> bool:
    """Is the name after a verb the subject of what the verb says ("insists Sanders is
    mounting a “phony attack”"), not the verb's own speaker ("said Bessent")?"""
    return name.dep_ in SUBJ_DEPS and name.head.i != verb.i and verb in name.head.ancestors


def relative_speaker(verb: Token, qs: int) -> Token | None:
    """The name a relative clause's speech verb is by, where the quotation at `qs` is in
    that clause: "Senator Alan Pike, who said it was “a gift ...”" (the parse makes "who"
    the subject), "the Log Cabin Republicans, a gay and lesbian group, which said ..."
    (the name the noun describes). None for any other verb, for a quotation outside the
    clause ("... a “legitimate rape,” comments condemned by Mr. Romney, who called for
    ..."), and for a clause of a common noun ("an architect who said", "a letter that
    says"), which is rarely whom the quotation beside it is by."""
    subj = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
    if verb.dep_ != "relcl" or not subj or not _relative(subj[0]):
        return None
    if not verb.left_edge.idx <= qs < verb.right_edge.idx + len(verb.right_edge):
        return None
    head = verb.head
    if head.dep_ == "appos" and head.head.pos_ == "PROPN" and head.pos_ == "NOUN":
        return head.head
    head = named(head)
    return head if head.pos_ == "PROPN" else None


def _relative(tok: Token) -> bool:
    """A relative pronoun ("who", "which", "that" opening a relative clause)."""
    return tok.tag_ in {"WP", "WDT"} or tok.lower_ in {"who", "which", "that"}


def _past_clause_of(v: Token) -> Token | None:
    """The past-tense verb a past-tense verb is coordinated with, where the parse hung it
    on a present one ("Obama said economists predict growth if Congress passes the
    agreement and urged lawmakers to 'get this done'": "urged" goes with "said", not
    with "passes"): coordinated verbs share their tense."""
    if v.dep_ != "conj" or v.tag_ != "VBD" or v.head.tag_ not in {"VBZ", "VBP"}:
        return None
    return next((a for a in v.head.ancestors if a.tag_ == "VBD" and a.pos_ == "VERB"), None)


def passive_ask(v: Token) -> bool:
    """ "Etheridge was asked, “...?”": the one asked is not the one who asks."""
    return v.lemma_.lower() in ASKING and any(c.dep_ == "nsubjpass" for c in v.children)


# Passive verbs whose subject is the speaker: "was quoted as saying", "was heard telling"
HEARD = frozenset({"quote", "hear", "overhear", "record", "cite", "catch", "film", "tape"})


def said_of(v: Token) -> bool:
    """A passive speech verb whose subject is what was said or who was spoken to, not
    who spoke: "“...” after the tax deal was announced", "he was told"; asking has its
    own reading (`passive_ask`), and one quoted or heard speaks ("he was quoted as
    saying")."""
    return (
        v.pos_ == "VERB"
        and v.lemma_.lower() not in ASKING | HEARD
        and any(c.dep_ == "nsubjpass" for c in v.children)
    )


def _agent(verb: Token) -> Token | None:
    """The "by X" of a passive verb."""
    for c in verb.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return named(g)
    return None


def _same_block(a: Token, b: Token) -> bool:
    """Two tokens of one paragraph (the parser reads across a missing period)."""
    lo, hi = sorted((a.i, b.i))
    return not any("\n" in t.text_with_ws for t in a.doc[lo:hi])


def _stranded_subject(verb: Token) -> Token | None:
    """The name a main verb without a subject follows, when the parse hung it on an
    earlier noun: "In an appeal to farmers, Joni Ernst, a candidate in the primary,
    announced ..." (Ernst parsed as in apposition to "farmers"); "Asked how genuine his
    ambition is, Trump, who would have to hand over ..., said" (Trump parsed as what the
    ambition "is")."""
    sent = verb.sent
    for t in reversed(sent[: verb.i - sent.start]):
        if t.ent_type_ == "PERSON" and t.pos_ == "PROPN" and t.dep_ in {"appos", "conj", "attr"}:
            after = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
            if after is not None and (after.i == verb.i or after.text == ","):
                return t
    return None


def _subordinate_conjunct(v: Token) -> Token | None:
    """The subject of a subordinate clause a verb is coordinated in, where the parse
    hung the verb on the main clause: in "X is seen grabbing him after the man
    approached the congressman and asked if ...", "asked" is the man's, not X's."""
    if v.dep_ != "conj" or v.i < 2 or v.doc[v.i - 1].dep_ != "cc":
        return None
    w = v.doc[v.i - 2]
    while w.pos_ not in {"VERB", "AUX"} and w.head.i != w.i:
        w = w.head
    if w.i <= v.head.i or w.i >= v.i or w.dep_ != "advcl":
        return None
    if not any(c.dep_ == "mark" for c in w.children):
        return None
    subj = [c for c in w.children if c.dep_ in SUBJ_DEPS]
    return named(subj[0]) if subj else None


DASHES = "-\u2013\u2014\u2015"


def mention_span(tok: Token) -> tuple[int, int]:
    """Character span of the speaker mention headed by `tok` (entity or noun phrase)."""
    doc = tok.doc
    if tok.ent_type_:
        ent = ent_of_token(doc, tok.i)
        if ent is not None:
            toks = [t for t in ent if t.lower_ not in {"'s", "’s", "the"} and not t.is_punct]
            if toks:
                return toks[0].idx, toks[-1].idx + len(toks[-1].text)
    if tok.pos_ == "PRON":
        return tok.idx, tok.idx + len(tok.text)
    left = [t for t in tok.subtree if t.i <= tok.i]
    first = left[0]
    for t in left:
        # "the seven-term congressman" stays whole; a paragraph break ends the mention
        if (t.is_punct and t.tag_ != "HYPH") or "\n" in t.text:
            first = doc[t.i + 1]
    # no dash of a signature, a token of its own or run into the name ("-President Obama")
    while first.i < tok.i and first.is_punct:
        first = doc[first.i + 1]
    lead = len(first.text) - len(first.text.lstrip(DASHES)) if first.i < tok.i else 0
    return first.idx + lead, tok.idx + len(tok.text)


def name_tokens(tok: Token) -> str:
    """The name a proper noun heads, without what owns or precedes it ("Twitter's Adam
    Sharp" -> "Adam Sharp")."""
    doc, start = tok.doc, tok.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ in NAME_DEPS:
        start -= 1
    return doc[start : tok.i + 1].text


class EntityIndex:
    """A story's entities looked up by article and by name, built once per story.

    Every article's resolver used to scan the whole story's entities and
    mentions, which made the quotes stage grow with the square of the story.
    """

    def __init__(self, entities: list[Entity]) -> None:
        self.mentions: dict[str, list[tuple[int, int, Entity]]] = {}
        for e in entities:
            for s in e.mentions:
                self.mentions.setdefault(s.article, []).append((s.start, s.end, e))
        for found in self.mentions.values():
            found.sort()
        # a name, alias or (for people named in full) surname -> the first entity so called
        self.by_key: dict[str, Entity] = {}
        self.by_surname: dict[str, list[Entity]] = {}
        # a name or alias -> the first person so called (`Resolver.person_called`)
        self.person_by_key: dict[str, Entity] = {}
        for e in entities:
            for form in (e.name, *e.aliases):
                self.by_key.setdefault(name_key(form), e)
                if e.label == "PERSON":
                    self.person_by_key.setdefault(name_key(form), e)
            if e.label == "PERSON" and " " in e.name:
                self.by_surname.setdefault(name_parts(e.name)[1], []).append(e)


# the index of the story at hand (every article's resolver asks for it)
entity_index: LastBuilt[Entity, EntityIndex] = LastBuilt(EntityIndex)


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
        self.text = doc_text(doc)  # spaCy joins the tokens again on every `doc.text`
        self.marks = marks or []
        # the marks' starts, for a binary search, where they are in order and apart
        marks = self.marks
        ordered = all(a[1] <= b[0] for a, b in zip(marks, marks[1:], strict=False))
        self._mark_starts = [qs for qs, _ in self.marks] if ordered else None
        self.entities = entities
        self.index = entity_index(entities)
        self.lookback = lookback
        self._describing = False
        self._genders: dict[int, str] = {}
        self._roles: dict[str, tuple[int, int, Entity] | None] = {}  # `by_role`, by words
        # `antecedent` results that no chain limit cut short, by (pos, pronoun, any_gender):
        # a profile's "he" in paragraph 20 goes back through the "he"s already resolved
        self._antecedents: dict[tuple[int, str, bool], tuple[int, int, Entity] | None] = {}
        self._cut = 0  # chains cut at PRONOUN_CHAIN so far (a result under a cut is not kept)
        self.mentions: list[tuple[int, int, Entity]] = self.index.mentions.get(article.id, [])

    def gender(self, ent: Entity) -> str:
        """ "m" or "f" where this article says so of a person (Mr./Mrs., "his wife",
        "X said she"), by most of its mentions; "" when it does not."""
        if id(ent) not in self._genders:
            votes: Counter[str] = Counter()
            for s, e, other in self.mentions:
                span = self.doc.char_span(s, e, alignment_mode="expand")
                if other is ent and span is not None:
                    votes[mention_gender(self.doc, span.start, span.end, list(ent.roles))] += 1
            votes.pop("", None)
            top = votes.most_common(2)
            clear = top and (len(top) == 1 or top[0][1] >= 2 * top[1][1])
            self._genders[id(ent)] = top[0][0] if clear else ""
        return self._genders[id(ent)]

    def _fits(self, ent: Entity, form: str | None) -> bool:
        """A pronoun of this form can stand for this person (no gender says otherwise)."""
        g = self.gender(ent) if form else ""
        return not g or g == form

    def entity_at(self, s: int, e: int) -> tuple[int, int, Entity] | None:
        for ms, me, ent in self.mentions:
            if ms < e and s < me:
                return ms, me, ent
        return None

    def by_name(self, name: str, pos: int | None = None) -> Entity | None:
        """The entity called `name`, by full name, alias or (for people) surname; of
        namesakes, the one this article named last before `pos`."""
        key = name_key(name)
        if key in self.index.by_key:
            return self.index.by_key[key]
        by_surname = self.index.by_surname.get(key, [])
        if len(by_surname) == 1:
            return by_surname[0]
        ids = {id(e) for e in by_surname}
        before = [m for m in self.mentions if id(m[2]) in ids and pos is not None and m[0] < pos]
        return before[-1][2] if before else None

    def person_called(self, name: str) -> Entity | None:
        """The person of the story whose name or alias `name` is (by `name_key`) and whom
        this article names as a person too, if any."""
        person = self.index.person_by_key.get(name_key(name))
        if person is None or not any(ent is person for _, _, ent in self.mentions):
            return None
        return person

    def person_at(self, tok: Token) -> tuple[int, int, Entity] | None:
        """The person entity a name token stands for (its mention span and entity)."""
        s, e = mention_span(tok)
        found = self.entity_at(s, e)
        if found is None and tok.pos_ == "PROPN":
            ent = self.by_name(self.text[s:e], s)
            found = (s, e, ent) if ent is not None else None
        return found if found is not None and found[2].label == "PERSON" else None

    def antecedent(
        self, pos: int, pronoun: str, depth: int = 0, any_gender: bool = False
    ) -> tuple[int, int, Entity] | None:
        """The person a "he"/"she"/"his"/"her" at `pos` refers to (with `any_gender`,
        the person any word at `pos` refers to, as "the congressman" does).

        Sentences are read backwards from the pronoun. In the nearest one that
        names a person (outside quotation marks), the person who speaks there
        wins (subject of a speech verb, "X, who said", "said X"), then the
        subject of the main clause, then any subject, then the last person
        named. Persons the pronoun's own verb addresses ("he told the vice
        president", "she asked Smith") are not candidates, and a possessive
        answer ("His response: ...") goes to the person just asked.
        """
        key = (pos, pronoun, any_gender)
        if key in self._antecedents:
            return self._antecedents[key]
        if depth > PRONOUN_CHAIN:
            self._cut += 1
            return None
        cut = self._cut
        found = self._antecedent(pos, pronoun, depth, any_gender)
        if self._cut == cut:
            self._antecedents[key] = found
        return found

    def _antecedent(
        self, pos: int, pronoun: str, depth: int, any_gender: bool
    ) -> tuple[int, int, Entity] | None:
        form = GENDER.get(pronoun, "" if any_gender else None)
        doc = self.doc
        span = doc.char_span(pos, pos + len(pronoun), alignment_mode="expand")
        if form is None or span is None:
            return None
        tok = span[0]
        if tok.dep_ == "poss" and tok.head.lemma_.lower() in ANSWER_NOUNS:
            asked = self._person_asked(tok)
            if asked is not None:
                return asked
        # the persons the pronoun's verb speaks to (a description is no such subject)
        skip = set() if any_gender else {id(f[2]) for f in self._addressed(tok)}
        sent: Span | None = tok.sent
        while sent is not None and sent.end_char > pos - self.lookback:
            same = sent.start <= tok.i < sent.end
            best: tuple[tuple[int, int, int], Token, tuple[int, int, Entity] | None] | None = None
            for t in sent:
                if t.i >= tok.i or self.quoted(t.idx):
                    continue
                rank = _rank(t)
                if same and rank > 2 and not any_gender:
                    continue  # "After meeting Obama, he said": not the object
                if not same and rank > 2 and _owns_subject(t):
                    rank = 2  # "Taylor Swift's first six albums were released through ..."
                is_pron = (
                    t.lower_ in GENDER
                    and (not form or GENDER[t.lower_] == form)
                    and t.i != tok.i
                    and rank <= 1
                )
                found = None
                if not is_pron:
                    if t.pos_ == "PROPN" and t.dep_ not in {"compound", "flat"}:
                        found = self.person_at(t)
                    elif t.pos_ == "NOUN" and rank <= 1:  # "The congressman also said"
                        found = self.described(t, by_role_only=True)
                    if found is None or id(found[2]) in skip or not self._fits(found[2], form):
                        continue
                # of two as likely, one known to be what the pronoun says ("Ms. Lauten")
                # before one whose gender nothing tells (a name the tagger made a person)
                unknown = int(not is_pron and bool(form) and found is not None
                              and self.gender(found[2]) != form)  # fmt: skip
                if best is None or (rank, unknown, -t.i) < best[0]:
                    best = ((rank, unknown, -t.i), t, found)
            if best is not None:
                t, found = best[1], best[2]
                if found is None:
                    return self.antecedent(t.idx, t.lower_, depth + 1)
                return found
            sent = doc[sent.start - 1].sent if sent.start > 0 else None
        cands = [
            m
            for m in self.mentions
            if m[2].label == "PERSON"
            and pos - self.lookback < m[0] < pos
            and not self.quoted(m[0])
            and id(m[2]) not in skip
            and self._fits(m[2], form)
        ]
        return cands[-1] if cands else None

    def described(self, tok: Token, by_role_only: bool = False) -> tuple[int, int, Entity] | None:
        """The person a definite description of an office stands for ("the
        congressman", "the former representative"): of the persons whose roles hold
        that office ("Rep."), the one last named before it; else (unless
        `by_role_only`) the person the text was last about, as for a pronoun. "The
        man" or "the reporter" name no office and stay unresolved: they are often
        the unnamed."""
        office = tok.lemma_.lower()
        if tok.pos_ != "NOUN" or office not in OFFICES:
            return None
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            return None
        titles = OFFICES[office]
        holders = [
            m
            for m in self.mentions
            if m[2].label == "PERSON"
            and m[0] < tok.idx
            and any(w.strip(".,") in titles for r in m[2].roles for w in role_head(r))
        ]
        if holders:
            return holders[-1]
        if by_role_only or self._describing:  # no nested search for another's referent
            return None
        self._describing = True
        try:
            return self.antecedent(tok.idx, tok.text, any_gender=True)
        finally:
            self._describing = False

    def quoted(self, idx: int) -> bool:
        """Whether `idx` is inside a quotation (asked once per token read back)."""
        if self._mark_starts is None:
            return any(qs <= idx < qe for qs, qe in self.marks)
        k = bisect_right(self._mark_starts, idx) - 1
        return k >= 0 and idx < self.marks[k][1]

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
                # the object of one's own verb is another person: a description is
                # taken only by its role, never as "whoever the text is about"
                found = self.by_role(self.text[s:e]) or self.described(o, by_role_only=True)
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
        if key not in self._roles:  # the article's mentions stay the same: once per words
            hits = {
                id(e): (ms, me, e)
                for ms, me, e in self.mentions
                if any(_holds(r, key) for r in e.roles)
            }
            self._roles[key] = next(iter(hits.values())) if len(hits) == 1 else None
        return self._roles[key]


@lru_cache(maxsize=65536)
def _holds(role: str, key: str) -> bool:
    """Does a role ("chairman of the party", "former Vice President") say the person is
    what the description's words `key` say ("chairman of the party", "vice president")?
    The whole role, or its head words (`role_head`), or their end after words that
    leave the office the same ("Treasury Secretary" is "the secretary"; "Vice President"
    is not "the president"): not the office of another person named inside it
    ("daughter of former Vice President Dick Cheney")."""
    head = " ".join(role_head(role))
    if role.lower() == key or head == key:
        return True
    if not head.endswith(" " + key):
        return False
    # "the president" is not the vice president, nor a former one
    return not any(
        w in OTHER_OFFICE or w.startswith(("ex-", "vice-")) for w in head[: -len(key)].split()
    )


# Pronouns a pronoun may go back through to its person: a profile names its subject once
# and says "he" for a dozen paragraphs and more ("he posited", "he asked", ...). Each
# pronoun is resolved once (`Resolver._antecedents`), so a long chain costs one step each.
PRONOUN_CHAIN = 40

# Words before an office that make it another office, or a past one.
OTHER_OFFICE = frozenset({"vice", "deputy", "assistant", "associate", "lieutenant", "former"})


def _inverts(v: Token) -> bool:
    """A verb that can come before its speaker ("said Bessent"), unlike one whose
    object follows ("urging Obama", "told Reyes")."""
    return v.lemma_.lower() in INVERTIBLE and v.tag_ != "VBG"


def is_speech(v: Token) -> bool:
    return v.lemma_.lower() in SPEECH_VERBS and v.pos_ in {"VERB", "AUX"}


def introduces_words(v: Token) -> bool:
    """A speech verb as used here: "continue" says something only without a verb after it
    ("he continued, “...”", "continued his remarks"; not "Rubio will continue to be “a
    champion”")."""
    if not is_speech(v):
        return False
    return v.lemma_.lower() not in SPEECH_ALONE or not any(c.dep_ == "xcomp" for c in v.children)


def _rank(tok: Token) -> int:
    """How strongly a mention is the one who speaks in its sentence: 0 the subject of
    a speech verb ("X said", "X, who said", "said X"), 1 the main clause subject,
    2 another subject, 3 any other mention."""
    h = tok
    while h.dep_ in {"compound", "flat", "appos"} and h.head.i != h.i:
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


def _owns_subject(tok: Token) -> bool:
    """Is a name the possessor of its clause's subject ("Taylor Swift's first six albums
    were released through Big Machine, which was bought out by a company owned by talent
    manager Scooter Braun")? The sentence is of that person's things: a pronoun in the
    next sentence ("she described this as the 'worst case scenario'") is theirs as much
    as another subject's, and before a name further down the clauses."""
    h = tok
    while h.dep_ in {"compound", "flat"} and h.head.i != h.i:
        h = h.head
    return h.dep_ == "poss" and h.head.dep_ in SUBJ_DEPS


def named(tok: Token) -> Token:
    """The name in apposition to a description ("a spokesman, Jim Manley" -> Manley,
    "one of her lawyers, Tom Kirsch" -> Kirsch)."""
    if tok.pos_ in {"NOUN", "NUM", "PRON"}:
        for c in tok.children:
            if c.dep_ != "appos":
                continue
            if c.ent_type_ != "PERSON":
                # "his niece, state Del. Marcia "Cia" Price (D-Newport News)": the marks
                # made the parse hang the name on "News", or take "Price" for a noun
                people = [
                    t
                    for t in c.subtree
                    if t.i <= c.i and t.ent_type_ == "PERSON" and t.pos_ == "PROPN"
                ]
                if people:
                    return people[-1]
            if c.pos_ == "PROPN":
                return c
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in DOCUMENTS:
        return _author(tok) or tok
    return tok


def _author(doc_noun: Token) -> Token | None:
    """Who wrote a document that "says" something: "the report, by White House
    Counsel Robert Bauer, concluded", "Bauer's memo reads"."""
    # "by X" right after the noun, also where the parse hung it on the verb
    near = [c for c in doc_noun.head.children if c.i - doc_noun.i in {1, 2}]
    for c in list(doc_noun.children) + near:
        if c.dep_ == "poss" and c.pos_ == "PROPN" and c.head.i == doc_noun.i:
            return c
        # "the Washington Post report", "the State Department review": a name before it
        if (
            c.dep_ == "compound"
            and c.pos_ == "PROPN"
            and c.head.i == doc_noun.i
            and c.i == doc_noun.i - 1
            and c.ent_type_ in {"ORG", "PERSON"}
        ):
            return c
        if c.dep_ == "prep" and c.lower_ == "by":
            for g in c.children:
                if g.dep_ == "pobj" and g.pos_ == "PROPN":
                    return g
    return None


# Verbs by which someone puts out a document ("Trump released an ad", "sent an email").
_ISSUING = "release issue send publish post air run write put launch unveil file"
ISSUING = frozenset(_ISSUING.split())


def _issuer(doc_noun: Token) -> Token | None:
    """Whose words a document is: its author named with it, or the subject of the verb that
    put it out ("Trump released a new radio ad calling it “dangerous”"); not the one who
    read or received it."""
    author = _author(doc_noun)
    if author is not None:
        return author
    verb = doc_noun.head
    if doc_noun.dep_ != "dobj" or verb.lemma_.lower() not in ISSUING:
        return None
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    return named(_nearest(subj, verb)) if subj else None


def nearest_subject(tokens: list[Token], qs: int, marks: list[tuple[int, int]]) -> Token | None:
    """The clause subject nearest the quote among these tokens, if it can be a speaker."""
    subs = [t for t in tokens if t.dep_ in SUBJ_DEPS and good_speaker(t, marks)]
    subs = [t for t in subs if t.pos_ == "PROPN" or t.lower_ in {"he", "she", "they", "we", "i"}]
    return min(subs, key=lambda t: abs(t.idx - qs)) if subs else None


def quoted_at(marks: list[tuple[int, int]], i: int) -> bool:
    """Is text position `i` inside one of the quotations `marks` (or one nested in it)?"""
    return any(qs <= i < qe for qs, qe in marks)


def good_speaker(tok: Token, marks: list[tuple[int, int]]) -> bool:
    """A speaker is outside every quote and is no possessive or relative pronoun, and
    no date or time ("said Monday", "5:45 p.m.")."""
    if quoted_at(marks, tok.idx):
        return False
    if tok.ent_type_ in {"DATE", "TIME"}:
        return False
    if tok.tag_ in {"PRP$", "WP", "WDT", "WP$"} or tok.lower_ in {"that", "which", "who"}:
        return False
    noun_like = tok.pos_ in {"PROPN", "NOUN", "PRON"} or (tok.is_title and not _function(tok))
    return noun_like and tok.lower_ not in {"it", "there", "this"} and not in_dateline(tok)


def _function(tok: Token) -> bool:
    """Is a capitalised word that is no noun a word of grammar, not a name the tagger
    missed ("Bessent" tagged ADJ is a name)? "Of" in "Of Carson, Levine said" (parsed as
    the subject, Levine its object) is; "From" in "From agreed that ..." (Al From) is a
    name, a preposition with nothing after it."""
    if tok.pos_ == "ADP":
        return any(c.dep_ == "pobj" for c in tok.children)
    return tok.pos_ in FUNCTION


def in_dateline(tok: Token) -> bool:
    """Is the token part of a dateline, the place a story was filed from? The parser
    often makes it the subject of the lead's verb ("WASHINGTON -- The White House on
    Wednesday released ..."), yet a place filed from says nothing."""
    if not tok.is_upper:
        return False
    text = doc_text(tok.doc)
    start = text.rfind("\n", 0, tok.idx) + 1
    m = FILED_FROM.match(text, start)
    return m is not None and tok.idx < m.end()


def attach(hit: QuoteHit, subj: Token, text: str, resolver: Resolver) -> None:
    subj = named(subj)
    if _partisan(subj):
        _attach_partisan(hit, subj, text, resolver)
        return
    ms, me = mention_span(subj)
    hit.speaker_start, hit.speaker_end, hit.speaker_text = ms, me, text[ms:me]
    found = resolver.entity_at(ms, me)
    if (
        found is not None
        and not found[0] <= subj.idx < found[1]
        and (found[2].label != "PERSON" or _someone_of(subj))
    ):
        # "the Texas governor" is no place, "the White House spokesman" no office, and
        # "a Romney campaign aide", "Romney's spokesman", "one Trump campaign source" or
        # "a Sanders supporter" is not that person; "Braley's apology" is Braley's words
        found = None
    if found is not None and found[2].label in PLACES and subj.pos_ == "PROPN":
        # a person's surname the tagger read as a place ("added Claure, who is also an
        # executive at SoftBank", "Claure" a GPE), where the story names that person in
        # full and so, and this article names them as a person too: the one who speaks is
        # the person, not a second speaker ("Bloomberg reported", a GPE in an article that
        # names no Michael Bloomberg, is not his word; nor is a body's)
        person = resolver.person_called(text[found[0] : found[1]])
        if person is not None and " " in person.name:
            found = (found[0], found[1], person)
    if found is None and (subj.pos_ == "PROPN" or subj.is_title):
        # a name the parser took for a common noun ("Sellers said") is still a name, and
        # a full name the story knows by its surname alone ("Rahm Emanuel") is that person
        ent = (
            resolver.by_name(text[ms:me], ms)
            or resolver.by_name(name_tokens(subj), ms)
            or resolver.by_name(subj.text, ms)
        )
        found = (ms, me, ent) if ent is not None else None
    if found is None and subj.lower_ in PRONOUNS:
        found = resolver.antecedent(ms, subj.lower_)
    if found is None and subj.pos_ in {"NOUN", "PROPN"}:
        found = resolver.by_role(text[ms:me])
    if found is None and subj.pos_ == "NOUN":
        found = resolver.described(subj)
    if found is not None:
        _named_as(hit, found, text)
    elif subj.pos_ == "NOUN":
        # no name: the description says whom it speaks for ("A spokesperson for Google")
        end = _whose(subj)
        if end > me:
            hit.speaker_end, hit.speaker_text = end, text[ms:end]


def _partisan(tok: Token) -> bool:
    """Is the speaker a party member or a state's native named as a common noun, with a
    determiner ("a New Hampshire Republican", "one senior Democrat", "the Texan")? The
    parser takes the word for a name (NORP), and the quote had gone to a "person" called
    "Republican"; a plural ("Republicans said") stays the group it names."""
    if tok.tag_ not in {"NNP", "NN"} or tok.ent_type_ not in {"NORP", ""}:
        return False
    if tok.ent_type_ == "" and tok.lower_ not in PARTY_MEMBERS:
        return False
    # ("The Federalist", "The Hill": a capitalised "The" inside a sentence is the name's)
    return any(
        (c.dep_ == "det" and not (c.text == "The" and not _opens_sentence(c)))
        or c.lower_ in {"one", "another"}
        for c in tok.children
    )


def _opens_sentence(tok: Token) -> bool:
    """Does the token open a sentence: first of the doc, or after a full stop, a closing
    quotation mark, a colon or a paragraph break (the stored parses keep no sentence
    starts of their own)?"""
    if tok.i == 0:
        return True
    before = tok.doc[tok.i - 1]
    return before.is_space or before.text in {".", "!", "?", ":", "”", '"', "’", "'"}


def _attach_partisan(hit: QuoteHit, subj: Token, text: str, resolver: Resolver) -> None:
    """A partisan description as speaker: a definite one ("the Wisconsin Republican said")
    is the person the text was last about, as "the congressman" is (`Resolver.described`);
    an indefinite one ("said a New Hampshire Republican") names no one and is shown in
    its words."""
    ms, me = subj.left_edge.idx, subj.idx + len(subj.text)
    end = max(me, _whose(subj))
    hit.speaker_start, hit.speaker_end, hit.speaker_text = ms, end, text[ms:end]
    if any(c.dep_ == "det" and c.lower_ == "the" for c in subj.children):
        found = resolver.antecedent(ms, subj.text, any_gender=True)
        if found is not None:
            _named_as(hit, found, text)


# Entity labels of places, which a surname is sometimes read as
PLACES = frozenset({"GPE", "LOC", "FAC"})


def _named_as(hit: QuoteHit, found: tuple[int, int, Entity], text: str) -> None:
    """Give the quote the speaker found: the named mention and the entity it names."""
    hit.name_start, hit.name_end, hit.speaker = found[0], found[1], found[2].name
    hit.name_text = text[found[0] : found[1]]


# Party members, named as common nouns ("a Democrat") though spelled as names.
PARTY_MEMBERS = frozenset({"democrat", "republican", "independent", "libertarian"})


def _someone_of(noun: Token) -> bool:
    """Is a common noun that a person's name modifies someone or something of that person,
    not the person: "Romney's spokesman", "a Sanders supporter", "one Trump campaign
    source", "Scott's relatives"? Not the person's own words ("Braley's apology"), nor a
    name given its role without a comma ("Rami Abdel Rahman head of the Observatory")."""
    lemma = noun.lemma_.lower()
    if lemma in SPEAKS_FOR:
        return True
    if lemma in SAID_BY_AUTHOR:
        return False
    return any(c.dep_ in {"poss", "det", "nummod"} and c.i < noun.i for c in noun.children)


# prepositions after a description that say whose it is
WHOSE = frozenset({"for", "of", "at", "from", "with"})


def _whose(noun: Token) -> int:
    """Where a description ends with the body it belongs to, named after it ("a
    spokesperson for Google", "an official at the Pentagon"); else where it ends."""
    end = noun.idx + len(noun.text)
    for prep in noun.children:
        if prep.dep_ != "prep" or prep.lower_ not in WHOSE or prep.i != noun.i + 1:
            continue
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if obj is None or obj.pos_ != "PROPN" or "\n" in doc_text(noun.doc)[end : obj.idx]:
            continue
        while True:  # its head, and the names joined to it ("from Nebraska and Oklahoma")
            nxt = next((c for c in obj.children if c.dep_ == "conj" and c.pos_ == "PROPN"), None)
            if nxt is None:
                break
            obj = nxt
        end = obj.idx + len(obj.text)
    return end
