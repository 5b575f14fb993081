"""Role knowledge shared by the article and corpus levels."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import TypeVar

from storyline.names.gazetteer import gazetteer_key

__all__ = ["covers_role", "ranked_roles"]

Role = TypeVar("Role")


def covers_role(longer: str, shorter: str) -> bool:
    """Whether one role key holds another: "russian president" holds "president",
    "chief executive of halvorsen chemicals" holds "chief executive"."""
    return longer != shorter and (
        longer.endswith(" " + shorter) or longer.startswith(shorter + " ")
    )


def ranked_roles(roles: Iterable[Role], text: Callable[[Role], str]) -> list[Role]:
    """Distinct roles (one per gazetteer key, the first written), most frequent first,
    then in the order given; a role inside another one is left out ("President" beside
    "Russian President", "hydrologist" beside "Hydrologist, University of Brenham")."""
    counts = Counter[str]()
    first: dict[str, Role] = {}
    for role in roles:
        key = gazetteer_key(text(role))
        counts[key] += 1
        first.setdefault(key, role)
    keys = [k for k in first if not any(covers_role(other, k) for other in first)]
    keys.sort(key=lambda k: -counts[k])
    return [first[k] for k in keys]
