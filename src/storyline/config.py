"""Options of a run: one frozen dataclass whose fields are the knobs.

Every stage slot is chosen by name (`cluster="tfidf"`, `dedup="none"`, ...), so
one stage can be swapped or switched off without touching the others. The
names each slot accepts are listed in `stages.REGISTRY`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from storyline.errors import StorylineError


@dataclass(frozen=True)
class Config:
    # storage
    db: str | None = None
    # reading
    max_bytes: int = 10_000_000
    # longest cleaned article text; spaCy's own limit is 1,000,000 and parse time and
    # memory grow fast well before it
    # cleaned characters per article: a 100,000-character article briefs in about 34 CPU-s
    # at 0.77 GB peak, a 200,000 one in 87 CPU-s at 1.09 GB (long news runs to ~30,000)
    max_chars: int = 100_000
    # languages an article may be in (ISO 639-1 codes); others are rejected
    languages: tuple[str, ...] = ("en",)
    # models
    spacy_model: str = "en_core_web_sm"
    embeddings: bool = False
    # stage slots, by name (see stages.REGISTRY)
    dedup: str = "minhash"
    cluster: str = "default"
    entities: str = "default"
    quotes: str = "default"
    quantities: str = "default"
    dates: str = "default"
    figures: str = "default"
    statements: str = "default"
    conflicts: str = "default"
    descriptions: str = "default"
    timeline: str = "default"
    summary: str = "default"
    per_source: str = "default"
    # processes for the per-story stages: 0 chooses (both cores on big runs), 1 is one
    # process; the output is the same either way
    workers: int = 0
    # a Ray cluster to run on (`scale/ray_runner.py`): "local" starts one for the run,
    # HOST:PORT (or "auto") connects to one; None runs here
    ray: str | None = None
    # knobs
    dedup_threshold: float = 0.7
    summary_sentences: int = 5
    summary_words: int | None = None
    seed: int = 1
    # presentation
    quiet: bool = True

    def __post_init__(self) -> None:
        # "en,de" from a command line, or a list from Python, as a tuple of codes
        langs = self.languages
        if isinstance(langs, str):
            langs = tuple(langs.split(","))
        object.__setattr__(self, "languages", tuple(c.strip().lower() for c in langs if c.strip()))

    @classmethod
    def from_options(cls, **options: Any) -> Config:
        """Build a Config from keyword options, naming any option it does not know."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(options) - known)
        if unknown:
            raise StorylineError(
                "E101",
                f"unknown option(s) {', '.join(unknown)}; "
                f"known options: {', '.join(sorted(known))}",
            )
        return replace(cls(), **options)
