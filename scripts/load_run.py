"""A bounded load run of `communique serve` on loopback (issue 12).

    PYTHONPATH=src python scripts/load_run.py [--events 100000] [--clients 100] [--seconds 25]
                                              [--miss]

Builds a store of synthetic events with `communique bench-store` (unless --db names one that
exists), starts `communique serve` on 127.0.0.1 (a free port; nothing listens elsewhere), then
for each path runs `--clients` concurrent clients, each sending its next request as soon as the
last one answered, for `--seconds` (at most 60 in all per path), and prints requests/s, p50/p99
latency, the count of non-200 answers (by status; -1: no answer) and the server's CPU time per
request (user + system, from /proc: steadier than latency on a shared machine), with the
machine's load average before and after. `--miss` makes every request's URL unique (an
ignored `n=` parameter), so no answer comes from the server's cache (api/cache.py): the cost
of pages nobody asked for since the last write. Everything stops at the end (the server is
killed).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PATHS = ("/api/events?limit=50", "/pair/KAZ-BEL")
MAX_SECONDS = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process `pid` and its threads so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def communique(*args: str) -> list[str]:
    return [sys.executable, "-c", "from communique.cli import main; main()", *args]


async def one_path(
    base: str, path: str, clients: int, seconds: float, server_pid: int, miss: bool = False
) -> dict[str, float]:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    failures: dict[str, int] = {}  # why requests got no answer (status -1)
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    sent = 0
    joiner = "&" if "?" in path else "?"
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:

        async def worker() -> None:
            nonlocal sent
            while time.monotonic() < deadline:
                sent += 1
                url = f"{path}{joiner}n={sent}" if miss else path
                start = time.perf_counter()
                try:
                    response = await client.get(url)
                    code = response.status_code
                except httpx.HTTPError as exc:
                    code = -1
                    failures[type(exc).__name__] = failures.get(type(exc).__name__, 0) + 1
                latencies.append(time.perf_counter() - start)
                statuses[code] = statuses.get(code, 0) + 1

        began, cpu_before = time.monotonic(), cpu_seconds(server_pid)
        await asyncio.gather(*(worker() for _ in range(clients)))
        elapsed, cpu = time.monotonic() - began, cpu_seconds(server_pid) - cpu_before
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "rps": len(ordered) / elapsed,
        "p50_ms": 1000 * statistics.median(ordered) if ordered else float("nan"),
        "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
        if ordered else float("nan"),
        "errors": sum(n for code, n in statuses.items() if code != 200),
        "cpu_ms": 1000 * cpu / max(1, len(ordered)),
        **{f"status {code}": n for code, n in sorted(statuses.items()) if code != 200},
        **{f"status -1 {name}": n for name, n in sorted(failures.items())},
    }


def wait_ready(base: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/events?limit=1", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the server did not come up")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="store to serve (built with bench-store when missing)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=25.0)
    parser.add_argument("--miss", action="store_true",
                        help="a unique URL per request: no answer from the server's cache")
    args = parser.parse_args()
    seconds = min(args.seconds, MAX_SECONDS)
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or str(Path(folder) / "load.duckdb")
        if not Path(db).exists():
            began = time.monotonic()
            subprocess.run(communique("bench-store", "--db", db, "--events", str(args.events)),
                           check=True)
            print(f"built {db} in {time.monotonic() - began:.0f} s", flush=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            communique("serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ},
        )
        try:
            wait_ready(base)
            print(f"{args.clients} clients, {seconds:g} s per path, store of {args.events:,} "
                  f"events, loopback{', every URL unique (cache misses)' if args.miss else ''}",
                  flush=True)
            for path in PATHS:
                load_before = os.getloadavg()[0]
                stats = asyncio.run(
                    one_path(base, path, args.clients, seconds, server.pid, args.miss))
                by_status = "".join(f", {k} x{v:.0f}" for k, v in stats.items()
                                    if k.startswith("status"))
                print(f"{path:24} {stats['requests']:6.0f} requests  {stats['rps']:7.1f} req/s  "
                      f"p50 {stats['p50_ms']:8.1f} ms  p99 {stats['p99_ms']:8.1f} ms  "
                      f"errors {stats['errors']:.0f}{by_status}  "
                      f"server CPU {stats['cpu_ms']:.1f} ms/request  "
                      f"load {load_before:.1f} -> {os.getloadavg()[0]:.1f}", flush=True)
        finally:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
