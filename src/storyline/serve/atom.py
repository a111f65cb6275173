"""Atom 1.0 feeds (RFC 4287): a story's revisions, and the stories on a topic.

Written with the standard library's ElementTree, which escapes every text and
attribute; a feed reader gets well-formed XML whatever an article contains.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from xml.etree import ElementTree as ET

NS = "http://www.w3.org/2005/Atom"
ET.register_namespace("", NS)


@dataclass(frozen=True)
class Entry:
    """One feed entry; `updated` in any ISO 8601 form, `content` plain text."""

    id: str
    title: str
    updated: str
    link: str
    summary: str = ""
    content: str = ""


def timestamp(value: str | None) -> str:
    """An RFC 3339 date-time (Atom's date construct); a bare date is midnight UTC, and a
    time without zone is taken as UTC (the store writes UTC)."""
    if not value:
        return "1970-01-01T00:00:00Z"
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def feed(feed_id: str, title: str, self_url: str, page_url: str, entries: list[Entry]) -> bytes:
    """The feed as UTF-8 XML; its `updated` is the newest entry's."""
    root = ET.Element(f"{{{NS}}}feed")
    _text(root, "id", feed_id)
    _text(root, "title", title)
    stamps = [timestamp(e.updated) for e in entries]
    _text(root, "updated", max(stamps) if stamps else timestamp(None))
    author = ET.SubElement(root, f"{{{NS}}}author")
    _text(author, "name", "storyline")
    _text(root, "generator", "storyline")
    ET.SubElement(root, f"{{{NS}}}link", rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(root, f"{{{NS}}}link", rel="alternate", type="text/html", href=page_url)
    for e, stamp in zip(entries, stamps, strict=True):
        item = ET.SubElement(root, f"{{{NS}}}entry")
        _text(item, "id", e.id)
        _text(item, "title", e.title)
        _text(item, "updated", stamp)
        ET.SubElement(item, f"{{{NS}}}link", rel="alternate", type="text/html", href=e.link)
        if e.summary:
            _text(item, "summary", e.summary)
        if e.content:
            node = _text(item, "content", e.content)
            node.set("type", "text")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{NS}}}{tag}")
    node.text = _xml_safe(text)
    return node


def _xml_safe(text: str) -> str:
    """`text` without the characters XML 1.0 cannot carry (control characters)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or (" " <= ch <= "\ud7ff") or ch >= "\ue000")
