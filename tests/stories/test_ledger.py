"""The statement ledger merges the same statement across outlets and keeps speakers apart."""

from __future__ import annotations

from datetime import date

from storyline.model import (
    AnalyzedArticle,
    Article,
    Polarity,
    SourceType,
    Statement,
    StatementKind,
)
from storyline.stories.ledger import build_ledger, content_words, same_content

#: (article id, actor key) -> corpus actor id, as the corpus actor resolution gives it.
ACTORS = {
    ("a1", "person:ada-vance"): "person:ada-vance",
    ("a2", "person:vance"): "person:ada-vance",
    ("a3", "person:ada-vance"): "person:ada-vance",
    ("a1", "person:olek-brun"): "person:olek-brun",
    ("a2", "person:olek-brun"): "person:olek-brun",
}


def speaker_of(article_id: str, key: str) -> str | None:
    return ACTORS.get((article_id, key))


def statement(
    content: str,
    *,
    speaker: str | None = "Ada Vance",
    key: str | None = "person:ada-vance",
    kind: StatementKind = StatementKind.REPORTED,
    polarity: Polarity = Polarity.ASSERT,
    hedges: tuple[str, ...] = (),
    cue: str = "said",
) -> Statement:
    """A statement whose offsets do not matter to the ledger."""
    return Statement(
        start=0,
        end=len(content),
        content=(0, len(content)),
        cue=(0, 1),
        source=(0, 1) if speaker else None,
        speaker_text=speaker,
        speaker_key=key,
        source_type=SourceType.NAMED if speaker else SourceType.NONE,
        cue_text=cue,
        cue_lemma=cue,
        content_text=content,
        kind=kind,
        polarity=polarity,
        hedges=hedges,
    )


def article(
    article_id: str, outlet: str, published: date | None, *statements: Statement
) -> AnalyzedArticle:
    return AnalyzedArticle(
        article=Article(id=article_id, source=outlet, title="t", text="x", published=published),
        statements=statements,
    )


QUOTE = "the harbour tunnel will open to traffic before the winter storms arrive"


def test_two_outlets_reporting_the_same_quote_make_one_entry() -> None:
    articles = [
        article("a2", "tidings.example", date(2024, 3, 5), statement(QUOTE, key="person:vance")),
        article("a1", "courier.example", date(2024, 3, 4), statement(QUOTE)),
    ]
    ledger = build_ledger(articles, speaker_of)
    assert len(ledger) == 1
    entry = ledger[0]
    assert entry.speaker_id == "person:ada-vance"
    assert entry.outlets == ("courier.example", "tidings.example")
    assert [article_id for article_id, _ in entry.reports] == ["a1", "a2"]
    assert entry.first_reported == date(2024, 3, 4)
    assert entry.content_text == QUOTE


def test_different_speakers_stay_apart_even_with_the_same_words() -> None:
    articles = [
        article(
            "a1",
            "courier.example",
            date(2024, 3, 4),
            statement(QUOTE),
            statement(QUOTE, speaker="Olek Brun", key="person:olek-brun"),
        )
    ]
    ledger = build_ledger(articles, speaker_of)
    assert sorted(entry.speaker_id or "" for entry in ledger) == [
        "person:ada-vance",
        "person:olek-brun",
    ]


def test_reworded_report_merges_but_another_claim_does_not() -> None:
    first = "Arland always backs Merovia at the United Nations"
    reworded = "Arland “always” backs Merovia at the UN"
    other = "the ministers agreed to reopen the border crossing next spring"
    articles = [
        article("a1", "courier.example", date(2024, 3, 4), statement(first), statement(other)),
        article("a2", "tidings.example", date(2024, 3, 4), statement(reworded, key="person:vance")),
    ]
    ledger = build_ledger(articles, speaker_of)
    assert len(ledger) == 2
    merged = next(entry for entry in ledger if entry.content_text == first)
    assert merged.outlets == ("courier.example", "tidings.example")


def test_short_content_does_not_join_a_long_one_that_contains_it() -> None:
    long_claim = "the proposal would double the fishing quota for the northern fleet"
    articles = [
        article(
            "a1",
            "courier.example",
            date(2024, 3, 4),
            statement(long_claim),
            statement("the proposal"),
        )
    ]
    assert len(build_ledger(articles, speaker_of)) == 2


