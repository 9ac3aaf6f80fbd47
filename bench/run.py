#!/usr/bin/env python3
"""Times each bench/*.asy under asy and under python3, side by side.

Usage: bench/run.py [name ...]   (builds asy in release mode first)

Each script runs a few times under each interpreter; the best wall time
counts. The ratio is python3's time over asy's: above 1.0, asy is faster.
"""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
ASY = os.path.join(ROOT, "target", "release", "asy")
RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def best_time(command, script):
    best = None
    output = None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = subprocess.run(command + [script], cwd=BENCH, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"{' '.join(command)} {script} failed:\n{result.stderr}")
        best = elapsed if best is None else min(best, elapsed)
        output = result.stdout
    return best, output


def main():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    names = sys.argv[1:] or sorted(n[:-4] for n in os.listdir(BENCH) if n.endswith(".asy"))
    print(f"{'benchmark':<16}{'asy (s)':>10}{'python3 (s)':>14}{'ratio':>9}")
    for name in names:
        script = name + ".asy"
        asy_time, asy_output = best_time([ASY], script)
        python_time, python_output = best_time([sys.executable], script)
        note = "" if asy_output == python_output else "   OUTPUT DIFFERS"
        print(f"{name:<16}{asy_time:>10.3f}{python_time:>14.3f}{python_time / asy_time:>8.2f}x{note}")


if __name__ == "__main__":
    main()
