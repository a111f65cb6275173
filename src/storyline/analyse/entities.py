"""Stage `entities`: people, organisations and places, one entity per referent per story.

spaCy's NER finds the mentions; this module cleans them (no leading titles, no
possessive "'s"), folds the mentions of one referent across all articles of a
story into one `Entity` ("Bessent", "Scott Bessent" and "US Treasury Secretary
Scott Bessent" are one person; "US", "U.S." and "the United States" one
place), and collects roles and titles from the parse: the title words right
before a name ("US Trade Representative Jamieson Greer") and appositions
("William Reinsch, a senior trade adviser at ...").

The canonical name is the longest proper name of the referent; every other
spelling is an alias. Every mention is a `Span` whose text is the cleaned name.
A nickname in quotation marks between a given name and a surname (William "Mo"
Cowan) is part of the mention, not of the name (`nicknamed`), and no quotation.

A surname alone ("Jackson") joins the namesake it stands for where the story
has several (Jesse Jackson Jr., his wife Sandra Jackson, his father): a title
the full name also carries ("President"), a gender the text gives ("Mrs.", "his
wife", "X said she"), then the person the article is about (named in its title
or lead), then the one named last before it. A suffix ("Jr.") is part of the name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.analyse.doc_index import doc_text, ents, tokens_between
from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import Article, Entity, Span

if TYPE_CHECKING:
    from nicknames import NickNamer
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")
# Words that are titles, not names, when spaCy puts them inside a PERSON entity.
TITLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "secretary",
        "senator",
        "sen.",
        "sen",
        "rep.",
        "rep",
        "representative",
        "gov.",
        "gov",
        "governor",
        "minister",
        "premier",
        "ambassador",
        "mr.",
        "mr",
        "mrs.",
        "mrs",
        "ms.",
        "ms",
        "dr.",
        "dr",
        "chairman",
        "chairwoman",
        "judge",
        "general",
        "gen.",
        "prime",
        "chancellor",
        "speaker",
        "mayor",
        "prince",
        "princess",
        "king",
        "queen",
        "lord",
        "sir",
        "madam",
        "pope",
        "sheikh",
        "leader",
        "director",
        "chief",
    ]
)
ROLE_POS = frozenset({"PROPN", "NOUN", "ADJ"})
# A generational suffix is part of who a person is: Jesse Jackson Jr. is not Jesse Jackson.
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Titles that tell namesakes apart ("President Obama", "Sen. Paul", "Gov. Cuomo").
_OFFICE_WORDS = """
    president vice senator sen representative rep congressman congresswoman governor gov
    mayor secretary judge justice attorney general minister speaker leader chairman
    chairwoman ambassador rev reverend dr first lady
"""
OFFICE_WORDS = frozenset(_OFFICE_WORDS.split())
HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
PRONOUN_GENDER = {"he": "m", "she": "f"}
# Role nouns that say whether a person is a man or a woman ("his wife, Sandra").
_GENDERED = {
    "m": "husband father son brother widower man boyfriend uncle nephew grandfather "
    "congressman spokesman chairman businessman king prince",
    "f": "wife mother daughter sister widow woman girlfriend aunt niece grandmother "
    "congresswoman spokeswoman chairwoman businesswoman queen princess lady",
}
ROLE_GENDER = {w: g for g, words in _GENDERED.items() for w in words.split()}
_ROLE_STOP = frozenset({"of", "for", "at", "to", "in", "with", "from", "on", "and"})
ROLE_STOP_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "PERSON", "MONEY", "PERCENT", "ORDINAL"})


@dataclass(frozen=True)
class EntityConfig:
    """Knobs of the entity stage.

    `labels`: spaCy labels kept. `max_role_tokens`: longest apposition taken as a role.
    """

    labels: tuple[str, ...] = LABELS
    max_role_tokens: int = 16


@dataclass
class Mention:
    """One cleaned entity mention in one article."""

    article: str
    start: int
    end: int
    text: str
    label: str
    roles: list[str] = field(default_factory=list)
    # "m" or "f" where the text says so (Mr./Mrs., "his wife", "X said she"), else ""
    gender: str = ""
    # named in the lead paragraphs of its article
    lead: bool = False

    @property
    def tokens(self) -> list[str]:
        return self.text.replace("’", "'").split()


def name_parts(text: str) -> tuple[str, str, str]:
    """(first word, surname, suffix) of a person's name: "Jesse L. Jackson Jr." ->
    ("jesse", "jackson", "jr"); a one-word name is its own first word and surname."""
    words = name_key(text).replace(",", " ").split()
    suffix = words.pop() if len(words) >= 2 and words[-1] in SUFFIXES else ""
    if not words:
        return "", "", suffix
    return words[0], words[-1], suffix


def one_slip(a: str, b: str) -> bool:
    """Whether two different words are one letter changed, added or dropped, or two
    neighbouring letters swapped, apart."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        swapped = a[i + 1 : i + 2] + a[i : i + 1] == b[i : i + 2] and a[i + 2 :] == b[i + 2 :]
        return swapped or a[i + 1 :] == b[i + 1 :]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return short[i:] == long_[i + 1 :]


