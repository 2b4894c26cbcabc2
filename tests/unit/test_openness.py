import pytest

from copilot.checks import is_open_question, normalise_question

OPEN = [
    "What would need to be true for this to work?",
    "How are you evaluating vendors this quarter?",
    "Why now?",
    "Where does the $48k figure come from?",
    "When did the budget change?",
    "Which parts of the rollout worry you most?",
    "Who else signs off on this?",
    "Whom should we involve from legal?",
    "Whose approval do you need?",
    "What\u2019s driving the March 3 deadline?",
    "WHAT is the real blocker?",
    "Tell me about your current process.",
    "Walk me through the approval steps.",
    "Describe the ideal outcome for Northwind.",
    "Explain how procurement works on your side.",
    "Help me understand the concern about SOC 2.",
    "In what way does the price affect the decision?",
    "To what extent is your CFO involved?",
    # leading filler is ignored
    "So, what changed since Q2?",
    "And how does the CFO see it?",
    "Okay - what's driving the deadline?",
    "Out of curiosity, who else is involved?",
    "So and also, what else matters?",
    # a title's full stop does not end the sentence
    "How does Dr. Okafor plan to collect payments in KES?",
    "What would Mrs. Kowalczyk change about the shop windows?",
    "Which branch, St. Albans or Luton, sees the most returns?",
    "Thanks, Mr. Ito. What would success look like by Q3?",
    # invitations phrased with a modal are open
    "Could you tell me more about the rollout?",
    "Can you walk me through the approval process?",
    "Would you share how the budget was set?",
    "Could you please walk me through it?",
    "Would you describe what success looks like?",
    # a lead-in statement is skipped; the first question decides
    "Understood. How does procurement work?",
    "How big is the team? Is it 10 people?",
    "How does the $1.5M budget break down?",
    # a wh-clause after a comma
    "Given the timeline, what would need to change?",
    "Given the timeline, the budget, and the team, how should we phase it?",
    "Your team, how big is it?",
    "Hi Sarah, what is the main concern?",
    "Before we go further, could you walk me through the timeline?",
    # wrapped in quotes or a bullet
    "\u201cWhat would success look like?\u201d",
    "- How do you measure ROI?",
    "  what\n  is   the  process?  ",
]

CLOSED = [
    "Is the budget approved?",
    "Are you the decision maker?",
    "Am I right that legal is involved?",
    "Was the price the only issue?",
    "Were you expecting a discount?",
    "Do you have budget?",
    "Does Q3 work?",
    "Did Northwind offer 15%?",
    "Can we start on March 3?",
    "Could the CFO join the call?",
    "Will you sign this week?",
    "Would Tuesday or Wednesday work better?",
    "Should we loop in legal?",
    "Shall we book 30 minutes?",
    "May I ask who else is bidding?",
    "Might there be room in the budget?",
    "Have you considered a phased rollout, or is it all-or-nothing?",
    "Has the board approved it?",
    "Had you budgeted for this?",
    "Must it be live by Friday?",
    "Isn't that a risk?",
    "Aren't you worried about the timeline?",
    "Don't you think so?",
    "Doesn't SOC 2 cover it?",
    "Didn't we agree on $40k?",
    "Won't that delay things?",
    "Wouldn't a pilot help?",
    "Can't we meet halfway?",
    "Couldn't we split the difference?",
    # either/or with an auxiliary
    "Is it the price or the timeline?",
    "Do you prefer monthly or annual billing?",
    # invitations that are yes/no in disguise
    "Could you tell me if the budget is approved?",
    "Can you tell me whether Q3 works?",
    # suggestions
    "How about we meet Tuesday?",
    "Why don't we start with a pilot?",
    "Why not sign now?",
    # filler, then closed
    "So, is it fixed?",
    "And do you agree?",
    "Just to confirm, is March 3 still the date?",
    # no question form at all
    "Budget?",
    "The $48k, fixed?",
    "You mentioned the $48k, is that fixed?",
    "Thanks for that. Is it signed?",
    "Is Dr. Okafor the one who signs?",
    "I'd love to hear more.",
    "Are we aligned, and what's next?",
    "",
    "   ",
    "?",
]


@pytest.mark.parametrize("question", OPEN)
def test_open_questions(question: str) -> None:
    assert is_open_question(question) is True


@pytest.mark.parametrize("question", CLOSED)
def test_closed_questions(question: str) -> None:
    assert is_open_question(question) is False


def test_word_starting_with_a_filler_is_not_filler() -> None:
    assert is_open_question("Sounds good, what next?") is True
    assert is_open_question("Nowhere else, right?") is False


def test_wh_word_must_start_the_clause() -> None:
    assert is_open_question("You know what I mean?") is False
    assert is_open_question("Is that what you want?") is False


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What\u2019s   the budget, really?!", "whats the budget really"),
        ("what's the budget really", "whats the budget really"),
        ("  How do you\nmeasure ROI? ", "how do you measure roi"),
        ("Follow-up: Q3 2026 \u2014 ok?", "follow up q3 2026 ok"),
        ("\u201cWhy now?\u201d", "why now"),
        ("$48k, fixed?", "$48k fixed"),
        ("", ""),
    ],
)
def test_normalise_question(question: str, expected: str) -> None:
    assert normalise_question(question) == expected


def test_normalise_question_detects_duplicates() -> None:
    first = "What's driving the deadline?"
    second = "  what\u2019s DRIVING the deadline ?? "
    third = "What is driving the deadline?"
    assert normalise_question(first) == normalise_question(second)
    assert normalise_question(first) != normalise_question(third)
