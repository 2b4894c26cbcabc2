"""Rewrites, decided first: find the sentences that must change, then change only those.

A 1.5B model asked to find and fix every combative phrase at once (rewrites@v1-v2)
changed drafts that were fine and was slow. Here the decision comes first and is cheap:
a sentence must change when a combative cue fires in it, or when the model rates it at
or above a threshold on a one-digit scale (fitted on the dev split). Each sentence that
must change gets one short call; its replacement is checked (facts kept, no fact
invented, no combative cue left) and asked again once, naming what failed. Every call
of a request starts with the same tokens (system, background, draft), so the model
server reuses that prefix instead of reading the draft again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Annotated

import regex
from pydantic import BaseModel, Field, RootModel, create_model

from copilot import checks as fact_checks
from copilot.checks import locate, normalise
from copilot.checks.sentences import Sentence, split_sentences
from copilot.checks.words import STOPWORDS
from copilot.cues import CueAnalyzer, CueHit
from copilot.errors import MODEL_FAILURES
from copilot.schemas.common import Checks
from copilot.schemas.labels import RewriteReason
from copilot.schemas.rewrites import Change, Rewrite, RewriteRequest
from copilot.tasks.base import TaskRun, with_exact_count
from copilot.tasks.rewrite_output import apply_changes, fact_report

MAX_SENTENCES = 40  # longer drafts: later sentences are judged by the cues alone
MAX_PHRASES = 8
MIN_RATED_WORDS = 3  # "Hi Dana," or "Best, Sam" carry no tone worth a model call
COMBATIVE_BARRIERS = frozenset({"us_vs_them", "win_lose"})
COPIED_SHARE = 0.6  # share of a sentence's own words repeated in order: not a rewrite
_ADDRESS = regex.compile(r"(\p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?),\s")  # any script: "Łukasz, ..."


class Rating(RootModel[Annotated[int, Field(ge=0, le=9)]]):
    """How badly a sentence needs a collaborative rewrite: 0 not at all, 9 badly."""


class HostilePhrases(BaseModel):
    phrases: list[str] = Field(max_length=MAX_PHRASES)


class ChosenSentences(BaseModel):
    """The numbers (1-based) of the sentences the reader could take as hostile."""

    numbers: list[int] = Field(max_length=MAX_SENTENCES)


def bounded_choice(listed: int, most: int) -> type[ChosenSentences]:
    """The choice with each number bounded by the list and the answer's length bounded:
    unbounded, the 1.5B model sometimes counted 1, 2, 3, ... until max_tokens."""
    return create_model(
        "ChosenSentences",
        __base__=ChosenSentences,
        numbers=(list[Annotated[int, Field(ge=1, le=listed)]], Field(max_length=most)),
    )


class PhraseRewrite(BaseModel):
    """The words of one sentence to replace (copied exactly) and what replaces them."""

    reason: RewriteReason
    original: str
    replacements: list[str]


@dataclass
class Candidate:
    """A sentence that must change, why, and its checked replacements (one per variant)."""

    sentence: Sentence
    cues: list[CueHit]
    found: list[str] = field(default_factory=list)  # hostile phrases the model copied
    reason: RewriteReason | None = None
    span: Words | None = None
    replacements: list[str | None] = field(default_factory=list)


def combative_hits(analyzer: CueAnalyzer, text: str) -> list[CueHit]:
    """Cue hits that mean the words must change: every rewrite reason, and the barriers
    that are about the customer (us-versus-them, win/lose)."""
    return [
        hit
        for hit in analyzer.find(text)
        if hit.kind == "rewrite_reason" or hit.label in COMBATIVE_BARRIERS
    ]


async def run_sentence_rewrites(run: TaskRun, request: RewriteRequest) -> list[Rewrite]:
    candidates = await hostile_sentences(run, request)
    await rewrite_candidates(run, request, candidates)
    return [assemble(request.text, candidates, variant, run) for variant in range(request.variants)]


async def hostile_sentences(run: TaskRun, request: RewriteRequest) -> list[Candidate]:
    """The sentences that must change, as this run's version finds them (cues, ratings,
    and with `find`/`choose` the model's picks); none are rewritten yet."""
    text, context = request.text, request.context or ""
    analyzer = run.require_registry().cue_analyzer(run.pipeline["cues"])
    sentences = split_sentences(text)
    candidates = await decide_sentences(run, text, context, sentences, analyzer)
    if candidates and run.pipeline.get("find"):
        candidates = await add_found_phrases(run, text, context, sentences, candidates)
    if candidates and run.pipeline.get("choose"):
        candidates = await add_chosen_sentences(run, text, context, sentences, candidates)
    return candidates


