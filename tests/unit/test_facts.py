import itertools

import pytest

from copilot.checks import Fact, check_facts, extract_facts, fact_survives, unique_facts

EMAIL = """Hi Sarah,

Thanks for the call on Monday. Honestly, $48,000 for 40 seats is way above what \
Northwind budgeted. Our CFO, Dan O'Brien, said we can't go past USD 40k this year. \
We need SOC 2 Type II and the ERP integration live by March 3, 2026 or Q3 2026 at the \
latest. Can you do 15% off? Call me at 3:30 PM ET or 14:00 tomorrow. Details at \
https://northwind.com/rfp?id=12. Email dan.obrien@northwind.com.

Acme Corp said they'd match it. THIS IS NOT ACCEPTABLE.

Best,
Maria
Northwind Traders
"""


def kinds_and_texts(text: str) -> list[tuple[str, str]]:
    return [(fact.kind, fact.text) for fact in extract_facts(text)]


def only_fact(text: str) -> Fact:
    facts = extract_facts(text)
    assert len(facts) == 1, facts
    return facts[0]


# --- a realistic email ----------------------------------------------------------------


def test_realistic_email_facts_in_order() -> None:
    assert kinds_and_texts(EMAIL) == [
        ("name", "Sarah"),
        ("date", "Monday"),
        ("amount", "$48,000"),
        ("number", "40"),
        ("name", "Northwind"),
        ("name", "Dan O'Brien"),
        ("amount", "USD 40k"),
        ("name", "SOC 2 Type II"),
        ("date", "March 3, 2026"),
        ("date", "Q3 2026"),
        ("percentage", "15%"),
        ("time", "3:30 PM ET"),
        ("time", "14:00"),
        ("url", "https://northwind.com/rfp?id=12"),
        ("email", "dan.obrien@northwind.com"),
        ("name", "Acme Corp"),
        ("name", "Maria"),
        ("name", "Northwind Traders"),
    ]


def test_realistic_email_offsets() -> None:
    facts = extract_facts(EMAIL)
    for fact in facts:
        assert EMAIL[fact.start : fact.end] == fact.text
    assert facts[2] == Fact("amount", "$48,000", 52, 59)
    assert facts[-1] == Fact("name", "Northwind Traders", len(EMAIL) - 18, len(EMAIL) - 1)


@pytest.mark.parametrize(
    "text",
    [
        EMAIL,
        "Re: renewal\n\nWe pay $12,500/month for 25 users. Q4 is out; 2026-01-15 at 9am works.",
        "Email jane@acme.com or see acme.com/pricing. Call at 3pm. Budget: EUR 20k (15%).",
        "",
        "no facts here at all.",
    ],
)
def test_facts_are_sorted_non_overlapping_and_exact(text: str) -> None:
    facts = extract_facts(text)
    assert [f.start for f in facts] == sorted(f.start for f in facts)
    for before, after in itertools.pairwise(facts):
        assert before.end <= after.start
    for fact in facts:
        assert fact.text and text[fact.start : fact.end] == fact.text


# --- amounts, percentages, numbers ------------------------------------------------------


@pytest.mark.parametrize(
    "amount",
    [
        "$48,000",
        "$48,000.00",
        "USD 1.2M",
        "USD40,000",
        "\u20ac5k",
        "12,500 euros",
        "$1.2 million",
        "\u00a330",
        "48,000 dollars",
        "5 USD",
        "US$900",
        "$3bn",
    ],
)
def test_amounts(amount: str) -> None:
    text = f"The quote was {amount} in total."
    assert only_fact(text) == Fact("amount", amount, 14, 14 + len(amount))


@pytest.mark.parametrize("percentage", ["15%", "15 %", "15 percent", "2.5 per cent", "10 pct"])
def test_percentages(percentage: str) -> None:
    assert only_fact(f"A {percentage} discount") == Fact(
        "percentage", percentage, 2, 2 + len(percentage)
    )


def test_numbers_with_units_or_two_digits() -> None:
    text = "We need 40 seats for 3 years, 3-year terms, 2026 budget, 1.5 FTE and 3 options."
    assert kinds_and_texts(text) == [
        ("number", "40"),
        ("number", "3"),
        ("number", "3"),
        ("number", "2026"),
        ("number", "1.5"),
        ("name", "FTE"),
    ]


@pytest.mark.parametrize("text", ["It is 7.", "We are 10x better", "24/7 support", "v2.0 notes"])
def test_things_that_are_not_numbers(text: str) -> None:
    assert extract_facts(text) == []


def test_amount_beats_inner_number_and_currency_code() -> None:
    assert kinds_and_texts("USD 48,000 and 48,000") == [
        ("amount", "USD 48,000"),
        ("number", "48,000"),
    ]


