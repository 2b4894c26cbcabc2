from __future__ import annotations

from copilot.openapi_export import render_spec
from tests.conftest import REPO


def test_committed_spec_matches_the_app() -> None:
    """Regenerate with `copilot openapi` when the API changes on purpose."""
    committed = (REPO / "openapi" / "openapi.json").read_text("utf-8")
    assert committed == render_spec(), "openapi/openapi.json is stale: run `copilot openapi`"


def test_every_request_and_response_field_is_documented() -> None:
    import json

    spec = json.loads(render_spec())
    undocumented = [
        f"{name}.{field}"
        for name, schema in spec["components"]["schemas"].items()
        if name not in {"HTTPValidationError", "ValidationError"}  # FastAPI's own
        for field, prop in schema.get("properties", {}).items()
        if "description" not in prop and "$ref" not in prop and "allOf" not in prop
    ]
    assert undocumented == []