MIN_SURNAME = 4  # shorter surnames one letter apart are other names ("Lee" / "Lea")


def name_key(text: str) -> str:
    """Comparison key of a name: lowercased, dots and a leading "the" dropped."""
    t = text.replace("’", "'").lower().replace(".", "").strip()
    if t.startswith("the "):
        t = t[4:]
    return " ".join(t.split())


def acronym(text: str) -> str:
    """Initials of the capitalised words of a multi-word name ("United States" -> "us")."""
    words = [w for w in name_key(text).split() if w not in {"of", "and", "for", "the", "&"}]
    return "".join(w[0] for w in words) if len(words) >= 2 else ""


def clean_entity(ent: SpacySpan) -> tuple[int, int] | None:
    """Token range of the name itself: leading "the"/titles and trailing "'s" removed.

    Of a person, also what the tagger read into the name around it: "a" before it ("to a
    Mitt Romney"), an editor's bracket ("[Hillary] Clinton", "Newt [Gingrich]"), a
    number or a spaced dash after it ("Ted Cruz 1, John Kasich 2", "Donald Trump 384",
    "Donald Trump - and"); and no person is named in words without a capital ("moron",
    "newbie": the tagger's), in "pro-Clinton" or "anti-Obama", or in a handle, a link or
    a photo credit ("@lisatanker5", "John Moore/Getty Images").
    """
    start, end = ent.start, ent.end
    doc = ent.doc
    person = ent.label_ == "PERSON"
    while start < end and (
        doc[start].lower_ == "the"
        or (person and doc[start].lower_ in TITLE_WORDS and end - start > 1)
        or (person and doc[start].lower_ in {"a", "an"} and end - start > 1)
    ):
        start += 1
    if (
        person
        and end - start > 2
        and doc[start].lower_ in {"pro", "anti"}
        and doc[start + 1].text == "-"
    ):
        return None  # "a pro-Clinton super PAC", "pro-Israel": a word of what it is for
    if person:
        for i in range(start, end):
            if doc[i].text == "]":
                start = i + 1  # "Hillary] Clinton": the name printed is after the bracket
        cut = next(
            (
                i
                for i in range(start, end)
                if doc[i].text == "["
                or doc[i].text[:1].isdigit()
                or doc[i].text in DASHES
                # a spaced hyphen; one inside a name ("Jean-Claude") is the name's
                or (doc[i].text == "-" and i > start and bool(doc[i - 1].whitespace_))
            ),
            end,
        )
        end = cut
    while end > start and (doc[end - 1].lower_ in {"'s", "’s", "'", "’"} or doc[end - 1].is_punct):
        end -= 1
    if end <= start:
        return None
    if person:
        text = doc[start:end].text
        if text == text.lower() or any(c in text for c in "/@#") or "http" in text:
            return None
    return start, end


DASHES = frozenset({"\u2013", "\u2014", "--"})


# A given name, a nickname of one or two capitalised words in quotation marks, a surname.
NICKNAME = re.compile(
    r"\b([A-Z][a-z]+)[ \t]+([\"\u201c])[A-Z][\w'\u2019-]*(?:[ \t][A-Z][\w'\u2019-]*)?"
    r"[\"\u201d][ \t]+([A-Z][\w'\u2019-]*[a-z])\b"
)


@dataclass(frozen=True)
class Nicknamed:
    """William "Mo" Cowan: the whole name's characters, the name without the nickname,
    and the characters from the nickname's opening mark to after its closing one."""

    start: int
    end: int
    name: str
    marks: tuple[int, int]


