"""Throughput of whole briefs, cold and warm, next to spaCy alone over the same texts.

For each size N (the first N PolNeAR texts of ../shared/data/polnear-dev, dev then
train, as `story_scale.py` reads them), in one run, each measured in a process of
its own:

- spacy: `en_core_web_sm` as spaCy ships it (`nlp.load(stock=True)`: not
  storyline's rule components over arrays, `analyse/fast_pipes.py`) loaded and
  run by `nlp.pipe` over the articles' cleaned texts (read and cleaned by
  storyline first, outside the timing), in as many processes as storyline
  parses with; what any pipeline built on stock spaCy pays;
- cold: `storyline brief PATHS --db FILE` into a new store (read, clean, parse,
  cluster, every per-story stage, store);
- warm: the same command again over the same store (parses and stories read
  back; nothing new to store);
- one core (`--one-core`, Linux): the cold command again into another new
  store, pinned to one CPU (its affinity set before it starts, so storyline
  sees one usable core and parses and builds in one process): the wall time
  both cores are measured against.

Per run: CPU seconds (user + system of the process and its children: the
machine may be shared, so CPU is the figure to compare) and wall seconds; the
ratios cold / spacy and cold / warm (and, with --one-core, the cold wall on all
cores over the cold wall on one); whether the warm (and one-core) JSON equals
the cold.

On a shared machine one round's ratio swings by 0.3x and more (the spaCy run and
the cold run meet different loads); `--rounds N` measures each size N times,
the spaCy and cold runs of a round back to back, and reports each ratio's
median and range over the rounds.

    .venv/bin/python benchmarks/throughput.py [--sizes 100,300,900] [--rounds 3] [--one-core]
        [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from story_scale import DATA, texts  # noqa: E402

Json = dict[str, Any]

SPACY_ALONE = """
import sys, time
from storyline.config import Config
from storyline.ingest.readers import read_inputs
from storyline.analyse import nlp
paths = sys.argv[1:]
articles, _ = read_inputs(paths, Config())
texts = [a.text for a in articles]
import resource
t0 = resource.getrusage(resource.RUSAGE_SELF)
c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
w0 = time.perf_counter()
model = nlp.load(stock=True)
procs = nlp.n_process() if len(texts) >= nlp.POOL_FROM else 1
n = sum(1 for _ in model.pipe(texts, batch_size=nlp.BATCH, n_process=procs))
t1 = resource.getrusage(resource.RUSAGE_SELF)
c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = sum(getattr(b, f) - getattr(a, f) for a, b in ((t0, t1), (c0, c1))
          for f in ("ru_utime", "ru_stime"))
