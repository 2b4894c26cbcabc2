from __future__ import annotations

import httpx
import pytest

from copilot import recording
from copilot.llm.litellm_backend import LiteLLMBackend
from copilot.llm.types import StructuredRequest
from copilot.model_factory import EmbeddedBackend, build_backend
from copilot.settings import Settings

REQUEST = StructuredRequest([{"role": "user", "content": "x"}], {"type": "object"}, "Answer")


def test_a_configured_model_uses_litellm_and_starts_nothing(tmp_path) -> None:
    backend = build_backend(
        Settings(_env_file=None, model="openai/gpt-4o-mini", cache_dir=tmp_path)
    )
    assert isinstance(backend, LiteLLMBackend) and backend.model_name == "openai/gpt-4o-mini"


def test_no_configured_model_means_the_embedded_one(tmp_path) -> None:
    backend = build_backend(Settings(_env_file=None, model=None, cache_dir=tmp_path))
    assert isinstance(backend, EmbeddedBackend)
    assert backend.model_name == "openai/qwen2.5-coder-1.5b-instruct"


async def test_embedded_backend_reports_why_it_is_not_ready(tmp_path) -> None:
    backend = EmbeddedBackend(Settings(_env_file=None, model=None, cache_dir=tmp_path))
    assert await backend.readiness() == (False, "embedded model not started")


@pytest.mark.parametrize(
    ("mode", "grammar", "expected"),
    [
        ("json_schema", False, "json_schema"),
        ("json_object", False, "json_object"),
        ("auto", True, "json_object"),
        ("auto", False, "json_schema"),
    ],
)
def test_response_format_choice(mode: str, grammar: bool, expected: str) -> None:
    backend = LiteLLMBackend(
        "openai/gpt-4o-mini", response_format=mode, grammar_constrained=grammar
    )
    response_format = backend._response_format(REQUEST)
    assert response_format["type"] == expected
    schema = response_format.get("schema") or response_format["json_schema"]["schema"]
    assert schema == {"type": "object"}


async def test_readiness_of_an_unreachable_server() -> None:
    backend = LiteLLMBackend("openai/m", api_base="http://127.0.0.1:9/v1")
    ready, reason = await backend.readiness()
    assert not ready and "unreachable" in reason


def test_failed_responses_are_never_recorded_and_headers_are_dropped() -> None:
    failed = {"status": {"code": 500}, "headers": {}, "body": {"string": "boom"}}
    assert recording.keep_successful(failed) is None
    ok = {
        "status": {"code": 200},
        "headers": {"Set-Cookie": ["a"], "Content-Type": ["json"]},
        "body": {},
    }
    assert recording.keep_successful(ok)["headers"] == {"Content-Type": ["json"]}


def test_cassette_serializer_round_trips_and_pretty_prints() -> None:
    cassette = {
        "version": 1,
        "interactions": [
            {
                "request": {
                    "method": "POST",
                    "uri": "http://h/v1",
                    "body": '{"a": [1, 2]}',
                    "headers": {},
                },
                "response": {
                    "status": {"code": 200},
                    "headers": {},
                    "body": {"string": "plain text"},
                },
            }
        ],
    }
    text = recording.PrettyJsonSerializer.serialize(cassette)
    assert '"a": [\n' in text
    back = recording.PrettyJsonSerializer.deserialize(text)
    assert httpx.Response(200, content=back["interactions"][0]["request"]["body"]).json() == {
        "a": [1, 2]
    }
    assert back["interactions"][0]["response"]["body"]["string"] == "plain text"
