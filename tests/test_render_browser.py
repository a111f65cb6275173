"""The HTML report in a real browser: headless Debian chromium runs its script and draws it.

Needs `/usr/bin/chromium` (Debian: `apt-get install -y chromium`); skipped,
saying so, where it is absent. Set STORYLINE_SCREENSHOTS=<dir> to keep the
screenshots for a look.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html import escape
from pathlib import Path

import pytest
from tests.test_render import build_brief

from storyline.model import Json
from storyline.report.render import render

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CLICK_FIRST_CITE = "<script>document.querySelector('.cite').click();</script></body>"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian's chromium is absent: apt-get update && apt-get install -y chromium",
    ),
]


def chromium(tmp: Path, page: Path, *args: str) -> str:
    profile = tmp / "profile"
    profile.mkdir(exist_ok=True)
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def shown(text: str, dom: str) -> bool:
    """Whether a cited sentence is on the page: its last word is glued to its markers."""
    head, _, last = text.rpartition(" ")
    glued = f'<span class="glue">{escape(last, quote=False)}<span class="cites">'
    return escape(head, quote=False) in dom and glued in dom


def dump(tmp: Path, html: str, name: str, *args: str) -> str:
    page = tmp / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    return chromium(tmp, page, *args, "--dump-dom")


def screenshot(tmp: Path, html: str, name: str) -> bytes:
    page = tmp / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    png = tmp / f"{name}.png"
    chromium(tmp, page, "--window-size=1200,2200", "--hide-scrollbars", f"--screenshot={png}")
    keep = os.environ.get("STORYLINE_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(keep) / png.name)
    return png.read_bytes()


@pytest.fixture(scope="module")
def brief() -> Json:
    return build_brief()


def test_render_browser_page_shows_every_section(brief: Json, tmp_path: Path) -> None:
    dom = dump(tmp_path, render(brief, "html"), "synthetic")
    assert 'data-js="ready"' in dom  # the inline script ran
    story = brief["stories"][0]
    for s in story["summary"]:
        assert shown(s["text"], dom)
    assert dom.count("<tr>") == 1 + len(story["conflicts"])  # header + one row per conflict
    assert "5 million" in dom and "Mara Holt" in dom
    assert 'class="coverage-svg"' in dom and 'class="timeline-svg"' in dom
    assert dom.count('class="cell on"') == 4


def test_render_browser_click_pins_a_citation(brief: Json, tmp_path: Path) -> None:
    html = render(brief, "html").replace("</body>", CLICK_FIRST_CITE, 1)
    dom = dump(tmp_path, html, "clicked")
    assert dom.count('class="cite pinned"') == 1


def test_render_browser_screenshot(brief: Json, tmp_path: Path) -> None:
    html = render(brief, "html").replace("</body>", CLICK_FIRST_CITE, 1)
    png = screenshot(tmp_path, html, "synthetic")
    assert png.startswith(b"\x89PNG") and len(png) > 20_000


def test_render_browser_seeds(seeds_brief: Json, tmp_path: Path) -> None:
    dom = dump(tmp_path, render(seeds_brief, "html"), "seeds")
    story = seeds_brief["stories"][0]
    assert story["summary"]
    for s in story["summary"]:
        assert shown(s["text"], dom)
    assert f"<h1>{escape(story['title'], quote=False)}</h1>" in dom
    if story["statements"]:
        assert 'class="coverage-svg"' in dom
    if story["timeline"]:
        assert 'class="timeline-svg"' in dom
    png = screenshot(tmp_path, render(seeds_brief, "html"), "seeds")
    assert png.startswith(b"\x89PNG")


# After layout, count the markers that start a line of their own: the top of a
# sentence's markers lies below the bottom of the last character before them
# (the sentence's, or its "n sources" badge's).
COUNT_STRANDED = """<script>
let stranded = 0, checked = 0;
for (const cites of document.querySelectorAll('.summary .cites, li .cites')) {
  const walker = document.createTreeWalker(cites.closest('p, li'), NodeFilter.SHOW_TEXT);
  let last = null;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (cites.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING) break;
    if (n.parentElement.closest('.cites')) continue;  // earlier markers and their pop-ups
    if (n.textContent.trim()) last = n;
  }
  if (!last) continue;
  const r = document.createRange();
  const end = last.textContent.trimEnd().length;
  r.setStart(last, end - 1); r.setEnd(last, end);
  const word = r.getBoundingClientRect(), mark = cites.getBoundingClientRect();
  checked += 1;
  if (mark.top >= word.bottom - 1) stranded += 1;
}
document.body.dataset.checked = checked;
document.body.dataset.stranded = stranded;
</script></body>"""


@pytest.mark.parametrize("width", [360, 480, 640, 900])
def test_render_browser_markers_stay_with_their_sentence(
    seeds_brief: Json, tmp_path: Path, width: int
) -> None:
    html = render(seeds_brief, "html").replace("</body>", COUNT_STRANDED, 1)
    dom = dump(tmp_path, html, f"narrow{width}", f"--window-size={width},2000")
    story = seeds_brief["stories"][0]
    checked = int(re.search(r'data-checked="(\d+)"', dom).group(1))  # type: ignore[union-attr]
    # the summary, the timeline, the key statements and the quotes all carry markers
    assert checked > len(story["summary"]) + len(story["timeline"]) + len(story["quotes"])
    assert 'data-stranded="0"' in dom


# Click every citation in turn and measure its popup: none may leave the window.
MEASURE_POPUPS = """<script>
let worst = 0, n = 0;
const room = document.documentElement.clientWidth;
for (const cite of document.querySelectorAll('.cite')) {
  cite.click();
  const r = cite.querySelector('.tip').getBoundingClientRect();
  if (r.width) { n++; worst = Math.max(worst, r.right - room, -r.left); }
  cite.click();
}
const grid = document.querySelector('.coverage-svg rect:last-of-type');
const cells = [...document.querySelectorAll('.coverage-svg rect')].map(
  r => r.getBoundingClientRect().right);
document.body.setAttribute('data-popups', n);
document.body.setAttribute('data-overflow', Math.ceil(worst));
document.body.setAttribute('data-grid-right', Math.ceil(Math.max(...cells)));
document.body.setAttribute('data-room', room);
</script></body>"""


@pytest.mark.parametrize("width", [1280, 420])
def test_render_browser_popups_and_matrix_fit_the_window(
    seeds_brief: Json, tmp_path: Path, width: int
) -> None:
    html = render(seeds_brief, "html").replace("</body>", MEASURE_POPUPS, 1)
    dom = dump(tmp_path, html, f"fit{width}", f"--window-size={width},1000")
    attrs = dict(re.findall(r'data-([a-z-]+)="(-?\d+)"', dom.split("<body", 1)[1].split(">")[0]))
    assert int(attrs["popups"]) > 10
    assert int(attrs["overflow"]) <= 0, attrs  # no popup runs past either edge
    assert int(attrs["grid-right"]) <= int(attrs["room"]), attrs  # the matrix's cells show
    story = seeds_brief["stories"][0]
    listed = min(len(story["statements"]), 12)
    sources = len(story["articles"])
    assert dom.count('class="cell on"') + dom.count('class="cell"') == listed * sources