async def rewrite_candidates(
    run: TaskRun, request: RewriteRequest, candidates: list[Candidate]
) -> None:
    """One checked rewrite call per sentence; a failed call leaves its sentence as written
    and the others still change."""
    analyzer = run.require_registry().cue_analyzer(run.pipeline["cues"])
    for candidate in candidates:
        try:
            await rewrite_sentence(run, request, candidate, analyzer)
        except MODEL_FAILURES:
            run.checks.steps_failed += 1


async def needs_changes(run: TaskRun, request: RewriteRequest) -> bool:
    """Whether any sentence of the draft must change, decided as this run's version decides
    (a combative cue, or a rating at the threshold); no rewrite is asked for."""
    analyzer = run.require_registry().cue_analyzer(run.pipeline["cues"])
    text = request.text
    sentences = split_sentences(text)
    return bool(await decide_sentences(run, text, request.context or "", sentences, analyzer))


async def decide_sentences(
    run: TaskRun, text: str, context: str, sentences: list[Sentence], analyzer: CueAnalyzer
) -> list[Candidate]:
    """Sentences with a combative cue, then those the model rates at the threshold or above.
    With `choose`, rating stops once the draft is known to need changes: the choice call
    picks the remaining sentences in one answer."""
    hits = combative_hits(analyzer, text)
    threshold = int(run.pipeline["threshold"])
    rate_all = not run.pipeline.get("choose")
    decided = bool(hits)
    chosen = []
    for index, sentence in enumerate(sentences):
        cues = [h for h in hits if sentence.start <= h.start < sentence.end]
        if cues:
            chosen.append(Candidate(sentence, cues))
            continue
        if index >= MAX_SENTENCES or _too_short(sentence) or (decided and not rate_all):
            continue
        rating = await run.ask(Rating, "rate", text=text, context=context, sentence=sentence.text)
        run.checks.sentences_rated += 1
        if rating.output.root >= threshold:
            chosen.append(Candidate(sentence, cues))
            decided = True
    return chosen


async def add_chosen_sentences(
    run: TaskRun, text: str, context: str, sentences: list[Sentence], candidates: list[Candidate]
) -> list[Candidate]:
    """Once the draft is known to need changes, the model picks every sentence the reader
    could take as hostile from the numbered list (one short answer instead of a call per
    sentence); numbers outside the list are dropped and counted."""
    listed = sentences[:MAX_SENTENCES]
    most = run.pipeline.get("most_chosen")
    output_type = bounded_choice(len(listed), min(len(listed), most)) if most else ChosenSentences
    answer = await run.ask_optional(
        output_type, "choose", text=text, context=context, sentences=[s.text for s in listed]
    )
    if answer is None:
        return candidates
    by_sentence = {c.sentence.start: c for c in candidates}
    for number in dict.fromkeys(answer.output.numbers):
        if not 1 <= number <= len(listed):
            run.checks.invalid_dropped += 1
        elif not _too_short(sentence := listed[number - 1]):
            by_sentence.setdefault(sentence.start, Candidate(sentence, []))
    return sorted(by_sentence.values(), key=lambda c: c.sentence.start)


async def add_found_phrases(
    run: TaskRun, text: str, context: str, sentences: list[Sentence], candidates: list[Candidate]
) -> list[Candidate]:
    """Once the draft is known to need changes, the model copies its hostile phrases: they
    are located in the draft, and their sentences join (or guide) the rewrite. Phrases not
    found in the draft are dropped and counted."""
    found = await run.ask_optional(HostilePhrases, "find", text=text, context=context)
    if found is None:
        return candidates
    by_sentence = {c.sentence.start: c for c in candidates}
    for phrase in found.output.phrases:
        if len(phrase.split()) < MIN_RATED_WORDS:  # a name or a sign-off, not a tone
            run.checks.invalid_dropped += 1
            continue
        span = locate(phrase, text)
        if span is None:
            run.checks.ungrounded_dropped += 1
            continue
        sentence = next((s for s in sentences if s.start <= span.start < s.end), None)
        if sentence is None:
            continue
        candidate = by_sentence.setdefault(sentence.start, Candidate(sentence, []))
        candidate.found.append(text[span.start : span.end])
    return sorted(by_sentence.values(), key=lambda c: c.sentence.start)


def _too_short(sentence: Sentence) -> bool:
    return len(sentence.text.split()) < MIN_RATED_WORDS