def nicknamed(doc: Doc) -> list[Nicknamed]:
    """Names given with a nickname in quotation marks where spaCy tags a word of them a
    person (the marks alone make it tag `"Mo" Cowan` a title)."""
    text = doc_text(doc)
    out = []
    for m in NICKNAME.finditer(text):
        if any(e.label_ == "PERSON" and e.start_char < m.end() and m.start() < e.end_char
               for e in ents(doc)):  # fmt: skip
            name = f"{m.group(1)} {m.group(3)}"
            close = m.start(3) - 1
            while text[close] in " \t":
                close -= 1
            out.append(Nicknamed(m.start(), m.end(), name, (m.start(2), close + 1)))
    return out


def _prenominal_role(doc: Doc, start: int) -> str | None:
    """Title words right before a name: "US Treasury Secretary" in "US Treasury Secretary X"."""
    first = prenominal_start(doc, start)
    return doc[first:start].text if first < start else None


def prenominal_start(doc: Doc, start: int) -> int:
    """Where the title words right before the name at token `start` begin (`start` if none)."""
    i = start - 1
    first = start
    while i >= 0:
        t = doc[i]
        if t.is_punct or t.is_space or t.ent_type_ in ROLE_STOP_ENTS or t.pos_ not in ROLE_POS:
            break
        if not (t.is_title or t.is_upper or t.dep_ in {"compound", "amod"}):
            break
        if t.sent.start != doc[start].sent.start:
            break
        first = i
        i -= 1
    if first == start:
        return start
    # a role ends in a noun: "Chinese" alone is a nationality, not a role
    if doc[start - 1].pos_ not in {"NOUN", "PROPN"} or doc[start - 1].ent_type_ in {"GPE", "NORP"}:
        return start
    return first


def _appositive_roles(ent: SpacySpan, max_tokens: int) -> list[str]:
    """Roles given by apposition: "X, a senior adviser at Y," and "the chief executive, X"."""
    return [ent.doc[s:e].text for s, e in appositive_ranges(ent, max_tokens)]


def appositive_ranges(ent: SpacySpan, max_tokens: int) -> list[tuple[int, int]]:
    """Token ranges of the roles given by apposition (`_appositive_roles`)."""
    ranges = []
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            toks = [t for t in child.subtree]
            while toks and (toks[0].dep_ == "det" or toks[0].is_punct):
                toks = toks[1:]
            while toks and toks[-1].is_punct:
                toks = toks[:-1]
            if toks and len(toks) <= max_tokens and toks[0].ent_type_ != "PERSON":
                ranges.append((toks[0].i, toks[-1].i + 1))
    head = root.head
    if root.dep_ == "appos" and head.i < ent.start and head.pos_ == "NOUN" and not head.ent_type_:
        toks = [t for t in head.subtree if t.i < ent.start]
        while toks and (toks[0].dep_ == "det" or toks[0].is_punct):
            toks = toks[1:]
        while toks and toks[-1].is_punct:
            toks = toks[:-1]
        if toks and len(toks) <= max_tokens:
            ranges.append((toks[0].i, toks[-1].i + 1))
    return ranges


def _role_gender(roles: list[str]) -> str:
    """The gender a role names by its own noun ("his wife" -> "f"), not by a person it
    relates to ("attorney for Jackson's wife" is neither)."""
    for role in roles:
        for w in role.replace("’", "'").lower().split():
            if w in _ROLE_STOP:
                break
            if w in ROLE_GENDER and not w.endswith("'s"):
                return ROLE_GENDER[w]
    return ""


def _pronoun_gender(doc: Doc, start: int, end: int) -> str:
    """ "he"/"she" as the subject of a clause under the verb this name is subject of:
    "Jackson told the judge that he had been hospitalized" -> "m"."""
    root = doc[start:end].root
    if root.dep_ not in {"nsubj", "nsubjpass"}:
        return ""
    for t in root.head.subtree:
        if t.i >= end and t.dep_ in {"nsubj", "nsubjpass"} and t.lower_ in PRONOUN_GENDER:
            return PRONOUN_GENDER[t.lower_]
    return ""


def mention_gender(doc: Doc, start: int, end: int, roles: list[str]) -> str:
    """What the article says of a person mention's gender: title, role, then pronoun."""
    if start > 0:
        before = doc[start - 1].lower_.rstrip(".")
        if before in HONORIFIC_GENDER:
            return HONORIFIC_GENDER[before]
    return _role_gender(roles) or _pronoun_gender(doc, start, end)


