"""The request's text fields as sent and as analysed, and the way back to the caller's
offsets: tasks work on plain code-point text; the caller gets offsets into what they sent,
in the unit they asked for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

from pydantic import BaseModel

from copilot.email.body import EmailBody, Splice
from copilot.email.units import OffsetUnit, offset_converter
from copilot.errors import NothingToAnalyse
from copilot.schemas.common import EmailDraft, EmailInput, ExcludedRange, InputReport
from copilot.schemas.questions import Question
from copilot.schemas.rewrites import Rewrite

Field = Literal["text", "context"]
Request = TypeVar("Request", bound=EmailInput)
Located = TypeVar("Located", bound=BaseModel)


@dataclass(frozen=True)
class ReadInput:
    bodies: dict[Field, EmailBody]
    unit: OffsetUnit
    to_unit: dict[Field, Callable[[int], int]]  # per field, built once: O(length) for utf16

    @classmethod
    def of(cls, request: EmailInput) -> ReadInput:
        """Read `text` (the thread and signature cut, as the caller asks) and `context`."""
        exclude = request.exclude if isinstance(request, EmailDraft) else []
        bodies: dict[Field, EmailBody] = {}
        for name, cut in (("text", exclude), ("context", [])):
            sent = getattr(request, name, None)
            if sent:
                bodies[name] = EmailBody.read(sent, request.format, cut)
        unit = request.offset_unit
        to_unit = {name: offset_converter(body.sent, unit) for name, body in bodies.items()}
        return cls(bodies, unit, to_unit)

    def analysed(self, request: Request, *, allow_empty: bool = False) -> Request:
        """The request the tasks see: plain text, only the sender's own words."""
        update = {name: body.text for name, body in self.bodies.items()}
        if not allow_empty:
            for name, text in update.items():
                if not text.strip():
                    raise NothingToAnalyse(
                        f"`{name}` has no words left to analyse once read as "
                        f"{self.bodies[name].format} with {_cut_list(self.bodies[name])} left "
                        "out; send `exclude: []` to analyse every part"
                    )
        return request.model_copy(update=update)

    def report(self) -> InputReport:
        text = self.bodies.get("text")
        fmt = next(iter(self.bodies.values())).format if self.bodies else "text"
        excluded = []
        if text is not None:
            to_unit = self.to_unit["text"]
            excluded = [
                ExcludedRange(
                    field="text", kind=part.kind, start=to_unit(part.start), end=to_unit(part.end)
                )
                for part in text.excluded
            ]
        return InputReport(format=fmt, offset_unit=self.unit, excluded=excluded)

    def located(self, item: Located, field: Field) -> Located:
        """`item` (with `start`/`end` in the analysed field) with offsets into what was sent."""
        body = self.bodies[field]
        start, end = body.sent_span(item.start, item.end)  # type: ignore[attr-defined]
        to_unit = self.to_unit[field]
        return item.model_copy(update={"start": to_unit(start), "end": to_unit(end)})

    def rewrite(self, rewrite: Rewrite) -> Rewrite:
        """The rewrite of what was sent: changes spliced into the sent text (HTML stays HTML,
        the thread and signature untouched), every offset moved."""
        body = self.bodies["text"]
        splices = [
            Splice(*body.sent_span(change.start, change.end), change.replacement)
            for change in rewrite.changes
        ]
        return rewrite.model_copy(
            update={
                "text": body.spliced(splices),
                "changes": [self.located(change, "text") for change in rewrite.changes],
                "facts": rewrite.facts.model_copy(
                    update={
                        "kept": [self.located(f, "text") for f in rewrite.facts.kept],
                        "missing": [self.located(f, "text") for f in rewrite.facts.missing],
                    }
                ),
            }
        )

    def question(self, question: Question, field: Field) -> Question:
        """A question whose anchor indexes `field` as sent; an anchor outside it is dropped."""
        anchor = question.anchor
        if anchor is None:
            return question
        if anchor.end > len(self.bodies[field].text):
            return question.model_copy(update={"anchor": None})
        return question.model_copy(update={"anchor": self.located(anchor, field)})


def _cut_list(body: EmailBody) -> str:
    kinds = sorted({part.kind.replace("_", " ") for part in body.excluded})
    return " and ".join(kinds) or "nothing"
