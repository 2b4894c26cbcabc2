"""Command line: serve the API, manage prompt versions, export the OpenAPI spec."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from copilot.settings import get_settings

app = typer.Typer(help="Conversation copilot for salespeople.", no_args_is_help=True)
prompts_app = typer.Typer(help="Versioned prompt templates.", no_args_is_help=True)
app.add_typer(prompts_app, name="prompts")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Default: COPILOT_HOST or 127.0.0.1.")] = None,
    port: Annotated[int | None, typer.Option(help="Default: COPILOT_PORT or 8000.")] = None,
) -> None:
    """Start the API (on the embedded local model unless COPILOT_MODEL is set)."""
    import uvicorn

    from copilot.logs import configure_logging
    from copilot.main import create_app

    settings = get_settings()
    configure_logging(settings.log_level)
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
    )


@prompts_app.command("list")
def list_prompts() -> None:
    """Every prompt version with its labels and hash."""
    from copilot.prompts import PromptRegistry

    registry = PromptRegistry.load(get_settings().prompts_dir)
    for prompt_id in registry.ids():
        labels = registry.labels(prompt_id)
        for template in registry.versions(prompt_id):
            tags = ",".join(label for label, v in labels.items() if v == template.version)
            typer.echo(f"{prompt_id}@v{template.version}\t{template.sha256[:12]}\t{tags}")


@prompts_app.command("lock")
def lock_prompts() -> None:
    """Record the hash of every new prompt version; released hashes are never rewritten."""
    from copilot.prompts import lock_new_versions

    added = lock_new_versions(get_settings().prompts_dir)
    typer.echo("locked: " + (", ".join(added) if added else "nothing new"))


@app.command()
def openapi(
    out: Annotated[Path, typer.Option(help="Where to write the spec.")] = Path(
        "openapi/openapi.json"
    ),
) -> None:
    """Export the OpenAPI spec (a test fails when the committed copy drifts)."""
    from copilot.openapi_export import render_spec

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_spec(), "utf-8")
    typer.echo(f"wrote {out}")


@app.command()
def record(
    tests: Annotated[str, typer.Argument(help="What to re-record.")] = "tests/recorded",
) -> None:
    """Re-record the cassettes of the recorded tests against the embedded local model."""
    import asyncio
    import os
    import sys

    from copilot.local_model import LocalModelServer
    from copilot.recording import RECORD_API_BASE_ENV

    async def run() -> int:
        server = LocalModelServer(get_settings())
        await server.start()
        try:
            env = {**os.environ, RECORD_API_BASE_ENV: server.api_base}
            command = [sys.executable, "-m", "pytest", tests, "--record-mode=rewrite", "-q"]
            process = await asyncio.create_subprocess_exec(*command, env=env)
            return await process.wait()
        finally:
            await server.stop()

    raise typer.Exit(asyncio.run(run()))


@app.command("eval")
def evaluate(
    task: Annotated[
        list[str] | None, typer.Option(help="rewrites, questions or barriers (repeatable).")
    ] = None,
    prompt: Annotated[
        list[str] | None, typer.Option(help="id@version or id@label, e.g. rewrites@2 (repeatable).")
    ] = None,
    model: Annotated[
        list[str] | None, typer.Option(help="'embedded' or a litellm model string (repeatable).")
    ] = None,
    record: Annotated[
        bool, typer.Option(help="Call the model and record what is not yet recorded.")
    ] = False,
    concurrency: Annotated[
        int, typer.Option(min=1, help="Cases in flight at once when recording.")
    ] = 2,
    out: Annotated[
        Path | None, typer.Option(help="Write report.json, report.html and junit.xml here.")
    ] = None,
    baseline: Annotated[Path | None, typer.Option(help="A report.json to compare with.")] = None,
    thresholds: Annotated[
        Path | None,
        typer.Option(help="Gates per task and metric [default: evals/thresholds.yaml]."),
    ] = None,
    case: Annotated[
        list[str] | None, typer.Option(help="Only these case ids (repeatable).")
    ] = None,
    split: Annotated[
        Literal["dev", "test"] | None,
        typer.Option(
            help="Only dev cases (tune on these) or test cases (held out, judge on these)."
        ),
    ] = None,
    judge: Annotated[
        str | None,
        typer.Option(help="Also grade rewrites with the LLM judge, e.g. rewrite_judge@stable."),
    ] = None,
    judge_model: Annotated[
        str, typer.Option(help="'embedded' or a litellm model string for the judge.")
    ] = "embedded",
    rule: Annotated[
        Literal["union", "model", "cues", "agree"] | None,
        typer.Option(
            help="For prompts that label sentences (barriers@4: the model; barriers@6: the "
            "nearest examples): replay with another decision rule instead of the file's "
            "(union; model = the sentence labels alone; cues; agree), for ablations."
        ),
    ] = None,
) -> None:
    """Evaluate prompt versions x models on the eval datasets: replayed (offline) by default."""
    from rich.console import Console

    from copilot.evals.errors import EvalUsageError
    from copilot.evals.suite import EvalOptions, run_eval

    options = EvalOptions(
        tasks=task or [],
        prompts=prompt or [],
        models=model or ["embedded"],
        record=record,
        concurrency=concurrency,
        out=out,
        baseline=baseline,
        case_ids=case or [],
        split=split,
        judge=judge,
        judge_model=judge_model,
        rule=rule,
    )
    if thresholds is not None:
        options.thresholds = thresholds
    try:
        code = run_eval(options, get_settings(), Console())
    except EvalUsageError as exc:
        raise typer.BadParameter(str(exc)) from exc
    raise typer.Exit(code)


if __name__ == "__main__":
    app()
