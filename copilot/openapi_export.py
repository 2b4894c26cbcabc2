"""The exported OpenAPI spec: one function, used by the CLI and by the drift test."""

from __future__ import annotations

import json

from copilot.main import create_app
from copilot.settings import Settings


def render_spec(settings: Settings | None = None) -> str:
    app = create_app(settings or Settings(_env_file=None))
    return json.dumps(app.openapi(), indent=2, sort_keys=True) + "\n"
