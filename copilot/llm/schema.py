"""Turn a pydantic output model into a self-contained JSON schema.

Grammar-constrained servers (llama.cpp) and some providers handle `$ref` poorly,
so references are inlined and titles dropped to keep the schema small.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

from pydantic import BaseModel


def output_schema(model: type[BaseModel]) -> dict[str, Any]:
    """A fresh copy per call: callers may put it in a request that a provider layer mutates."""
    return copy.deepcopy(_inlined_schema(model))


@lru_cache
def _inlined_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Generated once per output type, not on every model call."""
    schema = model.model_json_schema()
    definitions = schema.pop("$defs", {})
    return _inline(schema, definitions)


def _inline(node: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(definitions[node["$ref"].rsplit("/", 1)[-1]], definitions)
        return {
            k: _inline(v, definitions)
            for k, v in node.items()
            if not (k == "title" and isinstance(v, str))
        }
    if isinstance(node, list):
        return [_inline(item, definitions) for item in node]
    return node
