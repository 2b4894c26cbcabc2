"""Which model an eval run uses, and how to reach it when recording or replaying."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from copilot.llm.litellm_backend import LiteLLMBackend
from copilot.local_model import MODEL_ALIAS
from copilot.model_factory import LOCAL_API_KEY

EMBEDDED = "embedded"
REPLAY_API_BASE = "http://127.0.0.1:9/v1"  # never contacted: replay matches without the port
_PROVIDER_KEYS = ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "AZURE_API_KEY", "GEMINI_API_KEY")


@dataclass(frozen=True)
class ModelSpec:
    """`embedded` (the bundled local model) or any litellm model string."""

    name: str

    @property
    def is_embedded(self) -> bool:
        return self.name == EMBEDDED

    @property
    def litellm_model(self) -> str:
        return f"openai/{MODEL_ALIAS}" if self.is_embedded else self.name

    @property
    def slug(self) -> str:
        """A folder name: the model's identity, safe on any filesystem."""
        name = f"embedded--{MODEL_ALIAS}" if self.is_embedded else self.name
        return re.sub(r"[^A-Za-z0-9._-]+", "--", name)


def backend_for(spec: ModelSpec, api_base: str | None, replay: bool) -> LiteLLMBackend:
    """The same request shape when recording and replaying, so bodies match."""
    if spec.is_embedded:
        return LiteLLMBackend(
            spec.litellm_model,
            api_base or REPLAY_API_BASE,
            grammar_constrained=True,
            api_key=LOCAL_API_KEY,
        )
    if replay and not any(os.environ.get(key) for key in _PROVIDER_KEYS):
        return LiteLLMBackend(spec.name, api_base, api_key="replay-no-key")
    return LiteLLMBackend(spec.name, api_base)
