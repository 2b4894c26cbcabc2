"""Every endpoint from Python with httpx, the stream included.

    python examples/client.py [--base-url http://127.0.0.1:8000]

Start a server first (`make serve`, or `COPILOT_MODEL=fake .venv/bin/copilot serve` for
no model at all). Every offset in every answer is checked against the text sent, so the
script fails loudly if one is wrong.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from typing import Any

import httpx

EMAIL_HTML = (
    "<p>Hi Marc \U0001f44b, your team has been dragging this out. Sign by Friday or the "
    "10% discount is gone. I'll wing the call.</p><p>Best,<br>Sam</p>"
    "<blockquote>On Mon, Nov 30, Marc wrote:<br>Can we talk next week?</blockquote>"
)
NOTES = "Renewal call with Dana Ortiz (COO) on March 3; routing usage fell 30% after their merger."


def utf16_slice(text: str, start: int, end: int) -> str:
    """What JavaScript's text.slice(start, end) gives: offsets in UTF-16 code units."""
    return text.encode("utf-16-le")[2 * start : 2 * end].decode("utf-16-le")


def check(text: str, start: int, end: int, expected: str) -> None:
    found = utf16_slice(text, start, end)
    assert found == expected, f"offsets {start}:{end} give {found!r}, not {expected!r}"


def post(client: httpx.Client, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(path, json=body)
    if response.is_error:  # errors are RFC 9457 problem+json: `detail` says what to fix
        raise SystemExit(f"{path}: {response.status_code} {response.json()['detail']}")
    answer: dict[str, Any] = response.json()
    meta = answer["meta"]
    print(
        f"{path}: prompt {meta['prompt']['id']}@v{meta['prompt']['version']}, model {meta['model']}"
    )
    return answer


def events(client: httpx.Client, path: str, body: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Server-sent events as (name, JSON body) pairs, each as soon as it arrives."""
    with client.stream("POST", path, json={**body, "stream": True}) as response:
        response.raise_for_status()
        name, data = "message", []
        for line in response.iter_lines():
            if line.startswith("event:"):
                name = line.removeprefix("event:").strip()
            elif line.startswith("data:"):
                data.append(line.removeprefix("data:").removeprefix(" "))
            elif not line and data:
                yield name, json.loads("\n".join(data))
                name, data = "message", []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    args = parser.parse_args()
    email = {"text": EMAIL_HTML, "format": "html", "offset_unit": "utf16"}
    with httpx.Client(base_url=args.base_url, timeout=600) as client:
        print("ready:", client.get("/readyz").json())
        print("prompts:", [p["id"] for p in client.get("/v1/prompts").json()["prompts"]])

        for h in post(client, "/v1/highlights", email)["highlights"]:
            check(EMAIL_HTML, h["start"], h["end"], h["quote"])
            print(f"  {h['label']}: {h['quote']!r}")
        score = post(client, "/v1/score", email)
        print(f"  score {score['score']}, reading grade {score['readability']['reading_grade']}")

        rewrites = post(client, "/v1/rewrites", email)
        for change in rewrites["rewrites"][0]["changes"] if rewrites["rewrites"] else []:
            check(EMAIL_HTML, change["start"], change["end"], change["original"])
            print(f"  {change['reason']}: {change['original']!r} -> {change['replacement']!r}")
        for w in post(client, "/v1/barriers", email)["warnings"]:
            check(EMAIL_HTML, w["start"], w["end"], w["evidence"])
            print(f"  {w['barrier']}: {w['evidence']!r}")
        for q in post(client, "/v1/questions", {"context": NOTES, "count": 3})["questions"]:
            print(f"  {q['purpose']}: {q['text']}")
        coach = post(client, "/v1/coach", {**email, "context": NOTES})
        print(f"  coach: {len(coach['warnings'])} warnings, {len(coach['questions'])} questions")

        print("/v1/coach, streamed:")
        for name, body in events(client, "/v1/coach", {**email, "context": NOTES}):
            if name == "error":
                raise SystemExit(f"stream failed: {body['detail']}")
            if name == "result":
                assert body["meta"]["input"]["offset_unit"] == "utf16"
            print(f"  event {name}")


if __name__ == "__main__":
    main()
