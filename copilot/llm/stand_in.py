"""A model stand-in that needs nothing: COPILOT_MODEL=fake.

It answers every request with the smallest JSON its schema allows, so the whole service
(routes, checks, streaming, clients, the playground) can be tried and tested with no
weights and no key. Its answers are valid and say nothing about the input: findings
come only from the cue patterns, rewrites leave the draft as written.
"""

from __future__ import annotations

import json
from typing import Any

from copilot.llm.types import ModelReply, StructuredRequest

STAND_IN_MODEL = "fake"
_PLACEHOLDER = "What would a good outcome look like for your team?"


class SchemaStandIn:
    model_name = f"{STAND_IN_MODEL}/schema"

    async def send(self, request: StructuredRequest, timeout_s: float) -> ModelReply:
        content = json.dumps(smallest_instance(request.schema, request.schema))
        return ModelReply(content, prompt_tokens=0, completion_tokens=0)

    async def readiness(self) -> tuple[bool, str]:
        return True, "stand-in model (COPILOT_MODEL=fake): answers carry no findings"


def smallest_instance(schema: dict[str, Any], root: dict[str, Any]) -> Any:
    """The smallest value `schema` accepts: required keys only, lists at their minimum
    length, the first enum value, numbers at their minimum."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return smallest_instance(root["$defs"][name], root)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            return smallest_instance(options[0], root)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        required = schema.get("required", list(properties))
        return {name: smallest_instance(properties[name], root) for name in required}
    if kind == "array":
        return [smallest_instance(schema.get("items", {}), root)] * schema.get("minItems", 0)
    if kind == "integer":
        return int(schema.get("minimum", 0))
    if kind == "number":
        return float(schema.get("minimum", 0))
    if kind == "boolean":
        return False
    return _PLACEHOLDER