async def rewrite_sentence(
    run: TaskRun, request: RewriteRequest, candidate: Candidate, analyzer: CueAnalyzer
) -> None:
    """One call for this sentence: the words to replace and their replacements; one re-ask
    naming what the checks found; an answer that still loses or invents facts, or whose
    words are not in the sentence, is withdrawn (the sentence stays as written)."""
    source, sentence = request.text, candidate.sentence.text
    facts = [f.text for f in fact_checks.unique_facts(fact_checks.extract_facts(sentence))]
    name = addressed_name(sentence)
    facts = [name, *facts] if name and name not in facts else facts
    output_type = with_exact_count(PhraseRewrite, "replacements", request.variants)
    completion = await run.ask(
        output_type,
        "rewrite",
        text=source,
        context=request.context or "",
        sentence=sentence,
        facts=facts,
        words=list(dict.fromkeys([*(hit.quote for hit in candidate.cues), *candidate.found])),
        variants=request.variants,
    )
    attempt = _judge(completion.output, candidate.sentence, source, analyzer)
    if any(attempt.problems):
        retry = await run.reask(
            completion,
            _feedback(attempt.problems),
            "rewrite_checks: " + _summary(attempt.problems),
            "rewrite",
        )
        again = _judge(retry.output, candidate.sentence, source, analyzer)
        attempt = again if again.weight < attempt.weight else attempt
    candidate.reason = _reason(candidate.cues, completion.output.reason)
    candidate.span = attempt.span
    candidate.replacements = [
        None if p.facts_broken or attempt.span is None or _same(r, attempt.span.text) else r
        for r, p in zip(attempt.replacements, attempt.problems, strict=True)
    ]
    kept = [p for p, r in zip(attempt.problems, candidate.replacements, strict=True) if r]
    run.checks.changes_withdrawn += len(attempt.problems) - len(kept)
    run.checks.combative_cues_left += sum(len(p.combative) for p in kept)
    run.checks.copied_wording_left += sum(p.copied for p in kept)


@dataclass(frozen=True)
class Words:
    """Where the words the model chose to replace are in the draft."""

    start: int
    end: int
    text: str


@dataclass
class Attempt:
    span: Words | None
    replacements: list[str]
    problems: list[Problems]

    @property
    def weight(self) -> int:
        return sum(p.weight for p in self.problems)


def _judge(
    output: PhraseRewrite, sentence: Sentence, source: str, analyzer: CueAnalyzer
) -> Attempt:
    replacements = [r.strip() for r in output.replacements]
    span = _words_in(output.original, sentence, replacements)
    if span is None:
        return Attempt(None, replacements, [NOT_FOUND] * len(replacements))
    problems = [_problems(r, span.text, source, analyzer) for r in replacements]
    return Attempt(span, replacements, problems)


def _words_in(original: str, sentence: Sentence, replacements: list[str]) -> Words | None:
    """The model's `original` located inside its sentence (exact offsets in the draft); a
    final stop is taken along when the replacement brings its own."""
    found = locate(original, sentence.text)
    if found is None:
        return None
    start, end = sentence.start + found.start, sentence.start + found.end
    follows = sentence.text[found.end : found.end + 1]
    if follows and follows in ".!?" and all(r[-1:] in ".!?" for r in replacements if r):
        end += 1
    return Words(start, end, sentence.text[start - sentence.start : end - sentence.start])


@dataclass(frozen=True)
class Problems:
    missing: list[str]
    invented: list[str]
    combative: list[str]
    copied: bool = False  # the "rewrite" repeats the sentence's wording (a question appended)
    not_found: bool = False  # `original` is not in the sentence

    @property
    def facts_broken(self) -> bool:
        return bool(self.missing or self.invented or self.not_found)

    @property
    def weight(self) -> int:
        """Facts weigh more than tone: a lost price is worse than a harsh word."""
        broken = len(self.missing) + len(self.invented) + self.not_found
        return 10 * broken + len(self.combative) + self.copied

    def __bool__(self) -> bool:
        return bool(self.facts_broken or self.combative or self.copied)


NOT_FOUND = Problems([], [], [], not_found=True)


def _problems(replacement: str, words: str, source: str, analyzer: CueAnalyzer) -> Problems:
    """What is wrong with one replacement of ``words`` (facts lost or invented, combative
    cues, the same wording again)."""
    missing = [f.text for f in fact_checks.check_facts(words, replacement)[1]]
    name = addressed_name(words)
    if name and name not in replacement:
        missing.append(name)
    invented = fact_checks.check_facts(replacement, source)[1]
    combative = combative_hits(analyzer, replacement)
    return Problems(
        missing=sorted(set(missing)),
        invented=sorted({f.text for f in invented}),
        combative=sorted({h.quote for h in combative}),
        copied=copied_wording(words, replacement),
    )


