"""Latency of the instant answers: POST /v1/highlights and /v1/score on a 300-word email.

    python bench/highlights.py [--requests 2000] [--base-url http://127.0.0.1:8000]

Target (issue: instant cues): p99 <= 5 ms for the highlights on the project's 2-core
machine; the score adds the reading grade (textstat). Prints the
analyzer alone, then the whole request: through a running server over loopback when
--base-url is given (the figure an add-in sees, client included), else through the ASGI
app in process (Starlette's TestClient adds its own overhead). Run it with nothing else
busy on the CPU.
"""

from __future__ import annotations

import argparse
import statistics
import time

import httpx
from fastapi.testclient import TestClient

from copilot.main import create_app
from copilot.prompts import PromptRegistry
from copilot.settings import Settings

INSTANT = ("/v1/highlights", "/v1/score")
SENTENCES = [
    "Hi Daniela, thanks for the time on Tuesday and for walking us through the warehouse.",
    "Your team has been dragging this out for weeks and it is costing both of us.",
    "Our price of $182,000 for the three sites is final, take it or leave it.",
    "I haven't looked at the maintenance logs you sent, so I'll wing it on Friday.",
    "We always deliver on time; your last vendor never did.",
    "If you can share the Q3 volumes, we can size the second site properly.",
    "I need this deal to hit my quota, so I will push for a signature on the call.",
    "The onboarding plan covers training for 45 operators over two weeks in March.",
]


def email(words: int = 300) -> str:
    text, index = "", 0
    while len(text.split()) < words:
        text += SENTENCES[index % len(SENTENCES)] + " "
        index += 1
    return text.strip()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(name: str, seconds: list[float]) -> None:
    ms = [s * 1000 for s in seconds]
    print(
        f"{name:<28} median {statistics.median(ms):6.2f} ms   p99 {percentile(ms, 0.99):6.2f} ms"
        f"   max {max(ms):6.2f} ms   (n={len(ms)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--base-url", help="time a running server instead of the app in process")
    args = parser.parse_args()
    text = email()
    settings = Settings(_env_file=None, model="fake/none")
    analyzer = PromptRegistry.load(settings.prompts_dir).cue_analyzer()
    timings = []
    for _ in range(args.requests):
        started = time.perf_counter()
        analyzer.find(text)
        timings.append(time.perf_counter() - started)
    print(
        f"email: {len(text.split())} words, {len(text)} characters, {len(analyzer.find(text))} hits"
    )
    report("analyzer.find", timings)
    if args.base_url:
        with httpx.Client(base_url=args.base_url) as client:
            for path in INSTANT:
                report(f"POST {path} (HTTP)", timed_posts(client, path, text, args.requests))
    else:
        with TestClient(create_app(settings)) as client:
            for path in INSTANT:
                report(f"POST {path} (ASGI)", timed_posts(client, path, text, args.requests))
    return 0


def timed_posts(client: httpx.Client, path: str, text: str, count: int) -> list[float]:
    for _ in range(50):  # warm up: connections, compiled patterns
        client.post(path, json={"text": text})
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.post(path, json={"text": text})
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text
    return timings


if __name__ == "__main__":
    raise SystemExit(main())
