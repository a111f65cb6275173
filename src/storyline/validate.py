"""Check a brief against its contract: the JSON Schema, every citation exact, one claim each.

The schema says what the JSON looks like; `citation_errors` says what it
means: each cited span exists, quoted/claimed texts equal the characters
they point at, and a quote's text and variants are each one occurrence's
words; `contradiction_errors` that no statement counts a source that
contradicts it as support (cites two sides of one conflict), and no summary
sentence or timeline event cites a source that says otherwise than its words.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from storyline.model import Conflict, Json


@lru_cache(maxsize=1)
def schema() -> Json:
    text = resources.files("storyline").joinpath("schema/brief.schema.json").read_text("utf-8")
    return json.loads(text)


def schema_errors(result: Json) -> list[str]:
    """Every way `result` breaks the schema, as 'path: message' lines (empty when valid)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in sorted(validator.iter_errors(result), key=lambda e: list(e.absolute_path))
    ]


def _walk(node: Any, path: str = "") -> Iterator[tuple[str, Json]]:
    if isinstance(node, dict):
        if {"article", "start", "end"} <= node.keys():
            yield path, node
        for k, v in node.items():
            yield from _walk(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{path}/{i}")


def citation_errors(result: Json) -> list[str]:
    """Citations that point outside their article, or whose claimed text differs."""
    texts = {a["id"]: a["text"] for a in result["articles"]}
    errors = []
    for path, c in _walk(result["stories"], "stories"):
        text = texts.get(c["article"])
        if text is None:
            errors.append(f"{path}: cites unknown article {c['article']}")
            continue
        if not 0 <= c["start"] < c["end"] <= len(text):
            errors.append(
                f"{path}: span {c['start']}:{c['end']} outside article of {len(text)} chars"
            )
            continue
        claimed = c.get("text")
        if isinstance(claimed, str) and text[c["start"] : c["end"]] != claimed:
            errors.append(
                f"{path}: claims {claimed!r} but the span holds {text[c['start'] : c['end']]!r}"
            )
        if c.get("speaker_start") is not None:
            said = text[c["speaker_start"] : c["speaker_end"]]
            if said != c.get("speaker_text"):
                errors.append(f"{path}: speaker {c.get('speaker_text')!r} but span holds {said!r}")
    # items whose text is verbatim source text: it must equal every span they cite
    for si, story in enumerate(result["stories"]):
        for key in ("quantities", "dates", "summary", "timeline"):
            for i, item in enumerate(story.get(key, [])):
                # the first `verbatim` citations of a summary sentence or a timeline event
                # carry its words; the rest are sources saying it in their own words
                for c in item["citations"][: item.get("verbatim")]:
                    held = texts.get(c["article"], "")[c["start"] : c["end"]]
                    if held != item["text"]:
                        errors.append(
                            f"stories/{si}/{key}/{i}: text {item['text']!r} but {c['article']}"
                            f"[{c['start']}:{c['end']}] holds {held!r}"
                        )
        # a quote shows words one outlet printed: never pieces stitched together
        for i, q in enumerate(story.get("quotes", [])):
            printed = {o["text"] for o in q["occurrences"]}
            for shown in [q["text"], *q.get("variants", []), *q.get("passage", [])]:
                if shown not in printed:
                    errors.append(
                        f"stories/{si}/quotes/{i}: {shown!r} is the text of none of its occurrences"
                    )
        # an item says an article passes on another outlet's report only of one it cites
        items = [
            *(
                ("statements", i, st, st["citations"])
                for i, st in enumerate(story.get("statements", []))
            ),
            *(("quotes", i, q, q["occurrences"]) for i, q in enumerate(story.get("quotes", []))),
            *(
                (f"conflicts/{i}/sides", k, side, side["citations"])
                for i, c in enumerate(story.get("conflicts", []))
                for k, side in enumerate(c["sides"])
            ),
            *(
                (f"figures/{i}/values", k, v, v["citations"])
                for i, f in enumerate(story.get("figures", []))
                for k, v in enumerate(f["values"])
            ),
        ]
        for where, i, item, cites in items:
            cited = {c["article"] for c in cites}
            for r in item.get("relays", []):
                if r["article"] not in cited:
                    errors.append(
                        f"stories/{si}/{where}/{i}: relays {r['outlet']!r} through article"
                        f" {r['article']}, which it does not cite"
                    )
    return errors


def contradiction_errors(result: Json) -> list[str]:
    """Statements citing two sides of one conflict, and summary sentences or timeline
    events citing a source that says otherwise: a contradiction counted as support."""
    errors = []
    for si, story in enumerate(result["stories"]):
        # a name spelt two ways is no claim of its own (`Conflict.of_claims`)
        claims = [
            (ci, c)
            for ci, c in enumerate(story.get("conflicts", []))
            if Conflict.from_dict(c).of_claims
        ]
        for ti, st in enumerate(story.get("statements", [])):
            for ci, conflict in claims:
                sides: set[int] = set()
                for a in st["citations"]:
                    on = {
                        n
                        for n, side in enumerate(conflict["sides"])
                        if any(_overlap(a, b) for b in side["citations"])
                    }
                    if len(on) == 1:  # a sentence giving both values (an update) takes none
                        sides |= on
                if len(sides) >= 2:
                    errors.append(
                        f"stories/{si}/statements/{ti} cites sides {sorted(sides)} of "
                        f"stories/{si}/conflicts/{ci}: {st['text'][:80]!r}"
                    )
        errors += _dissent_errors(story, si)
    return errors


def _dissent_errors(story: Json, si: int) -> list[str]:
    """Summary sentences and timeline events citing, beyond the sources that carry them
    word for word, a source on another side of a conflict those words take a side in."""
    from storyline.model import spans_from_dicts

    conflicts = [Conflict.from_dict(c) for c in story.get("conflicts", [])]
    errors = []
    for part in ("summary", "timeline"):
        for i, item in enumerate(story.get(part, [])):
            cites = spans_from_dicts(item["citations"])
            n = item.get("verbatim", len(cites))
            for ci, conflict in enumerate(conflicts):
                wrong = sorted({c.article for c in cites[n:]} & conflict.dissent(cites[:n]))
                if wrong:
                    errors.append(
                        f"stories/{si}/{part}/{i} cites {wrong}, on another side of "
                        f"stories/{si}/conflicts/{ci}: {item['text'][:80]!r}"
                    )
    return errors


def _overlap(a: Json, b: Json) -> bool:
    return bool(a["article"] == b["article"] and a["start"] < b["end"] and b["start"] < a["end"])
