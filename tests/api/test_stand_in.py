"""COPILOT_MODEL=fake: every endpoint answers, with no weights and no key."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from copilot.main import create_app
from copilot.settings import Settings

DRAFT = "Your team has been dragging this out. Sign by Friday or the 10% discount is gone."
NOTES = "Renewal call with Dana Ortiz (COO) on March 3; usage fell 30% after their merger."


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/rewrites", {"text": DRAFT}),
        ("/v1/questions", {"context": NOTES}),
        ("/v1/barriers", {"text": DRAFT}),
        ("/v1/coach", {"text": DRAFT, "context": NOTES}),
        ("/v1/highlights", {"text": DRAFT}),
        ("/v1/score", {"text": DRAFT}),
    ],
)
def test_every_endpoint_answers_with_the_stand_in(
    settings: Settings, path: str, body: dict[str, object]
) -> None:
    app = create_app(settings.model_copy(update={"model": "fake"}))
    with TestClient(app) as client:
        assert client.get("/readyz").status_code == 200
        response = client.post(path, json=body)
    assert response.status_code == 200, response.text
    assert response.json()["meta"]["model"] in ("fake/schema", "none", "encoder:all-MiniLM-L6-v2")
