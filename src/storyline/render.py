"""Output formats of a brief: json, md (html comes with the reports issue)."""

from __future__ import annotations

import json

from storyline.errors import StorylineError
from storyline.model import Json

FORMATS = ("json", "md")


def render(result: Json, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return render_md(result)
    raise StorylineError("E103", f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def render_md(result: Json) -> str:
    arts = {a["id"]: a for a in result["articles"]}
    out: list[str] = []
    for story in result["stories"]:
        out.append(f"# {story['title']}\n")
        if story.get("date"):
            out.append(f"*{story['date']}*\n")
        out.append("## Sources\n")
        for n, aid in enumerate(story["articles"], 1):
            a = arts[aid]
            bits = [a["title"] or aid]
            bits += [x for x in (a.get("source"), a.get("published"), a.get("path")) if x]
            out.append(f"{n}. " + " | ".join(bits))
        out.append("")
    if result["rejected"]:
        out.append("## Rejected inputs\n")
        out += [f"- `{r['path']}`: {r['reason']} ({r['code']})" for r in result["rejected"]]
        out.append("")
    return "\n".join(out)
