import random

import pytest

from copilot.checks import Span, locate, locate_after, normalise, strip_quote

EMAIL = (
    "Hi Sarah,\n\n"
    "Honestly, $48,000 for 40 seats is way above what we budgeted. "
    "Our CFO said we can\u2019t go past $40k this year \u2014 full stop.\n"
    "We\u2019ve been burned before\u2026 the last vendor promised \u201cgo-live in two weeks\u201d "
    "and took four months.\n\n"
    "If you can\u2019t match   Acme\u2019s price, we walk.\n"
    "Best,\nDan"
)

SAMPLES = [
    EMAIL,
    (
        "Your renewal quote is 18% higher than last year. Nobody told us about the price "
        "increase. Nobody told us about the new tiers either. We need an answer by Friday, "
        "March 3, or we go with Northwind."
    ),
    (
        "I've asked three times for the SOC 2 report.\tThree times.  Still nothing.\r\n"
        "\u2018Soon\u2019 is not an answer -- and \"we're working on it\" isn't either.\n"
        "Get it to me by 3pm or the deal is off."
    ),
]


def text_at(span: Span | None, source: str) -> str:
    assert span is not None
    return source[span.start : span.end]


# --- exact and stripped matches -------------------------------------------------


def test_exact_match_returns_exact_offsets() -> None:
    source = "We cannot justify $48,000 for 40 seats."
    span = locate("$48,000 for 40 seats", source)
    assert span == Span(18, 38, normalised=False)
    assert source[18:38] == "$48,000 for 40 seats"


def test_quote_at_start_of_source() -> None:
    source = "Nobody told us about the price increase."
    assert locate("Nobody told us", source) == Span(0, 14, normalised=False)


def test_quote_at_end_of_source() -> None:
    source = "We need an answer by Friday"
    assert locate("by Friday", source) == Span(18, 27, normalised=False)


def test_whole_source_is_the_quote() -> None:
    source = "Your price is too high."
    assert locate(source, source) == Span(0, len(source), normalised=False)


def test_first_occurrence_wins() -> None:
    source = "Nobody told us. Really, nobody told us."
    assert locate("told us", source) == Span(7, 14, normalised=False)


def test_surrounding_whitespace_in_quote_is_not_part_of_span() -> None:
    source = "Our CFO said no."
    span = locate("   CFO said \n", source)
    assert span == Span(4, 12, normalised=False)
    assert text_at(span, source) == "CFO said"


def test_quote_marks_and_trailing_punctuation_are_stripped() -> None:
    source = "They said we need this by Friday, no later"
    span = locate('"we need this by Friday."', source)
    assert span == Span(10, 32, normalised=False)
    assert text_at(span, source) == "we need this by Friday"


def test_quoted_quote_found_verbatim_keeps_its_quote_marks() -> None:
    source = 'The vendor promised "go-live in two weeks" and failed.'
    span = locate('"go-live in two weeks"', source)
    assert text_at(span, source) == '"go-live in two weeks"'
    assert span is not None and not span.normalised


@pytest.mark.parametrize(
    "quote",
    [
        "\u201cwe walk\u201d",
        "'we walk'",
        "`we walk`",
        "\u00abwe walk\u00bb",
        '"we walk?!"',
        "we walk;",
    ],
)
def test_various_wrappers_are_stripped(quote: str) -> None:
    source = "If you cannot match it, we walk."
    span = locate(quote, source)
    assert span == Span(24, 31, normalised=False)


# --- normalised matches -----------------------------------------------------------


def test_different_case_is_found_via_normalisation() -> None:
    source = "Nobody told us about the PRICE increase."
    span = locate("nobody told us about the price increase", source)
    assert span == Span(0, 39, normalised=True)
    assert text_at(span, source) == "Nobody told us about the PRICE increase"


def test_curly_quotes_in_source_straight_in_quote() -> None:
    span = locate("our CFO said we can't go past $40k", EMAIL)
    assert span is not None and span.normalised
    assert text_at(span, EMAIL) == "Our CFO said we can\u2019t go past $40k"
    assert span.start == EMAIL.index("Our CFO")


def test_straight_quotes_in_source_curly_in_quote() -> None:
    source = 'We can\'t wait for "phase two".'
    span = locate("We can\u2019t wait for \u201cphase two\u201d", source)
    assert span == Span(0, 29, normalised=True)
    assert text_at(span, source) == 'We can\'t wait for "phase two"'


