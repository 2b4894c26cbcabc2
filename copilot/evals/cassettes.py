"""Where an eval run's recordings live and how they are played back."""

from __future__ import annotations

from pathlib import Path

import vcr

from copilot import recording
from copilot.prompts import PromptTemplate

CASSETTE_FILE = "interactions.json"


def cassette_path(root: Path, task: str, prompt: PromptTemplate, model_slug: str) -> Path:
    return root / task / f"{prompt.id}@v{prompt.version}" / model_slug / CASSETTE_FILE


def recorder(record: bool) -> vcr.VCR:
    """Replay never calls a model; record keeps what matches and records the rest."""
    config = recording.vcr_config()
    config["serializer"] = recording.SERIALIZER_NAME
    recorder = vcr.VCR(
        **config,
        record_mode="new_episodes" if record else "none",
        allow_playback_repeats=True,  # two cases with the same input send the same request
    )
    recorder.register_serializer(recording.SERIALIZER_NAME, recording.PrettyJsonSerializer)
    return recorder
