"""Time expressions in one article: detection and normalization against the publication date."""

from storyline.pipeline.times.stage import TimesStage

__all__ = ["TimesStage"]
