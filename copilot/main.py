"""create_app(): settings, prompts, model backend, routes, middleware and error handlers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from copilot import __version__
from copilot.api.highlighting import warm_instant_answers
from copilot.api.middleware import install_cors, install_middleware
from copilot.api.problems import install_problem_handlers
from copilot.api.routes import health, instant, prompts, tasks
from copilot.api.routes.playground import install_playground
from copilot.llm import Gateway
from copilot.model_factory import EmbeddedBackend, build_backend
from copilot.prompts import PromptRegistry
from copilot.settings import Settings, get_settings
from copilot.tasks.barrier_sentences import warm_examples

DESCRIPTION = (
    "Conversation copilot for salespeople: collaborative rewrites, probing questions and "
    "barrier warnings. Every quote in a response indexes the input exactly, and every "
    "response names the prompt version and model that produced it (`meta`). Errors are "
    "RFC 9457 problem+json."
)


def create_app(settings: Settings | None = None, gateway: Gateway | None = None) -> FastAPI:
    """A gateway passed in (tests, evals) is used as is; otherwise one is built on start-up."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        backend = None
        if app.state.gateway is None:
            backend = build_backend(settings)
            if isinstance(backend, EmbeddedBackend):
                backend.start()
            app.state.gateway = Gateway(backend, settings.timeout_s)
        warming = [
            asyncio.create_task(asyncio.to_thread(warm, app.state.prompts))
            for warm in (warm_instant_answers, warm_examples)
        ]
        try:
            yield
        finally:
            for task in warming:
                task.cancel()
            if isinstance(backend, EmbeddedBackend):
                await backend.stop()

    app = FastAPI(title="copilot", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.prompts = PromptRegistry.load(settings.prompts_dir, settings.cache_dir)
    app.state.gateway = gateway
    install_middleware(app, settings.max_chars)
    install_cors(app, settings.cors_allowlist)
    install_problem_handlers(app)
    for module in (tasks, instant, prompts, health):
        app.include_router(module.router)
    if settings.playground:
        install_playground(app)
    return app
