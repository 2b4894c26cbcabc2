from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from copilot.errors import NotFound, PromptError
from copilot.prompts import LOCK_FILE, PromptRegistry, file_sha256, load_template, read_lock
from tests.conftest import PROMPTS_DIR

VALID = {
    "id": "demo",
    "version": 1,
    "description": "d",
    "inputs": ["text"],
    "params": {"temperature": 0},
    "system": "You coach.",
    "user": "Text: {{ text }}",
}


def write_prompt(root: Path, data: dict, name: str = "v1.yaml") -> Path:
    path = root / str(data.get("id", "demo")) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data), "utf-8")
    return path


def test_every_shipped_prompt_loads_and_every_label_resolves() -> None:
    registry = PromptRegistry.load(PROMPTS_DIR)
    assert {"rewrites", "questions", "barriers", "coach"} <= set(registry.ids())
    for prompt_id in registry.ids():
        assert registry.get_any(prompt_id).version == registry.labels(prompt_id)["stable"]


def test_released_prompts_are_never_edited() -> None:
    """The lock holds every released file's hash: edit a prompt by adding a new version."""
    lock = read_lock(PROMPTS_DIR)
    files = {p.relative_to(PROMPTS_DIR).as_posix() for p in PROMPTS_DIR.glob("*/v*.yaml")}
    assert files == set(lock), f"run `copilot prompts lock` to lock new versions ({LOCK_FILE})"
    for name, digest in lock.items():
        assert file_sha256(PROMPTS_DIR / name) == digest, f"{name} was edited after release"


def test_rendering_is_strict(tmp_path: Path) -> None:
    template = load_template(write_prompt(tmp_path, VALID))
    assert template.render(text="hi")[-1]["content"] == "Text: hi"
    with pytest.raises(PromptError):
        template.render()
    with pytest.raises(PromptError):
        template.render(text="hi", extra="x")


@pytest.mark.parametrize(
    "change",
    [
        {"inputs": ["text", "unused"]},
        {"inputs": []},
        {"version": 2},
        {"temperature": 0},
        {"user": "{{ text.__class__.__mro__ }}{{ text"},
    ],
)
def test_malformed_prompt_files_are_rejected(tmp_path: Path, change: dict) -> None:
    with pytest.raises(PromptError):
        load_template(write_prompt(tmp_path, {**VALID, **change}))


def test_sandbox_blocks_attribute_escape(tmp_path: Path) -> None:
    data = {**VALID, "user": "{{ text.__class__.__mro__ }}"}
    template = load_template(write_prompt(tmp_path, data))
    with pytest.raises(Exception, match=r"unsafe|access"):
        template.render(text="hi")


def test_hash_comes_from_the_file_bytes(tmp_path: Path) -> None:
    path = write_prompt(tmp_path, VALID)
    assert load_template(path).sha256 == file_sha256(path)


def test_labels_and_numbers_resolve(tmp_path: Path) -> None:
    write_prompt(tmp_path, VALID)
    write_prompt(tmp_path, {**VALID, "version": 2}, "v2.yaml")
    (tmp_path / "labels.yaml").write_text("demo: {stable: 1, candidate: 2}\n")
    registry = PromptRegistry.load(tmp_path)
    assert registry.get("demo").version == 1
    assert registry.get("demo", "candidate").version == 2
    assert registry.get("demo", "v2").version == 2
    assert registry.get("demo", 1).version == 1
    with pytest.raises(NotFound):
        registry.get("demo", "beta")


def test_a_label_pointing_nowhere_fails_at_load(tmp_path: Path) -> None:
    write_prompt(tmp_path, VALID)
    (tmp_path / "labels.yaml").write_text("demo: {stable: 3}\n")
    with pytest.raises(PromptError):
        PromptRegistry.load(tmp_path)


STEPPED = {
    **VALID,
    "steps": {
        "rate": {
            "inputs": ["sentence"],
            "params": {"max_tokens": 2},
            "user": "Rate: {{ sentence }}",
        }
    },
}


def test_a_step_follows_the_shared_text_and_adds_its_own_inputs_and_params(
    tmp_path: Path,
) -> None:
    template = load_template(write_prompt(tmp_path, STEPPED))
    plain = template.render(text="hi")
    stepped = template.render("rate", text="hi", sentence="s1")
    assert stepped[:-1] == plain[:-1]
    assert stepped[-1]["content"] == "Text: hi\n\nRate: s1"
    assert stepped[-1]["content"].startswith(plain[-1]["content"])
    assert template.params("rate") == {"temperature": 0, "max_tokens": 2}
    with pytest.raises(PromptError, match="no step"):
        template.render("missing", text="hi")
    with pytest.raises(PromptError, match="step rate"):
        template.render("rate", text="hi")


@pytest.mark.parametrize(
    "step",
    [
        {"inputs": ["sentence"], "user": "Rate: {{ other }}"},
        {"inputs": ["sentence", "unused"], "user": "Rate: {{ sentence }}"},
    ],
)
def test_a_step_must_declare_exactly_the_inputs_it_adds(tmp_path: Path, step: dict) -> None:
    with pytest.raises(PromptError, match="step rate"):
        load_template(write_prompt(tmp_path, {**VALID, "steps": {"rate": step}}))