# --- dates and times ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "date",
    [
        "March 3",
        "March 3, 2026",
        "3 March 2026",
        "3rd of March",
        "Mar 3rd",
        "Sept 12",
        "May 15",
        "March 2026",
        "March",
        "2026-03-03",
        "03/03/2026",
        "3/3/26",
        "03.03.2026",
        "Q3",
        "Q3 2026",
        "Friday",
        "mondays",
    ],
)
def test_dates(date: str) -> None:
    assert only_fact(f"we sign on {date} if legal agrees") == Fact("date", date, 11, 11 + len(date))


@pytest.mark.parametrize(
    "text",
    ["by the end of month", "sometime next week", "May I ask why?", "we may sign", "by tomorrow"],
)
def test_relative_or_ambiguous_dates_are_not_facts(text: str) -> None:
    assert extract_facts(text) == []


@pytest.mark.parametrize("time", ["3pm", "3:30 PM", "14:00", "9 am", "9 a.m.", "11AM PT", "3pm ET"])
def test_times(time: str) -> None:
    assert only_fact(f"call at {time} sharp") == Fact("time", time, 8, 8 + len(time))


def test_weekday_date_and_time_stay_separate() -> None:
    assert kinds_and_texts("Monday, March 3 at 3pm ET") == [
        ("date", "Monday"),
        ("date", "March 3"),
        ("time", "3pm ET"),
    ]


# --- emails and URLs ---------------------------------------------------------------------


def test_email_beats_the_name_inside_it() -> None:
    text = "Write to Jane.Doe@Acme.com today"
    assert only_fact(text) == Fact("email", "Jane.Doe@Acme.com", 9, 26)


def test_url_beats_the_email_inside_it() -> None:
    text = "Unsubscribe: https://acme.com/optout?user=jane@acme.com now"
    assert only_fact(text) == Fact("url", "https://acme.com/optout?user=jane@acme.com", 13, 55)


def test_email_trailing_period_is_not_included() -> None:
    assert only_fact("Email dan@northwind.com.").text == "dan@northwind.com"


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (
            "See https://acme.com/Pricing?plan=Pro&seats=40.",
            "https://acme.com/Pricing?plan=Pro&seats=40",
        ),
        ("see www.acme.io/x, ok", "www.acme.io/x"),
        ("visit acme.com today", "acme.com"),
        ("(http://Northwind.co.uk/SOC2)", "http://Northwind.co.uk/SOC2"),
    ],
)
def test_urls_swallow_everything_inside(text: str, url: str) -> None:
    fact = only_fact(text)
    assert (fact.kind, fact.text) == ("url", url)
    assert text[fact.start : fact.end] == url


# --- names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Hi Sarah, thanks for the call.", ["Sarah"]),
        ("Dear Mr Smith,", ["Smith"]),
        ("Talk to Mr. Smith today.", ["Smith"]),
        ("We compared you with Northwind last week.", ["Northwind"]),
        ("Northwind is cheaper.", []),
        ("Northwind's team is cheaper.", ["Northwind"]),
        ("Northwind\u2019s team is cheaper.", ["Northwind"]),
        ("Acme Corp said they would match it.", ["Acme Corp"]),
        ("The Acme team called.", ["Acme"]),
        ("I'm sure. OK. Thanks! I'll check. Regards", []),
        ("We use the ERP from SAP and need SOC 2.", ["SAP", "SOC 2"]),
        ("Our CFO and the VP of IT met Dan.", ["Dan"]),  # titles are not names
        ("Our B2B SaaS stack runs on HubSpot and NetSuite.", ["B2B", "HubSpot", "NetSuite"]),
        ("We talked with Bank of America yesterday.", ["Bank of America"]),
        ("Ask Jean-Luc Picard and O\u2019Brien.", ["Jean-Luc Picard", "O\u2019Brien"]),
        ("THIS IS NOT ACCEPTABLE.", []),
        ("Honestly WE WANT A REFUND NOW.", []),
        ("So PLEASE SEND THE SOC 2 FILE.", []),
        ("We need the SOC 2 FILE from Acme.", ["SOC 2 FILE", "Acme"]),
        ("We run SAP ERP and need SOC 2.", ["SAP", "SOC 2"]),
        ("NO MORE DELAYS.\nAsk Acme about SOC 2.", ["Acme", "SOC 2"]),
        ("this is NOT ok and we need it ASAP", []),
        ("Don't do that. Can't we? Let's talk.", []),
        ("the U.S. market", []),
        ("Best,\nMaria", ["Maria"]),
        ("Could Acme move faster?", ["Acme"]),
        ("Call Dan or email Maria.", ["Dan", "Maria"]),
        ("We spoke to One Two Three Four Five yesterday.", []),
    ],
)
def test_names(text: str, names: list[str]) -> None:
    assert [f.text for f in extract_facts(text) if f.kind == "name"] == names


