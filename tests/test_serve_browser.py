"""The web app in a real browser: headless Debian chromium, driven over the DevTools
protocol on a pipe (`--remote-debugging-pipe`), loads the pages the server serves,
clicks a citation and reads what is on the screen.

Needs `/usr/bin/chromium` (Debian: `apt-get install -y chromium`); skipped,
saying so, where it is absent. Set STORYLINE_SCREENSHOTS=<dir> to keep the
screenshots (story list and story page at 1280 and 420 px) for a look.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.test_serve import FLOOD, TRAM, Served, served  # noqa: F401

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
    "--hide-scrollbars",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian's chromium is absent: apt-get update && apt-get install -y chromium",
    ),
]


class Browser:
    """One headless chromium and one tab, spoken to in DevTools protocol messages
    (JSON, each ended by a NUL byte) on file descriptors 3 (in) and 4 (out)."""

    def __init__(self, profile: Path) -> None:
        to_child, self._to_child = os.pipe()
        self._from_child, from_child = os.pipe()

        def wire() -> None:  # in the child, before exec
            a, b = os.dup(to_child), os.dup(from_child)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=wire,
        )
        os.close(to_child)
        os.close(from_child)
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Page.enable", session=True)

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._id:
                assert "error" not in reply, (method, reply["error"])
                return reply.get("result", {})
            self.events.append(reply)

    def _read(self, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_child], [], [], max(0, left))
            assert ready, "chromium did not answer within 60 s"
            chunk = os.read(self._from_child, 1 << 20)
            assert chunk, "chromium closed the pipe"
            self._buf += chunk
        line, self._buf = self._buf.split(b"\0", 1)
        return json.loads(line)

    def open(self, url: str, width: int = 1280, height: int = 1000) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.events.clear()
        self.call("Page.navigate", session=True, url=url)
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.events.append(self._read())

    def js(self, expression: str) -> Any:
        out = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        assert "exceptionDetails" not in out, out["exceptionDetails"]
        return out["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click at the middle of the first element `selector` finds."""
        box = self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            "e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            "return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.call(
                "Input.dispatchMouseEvent",
                session=True,
                type=kind,
                x=box[0],
                y=box[1],
                button="left",
                clickCount=1,
            )

    def screenshot(self, path: Path) -> bytes:
        png = base64.b64decode(
            self.call("Page.captureScreenshot", session=True, format="png")["data"]
        )
        path.write_bytes(png)
        return png

    def close(self) -> None:
        with contextlib.suppress(AssertionError, OSError):
            self.call("Browser.close")
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_child)
        os.close(self._from_child)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    b = Browser(tmp_path_factory.mktemp("chromium"))
    try:
        yield b
    finally:
        b.close()


def keep(png: Path) -> None:
    folder = os.environ.get("STORYLINE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(folder) / png.name)


def test_serve_browser_story_list(served: Served, browser: Browser) -> None:  # noqa: F811
    browser.open(served.url + "/")
    items = browser.js(
        "[...document.querySelectorAll('.story-item')].map(li => ["
        "li.querySelector('.story-title').innerText,"
        "li.querySelector('.story-meta').innerText.replace(/\\s+/g, ' ')])"
    )
    assert [t for t, _ in items] == [FLOOD[0]["title"], TRAM[0]["title"]]
    flood_meta, tram_meta = (m for _, m in items)
    assert "2026-04-02" in flood_meta and "4 sources" in flood_meta and "revision 2" in flood_meta
    assert "conflict" in flood_meta and "0 conflicts" in tram_meta and "2 sources" in tram_meta
    # search by entity from the page's own form
    browser.js(
        "document.querySelector('input[name=entity]').value = 'Petra Vogel';"
        "document.querySelector('form.search').submit()"
    )
    time.sleep(0.5)
    browser.events.clear()
    titles = browser.js("[...document.querySelectorAll('.story-title')].map(a => a.innerText)")
    assert titles == [TRAM[0]["title"]]


def test_serve_browser_citation_popup(served: Served, browser: Browser) -> None:  # noqa: F811
    browser.open(f"{served.url}/stories/{served.flood}")
    assert browser.js("document.documentElement.dataset.js") == "ready"
    hidden = browser.js("getComputedStyle(document.querySelector('.summary .cite .tip')).display")
    assert hidden == "none"
    browser.click(".summary .cite")
    shown = browser.js(
        "(() => { const c = document.querySelector('.cite.pinned'); const t = c.querySelector"
        "('.tip'); return [getComputedStyle(t).display, t.innerText, c.dataset.source]; })()"
    )
    display, text, number = shown
    assert display == "block"
    # the pop-up names the source and quotes exactly what the article says there
    doc = served.get(f"/api/stories/{served.flood}").json()
    arts = {a["id"]: a for a in doc["articles"]}
    aid = doc["story"]["articles"][int(number) - 1]
    first = doc["story"]["summary"][0]
    cite = next(c for c in first["citations"] if c["article"] == aid)
    assert arts[aid]["source"] in text
    assert arts[aid]["text"][cite["start"] : cite["end"]] in text


def test_serve_browser_figures_and_article(served: Served, browser: Browser) -> None:  # noqa: F811
    browser.open(f"{served.url}/stories/{served.flood}")
    rows = browser.js("[...document.querySelectorAll('.figures tbody tr')].map(r => r.innerText)")
    assert rows and any("120" in r and "150" in r for r in rows), rows
    assert browser.js("document.querySelectorAll('.coverage-svg rect.cell.on').length") >= 8
    # from the story to one article: its cited passages are highlighted
    browser.js("document.querySelector('.read a').click()")
    time.sleep(1.0)
    marks = browser.js("[...document.querySelectorAll('mark.cited')].map(m => m.innerText)")
    assert marks and any("Ilse Marten" in m or "bridge" in m for m in marks)
    back = browser.js("document.querySelector('.crumbs a:nth-of-type(2)').innerText")
    assert back == FLOOD[0]["title"]


@pytest.mark.parametrize("width", [1280, 420])
def test_serve_browser_screenshots(
    served: Served,  # noqa: F811
    browser: Browser,
    tmp_path: Path,
    width: int,
) -> None:
    browser.open(served.url + "/", width=width, height=900)
    room = browser.js("document.documentElement.clientWidth")
    assert browser.js("document.documentElement.scrollWidth") <= room  # nothing spills over
    png = browser.screenshot(tmp_path / f"serve-list-{width}.png")
    assert png.startswith(b"\x89PNG")
    keep(tmp_path / f"serve-list-{width}.png")
    browser.open(f"{served.url}/stories/{served.flood}?since={served.first_run}", width, 2600)
    browser.click(".summary .cite")
    browser.js("window.scrollTo(0, 0)")
    tip = browser.js("document.querySelector('.cite.pinned .tip').getBoundingClientRect().right")
    assert tip <= room  # the pop-up stays inside the window
    png = browser.screenshot(tmp_path / f"serve-story-{width}.png")
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    keep(tmp_path / f"serve-story-{width}.png")
