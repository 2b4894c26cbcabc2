"""Versioned prompt templates and data files: load, validate, hash and render.

A prompt lives in prompts/<id>/v<N>.yaml and is never edited once released
(prompts/prompts.lock.json holds the hash of every released file). Labels
such as "stable" and "candidate" point at versions in prompts/labels.yaml.
The data files that steer answers without a model (cue lists, barrier advice)
live beside them under the same rules: versioned, hashed, locked, listed.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jinja2 import StrictUndefined, meta
from jinja2.exceptions import TemplateError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from copilot.cues.analyzer import CueAnalyzer
from copilot.cues.spec import AdviceSpec, BarrierExamplesSpec, CueSpec
from copilot.embeddings import ExampleIndex, NearestRule, example_index
from copilot.errors import NotFound, PromptError

LABELS_FILE = "labels.yaml"
LOCK_FILE = "prompts.lock.json"
DEFAULT_LABEL = "stable"
MAX_VERSION_DIGITS = 4
TEMPLATE_FREE_KINDS = frozenset({"cues", "pieces", "decide_then_rewrite"})
_VERSION_FILE = re.compile(r"^v(\d+)\.yaml$")
_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


def read_yaml(path: Path) -> Any:
    """A YAML file through libyaml's C parser when PyYAML has it: the pure-Python parser
    took about a second for the prompt files, on every app start and every test."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text("utf-8"), Loader=loader)


