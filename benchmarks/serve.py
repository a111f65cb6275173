"""`storyline serve` under concurrent load on loopback: requests/s, p50/p99 latency, errors.

    python benchmarks/serve.py                      # BASIL dev, 10,000 articles' worth
    python benchmarks/serve.py --articles 2000 --duration 10

How the store is made (said in the output too): a real `storyline brief --db`
over a data set of real articles (BASIL dev: 150 articles, 50 stories), then
its stories replicated under new story and article ids (the articles' text,
the story JSON and the change log copied, every citation pointing at the
copy) until the store holds `--articles` articles. A real 10,000-article
brief takes hours on this 2-core machine; the server's work per request does
not depend on how the stories were made, only on their number and size.

The server runs as `storyline serve` in its own process; the load comes from
wrk (Debian's `wrk`) where it is installed, else from Python threads. Each
load is measured in the same run beside a baseline: a static file served by
the same server. Story pages are measured cold (each page's first request,
rendered from the stored story JSON) and warm (cached per story revision).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STORYLINE_SHARED", ROOT.parent / "shared"))


def children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a running process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def build_base(data: Path, db: Path) -> dict:
    """A real brief over the data set's articles into a fresh store."""
    start, cpu = time.perf_counter(), children_cpu()
    cmd = [sys.executable, "-m", "storyline.cli", "brief", str(data), "--db", str(db), "--quiet"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return {"wall_s": time.perf_counter() - start, "cpu_s": children_cpu() - cpu}


def replicate(base: Path, db: Path, articles: int) -> dict:
    """Copy `base` to `db`, then add copies of its stories until `db` holds `articles`."""
    from storyline.store.sqlite import open_store
    from storyline.stories.changes import digest

    shutil.copy(base, db)
    start = time.perf_counter()
    with open_store(db) as store:
        rows = store.latest_stories()
        originals = {r["id"]: store.story_revision(r["id"]) for r in rows}
        arts = {a.id: a for a in store.articles()}
        have, copy = len(arts), 0
        while have < articles:
            copy += 1
            new_arts, members, revisions = [], {}, []
            for row in rows:
                rev = originals[row["id"]]
                assert rev is not None
                ids = {aid: f"{aid}x{copy}" for aid in rev["article_ids"]}
                sid = f"{row['id']}x{copy}"
                swap = re.compile("|".join(re.escape(f'"{a}"') for a in ids))

                def moved(value: object, swap: re.Pattern[str] = swap, ids: dict = ids) -> object:
                    text = json.dumps(value, ensure_ascii=False)
                    return json.loads(swap.sub(lambda m: f'"{ids[m.group(0)[1:-1]]}"', text))

                story = moved({**rev["story"], "id": sid})
                new_arts += [replace(arts[a], id=b) for a, b in ids.items() if a in arts]
                members.update({b: sid for b in ids.values()})
                revisions.append(
                    {
                        "story_id": sid,
                        "revision": rev["revision"],
                        "created_at": rev["updated_at"],
                        "digest": digest(story),  # type: ignore[arg-type]
                        "title": row["title"],
                        "date": row["date"],
                        "article_ids": list(ids.values()),
                        "n_articles": row["articles"],
                        "n_sources": row["sources"],
                        "n_statements": row["statements"],
                        "n_conflicts": row["conflicts"],
                        "entities": row["entities"],
                        "story": story,
                        "changes": moved(rev["changes"]),
                    }
                )
                have += len(ids)
                if have >= articles:
                    break
            store.add_articles(new_arts)
            store.add_story_members(members, {})
            store.add_story_revisions(revisions)
        stories = len(store.latest_stories())
    return {
        "copies": copy,
        "articles": have,
        "stories": stories,
        "wall_s": time.perf_counter() - start,
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    db: Path, port: int, workers: int, warm: int | None = None
) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "storyline.cli", "serve", "--db", str(db), "--port", str(port)]
    cmd += ["--workers", str(workers)] + (["--warm", str(warm)] if warm is not None else [])
    proc = subprocess.Popen(cmd)
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/static/serve.css", timeout=2)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("storyline serve did not start")


def server_cpu(proc: subprocess.Popen[bytes]) -> float:
    """CPU seconds of the server and its worker processes."""
    pids = [proc.pid]
    kids = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    if kids.exists():
        pids += [int(p) for p in kids.read_text().split()]
    return sum(process_cpu(p) for p in pids if Path(f"/proc/{p}").exists())


def server_rss_mb(proc: subprocess.Popen[bytes]) -> float:
    """Resident memory of the server and its worker processes, MB."""
    pids = [proc.pid]
    kids = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    if kids.exists():
        pids += [int(p) for p in kids.read_text().split()]
    kb = 0
    for pid in pids:
        status = Path(f"/proc/{pid}/status")
        if status.exists():
            m = re.search(r"VmRSS:\s+(\d+) kB", status.read_text())
            kb += int(m.group(1)) if m else 0
    return kb / 1024


