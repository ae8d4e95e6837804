"""Run the communique CLI in this process under a memory watchdog; report the peak RSS.

    python -m tests.hostile.child PEAK_FILE CAP_MB -- communique-args...

A thread reads this process's resident memory every 20 ms and kills the process (exit 137)
past CAP_MB, so a runaway input cannot take the test machine down; at exit the peak resident
memory (VmHWM, kept by the kernel, not sampled) is written to PEAK_FILE in MB.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
import time
from pathlib import Path

POLL_S = 0.02


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _watch(cap_mb: float) -> None:
    while True:
        if _status_mb("VmRSS") > cap_mb:
            sys.stderr.write(f"memory cap of {cap_mb} MB passed; killed\n")
            sys.stderr.flush()
            os._exit(137)
        time.sleep(POLL_S)


def main() -> None:
    peak_file, cap_mb = sys.argv[1], float(sys.argv[2])
    args = sys.argv[sys.argv.index("--") + 1 :]
    threading.Thread(target=_watch, args=(cap_mb,), daemon=True).start()
    atexit.register(lambda: Path(peak_file).write_text(f"{_status_mb('VmHWM'):.1f}"))
    sys.argv = ["communique", *args]
    from communique.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