def article_mentions(
    article_id: str,
    doc: Doc,
    conf: EntityConfig,
    headings: tuple[tuple[int, int], ...] = (),
    lead_end: int = 0,
) -> list[Mention]:
    """Cleaned mentions of the kept labels in one parsed article, with their roles.

    `lead_end` is where the article's lead ends: persons named before it are what
    the article is about.
    """
    nicks = nicknamed(doc)
    out = [
        m for n in nicks if (m := _nickname_mention(article_id, doc, n, conf, headings, lead_end))
    ]
    for ent in ents(doc):
        if ent.label_ not in conf.labels or any(hs <= ent.start_char < he for hs, he in headings):
            continue
        if any(ent.start_char < n.end and n.start < ent.end_char for n in nicks):
            continue  # the name is the nickname's mention
        rng = clean_entity(ent)
        if rng is None:
            continue
        s, e = rng
        span = doc[s:e]
        if not any(c.isalpha() for c in span.text):
            continue
        roles: list[str] = []
        gender = ""
        if ent.label_ == "PERSON":
            pre = _prenominal_role(doc, s)
            if pre:
                roles.append(pre)
            roles.extend(_appositive_roles(ent, conf.max_role_tokens))
        if ent.label_ in {"PERSON", "ORG"}:
            gender = mention_gender(doc, s, e, roles)
        out.append(
            Mention(
                article_id,
                span.start_char,
                span.end_char,
                span.text,
                ent.label_,
                roles,
                gender,
                span.start_char < lead_end,
            )
        )
    return _surnames_as_people(out, doc)


# Labels the tagger gives a surname alone that reads like a group or a firm ("said Father
# Reese" tagged NORP, a nationality or religious group)
MISREAD_SURNAME = {"NORP", "ORG", "FAC", "LOC"}
# A surname the tagger takes for a place is the person's where it speaks: the subject of a
# verb of saying ("Kasich said", "said Kasich"). (As the subject of any verb or a possessor
# too, "Etheridge, a member of the House Ways and Means and Budget committees, voted ..."
# became a description that met "Mr. Etheridge, a seven-term House member" on the word
# "member": BASIL gold P 0.906 -> 0.900.)
PERSON_DEPS = {"nsubj", "nsubjpass"}


def _surnames_as_people(out: list[Mention], doc: Doc) -> list[Mention]:
    """Mentions with a one-word name tagged as a group, a firm or a building
    (`MISREAD_SURNAME`), or as a place where it speaks (`PERSON_DEPS`: "Kasich said",
    tagged GPE), that is the surname of a person the article named in full before
    it, as that person's mentions: "said Jesuit Father Thomas J. Reese ..." then "said Father
    Reese", where spaCy read the second "Reese" as a group, and its quotations were
    shown under a speaker "Reese" apart from "Thomas J. Reese"; "Cuban said" after
    "Mark Cuban" (not "Cuban officials", where the word describes a noun)."""
    named: dict[str, int] = {}  # surname -> where the article first names that person in full
    for m in out:
        if m.label == "PERSON" and len(m.tokens) > 1:
            surname = name_parts(m.text)[1]
            named[surname] = min(named.get(surname, m.start), m.start)
    if not named:
        return out
    fixed = []
    for m in out:
        word = m.text.strip()
        first = named.get(word.lower())
        if (
            m.label in MISREAD_SURNAME | {"GPE"}
            and first is not None
            and first < m.start
            and len(m.tokens) == 1
            and word[:1].isupper()
            and word[1:].islower()
        ):
            tok = tokens_between(doc, m.start, m.end)[0]
            if (m.label in MISREAD_SURNAME or _speaks(tok)) and not _modifies(tok):
                gender = mention_gender(doc, tok.i, tok.i + 1, [])
                m = replace(m, label="PERSON", roles=[], gender=gender)
        fixed.append(m)
    return fixed


def _speaks(tok: Token) -> bool:
    """Is the word the subject of a verb of saying?"""
    from storyline.analyse.speakers import is_speech  # (speakers reads this module)

    return tok.dep_ in PERSON_DEPS and is_speech(tok.head)


def _modifies(tok: Token) -> bool:
    """Does the word stand before a noun it describes ("Cuban officials")?"""
    return tok.dep_ in {"amod", "compound", "nmod"} and tok.head.i > tok.i


