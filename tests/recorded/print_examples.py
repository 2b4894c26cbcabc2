"""Print the README's example responses: the recorded calls of tests/recorded replayed
through the app (real answers of the embedded model), lists cut to three items.

    .venv/bin/python -m tests.recorded.print_examples
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import vcr
from fastapi.testclient import TestClient

from copilot import recording
from copilot.llm import Gateway
from copilot.llm.litellm_backend import LiteLLMBackend
from copilot.local_model import MODEL_ALIAS
from copilot.main import create_app
from copilot.model_factory import LOCAL_API_KEY
from copilot.settings import Settings
from tests.conftest import PROMPTS_DIR
from tests.recorded.conftest import REPLAY_API_BASE
from tests.recorded.test_endpoints_recorded import DRAFT, NOTES

CASSETTES = Path(__file__).parent / "cassettes"
SHOWN = 3
EXAMPLES = [
    ("test_rewrites", "/v1/rewrites", {"text": DRAFT}),
    ("test_questions", "/v1/questions", {"context": NOTES, "count": 6}),
    (None, "/v1/barriers", {"text": NOTES}),  # the stable design calls no model
    ("test_coach", "/v1/coach", {"text": DRAFT}),
    (None, "/v1/highlights", {"text": DRAFT}),
]


def abridged(value: Any) -> Any:
    if isinstance(value, list):
        return [abridged(v) for v in value[:SHOWN]]
    if isinstance(value, dict):
        return {k: abridged(v) for k, v in value.items()}
    return value


def main() -> None:
    backend = LiteLLMBackend(
        f"openai/{MODEL_ALIAS}", REPLAY_API_BASE, grammar_constrained=True, api_key=LOCAL_API_KEY
    )
    recorder = vcr.VCR(**recording.vcr_config(), record_mode="none")
    recording.register_extensions(recorder)
    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(_env_file=None, prompts_dir=PROMPTS_DIR, cache_dir=cache, model=None)
        client = TestClient(create_app(settings, gateway=Gateway(backend, 60.0)))
        for cassette, endpoint, body in EXAMPLES:
            name = endpoint.rsplit("/", 1)[1]
            headers = {"X-Request-ID": f"readme-{name}"}
            if cassette is None:
                response = client.post(endpoint, json=body, headers=headers)
            else:
                with recorder.use_cassette(str(CASSETTES / f"{cassette}.prettyjson")):
                    response = client.post(endpoint, json=body, headers=headers)
            payload = response.json()
            payload["meta"]["latency_ms"] = (
                "(replayed)" if cassette else payload["meta"]["latency_ms"]
            )
            print(f"## {endpoint}\n{json.dumps(abridged(payload), indent=2, ensure_ascii=False)}\n")


if __name__ == "__main__":
    main()