def test_normalised_match_of_stripped_quote_when_full_quote_differs() -> None:
    source = "If you can't match it, WE WALK."
    span = locate("\u201cwe walk!\u201d", source)
    assert span == Span(23, 30, normalised=True)
    assert text_at(span, source) == "WE WALK"


def test_em_dash_in_source_hyphen_in_quote() -> None:
    span = locate("this year - full stop", EMAIL)
    assert text_at(span, EMAIL) == "this year \u2014 full stop"


def test_ellipsis_char_in_source_three_dots_in_quote() -> None:
    span = locate("burned before... the last vendor", EMAIL)
    assert text_at(span, EMAIL) == "burned before\u2026 the last vendor"


def test_newline_inside_source_space_in_quote() -> None:
    source = "Our budget is\n  capped at $40k for Q3."
    span = locate("our budget is capped at $40k", source)
    assert span == Span(0, 30, normalised=True)
    assert text_at(span, source) == "Our budget is\n  capped at $40k"


def test_newline_inside_quote_space_in_source() -> None:
    source = "If you can't match Acme's price, we walk."
    span = locate("If you can't match\nAcme's price", source)
    assert span == Span(0, 31, normalised=True)


def test_whitespace_runs_in_source_collapse() -> None:
    span = locate("if you can't match Acme's price", EMAIL)
    assert text_at(span, EMAIL) == "If you can\u2019t match   Acme\u2019s price"


def test_tabs_and_crlf_in_source() -> None:
    source = SAMPLES[2]
    span = locate("the SOC 2 report. Three times. Still nothing.", source)
    assert text_at(span, source) == "the SOC 2 report.\tThree times.  Still nothing."


def test_normalised_match_never_starts_or_ends_on_whitespace() -> None:
    source = "  Price\n\n is   too high  "
    span = locate("price is too high", source)
    assert span == Span(2, 23, normalised=True)
    assert text_at(span, source) == "Price\n\n is   too high"


def test_non_ascii_case_folding_keeps_offsets() -> None:
    source = "Visit the \u0130stanbul OFFICE today"
    span = locate("\u0130STANBUL office", source)
    assert text_at(span, source) == "\u0130stanbul OFFICE"


def test_match_inside_an_expanded_character_is_rejected() -> None:
    # ".. now we" matches the normalised "wait... now we" but no substring of the
    # source normalises to it: the ellipsis character cannot be split.
    assert locate(".. now we", "wait\u2026 now we go") is None


def test_exact_tier_beats_earlier_normalised_occurrence() -> None:
    source = "PRICE is high. price is high."
    assert locate("price is high", source) == Span(15, 28, normalised=False)


# --- rejections -----------------------------------------------------------------


@pytest.mark.parametrize("quote", ["", "   ", "\n\t", "ok", "a b", '"no"', "..", "  x.  "])
def test_empty_or_short_quotes_are_rejected(quote: str) -> None:
    assert locate(quote, "ok a b no x. .. ok") is None


def test_three_characters_are_enough() -> None:
    assert locate("$40", "capped at $40 a seat") == Span(10, 13, normalised=False)


def test_quote_not_present() -> None:
    assert locate("we are happy with the price", EMAIL) is None


def test_paraphrase_is_not_matched() -> None:
    assert locate("our CFO will not go above $40k", EMAIL) is None


def test_elided_quote_is_not_bridged() -> None:
    assert locate("Honestly, $48,000 ... is way above", EMAIL) is None
    assert locate("Honestly, $48,000\u2026 is way above", EMAIL) is None


def test_empty_source() -> None:
    assert locate("price", "") is None


# --- locate_after -----------------------------------------------------------------


def test_locate_after_skips_used_occurrence() -> None:
    source = SAMPLES[1]
    first = locate("Nobody told us about the", source)
    assert first == Span(49, 73, normalised=False)
    second = locate_after("Nobody told us about the", source, {(49, 73)})
    assert second == Span(90, 114, normalised=False)
    assert text_at(second, source) == "Nobody told us about the"


def test_locate_after_returns_first_when_all_used() -> None:
    source = SAMPLES[1]
    used = {(49, 73), (90, 114)}
    assert locate_after("Nobody told us about the", source, used) == Span(49, 73, False)


def test_locate_after_with_nothing_used_equals_locate() -> None:
    for quote in ["told us", "nobody TOLD us", "\u201cFriday\u201d", "missing words"]:
        assert locate_after(quote, SAMPLES[1], set()) == locate(quote, SAMPLES[1])