def _nickname_mention(
    article_id: str,
    doc: Doc,
    n: Nicknamed,
    conf: EntityConfig,
    headings: tuple[tuple[int, int], ...],
    lead: int,
) -> Mention | None:
    """The mention of a name given with a nickname (its text: the name without it)."""
    whole = doc.char_span(n.start, n.end)
    if whole is None or any(hs <= n.start < he for hs, he in headings):
        return None
    pre = _prenominal_role(doc, whole.start)
    roles = ([pre] if pre else []) + _appositive_roles(whole, conf.max_role_tokens)
    gender = mention_gender(doc, whole.start, whole.end, roles)
    return Mention(article_id, n.start, n.end, n.name, "PERSON", roles, gender, n.start < lead)


def same_first_name(a: str, b: str) -> bool:
    """One first name, or one the other's nickname ("chuck" / "charles", "bill" /
    "william"), lower case; from the `nicknames` data set (hand-curated English names)."""
    if a == b:
        return True
    return b in _nicknames().nicknames_of(a) or a in _nicknames().nicknames_of(b)


@lru_cache(maxsize=1)
def _nicknames() -> NickNamer:
    from nicknames import NickNamer

    return NickNamer()


def _fold_suffixes(
    canon: dict[str, str],
    by_surname: dict[tuple[str, str], Counter[str]],
    mentions: list[Mention],
) -> None:
    """A full name without its suffix is the one person of that name with one ("James
    Clapper" of one outlet is "James R. Clapper Jr." of another; "Joe Biden" is
    "Joseph R. Biden Jr."), unless an article names both, which makes them two (the
    Rev. Jesse L. Jackson and his son, Jesse L. Jackson Jr.). `canon` is changed in place."""
    suffixed: dict[str, list[str]] = defaultdict(list)  # surname -> full names with a suffix
    for (surname, suffix), keys in by_surname.items():
        if suffix:
            suffixed[surname].extend(keys)
    if not suffixed:
        return
    # per article, the (first word, surname, has a suffix) of every full name it prints
    in_article: dict[str, set[tuple[str, str, bool]]] = defaultdict(set)
    for m in mentions:
        if _is_full(m):
            first, surname, suffix = name_parts(m.text)
            if surname in suffixed:
                in_article[m.article].add((first, surname, bool(suffix)))

    for (surname, suffix), keys in by_surname.items():
        if suffix or surname not in suffixed:
            continue
        for k in keys:
            first = k.split()[0]
            targets = {canon[x] for x in suffixed[surname] if same_first_name(x.split()[0], first)}
            if len(targets) != 1:
                continue
            forms = [
                {jr for f, sn, jr in named if sn == surname and same_first_name(f, first)}
                for named in in_article.values()
            ]
            if not any(len(f) == 2 for f in forms):  # no article prints both
                canon[k] = targets.pop()


