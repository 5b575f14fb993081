"""Statements in one article: cues, quotes, sources, content and attribution frames."""

from storyline.pipeline.statements.stage import StatementsStage

__all__ = ["StatementsStage"]
