"""Names the sources spell differently: "Reince Preibus" in two outlets, "Reince Priebus" in one.

A reader who follows a story across outlets trusts the one that gets names
right; a misspelt name is also the surest sign of copy that nobody checked. Two
people of the story are taken for one person spelt two ways when they share a
first name (and suffix), their surnames are one slip apart (a letter changed,
added, dropped, or two neighbours swapped; both surnames four letters or more),
and no article uses both: an article that prints both is either telling two
people apart or slipping within itself, which is not a disagreement between
sources. The sides cite the mentions of the name in each spelling.

A name one source writes with an "s" more ("al-Assads forces") is a possessive
that lost its apostrophe, not another spelling; nor are hyphens, spaces, case or
accents a spelling ("Rami Abdel-Rahman" / "Rami Abdelrahman" in FA-KES).

Measured (each event or cluster as one story): the 50 BASIL dev events give one,
"Preibus" / "Priebus", which the gold lists as a doubtful conflict; the 100
neus-dev clusters none; 300 PolNeAR texts none ("Angela Corey" / "Angela Correy"
is one article spelling her both ways; of 300 in one story, "Michael McCaul" / "Michael
McFaul" were two people, now told apart by their descriptions: `_described_apart`);
the 42 FA-KES groups one, three
transliterations of one town that spaCy takes for a person ("Khan Sheikhoun" /
"Khan Sheikhun" / "Khan Shaikhoun"): true, and shown as spellings, not errors
(two conflicts, one per pair, until the spellings of a chain made one).
"""

from __future__ import annotations

import re
import unicodedata
from itertools import combinations

from spacy.lang.en.stop_words import STOP_WORDS

from storyline.analyse.entities import MIN_SURNAME, name_parts, one_slip
from storyline.context import StoryContext
from storyline.model import Conflict, ConflictSide, Entity
from storyline.unionfind import UnionFind


def name_conflicts(ctx: StoryContext) -> list[Conflict]:
    """One conflict per name spelt two or more ways, spread over sources.

    Spellings one slip apart are joined, and a chain of them ("Khan Sheikhoun" /
    "Khan Sheikhun" / "Khan Shaikhoun") is one conflict with a side per spelling,
    not one per pair; where one source prints two spellings of a chain, its pairs
    are shown apart as before.
    """
    by_first: dict[tuple[str, str], list[tuple[Entity, str]]] = {}
    for e in ctx.entities:
        if e.label == "PERSON" and len(e.name.split()) >= 2:
            first, surname, suffix = name_parts(e.name)
            if first and len(surname) >= MIN_SURNAME:
                by_first.setdefault((first, suffix), []).append((e, surname))
    order = {a.id: n for n, a in enumerate(ctx.articles)}
    out = []
    for people in by_first.values():
        # an article printing both spellings is of one source: sources alone tell them apart
        sources = [{ctx.source_of.get(m.article, m.article) for m in e.mentions} for e, _ in people]
        pairs = [
            (i, j)
            for i, j in combinations(range(len(people)), 2)
            if _spellings(people[i][1], people[j][1])
            and not sources[i] & sources[j]
            and not _described_apart(people[i][0], people[j][0])
        ]
        uf = UnionFind(len(people))
        for i, j in pairs:
            uf.union(i, j)
        groups: dict[int, list[int]] = {}
        for i in sorted({k for pair in pairs for k in pair}):
            groups.setdefault(uf.find(i), []).append(i)
        for members in groups.values():
            apart = all(not (sources[i] & sources[j]) for i, j in combinations(members, 2))
            for sides in [members] if apart else [[i, j] for i, j in pairs if i in members]:
                out.append(_conflict([(people[k][0], len(sources[k])) for k in sides], order))
    return out


def _described_apart(a: Entity, b: Entity) -> bool:
    """Are two people described as two: each with a description (`Entity.roles`), and no
    word of one in the other's? "Michael McCaul" ("Rep.", "R-TX") and "Michael McFaul"
    ("senior fellow at the Hoover Institution and a former United States ambassador to
    Russia") are two people one letter apart, while "Reince Preibus" ("chairman of the
    Wisconsin Republican Party") and "Reince Priebus" ("Wisconsin Republican Party
    Chairman") are one spelt two ways."""
    wa, wb = _role_words(a), _role_words(b)
    return bool(wa and wb) and not wa & wb


def _role_words(e: Entity) -> set[str]:
    """The words of a person's descriptions, stop words aside."""
    return {w for r in e.roles for w in re.findall(r"[a-z]+", r.lower())} - STOP_WORDS


def _spellings(surname_a: str, surname_b: str) -> bool:
    """Two surnames one slip apart that are not one spelling in two house styles."""
    if not one_slip(surname_a, surname_b):
        return False
    if surname_a + "s" == surname_b or surname_b + "s" == surname_a:
        return False  # "al-Assads forces": a possessive without its apostrophe
    # "Abdel-Rahman" / "Abdelrahman": a house style, not a spelling
    return _letters(surname_a) != _letters(surname_b)


def _conflict(people: list[tuple[Entity, int]], order: dict[str, int]) -> Conflict:
    """The name conflict of these spellings (each with its number of sources), most
    sources first; each side cites the mentions of its spelling."""
    sides = sorted(people, key=lambda s: -s[1])
    described = " vs ".join(f"{e.name} ({n_sources(n)})" for e, n in sides)
    return Conflict(
        "name",
        f"Sources spell a name differently: {described}",
        tuple(
            ConflictSide(
                e.name, tuple(sorted(e.mentions, key=lambda m: (order.get(m.article, 0), m.start)))
            )
            for e, _ in sides
        ),
    )


def _letters(name: str) -> str:
    """A name's letters alone: case, accents, hyphens, spaces and apostrophes set aside."""
    plain = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in plain if c.isalnum())


def n_sources(n: int) -> str:
    """ "1 source", "3 sources": how the conflicts count sources."""
    return f"{n} source" if n == 1 else f"{n} sources"
