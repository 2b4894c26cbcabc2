"""Wall time of replaying the whole eval suite (every task, stable prompts, embedded model).

    python bench/eval_replay.py [--repeat 3]

Target: under 30 s on the project's 2-core machine. Replay is offline: cassettes only.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("extra", nargs="*", help="more `copilot eval` arguments, after --")
    args = parser.parse_args()
    command = [sys.executable, "-m", "copilot.cli", "eval", *args.extra]
    seconds = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds.append(time.perf_counter() - started)
        if result.returncode not in (0, 1):  # 1: a gate missed, still a complete replay
            print(result.stdout[-2000:], result.stderr[-2000:], sep="\n")
            return result.returncode
    print(
        f"eval replay ({' '.join(command[3:])}): median {statistics.median(seconds):.1f} s, "
        f"min {min(seconds):.1f} s, max {max(seconds):.1f} s over {len(seconds)} runs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
