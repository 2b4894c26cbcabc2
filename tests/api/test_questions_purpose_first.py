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


def test_v4_asks_for_two_more_and_keeps_the_open_varied_specific_ones_in_model_order(
    client_with: ClientFactory,
) -> None:
    client = client_with(
        {
            "questions": [
                {"p": "problem", "q": "Did the kiln downtime hurt you?"},
                {"p": "problem", "q": "What did the 9 days of kiln downtime in March cost you?"},
                {"p": "problem", "q": "What did the downtime cost the plant?"},
                {"p": "change", "q": "How will the second site in Porto change your plans?"},
                {"p": "goal", "q": "What would a good year look like for your team?"},
            ]
        }
    )
    response = client.post(
        "/v1/questions", json={"context": NOTES, "count": 3, "prompt_version": 4}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [q["text"] for q in body["questions"]] == [
        "What did the 9 days of kiln downtime in March cost you?",
        "How will the second site in Porto change your plans?",
        "What would a good year look like for your team?",
    ]
    assert body["meta"]["checks"]["surplus_dropped"] == 2
    assert body["meta"]["checks"]["closed_questions"] == 0
    [request] = client.app.state.fake.requests
    assert request.schema["properties"]["questions"]["minItems"] == 5
    assert "Write exactly 5 questions." in request.messages[-1]["content"]


def test_v4_keeps_a_closed_question_only_when_too_few_open_ones_remain(
    client_with: ClientFactory,
) -> None:
    client = client_with(
        {
            "questions": [
                {"p": "problem", "q": "Did the kiln downtime hurt you?"},
                {"p": "change", "q": "Is Porto opening next year?"},
                {"p": "change", "q": "How will the second site in Porto change your plans?"},
                {"p": "risk", "q": "Will the Porto site be late?"},
            ]
        }
    )
    response = client.post(
        "/v1/questions", json={"context": NOTES, "count": 2, "prompt_version": 4}
    )
    body = response.json()
    texts = [q["text"] for q in body["questions"]]
    assert texts[-1] == "How will the second site in Porto change your plans?" and len(texts) == 2
    assert body["meta"]["checks"]["closed_questions"] == 1


FIRST_ANSWER = {
    "questions": [
        {"p": "problem", "q": "Did the kiln downtime hurt you?"},
        {"p": "change", "q": "Is the second site in Porto still planned?"},
        {"p": "goal", "q": "What would a good year look like for your team?"},
        {"p": "risk", "q": "Could the March outage happen again?"},
        {"p": "decision", "q": "Does Ines Duarte sign off?"},
    ]
}


def test_v5_rewrites_each_closed_question_it_keeps_in_a_short_call(
    client_with: ClientFactory,
) -> None:
    reopened = {"q": "How will the second site in Porto change your plans for next year?"}
    still_closed = {"q": "Will March repeat?"}  # the original stays
    client = client_with(FIRST_ANSWER, reopened, still_closed)
    response = client.post(
        "/v1/questions", json={"context": NOTES, "count": 3, "prompt_version": 5}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    _, second, third = client.app.state.fake.requests
    assert '"Is the second site in Porto still planned?"' in second.messages[-1]["content"]
    assert '"Could the March outage happen again?"' in third.messages[-1]["content"]
    assert [(q["purpose"], q["text"], q["open"]) for q in body["questions"]] == [
        ("change", "How will the second site in Porto change your plans for next year?", True),
        ("goal", "What would a good year look like for your team?", True),
        ("risk", "Could the March outage happen again?", False),
    ]
    assert body["meta"]["checks"]["questions_reopened"] == 1
    assert body["meta"]["checks"]["closed_questions"] == 1


def test_v5_makes_no_second_call_when_every_kept_question_is_open(
    client_with: ClientFactory,
) -> None:
    client = client_with({"questions": FIRST_ANSWER["questions"][:3]})
    response = client.post(
        "/v1/questions", json={"context": NOTES, "count": 1, "prompt_version": 5}
    )
    assert response.status_code == 200, response.text
    assert len(client.app.state.fake.requests) == 1
    assert response.json()["meta"]["checks"]["questions_reopened"] == 0
