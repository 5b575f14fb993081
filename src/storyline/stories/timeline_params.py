"""Every weight and threshold of the timeline's event selection, in one record.

The dossier and the Timeline17 benchmark select events with the same code
(``stories.timeline``) and these parameters. The benchmark chooses them by grid search
leave-one-topic-out (``storyline eval timeline``: chosen on four topics, scored on the
fifth); ``DEFAULT_PARAMETERS`` are the values the same grid search chose on all five
Timeline17 development topics, which the dossier uses.

What they do:

- **date importance**: a date scores ``article_reference_weight`` per article that
  names it, ``sentence_reference_weight`` per naming sentence and
  ``publication_weight`` per article published that day; week-, month- and year-level
  periods score ``coarse_period_weight`` times that (the benchmark asks for days only,
  so this one is not tuned there);
- **support**: a date is the news of its day (an article published then reports it in
  an undated lead sentence) or at least ``min_support`` articles name it (syndicated
  copies counted once; fewer when the story has fewer articles); and it scores at least
  ``min_score_ratio`` times the best date's score: one article's aside ("He submitted
  his manuscript in 2001") is no event of the story;
- **personal sentences**: with ``skip_personal``, first-person sentences ("I", "my")
  and biographical background ("was born in", "graduated from", "high school") neither
  support a date nor appear in the timeline;
- **sentences shown**: ``min_words`` to ``max_words`` words; two sentences more
  similar than ``duplicate_similarity`` (TF-IDF cosine) are the same sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

__all__ = ["DEFAULT_PARAMETERS", "TimelineParameters"]


@dataclass(frozen=True, slots=True)
class TimelineParameters:
    """The selection's weights and thresholds (see the module doc)."""

    article_reference_weight: float = 1.0
    sentence_reference_weight: float = 0.5
    publication_weight: float = 1.0
    coarse_period_weight: float = 0.5
    min_support: int = 2
    min_score_ratio: float = 0.0
    skip_personal: bool = True
    min_words: int = 5
    max_words: int = 40
    duplicate_similarity: float = 0.8

    def changes(self) -> int:
        """How many values differ from the defaults."""
        return len(self._changed())

    def describe(self) -> str:
        """The values that differ from the defaults, as ``name=value`` pairs."""
        return ", ".join(self._changed()) or "defaults"

    def _changed(self) -> list[str]:
        return [
            f"{field.name}={getattr(self, field.name)}"
            for field in fields(self)
            if getattr(self, field.name) != getattr(DEFAULT_PARAMETERS, field.name)
        ]


#: Chosen on all five Timeline17 dev topics by the benchmark's grid search.
DEFAULT_PARAMETERS = TimelineParameters()
