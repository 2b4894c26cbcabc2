"""The domain's label sets, verbatim from the shared domain brief."""

from __future__ import annotations

from enum import StrEnum


class QuestionPurpose(StrEnum):
    goal = "goal"
    problem = "problem"
    opportunity = "opportunity"
    change = "change"
    risk = "risk"
    clarify = "clarify"
    decision = "decision"


class Barrier(StrEnum):
    lack_of_preparation = "lack_of_preparation"
    history_and_preconceptions = "history_and_preconceptions"
    excessive_goal_focus = "excessive_goal_focus"
    falling_in_love_with_plan = "falling_in_love_with_plan"
    conscious_competence = "conscious_competence"
    impatience = "impatience"
    unchecked_enthusiasm = "unchecked_enthusiasm"
    us_vs_them = "us_vs_them"
    win_lose = "win_lose"
    overselling = "overselling"
    avoiding_bad_news = "avoiding_bad_news"


class RewriteReason(StrEnum):
    blame = "blame"
    us_vs_them = "us_vs_them"
    ultimatum = "ultimatum"
    contempt = "contempt"
    absolute_language = "absolute_language"
    battle_metaphor = "battle_metaphor"
    dismissive = "dismissive"
    pressure = "pressure"
    one_sided_framing = "one_sided_framing"
    hedging_lost_position = "hedging_lost_position"


class Severity(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


LABEL_SETS: dict[str, type[StrEnum]] = {
    "question_purpose": QuestionPurpose,
    "barrier": Barrier,
    "rewrite_reason": RewriteReason,
    "severity": Severity,
}