def test_quarter_and_currency_code_are_not_names() -> None:
    assert kinds_and_texts("we need Q3 or USD 5 from ERP 2") == [
        ("date", "Q3"),
        ("amount", "USD 5"),
    ]


# --- unique_facts ----------------------------------------------------------------------------


def test_every_occurrence_is_a_fact_but_unique_keeps_the_first() -> None:
    text = "Northwind quoted $40k. We told Northwind no and Northwind said $40k again."
    facts = extract_facts(text)
    assert [(f.text, f.start) for f in facts] == [
        ("$40k", 17),
        ("Northwind", 31),
        ("Northwind", 48),
        ("$40k", 63),
    ]
    assert unique_facts(facts) == [
        Fact("amount", "$40k", 17, 21),
        Fact("name", "Northwind", 31, 40),
    ]


def test_unique_facts_normalises_whitespace_and_case() -> None:
    facts = [
        Fact("name", "Acme Corp", 0, 9),
        Fact("name", "acme  corp", 20, 30),
        Fact("name", "Acme\nCorp", 40, 49),
        Fact("name", "Acme", 60, 64),
    ]
    assert unique_facts(facts) == [facts[0], facts[3]]


def test_unique_facts_empty() -> None:
    assert unique_facts([]) == []


# --- fact_survives ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "rewritten", "survives"),
    [
        ("$48,000", "a budget of $48000", True),
        ("$48,000", "48,000 dollars", True),
        ("$48,000", "about $48k", True),
        ("$48,000", "USD 48,000", True),
        ("$48,000", "48 thousand dollars", True),
        ("$48,000", "$4,800", False),
        ("$48,000", "$480,000", False),
        ("$48,000", "$48", False),
        ("$48,000", "a budget", False),
        ("USD 1.2M", "$1,200,000", True),
        ("USD 1.2M", "$12M", False),
        ("15%", "15 percent", True),
        ("15%", "15.0%", True),
        ("15%", "15 days", False),
        ("15%", "150%", False),
        ("40 seats", "40 licences", True),
        ("40 seats", "400 seats", False),
        ("40 seats", "forty seats", False),
        ("March 3", "march 3", True),
        ("March 3", "March\n3", True),
        ("March 3", "3 March", False),
        ("March 3", "March 30", False),
        ("Northwind", "NORTHWIND", True),
        ("Northwind", "Northwind's offer", True),
        ("Northwind", "Northwinds", False),
        ("O\u2019Brien", "Dan O'Brien", True),
        ("Acme Corp", "Acme\n  Corp", True),
        ("3pm", "3 p.m.", True),
        ("3pm", "3PM", True),
        ("3pm", "13:00", False),
        ("jane@acme.com", "Jane@Acme.com.", True),
        ("jane@acme.com", "xjane@acme.com", False),
        ("https://acme.com/pricing", "https://acme.com/pricing.", True),
        ("https://acme.com/pricing", "https://acme.com/pricing/v2", False),
    ],
)
def test_fact_survives(source: str, rewritten: str, survives: bool) -> None:
    fact = only_fact(f"see {source}")
    assert fact_survives(fact, rewritten) is survives


# --- check_facts -------------------------------------------------------------------------------


def test_check_facts_on_a_rewrite() -> None:
    source = (
        "Sarah, your $48,000 quote for 40 seats is absurd. Meanwhile Northwind offered 15% less "
        "and can start March 3. Call me at 3pm or don't bother."
    )
    rewritten = (
        "Hi Sarah, thanks for the quote of $48k for 40 seats. Another vendor offered a "
        "15 percent lower price and can start in early March. Could we talk at 3 PM?"
    )
    kept, missing = check_facts(source, rewritten)
    assert [f.text for f in kept] == ["$48,000", "40", "15%", "3pm"]
    assert [f.text for f in missing] == ["Northwind", "March 3"]
    assert missing[1] == Fact(
        "date", "March 3", source.index("March 3"), source.index("March 3") + 7
    )


def test_check_facts_counts_repeated_facts_once() -> None:
    kept, missing = check_facts(
        "$40k now, $40k later, Northwind, Northwind.", "We pay 40,000 dollars."
    )
    assert [f.text for f in kept] == ["$40k"]
    assert [f.text for f in missing] == ["Northwind"]


def test_check_facts_identical_text_keeps_everything() -> None:
    kept, missing = check_facts(EMAIL, EMAIL)
    assert missing == []
    assert len(kept) == len(unique_facts(extract_facts(EMAIL)))


def test_check_facts_without_facts() -> None:
    assert check_facts("please reply soon.", "Please reply soon!") == ([], [])


def test_a_full_month_name_at_a_sentence_end_does_not_take_the_full_stop() -> None:
    facts = extract_facts("We can ship on 15 July. Invoice by 2 September. Call on Jul. 3.")
    assert [f.text for f in facts if f.kind == "date"] == ["15 July", "2 September", "Jul. 3"]
