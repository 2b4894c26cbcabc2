"""Over-ask, then keep the best: a small model writes a closed or generic question now
and then, and mending it costs another call. Asking for a few more questions than the
caller wants and keeping the strongest costs only their tokens."""

from __future__ import annotations

from copilot.checks import normalise
from copilot.checks.facts import extract_facts, unique_facts
from copilot.schemas.questions import Question


def names_specific(question: str, specifics: list[str]) -> bool:
    """Whether the question names one of the notes' specifics (a name, number, date...)."""
    text = normalise(question)
    return any(specific in text for specific in specifics)


def notes_specifics(notes: str) -> list[str]:
    return [normalise(fact.text) for fact in unique_facts(extract_facts(notes))]


def keep_best(questions: list[Question], count: int, notes: str) -> list[Question]:
    """The `count` strongest questions, in the model's order: open before closed, one per
    purpose before a second of the same purpose, naming a specific of the notes before
    not; the model's order breaks ties."""
    if len(questions) <= count:
        return questions
    specifics = notes_specifics(notes)
    ranked = sorted(
        range(len(questions)),
        key=lambda i: (not questions[i].open, not names_specific(questions[i].text, specifics)),
    )
    chosen: list[int] = []
    purposes: set[str] = set()
    for index in ranked:  # first pass: open questions of a purpose not yet asked about
        question = questions[index]
        if question.open and question.purpose not in purposes and len(chosen) < count:
            chosen.append(index)
            purposes.add(question.purpose)
    chosen += [i for i in ranked if i not in chosen][: count - len(chosen)]
    return [questions[i] for i in sorted(chosen)]
