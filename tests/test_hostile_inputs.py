"""One directory of every hostile or unlucky input next to good articles, run as a user would.

`storyline brief` runs in a subprocess with a time limit: the good articles
come out exactly as they do alone, every bad input is listed with its reason
and code, the run exits 0, and its peak memory stays under 1 GB. The cases are
those a hostile or unlucky user gives (issue 14): empty, binary, oversized and
gzip-bombed files, malformed JSON Lines, JSON nested 100,000 deep, an article
over the character limit, FIFOs and devices, symlink loops, legacy encodings,
stray NUL bytes, another language, metadata of the wrong type, script in an
HTML title.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

GOOD = {
    "bridge.txt": (
        "River bridge in Brindle shut after cracks found\n\n"
        "The council of Brindle closed the old river bridge on Tuesday after inspectors "
        "found cracks in two of its piers. Mayor Ana Ruiz said the bridge would stay shut "
        "for at least six weeks while engineers assess the damage. Traffic is being sent "
        "over the northern crossing, which added about 20 minutes to morning commutes.\n\n"
        "“Nobody will drive over that bridge until we know it is safe,” Ruiz said.\n"
    ),
    "bridge2.txt": (
        "Brindle closes river bridge for six weeks\n\n"
        "Brindle's old river bridge was closed on Tuesday when inspectors found cracks in "
        "two piers, the city council said. Repairs will cost about 4 million dollars, "
        "according to council documents. Mayor Ana Ruiz told reporters the crossing would "
        "stay closed for at least six weeks.\n"
    ),
}
GOOD_JSONL = {
    "title": "Cracked piers close Brindle bridge",
    "source": "Valley Courier",
    "published": "2026-03-10",
    "text": (
        "Inspectors found cracks in two piers of Brindle's river bridge, and the council "
        "shut it on Tuesday. Mayor Ana Ruiz said it would remain closed for at least six "
        "weeks. Commuters face detours over the northern crossing."
    ),
}
SENTENCE = "The committee met again on a grey morning and talked about the harbour budget. "
GERMAN = (
    "Der Stadtrat von Brindle hat am Dienstag die alte Flussbrücke gesperrt, nachdem "
    "Prüfer Risse in zwei Pfeilern gefunden hatten. Die Bürgermeisterin sagte, die Brücke "
    "bleibe mindestens sechs Wochen geschlossen, während Ingenieure den Schaden prüfen."
)
LATIN1 = (
    "Flooding in São Paulo closes schools\n\n"
    "Heavy rain flooded streets across São Paulo on Monday, and the city closed 40 schools "
    "as a precaution, officials said. The mayor's office said the rain would ease by "
    "Wednesday, and that crews were clearing drains in the worst-hit districts.\n"
)


def write_corpus(root: Path) -> dict[str, str]:
    """Write good and bad inputs under `root`; returns {bad path: what it is}."""
    root.mkdir()
    for name, text in GOOD.items():
        (root / name).write_text(text, "utf-8")
    bad: dict[str, str] = {}

    def put(name: str, data: bytes, what: str) -> None:
        (root / name).write_bytes(data)
        bad[str(root / name)] = what

    put("empty.txt", b"", "empty")
    put("binary.txt", bytes(range(256)) * 40, "binary")
    put("big.txt", b"word " * 700_000, "over --max-bytes")
    put("bomb.txt.gz", gzip.compress(b"\0" * 30_000_000), "gzip bomb")
    put("nested.json", b"[" * 100_000 + b"]" * 100_000, "nested JSON")
    put("long.txt", (SENTENCE * 3_000).encode(), "over the character limit")
    put("german.txt", GERMAN.encode(), "German")
    put("cut.html", b"<html><head><title>Cut</title></head><body><p>Half a sen", "truncated HTML")
    # a JSON Lines file: one good record, one broken line, wrong metadata types
    lines = [
        json.dumps(GOOD_JSONL),
        "{not json",
        json.dumps({**GOOD_JSONL, "title": ["a", "b"], "text": GOOD["bridge.txt"][:400]}),
        json.dumps({**GOOD_JSONL, "published": "9999-12-31", "text": GOOD["bridge2.txt"]}),
    ]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    for n in (2, 3, 4):
        bad[f"{root / 'feed.jsonl'}:{n}"] = "bad JSON Lines record"
    os.mkfifo(root / "pipe.txt")
    bad[str(root / "pipe.txt")] = "FIFO in a directory"
    (root / "loop").mkdir()
    (root / "loop" / "again").symlink_to(root / "loop")
    bad[str(root / "loop" / "again")] = "directory symlink loop"
    (root / "self.txt").symlink_to(root / "self.txt")
    bad[str(root / "self.txt")] = "self-loop symlink"
    # text that must come out right, not rejected
    (root / "latin1.txt").write_bytes(LATIN1.encode("latin-1"))
    nul = ("Storm damage in Ottery\n\n" + SENTENCE * 120 + "\0tail of the article.\n").encode()
    (root / "nul.txt").write_bytes(nul)
    return bad


# Peak memory of the process this runs in (its own address space since it started:
# /proc's VmHWM; `ru_maxrss` of an exec'd child starts at its parent's peak on Linux, so
# the test process's own size would count) and of the workers it forked.
PEAK_PROBE = (
    "import resource, sys\n"
    "def _peak_kb():\n"
    "    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    try:\n"
    "        with open('/proc/self/status') as f:\n"
    "            own = next(int(ln.split()[1]) for ln in f if ln.startswith('VmHWM:'))\n"
    "    except (OSError, StopIteration, ValueError):\n"
    "        pass\n"
    "    return max(own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def _peak_of(done: subprocess.CompletedProcess[str]) -> int:
    peak = [ln for ln in done.stderr.splitlines() if ln.startswith("PEAK_KB ")]
    return int(peak[-1].split()[1]) * 1024 if peak else 0


def run_brief(*args: str, timeout: int = 600) -> tuple[subprocess.CompletedProcess[str], int]:
    """`storyline brief ARGS` in a subprocess; returns it and its peak memory in bytes."""
    code = PEAK_PROBE + (
        "from storyline.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:], standalone_mode=True)\n"
        "finally:\n"
        "    sys.stderr.write(f'\\nPEAK_KB {_peak_kb()}\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "brief", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return done, _peak_of(done)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], dict]:
    root = tmp_path_factory.mktemp("hostile") / "in"
    bad = write_corpus(root)
    args = [str(root), "/dev/zero", "/dev/urandom", str(root / "pipe.txt")]
    bad["/dev/zero"] = "device"
    bad["/dev/urandom"] = "device"
    done, peak = run_brief(*args, "--max-bytes", "3000000", "--format", "json", "-q")
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    result["_peak"] = peak
    return root, bad, result


def test_hostile_every_bad_input_listed_with_reason(hostile: tuple) -> None:
    root, bad, result = hostile
    rejected: dict[str, list[dict]] = {}
    for r in result["rejected"]:
        rejected.setdefault(r["path"], []).append(r)
        assert r["reason"] and r["code"].startswith("E"), r
    missing = {p: what for p, what in bad.items() if p not in rejected}
    assert not missing, f"not listed as rejected: {missing}; rejected: {sorted(rejected)}"
    # one entry per symlink loop, not one per level followed
    assert len(result["rejected"]) <= len(bad) + 3, [r["path"] for r in result["rejected"]]


def test_hostile_good_articles_unchanged(hostile: tuple, tmp_path: Path) -> None:
    root, _, result = hostile
    alone = tmp_path / "good"
    alone.mkdir()
    for name, text in GOOD.items():
        (alone / name).write_text(text, "utf-8")
    (alone / "feed.jsonl").write_text(json.dumps(GOOD_JSONL) + "\n", "utf-8")
    done, _ = run_brief(str(alone), "--format", "json", "-q")
    assert done.returncode == 0, done.stderr[-2000:]
    good = {a["id"]: a["text"] for a in json.loads(done.stdout)["articles"]}
    got = {a["id"]: a["text"] for a in result["articles"]}
    assert set(good) <= set(got)
    assert all(got[i] == t for i, t in good.items())
    stories = [s for s in result["stories"] if set(s["articles"]) & set(good)]
    assert len(stories) == 1 and set(good) <= set(stories[0]["articles"])


def test_hostile_text_decoded_right_and_cleaned(hostile: tuple) -> None:
    _, _, result = hostile
    texts = [a["text"] for a in result["articles"]]
    assert any("São Paulo" in t for t in texts), "latin-1 file decoded wrongly or lost"
    assert not any("\0" in t for t in texts)
    assert any("tail of the article." in t for t in texts)


def test_hostile_run_bounded_memory(hostile: tuple) -> None:
    _, _, result = hostile
    assert 0 < result["_peak"] < 1024**3, f"peak {result['_peak'] / 2**20:.0f} MB"


def test_hostile_output_valid_and_citations_exact(hostile: tuple) -> None:
    from storyline.validate import citation_errors, schema_errors

    _, _, result = hostile
    result = {k: v for k, v in result.items() if k != "_peak"}
    assert schema_errors(result) == []
    assert citation_errors(result) == []


def test_hostile_unreadable_directory_listed(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(GOOD["bridge.txt"], "utf-8")
    locked = root / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(GOOD["bridge2.txt"], "utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop root from listing a directory")
        done, _ = run_brief(str(root), "--format", "json", "-q")
    finally:
        locked.chmod(0o755)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert str(locked) in {r["path"] for r in result["rejected"]}
    assert len(result["articles"]) == 1


def test_hostile_peak_memory_probe_works() -> None:
    """The memory figure above is real: a child that allocates 200 MB reports it, and one
    that allocates nothing reports little however big the test process is (an exec'd
    child's `ru_maxrss` starts at its parent's peak: 1.3 GB once the tests had loaded
    two spaCy pipelines, for a brief of 0.3 GB)."""

    def child(code: str) -> int:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                PEAK_PROBE + code + "\nsys.stderr.write(f'PEAK_KB {_peak_kb()}')",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return _peak_of(done)

    assert child("b = bytearray(200 * 2**20); b[::4096] = b'x' * len(b[::4096])") >= 200 * 2**20
    big = bytearray(600 * 2**20)
    big[::4096] = b"x" * len(big[::4096])  # the test process now holds 600 MB more
    assert child("pass") < 150 * 2**20
    del big
