"""Which question purposes a question serves, judged from its own words.

The eval must not credit a purpose because the model labelled its question so (a
question about the seller's meeting plan labelled `decision` is not a decision
question). Each purpose has cue words taken from the domain brief's definitions and
plain English; a question may serve several purposes, or none the cues can tell.
This lexicon belongs to the eval only: the service never reads it, so a prompt cannot
be tuned to it by accident.
"""

from __future__ import annotations

import re

from copilot.checks import normalise
from copilot.schemas.labels import QuestionPurpose

_CUES: dict[QuestionPurpose, str] = {
    QuestionPurpose.goal: (
        r"goals?|objectives?|aim(?:s|ing)?|achiev\w*|accomplish\w*|success\w*|succeed\w*"
        r"|looking to|hoping to|hope to|want(?:s|ed)? to|trying to|priorit\w*|targets?"
        r"|outcomes?|vision|ideal|look like|measur\w*|kpis?|ambitions?|matters? most"
        r"|important to (?:you|them|her|him)|plans? for (?:the|this|next)|by the end of"
    ),
    QuestionPurpose.problem: (
        r"problems?|challeng\w*|issues?|pain\w*|struggl\w*|frustrat\w*|difficult\w*"
        r"|in the way|obstacles?|bottlenecks?|cost(?:s|ing)? (?:you|them|her|him)"
        r"|slow\w*|delays?|complain\w*|not working|go(?:es|ing)? wrong|went wrong|manual"
        r"|errors?|mistakes?|wast\w*|hurt\w*|impact\w*|workarounds?|backlog|friction"
        r"|held back|holding (?:you|them|it) back|gaps?"
    ),
    QuestionPurpose.opportunity: (
        r"opportunit\w*|take advantage|potential|upside|grow\w*|expan\w*|new markets?"
        r"|leverage|benefit\w*|make the most|open(?:s)? up|untapped|capitali[sz]\w*"
        r"|if you could|what else could|free(?:d)? up|new revenue|scale\w*"
    ),
    QuestionPurpose.change: (
        r"chang\w*|shift\w*|since|recent\w*|lately|these days|different\w*|evolv\w*"
        r"|transition\w*|merg\w*|acqui\w*|reorg\w*|restructur\w*|now that|going forward"
        r"|new (?:ceo|cfo|owner|leadership|team|role|regulation|rules?|strategy)"
        r"|compared (?:to|with) last|trends?|moved? to|switch\w*"
    ),
    QuestionPurpose.risk: (
        r"risks?|risky|worr\w*|concern\w*|go(?:es)? wrong|fail\w*|what if|what happens if"
        r"|could happen|threats?|exposure|downside|fallback|contingenc\w*|plan b"
        r"|jeopard\w*|danger\w*|uncertain\w*|fears?|afraid|safeguard\w*|protect\w*"
        r"|keeps? you up|at stake|penalt\w*|audit\w*|complian\w*|derail\w*"
    ),
    QuestionPurpose.clarify: (
        r"did i|have i|am i|understand(?:ing)? (?:correctly|right)|get (?:this|that) right"
        r"|correct me|push back|disagree\w*|missing|missed|misunderst\w*|honest\w*"
        r"|feedback|reservations?|hesitat\w*|doubts?|what would you change"
        r"|anything (?:about|in) (?:our|the|my) (?:proposal|offer|quote|approach)"
        r"|how does that (?:match|compare)|fair to say|sound right|rather not"
    ),
    QuestionPurpose.decision: (
        r"decid\w*|decision\w*|sign(?:s|ed|ing)?(?: off| the)?|sign-off|approv\w*"
        r"|who else|stakeholders?|criteria|procurement|committee|board|final say"
        r"|evaluat\w*|make the call|choos\w*|select\w*|purchas\w*|buying|budget\w*"
        r"|involved|needs? to see|would make (?:it|this) a yes|go ahead|green light"
    ),
}
_PATTERNS = {purpose: re.compile(rf"(?<!\w)(?:{cues})(?!\w)") for purpose, cues in _CUES.items()}


def purposes_of(question: str) -> set[str]:
    """Every purpose whose cue words occur in ``question`` (possibly none)."""
    text = normalise(question)
    return {purpose.value for purpose, pattern in _PATTERNS.items() if pattern.search(text)}