def test_locate_after_falls_back_to_normalised_occurrences() -> None:
    source = "Price is high. PRICE IS HIGH. price is high."
    used: set[tuple[int, int]] = set()
    spans = []
    for _ in range(3):
        span = locate_after("price is high", source, used)
        assert span is not None
        used.add((span.start, span.end))
        spans.append(span)
    assert spans == [
        Span(30, 43, normalised=False),
        Span(0, 13, normalised=True),
        Span(15, 28, normalised=True),
    ]


def test_locate_after_ignores_unrelated_used_spans() -> None:
    assert locate_after("told us", "Nobody told us.", {(0, 3)}) == Span(7, 14, False)


def test_locate_after_with_missing_quote() -> None:
    assert locate_after("not there", "Nobody told us.", set()) is None


def test_locate_after_handles_overlapping_occurrences() -> None:
    source = "no no no no"
    assert locate_after("no no", source, {(0, 5)}) == Span(3, 8, normalised=False)


# --- helpers ------------------------------------------------------------------------


def test_normalise() -> None:
    assert normalise("  We CAN\u2019T\n\n wait \u2014 \u201creally\u201d\u2026 ") == (
        'we can\'t wait - "really"...'
    )


def test_strip_quote_repeats_until_stable() -> None:
    assert strip_quote(' "\u201cWe walk.\u201d", ') == "We walk"


# --- invariants -----------------------------------------------------------------------


def assert_invariant(quote: str, source: str, span: Span | None) -> None:
    assert span is not None
    found = source[span.start : span.end]
    assert found
    assert not found[0].isspace() and not found[-1].isspace()
    assert normalise(found) in {normalise(quote), normalise(strip_quote(quote))}


def word_aligned_slice(source: str, rng: random.Random) -> tuple[int, int]:
    """A random slice that cuts no word in two: quotes are made of whole words."""
    cuts = [
        i
        for i in range(len(source) + 1)
        if i in (0, len(source)) or not (source[i - 1].isalnum() and source[i].isalnum())
    ]
    while True:
        start = rng.choice(cuts[:-1])
        ends = [c for c in cuts if start < c <= start + 80]
        if ends:
            return start, rng.choice(ends)


@pytest.mark.parametrize("source", SAMPLES)
def test_random_substrings_are_located_exactly(source: str) -> None:
    rng = random.Random(0)
    checked = 0
    while checked < 300:
        start, end = word_aligned_slice(source, rng)
        quote = source[start:end]
        if sum(not c.isspace() for c in strip_quote(quote)) < 3:
            continue
        span = locate(quote, source)
        assert span is not None, quote
        assert source[span.start : span.end] == quote.strip()
        assert not span.normalised
        assert_invariant(quote, source, span)
        checked += 1


TYPOGRAPHY = {
    "\u2019": "'",
    "\u2018": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2014": "-",
    "\u2026": "...",
}


def mangle(quote: str, rng: random.Random) -> str:
    """What a model does to a quote: case, typography and whitespace changes."""
    quote = "".join(TYPOGRAPHY.get(c, c) for c in quote)
    quote = "".join(c.upper() if rng.random() < 0.3 else c.lower() for c in quote)
    return rng.choice([" ", "\n", "  "]).join(quote.split())


@pytest.mark.parametrize("source", SAMPLES)
def test_random_mangled_substrings_map_back_to_source(source: str) -> None:
    rng = random.Random(0)
    checked = 0
    while checked < 300:
        start, end = word_aligned_slice(source, rng)
        original = source[start:end]
        quote = mangle(original, rng)
        if sum(not c.isspace() for c in strip_quote(quote)) < 3:
            continue
        span = locate(quote, source)
        assert_invariant(quote, source, span)
        assert locate_after(quote, source, set()) == span
        checked += 1


@pytest.mark.parametrize("source", SAMPLES)
def test_random_foreign_quotes_are_not_located(source: str) -> None:
    rng = random.Random(0)
    words = ["budget", "renewal", "discount", "contract", "pilot", "legal", "procurement"]
    for _ in range(50):
        quote = " ".join(rng.sample(words, 3))
        assert locate(quote, source) is None


def test_a_quote_never_matches_inside_a_word() -> None:
    source = "We have always delivered; your last vendor never did."
    assert locate("Our last vendor never did.", source) is None
    span = locate("your last vendor", source)
    assert span is not None and source[span.start : span.end] == "your last vendor"
    assert locate("ivered; your", source) is None
