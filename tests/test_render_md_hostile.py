"""The Markdown report of hostile articles: rendered by a common renderer, nothing runs.

Article text and metadata are the user's input. A title `<img onerror=...>`, a
source named `[Evil](javascript:...)` or a body carrying `<script>` must come
out as the characters they are, whatever Markdown renderer a reader uses: here
markdown-it-py with raw HTML allowed (CommonMark's default), and the page it
makes opened in headless Chromium.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import storyline
from storyline.report.render import render
from storyline.report.render_md import code, md

markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py is a dev dependency")

PWN = "document.body.setAttribute('data-pwned','{}')"
BODY = (
    "The city council of Brindle voted on Tuesday to close the old river bridge for repairs "
    "after inspectors found cracks in two of its piers. "
    "Mayor Ana Ruiz said the bridge would stay shut for at least six weeks. "
    f"<script>{PWN.format('body')}</script> Traffic will be sent over the northern crossing. "
    f"[Click here](javascript:{PWN.format('link')}) for the detour map, officials said. "
    "Repairs are expected to cost about 4 million dollars, the council said."
)
HOSTILE = [
    {
        "text": BODY,
        "title": f'<img src=x onerror="{PWN.format("title")}">Bridge closed',
        "source": f"[Evil](javascript:{PWN.format('source')})",
        "url": "https://example.org/a`b",
        "published": "2026-03-10",
    },
    {
        "text": BODY.replace("at least six weeks", "at least two months"),
        "title": "Brindle shuts river bridge ![x](javascript:alert(1))",
        "source": "<b onmouseover=alert(1)>Brindle Post</b>",
        "published": "2026-03-10",
    },
]


@pytest.fixture(scope="module")
def report() -> str:
    result = storyline.brief(HOSTILE, cluster="single")
    return render(result, "md")


def to_html(text: str) -> str:
    return str(markdown_it.MarkdownIt("commonmark", {"html": True}).render(text))


def test_render_md_escapes_html_and_link_syntax() -> None:
    shown = md("<img src=x onerror=alert(1)> [a](javascript:x) *b* AT&T &amp;")
    html = to_html(shown)
    assert "<img" not in html and "<a " not in html and "<em>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "AT&amp;T &amp;amp;" in html  # shown as typed, "&amp;" included


def test_render_md_escapes_block_syntax_at_line_start() -> None:
    for line in ("# not a heading", "- not a list", "> not a quote", "1. not a list"):
        html = to_html(md(line))
        assert html.startswith("<p>"), (line, html)


def test_render_md_code_span_survives_backticks() -> None:
    html = to_html(code("https://example.org/a`b`"))
    assert html.strip() == "<p><code>https://example.org/a`b`</code></p>"


def test_render_md_hostile_articles_render_inert(report: str) -> None:
    html = to_html(report)
    assert not re.search(r"<(img|script|b)\b", html), html[:2000]
    assert "javascript:" not in "".join(re.findall(r'href="[^"]*"', html))
    assert "<a " not in html
    # what the user wrote is still there to read, as text
    assert "&lt;img src=x onerror=" in html
    assert "[Evil](javascript:" in html


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.browser
@pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is absent: apt-get update && apt-get install -y chromium",
)
def test_render_md_hostile_articles_run_nothing_in_chromium(report: str, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(f"<!doctype html><html><body>{to_html(report)}</body></html>", "utf-8")
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--virtual-time-budget=2000",
        "--dump-dom",
        page.as_uri(),
    ]
    dom = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stdout
    assert "<body" in dom
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert "Brindle" in dom


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://example.org/news/1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("https://example.org/a b", False),
        ("//example.org/x", False),
        ('https://example.org/"onmouseover=x', False),
    ],
)
def test_render_links_only_http_urls(url: str, linked: bool) -> None:
    from storyline.report.render import safe_url

    assert (safe_url(url) is not None) is linked
    result = {
        "articles": [{"id": "a1", "title": "T", "url": url, "path": None, "source": None}],
        "rejected": [],
        "stories": [{"id": "s", "title": "T", "articles": ["a1"]}],
    }
    page = to_html(render(result, "md"))
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs == ([url] if linked else []), hrefs
    html_hrefs = re.findall(r'href="([^"]*)"', render(result, "html"))
    assert all(h.startswith(("http://", "https://", "#")) for h in html_hrefs), html_hrefs
