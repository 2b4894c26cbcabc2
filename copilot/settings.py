"""One settings object, read from COPILOT_* environment variables."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

_PACKAGE_DIR = Path(__file__).resolve().parent


def _default_prompts_dir() -> Path:
    """Prompts live at the repo top level; a wheel carries a bundled copy."""
    repo_prompts = _PACKAGE_DIR.parent / "prompts"
    return repo_prompts if repo_prompts.is_dir() else _PACKAGE_DIR / "_bundled_prompts"


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "copilot"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COPILOT_", extra="ignore")

    host: str = Field("127.0.0.1", description="Address the API listens on.")
    port: int = Field(8000, description="Port the API listens on.")
    model: str | None = Field(
        None,
        description="Any litellm model string (openai/gpt-4o-mini, ollama/llama3.1, ...). "
        'Unset: the embedded local model is started and used. "fake": a stand-in that '
        "answers every call with the smallest valid JSON, to try the API with no model.",
    )
    api_base: str | None = Field(None, description="Base URL for OpenAI-compatible servers.")
    api_key: SecretStr | None = Field(
        None,
        description="Key for COPILOT_API_BASE servers; hosted providers read their usual variables.",
    )
    response_format: Literal["auto", "json_schema", "json_object"] = Field(
        "auto",
        description="How structured output is requested: json_schema where the provider "
        "supports it, json_object with the schema attached otherwise.",
    )
    timeout_s: float = Field(
        120.0, gt=0, description="Total deadline for one model call, retries included."
    )
    max_chars: int = Field(20_000, gt=0, description="Largest input (text plus context) accepted.")
    prompts_dir: Path = Field(default_factory=_default_prompts_dir)
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    local_model_path: Path | None = Field(
        None, description="A GGUF file to serve instead of the bundled one."
    )
    local_n_ctx: int = Field(8192, description="Context window of the embedded model.")
    local_n_threads: int = Field(default_factory=lambda: os.cpu_count() or 2)
    local_prompt_cache_mb: int = Field(
        0,
        ge=0,
        description="RAM for the embedded server's prompt cache (llama-cpp-python's RAM "
        "cache: the states of recent prompts, so alternating tasks need not prefill their "
        "shared instructions again). 0, the default, keeps only the previous request's "
        "tokens: with the cache on, the sequential benchmark was no faster on 2 cores.",
    )
    local_start_timeout_s: float = Field(
        180.0, description="How long the embedded server may take to load."
    )
    cors_origins: str = Field(
        "",
        description="Browser origins allowed to call the API (CORS), comma-separated, e.g. "
        "https://addin.example.com,chrome-extension://abcdef. Empty (default): no CORS "
        'headers, browsers on other origins are refused. "*" allows any origin; cookies and '
        "other credentials are never allowed.",
    )
    playground: bool = Field(
        True,
        description="Serve the playground page at / (static files of the package, no "
        "CDN). false: / answers 404, the API is unchanged.",
    )
    log_level: str = Field("INFO")
    log_user_text: bool = Field(
        False, description="Log request text (off: logs never hold user text)."
    )

    @property
    def cors_allowlist(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]


@lru_cache
def get_settings() -> Settings:
    return Settings()
