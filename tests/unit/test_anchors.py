"""Anchors and near duplicates are judged from the words, with exact offsets."""

from __future__ import annotations

from copilot.checks.anchors import find_anchor, near_duplicate

NOTES = (
    "Meeting with Ines Duarte, plant manager at Vale Ceramics, on 4 June. "
    "Kiln 3 was down for 9 days in March. "
    "They are opening a second site in Porto next year."
)


def test_the_anchor_is_the_sentence_sharing_the_most_words_with_exact_offsets() -> None:
    anchor = find_anchor("What did the 9 days of kiln downtime in March cost you?", NOTES)
    assert anchor is not None
    assert anchor.text == "Kiln 3 was down for 9 days in March."
    assert NOTES[anchor.start : anchor.end] == anchor.text


def test_a_question_sharing_no_word_with_the_notes_has_no_anchor() -> None:
    assert find_anchor("What keeps you up at night?", NOTES) is None


def test_rewordings_of_one_question_are_near_duplicates_but_new_topics_are_not() -> None:
    asked = ["How will the second site in Porto change your production plans?"]
    assert near_duplicate("How does the second site in Porto change your production plans?", asked)
    assert not near_duplicate("What did the kiln 3 outage in March cost you?", asked)
