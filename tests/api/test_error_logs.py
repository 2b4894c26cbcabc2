"""An unexpected error: problem+json 500 for the caller; for the operator, a log line with
the request id and the traceback's frames, never the user's text."""

from __future__ import annotations

import json
import logging

import pytest

from copilot.api.deps import get_prompts
from copilot.logs import JsonFormatter, RequestIdFilter
from tests.conftest import ClientFactory

USER_TEXT = "Dana's renewal is at risk"


class BrokenPrompts:
    def cue_analyzer(self, version: object) -> None:
        raise RuntimeError(f"failed on: {USER_TEXT}")


def test_an_unexpected_error_is_logged_with_its_request_id_and_frames(
    client_with: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    client = client_with()
    client.app.dependency_overrides[get_prompts] = BrokenPrompts
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO):
        response = client.post(
            "/v1/highlights", json={"text": USER_TEXT}, headers={"X-Request-ID": "req-42"}
        )
    assert response.status_code == 500
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["request_id"] == "req-42" and USER_TEXT not in response.text
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors and all(record.request_id == "req-42" for record in errors)
    line = JsonFormatter().format(errors[0])
    entry = json.loads(line)
    assert entry["request_id"] == "req-42" and entry["exc_type"] == "RuntimeError"
    assert "cue_analyzer" in entry["traceback"]
    assert USER_TEXT not in line


def test_lines_of_a_request_carry_its_id_even_from_code_that_does_not_pass_it(
    client_with: ClientFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.WARNING):
        client_with().post(
            "/v1/highlights",
            json={"text": "Hi.", "prompt_version": 99},
            headers={"X-Request-ID": "req-7"},
        )
    warnings = [r for r in caplog.records if r.name == "copilot.api.problems"]
    assert warnings and all(r.request_id == "req-7" for r in warnings)
