"""Shapes shared by every endpoint: the strict request base and the `meta` block."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from copilot.email.body import TextFormat
from copilot.email.thread import PartKind
from copilot.email.units import OffsetUnit


class ApiModel(BaseModel):
    """Unknown fields are rejected so a caller's typo is a 422, not a silent default."""

    model_config = ConfigDict(extra="forbid")


PROMPT_VERSION_DESCRIPTION = (
    'Pin a prompt version: a number 1-9999 (2, or "2" or "v2") or a label ("stable", '
    '"candidate": a letter, then up to 31 letters, digits, "_" or "-"). Default: the stable '
    "version. Other values get 422; well-formed but unknown versions get 404."
)
PROMPT_VERSION_PATTERN = r"^(?:[vV]?[0-9]{1,4}|[A-Za-z][A-Za-z0-9_-]{0,31})$"
PROMPT_ID_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
VersionNumber = Annotated[int, Field(strict=True, ge=1, le=9999)]
VersionName = Annotated[str, Field(pattern=PROMPT_VERSION_PATTERN)]


class PromptPinned(ApiModel):
    prompt_version: VersionNumber | VersionName | None = Field(
        None, description=PROMPT_VERSION_DESCRIPTION, examples=["stable"]
    )


def require_text(value: str | None) -> str | None:
    """Whitespace-only text is as empty as no text."""
    if value is not None and not value.strip():
        raise ValueError("must contain non-whitespace text")
    return value


class TextField(ApiModel):
    @field_validator("*", mode="after")
    @classmethod
    def _no_blank_strings(cls, value: object, info: ValidationInfo) -> object:
        """A blank required text is an error; a blank optional one (a form's empty
        `context`) is the same as leaving it out."""
        if not isinstance(value, str) or value.strip():
            return value
        field = cls.model_fields[info.field_name] if info.field_name else None
        if field is not None and not field.is_required() and field.default is None:
            return None
        return require_text(value)


class EmailInput(ApiModel):
    """How the caller's text is written and indexed: email add-ins send HTML with the
    quoted thread and a signature, and count offsets in UTF-16 code units."""

    format: TextFormat = Field(
        "text",
        description='"text" (default) or "html". HTML is read as the text a reader sees; '
        "every `start`/`end` in the response still indexes the HTML as sent, and a rewrite's "
        "`text` comes back as HTML.",
    )
    offset_unit: OffsetUnit = Field(
        "codepoint",
        description='Unit of every `start`/`end` in the response: "codepoint" (default; '
        'Python string indices) or "utf16" (JavaScript string indices: an emoji counts two).',
    )


class EmailDraft(EmailInput):
    exclude: list[PartKind] = Field(
        default_factory=lambda: ["quoted_reply", "signature"],
        max_length=2,
        description="Parts of `text` left out of the analysis and the rewrite and returned "
        "untouched: the quoted thread (reply and forward headers, Outlook header blocks, "
        '"> " lines, quote containers of HTML mail) and the signature (a "-- " line, a '
        'sign-off with a short name block, "Sent from my ..."). `[]` analyses everything. '
        "`context` is never cut: a quoted customer message is useful background.",
    )


class ExcludedRange(ApiModel):
    field: Literal["text"] = Field(description="The request field the range belongs to.")
    kind: PartKind = Field(description="What the range holds.")
    start: int = Field(description="Offset of the range in the field as sent, in `offset_unit`.")
    end: int = Field(description="End offset (exclusive), in `offset_unit`.")


class InputReport(ApiModel):
    format: TextFormat = Field("text", description="How the text fields were read.")
    offset_unit: OffsetUnit = Field(
        "codepoint", description="Unit of every `start`/`end` in this response."
    )
    excluded: list[ExcludedRange] = Field(
        default_factory=list,
        description="Parts of `text` the analysis left out (quoted thread, signature).",
    )


class PromptRef(ApiModel):
    id: str = Field(description='Prompt id, e.g. "rewrites".')
    version: int = Field(description="Prompt version that produced this response.")
    sha256: str = Field(description="SHA-256 of the prompt file, computed from its bytes.")


class TokenUsage(ApiModel):
    prompt_tokens: int = Field(description="Prompt tokens over every model call of this request.")
    completion_tokens: int = Field(description="Completion tokens over every model call.")


