"""Where an eval run's recordings live and how they are played back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import vcr

from copilot import recording
from copilot.prompts import PromptTemplate

CASSETTE_FILE = "interactions.json"


def cassette_path(root: Path, task: str, prompt: PromptTemplate, model_slug: str) -> Path:
    return root / task / f"{prompt.id}@v{prompt.version}" / model_slug / CASSETTE_FILE


def open_cassette(path: Path, record: bool) -> Any:
    """Replay never calls a model; record keeps what matches and records the rest."""
    recorder = vcr.VCR(**recording.vcr_config(), record_mode="new_episodes" if record else "none")
    recording.register_extensions(recorder)
    # Two cases with the same input send the same request: let both replay it.
    return recorder.use_cassette(str(path), allow_playback_repeats=True)
