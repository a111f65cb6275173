"""Error codes: every message a person sees has a stable code, like spaCy's errors.py.

A bad article is data (a `Rejection` with one of these codes), not an exception.
Exceptions are for bad options; only the CLI and the server turn them into
exit codes or HTTP statuses.
"""

from __future__ import annotations

CODES = {
    # reading (E0xx): one file or record could not be used
    "E001": "file is empty",
    "E002": "file looks binary, not text",
    "E003": "file could not be decoded as text",
    "E004": "file is larger than the size limit",
    "E005": "HTML page has no article text that could be extracted",
    "E006": "JSON Lines record could not be parsed",
    "E007": "record has no text",
    "E008": "path does not exist",
    "E009": "file type is not supported",
    "E010": "gzip file is corrupt",
    "E011": "file could not be read",
    "E012": "article has too little text after cleaning",
    "E013": "same text as an article already read (kept once)",
    "E014": "article text is longer than the character limit",
    "E015": "not a regular file (a FIFO, socket or device)",
    "E016": "directory already read (a symlink loop or a second link to it)",
    "E017": "symlink leads nowhere (broken, or it loops)",
    "E018": "directory could not be listed",
    "E019": "JSON is nested too deeply",
    "E020": "article is not in a configured language",
    "E021": "metadata field has the wrong type",
    "E022": "published date is not a date or out of range",
    "E023": "url is not an http(s) address",
    "E024": "internal error reading this file",
    # options and usage (E1xx)
    "E101": "unknown option",
    "E102": "unknown stage name",
    "E103": "bad input value",
    "E104": "database error",
    "E105": "database is locked by another process (retryable)",
    "E106": "output file cannot be written there",
    "E107": "database directory does not exist",
    "E108": "time is not an ISO date/time or an age (2h, 3d)",
    "E109": "no stored story with this id",
    # processing one article (E2xx): read fine, but a later stage could not use it
    "E201": "article could not be parsed",
    "E202": "article is longer than the parser accepts",
    # optional extras (E4xx)
    "E401": "optional extra not installed",
}


class StorylineError(Exception):
    """An error with a stable code and a message that says what to do."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message


class Rejected(Exception):
    """One input that cannot be used, with its stable code; readers turn it into a `Rejection`."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