class _FullNames:
    """The full person names of a story (two words or more): their canonical spelling,
    gender, and where each article names them, for resolving a surname alone."""

    def __init__(self, mentions: list[Mention], titles: dict[str, str]) -> None:
        by_surname: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for m in mentions:
            if _is_full(m):
                first, surname, suffix = name_parts(m.text)
                by_surname[surname, suffix][name_key(m.text)] += 1
        # full names that share first word (or its nickname: "Chuck" / "Charles"), surname
        # and suffix ("Donald J. Trump") are one
        self.canon: dict[str, str] = {}
        self.surnames: dict[tuple[str, str], list[str]] = defaultdict(list)
        for keys in by_surname.values():
            for k in keys:
                first = k.split()[0]
                same = [k2 for k2 in keys if same_first_name(k2.split()[0], first)]
                self.canon[k] = max(same, key=lambda x: (keys[x], len(x), x))
        _fold_suffixes(self.canon, by_surname, mentions)
        for (surname, suffix), keys in by_surname.items():
            self.surnames[surname, suffix] = sorted({self.canon[k] for k in keys})
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        self.named: dict[str, list[tuple[int, str, bool]]] = defaultdict(list)
        self.titles: dict[str, set[str]] = defaultdict(set)
        self.count: Counter[str] = Counter()
        for m in mentions:
            if _is_full(m):
                c = self.canon[name_key(m.text)]
                self.count[c] += 1
                if m.gender:
                    votes[c][m.gender] += 1
                self.named[m.article].append((m.start, c, m.lead))
                self.titles[c] |= _title_words(m.roles)
        self.gender = {c: _majority(v) for c, v in votes.items()}
        # articles whose title or lead names each person: what the story is about
        self.leads: Counter[str] = Counter()
        self.in_title: dict[str, set[str]] = {}
        # the full names by first word, and the persons by surname and by first name: each
        # mention and title looks up its own, not every name of the story
        keys_by_first: dict[str, list[str]] = defaultdict(list)
        for k in self.canon:
            keys_by_first[k.split()[0]].append(k)
        of_surname: dict[str, set[str]] = defaultdict(set)
        for (sn, _), cs in self.surnames.items():
            of_surname[sn].update(cs)
        self.of_surname = {sn: sorted(cs) for sn, cs in of_surname.items()}
        self.of_first: dict[str, set[str]] = defaultdict(set)
        for k, c in self.canon.items():  # "Joe" of "Joe Biden", printed "Joseph R. Biden Jr."
            self.of_first[k.split()[0]].add(c)
        for art, title in titles.items():
            key = name_key(title)
            self.in_title[art] = {
                self.canon[k]
                for w in set(key.split())
                for k in keys_by_first.get(w, ())
                if _has_words(key, k)
            }
        for art, named in self.named.items():
            for c in {c for _, c, lead in named if lead} | self.in_title.get(art, set()):
                self.leads[c] += 1

    def key(self, m: Mention) -> str | None:
        """Canonical full name of a mention: its own, or for a surname alone (or a
        first name alone) the namesake it stands for; None when no full name fits."""
        if _is_full(m):
            return self.canon[name_key(m.text)]
        if m.label not in {"PERSON", "ORG"}:
            return None
        first, surname, suffix = name_parts(m.text)
        if first != surname:
            return None
        if suffix:
            cands = self.surnames.get((surname, suffix), [])
        else:
            cands = self.of_surname.get(surname, [])
        if cands:
            return self._namesake(m, cands)
        if suffix:
            return None
        # a first name alone ("Xi" of "Xi Jinping"), when one person has it
        firsts = set(self.of_first.get(first, ()))
        if len(firsts) == 1:
            return firsts.pop()
        # a surname misspelt ("said Cowen" in a story of William Cowan): the one person the
        # article names in full whose surname is one slip from it, else the story's one
        if m.label != "PERSON" or len(surname) < MIN_SURNAME:
            return None
        for named in ({c for _, c, _ in self.named.get(m.article, [])}, set(self.count)):
            near = {c for c in named if one_slip(name_parts(c)[1], surname)}
            if near:
                return near.pop() if len(near) == 1 else None
        return None

    def _namesake(self, m: Mention, cands: list[str]) -> str:
        """Which of several persons of one surname a surname alone stands for.

        A title the full name also carries ("President Obama", not his daughters)
        picks among them; a title or role that says man or woman ("Mrs. Jackson")
        rules out the others, and prefers one known to be so; then the person the
        article is about (named in its title or lead) wins, else the one last named
        before the mention, else the one the story is about. Never the most frequent
        full name by count alone: a namesake mentioned in passing is often named in
        full every time, exactly because he is not the one called by surname.
        """
        titled = _title_words(m.roles)
        fits = [c for c in cands if titled & self.titles[c]] or cands
        if m.gender:
            known = [c for c in fits if self.gender.get(c) == m.gender]
            fits = known or [c for c in fits if self.gender.get(c, m.gender) == m.gender] or fits
        if len(fits) == 1:
            return fits[0]
        named = sorted((s, c, lead) for s, c, lead in self.named.get(m.article, []) if c in fits)
        title = self.in_title.get(m.article, set())
        about = [c for c in fits if c in title] + [c for _, c, lead in named if lead]
        if about:
            return about[0]
        before = [c for s, c, _ in named if s < m.start]
        if before:
            return before[-1]
        return max(fits, key=lambda c: (self.leads[c], self.count[c], c))


# Words that open a phrase about someone or something else inside a role ("daughter
# of former Vice President Dick Cheney", "a spokesman for Speaker Boehner").
_ROLE_PREPOSITIONS = frozenset(["of", "for", "to", "at", "in", "with", "from", "on", "by", "under"])


@lru_cache(maxsize=65536)
def role_head(role: str) -> tuple[str, ...]:
    """The words of a role that say what the person is, lower-cased: those after the
    last possessive and before the first preposition. "one of ex-Vice President Dick
    Cheney's two daughters" -> ("two", "daughters"); "chairman of the Wisconsin
    Republican Party" -> ("chairman",); "former Vice President" -> all three. The
    office words of another person named in it are not this person's."""
    words = role.replace("\u2019", "'").lower().split()
    owner = [i for i, w in enumerate(words) if w.endswith("'s") or w.endswith("s'")]
    if owner:
        words = words[owner[-1] + 1 :]
    cut = next((i for i, w in enumerate(words) if w in _ROLE_PREPOSITIONS), len(words))
    return tuple(words[:cut])