def wait_idle(proc: subprocess.Popen[bytes], limit: float = 600) -> float:
    """Wait until the server uses under 5% of a core over 2 s; its CPU seconds till then."""
    start = server_cpu(proc)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = server_cpu(proc)
        time.sleep(2)
        if server_cpu(proc) - before < 0.1:
            break
    return server_cpu(proc) - start


def wrk(url: str, paths: list[str], seconds: int, connections: int, tmp: Path) -> dict:
    """wrk over `paths` picked at random; its own latency percentiles and error counts."""
    script = tmp / "paths.lua"
    listed = ",".join(json.dumps(p) for p in paths)
    script.write_text(
        f"local paths = {{{listed}}}\n"
        "math.randomseed(7)\n"
        "request = function() return wrk.format('GET', paths[math.random(#paths)]) end\n"
    )
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script)]
    cmd += ["-H", "Accept-Encoding: gzip", url]  # as browsers and httpx send it
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout

    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert m, out
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]

    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (
        sum(int(x) for x in sock.groups()) if sock else 0
    )
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return {
        "requests": requests,
        "rps": rps,
        "p50_ms": ms("50%"),
        "p99_ms": ms("99%"),
        "errors": errors,
    }


def threads(url: str, paths: list[str], connections: int, seconds: float | None = None) -> dict:
    """Python threads, one httpx client each; `paths` in order once when `seconds` is None,
    else picked at random until `seconds` pass."""
    lat: list[float] = []
    errors = 0
    lock = threading.Lock()
    todo = iter(paths)
    stop = time.monotonic() + seconds if seconds else None
    rnd = random.Random(7)

    def work() -> None:
        nonlocal errors
        with httpx.Client(base_url=url, timeout=30) as client:
            while True:
                with lock:
                    if stop is None:
                        path = next(todo, None)
                    else:
                        path = rnd.choice(paths) if time.monotonic() < stop else None
                if path is None:
                    return
                t = time.perf_counter()
                try:
                    ok = client.get(path).status_code == 200
                except httpx.HTTPError:
                    ok = False
                took = time.perf_counter() - t
                with lock:
                    lat.append(took)
                    errors += not ok

    start = time.perf_counter()
    pool = [threading.Thread(target=work) for _ in range(connections)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - start
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [lat[0]] * 99
    return {
        "requests": len(lat),
        "rps": len(lat) / wall,
        "p50_ms": q[49] * 1000,
        "p99_ms": q[98] * 1000,
        "errors": errors,
    }


def measure(db: str, args: argparse.Namespace, load: str, tmp: Path, backend: str) -> list[dict]:
    """Every load of the benchmark against `storyline serve` over one store."""
    results: list[dict] = []

    def run(proc: subprocess.Popen[bytes], url: str, name: str, paths: list[str], once=False):
        cpu = server_cpu(proc)
        if once:
            r = threads(url, paths, args.connections)
        elif load == "wrk":
            r = wrk(url, paths, args.duration, args.connections, tmp)
        else:
            r = threads(url, paths, args.connections, args.duration)
        r["server_cpu_s"] = server_cpu(proc) - cpu
        r["name"] = f"{backend}: {name}"
        results.append(r)
        print(
            f"{r['name']}: {r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms,"
            f" p99 {r['p99_ms']:.1f} ms,"
            f" {r['errors']} errors, {r['requests']} requests,"
            f" server {r['server_cpu_s']:.1f} CPU-s",
            flush=True,
        )

    # 1. nothing rendered ahead (--warm 0): each story page's first request renders it
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = start_server(db, port, args.workers, warm=0)
    try:
        ids = [s["id"] for s in httpx.get(url + "/api/stories?limit=10000", timeout=60).json()]
        story_paths = [f"/stories/{i}" for i in ids]
        random.Random(1).shuffle(story_paths)
        some = story_paths[: args.cold]
        run(proc, url, "baseline: static file (/static/report.css)", ["/static/report.css"])
        run(proc, url, f"story pages, first request of each of {len(some)}", some, once=True)
        run(proc, url, f"story pages, the same {len(some)} again (cached)", some)
        run(proc, url, "story list (/)", ["/"])
        run(proc, url, "story list pages 1-10", [f"/?page={i}" for i in range(1, 11)])
        run(
            proc,
            url,
            f"story JSON (/api/stories/{{id}}), {len(some)} stories",
            [f"/api{p}" for p in some],
        )
        print(f"server memory: {server_rss_mb(proc):.0f} MB resident", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=20)

    # 2. the default: the newest stories' pages rendered ahead in a thread of the server
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    proc = start_server(db, port, args.workers)
    try:
        run(proc, url, "warming: all story pages at random, from start", story_paths)
        warmed = wait_idle(proc)
        print(
            f"all pages rendered ahead {time.perf_counter() - started:.0f} s after start"
            f" (server {warmed:.1f} CPU-s after the load above)",
            flush=True,
        )
        run(proc, url, "baseline: static file, warmed", ["/static/report.css"])
        run(proc, url, f"story pages, all {len(story_paths)} at random, warmed", story_paths)
        results[-1]["warm_cpu_s"] = warmed
        listed = httpx.get(url + "/api/stories?limit=20", timeout=60).json()
        words = [w for s in listed for w in s["title"].split() if len(w) > 5][:10]
        names = [n for s in listed for n in s["entities"]][:10]
        searches = [f"/?q={quote(w)}" for w in words] + [f"/?entity={quote(n)}" for n in names]
        run(proc, url, f"searches ({len(words)} words, {len(names)} names), warmed", searches)
        print(f"server memory: {server_rss_mb(proc):.0f} MB resident", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return results


def copy_to_postgres(db: Path, server: str) -> str:
    """The SQLite store `db` copied into a new database on the PostgreSQL `server`."""
    import psycopg

    from storyline.store.sqlite import open_store

    name = "storyline_bench_serve"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {name}")
    url = re.sub(r"(://[^/?]*/)[^?]*", rf"\g<1>{name}", server, count=1)
    start = time.perf_counter()
    with open_store(db) as lite, open_store(url) as pg:
        for table in ("articles", "story_members", "story_revisions", "meta"):
            names = [r[1] for r in lite.conn.execute(f"PRAGMA table_info({table})")]
            rows = lite.conn.execute(f"SELECT {', '.join(names)} FROM {table}").fetchall()
            with pg.transaction() as c:
                c.executemany(
                    f"INSERT OR REPLACE INTO {table}({', '.join(names)})"
                    f" VALUES ({', '.join('?' * len(names))})",
                    rows,
                )
    print(f"copied into {url} in {time.perf_counter() - start:.0f} s", flush=True)
    return url


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--data", default="basil-dev/articles", help="under ../shared/data")
    ap.add_argument("--articles", type=int, default=10_000, help="articles the store holds")
    ap.add_argument("--duration", type=int, default=15, help="seconds per warm load")
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--cold", type=int, default=300, help="story pages measured cold")
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    ap.add_argument("--load", choices=["auto", "wrk", "python"], default="auto")
    ap.add_argument("--keep", help="folder to keep the stores in (reused when there)")
    ap.add_argument(
        "--postgres",
        metavar="SERVER_URL",
        help="also measure the same store copied into a new database on this PostgreSQL"
        " server (e.g. postgresql:///postgres?host=/var/run/postgresql)",
    )
    args = ap.parse_args()

    tmp = Path(args.keep or tempfile.mkdtemp(prefix="serve-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    base, db = tmp / "base.db", tmp / f"bench-{args.articles}.db"
    data = SHARED / "data" / args.data
    if not data.exists():
        raise SystemExit(f"{data} is absent (the shared data sets sit beside the repository)")
    built = {"wall_s": 0.0, "cpu_s": 0.0, "reused": True}
    if not base.exists():
        built = {**build_base(data, base), "reused": False}
    if not db.exists():
        made = replicate(base, db, args.articles)
    else:
        from storyline import api

        stored = api.stored_stories(str(db))
        made = {
            "copies": "? (reused)",
            "articles": sum(s["articles"] for s in stored),
            "stories": len(stored),
        }
    print(
        f"store: real brief over {data} ({built['wall_s']:.1f} s wall, {built['cpu_s']:.1f} CPU-s"
        f"{', reused' if built['reused'] else ''}), replicated x{made['copies']} -> "
        f"{made['articles']} articles, {made['stories']} stories ({db})",
        flush=True,
    )
    stores = [("SQLite", str(db))]
    if args.postgres:
        stores.append(("PostgreSQL", copy_to_postgres(db, args.postgres)))
    load = args.load
    if load == "auto":
        load = "wrk" if shutil.which("wrk") else "python"
    load_before = os.getloadavg()
    results: list[dict] = []
    for backend, where in stores:
        print(f"--- {backend}: {where}", flush=True)
        results += measure(where, args, load, tmp, backend)
    print()
    print(f"machine load average (1, 5, 15 min) before / after: {load_before} / {os.getloadavg()}")
    print(
        f"load: {load}, {args.connections} connections, {args.duration} s each, "
        f"server workers: {args.workers}, {os.cpu_count()} cores shared with the load"
    )
    print("| what | requests/s | p50 ms | p99 ms | errors | requests | server CPU-s |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['name']} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} |"
            f" {r['errors']} | {r['requests']} | {r['server_cpu_s']:.1f} |"
        )


if __name__ == "__main__":
    main()
