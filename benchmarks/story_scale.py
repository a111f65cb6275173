"""CPU and memory of the per-story stages as one story grows: N PolNeAR articles in one story.

Each size runs `storyline.brief(paths, cluster="single")` in a process of its
own (so that the peak resident memory is that size's own) over the first N
texts of ../shared/data/polnear-dev (dev, then train, sorted by name). Reported
per N:

- cpu_s: CPU seconds of the whole brief (process time, not wall time: the
  machine may be shared), and per stage (`parse` and each per-story slot);
- peak_mb: peak resident memory above the resident memory when the per-story
  stages start (after parsing), in MB;
- digest: a hash of the sections the per-story cross-checking writes
  (statements, conflicts, figures, per_source, quotes), so that two runs of
  different code can be checked for identical output.

spaCy parses are kept in a cache folder (`--cache`, DocBin files keyed by the
articles' ids and the model), so a second run spends its time on the story,
not on parsing; the parse CPU is reported apart and is excluded from
`story_cpu_s`.

    .venv/bin/python benchmarks/story_scale.py [--sizes 10,30,100] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data" / "polnear-dev"
SECTIONS = ("statements", "conflicts", "figures", "per_source", "quotes")
Json = dict[str, Any]


def texts(n: int, data: Path = DATA) -> list[Path]:
    """The first `n` PolNeAR texts: dev, then train, each sorted by file name."""
    paths = [p for part in ("dev", "train") for p in sorted((data / part / "text").glob("*.txt"))]
    if len(paths) < n:
        raise SystemExit(f"{data} has {len(paths)} texts, fewer than the {n} asked for")
    return paths[:n]


def _rss_mb() -> float:
    """Resident memory now, in MB (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


@contextmanager
def timed_stages(
    cache: Path | None, cpu: dict[str, float], memory: dict[str, float] | None = None
) -> Iterator[None]:
    """While inside: parsing goes through the cache, and the CPU seconds of parsing and of
    each stage slot add up in `cpu` (and `memory` gets the RSS and peak after parsing)."""
    from storyline import stages
    from storyline.analyse import nlp

    real_parse = nlp.parse
    real_get = stages.get

    def parse(articles: Any, model: str = "en_core_web_sm", *args: Any, **kw: Any) -> Any:
        t0 = time.process_time()
        out = _cached_parse(real_parse, articles, model, cache)
        cpu["parse"] = cpu.get("parse", 0.0) + time.process_time() - t0
        if memory is not None:
            memory["base"] = _rss_mb()
            memory["peak_before"] = _peak_mb()
        return out

    def get(slot: str, name: str) -> Any:
        impl = real_get(slot, name)

        def timed(*args: Any, **kw: Any) -> Any:
            t0 = time.process_time()
            try:
                return impl(*args, **kw)
            finally:
                cpu[slot] = cpu.get(slot, 0.0) + time.process_time() - t0

        return timed

    from storyline.analyse.parse_pool import ParseAhead

    real_start = ParseAhead.start
    nlp.parse = parse  # type: ignore[assignment]
    stages.get = get  # type: ignore[assignment]
    ParseAhead.start = lambda self, articles: None  # type: ignore[method-assign]
    try:  # (every parse through `parse` above, none begun ahead of it)
        yield
    finally:
        nlp.parse, stages.get = real_parse, real_get  # type: ignore[assignment]
        ParseAhead.start = real_start  # type: ignore[method-assign]


def measure(n: int, cache: Path | None, data: Path = DATA, dump: Path | None = None) -> Json:
    """One story of `n` articles through `storyline.brief`, timed per stage (in this process)."""
    import storyline

    cpu: dict[str, float] = {}
    memory: dict[str, float] = {}
    with timed_stages(cache, cpu, memory):
        paths = [str(p) for p in texts(n, data)]
        t0 = time.process_time()
        out = storyline.brief(paths, cluster="single", quiet=True)
        total = time.process_time() - t0
    stories = out["stories"]
    section = {k: [s.get(k) for s in stories] for k in SECTIONS}
    digest = hashlib.sha256(json.dumps(section, sort_keys=True).encode()).hexdigest()[:16]
    if dump is not None:  # the sections themselves, to see where two digests differ
        dump.mkdir(parents=True, exist_ok=True)
        (dump / f"story-{n}.json").write_text(json.dumps(section, indent=1, sort_keys=True))
    peak = _peak_mb()
    return {
        "articles": n,
        "stories": len(stories),
        "cpu_s": round(total, 2),
        "story_cpu_s": round(total - cpu.get("parse", 0.0), 2),
        "peak_mb": round(max(0.0, peak - memory.get("base", 0.0)), 1),
        "peak_grew": peak > memory.get("peak_before", 0.0),
        "stages_cpu_s": {k: round(v, 2) for k, v in sorted(cpu.items(), key=lambda kv: -kv[1])},
        "statements": sum(len(s["statements"]) for s in stories),
        "conflicts": sum(len(s["conflicts"]) for s in stories),
        "digest": digest,
    }


def _cached_parse(real_parse: Any, articles: Any, model: str, cache: Path | None) -> Any:
    """`nlp.parse` on one process, its docs kept as a DocBin under `cache` for the next run."""
    from spacy.tokens import DocBin

    from storyline.analyse import nlp

    if cache is None:
        return real_parse(articles, model, processes=1)
    key = hashlib.sha256(("\n".join(a.id for a in articles) + model).encode()).hexdigest()[:16]
    path = cache / f"{key}.spacy"
    if path.exists():
        vocab = nlp.load(model).vocab
        docs = list(DocBin().from_disk(path).get_docs(vocab))
        if len(docs) == len(articles):
            return {a.id: d for a, d in zip(articles, docs, strict=True)}, {}
    docs, failed = real_parse(articles, model, processes=1)
    if not failed:
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=True, docs=[docs[a.id] for a in articles]).to_disk(path)
    return docs, failed


