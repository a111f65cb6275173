"""The same articles through `storyline brief` locally and on a local 2-CPU Ray runtime.

Both runs go through the command line in processes of their own, one after
the other, over the first N PolNeAR texts of ../shared/data/polnear-dev (dev,
then train, sorted by name): `storyline brief PATHS --format json` and the
same with `--ray` (no address: the run starts a Ray runtime on this machine's
CPUs, on 127.0.0.1, and stops it after). Reported per run:

- wall_s: wall time of the command;
- cpu_s: CPU seconds of every process of the run (the command and all it
  started: parse workers, or Ray's GCS, raylet, actors and task workers),
  summed from /proc every 0.2 s over the process tree, each process's last
  reading (Ray's processes are not all reaped by the command, so its own
  rusage would miss them);
- rusage_cpu_s: the command's CPU as its parent sees it (children reaped);

and whether the two JSON outputs are byte-identical, with Ray's overhead as
ratios (Ray / local) of CPU and wall. On a shared machine, CPU is the figure
to compare; wall times depend on what else runs.

With `--db` each run keeps a store of its own (a new SQLite file), and runs
twice: cold (an empty store) and warm (the same inputs again: every story is
read back from the store, nothing parsed). Reported besides: whether the warm
JSON is the cold one, and whether the two stores hold the same stories,
revisions and remembered builds.

    .venv/bin/python benchmarks/ray_scale.py [-n 300] [--db] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from story_scale import texts  # noqa: E402  (the same first N PolNeAR texts)

TICK = os.sysconf("SC_CLK_TCK")
Json = dict[str, Any]


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds so far) of a process, from /proc; None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()  # after "pid (name) "
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


class TreeCPU:
    """CPU seconds of a process and all its descendants, sampled from /proc."""

    def __init__(self, root: int, every: float = 0.2) -> None:
        self.root, self.every = root, every
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.every)

    def sample(self) -> None:
        seen: dict[int, tuple[int, float]] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                got = _stat(int(entry.name))
                if got:
                    seen[int(entry.name)] = got
        mine = {self.root} | set(self.cpu)  # a process stays ours once seen in the tree
        grew = True
        while grew:
            more = {pid for pid, (ppid, _) in seen.items() if ppid in mine and pid not in mine}
            mine |= more
            grew = bool(more)
        for pid in mine:
            if pid in seen:
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), seen[pid][1])

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return sum(self.cpu.values())


def run_brief(paths: list[Path], out: Path, extra: list[str]) -> Json:
    """One `storyline brief` command, timed; its JSON written to `out`."""
    cmd = [sys.executable, "-m", "storyline.cli", "brief", *map(str, paths)]
    cmd += ["--format", "json", "-q", "-o", str(out), *extra]
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True)
    tree = TreeCPU(proc.pid)
    _, err = proc.communicate()
    wall = time.monotonic() - t0
    cpu = tree.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:5])} ... failed ({proc.returncode}):\n{err[-3000:]}")
    rusage = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return {
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "rusage_cpu_s": round(rusage, 1),
        "processes": len(tree.cpu),
    }


def measure(n: int, db: bool = False) -> Json:
    paths = texts(n)
    out: Json = {}
    briefs: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, extra in (("local", []), ("ray", ["--ray"])):
            store = ["--db", str(Path(tmp) / f"{name}.db")] if db else []
            cold = Path(tmp) / f"{name}.json"
            out[name] = run_brief(paths, cold, [*extra, *store])
            briefs[name] = cold.read_bytes()
            if db:
                warm = Path(tmp) / f"{name}-warm.json"
                out[name + "_warm"] = run_brief(paths, warm, [*extra, *store])
                out[name + "_warm"]["identical_to_cold"] = warm.read_bytes() == briefs[name]
                out[name + "_store"] = stored(store[1])
    a, b = briefs["local"], briefs["ray"]
    brief = json.loads(a)
    local, ray = out["local"], out["ray"]
    result: Json = {
        "articles": len(brief["articles"]),
        "stories": len(brief["stories"]),
        "identical": a == b,
        "sha256": hashlib.sha256(a).hexdigest()[:16],
        **out,
        "ray_over_local_cpu": round(ray["cpu_s"] / max(local["cpu_s"], 1e-9), 2),
        "ray_over_local_wall": round(ray["wall_s"] / max(local["wall_s"], 1e-9), 2),
    }
    if db:
        result["same_store"] = out["local_store"] == out["ray_store"]
    return result


def stored(db: str) -> Json:
    """What a store holds of a brief, as counts and one digest: members, revisions, builds."""
    import sqlite3

    conn = sqlite3.connect(db)
    h = hashlib.sha256()
    counts = {}
    for table, cols in (
        ("story_members", "article_id, story_id"),
        ("story_revisions", "story_id, revision, digest, article_ids"),
        ("meta", "key, value"),
        ("docs", "article_id, model"),
    ):
        rows = conn.execute(f"SELECT {cols} FROM {table} ORDER BY {cols}").fetchall()
        counts[table] = len(rows)
        h.update(repr(rows).encode())
    conn.close()
    return {**counts, "sha256": h.hexdigest()[:16]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=300, help="PolNeAR texts (924 in all)")
    parser.add_argument("--db", action="store_true", help="with a store: cold, then warm")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    r = measure(args.n, args.db)
    ok = r["identical"]
    if args.db:
        ok = ok and r["same_store"]
        ok = ok and r["local_warm"]["identical_to_cold"] and r["ray_warm"]["identical_to_cold"]
    if args.json:
        print(json.dumps(r, indent=2))
        return 0 if ok else 1
    print(f"{args.n} PolNeAR texts: {r['articles']} articles, {r['stories']} stories")
    print(f"{'run':<12}{'wall s':>9}{'CPU s':>9}{'rusage CPU s':>14}{'processes':>11}")
    for name in ("local", "ray", "local_warm", "ray_warm"):
        if name in r:
            m = r[name]
            row = f"{m['wall_s']:>9}{m['cpu_s']:>9}{m['rusage_cpu_s']:>14}{m['processes']:>11}"
            print(f"{name:<12}{row}")
    print(
        f"Ray / local: CPU {r['ray_over_local_cpu']}x, wall {r['ray_over_local_wall']}x; "
        f"JSON byte-identical: {r['identical']} (sha256 {r['sha256']})"
    )
    if args.db:
        print(
            f"warm JSON = cold: local {r['local_warm']['identical_to_cold']},"
            f" Ray {r['ray_warm']['identical_to_cold']}; same store: {r['same_store']}"
            f" ({r['ray_store']})"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
