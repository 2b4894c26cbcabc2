"""How model calls are recorded and replayed (vcrpy): shared by the tests and the evals.

Bodies are matched so a changed prompt misses its cassette; secrets and volatile
headers never reach disk; failed responses are never recorded; JSON bodies are
stored pretty-printed so a re-recorded prompt gives a reviewable diff.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

SERIALIZER_NAME = "prettyjson"
BODY_MATCHER_NAME = "json_body"
RECORD_API_BASE_ENV = "COPILOT_RECORD_API_BASE"
MATCH_ON = (
    "method",
    "scheme",
    "host",
    "path",
    "query",
    BODY_MATCHER_NAME,
)  # not the port: the local server's is random
SECRET_HEADERS = ("authorization", "x-api-key", "api-key", "openai-organization", "cookie")
KEPT_RESPONSE_HEADERS = ("content-type",)
IGNORED_HOSTS = ("testserver",)  # the app under test, reached through httpx's ASGI transport


def keep_successful(response: dict[str, Any]) -> dict[str, Any] | None:
    """Never record a failure (it would replay forever); drop volatile headers."""
    if not 200 <= response["status"]["code"] < 300:
        return None
    headers = response.get("headers", {})
    response["headers"] = {k: v for k, v in headers.items() if k.lower() in KEPT_RESPONSE_HEADERS}
    return response


def vcr_config() -> dict[str, Any]:
    return {
        "serializer": SERIALIZER_NAME,
        "match_on": MATCH_ON,
        "filter_headers": list(SECRET_HEADERS),
        "filter_query_parameters": ["key", "api_key", "api-key"],
        "before_record_response": keep_successful,
        "decode_compressed_response": True,
        "ignore_hosts": list(IGNORED_HOSTS),
    }


def register_extensions(recorder: Any) -> None:
    """Teach a vcr.VCR instance the cassette format and body matcher used everywhere in
    this project."""
    recorder.register_serializer(SERIALIZER_NAME, PrettyJsonSerializer)
    recorder.register_matcher(BODY_MATCHER_NAME, same_json_body)


def same_json_body(sent: Any, recorded: Any) -> bool:
    """vcrpy's `body` matcher without its diff: vcrpy builds a text diff for every recorded
    request that does not match, so replaying an eval cassette of hundreds of calls spent
    minutes in JSON dumps. Bodies are compared as parsed JSON, each parsed once."""
    return _canonical(sent.body) == _canonical(recorded.body)


@lru_cache(maxsize=8192)
def _canonical(body: bytes | str | None) -> bytes | str:
    if body is None:
        return b""
    try:
        return json.dumps(json.loads(body), sort_keys=True, ensure_ascii=False)
    except ValueError:
        return body


class PrettyJsonSerializer:
    """vcrpy serializer: JSON bodies become JSON values, everything else stays a string."""

    @staticmethod
    def serialize(cassette: dict[str, Any]) -> str:
        interactions = [_pretty(interaction) for interaction in cassette["interactions"]]
        return (
            json.dumps({**cassette, "interactions": interactions}, indent=2, ensure_ascii=False)
            + "\n"
        )

    @staticmethod
    def deserialize(text: str) -> dict[str, Any]:
        cassette = json.loads(text)
        cassette["interactions"] = [
            _compact(interaction) for interaction in cassette["interactions"]
        ]
        return cassette


def _pretty(interaction: dict[str, Any]) -> dict[str, Any]:
    request, response = dict(interaction["request"]), dict(interaction["response"])
    request["body"] = _as_json_value(request.get("body"))
    response["body"] = _as_json_value(response["body"].get("string"))
    return {"request": request, "response": response}


def _compact(interaction: dict[str, Any]) -> dict[str, Any]:
    request, response = dict(interaction["request"]), dict(interaction["response"])
    request["body"] = _as_text(request.get("body"))
    response["body"] = {"string": _as_text(response["body"])}
    return {"request": request, "response": response}


def _as_json_value(body: str | bytes | None) -> Any:
    if body is None:
        return None
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    try:
        return {"json": json.loads(text)}
    except ValueError:
        return {"text": text}


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if "json" in value:
        return json.dumps(value["json"], ensure_ascii=False)
    return value["text"]
