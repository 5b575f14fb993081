"""Role knowledge shared by the article and corpus levels."""

from __future__ import annotations

__all__ = ["covers_role"]


def covers_role(longer: str, shorter: str) -> bool:
    """Whether one role key holds another: "russian president" holds "president",
    "chief executive of halvorsen chemicals" holds "chief executive"."""
    return longer != shorter and (
        longer.endswith(" " + shorter) or longer.startswith(shorter + " ")
    )
