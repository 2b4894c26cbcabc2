"""One error hierarchy: each error knows its HTTP status and a safe message.

Provider messages and stack traces never reach a caller; the `detail` of these
errors is written here and is safe to return.
"""

from __future__ import annotations


class CopilotError(Exception):
    """Base error; `status` and `title` feed the problem+json body."""

    status: int = 500
    title: str = "Internal error"
    slug: str = "internal"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    @property
    def headers(self) -> dict[str, str]:
        """Response headers the caller needs beside the problem body."""
        return {}


class InputTooLarge(CopilotError):
    status, title, slug = 413, "Input too large", "input-too-large"


class NotFound(CopilotError):
    status, title, slug = 404, "Not found", "not-found"


class PromptError(CopilotError):
    """A prompt file is malformed: a deployment error, never the caller's."""

    status, title, slug = 500, "Prompt configuration error", "prompt-configuration"


class ModelOutputUnusable(CopilotError):
    """The model answered, but not with output that passes validation."""

    status, title, slug = 502, "Model output unusable", "model-output-unusable"

    def __init__(self, detail: str, attempts: int = 0, last_output: str | None = None) -> None:
        super().__init__(detail)
        self.attempts = attempts
        self.last_output = last_output


class ModelUnavailable(CopilotError):
    status, title, slug = 503, "Model unavailable", "model-unavailable"


class ModelBusy(ModelUnavailable):
    """The embedded model's queue is longer than the deadline allows: refused at once,
    with a hint of when to come back, rather than queued to time out."""

    slug = "model-busy"

    def __init__(self, detail: str, retry_after_s: int) -> None:
        super().__init__(detail)
        self.retry_after_s = retry_after_s

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_s)}


class ModelDeadlineExceeded(CopilotError):
    status, title, slug = 504, "Model deadline exceeded", "model-deadline-exceeded"


class LocalModelError(CopilotError):
    """The embedded model cannot be assembled or started."""

    status, title, slug = 503, "Embedded model unavailable", "local-model-unavailable"


class EncoderUnavailable(CopilotError):
    """The sentence encoder's files are missing or not the pinned ones."""

    status, title, slug = 503, "Sentence encoder unavailable", "encoder-unavailable"


# What a pipeline step may survive: the model gave no usable answer in time.
MODEL_FAILURES = (ModelUnavailable, ModelDeadlineExceeded, ModelOutputUnusable)


class NothingToAnalyse(CopilotError):
    """The text holds only parts the caller asked to leave out (a quoted thread, a signature)."""

    status, title, slug = 422, "Nothing to analyse", "nothing-to-analyse"
