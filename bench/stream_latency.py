"""Time to the first event, the first finding and the final event of `stream: true`, for
every streamed endpoint, against a running service.

    python bench/stream_latency.py --base-url http://127.0.0.1:8000 --per-endpoint 3

Inputs are the first N cases of each eval dataset (evals/datasets). The first event is the
instant highlights; the first finding is the first `warning`, `rewrite` or `question`
event; the final event is `result` (or `error`). Run it against the embedded model with
nothing else busy on the CPU. --check exits 1 unless every stream ends in `result`
(the CI smoke test of streaming on the embedded model).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Any

import httpx
from live_endpoints import TIMEOUT_S, load_cases  # the sibling script: same inputs

FINDINGS = {"warning", "rewrite", "question"}


def plan(limit: int) -> list[tuple[str, dict[str, Any]]]:
    rewrites = [dict(case["input"]) for case in load_cases("rewrites", limit)]
    return [
        *(("/v1/barriers", dict(c["input"])) for c in load_cases("barriers", limit)),
        *(("/v1/rewrites", body) for body in rewrites),
        *(("/v1/questions", dict(c["input"])) for c in load_cases("questions", limit)),
        *(("/v1/coach", body) for body in rewrites),
    ]


def timed_stream(client: httpx.Client, endpoint: str, body: dict[str, Any]) -> dict[str, Any]:
    """Seconds from sending the request to each kind of event line."""
    marks: dict[str, float] = {}
    started = time.perf_counter()
    with client.stream("POST", endpoint, json={**body, "stream": True}) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if not line.startswith("event:"):
                continue
            name = line.removeprefix("event:").strip()
            now = time.perf_counter() - started
            marks.setdefault("first", now)
            if name in FINDINGS:
                marks.setdefault("finding", now)
            if name in ("result", "error"):
                marks["final"] = now
                marks["failed"] = float(name == "error")
    return marks


def seconds(values: list[float]) -> str:
    if not values:
        return f"{'-':>15}"
    return f"{statistics.median(values):7.2f} /{max(values):6.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--per-endpoint", type=int, default=3)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 unless every stream ends in `result`"
    )
    args = parser.parse_args()
    rows: dict[str, list[dict[str, float]]] = {}
    with httpx.Client(base_url=args.base_url, timeout=TIMEOUT_S) as client:
        for endpoint, body in plan(args.per_endpoint):
            marks = timed_stream(client, endpoint, body)
            rows.setdefault(endpoint, []).append(marks)
            print(endpoint, {k: round(v, 3) for k, v in marks.items()}, flush=True)
    print(
        f"\n{'endpoint':<14} {'n':>3} {'first event s':>15} {'first finding s':>15} "
        f"{'final event s':>15} {'errors':>7}   (median / max)"
    )
    for endpoint, marks in rows.items():
        print(
            f"{endpoint:<14} {len(marks):>3} {seconds([m['first'] for m in marks])} "
            f"{seconds([m['finding'] for m in marks if 'finding' in m])} "
            f"{seconds([m['final'] for m in marks if 'final' in m])} "
            f"{sum(int(m.get('failed', 1)) for m in marks):>7}"
        )
    failed = sum(int(m.get("failed", 1)) for marks in rows.values() for m in marks)
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
