"""The language of an article's text, so that no text meets a model for another language.

Plain English prose is recognised cheaply by its function words ("the", "of",
"said", ...), which make up a third of it, or, in a text full of names, a fifth
of its words in lower case; only other text goes to py3langid (an offline naive
Bayes model shipped inside its package, loaded once on first use: 0.7 CPU-s,
which two English articles in 924 PolNeAR texts had cost every run they were
in). An article is rejected only on a confident detection over enough words: a
short or name-heavy English text must never be turned away.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_FUNCTION_WORDS = (
    "the of and to a in is was that for on it with as at by he she they said from his her "
    "be have has had are were an this which not but or will would who their its been after "
    "we i you there more than also about one into over when"
)
ENGLISH_WORDS = frozenset(_FUNCTION_WORDS.split())
ENGLISH_SHARE = 0.2  # English news runs at 0.3-0.45; German, French, Spanish below 0.08
MIN_CONFIDENCE = 0.9
MIN_WORDS = 20
SAMPLE_CHARS = 20_000
WORD = re.compile(r"[^\W\d_]+")

NAMES = {
    "ar": "Arabic",
    "bg": "Bulgarian",
    "ca": "Catalan",
    "cs": "Czech",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "hu": "Hungarian",
    "id": "Indonesian",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sr": "Serbian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
    "zh": "Chinese",
}


def english_share(words: list[str]) -> float:
    """Share of the words that are common English function words."""
    return sum(w in ENGLISH_WORDS for w in words) / len(words) if words else 0.0


def looks_english(sample: str) -> bool:
    """Are English function words at least `ENGLISH_SHARE` of the sample's words, or of
    its words in lower case (at least `MIN_WORDS` of them)? A list of names and titles
    ("Sen. Jeff Sessions (R-AL), former New York City Mayor Rudy Giuliani ...") dilutes
    the first share of English prose to 0.17, not the second (0.26); German, French,
    Spanish and Dutch prose stay under 0.06 by either."""
    words = WORD.findall(sample)
    if english_share([w.lower() for w in words]) >= ENGLISH_SHARE:
        return True
    lower = [w for w in words if w[0].islower()]
    return len(lower) >= MIN_WORDS and english_share(lower) >= ENGLISH_SHARE


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language."""
    sample = text[:SAMPLE_CHARS]
    return ("en", 1.0) if looks_english(sample) else _classify(sample)


def _classify(sample: str) -> tuple[str, float]:
    """py3langid's (code, probability), the model loaded on first use."""
    code, prob = _identifier().classify(sample)
    return str(code), float(prob)


def language_problem(text: str, languages: tuple[str, ...]) -> str | None:
    """Why the text cannot be read with the configured languages; None when it can.

    Only a confident detection over at least `MIN_WORDS` words rejects.
    """
    sample = text[:SAMPLE_CHARS]
    english = looks_english(sample)  # read once: it decides both tests below
    if "en" in languages and english:
        return None
    if len(WORD.findall(sample)) < MIN_WORDS:
        return None
    code, prob = ("en", 1.0) if english else _classify(sample)
    if code in languages or prob < MIN_CONFIDENCE:
        return None
    name = NAMES.get(code, code)
    allowed = ", ".join(f"{NAMES.get(c, c)} ({c})" for c in languages)
    return (
        f"article is in {name} ({code}, detected with probability {prob:.2f}); only {allowed} "
        "is configured, and a model for one language reads another one wrongly"
    )