class Checks(ApiModel):
    """What the output checks found and fixed; the model's answer is never trusted as is."""

    model_calls: int = Field(0, description="Model calls made for this response, re-asks included.")
    schema_reasks: int = Field(
        0, description="Answers that failed the JSON schema and were asked again."
    )
    reasks: list[str] = Field(
        default_factory=list,
        description="Re-asks made because a check failed, each with its reason "
        '(e.g. "missing_facts: $48,000").',
    )
    ungrounded_dropped: int = Field(
        0, description="Items dropped because their quote does not occur in the input."
    )
    normalised_matches: int = Field(
        0,
        description="Quotes found only after whitespace, case or quote-mark normalisation; "
        "their offsets still index the input exactly.",
    )
    duplicates_merged: int = Field(0, description="Duplicate items merged into one.")
    repeated_text_removed: int = Field(
        0,
        description="Sentences cut from rewrite replacements because they repeated other "
        "parts of the input.",
    )
    invalid_dropped: int = Field(
        0, description="Items dropped because they were empty or changed nothing."
    )
    facts_missing: int = Field(
        0, description="Facts from the input still missing from a rewrite after the re-ask."
    )
    sentences_rated: int = Field(
        0, description="Sentences the model rated to decide whether they must change."
    )
    sentences_swept: int = Field(
        0,
        description="Hostile sentences that the whole-draft rewrite did not rewrite whole "
        "(less than 90% of their characters changed), then rewritten one by one (rewrites@7).",
    )
    changes_withdrawn: int = Field(
        0,
        description="Replacements left out because they lost or invented a fact: a sentence "
        "rewrite after its re-ask (the sentence stays as written); a whole-draft change of "
        "rewrites@8 and later at once (a hostile sentence is then rewritten on its own).",
    )
    combative_cues_left: int = Field(
        0, description="Combative cue words still found in a replacement after the re-ask."
    )
    copied_wording_left: int = Field(
        0,
        description="Replacements that still repeat most of their sentence's wording after "
        "the re-ask (kept: usually a friendlier ending on the same words).",
    )
    steps_failed: int = Field(
        0,
        description="Optional model steps that failed (no usable answer in time); the "
        "response was built without them (e.g. a sentence left as written).",
    )
    instructions_withheld: int = Field(
        0,
        description='Passages of the input addressed to the assistant ("ignore the notes '
        'above...") that were not sent to the model (questions@7, rewrites@9); they come back '
        "untouched and offsets still index the input as sent.",
    )
    closed_questions: int = Field(
        0, description="Questions the deterministic check found closed (yes/no or either/or)."
    )
    questions_reopened: int = Field(
        0,
        description="Closed questions the model rewrote as open ones in a second, short call "
        "(questions@5); the rewrite replaced the closed question.",
    )
    surplus_dropped: int = Field(
        0,
        description="Questions asked for beyond the requested count and left out as the "
        "weakest (closed, a purpose already asked about, no specific of the notes).",
    )


class Meta(ApiModel):
    request_id: str = Field(
        description="Also in the X-Request-ID header; a caller's own is echoed."
    )
    prompt: PromptRef = Field(description="The prompt version that produced this response.")
    model: str = Field(
        description="The litellm model string that answered; for a pipeline that calls no "
        'language model, the sentence encoder it used ("encoder:all-MiniLM-L6-v2"), or "none" '
        "when the cue patterns answered alone."
    )
    usage: TokenUsage = Field(description="Tokens used over every model call of this request.")
    latency_ms: int = Field(description="Time spent producing this response, in milliseconds.")
    checks: Checks = Field(description="What the output checks found and fixed.")
    pieces: list[PromptRef] = Field(
        default_factory=list,
        description="For a response assembled from other prompts (coach@2+): the versions "
        "of each part, in the order they ran.",
    )
    input: InputReport = Field(
        default_factory=InputReport,
        description="How the input was read: format, offset unit, and the excluded parts.",
    )
    degraded: bool = Field(
        False,
        description="True when the model could not answer and a model-free fallback (the "
        "cue patterns) produced this response: fewer and plainer findings than usual.",
    )