print(cpu, time.perf_counter() - w0, n)
"""


def _timed(
    cmd: list[str], one_core: bool = False
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """CPU seconds (the command and its children) and wall seconds of one command;
    with `one_core`, the command pinned to the first CPU this process may use."""
    pin = None
    if one_core:
        cpu0 = min(os.sched_getaffinity(0))
        pin = lambda: os.sched_setaffinity(0, {cpu0})  # noqa: E731
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    w0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, preexec_fn=pin)
    wall = time.perf_counter() - w0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} ... failed:\n{done.stderr[-2000:]}")
    return cpu, wall, done


def measure(n: int, data: Path = DATA, one_core: bool = False) -> Json:
    """Spacy alone, a cold brief and a warm brief over the first `n` texts (and with
    `one_core`, a cold brief on one CPU)."""
    paths = [str(p) for p in texts(n, data)]
    row: Json = {"articles": n}
    # spaCy's own CPU (the reading before it is not counted: the script times itself)
    done = subprocess.run(
        [sys.executable, "-c", SPACY_ALONE, *paths], capture_output=True, text=True, check=True
    )
    cpu, wall, _ = (float(x) for x in done.stdout.split())
    row["spacy"] = {"cpu_s": round(cpu, 1), "wall_s": round(wall, 1)}
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "store.sqlite")
        outs = []
        for run in ("cold", "warm"):
            out = Path(tmp) / f"{run}.json"
            cmd = [sys.executable, "-m", "storyline.cli", "brief", *paths, "--db", db, "-q"]
            cpu, wall, _ = _timed([*cmd, "-o", str(out)])
            row[run] = {"cpu_s": round(cpu, 1), "wall_s": round(wall, 1)}
            outs.append(out.read_bytes())
        if one_core:
            out = Path(tmp) / "one.json"
            cmd = [sys.executable, "-m", "storyline.cli", "brief", *paths, "-q", "-o", str(out)]
            cpu, wall, _ = _timed([*cmd, "--db", str(Path(tmp) / "one.sqlite")], one_core=True)
            row["one_core"] = {"cpu_s": round(cpu, 1), "wall_s": round(wall, 1)}
            row["wall_all_over_one_core"] = round(row["cold"]["wall_s"] / wall, 2)
            row["one_core_output_same"] = out.read_bytes() == outs[0]
    row["cold_over_spacy_cpu"] = round(row["cold"]["cpu_s"] / row["spacy"]["cpu_s"], 2)
    row["cold_over_warm_cpu"] = round(row["cold"]["cpu_s"] / row["warm"]["cpu_s"], 2)
    row["warm_output_same"] = outs[0] == outs[1]
    return row


RATIOS = ("cold_over_spacy_cpu", "cold_over_warm_cpu", "wall_all_over_one_core")


def summary(rounds: list[Json]) -> Json:
    """Median, least and most of each ratio over the rounds of one size."""
    out: Json = {"articles": rounds[0]["articles"], "rounds": len(rounds)}
    for key in RATIOS:
        got = [r[key] for r in rounds if key in r]
        if got:
            med = round(statistics.median(got), 2)
            out[key] = {"median": med, "min": min(got), "max": max(got)}
    out["outputs_same"] = all(
        r["warm_output_same"] and r.get("one_core_output_same", True) for r in rounds
    )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100,300,900")
    ap.add_argument("--rounds", type=int, default=1, help="measure each size this many times")
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--one-core", action="store_true", help="also a cold run pinned to one CPU (Linux)"
    )
    args = ap.parse_args(argv)
    if args.one_core and not hasattr(os, "sched_setaffinity"):
        raise SystemExit("--one-core needs os.sched_setaffinity (Linux)")
    rows = []
    summaries = []
    for n in (int(s) for s in args.sizes.split(",")):
        for _ in range(args.rounds):
            rows.append(measure(n, one_core=args.one_core))
            if not args.json:
                _print_round(rows[-1])
        summaries.append(summary(rows[-args.rounds :]))
        if not args.json and args.rounds > 1:
            m = summaries[-1]
            print(
                f"{n:5d} articles, median of {args.rounds} rounds: "
                + "  ".join(
                    f"{k} {m[k]['median']}x ({m[k]['min']}-{m[k]['max']})" for k in RATIOS if k in m
                )
                + f"  outputs same: {m['outputs_same']}",
                flush=True,
            )
    if args.json:
        print(json.dumps({"cpus": os.cpu_count(), "rows": rows, "summary": summaries}, indent=2))
    return 0


def _print_round(r: Json) -> None:
    """One round of one size, as a line (and the one-core line)."""
    n = r["articles"]
    print(
        f"{n:5d} articles  spaCy alone {r['spacy']['cpu_s']:7.1f} CPU-s"
        f" ({r['spacy']['wall_s']:.1f} s wall)  cold {r['cold']['cpu_s']:7.1f}"
        f" ({r['cold']['wall_s']:.1f})  warm {r['warm']['cpu_s']:6.1f}"
        f" ({r['warm']['wall_s']:.1f})  cold/spaCy {r['cold_over_spacy_cpu']}x"
        f"  cold/warm {r['cold_over_warm_cpu']}x"
        f"  warm output same: {r['warm_output_same']}",
        flush=True,
    )
    if "one_core" in r:
        print(
            f"{'':5s}           one core: cold {r['one_core']['cpu_s']:7.1f} CPU-s"
            f" ({r['one_core']['wall_s']:.1f} s wall)  wall on all cores / one core"
            f" {r['wall_all_over_one_core']}x  output same: {r['one_core_output_same']}",
            flush=True,
        )


if __name__ == "__main__":
    raise SystemExit(main())
