"""Bytes to text: UTF-8 first, another encoding only on strong evidence.

The order, and why:

1. UTF-8 (with or without a BOM), or UTF-16 with a BOM: what nearly every file is.
2. Nearly UTF-8: valid multi-byte sequences outnumber the invalid bytes. The
   invalid bytes become a visible U+FFFD; re-decoding the whole file as some
   legacy codepage would garble every curly quote instead ("TikTok‚Äôs").
3. For HTML, the page's declared charset (`<meta charset>` or http-equiv), when
   the bytes decode cleanly in it.
4. charset-normalizer's guess, only when it yields a non-Latin script (Cyrillic,
   Greek, CJK, ...) with little chaos: telling one Latin codepage from another
   by statistics is where it goes wrong ("São" read as cp1250 "Săo").
5. Windows-1252 (Latin-1 where cp1252 leaves a byte undefined): the legacy
   encoding of Western text.

Whatever is chosen, text full of control characters is binary, not text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from storyline.errors import Rejected

REPLACEMENT = "\ufffd"
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# control characters that are never text; tab, line feed and carriage return are, vertical
# tab and form feed break lines, and C1 characters are repaired (see `clean.CONTROLS`)
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.01
DECLARED = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})", re.I)
# labels that browsers read as windows-1252 (the WHATWG encoding standard)
WINDOWS_1252_LABELS = {"latin_1", "ascii", "cp1252"}


@dataclass(frozen=True)
class Decoded:
    """Text and how it was read: the codec's name and how many bytes became U+FFFD."""

    text: str
    encoding: str
    replaced: int = 0

    @property
    def label(self) -> str:
        """What a reader is told of the decoding: the codec, and any bytes replaced."""
        if not self.replaced:
            return self.encoding
        s = "" if self.replaced == 1 else "s"
        return f"{self.encoding}, {self.replaced} invalid byte{s} shown as U+FFFD"


def decode(data: bytes, html: bool = False) -> Decoded:
    """Bytes to text by the steps in the module docstring.

    Raises `Rejected`: E002 for binary data, E003 when no encoding fits.
    """
    head = data[:8192]
    if b"\x00" in head and not head.startswith(UTF16_BOMS):
        raise Rejected("E002", "file looks binary (it contains NUL bytes), not text")
    decoded = _decode(data, html)
    controls = len(CONTROL.findall(decoded.text))
    if controls > max(8, len(decoded.text) * MAX_CONTROL_SHARE):
        if decoded.encoding in ("utf-8", "utf-16"):
            raise Rejected(
                "E002",
                f"file looks binary ({controls:,} control characters in "
                f"{len(decoded.text):,}), not text",
            )
        raise Rejected(
            "E003",
            "file could not be decoded as text (not UTF-8, and no other encoding fits); "
            "save it as UTF-8",
        )
    return decoded


def _decode(data: bytes, html: bool) -> Decoded:
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    if data.startswith(UTF16_BOMS):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError:
            pass
    text = data.decode("utf-8", errors="replace")
    invalid = text.count(REPLACEMENT) - data.count(REPLACEMENT.encode())
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - invalid
    if multibyte >= invalid:
        return Decoded(text.removeprefix("\ufeff"), "utf-8", replaced=invalid)
    if html:
        declared = declared_charset(data)
        if declared:
            try:
                return Decoded(data.decode(declared), declared)
            except UnicodeDecodeError:
                pass
    guess = _non_latin_guess(data)
    if guess:
        return guess
    try:
        return Decoded(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1")


def declared_charset(data: bytes) -> str | None:
    """The codec an HTML page declares in its first 4 KB, None when none or unknown."""
    m = DECLARED.search(data[:4096])
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name.replace("-", "_")
    except (LookupError, UnicodeDecodeError):
        return None
    if name in WINDOWS_1252_LABELS or name == "iso8859_1":
        return "cp1252"
    return None if name.startswith("utf_8") else name


def _non_latin_guess(data: bytes) -> Decoded | None:
    """charset-normalizer's guess, when it reads as a non-Latin script with little chaos."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.chaos > 0.1:
        return None
    text = str(best)
    letters = [ch for ch in text if ord(ch) > 0x7F and ch.isalpha()]
    latin = sum(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)
    if not letters or latin > len(letters) / 2:
        return None
    return Decoded(text, best.encoding)
