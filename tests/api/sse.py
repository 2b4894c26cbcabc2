"""Reading a text/event-stream body in tests, as a browser's EventSource would."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Event:
    name: str
    data: Any


def read_events(body: str) -> list[Event]:
    """Each block of `event:`/`data:` lines, keep-alive comments skipped, data as JSON."""
    events = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        name, data = "message", []
        for line in block.split("\n"):
            if line.startswith("event:"):
                name = line[len("event:") :].strip()
            elif line.startswith("data:"):
                data.append(line[len("data:") :].removeprefix(" "))
        if data:
            events.append(Event(name, json.loads("\n".join(data))))
    return events