class FewShotExample(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user: str
    assistant: str


class PromptStep(BaseModel):
    """One step of a multi-call pipeline: its own inputs and the instruction that follows
    the shared prefix (system, examples, `user`), so the server can reuse that prefix."""

    model_config = ConfigDict(extra="forbid")
    inputs: list[str] = Field(default_factory=list)
    params: dict[str, Any] = Field(default_factory=dict)  # on top of the prompt's params
    user: str


class PromptSpec(BaseModel):
    """The schema of a prompt file; unknown keys are an error, not a silent no-op."""

    model_config = ConfigDict(extra="forbid")
    id: str
    version: int = Field(ge=1)
    description: str
    inputs: list[str]
    params: dict[str, Any] = Field(default_factory=dict)
    # How the service uses the answers (pipeline kind, cue and advice versions, decision
    # rule); never sent to the model, but hashed with the file like everything else.
    pipeline: dict[str, Any] = Field(default_factory=dict)
    system: str = ""
    user: str = ""
    examples: list[FewShotExample] = Field(default_factory=list)
    steps: dict[str, PromptStep] = Field(default_factory=dict)

    @property
    def calls_a_model(self) -> bool:
        """A "cues" pipeline answers from the data files alone."""
        return self.pipeline.get("kind") != "cues"

    @property
    def has_template(self) -> bool:
        """Cues need no template; "pieces" (coach@2) and "decide_then_rewrite"
        (rewrites@6) run other prompts' templates."""
        return self.pipeline.get("kind") not in TEMPLATE_FREE_KINDS

    @model_validator(mode="after")
    def _template_unless_template_free(self) -> PromptSpec:
        if self.has_template and not (self.system and self.user):
            raise ValueError("a prompt that calls a model needs `system` and `user`")
        if not self.has_template and (
            self.system or self.user or self.examples or self.inputs or self.steps
        ):
            raise ValueError(
                "a pipeline that runs no template of its own has no template, inputs, "
                "examples or steps"
            )
        if "examples" in self.pipeline:  # barriers@6: checked here, not at the first request
            NearestRule(**self.pipeline.get("nearest", {}))
        return self


@dataclass(frozen=True)
class _VersionedFile:
    """What every versioned file shares: its parsed content, the hash of its bytes, its text."""

    spec: Any
    sha256: str
    source: str

    @property
    def id(self) -> str:
        return str(self.spec.id)

    @property
    def version(self) -> int:
        return int(self.spec.version)

    def identity(self) -> dict[str, Any]:
        """What every response and report says produced it."""
        return {"id": self.id, "version": self.version, "sha256": self.sha256}


@dataclass(frozen=True)
class PromptTemplate(_VersionedFile):
    spec: PromptSpec

    def render(self, step: str | None = None, **inputs: Any) -> list[dict[str, str]]:
        """Chat messages for these inputs; a missing or extra input is a named error.

        With a `step`, that step's instruction is appended to the last user message, after
        the shared text, so every step of one request starts with the same tokens.
        """
        expected = set(self.spec.inputs) | set(self._step(step).inputs if step else ())
        if set(inputs) != expected:
            name = f"{self.id}@v{self.version}" + (f" step {step}" if step else "")
            raise PromptError(
                f"prompt {name} takes inputs {sorted(expected)}, got {sorted(inputs)}"
            )
        messages = [{"role": "system", "content": _render(self.spec.system, inputs)}]
        for example in self.spec.examples:
            messages.append({"role": "user", "content": example.user})
            messages.append({"role": "assistant", "content": example.assistant})
        user = _render(self.spec.user, inputs)
        if step:
            user = user.rstrip("\n") + "\n\n" + _render(self._step(step).user, inputs)
        messages.append({"role": "user", "content": user})
        return messages

    def params(self, step: str | None = None) -> dict[str, Any]:
        """The call parameters of the prompt, or of one of its steps."""
        return self.spec.params | (self._step(step).params if step else {})

    def _step(self, step: str) -> PromptStep:
        try:
            return self.spec.steps[step]
        except KeyError:
            raise PromptError(f"prompt {self.id}@v{self.version} has no step {step!r}") from None


DataSpec = CueSpec | AdviceSpec | BarrierExamplesSpec
DATA_SPECS: dict[str, type[DataSpec]] = {
    "cues": CueSpec,
    "advice": AdviceSpec,
    "barrier_examples": BarrierExamplesSpec,
}


@dataclass(frozen=True)
class DataFile(_VersionedFile):
    """A versioned data file (prompts/cues, prompts/advice, prompts/barrier_examples): no
    template, same identity."""

    spec: DataSpec


Versioned = PromptTemplate | DataFile


def _render(source: str, inputs: dict[str, Any]) -> str:
    return _ENV.from_string(source).render(**inputs)


def _template_variables(spec: PromptSpec) -> set[str]:
    variables: set[str] = set()
    for source in (spec.system, spec.user):
        variables |= meta.find_undeclared_variables(_ENV.parse(source))
    return variables


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _version_of(path: Path) -> int:
    match = _VERSION_FILE.match(path.name)
    if not match:
        raise PromptError(f"{path}: prompt files are named v<N>.yaml")
    return int(match.group(1))


def load_data_file(path: Path) -> DataFile:
    """Parse and validate one data file (cues, advice); the hash comes from its bytes."""
    version = _version_of(path)
    try:
        spec = DATA_SPECS[path.parent.name].model_validate(read_yaml(path))
    except (yaml.YAMLError, ValidationError) as exc:
        raise PromptError(f"{path}: {exc}") from exc
    if spec.version != version:
        raise PromptError(f"{path}: version must match the file name")
    return DataFile(spec=spec, sha256=file_sha256(path), source=path.read_text("utf-8"))


def load_versioned(path: Path) -> Versioned:
    return load_data_file(path) if path.parent.name in DATA_SPECS else load_template(path)


def load_template(path: Path) -> PromptTemplate:
    """Parse and validate one prompt file; the hash comes from its bytes."""
    version = _version_of(path)
    try:
        spec = PromptSpec.model_validate(read_yaml(path))
        variables = _template_variables(spec)
        step_variables = {
            name: meta.find_undeclared_variables(_ENV.parse(step.user))
            for name, step in spec.steps.items()
        }
    except (yaml.YAMLError, ValidationError, TemplateError) as exc:
        raise PromptError(f"{path}: {exc}") from exc
    if spec.version != version or spec.id != path.parent.name:
        raise PromptError(f"{path}: id/version must match the folder and file name")
    if variables != set(spec.inputs):
        raise PromptError(
            f"{path}: declared inputs {sorted(spec.inputs)} differ from the template's "
            f"variables {sorted(variables)}"
        )
    for name, step in spec.steps.items():
        used = step_variables[name]
        if not used <= set(spec.inputs) | set(step.inputs) or not set(step.inputs) <= used:
            raise PromptError(
                f"{path}: step {name} declares inputs {sorted(step.inputs)} but uses {sorted(used)}"
            )
    return PromptTemplate(spec=spec, sha256=file_sha256(path), source=path.read_text("utf-8"))


class PromptRegistry:
    """Every prompt and data file version under one folder, plus the labels that point at them."""

    def __init__(
        self,
        templates: dict[str, dict[int, Versioned]],
        labels: dict[str, dict[str, int]],
        cache_dir: Path | None = None,
    ):
        self._templates = templates
        self._labels = labels
        self._analyzers: dict[str, CueAnalyzer] = {}
        self._cache_dir = cache_dir  # where encoded example sentences are kept across runs

    @classmethod
    def load(cls, root: Path, cache_dir: Path | None = None) -> PromptRegistry:
        templates: dict[str, dict[int, Versioned]] = {}
        for path in sorted(root.glob("*/v*.yaml")):
            template = load_versioned(path)
            templates.setdefault(template.id, {})[template.version] = template
        labels = _load_labels(root / LABELS_FILE)
        for prompt_id, mapping in labels.items():
            for label, version in mapping.items():
                if version not in templates.get(prompt_id, {}):
                    raise PromptError(f"label {prompt_id}:{label} points at missing v{version}")
        return cls(templates, labels, cache_dir)

    def ids(self) -> list[str]:
        return sorted(self._templates)

    def versions(self, prompt_id: str) -> list[Versioned]:
        return [self._templates[prompt_id][v] for v in sorted(self._templates.get(prompt_id, {}))]

    def labels(self, prompt_id: str) -> dict[str, int]:
        return dict(self._labels.get(prompt_id, {}))

    def get(self, prompt_id: str, version: int | str | None = None) -> PromptTemplate:
        """A prompt template by version number, label, or (None) the stable version."""
        found = self.get_any(prompt_id, version)
        if not isinstance(found, PromptTemplate):
            raise NotFound(f"'{prompt_id}' is a data file, not a prompt template")
        return found

    def cue_analyzer(self, version: int | str | None = None) -> CueAnalyzer:
        """The cue file's compiled analyzer, built once per version."""
        found = self.data_file("cues", version)
        if found.sha256 not in self._analyzers:
            self._analyzers[found.sha256] = CueAnalyzer(found.spec, found.sha256)  # type: ignore[arg-type]
        return self._analyzers[found.sha256]

    def example_index(self, version: int | str | None = None) -> ExampleIndex:
        """The encoded sentences of a barrier_examples version. Blocking: call it off the
        event loop."""
        found = self.data_file("barrier_examples", version)
        spec: BarrierExamplesSpec = found.spec  # type: ignore[assignment]
        return example_index(spec, found.sha256, self._cache_dir)

    def advice(self, version: int | str | None = None) -> AdviceSpec:
        return self.data_file("advice", version).spec  # type: ignore[return-value]

    def data_file(self, data_id: str, version: int | str | None = None) -> DataFile:
        found = self.get_any(data_id, version)
        if not isinstance(found, DataFile):
            raise NotFound(f"'{data_id}' is a prompt template, not a data file")
        return found

    def get_any(self, prompt_id: str, version: int | str | None = None) -> Versioned:
        """Resolve a version number, a label, or (None) the stable version."""
        versions = self._templates.get(prompt_id)
        if not versions:  # what was asked for is not echoed: it may be anything
            raise NotFound(f"no such prompt; prompts: {self.ids()}")
        number = self._resolve(prompt_id, DEFAULT_LABEL if version is None else version)
        if number not in versions:
            raise NotFound(
                f"prompt '{prompt_id}' has no such version; versions: "
                f"{sorted(versions)}, labels: {sorted(self.labels(prompt_id))}"
            )
        return versions[number]

    def _resolve(self, prompt_id: str, version: int | str) -> int | None:
        if isinstance(version, int):
            return version
        text = version.strip().lower().removeprefix("v")
        if text.isascii() and text.isdigit() and len(text) <= MAX_VERSION_DIGITS:
            return int(text)
        if version == DEFAULT_LABEL and DEFAULT_LABEL not in self._labels.get(prompt_id, {}):
            return max(self._templates[prompt_id])
        return self._labels.get(prompt_id, {}).get(version.strip().lower())


def _load_labels(path: Path) -> dict[str, dict[str, int]]:
    if not path.exists():
        return {}
    data = read_yaml(path) or {}
    if not isinstance(data, dict) or not all(isinstance(m, dict) for m in data.values()):
        raise PromptError(f"{path}: expected a mapping of prompt id to {{label: version}}")
    return {str(k): {str(label): int(v) for label, v in m.items()} for k, m in data.items()}


def read_lock(root: Path) -> dict[str, str]:
    path = root / LOCK_FILE
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def lock_new_versions(root: Path) -> list[str]:
    """Add never-locked prompt files to the lock; a locked hash is never rewritten."""
    lock = read_lock(root)
    added = []
    for path in sorted(root.glob("*/v*.yaml")):
        key = path.relative_to(root).as_posix()
        if key not in lock:
            lock[key] = file_sha256(path)
            added.append(key)
    (root / LOCK_FILE).write_text(json.dumps(dict(sorted(lock.items())), indent=2) + "\n", "utf-8")
    return added
