"""Two of spaCy's rule components, computed over the doc's arrays: the same docs, less CPU.

In `en_core_web_sm` the attribute ruler and the lemmatizer are rules, not
models, yet they cost a sixth of a parse (py-spy over a cold brief of 300
PolNeAR texts: the ruler's `Matcher` 10% of the run's samples, the lemmatizer
6%). The ruler runs a `Matcher` of some 180 one- and two-token patterns over
every token, each `IN` or `REGEX` test a Python call per token; the
lemmatizer makes two `Token` objects and a morphology object per token to
look up a cache, and for a word it has not met scans lists of up to 57,528
words. Here the ruler's patterns are tested column by column over
`Doc.to_array` (numpy), giving the very matches, in the very order, its
`match` gives, and the ruler sets them as before; the lemmatizer looks its
cache up by the array's (word, part of speech, morphology) and asks spaCy's
own rules only for a combination it has not met, their word lists answering
from a set.

Exact by construction, and checked: `tests/test_fast_pipes.py` compares every
token attribute with stock spaCy's. Anything these functions do not know (a
pattern with an operator, another attribute, a lemmatizer of another mode)
leaves that component as spaCy made it.

    >>> nlp = speed_up(spacy.load("en_core_web_sm"))  # doctest: +SKIP
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.pipeline import Lemmatizer

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The token attributes the ruler's patterns may test, as `Doc.to_array` columns.
COLUMNS = ("TAG", "LOWER", "DEP", "IS_SPACE")

# One test of one token: (column, operator, value): "==" a string id, "IN" / "NOT_IN"
# an array of ids, "REGEX" a compiled expression searched in the string.
Test = tuple[int, str, Any]


def speed_up(nlp: Language) -> Language:
    """`nlp` with its attribute ruler and lemmatizer computed over arrays where they can be."""
    if "attribute_ruler" in nlp.pipe_names:
        ruler: Any = nlp.get_pipe("attribute_ruler")
        tests = ruler_tests(ruler)
        if tests is not None:
            ruler.match = _RulerMatch(nlp.vocab.strings, tests)
    if "lemmatizer" in nlp.pipe_names:
        lemmatizer: Any = nlp.get_pipe("lemmatizer")
        fast = ARRAY_CLASSES.get(type(lemmatizer))
        if fast is not None and lemmatizer.mode == "rule" and not lemmatizer.overwrite:
            lemmatizer.__class__ = fast  # the same object: the pipeline holds it
            lemmatizer.lemma_ids = {}
            index = lemmatizer.lookups.get_table("lemma_index", {})
            for pos in list(index):
                index[pos] = WordList(index[pos])
    return nlp


def ruler_tests(ruler: Any) -> list[tuple[int, int, list[list[Test]]]] | None:
    """The ruler's patterns as (rule number, match id, tests per token), in the order its
    rules were added; None where a pattern uses what these tests do not cover."""
    strings = ruler.vocab.strings

    def string_id(value: Any) -> int:
        if isinstance(value, bool):
            return int(value)
        return 0 if value == "" else int(strings.add(value))

    out = []
    for rule in range(len(ruler.attrs)):
        match_id = strings[str(rule)]
        found = ruler.matcher.get(match_id)
        if found is None:
            return None
        for pattern in found[1]:
            per_token: list[list[Test]] = []
            for token in pattern:
                tests: list[Test] = []
                for name, value in token.items():
                    if name not in COLUMNS:
                        return None  # ("OP", another attribute)
                    column = COLUMNS.index(name)
                    if not isinstance(value, dict):
                        tests.append((column, "==", np.uint64(string_id(value))))
                        continue
                    if len(value) != 1:
                        return None
                    ((op, arg),) = value.items()
                    if op in ("IN", "NOT_IN"):
                        ids = np.array([string_id(v) for v in arg], dtype=np.uint64)
                        tests.append((column, op, ids))
                    elif op == "REGEX" and name != "IS_SPACE":
                        tests.append((column, op, re.compile(arg)))
                    else:
                        return None
                per_token.append(tests)
            out.append((rule, int(match_id), per_token))
    return out


class _RulerMatch:
    """The attribute ruler's `match(doc)` over the doc's arrays: every (rule, match id,
    start, end) its `Matcher` finds, sorted as the ruler sorts them."""

    def __init__(self, strings: Any, tests: list[tuple[int, int, list[list[Test]]]]) -> None:
        self.strings = strings
        self.tests = tests

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        n = len(doc)
        values = doc.to_array(list(COLUMNS)).astype(np.uint64).reshape(n, len(COLUMNS))
        found: list[tuple[int, int, int, int]] = []
        for rule, match_id, per_token in self.tests:
            length = len(per_token)
            if n < length:
                continue
            ok = np.ones(n - length + 1, dtype=bool)
            for offset, tests in enumerate(per_token):
                for column, op, arg in tests:
                    ok &= self._holds(values[offset : n - length + 1 + offset, column], op, arg)
                if not ok.any():
                    break
            found.extend((rule, match_id, int(s), int(s) + length) for s in np.flatnonzero(ok))
        found.sort()
        return found

    def _holds(self, column: np.ndarray, op: str, arg: Any) -> np.ndarray:
        if op == "==":
            return np.asarray(column == arg)
        if op == "IN":
            return np.isin(column, arg)
        if op == "NOT_IN":
            return ~np.isin(column, arg)
        distinct, where = np.unique(column, return_inverse=True)  # REGEX, searched as spaCy does
        hits = np.array([bool(arg.search(self.strings[int(v)])) for v in distinct], dtype=bool)
        return hits[where.ravel()]


class WordList(list):
    """A list of words that answers `in` from a set.

    spaCy's rule lemmatizer asks whether each form it makes is in its index of
    words, a list of up to 57,528 nouns, scanned in full for a form that is not
    there: nine tenths of the lemmatizer's time (py-spy).
    """

    def __init__(self, words: Any) -> None:
        super().__init__(words)
        self.members = frozenset(self)

    def __contains__(self, word: object) -> bool:
        return word in self.members


class ArrayLemmas:
    """spaCy's rule lemmatizer, its lemma looked up by (word, part of speech, morphology).

    spaCy's rule lemmas depend on the token's text, part of speech and
    morphology only (its own cache is keyed by them), so one lemma per
    combination is the lemma of every token of it. A lemma already set (by the
    attribute ruler) stays, as the stock component leaves it.
    """

    lemma_ids: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        return lemmatize_doc(self, doc)


def lemmatize_doc(lemmatizer: Any, doc: Doc) -> Doc:
    """What `ArrayLemmas` does to a doc: `lemmatizer` is spaCy's, with a `lemma_ids` dict."""
    if not lemmatizer._validated:
        lemmatizer._validate_tables(Errors.E1004)
    try:
        values = doc.to_array([ORTH, POS, MORPH, LEMMA]).astype(np.uint64)
        lemmas = values[:, 3].copy()
        strings = lemmatizer.vocab.strings
        for i in np.flatnonzero(lemmas == 0):
            key = (int(values[i, 0]), int(values[i, 1]), int(values[i, 2]))
            lemma = lemmatizer.lemma_ids.get(key)
            if lemma is None:
                lemma = int(strings.add(lemmatizer.lemmatize(doc[int(i)])[0]))
                lemmatizer.lemma_ids[key] = lemma
            lemmas[i] = lemma
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))
    except Exception as e:  # as the stock component: its error handler decides
        lemmatizer.get_error_handler()(lemmatizer.name, lemmatizer, [doc], e)
    return doc


class ArrayLemmatizer(ArrayLemmas, Lemmatizer):
    """`Lemmatizer` with `ArrayLemmas`."""


class ArrayEnglishLemmatizer(ArrayLemmas, EnglishLemmatizer):
    """`EnglishLemmatizer` with `ArrayLemmas`."""


# The stock lemmatizer classes, and what `speed_up` makes of each.
ARRAY_CLASSES: dict[type, type] = {
    Lemmatizer: ArrayLemmatizer,
    EnglishLemmatizer: ArrayEnglishLemmatizer,
}
