"""The playground end to end in Debian's Chromium (driven by Playwright, no downloaded
browser): paste an HTML email with a thread and a signature, see the highlights, get the
coach's findings streamed in. The model is a scripted fake; everything else is real."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from copilot.llm import Gateway
from copilot.llm.fake import FunctionBackend
from copilot.llm.types import StructuredRequest
from copilot.main import create_app
from tests.conftest import isolated_settings
from tests.live_server import serving

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).parent / "screenshots" / "playground.png"  # kept by CI as an artifact
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]

BLAME = "Your team has been dragging this out for weeks."
ULTIMATUM = "Sign the $48,000 renewal by Friday or the discount is gone."
EMAIL = (
    '<div dir="ltr">Hi Priya \U0001f44b\U0001f3fd,<br><br>'
    f"{BLAME} {ULTIMATUM}<br><br>Best,<br>Sam Okafor</div>\n"
    '<div class="gmail_quote"><div class="gmail_attr">On Mon, Nov 30, 2026 at 9:12 AM '
    "Priya Nair &lt;priya@example.com&gt; wrote:</div>"
    '<blockquote class="gmail_quote">We need more time to review the contract.</blockquote></div>'
)
COACH_ANSWER = {
    "warnings": [
        {
            "evidence": ULTIMATUM,
            "barrier": "impatience",
            "severity": "high",
            "why": "A deadline with a threat pushes before the customer's concerns are heard.",
            "instead": "Ask what the review still needs before proposing a date.",
        }
    ],
    "rewrites": [
        {
            "changes": [
                {
                    "original": BLAME,
                    "replacement": "I know the review has taken a few weeks, and I'd like to help.",
                    "reason": "blame",
                }
            ]
        }
    ],
    "questions": [
        {"text": text, "purpose": purpose, "why": "It shows what the review depends on."}
        for text, purpose in [
            ("What is your team still checking in the contract?", "clarify"),
            ("What would make the $48,000 renewal an easy yes for you?", "decision"),
            ("What has changed on your side since we last spoke?", "change"),
            ("What worries you most about renewing now?", "risk"),
            ("What should the renewal achieve for your team this year?", "goal"),
        ]
    ],
}


def coach_only(request: StructuredRequest) -> dict[str, Any] | Exception:
    if set(request.schema.get("properties", {})) == {"warnings", "rewrites", "questions"}:
        return COACH_ANSWER
    return AssertionError(f"unexpected request: {json.dumps(request.schema)[:200]}")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = isolated_settings(tmp_path_factory.mktemp("cache"), model=None)
    backend = FunctionBackend(coach_only, model_name="fake/browser", delay_s=0.3)
    app = create_app(settings, gateway=Gateway(backend, 10.0))
    with serving(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield chromium
        chromium.close()


def test_paste_see_highlights_then_get_the_coach_streamed(base_url: str, browser: Any) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(base_url)
    page.select_option("#format", "html")
    page.fill("#draft", EMAIL)

    marks = page.locator("#preview mark")
    marks.first.wait_for(timeout=10_000)
    highlighted = marks.all_inner_texts()
    assert any("dragging this out" in text for text in highlighted), highlighted
    # UTF-16 offsets slice the page's own string: the marked characters are exactly the
    # characters the highlights cover, counted in UTF-16 code units as JavaScript does
    spans = page.evaluate(
        """async (email) => {
            const r = await fetch('/v1/highlights', {method: 'POST',
              headers: {'Content-Type': 'application/json'},
              body: JSON.stringify({text: email, format: 'html', offset_unit: 'utf16'})});
            return (await r.json()).highlights.map(h => [h.start, h.end]);
        }""",
        EMAIL,
    )
    units = EMAIL.encode("utf-16-le")
    covered = sorted({unit for start, end in spans for unit in range(start, end)})
    marked = b"".join(units[2 * unit : 2 * unit + 2] for unit in covered)
    assert "".join(highlighted) == marked.decode("utf-16-le")
    assert "wrote:" in " ".join(page.locator("#preview .excluded").all_inner_texts())
    assert page.inner_text("#score") not in ("", "\u2013")

    page.click("#coach")
    page.locator("#status", has_text="done").wait_for(timeout=15_000)
    assert page.inner_text("#rewrite del") == BLAME
    assert "help" in page.inner_text("#rewrite ins")
    assert "Priya Nair" in page.inner_text("#rewrite")  # the quoted thread comes back untouched
    assert page.locator("#warnings li").count() == 1
    assert page.locator("#questions li").count() == 5
    provenance = page.inner_text("#provenance")
    assert "coach@v1" in provenance and "fake/browser" in provenance and "utf16" in provenance
    assert not errors, errors
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    page.close()
