"""Small helpers of the export: ledger lines and counts (the full export is tested on
the demo corpus and the samples)."""

from __future__ import annotations

from storyline.model import LedgerEntry, Polarity, SourceType, StatementKind
from storyline.stories.export import attribution_parts, count, quoted


def _entry(kind: StatementKind, cue: str | None) -> LedgerEntry:
    return LedgerEntry(
        id="e",
        speaker_id=None,
        speaker_text="the Kremlin",
        source_type=SourceType.NAMED,
        cue_lemma=cue,
        content_text="talks went well",
        kind=kind,
        polarity=Polarity.ASSERT,
        hedges=(),
        reports=(),
        outlets=("a",),
    )


def test_according_to_reads_before_the_source() -> None:
    entry = _entry(StatementKind.ACCORDING_TO, "according to")
    assert attribution_parts(entry) == ("according to ", ": ")


def test_speech_verb_after_the_speaker_and_a_quote_without_cue() -> None:
    assert attribution_parts(_entry(StatementKind.REPORTED, "say")) == ("", " (say): ")
    assert attribution_parts(_entry(StatementKind.DIRECT, None)) == ("", " (quoted): ")


def test_count_and_quoted() -> None:
    assert count(1, "article") == "1 article"
    assert count(3, "article") == "3 articles"
    assert quoted("yes") == "“yes”"
    assert quoted("“yes”") == "“yes”"
