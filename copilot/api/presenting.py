"""A task's findings in the caller's terms, the same whether they go out one by one in a
stream or together in the final body: offsets into what was sent, in the unit asked for,
and rewrites spliced back into the sent text with their score change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from copilot.api.bodies import Field, ReadInput
from copilot.api.scoring import with_score_change
from copilot.cues.analyzer import CueAnalyzer
from copilot.schemas.barriers import BarrierWarning
from copilot.schemas.questions import Question
from copilot.schemas.rewrites import Rewrite
from copilot.tasks.base import Part


@dataclass(frozen=True)
class Presenter:
    read: ReadInput
    draft: str  # the analysed `text`, before and after which a rewrite is scored
    analyzer: CueAnalyzer
    notes: Field = "text"  # the field questions are anchored in

    def warnings(self, warnings: list[BarrierWarning]) -> list[BarrierWarning]:
        return [self.read.located(warning, "text") for warning in warnings]

    def rewrites(self, rewrites: list[Rewrite]) -> list[Rewrite]:
        scored = with_score_change(rewrites, self.draft, self.analyzer)
        return [self.read.rewrite(rewrite) for rewrite in scored]

    def questions(self, questions: list[Question]) -> list[Question]:
        return [self.read.question(question, self.notes) for question in questions]

    def part(self, part: Part, items: list[Any]) -> list[BaseModel]:
        present = {
            "warnings": self.warnings,
            "rewrites": self.rewrites,
            "questions": self.questions,
        }
        return list(present[part](items))
