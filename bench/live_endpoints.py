"""Latency, cost and check figures for every POST endpoint against a running service.

    python bench/live_endpoints.py --base-url http://127.0.0.1:8000 --per-endpoint 5

Inputs are the first N cases of each eval dataset (evals/datasets), never the
examples the prompts were written with. --check exits non-zero unless every call
answers 200 and every quoted span indexes its input exactly (the CI smoke test).
--compare-coach also sends each coach input to the three single endpoints and
prints the token cost of one coach call against three separate calls. --pin
barriers=1 (repeatable) sends that prompt version to that endpoint, so an old and a
new design can be timed in one session on one server.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import httpx

DATASETS = Path(__file__).resolve().parent.parent / "evals" / "datasets"
TIMEOUT_S = 600.0


def load_cases(task: str, limit: int) -> list[dict[str, Any]]:
    lines = (DATASETS / f"{task}.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()][:limit]


def requests_for(limit: int) -> list[tuple[str, dict[str, Any]]]:
    """(endpoint, body) pairs; coach reuses the rewrite drafts with their context."""
    plan: list[tuple[str, dict[str, Any]]] = []
    for case in load_cases("rewrites", limit):
        plan.append(("/v1/rewrites", dict(case["input"])))
    for case in load_cases("questions", limit):
        plan.append(("/v1/questions", dict(case["input"])))
    for case in load_cases("barriers", limit):
        plan.append(("/v1/barriers", dict(case["input"])))
    for case in load_cases("rewrites", limit):
        plan.append(("/v1/coach", dict(case["input"])))
    for case in load_cases("barriers", limit):
        plan.append(("/v1/highlights", {"text": case["input"]["text"]}))
    return plan


def quote_errors(body: dict[str, Any], request: dict[str, Any]) -> list[str]:
    """Every quoted span must index the input exactly."""
    source = request.get("text", "")
    errors = []
    for rewrite in body.get("rewrites", []):
        for change in rewrite["changes"]:
            if source[change["start"] : change["end"]] != change["original"]:
                errors.append(f"change {change['original']!r} does not index the input")
        for fact in rewrite["facts"]["kept"] + rewrite["facts"]["missing"]:
            if source[fact["start"] : fact["end"]] != fact["text"]:
                errors.append(f"fact {fact['text']!r} does not index the input")
    for warning in body.get("warnings", []):
        if source[warning["start"] : warning["end"]] != warning["evidence"]:
            errors.append(f"evidence {warning['evidence']!r} does not index the input")
    for highlight in body.get("highlights", []):
        if source[highlight["start"] : highlight["end"]] != highlight["quote"]:
            errors.append(f"highlight {highlight['quote']!r} does not index the input")
    return errors


def call(client: httpx.Client, endpoint: str, body: dict[str, Any]) -> dict[str, Any]:
    started = time.perf_counter()
    response = client.post(endpoint, json=body)
    elapsed_ms = (time.perf_counter() - started) * 1000
    payload = response.json()
    result: dict[str, Any] = {
        "endpoint": endpoint,
        "status": response.status_code,
        "ms": elapsed_ms,
    }
    if response.status_code == 200:
        checks = payload["meta"]["checks"]
        result |= {
            "usage": payload["meta"]["usage"],
            "checks": checks,
            "reasked": bool(checks["reasks"] or checks["schema_reasks"]),
            "dropped": checks["ungrounded_dropped"]
            + checks["invalid_dropped"]
            + checks["duplicates_merged"],
            "errors": quote_errors(payload, body),
        }
    else:
        result["errors"] = [f"HTTP {response.status_code}: {payload.get('detail')}"]
    return result


def summarise(results: list[dict[str, Any]]) -> None:
    print(
        f"{'endpoint':<14} {'n':>3} {'median s':>9} {'max s':>7} {'calls':>6} "
        f"{'tokens in/out':>14} {'re-asked':>9} {'dropped':>8} {'errors':>7}"
    )
    for endpoint in sorted({r["endpoint"] for r in results}):
        rows = [r for r in results if r["endpoint"] == endpoint]
        ok = [r for r in rows if r["status"] == 200]
        seconds = [r["ms"] / 1000 for r in rows]
        tokens_in = sum(r["usage"]["prompt_tokens"] for r in ok)
        tokens_out = sum(r["usage"]["completion_tokens"] for r in ok)
        print(
            f"{endpoint:<14} {len(rows):>3} {statistics.median(seconds):>9.1f} {max(seconds):>7.1f} "
            f"{sum(r['checks']['model_calls'] for r in ok):>6} {f'{tokens_in}/{tokens_out}':>14} "
            f"{sum(r['reasked'] for r in ok):>9} {sum(r['dropped'] > 0 for r in ok):>8} "
            f"{sum(bool(r['errors']) for r in rows):>7}"
        )
    ok = [r for r in results if r["status"] == 200]
    print(
        f"\n{len(ok)}/{len(results)} answered 200; needed a re-ask: {sum(r['reasked'] for r in ok)}; "
        f"had items dropped or merged: {sum(r['dropped'] > 0 for r in ok)}"
    )


def compare_coach(client: httpx.Client, limit: int) -> None:
    print("\ncoach vs three separate calls (tokens in/out, model calls):")
    for case in load_cases("rewrites", limit):
        text, context = case["input"]["text"], case["input"].get("context")
        coach = call(
            client, "/v1/coach", {"text": text, **({"context": context} if context else {})}
        )
        singles = [
            call(
                client, "/v1/rewrites", {"text": text, **({"context": context} if context else {})}
            ),
            call(client, "/v1/questions", {"context": text, "count": 5}),
            call(client, "/v1/barriers", {"text": text}),
        ]
        separate = [s for s in singles if s["status"] == 200]
        if coach["status"] != 200 or len(separate) != 3:
            print(f"  {case['id']}: skipped (a call failed)")
            continue
        s_in = sum(s["usage"]["prompt_tokens"] for s in separate)
        s_out = sum(s["usage"]["completion_tokens"] for s in separate)
        s_calls = sum(s["checks"]["model_calls"] for s in separate)
        print(
            f"  {case['id']}: coach {coach['usage']['prompt_tokens']}/{coach['usage']['completion_tokens']} "
            f"in {coach['checks']['model_calls']} call(s), {coach['ms'] / 1000:.1f} s; separate "
            f"{s_in}/{s_out} in {s_calls} calls, {sum(s['ms'] for s in separate) / 1000:.1f} s"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--per-endpoint", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 on any non-200 or bad offset")
    parser.add_argument("--compare-coach", type=int, default=0, metavar="N")
    parser.add_argument("--json-out", type=Path, help="write every result here")
    parser.add_argument(
        "--pin", action="append", default=[], metavar="TASK=VERSION", help="e.g. barriers=1"
    )
    args = parser.parse_args()
    pins = {f"/v1/{task}": version for task, _, version in (p.partition("=") for p in args.pin)}
    results = []
    with httpx.Client(base_url=args.base_url, timeout=TIMEOUT_S) as client:
        for index, (endpoint, body) in enumerate(requests_for(args.per_endpoint), start=1):
            if endpoint in pins:
                body = body | {"prompt_version": pins[endpoint]}
            result = call(client, endpoint, body)
            results.append(result)
            print(
                f"[{index}] {endpoint} {result['status']} {result['ms'] / 1000:.1f}s "
                + "; ".join(result["errors"]),
                flush=True,
            )
        summarise(results)
        if args.compare_coach:
            compare_coach(client, args.compare_coach)
    if args.json_out:
        args.json_out.write_text(json.dumps(results, indent=2), "utf-8")
    failed = [r for r in results if r["errors"]]
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
