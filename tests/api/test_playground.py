"""The playground is served from the package at /, with no third-party origin."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from copilot.main import create_app
from copilot.settings import Settings
from tests.conftest import ClientFactory


def test_the_page_and_its_files_are_served(client_with: ClientFactory) -> None:
    client = client_with()
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sorted(assets) == ["/playground/playground.css", "/playground/playground.js"]
    for asset in assets:
        assert client.get(asset).status_code == 200


def test_no_file_loads_anything_from_another_origin(client_with: ClientFactory) -> None:
    client = client_with()
    for path in ("/", "/playground/playground.css", "/playground/playground.js"):
        assert not re.search(r"https?://", client.get(path).text), path


def test_the_page_is_not_in_the_api_reference(client_with: ClientFactory) -> None:
    paths = client_with().get("/openapi.json").json()["paths"]
    assert "/" not in paths and not any(p.startswith("/playground") for p in paths)


def test_the_playground_can_be_turned_off(settings: Settings) -> None:
    client = TestClient(create_app(settings.model_copy(update={"playground": False})))
    assert client.get("/").status_code == 404
    assert client.get("/playground/playground.js").status_code == 404
