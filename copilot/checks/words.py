"""Words that carry no specific meaning of their own: for telling names from ordinary
capitalised words (facts) and for finding which sentence a question builds on (anchors)."""

from __future__ import annotations

import re

_STOPWORD_TEXT = """
    i me we us you they he she it my our your their his her its this that these those the a
    an there here some any all each every no none both either neither other another such
    am is are was were be been being do does did have has had can could will would should
    shall may might must and but or nor so yet if when while because although though unless
    until since as at in on for with without to from by of about after before during per via
    into over under also just not only then now still again however otherwise therefore
    meanwhile please yes ok okay sure hi hello hey dear thanks thank regards best cheers
    sincerely kind warm sorry great good happy let what why how where who whom whose which
    re fwd fw fyi asap ps nb subject cc bcc attn note mr mrs ms mx dr prof sir madam team
    everyone folks monday tuesday wednesday thursday friday saturday sunday january february
    march april june july august september october november december sept usd eur gbp cad
    aud chf jpy inr et est edt pt pst pdt ct cst cdt mt gmt utc cet cest bst never need
    today urgent really very final stop ever done wrong ask call tell send see meet email talk
    contact ping loop check forward reach join
    ceo cfo coo cto cio cmo cro ciso vp svp evp gm hr it erp crm po rfp rfq rfi sla kpi kpis
    roi api saas sso mfa ai pos qbr nda msa sow poc
"""  # the last two lines: job titles and business acronyms, which are not names
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_KEYWORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d[\d,.]*%?")
_SUFFIXES = ("ing", "ed", "es", "s")


def keywords(text: str) -> set[str]:
    """The meaningful words and numbers of ``text``: lowercased, a plural or tense
    ending stripped, stopwords and one-letter words (not digits) left out."""
    words = set()
    for token in _KEYWORD.findall(text):
        word = token.lower().rstrip(".,").replace("'s", "")
        if word in STOPWORDS or (len(word) < 2 and not word.isdigit()):
            continue
        words.add(_stem(word))
    return words


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