def add_text_options(ap: argparse.ArgumentParser) -> None:
    """`--data` (the PolNeAR folder) and `--cache` (cached parses), as the benchmarks over
    PolNeAR texts take them."""
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument(
        "--cache",
        type=Path,
        default=Path(os.environ.get("TMPDIR", "/tmp")) / "storyline-story-scale",
        help="folder for cached spaCy parses ('none': parse every time)",
    )


def texts_found(data: Path) -> bool:
    """Whether the PolNeAR texts are there; says so on stderr where they are not."""
    if (data / "dev" / "text").is_dir():
        return True
    print(f"no PolNeAR texts at {data} (../shared/data/polnear-dev)", file=sys.stderr)
    return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10,30,100", help="story sizes, comma-separated")
    add_text_options(ap)
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--dump", type=Path, help="write each size's compared sections here")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a single size, in this process
    args = ap.parse_args(argv)
    if not texts_found(args.data):
        return 2
    cache = None if str(args.cache) == "none" else args.cache
    if args.one is not None:
        print(json.dumps(measure(args.one, cache, args.data, args.dump)))
        return 0
    rows = []
    for n in (int(x) for x in args.sizes.split(",") if x.strip()):
        cmd = [sys.executable, __file__, "--one", str(n), "--data", str(args.data)]
        cmd += ["--cache", str(args.cache)] + (["--dump", str(args.dump)] if args.dump else [])
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stderr, file=sys.stderr)
            return done.returncode
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        if not args.json:
            _print_row(rows[-1])
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0


def _print_row(r: Json) -> None:
    top = ", ".join(f"{k} {v:.1f}" for k, v in list(r["stages_cpu_s"].items())[:6])
    print(
        f"N={r['articles']:>4}  CPU {r['cpu_s']:7.1f} s (story {r['story_cpu_s']:7.1f} s)  "
        f"peak +{r['peak_mb']:7.1f} MB  statements {r['statements']}  conflicts "
        f"{r['conflicts']}  digest {r['digest']}\n        {top}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
