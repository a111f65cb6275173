"""The README shows what its second command prints: the example's report, first sections."""

from __future__ import annotations

import re
from pathlib import Path

import storyline
from storyline.api import render

ROOT = Path(__file__).resolve().parents[1]


def test_readme_example_output_is_what_the_command_prints() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    shown = re.search(r"````markdown\n(.*?)\n````", readme, re.S)
    assert shown, "the README shows the example's report in a ````markdown block"
    printed = render(storyline.brief([str(ROOT / "examples" / "harbour-strike")]), "md")
    assert printed.startswith(shown.group(1)), "README example out of date: run the command"