def _title_words(roles: list[str]) -> set[str]:
    """Office words of a person's roles ("Former Rep." -> {"rep"}), honorifics and other
    persons' offices aside (`role_head`)."""
    words = {w.strip(".,()") for r in roles for w in role_head(r)}
    return {w for w in words if w and w not in HONORIFIC_GENDER and w[0].isalpha()} & OFFICE_WORDS


def _is_full(m: Mention) -> bool:
    """A person named by at least two words besides a suffix ("Jackson Jr." is not)."""
    if m.label != "PERSON":
        return False
    first, surname, _ = name_parts(m.text)
    return first != surname


def _has_words(text: str, words: str) -> bool:
    return f" {words} " in f" {text} "


def _majority(votes: Counter[str]) -> str:
    """The gender most of the evidence gives, when it outweighs the other twice over."""
    (top, n), *rest = votes.most_common()
    return top if not rest or n >= 2 * rest[0][1] else ""


def _cluster(mentions: list[Mention], titles: dict[str, str] | None = None) -> list[list[Mention]]:
    """Group mentions by referent: full names, surnames and acronyms folded together.

    `titles` maps an article id to its title: a person it names is what that
    article is about, which decides whom a surname alone refers to.
    """
    names = _FullNames(mentions, titles or {})
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        key = name_key(m.text)
        full = names.key(m)
        if full is not None:
            key = "P:" + full
        elif m.label == "PERSON":
            key = "P:" + key
        else:
            group = "PLACE" if m.label in {"GPE", "LOC"} else m.label
            key = group + ":" + key
        groups[key].append(m)
    # acronyms: "US" joins "United States" of the same label group
    by_key = {k: k.split(":", 1) for k in groups}
    spelled: dict[tuple[str, str], list[str]] = defaultdict(list)  # (group, acronym) -> keys
    for k2, (grp2, name2) in by_key.items():
        spelled[grp2, acronym(name2)].append(k2)
    for k, (grp, name) in list(by_key.items()):
        if grp == "P" or " " in name or k not in groups:
            continue
        for k2 in spelled.get((grp, name), []):
            if k2 != k and k2 in groups:
                groups[k2].extend(groups.pop(k))
                break
    return list(groups.values())


def _roles(group: list[Mention]) -> tuple[str, ...]:
    """Distinct roles; a one-word title that ends a longer role ("Secretary") is dropped."""
    roles: dict[str, str] = {}
    for m in group:
        for r in m.roles:
            roles.setdefault(name_key(r), r)
    keys = list(roles)
    keep = [k for k in keys if " " in k or not any(k2 != k and k2.endswith(" " + k) for k2 in keys)]
    return tuple(roles[k] for k in keep)


def _name_of(group: list[Mention]) -> str:
    """The longest proper name in the group (most words, then most frequent)."""
    counts = Counter(m.text.replace("’", "'") for m in group)
    best = max(counts, key=lambda t: (len(t.split()), counts[t], len(t)))
    return best


def lead_end(article: Article, min_chars: int = 300) -> int:
    """End of an article's lead: its first paragraphs, up to the one that reaches
    `min_chars` (a one-line dateline paragraph is no lead on its own)."""
    end = 0
    for _, be, head in article.blocks():
        if head:
            continue
        end = be
        if be >= min_chars:
            break
    return min(end, 2 * min_chars)


def extract_entities(ctx: StoryContext, cfg: Config) -> list[Entity]:
    """All entities of one story, most mentioned first."""
    conf = EntityConfig()
    mentions: list[Mention] = []
    titles: dict[str, str] = {}
    for a in ctx.articles:
        doc = ctx.docs.get(a.id)
        if doc is not None:
            mentions.extend(article_mentions(a.id, doc, conf, a.headings, lead_end(a)))
            titles[a.id] = a.title or ""
    _trim_headline_verbs(mentions, {a.id: a.text for a in ctx.articles})
    entities = []
    for group in one_label_per_name(_cluster(mentions, titles)):
        label = _label_of(group)
        name = _name_of(group)
        aliases = sorted({m.text for m in group if m.text.replace("’", "'") != name})
        spans = tuple(sorted({Span(m.article, m.start, m.end) for m in group}))
        entities.append(Entity(name, label, tuple(aliases), _roles(group), spans))
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    return entities


