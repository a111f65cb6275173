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
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.config import Config
from storyline.context import StoryContext
from storyline.model import Entity, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc
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

    @property
    def tokens(self) -> list[str]:
        return self.text.replace("’", "'").split()


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
    """Token range of the name itself: leading "the"/titles and trailing "'s" removed."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (
        doc[start].lower_ == "the"
        or (ent.label_ == "PERSON" and doc[start].lower_ in TITLE_WORDS and end - start > 1)
    ):
        start += 1
    while end > start and (doc[end - 1].lower_ in {"'s", "’s", "'", "’"} or doc[end - 1].is_punct):
        end -= 1
    return (start, end) if end > start else None


def _prenominal_role(doc: Doc, start: int) -> str | None:
    """Title words right before a name: "US Treasury Secretary" in "US Treasury Secretary X"."""
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
        return None
    # a role ends in a noun: "Chinese" alone is a nationality, not a role
    if doc[start - 1].pos_ not in {"NOUN", "PROPN"} or doc[start - 1].ent_type_ in {"GPE", "NORP"}:
        return None
    return doc[first:start].text


def _appositive_roles(ent: SpacySpan, max_tokens: int) -> list[str]:
    """Roles given by apposition: "X, a senior adviser at Y," and "the chief executive, X"."""
    roles = []
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            toks = [t for t in child.subtree]
            while toks and (toks[0].dep_ == "det" or toks[0].is_punct):
                toks = toks[1:]
            while toks and toks[-1].is_punct:
                toks = toks[:-1]
            if toks and len(toks) <= max_tokens and toks[0].ent_type_ != "PERSON":
                roles.append(ent.doc[toks[0].i : toks[-1].i + 1].text)
    head = root.head
    if root.dep_ == "appos" and head.i < ent.start and head.pos_ == "NOUN" and not head.ent_type_:
        toks = [t for t in head.subtree if t.i < ent.start]
        while toks and (toks[0].dep_ == "det" or toks[0].is_punct):
            toks = toks[1:]
        while toks and toks[-1].is_punct:
            toks = toks[:-1]
        if toks and len(toks) <= max_tokens:
            roles.append(ent.doc[toks[0].i : toks[-1].i + 1].text)
    return roles


def article_mentions(
    article_id: str, doc: Doc, conf: EntityConfig, headings: tuple[tuple[int, int], ...] = ()
) -> list[Mention]:
    """Cleaned mentions of the kept labels in one parsed article, with their roles."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in conf.labels or any(hs <= ent.start_char < he for hs, he in headings):
            continue
        rng = clean_entity(ent)
        if rng is None:
            continue
        s, e = rng
        span = doc[s:e]
        if not any(c.isalpha() for c in span.text):
            continue
        roles: list[str] = []
        if ent.label_ == "PERSON":
            pre = _prenominal_role(doc, s)
            if pre:
                roles.append(pre)
            roles.extend(_appositive_roles(ent, conf.max_role_tokens))
        out.append(
            Mention(article_id, span.start_char, span.end_char, span.text, ent.label_, roles)
        )
    return out


def _cluster(mentions: list[Mention]) -> list[list[Mention]]:
    """Group mentions by referent: full names, surnames and acronyms folded together."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    person_full: dict[str, Counter[str]] = defaultdict(Counter)  # surname -> full-name keys
    for m in mentions:
        if m.label == "PERSON" and len(m.tokens) >= 2:
            person_full[m.tokens[-1].lower()][name_key(m.text)] += 1
    # full names that share first and last word ("Donald J. Trump") fold into one key
    canon_full: dict[str, str] = {}
    for _surname, keys in person_full.items():
        for k in keys:
            first = k.split()[0]
            same = [k2 for k2 in keys if k2.split()[0] == first]
            canon_full[k] = max(same, key=lambda x: (keys[x], len(x)))
    key_label: dict[str, str] = {}
    for m in mentions:
        key = name_key(m.text)
        if m.label == "PERSON" and len(m.tokens) >= 2:
            key = "P:" + canon_full.get(key, key)
        elif len(m.tokens) == 1 and m.label in {"PERSON", "ORG"}:
            fulls = person_full.get(key) or _by_first_name(key, person_full)
            if fulls:  # a surname alone, perhaps mislabelled ORG by the tagger
                best = max(fulls, key=lambda x: fulls[x])
                key = "P:" + canon_full.get(best, best)
            elif m.label == "PERSON":
                key = "P:" + key
            else:
                key = m.label + ":" + key
        else:
            group = "PLACE" if m.label in {"GPE", "LOC"} else m.label
            key = group + ":" + key
        key_label.setdefault(key, m.label)
        groups[key].append(m)
    # acronyms: "US" joins "United States" of the same label group
    by_key = {k: k.split(":", 1) for k in groups}
    for k, (grp, name) in list(by_key.items()):
        if grp == "P" or " " in name or k not in groups:
            continue
        for k2, (grp2, name2) in by_key.items():
            if k2 != k and grp2 == grp and k2 in groups and acronym(name2) == name:
                groups[k2].extend(groups.pop(k))
                break
    return list(groups.values())


def _by_first_name(key: str, person_full: dict[str, Counter[str]]) -> Counter[str] | None:
    """Full names whose first word is `key` ("Xi" in "Xi Jinping"), when exactly one."""
    hits: Counter[str] = Counter()
    for keys in person_full.values():
        for k, n in keys.items():
            if k.split()[0] == key:
                hits[k] += n
    return hits if len(hits) == 1 else None


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


def extract_entities(ctx: StoryContext, cfg: Config) -> list[Entity]:
    """All entities of one story, most mentioned first."""
    conf = EntityConfig()
    mentions: list[Mention] = []
    for a in ctx.articles:
        doc = ctx.docs.get(a.id)
        if doc is not None:
            mentions.extend(article_mentions(a.id, doc, conf, a.headings))
    entities = []
    for group in _cluster(mentions):
        labels = Counter(m.label for m in group)
        label = "PERSON" if any(m.label == "PERSON" and len(m.tokens) > 1 for m in group) else None
        label = label or labels.most_common(1)[0][0]
        name = _name_of(group)
        aliases = sorted({m.text for m in group if m.text.replace("’", "'") != name})
        spans = tuple(sorted({Span(m.article, m.start, m.end) for m in group}))
        entities.append(Entity(name, label, tuple(aliases), _roles(group), spans))
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    return entities


def entity_index(entities: list[Entity]) -> dict[tuple[str, int, int], Entity]:
    """Lookup of an entity by one of its mention spans `(article, start, end)`."""
    return {(s.article, s.start, s.end): e for e in entities for s in e.mentions}
