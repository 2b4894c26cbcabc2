"""Model gateway over litellm; knows nothing about sales."""

import os

# Before litellm is first imported: use its bundled price map, never download one.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from copilot.llm.gateway import Gateway
from copilot.llm.types import (
    Completion,
    ModelBackend,
    ModelReply,
    StructuredRequest,
    Usage,
)

__all__ = ["Completion", "Gateway", "ModelBackend", "ModelReply", "StructuredRequest", "Usage"]
