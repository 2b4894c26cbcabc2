"""The embedded local model: a pinned GGUF served by a supervised llama.cpp child."""

from copilot.local_model.assemble import MODEL_ALIAS, resolve_model_file
from copilot.local_model.server import LocalModelServer

__all__ = ["MODEL_ALIAS", "LocalModelServer", "resolve_model_file"]