def copied_wording(sentence: str, replacement: str) -> bool:
    """Whether most of the sentence's own words (facts aside) come back in the same order:
    a small model often keeps the hostile sentence and appends a friendly question."""
    facts = {w for f in fact_checks.extract_facts(sentence) for w in _words(f.text)}
    original = [w for w in _words(sentence) if w not in facts]
    if len(original) < MIN_RATED_WORDS:
        return False
    matcher = SequenceMatcher(None, original, _words(replacement), autojunk=False)
    kept = sum(block.size for block in matcher.get_matching_blocks())
    return kept / len(original) >= COPIED_SHARE


def _words(text: str) -> list[str]:
    return normalise(text).replace("'", " ").split()


def addressed_name(sentence: str) -> str | None:
    """The name a sentence opens by addressing ("Priya, we ..."): the fact extractor leaves
    sentence-initial words alone, but a rewrite must not drop the reader's name."""
    match = _ADDRESS.match(sentence)
    if not match or match.group(1).lower() in STOPWORDS or match.group(1).endswith("ly"):
        return None
    return match.group(1)


def _feedback(problems: list[Problems]) -> str:
    lines = []
    for p in problems:
        if p.missing:
            lines.append(f"Keep these facts exactly as written: {', '.join(p.missing)}.")
        if p.invented:
            lines.append(f"Add nothing the draft does not say; remove: {', '.join(p.invented)}.")
        if p.combative:
            quoted = ", ".join(f'"{c}"' for c in p.combative)
            lines.append(f"These words still sound combative; reword them: {quoted}.")
        if p.not_found:
            lines.append(
                '"original" must be copied exactly, character for character, from the sentence.'
            )
        if p.copied:
            lines.append(
                "You repeated the sentence's own words. Write it anew: keep the facts and "
                "the position, but say it without blame, threat or contempt."
            )
    unique = list(dict.fromkeys(lines))
    return " ".join(unique) + " Answer again with the complete JSON object."


def _summary(problems: list[Problems]) -> str:
    parts = {
        *(f"missing {m}" for p in problems for m in p.missing),
        *(f"invented {i}" for p in problems for i in p.invented),
        *(f"combative {c}" for p in problems for c in p.combative),
        *("copied wording" for p in problems if p.copied),
        *("original not in the sentence" for p in problems if p.not_found),
    }
    return "; ".join(sorted(parts))


def _reason(cues: list[CueHit], model_reason: RewriteReason) -> RewriteReason:
    """A rewrite-reason cue names its reason exactly; otherwise the model's label stands."""
    named = [hit.label for hit in cues if hit.kind == "rewrite_reason"]
    return RewriteReason(named[0]) if named else model_reason


def _same(replacement: str, sentence: str) -> bool:
    """A "replacement" that only repeats the sentence changes nothing."""
    return normalise(replacement).strip(" .") == normalise(sentence).strip(" .")


def assemble(text: str, candidates: list[Candidate], variant: int, run: TaskRun) -> Rewrite:
    """Splice this variant's replacements into the draft at the words each one replaces."""
    return rewrite_from_changes(text, candidate_changes(candidates, variant), run.checks)


def candidate_changes(candidates: list[Candidate], variant: int) -> list[Change]:
    """This variant's checked replacements, as changes at the words each one replaces."""
    return [change for c in candidates if (change := candidate_change(c, variant))]


def candidate_change(candidate: Candidate, variant: int) -> Change | None:
    """This variant's checked replacement of the candidate, if one was kept."""
    span, reason = candidate.span, candidate.reason
    replacement = candidate.replacements[variant] if candidate.replacements else None
    if not (span and reason and replacement):
        return None
    return Change(
        original=span.text, replacement=replacement, reason=reason, start=span.start, end=span.end
    )


def rewrite_from_changes(
    text: str, changes: list[Change], checks: Checks, summary: bool = True
) -> Rewrite:
    """The draft with these changes (sorted, none overlapping), its facts and, for versions
    that decide first, a summary of what was decided."""
    rewritten = apply_changes(text, changes)
    facts = fact_report(text, rewritten, checks)
    line = _summary_line(changes) if summary else None
    return Rewrite(text=rewritten, changes=changes, facts=facts, summary=line)


def _summary_line(changes: list[Change]) -> str:
    if not changes:
        return (
            "Left as written: no sentence blames, threatens, belittles or pressures the "
            "reader; firm statements of price, dates and decisions stay as they are."
        )
    reasons = ", ".join(dict.fromkeys(c.reason.value for c in changes))
    noun = "change" if len(changes) == 1 else "changes"
    return f"{len(changes)} {noun} ({reasons}); every other word left as written."
