"""Actors in one article: mentions, labels, roles, context and per-article resolution."""

from storyline.pipeline.actors.stage import ActorsStage

__all__ = ["ActorsStage"]
