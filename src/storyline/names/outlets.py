"""Names that are no actors of a story: news agencies reporting it, time zones, units.

The outlet that reports an article (its own source, a wire agency credited in the
dateline: "(Reuters) -", "NEW YORK (AP) —") is where the story comes from, not someone
in it; it stays an actor only when the article quotes it as a source ("Reuters
reported", "according to the BBC"): the actors stage decides that from the sentence.
Time zones ("BST", "GMT") and units ("mph") are tagged as organisations by spaCy's
small English model now and then.
"""

from __future__ import annotations

from storyline.names.keys import name_key, word_set

__all__ = ["NEWS_AGENCIES", "TIME_ZONES", "UNITS", "is_news_agency", "is_time_zone_or_unit"]

#: Wire services credited in datelines (name keys). Broadcasters and papers ("CNN",
#: "BBC") are left out: in another outlet's article they are often actors ("CNN's
#: chief medical correspondent"); in their own they are the article's source.
NEWS_AGENCIES = frozenset(
    name_key(name)
    for name in (
        "Reuters",
        "Thomson Reuters",
        "AP",
        "Associated Press",
        "The Associated Press",
        "AFP",
        "Agence France-Presse",
        "Agence France Presse",
        "UPI",
        "United Press International",
        "PA",
        "PA Media",
        "Press Association",
        "dpa",
        "Deutsche Presse-Agentur",
        "ANSA",
        "EFE",
        "Kyodo",
        "Kyodo News",
        "Bloomberg News",
        "AAP",
        "Australian Associated Press",
    )
)
#: Time zone abbreviations, as written (upper case).
TIME_ZONES = word_set(
    """GMT UTC BST CET CEST EET EEST WET WEST MSK IST JST KST HKT SGT AEST AEDT ACST AWST
    NZST NZDT EST EDT CST CDT MST MDT PST PDT AKST HST AST ADT NST"""
)
#: Units spaCy may read as a name.
UNITS = word_set("mph kph km kmh km/h kg lb lbs mm cm ft sq GW MW kW kWh bpd psi")


def is_news_agency(text: str) -> bool:
    """A wire service or agency that reports news ("Reuters", "the Associated Press")."""
    return name_key(text) in NEWS_AGENCIES


def is_time_zone_or_unit(text: str) -> bool:
    """A time zone abbreviation ("BST") or a unit ("mph"), not an actor."""
    word = text.strip().rstrip(".")
    return word in TIME_ZONES or word in UNITS