def test_shortened_quote_joins_the_full_one() -> None:
    full = "we will rebuild every school, every clinic and every bridge the flood destroyed"
    short = "we will rebuild every school, every clinic and every bridge"
    assert same_content(content_words(full), content_words(short))
    articles = [
        article("a1", "courier.example", date(2024, 3, 4), statement(full)),
        article("a3", "ledger.example", date(2024, 3, 6), statement(short)),
    ]
    assert len(build_ledger(articles, speaker_of)) == 1


def test_denial_direct_kind_and_hedges_win_when_reports_differ() -> None:
    claim = "the two governments traded weapons for grain last autumn"
    negated = "the two governments had not traded weapons for grain last autumn"
    articles = [
        article(
            "a1", "courier.example", date(2024, 3, 4), statement(negated, hedges=("allegedly",))
        ),
        article(
            "a2",
            "tidings.example",
            date(2024, 3, 5),
            statement(
                claim,
                key="person:vance",
                polarity=Polarity.DENY,
                kind=StatementKind.DIRECT,
                hedges=("reportedly", "allegedly"),
                cue="deny",
            ),
        ),
    ]
    # "said they had not traded" and "denied they traded": the same negative stance
    (entry,) = build_ledger(articles, speaker_of)
    assert entry.polarity is Polarity.DENY
    assert entry.kind is StatementKind.DIRECT
    assert entry.hedges == ("allegedly", "reportedly")
    assert entry.cue_lemma == "said"  # the first report's
    assert len(entry.reports) == 2


def test_an_assertion_and_a_denial_of_it_never_merge() -> None:
    claim = "the two governments traded weapons for grain last autumn"
    articles = [
        article("a1", "courier.example", date(2024, 3, 4), statement(claim)),
        article(
            "a2",
            "tidings.example",
            date(2024, 3, 5),
            statement(claim, key="person:vance", polarity=Polarity.DENY, cue="deny"),
        ),
        article(
            "a3",
            "ledger.example",
            date(2024, 3, 6),
            statement("the two governments never traded weapons for grain last autumn"),
        ),
    ]
    first, second = build_ledger(articles, speaker_of)
    assert first.polarity is Polarity.ASSERT
    assert [a for a, _ in first.reports] == ["a1"]
    assert second.polarity is Polarity.DENY
    assert [a for a, _ in second.reports] == ["a2", "a3"]


def test_unresolved_speakers_merge_by_source_text() -> None:
    claim = "the shipments crossed the border at night in unmarked trucks"
    articles = [
        article(
            "a1",
            "courier.example",
            date(2024, 3, 4),
            statement(claim, speaker="Western information", key=None),
        ),
        article(
            "a2",
            "tidings.example",
            date(2024, 3, 5),
            statement(claim, speaker="western  information", key=None),
            statement(claim, speaker="local officials", key=None),
        ),
    ]
    ledger = build_ledger(articles, speaker_of)
    assert [len(entry.reports) for entry in ledger] == [2, 1]
    assert ledger[0].speaker_id is None
    assert ledger[0].speaker_text == "Western information"


def test_entries_are_ordered_by_first_report_and_undated_come_last() -> None:
    articles = [
        article("a1", "courier.example", None, statement("the dam inspection found no cracks")),
        article(
            "a2", "tidings.example", date(2024, 5, 1), statement("the ferry fares rise in May")
        ),
        article(
            "a3", "ledger.example", date(2024, 4, 1), statement("the mayor resigned on Friday")
        ),
    ]
    ledger = build_ledger(articles, speaker_of)
    assert [entry.first_reported for entry in ledger] == [date(2024, 4, 1), date(2024, 5, 1), None]


def test_ids_are_stable_and_differ_by_content() -> None:
    articles = [
        article("a1", "courier.example", date(2024, 3, 4), statement(QUOTE)),
        article("a2", "tidings.example", date(2024, 3, 4), statement("prices will fall soon")),
    ]
    first = [entry.id for entry in build_ledger(articles, speaker_of)]
    again = [entry.id for entry in build_ledger(list(articles), speaker_of)]
    assert first == again
    assert len(set(first)) == 2


def test_statements_without_source_share_the_speaker_none() -> None:
    claim = "the rival state could supply the missing engine parts"
    articles = [
        article(
            "a1", "courier.example", date(2024, 3, 4), statement(claim, speaker=None, key=None)
        ),
        article(
            "a2", "tidings.example", date(2024, 3, 5), statement(claim, speaker=None, key=None)
        ),
    ]
    (entry,) = build_ledger(articles, speaker_of)
    assert entry.source_type is SourceType.NONE
    assert entry.outlets == ("courier.example", "tidings.example")
