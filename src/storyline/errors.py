"""One exception tree. Every error storyline raises on purpose is a ``StorylineError``.

Each error has a short machine-readable ``code``, a human ``message`` and, where it
concerns one input, the ``path`` (file or URL). The CLI prints them as one line,
``error: PATH: message``, or as ``{"error": {...}}`` with ``--json``.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BinaryInputError",
    "DataError",
    "EmptyInputError",
    "EncodingInputError",
    "FetchError",
    "InputError",
    "MalformedInputError",
    "MissingDependencyError",
    "ModelNotFoundError",
    "NotFoundError",
    "PipelineError",
    "StoreError",
    "StorylineError",
    "TooLargeError",
    "UnreachableError",
    "UnsupportedInputError",
]


class StorylineError(Exception):
    """Base of every error storyline raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "path": self.path}


# --------------------------------------------------------------------------- input


class InputError(StorylineError):
    """An input file, feed or URL cannot be read as articles."""

    code = "input"


class EmptyInputError(InputError):
    code = "empty"


class BinaryInputError(InputError):
    code = "binary"


class EncodingInputError(InputError):
    code = "encoding"


class TooLargeError(InputError):
    code = "too-large"


class MalformedInputError(InputError):
    code = "malformed"


class UnsupportedInputError(InputError):
    code = "unsupported"


class FetchError(InputError):
    code = "fetch"


class UnreachableError(FetchError):
    """The server could not be reached or did not answer in time: worth another try later."""

    code = "unreachable"


# --------------------------------------------------------------------------- other


class PipelineError(StorylineError):
    """A pipeline was built whose stages do not fit together."""

    code = "pipeline"


class ModelNotFoundError(StorylineError):
    """No usable spaCy English model is installed."""

    code = "model"


class StoreError(StorylineError):
    """The store cannot be opened, migrated or written."""

    code = "store"


class NotFoundError(StorylineError):
    """A story, article or actor id does not exist."""

    code = "not-found"


class DataError(StorylineError):
    """A benchmark data set is missing or not in the expected layout."""

    code = "data"


class MissingDependencyError(StorylineError):
    """A command needs an optional Python package that is not installed."""

    code = "missing-dependency"
