"""questions@v3: purpose first, `why` from the prompt file, anchors and near duplicates."""

from __future__ import annotations

from tests.conftest import ClientFactory

NOTES = (
    "Meeting with Ines Duarte, plant manager at Vale Ceramics, on 4 June. "
    "Kiln 3 was down for 9 days in March. "
    "They are opening a second site in Porto next year."
)


def test_each_question_gets_its_purpose_why_and_the_sentence_it_builds_on(
    client_with: ClientFactory,
) -> None:
    client = client_with(
        {
            "questions": [
                {"p": "problem", "q": "What did the 9 days of kiln downtime in March cost you?"},
                {"p": "change", "q": "How will the second site in Porto change your plans?"},
                {"p": "change", "q": "How does the second site in Porto change your plans?"},
            ]
        }
    )
    response = client.post(
        "/v1/questions", json={"context": NOTES, "count": 3, "prompt_version": 3}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    first, second = body["questions"]
    assert first["purpose"] == "problem" and first["why"].startswith("Puts a name and a cost")
    assert first["anchor"]["quote"] == "Kiln 3 was down for 9 days in March."
    assert NOTES[first["anchor"]["start"] : first["anchor"]["end"]] == first["anchor"]["quote"]
    assert second["anchor"]["quote"].startswith("They are opening a second site")
    assert body["meta"]["checks"]["duplicates_merged"] == 1
    [request] = client.app.state.fake.requests
    assert request.schema["properties"]["questions"]["minItems"] == 3