def _label_of(group: list[Mention]) -> str:
    """An entity's label: a person's where a mention names one in full, else the label
    most of its mentions have (a surname alone is often read as a place or a group)."""
    if any(m.label == "PERSON" and len(m.tokens) > 1 for m in group):
        return "PERSON"
    return Counter(m.label for m in group).most_common(1)[0][0]


def one_label_per_name(groups: list[list[Mention]]) -> list[list[Mention]]:
    """Groups of mentions (`_cluster`), where the groups that one name of two or more words
    names under several labels are one: the largest, where it is larger than every other,
    under its label.

    The same words name one thing: "White House" read as a building in one sentence and
    as an organisation in the next, "Marcelo Claure" as a person three times and a firm
    once, "Trump Tower" as a building seven times and a person twice, had each been
    two entities of one story, the smaller with its own mentions (a speaker, a
    description) apart from the other. A group counts every mention of its referent
    ("Scooter Braun", "Braun" and "Scooter" of a person, three "Scooter Braun" read as
    a firm: a person). A one-word name may be two things ("Jordan", "Washington"), and
    a surname the tagger reads as a place is `_surnames_as_people`'s.
    """
    by_name: dict[str, list[int]] = defaultdict(list)
    for n, group in enumerate(groups):
        name = name_key(_name_of(group))
        if " " in name:
            by_name[name].append(n)
    merged: set[int] = set()
    out = [list(g) for g in groups]
    for ns in by_name.values():
        if len(ns) < 2:
            continue
        ns = sorted(ns, key=lambda n: -len(groups[n]))
        if len(groups[ns[0]]) == len(groups[ns[1]]):
            continue  # (as many read one way as the other: left as read)
        label = _label_of(groups[ns[0]])
        for n in ns[1:]:
            out[ns[0]].extend(m if m.label == label else replace(m, label=label) for m in groups[n])
            merged.add(n)
    return [g for n, g in enumerate(out) if n not in merged]


def _trim_headline_verbs(mentions: list[Mention], texts: dict[str, str]) -> None:
    """A person's name in a headline whose every word is capitalised, read on into the
    words after it ("Poll: Bernie Sanders Burns Hillary Clinton ...", "Ted Cruz
    Apologizes To Ben Carson ..."), is the name the story prints elsewhere: the mention
    is cut back to it. (Each had been a person of its own, "Bernie Sanders Burns".) Only
    where the longer name is printed nowhere outside such a line, and the shorter one is
    printed outside one (a one-word name, as a surname of someone the story names:
    "Trump Says He Never Pledged ..." is Trump's). Mentions are changed in place."""
    headline = {id(m): _in_title_case_line(texts[m.article], m.start) for m in mentions}
    plain = {m.text for m in mentions if m.label == "PERSON" and not headline[id(m)]}
    # a one-word name only where it is a surname of the story ("Trump" of "Donald Trump"),
    # not a given name the headline goes on from ("Marco" of "Marco Rubio Responds")
    surnames = {n.split()[-1] for n in plain if len(n.split()) >= 2}
    plain = {n for n in plain if len(n.split()) >= 2 or n in surnames}
    if not plain:
        return
    longer_outside = {m.text for m in mentions if not headline[id(m)]}
    for m in mentions:
        if m.label != "PERSON" or not headline[id(m)] or m.text in longer_outside:
            continue
        known = [n for n in plain if m.text.startswith(n + " ")]
        if known:
            name = max(known, key=len)
            m.end = m.start + len(name)
            m.text = name


# A line is a headline in title case where this share of its words of four letters or
# more are capitalised (and it has three such words or more).
TITLE_CASE_SHARE = 0.8


def _in_title_case_line(text: str, pos: int) -> bool:
    """Is `pos` in a line (between line breaks) whose words are capitalised as a
    headline's are ("Ted Cruz Refuses to Disavow Lindsey Graham Endorsement.")?"""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    words = re.findall(r"[A-Za-z][a-z'’]{3,}|[A-Z]{4,}", text[start : end if end >= 0 else None])
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


def entity_index(entities: list[Entity]) -> dict[tuple[str, int, int], Entity]:
    """Lookup of an entity by one of its mention spans `(article, start, end)`."""
    return {(s.article, s.start, s.end): e for e in entities for s in e.mentions}
